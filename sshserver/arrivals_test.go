package sshserver_test

import (
	"context"
	"testing"

	"commonground/exercises"
	"commonground/session"
)

// TestArrivalsReachParticipantsLater: a change in which only people joined
// or renamed themselves reaches the other participants' screens after a
// while (tui.PeopleInterval), not never; an answer reaches them at once.
func TestArrivalsReachParticipantsLater(t *testing.T) {
	e := start(t)
	w := e.workshop(t)
	ana := e.arrive(t, "Ana", "Food Bank")
	ben := e.arrive(t, "Ben", "City Council")
	if _, err := w.Do(context.Background(), e.fac.ID, session.Reveal{Activity: 0, On: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(context.Background(), ben.key.ID, exercises.SetAnswer{Activity: 0, Text: "Here for the families"}); err != nil {
		t.Fatal(err)
	}
	ana.term.WaitFor(t, "— Ben (City Council)", wait)
	// Ben gives his full name, as a second visit's profile would.
	if _, err := w.Do(context.Background(), ben.key.ID, session.Join{Name: "Ben Okafor", Org: "City Council"}); err != nil {
		t.Fatal(err)
	}
	ana.term.WaitFor(t, "— Ben Okafor (City Council)", wait)
	ben.term.WaitFor(t, "Ben Okafor", wait)
}
