package tui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/session"
)

// TestAgendaPanel walks the agenda panel at 80×24: the times of each
// activity, a move to later, a removal only after its confirm, an added
// activity, a prompt edited before anyone answered, and the keys offered
// only where the change is allowed.
func TestAgendaPanel(t *testing.T) {
	f := newFixture(t, checkin.Kind, willingness.Kind, assumptions.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Text: "Glad to be here"})
	d := f.connect(facID, 80, 24)
	d.mustSee("▶ 1. Check-in", "0:00 so far")
	d.mustNotSee("on time") // nothing planned: no drift to show
	d.press("g")
	d.mustSee("Agenda", "plan start so far drift", "▸ 1. Check-in", "2. Willingness check", "0:00", "3. Assumption mapping",
		"↑/↓ select", "a add", "esc close")
	d.mustNotSee("x remove", "w edit prompt") // the check-in has started and has an answer

	d.press("down")
	d.mustSee("> later", "x remove", "w edit prompt")
	d.mustNotSee("< earlier") // not before the current activity
	d.press(">")
	if plan := f.w.Snapshot().Plan; !slices.Equal(plan, []int{0, 2, 1}) {
		t.Fatalf("agenda %v after >, want the willingness check after the map", plan)
	}
	d.mustSee("Moved \"Willingness check\" to place 3.", "2. Assumption mapping", "▸ 3. Willingness check")

	d.press("x")
	d.mustSee("Remove \"Willingness check\" from the agenda?", "enter remove", "esc cancel")
	d.press("esc")
	d.press("x", "enter")
	snap := f.w.Snapshot()
	if !snap.Activities[1].Removed || !slices.Equal(snap.Plan, []int{0, 2}) {
		t.Fatalf("after x, enter: removed %v, agenda %v", snap.Activities[1].Removed, snap.Plan)
	}
	d.mustSee("Removed \"Willingness check\" from the agenda.")
	d.mustNotSee("Willingness check ")

	d.press("a")
	d.mustSee("Add which activity? 1 Check-in, 2 Willingness check,", fmt.Sprintf("1-%d kind", len(catalog.Kinds())))
	d.press("2")
	if snap := f.w.Snapshot(); len(snap.Activities) != 4 || !slices.Equal(snap.Plan, []int{0, 2, 3}) {
		t.Fatalf("after a, 2: %d activities, agenda %v", len(snap.Activities), snap.Plan)
	}
	d.mustSee("Added \"Willingness check\" at the end of the agenda.", "▸ 3. Willingness check")

	d.press("up", "w")
	d.mustSee("New prompt for Assumption mapping:", "enter save prompt")
	d.press("ctrl+u")
	d.typeText("We assume that families will come ?")
	d.press("enter")
	if got := f.w.Snapshot().Activities[2].Activity.Prompt; got != "We assume that families will come ?" {
		t.Errorf("prompt %q", got)
	}
	d.press("esc")
	d.mustNotSee("plan start so far drift")

	// Next follows the agenda's order, past the removed activity.
	d.press("]")
	if cur := f.w.Snapshot().Current; cur != 2 {
		t.Errorf("] moved to activity %d, want 2 (the map, second on the agenda)", cur)
	}
}

// TestAgendaTimes reads the sidebar's and the panel's times as the
// workshop runs: planned minutes and starts, time so far and drift.
func TestAgendaTimes(t *testing.T) {
	acts := []exercises.Activity{
		{Kind: checkin.Kind, Title: "Welcome", Prompt: "Hi?", Anonymity: exercises.Named, TimeBox: 10 * time.Minute},
		{Kind: checkin.Kind, Title: "Closing", Prompt: "Bye?", Anonymity: exercises.Named, TimeBox: 5 * time.Minute},
	}
	f := newFixtureAgenda(t, acts)
	d := f.connect(facID, 80, 24)
	d.mustSee("▶ 1. Welcome         10m", "starts at 0:00", "· 2. Closing          5m")
	f.do(facID, session.Move{Activity: 0, Phase: 1}) // the workshop starts
	d.refresh()
	d.mustSee("0:00 of 10m")
	d.press("g")
	d.mustSee("1. Welcome                 10m  0:00   0:00", "2. Closing                  5m  0:10")
}

func TestTimeTexts(t *testing.T) {
	for _, tc := range []struct {
		d                      time.Duration
		minutes, clock, drifts string
	}{
		{0, "-", "0:00", "on time"},
		{29 * time.Second, "0m", "0:00", "on time"},
		{90 * time.Second, "2m", "0:01", "+2m"},
		{75 * time.Minute, "75m", "1:15", "+75m"},
		{-3 * time.Minute, "-", "0:-3", "-3m"},
	} {
		if got := minutesText(tc.d); got != tc.minutes {
			t.Errorf("minutesText(%v) = %q, want %q", tc.d, got, tc.minutes)
		}
		if tc.d >= 0 {
			if got := clockText(tc.d); got != tc.clock {
				t.Errorf("clockText(%v) = %q, want %q", tc.d, got, tc.clock)
			}
		}
		if got := driftText(tc.d); got != tc.drifts {
			t.Errorf("driftText(%v) = %q, want %q", tc.d, got, tc.drifts)
		}
	}
}
