package tui

import (
	"slices"
	"testing"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/session"
)

const lookHeader = "Looking back at 1. Check-in · read-only · press ] to return to the live activity"

// checkinDone is a workshop whose check-in round Cy answered and the room
// saw, now on the willingness check.
func checkinDone(t *testing.T, anon exercises.Anonymity, kinds ...exercises.Kind) *fixture {
	t.Helper()
	f := newFixture(t, append([]exercises.Kind{checkin.Kind, willingness.Kind}, kinds...)...)
	f.join("SHA256:cy", "Cy Diaz", "City Council")
	f.do(facID, session.SetAnonymity{Activity: 0, Anonymity: anon})
	f.do("SHA256:cy", exercises.SetAnswer{Activity: 0, Text: "Glad to be here"})
	f.do(facID, session.Move{Activity: 0, Phase: 1}) // the round: revealed
	f.do(facID, session.Move{Activity: 1, Phase: 0})
	return f
}

// TestLateJoinerLooksBackAtTheCheckIn: a participant who joins during the
// willingness check reads the check-in round with [, read-only, and ]
// brings them back; the room's step does not move.
func TestLateJoinerLooksBackAtTheCheckIn(t *testing.T) {
	f := checkinDone(t, exercises.Named)
	f.join("SHA256:ben", "Ben Okafor", "Food Bank")
	d := f.connect("SHA256:ben", 100, 30)
	d.mustSee("Activity 2/2: Willingness check", "[ look back")
	d.mustNotSee("Glad to be here")

	d.press("[")
	d.mustSee(lookHeader, "Glad to be here", "Cy Diaz", "Activity 2/2: Willingness check")
	d.mustNotSee("1. Our mission resonates") // the willingness statements are not drawn
	// Read-only: the willingness keys do nothing here.
	d.press("4", "c")
	if _, ok := exercises.AnswersOf(f.w.Snapshot().Activities[1].Data)["SHA256:ben"]; ok {
		t.Fatal("a key pressed while looking back answered the live activity")
	}
	if got := f.w.Snapshot().Current; got != 1 {
		t.Fatalf("the room is on activity %d, want 2", got+1)
	}

	d.press("]")
	d.mustNotSee("Looking back", "Glad to be here")
	d.mustSee("Activity 2/2: Willingness check", "1. Our mission resonates")
}

// TestLookingBackFollowsTheStrictestAnonymity: an anonymous check-in is
// read back without names.
func TestLookingBackFollowsTheStrictestAnonymity(t *testing.T) {
	f := checkinDone(t, exercises.Anonymous)
	f.join("SHA256:ben", "Ben Okafor", "Food Bank")
	d := f.connect("SHA256:ben", 100, 30)
	d.press("[")
	d.mustSee(lookHeader, "Glad to be here")
	d.mustNotSee("Cy Diaz", "City Council")
}

// TestLookingBackShowsOnlyRevealedActivities: an earlier activity whose
// results were never revealed cannot be looked at, and one hidden again
// while someone reads it takes them back to the live activity.
func TestLookingBackShowsOnlyRevealedActivities(t *testing.T) {
	f := newFixture(t, checkin.Kind, willingness.Kind)
	f.join("SHA256:cy", "Cy Diaz", "City Council")
	f.do("SHA256:cy", exercises.SetAnswer{Activity: 0, Text: "Glad to be here"})
	f.do(facID, session.Move{Activity: 1, Phase: 0}) // left without revealing
	d := f.connect("SHA256:cy", 100, 30)
	d.mustNotSee("look back")
	d.press("[")
	d.mustNotSee("Looking back", "Glad to be here")

	f.do(facID, session.Reveal{Activity: 0, On: true})
	d.refresh()
	d.press("[")
	d.mustSee(lookHeader, "Glad to be here")
	f.do(facID, session.Reveal{Activity: 0, On: false})
	d.refresh()
	d.mustNotSee("Looking back", "Glad to be here")
	d.mustSee("Those results are no longer shown")
}

// TestLookingBackStaysWhenTheRoomMovesOn: the person stays on what they
// read and is told where the room is now; ] goes forward through the
// revealed activities, then to the live one.
func TestLookingBackStaysWhenTheRoomMovesOn(t *testing.T) {
	f := checkinDone(t, exercises.Named, assumptions.Kind)
	f.join("SHA256:ben", "Ben Okafor", "Food Bank")
	d := f.connect("SHA256:ben", 100, 30)
	d.press("[")
	d.mustSee(lookHeader)
	d.mustNotSee("The room is now on")

	f.do("SHA256:cy", exercises.SetAnswer{Activity: 1, Item: 0, Value: 4})
	f.do(facID, session.Move{Activity: 1, Phase: 1}) // willingness revealed
	f.do(facID, session.Move{Activity: 2, Phase: 0})
	d.refresh()
	d.mustSee("Looking back at 1. Check-in", "Glad to be here", "The room is now on 3. Assumption mapping")

	d.press("]")
	d.mustSee("Looking back at 2. Willingness check", "press ] to return to the live activity", "1 person answered")
	d.press("[")
	d.mustSee("Looking back at 1. Check-in", "press ] for 2. Willingness check")
	d.press("esc")
	d.mustNotSee("Looking back")
	d.mustSee("Activity 3/3: Assumption mapping")
}

// TestLookingBackWaitsWhileTyping: [ is typed into a focused answer, not
// taken for looking back.
func TestLookingBackWaitsWhileTyping(t *testing.T) {
	f := newFixture(t, checkin.Kind, checkin.Kind)
	f.join("SHA256:cy", "Cy Diaz", "City Council")
	f.do(facID, session.Move{Activity: 0, Phase: 1})
	f.do(facID, session.Move{Activity: 1, Phase: 0})
	d := f.connect("SHA256:cy", 100, 30)
	d.typeText("[x]")
	d.mustNotSee("Looking back")
	d.mustSee("> [x]")
}

// TestLookingBackKeysAreDistinctAndInTheHelp: the keys of the look-back
// screen clash with none of its others, and ? lists exactly them.
func TestLookingBackKeysAreDistinctAndInTheHelp(t *testing.T) {
	f := checkinDone(t, exercises.Named, checkin.Kind)
	f.do(facID, session.Move{Activity: 1, Phase: 1})
	f.do(facID, session.Move{Activity: 2, Phase: 1})
	for _, keys := range [][]string{{"["}, {"[", "["}} {
		d := f.connect("SHA256:cy", 100, 30)
		d.press(keys...)
		m := d.m.(*Model)
		if m.back == nil {
			t.Fatalf("%v: not looking back", keys)
		}
		owner := map[string]string{}
		var active []string
		for _, b := range m.workshopKeys().all() {
			active = append(active, b.Help().Key+" "+b.Help().Desc)
			for _, k := range b.Keys() {
				if prev, ok := owner[k]; ok {
					t.Errorf("%v: %q is both %q and %q", keys, k, prev, b.Help().Desc)
				}
				owner[k] = b.Help().Desc
			}
		}
		var full []string
		for _, g := range m.FullHelp() {
			for _, b := range g {
				full = append(full, b.Help().Key+" "+b.Help().Desc)
			}
		}
		if !slices.Equal(active, full) {
			t.Errorf("%v: full help %q, want %q", keys, full, active)
		}
	}
}
