package sshserver_test

import (
	"strings"
	"testing"

	"commonground/exercises/review"
	"commonground/internal/termtest"
	"commonground/session"
)

// TestActionReviewOverSSH: the open actions of earlier sessions are on
// everyone's screen by owner and organisation; Ana marks hers with a key
// and adds a note, Ben has none of his own to mark, and the presenter
// sees both the status and the note.
func TestActionReviewOverSSH(t *testing.T) {
	anaKey := termtest.NewKey()
	acts := activities(t, review.Kind)
	acts[0].Settings = review.Settings{Items: []review.Item{
		{Key: "w1/2/1", Text: "Ask ten families how they learn the hours", Owner: anaKey.ID, OwnerName: "Ana Ruiz", Org: "County Health", Due: "2027-01-08", From: "Session 1"},
		{Key: "w1/2/3", Text: "Put the hours on the bus shelters", OwnerName: "Jo Park", Org: "Transit Authority", Due: "2027-01-12", From: "Session 1"},
	}}
	e := startWith(t, acts)
	w := e.workshop(t)
	ana := &person{name: "Ana Ruiz", org: "County Health", key: anaKey}
	ana.term = termtest.OpenSize(t, e.addr, e.code, anaKey, bigW, bigH)
	e.fillProfile(t, ana.term, ana.name, ana.org)
	ben := e.arrive(t, "Ben Okafor", "City Council")
	screen := ben.term.WaitFor(t, "You own none of these actions", wait)
	for _, want := range []string{"1. Ask ten families how they learn the hours", "Ana Ruiz (County Health) · due 2027-01-08 · from Session 1 · not yet marked", "Jo Park (Transit Authority)"} {
		if !strings.Contains(screen, want) {
			t.Errorf("Ben's screen lacks %q:\n%s", want, screen)
		}
	}
	ana.term.WaitFor(t, "Your actions are marked ▸", wait)
	ana.term.Press("1")
	ana.term.WaitFor(t, "Action 1 marked done.", wait)
	ana.term.Press("c")
	ana.term.Type("Eight of ten answered")
	ana.term.Press("enter")
	ben.term.WaitFor(t, "✎ Eight of ten answered", wait)
	eventually(t, w, "Ana's mark", func(s *session.Snapshot) bool {
		m := review.Of(s.Activities[0].Data).Marks[0]
		return m.Status == review.Done && m.Note == "Eight of ten answered"
	})
	fac := termtest.OpenSize(t, e.addr, e.code, e.fac, bigW, bigH)
	screen = fac.WaitFor(t, "Actions under review", wait)
	if !strings.Contains(screen, "from Session 1 · done") || !strings.Contains(screen, "1 of 2 reviewed") || !strings.Contains(screen, "revealed to participants") {
		t.Errorf("the presenter:\n%s", screen)
	}
	// Hidden, Ben no longer sees Ana's mark; Ana still sees her own.
	fac.Press("r")
	ben.term.WaitFor(t, "shown when the facilitator reveals it", wait)
	if screen := ana.term.WaitFor(t, "from Session 1 · done", wait); !strings.Contains(screen, "Eight of ten answered") {
		t.Errorf("Ana does not see her own mark while hidden:\n%s", screen)
	}
}
