package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/conflict"
	"commonground/session"
)

// conflictFixture is a conflict resolution with five participants of
// three organisations.
func conflictFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, conflict.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:ben", "Ben Cole", "food bank")
	f.join("SHA256:cy", "Cy Diaz", "City Council")
	f.join("SHA256:dee", "Dee Okafor", "Health Trust")
	f.join("SHA256:eve", "Eve Marsh", "Health Trust")
	return f
}

func phaseNamed(name string) session.Move {
	return session.Move{Activity: 0, Phase: conflict.PhaseIndex(name)}
}

// waitForSnapshot waits until the workshop's snapshot satisfies ok: focus
// and presence are applied by the owner without an answer to wait for.
func waitForSnapshot(t *testing.T, w *session.Workshop, ok func(*session.Snapshot) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !ok(w.Snapshot()) {
		if ctx.Err() != nil {
			t.Fatal("the snapshot never came")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPositionEditorShowsWhoElseIsEditing: members of a party who have
// its position open see each other, and each save; another party sees
// neither.
func TestPositionEditorShowsWhoElseIsEditing(t *testing.T) {
	f := conflictFixture(t)
	for _, id := range []string{"SHA256:ana", "SHA256:ben", "SHA256:cy"} {
		sub, err := f.w.Subscribe(id)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(sub.Close)
		waitForPresence(t, f.w, id)
	}
	f.do(facID, phaseNamed(conflict.PhasePositions))
	ana, ben, cy := f.connect("SHA256:ana", 80, 24), f.connect("SHA256:ben", 80, 24), f.connect("SHA256:cy", 80, 24)
	ana.press("e")
	ana.typeText("We hold the keys")
	waitForSnapshot(t, f.w, func(s *session.Snapshot) bool { return s.Focus["SHA256:ana"] != "" })
	ana.refresh()
	ana.mustSee("Your party: Food Bank", "Nobody else of your party is editing.")
	ben.press("e")
	waitForSnapshot(t, f.w, func(s *session.Snapshot) bool { return s.Focus["SHA256:ben"] != "" })
	ben.refresh()
	ben.mustSee("Also editing: Ana Lima")
	ana.refresh()
	ana.mustSee("Also editing: Ben Cole")
	cy.press("e")
	cy.refresh()
	cy.mustSee("Your party: City Council", "Nobody else of your party is editing.")

	ben.typeText("Our volunteers open the pantry")
	ben.press("enter")
	ben.mustSee("Saved your party's position")
	ana.refresh()
	ana.mustSee("Ben Cole saved a new version meanwhile", "> We hold the keys")
	// Ana's draft differs from what is saved: esc asks before it goes.
	ana.press("esc")
	ana.mustSee("esc again discards your changes", "> We hold the keys")
	ana.press("esc")
	ana.mustSee("last saved by Ben Cole · 1 edit")
	waitForSnapshot(t, f.w, func(s *session.Snapshot) bool { _, open := s.Focus["SHA256:ana"]; return !open })
	ben.refresh()
	ben.mustSee("Nobody else of your party is editing.")
	cy.mustNotSee("Our volunteers")

	// An editor nobody has typed in follows the party's saves.
	ana.press("e")
	ana.mustSee("> Our volunteers open the pantry")
	ben.typeText(" on Saturdays")
	ben.press("enter")
	ben.mustSee("Saved your party's position")
	ana.refresh()
	ana.mustSee("> Our volunteers open the pantry on Saturdays")
	ana.mustNotSee("saved a new version meanwhile")
}

// TestSnapshotDeliveryForWhoElseIsEditing: a participant whose screen
// shows who else has their editor open gets the snapshots that change it,
// and no one else gets presence alone.
func TestSnapshotDeliveryForWhoElseIsEditing(t *testing.T) {
	f := conflictFixture(t)
	for _, id := range []string{"SHA256:ana", "SHA256:ben"} {
		sub, err := f.w.Subscribe(id)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(sub.Close)
		waitForPresence(t, f.w, id)
	}
	before := f.w.Snapshot()
	f.w.SetFocus("SHA256:ana", "editing")
	waitForSnapshot(t, f.w, func(s *session.Snapshot) bool { return s.Focus["SHA256:ana"] != "" })
	anaOpen := f.w.Snapshot()
	f.w.SetFocus("SHA256:ben", "editing")
	waitForSnapshot(t, f.w, func(s *session.Snapshot) bool { return s.Focus["SHA256:ben"] != "" })
	both := f.w.Snapshot()
	for _, tc := range []struct {
		name       string
		id         string
		prev, next *session.Snapshot
		want       Delivery
	}{
		{"her own editor opens", "SHA256:ana", before, anaOpen, Now},
		{"another opens the editor she has open", "SHA256:ana", anaOpen, both, Now},
		{"someone without an editor open", "SHA256:cy", anaOpen, both, Skip},
		{"nothing changed", "SHA256:ana", both, both, Skip},
		{"the facilitator sees presence", facID, anaOpen, both, Now},
	} {
		if got := SnapshotDelivery(tc.id, tc.prev, tc.next); got != tc.want {
			t.Errorf("%s: SnapshotDelivery = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestConflictScreens walks a conflict resolution from Issue to Agree
// through the hub, and draws the participant's, the presenter's and the
// projector's screens of every phase at 80×24 and larger: each fits and
// shows what the phase is about.
func TestConflictScreens(t *testing.T) {
	f := conflictFixture(t)
	type step struct {
		phase string
		setup func()
		// what a participant (Ana), the presenter and the projector see
		participant, presenter, screen []string
	}
	steps := []step{
		{conflict.PhaseIssue, func() {
			f.do(facID, conflict.SetIssue{Text: "Who holds the pantry keys?", Rules: []string{"One voice at a time"}})
		}, []string{"Who holds the pantry keys?", "1. One voice at a time"}, []string{"w write the issue", "g add a ground rule"}, []string{"5 people in the room"}},
		{conflict.PhasePositions, func() {
			f.do("SHA256:ana", conflict.EditPosition{Text: "We hold the keys"})
			f.do("SHA256:cy", conflict.EditPosition{Text: "The council keeps them"})
			f.do(facID, session.Reveal{Activity: 0, On: true})
		}, []string{"Positions, side by side", "Food Bank", "City Council", "We hold the keys", "last saved by Ana Lima"},
			[]string{"Selected party: Food Bank", "w write for the party"}, []string{"Health Trust"}},
		{conflict.PhaseInterests, func() {
			f.do("SHA256:ana", conflict.AddInterest{Text: "Families fed on weekends", Kind: conflict.Need})
			f.do("SHA256:cy", conflict.AddInterest{Text: "Blame after hours", Kind: conflict.Fear})
			f.do("SHA256:dee", conflict.AddInterest{Text: "Nurses' time", Kind: conflict.Constraint})
		}, []string{"tab kind: need", "I1 Families fed on weekends · Food Bank · need", "Results appear here when the facilitator reveals"},
			[]string{"Interests by party", "I2 fear · Blame after hours — Cy Diaz"}, nil},
		{conflict.PhaseCommon, func() {
			for _, id := range []string{"SHA256:ana", "SHA256:cy", "SHA256:dee"} {
				f.do(id, conflict.MarkInterest{Card: 1, On: true})
			}
			f.do("SHA256:eve", conflict.MarkInterest{Card: 2, On: true})
			f.do(facID, session.Reveal{Activity: 0, On: true})
		}, []string{"[✓] I1 Food Bank · need", "Common ground (shared)", "Food Bank's · marked by 3"},
			[]string{"Compatible", "One party's"}, []string{"Common ground (shared)"}},
		{conflict.PhaseOptions, func() {
			f.do("SHA256:ana", conflict.AddOption{Text: "Two keyholders", Serves: []int{1, 2}})
			f.do("SHA256:cy", conflict.AddOption{Text: "Two named keyholders", Serves: []int{2}})
			f.do(facID, conflict.MergeOptions{Into: 1, From: []int{2}})
		}, []string{"O1 Two keyholders · serves I1, I2", "enter choose the interests it serves"},
			[]string{"space mark for a merge", "S skip criteria", "O1 Two keyholders"}, nil},
		{conflict.PhaseCriteria, func() {
			f.do("SHA256:dee", conflict.AddCriterion{Text: "Costs the council nothing"})
		}, []string{"An objective criterion", "enter add criterion"}, []string{"Criteria to judge the options by", "1. Costs the council nothing"}, nil},
		{conflict.PhaseEvaluate, func() {
			for id, v := range map[string]int{"SHA256:ana": 1, "SHA256:ben": 2, "SHA256:cy": 8, "SHA256:dee": 7, "SHA256:eve": 4} {
				comment := ""
				if v == 8 {
					comment = "Our insurer says no"
				}
				f.do(id, conflict.RateOption{Option: 1, Value: v, Comment: comment})
			}
			f.do(facID, session.Reveal{Activity: 0, On: true})
		}, []string{"[1] O1 Two keyholders", "1-8 rate", "everyone", "✗ 8 block: Our insurer says no"},
			[]string{"w amend and re-poll", "City Council"}, []string{"7 serious disagreement: (no comment)"}},
		{conflict.PhaseAgree, func() {
			f.do(facID, conflict.AddAgreement{Text: "Two named keyholders", Owner: "SHA256:cy", Date: "2027-02-01"})
			f.do(facID, conflict.AddQuestion{Text: "Who trains them?"})
		}, []string{"Two named keyholders — Cy Diaz (City Council), 2027-02-01", "Q1 Who trains them?"},
			[]string{"g record an agreement", "q open question"}, []string{"Agreements"}},
	}
	for _, st := range steps {
		f.do(facID, phaseNamed(st.phase))
		st.setup()
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			ana := f.connect("SHA256:ana", size[0], size[1])
			ana.mustSee(st.participant...)
			pres := f.connect(facID, size[0], size[1])
			pres.mustSee(st.presenter...)
			pres.press("s")
			pres.mustSee(st.screen...)
			ana.press("?")
			ana.screen() // the full help fits too
		}
	}
	// Anonymous: the participants' screens name nobody by an interest or
	// an objection.
	ana := f.connect("SHA256:ana", 120, 40)
	f.do(facID, phaseNamed(conflict.PhaseEvaluate))
	ana.refresh()
	if s := ana.screen(); strings.Contains(s, "— Cy Diaz") {
		t.Errorf("an anonymous objection is named:\n%s", s)
	}
}

// TestRatingSevenOpensTheComment: a serious disagreement asks why at once;
// the comment stays open while the value is saved and closes on its own
// save.
func TestRatingSevenOpensTheComment(t *testing.T) {
	f := conflictFixture(t)
	f.do(facID, phaseNamed(conflict.PhaseCommon))
	f.do(facID, phaseNamed(conflict.PhaseOptions))
	f.do(facID, phaseNamed(conflict.PhaseInterests))
	f.do("SHA256:ana", conflict.AddInterest{Text: "Families fed", Kind: conflict.Need})
	f.do(facID, phaseNamed(conflict.PhaseOptions))
	f.do("SHA256:ana", conflict.AddOption{Text: "Two keyholders", Serves: []int{1}})
	f.do(facID, phaseNamed(conflict.PhaseEvaluate))
	cy := f.connect("SHA256:cy", 80, 24)
	cy.press("7")
	cy.mustSee("Say why (optional), so that O1 can be amended:", "[7] O1")
	cy.typeText("Liability")
	cy.press("enter")
	cy.mustSee("1-8 rate", "Saved: 7 serious disagreement.")
	if got := conflict.Of(f.w.Snapshot().Activities[0].Data).Votes.Of(conflictTarget(1, 1))["SHA256:cy"]; got.Value != 7 || got.Comment != "Liability" {
		t.Errorf("vote %+v, want 7 with the comment", got)
	}
}

func conflictTarget(option, poll int) exercises.Target {
	return exercises.Target{Item: option, With: poll}
}

// TestFacilitatorHidesAnInterest: moderation before the room reads the
// wall; the hidden interest stays in the facilitator's list to show again.
func TestFacilitatorHidesAnInterest(t *testing.T) {
	f := conflictFixture(t)
	f.do(facID, phaseNamed(conflict.PhaseInterests))
	f.do("SHA256:ana", conflict.AddInterest{Text: "Families fed", Kind: conflict.Need})
	f.do("SHA256:cy", conflict.AddInterest{Text: "Cheap pills at example.com", Kind: conflict.Need})
	pres := f.connect(facID, 80, 24)
	pres.press("down", "h")
	pres.mustSee("⊘ hidden: I2 Cheap pills", "Hidden from everyone; h shows it again.")
	f.do(facID, phaseNamed(conflict.PhaseCommon))
	ana := f.connect("SHA256:ana", 80, 24)
	ana.mustSee("I1 Food Bank · need · Families fed")
	ana.mustNotSee("Cheap pills")
	pres.refresh()
	pres.press("down", "h")
	pres.mustSee("Shown again.")
	ana.refresh()
	ana.mustSee("I2 City Council · need · Cheap pills")
}

// TestParticipantEditsAndDeletesOwnInterests: up from the empty field into
// one's own interests; e edits one in the field, x twice deletes one, any
// other key keeps it; typing in the list goes back to the field.
func TestParticipantEditsAndDeletesOwnInterests(t *testing.T) {
	f := conflictFixture(t)
	f.do(facID, phaseNamed(conflict.PhaseInterests))
	ana := f.connect("SHA256:ana", 80, 24)
	ana.typeText("Families fed")
	ana.press("enter")
	ana.typeText("Volunteers kept")
	ana.press("enter")
	ana.mustSee("I2 Volunteers kept", "↑ your interests")
	ana.press("up", "down", "e")
	ana.mustSee("Editing I2: enter saves, esc cancels", "> Volunteers kept")
	ana.typeText(" on")
	ana.press("enter")
	ana.mustSee("Saved I2.", "I2 Volunteers kept on")
	ana.press("up", "x")
	ana.mustSee("Press x again to delete I1")
	ana.press("j")
	ana.mustSee("Kept I1.")
	ana.press("x", "x")
	ana.mustSee("Deleted I1.")
	ana.typeText("Fresh")
	ana.mustSee("> Fresh")
	d := conflict.Of(f.w.Snapshot().Activities[0].Data)
	if cards := liveCards(d.Interests); len(cards) != 1 || cards[0].ID != 2 || cards[0].Text != "Volunteers kept on" {
		t.Errorf("interests %+v, want I2 edited alone", cards)
	}
}

// TestInterestAuthorsFollowTheAnonymity: anonymous by default, the wall
// names nobody to participants; named, it names the author.
func TestInterestAuthorsFollowTheAnonymity(t *testing.T) {
	for _, tc := range []struct {
		anonymity  exercises.Anonymity
		shown, not string
	}{
		{exercises.Anonymous, "I1 need · Families fed", "Ana Lima (Food Bank)"},
		{exercises.Organisation, "I1 need · Families fed — Food Bank", "Ana Lima"},
		{exercises.Named, "I1 need · Families fed — Ana Lima (Food Bank)", "no such text"},
	} {
		t.Run(string(tc.anonymity), func(t *testing.T) {
			f := conflictFixture(t)
			if tc.anonymity != exercises.Anonymous {
				f.do(facID, session.SetAnonymity{Activity: 0, Anonymity: tc.anonymity})
			}
			f.do(facID, phaseNamed(conflict.PhaseInterests))
			f.do("SHA256:ana", conflict.AddInterest{Text: "Families fed", Kind: conflict.Need})
			f.do(facID, session.Reveal{Activity: 0, On: true})
			cy := f.connect("SHA256:cy", 100, 30)
			cy.mustSee(tc.shown)
			cy.mustNotSee(tc.not)
		})
	}
}

// TestParticipantEditsOwnOption: up into one's own options, e puts the
// text in the field and the interests it serves in the choice.
func TestParticipantEditsOwnOption(t *testing.T) {
	f := conflictFixture(t)
	f.do(facID, phaseNamed(conflict.PhaseInterests))
	f.do("SHA256:ana", conflict.AddInterest{Text: "Families fed", Kind: conflict.Need})
	f.do("SHA256:cy", conflict.AddInterest{Text: "No blame", Kind: conflict.Fear})
	f.do(facID, phaseNamed(conflict.PhaseOptions))
	f.do("SHA256:ana", conflict.AddOption{Text: "Two keyholders", Serves: []int{1}})
	ana := f.connect("SHA256:ana", 80, 24)
	ana.press("up", "e")
	ana.mustSee("Editing O1", "> Two keyholders")
	ana.typeText(", named")
	ana.press("enter")
	ana.mustSee("[✓] I1", "[ ] I2", "enter save O1")
	ana.press("down", "space", "enter")
	ana.mustSee("Saved O1.", "O1 Two keyholders, named · serves I1, I2")
	d := conflict.Of(f.w.Snapshot().Activities[0].Data)
	if o, _ := d.Options.Card(1); o.Text != "Two keyholders, named" || len(d.Serves[1]) != 2 {
		t.Errorf("option %+v serves %v", o, d.Serves[1])
	}
}

// TestFacilitatorWithdrawsAnAgreement: w asks first; the agreement stays,
// marked withdrawn.
func TestFacilitatorWithdrawsAnAgreement(t *testing.T) {
	f := conflictFixture(t)
	f.do(facID, phaseNamed(conflict.PhaseAgree))
	f.do(facID, conflict.AddAgreement{Text: "Keys held jointly", Owner: "SHA256:cy", Date: "2027-02-01"})
	f.do(facID, conflict.AddAgreement{Text: "Recorded by mistake", Owner: "SHA256:ana", Date: "2027-02-01"})
	pres := f.connect(facID, 80, 24)
	pres.press("down", "w")
	pres.mustSee("Press w again to withdraw agreement 2")
	pres.press("w")
	pres.mustSee("Agreement 2 withdrawn", "✗ withdrawn: 2. Recorded by mistake")
	if a, _ := conflict.Of(f.w.Snapshot().Activities[0].Data).Agreements.Find(1); a.Status == exercises.Rejected {
		t.Error("the first agreement was withdrawn too")
	}
}

// TestMovingOnClosesThePositionEditor: a participant whose position editor
// is still open (it stays open after a save) when the room moves to
// Interests types their interest into the new phase's field, and it lands.
func TestMovingOnClosesThePositionEditor(t *testing.T) {
	f := conflictFixture(t)
	f.do(facID, phaseNamed(conflict.PhasePositions))
	ana := f.connect("SHA256:ana", 80, 24)
	ana.press("e")
	ana.typeText("We hold the keys")
	ana.press("enter")
	ana.mustSee("Saved your party's position")
	f.do(facID, phaseNamed(conflict.PhaseInterests))
	ana.refresh()
	ana.mustNotSee("Also editing", "Nobody else of your party is editing.")
	ana.typeText("Families can get food on weekdays")
	ana.press("enter")
	waitForSnapshot(t, f.w, func(s *session.Snapshot) bool {
		return len(conflict.Of(s.Activities[0].Data).Interests.Cards) == 1
	})
}
