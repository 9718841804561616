package session_test

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

// TestAgendaChanges walks the facilitator's changes to an agenda of a
// check-in, a willingness check and an assumption map, each step with the
// rule it meets or breaks and the agenda's order after it.
func TestAgendaChanges(t *testing.T) {
	added := exercises.Activity{Kind: checkin.Kind, Title: "Closing round", Prompt: "One word?", Anonymity: exercises.Named}
	steps := []struct {
		name   string
		by     string
		action session.Action
		code   string // the error's code, "" for none
		msg    string
		plan   []int
	}{
		{"a participant may not add", "p1", session.AddActivity{Activity: added}, exercises.EForbidden, "only a facilitator can do that", []int{0, 1, 2}},
		{"add appends with the next ID", facilitatorID, session.AddActivity{Activity: added}, "", "", []int{0, 1, 2, 3}},
		{"an invalid activity is refused", facilitatorID, session.AddActivity{Activity: exercises.Activity{Kind: "nope", Title: "X", Anonymity: exercises.Named}}, exercises.EInvalid,
			fmt.Sprintf("unknown exercise \"nope\" (known: %v)", catalog.Kinds()), []int{0, 1, 2, 3}},
		{"move the new one before the willingness check", facilitatorID, session.MoveActivity{Activity: 3, To: 1}, "", "", []int{0, 3, 1, 2}},
		{"not before the current activity", facilitatorID, session.MoveActivity{Activity: 2, To: 0}, exercises.EInvalid,
			`"Assumption mapping" can only move to a place after the current activity`, []int{0, 3, 1, 2}},
		{"the current activity has started", facilitatorID, session.RemoveActivity{Activity: 0}, exercises.EInvalid,
			`"Check-in" has started: only an activity that has not started can be removed`, []int{0, 3, 1, 2}},
		{"remove the willingness check", facilitatorID, session.RemoveActivity{Activity: 1}, "", "", []int{0, 3, 2}},
		{"a removed one stays removed", facilitatorID, session.RemoveActivity{Activity: 1}, exercises.ENotFound,
			`"Willingness check" was removed from the agenda`, []int{0, 3, 2}},
		{"no move to a removed one", facilitatorID, session.Move{Activity: 1}, exercises.ENotFound,
			`"Willingness check" was removed from the agenda`, []int{0, 3, 2}},
		{"edit a prompt nobody answered", facilitatorID, session.EditPrompt{Activity: 2, Prompt: "We assume \x1b[31mthat"}, "", "", []int{0, 3, 2}},
		{"not once someone answered", facilitatorID, session.EditPrompt{Activity: 0, Prompt: "Other?"}, exercises.EInvalid,
			`people have already answered "Check-in": its prompt stays as they saw it. To ask something else, add an activity`, []int{0, 3, 2}},
		{"walk on to the new one", facilitatorID, session.Move{Activity: 3}, "", "", []int{0, 3, 2}},
		{"which has started then", facilitatorID, session.MoveActivity{Activity: 3, To: 2}, exercises.EInvalid,
			`"Closing round" has started: only an activity that has not started can be moved`, []int{0, 3, 2}},
	}
	c := &clock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	hub := session.NewHub(newStore(t), session.Options{Now: c.now})
	defer hub.Close()
	meta, err := hub.Create(session.NewWorkshop{Title: "T", Agenda: agenda(t, checkin.Kind, willingness.Kind, assumptions.Kind), CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, "p1", session.Join{Name: "Ana", Org: "Food bank"})
	do(t, w, "p1", exercises.SetAnswer{Activity: 0, Item: 0, Text: "hello"})
	for _, s := range steps {
		_, err := w.Do(t.Context(), s.by, s.action)
		if exercises.ErrorCode(err) != s.code || (err != nil && err.Error() != s.msg) {
			t.Errorf("%s: error %v (code %q), want %q %q", s.name, err, exercises.ErrorCode(err), s.code, s.msg)
		}
		if plan := w.Snapshot().Plan; !slices.Equal(plan, s.plan) {
			t.Errorf("%s: agenda %v, want %v", s.name, plan, s.plan)
		}
		c.t = c.t.Add(time.Minute)
	}
	snap := w.Snapshot()
	if got := snap.Activities[2].Activity.Prompt; got != "We assume that" {
		t.Errorf("edited prompt %q, want it cleaned", got)
	}
	// The answer started the workshop at 10:00; the move to the closing
	// round came 11 steps later.
	if got := snap.Actual(0, snap.Last); got != 11*time.Minute {
		t.Errorf("time on the check-in %v, want 11m", got)
	}
	if got := snap.Actual(3, c.t); got != 2*time.Minute {
		t.Errorf("time on the closing round %v, want 2m so far", got)
	}
	// Nothing is revealed in, given to or decided about a removed activity.
	for _, a := range []session.Action{session.Reveal{Activity: 1, On: true}, session.Lock{Activity: 1, On: true},
		exercises.SetAnswer{Activity: 1, Item: 1, Value: 3}} {
		_, err := w.Do(t.Context(), facilitatorID, a)
		if exercises.ErrorCode(err) != exercises.ENotFound || err.Error() != `"Willingness check" was removed from the agenda` {
			t.Errorf("%T on the removed activity: %v, want it refused", a, err)
		}
	}
}

// TestLiveResults checks an activity whose results show live: revealed
// from its first phase and in each phase it moves to, where another
// activity of the same exercise waits for the reveal.
func TestLiveResults(t *testing.T) {
	acts := agenda(t, willingness.Kind, willingness.Kind)
	acts[0].Live = true
	hub := session.NewHub(newStore(t), session.Options{})
	defer hub.Close()
	meta, err := hub.Create(session.NewWorkshop{Title: "T", Agenda: acts, CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		move     session.Move
		revealed bool
	}{
		{session.Move{Activity: 0, Phase: 0}, true},
		{session.Move{Activity: 0, Phase: 1}, true},
		{session.Move{Activity: 1, Phase: 0}, false},
	} {
		do(t, w, facilitatorID, step.move)
		if got := w.Snapshot().Activities[step.move.Activity].Revealed; got != step.revealed {
			t.Errorf("activity %d phase %d revealed %v, want %v", step.move.Activity, step.move.Phase, got, step.revealed)
		}
	}
}

// TestMoveASkippedActivityAfterTheCurrent: an activity skipped on the way
// (before the current one, never started) can be put right after it.
func TestMoveASkippedActivityAfterTheCurrent(t *testing.T) {
	hub := session.NewHub(newStore(t), session.Options{})
	defer hub.Close()
	w := openNew(t, hub, checkin.Kind, willingness.Kind, assumptions.Kind)
	do(t, w, facilitatorID, session.Move{Activity: 2}) // the willingness check is skipped
	do(t, w, facilitatorID, session.MoveActivity{Activity: 1, To: 2})
	if plan := w.Snapshot().Plan; !slices.Equal(plan, []int{0, 2, 1}) {
		t.Errorf("agenda %v, want the willingness check right after the current assumption map", plan)
	}
	if _, err := w.Do(t.Context(), facilitatorID, session.MoveActivity{Activity: 1, To: 1}); exercises.ErrorCode(err) != exercises.EInvalid {
		t.Errorf("a move before the current activity: %v, want it refused", err)
	}
}
