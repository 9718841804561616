package tui

import (
	"testing"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/session"
)

// TestMovingOnWhilePeopleAnswerAsksFirst: n, p, ] and [ in a phase that
// takes input move the room only when pressed twice while someone has not
// finished; the first press names who and how far they are, and any other
// key stays.
func TestMovingOnWhilePeopleAnswerAsksFirst(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:ben", assumptions.AddCard{Text: "Funders will wait"})
	f.do(facID, session.Move{Phase: ratePhase})
	f.do("SHA256:ana", assumptions.RateCard{Card: 1, Importance: 4, Evidence: 2})
	f.do("SHA256:ben", assumptions.RateCard{Card: 1, Importance: 4, Evidence: 2})
	f.do("SHA256:ben", assumptions.RateCard{Card: 2, Skip: true})
	d := f.connect(facID, 160, 40)
	phase := func() int { return f.w.Snapshot().CurrentActivity().Phase }

	for _, k := range []string{"n", "p"} {
		d.press(k)
		d.mustSee("3 people have not finished: Ana Lima (1 of 2), Cy Diaz (0 of 2), Di Park (0 of 2)",
			"press "+k+" again to move on, any other key to stay", k+" move on")
		d.mustNotSee("Ben Ode (")
		if phase() != ratePhase {
			t.Fatalf("one %s moved the room to phase %d", k, phase())
		}
		d.press("j") // any other key stays
		d.mustSee("Staying in this phase.")
		d.mustNotSee("have not finished")
		if phase() != ratePhase {
			t.Fatalf("%s then j moved the room to phase %d", k, phase())
		}
	}
	d.press("n", "n")
	if phase() != mapPhase {
		t.Fatalf("n twice: phase %d, want the map", phase())
	}
	// The map takes no input: one key moves.
	d.press("p")
	if phase() != ratePhase {
		t.Fatalf("p from the map: phase %d, want rate", phase())
	}
}

// TestActivityKeysAskFirstToo: ] leaves an activity with answers missing
// only on the second press; once everyone is done one press moves.
func TestActivityKeysAskFirstToo(t *testing.T) {
	f := newFixture(t, checkin.Kind, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect(facID, 80, 24)
	d.press("]")
	d.mustSee("1 person has not finished: Ana Lima (0 of")
	if cur := f.w.Snapshot().Current; cur != 0 {
		t.Fatalf("one ] moved to activity %d", cur+1)
	}
	d.press("]")
	if cur := f.w.Snapshot().Current; cur != 1 {
		t.Fatalf("] twice: activity %d, want 2", cur+1)
	}
	for i := range f.w.Snapshot().Progress(1).Asked {
		f.do("SHA256:ana", exercises.SetAnswer{Activity: 1, Item: i, Text: "Fine"})
	}
	d.refresh()
	d.press("[")
	if cur := f.w.Snapshot().Current; cur != 0 {
		t.Fatalf("[ with everyone done: activity %d, want 1", cur+1)
	}
}
