package tui

import (
	"testing"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/session"
)

// TestParticipantsSeeTheAnonymityWhileGivingInput: every exercise's input
// screen says how the activity shows who gave the input; a phase that
// takes none says nothing.
func TestParticipantsSeeTheAnonymityWhileGivingInput(t *testing.T) {
	const ana = "SHA256:ana"
	tests := []struct {
		name  string
		kind  exercises.Kind
		phase int
		anon  exercises.Anonymity
		see   string // "" = no notice
	}{
		{"check-in, named", checkin.Kind, 0, exercises.Named, "Named: others see your name and organisation."},
		{"check-in, organisation", checkin.Kind, 0, exercises.Organisation, "Organisation only: others see your organisation, the facilitator your name."},
		{"check-in, anonymous", checkin.Kind, 0, exercises.Anonymous, "Anonymous: others and the report never see your name (the facilitator does)."},
		{"check-in round takes no input", checkin.Kind, 1, exercises.Anonymous, ""},
		{"willingness, anonymous", willingness.Kind, 0, exercises.Anonymous, "Anonymous: others and the report never see your name (the facilitator does)."},
		{"willingness, organisation", willingness.Kind, 0, exercises.Organisation, "Organisation only: others see your organisation, the facilitator your name."},
		{"assumptions collect, anonymous", assumptions.Kind, 0, exercises.Anonymous, "Anonymous: others and the report never see your name (the facilitator does)."},
		{"assumptions rate, named", assumptions.Kind, ratePhase, exercises.Named, "Named: others see your name and organisation."},
		{"assumptions plan names owners", assumptions.Kind, planPhase, exercises.Anonymous, "(the facilitator does). An action names its"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.kind)
			f.join(ana, "Ana Lima", "Food Bank")
			f.do(facID, session.SetAnonymity{Activity: 0, Anonymity: tt.anon})
			f.do(facID, session.Move{Activity: 0, Phase: tt.phase})
			d := f.connect(ana, 100, 30)
			if tt.see == "" {
				d.mustNotSee("Named:", "Organisation only:", "Anonymous:")
				return
			}
			d.mustSee(tt.see)
		})
	}
}

// TestPresenterOnlyTightensAnonymityOnceAnswered: a/A cycles through every
// setting while nobody has answered, then only towards more private, and
// says why when there is nothing more private.
func TestPresenterOnlyTightensAnonymityOnceAnswered(t *testing.T) {
	const ana = "SHA256:ana"
	f := newFixture(t, willingness.Kind)
	f.join(ana, "Ana Lima", "Food Bank")
	fac := f.connect(facID, 80, 24)
	anonymity := func() exercises.Anonymity { return f.w.Snapshot().Activities[0].Activity.Anonymity }
	for _, want := range []exercises.Anonymity{exercises.Organisation, exercises.Anonymous, exercises.Named, exercises.Organisation} {
		fac.press("a")
		if got := anonymity(); got != want {
			t.Fatalf("before any answer, a set %s, want %s", got, want)
		}
	}
	f.do(ana, exercises.SetAnswer{Activity: 0, Item: 0, Value: 4})
	fac.refresh()
	fac.press("A")
	if got := anonymity(); got != exercises.Anonymous {
		t.Fatalf("after an answer, A set %s, want anonymous", got)
	}
	fac.press("a")
	fac.mustSee("Answered anonymously: it stays anonymous. For names, add a new activity.")
	if got := anonymity(); got != exercises.Anonymous {
		t.Fatalf("a loosened an answered activity to %s", got)
	}
}

// TestRevealWhileInputIsOpenAsksFirst: r shows results at once unless
// people can still answer; then the first r warns in the status line and
// a second r, right after, reveals.
func TestRevealWhileInputIsOpenAsksFirst(t *testing.T) {
	tests := []struct {
		name   string
		setup  []session.Action
		keys   []string // pressed before the last r
		warns  bool     // the first r only warns
		reveal bool     // revealed after the keys and the last r
	}{
		{"input open: r warns", nil, nil, true, false},
		{"input open: r r reveals", nil, []string{"r"}, true, true},
		{"input open: r, another message, r warns again", nil, []string{"r", "d"}, true, false},
		{"input locked: r reveals", []session.Action{session.Lock{Activity: 0, On: true}}, nil, false, true},
		{"no input in the phase: r hides", []session.Action{session.Move{Activity: 0, Phase: 1}}, nil, false, false},
		{"revealed early: r hides at once", []session.Action{session.Reveal{Activity: 0, On: true}}, nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, willingness.Kind)
			for _, a := range tt.setup {
				f.do(facID, a)
			}
			fac := f.connect(facID, 80, 24)
			fac.press(tt.keys...)
			fac.press("r")
			if got := f.w.Snapshot().Activities[0].Revealed; got != tt.reveal {
				t.Fatalf("revealed %v, want %v", got, tt.reveal)
			}
			if tt.warns && !tt.reveal {
				fac.mustSee("Input open: late answerers would read others first. Press r again to reveal.")
			}
			if !tt.warns {
				fac.mustNotSee("Input open: late answerers")
			}
		})
	}
}
