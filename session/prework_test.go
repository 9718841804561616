package session_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/session"
)

// TestPreworkWindow follows an activity's prework through its window on a
// test clock: refused before it opens, taken while open (without starting
// the live session's clock, counted in who did it, hidden), refused once
// the due date passed during it, kept, and open again live once the
// facilitator moves there.
func TestPreworkWindow(t *testing.T) {
	opens := time.Date(2027, 1, 7, 9, 0, 0, 0, time.UTC)
	due := time.Date(2027, 1, 14, 12, 0, 0, 0, time.UTC)
	c := &clock{t: opens.Add(-time.Hour)}
	hub := session.NewHub(newStore(t), session.Options{Now: c.now})
	defer hub.Close()
	acts := agenda(t, checkin.Kind, willingness.Kind)
	acts[1].Prework = &exercises.Prework{Opens: opens, Due: due}
	meta, err := hub.Create(session.NewWorkshop{Title: "Session 2", Agenda: acts, CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	const ana, ben = "SHA256:ana", "SHA256:ben"
	do(t, w, ana, session.Join{Name: "Ana", Org: "County Health"})
	do(t, w, ben, session.Join{Name: "Ben", Org: "City Council"})
	answer := func(id string, value int) error {
		_, err := w.Do(context.Background(), id, exercises.SetAnswer{Activity: 1, Item: 0, Value: value})
		return err
	}

	if err := answer(ana, 4); exercises.ErrorCode(err) != exercises.EClosed || !strings.Contains(err.Error(), "opens in 60 minutes") {
		t.Fatalf("before the window: %v, want closed, opening in 60 minutes", err)
	}
	c.t = opens.Add(24 * time.Hour) // Ana's day
	if err := answer(ana, 4); err != nil {
		t.Fatalf("Ana's prework: %v", err)
	}
	c.t = due.Add(-time.Minute) // Ben starts just before it is due
	if err := answer(ben, 2); err != nil {
		t.Fatalf("Ben's prework: %v", err)
	}
	c.t = due // the due date passes while Ben is at it
	if err := answer(ben, 3); exercises.ErrorCode(err) != exercises.EClosed || !strings.Contains(err.Error(), "was due") {
		t.Fatalf("after the due date: %v, want closed, was due", err)
	}
	snap := w.Snapshot()
	act := snap.Activities[1]
	if !act.PreworkBy[ana] || !act.PreworkBy[ben] || len(act.PreworkBy) != 2 {
		t.Errorf("did the prework: %v, want Ana and Ben", act.PreworkBy)
	}
	if !snap.Started.IsZero() {
		t.Errorf("prework started the live session at %v", snap.Started)
	}
	if act.Revealed || snap.Current != 0 {
		t.Errorf("revealed %v, current %d: prework moved the room", act.Revealed, snap.Current)
	}
	if got := len(snap.Responses(1)); got != 2 {
		t.Errorf("%d answers kept, want Ana's and Ben's", got)
	}
	if self := snap.SelfPaced(1); self.Current != 1 || self.CurrentActivity().Revealed || snap.Current != 0 {
		t.Errorf("self-paced view: current %d revealed %v; the live one now on %d", self.Current, self.CurrentActivity().Revealed, snap.Current)
	}

	// Live: the facilitator moves to the activity; Ben changes his answer.
	c.t = due.Add(3 * time.Hour)
	do(t, w, facilitatorID, session.Move{Activity: 1, Phase: 0})
	if err := answer(ben, 3); err != nil {
		t.Fatalf("live answer after the prework: %v", err)
	}
	act = w.Snapshot().Activities[1]
	if act.InPrework() || len(act.PreworkBy) != 2 {
		t.Errorf("live: in prework %v, did the prework %v", act.InPrework(), act.PreworkBy)
	}
}
