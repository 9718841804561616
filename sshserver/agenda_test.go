package sshserver_test

import (
	"strings"
	"testing"

	"commonground/internal/termtest"
	"commonground/sshserver"
)

// riversideAgenda is an agenda file as a facilitator writes one.
const riversideAgenda = `# Notes for me: keep the check-in short.
title: Riverside food partnership
activities:
  - kind: checkin
    title: Welcome
    prompt: "In one sentence: what brought your organisation here?"
    minutes: 10
  - kind: willingness
    title: Ready to share data?
    minutes: 20
    statements: [We will share visit numbers monthly]
`

// TestWorkshopFromAgendaFileOverSSH creates a workshop from an agenda file
// sent on standard input over SSH by a facilitator of the server, then
// walks its first activity: the presenter at 80×24 shows the planned
// minutes, a participant answers the file's prompt and sees the round.
func TestWorkshopFromAgendaFileOverSSH(t *testing.T) {
	organiser := termtest.NewKey()
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) {
		c.IsFacilitator = func(id string) bool { return id == organiser.ID }
	}})

	_, stderr, code := termtest.RunInput(t, e.addr, "x", organiser, "agenda check -", strings.Replace(riversideAgenda, "minutes: 20", "minutes: soon", 1))
	if want := "standard input:10:14: minutes must be a whole number from 0 to 240, not \"soon\""; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("agenda check: exit %d, %q; want exit 1 and %q", code, stderr, want)
	}
	stdout, stderr, code := termtest.RunInput(t, e.addr, "x", organiser, "workshop new --agenda -", riversideAgenda)
	if code != 0 || !strings.Contains(stdout, `Created workshop "Riverside food partnership" with Welcome, Ready to share data?.`) {
		t.Fatalf("workshop new --agenda -: exit %d\n%s%s", code, stdout, stderr)
	}
	for line := range strings.Lines(stdout) {
		if c, ok := strings.CutPrefix(strings.TrimSpace(line), "Join code: "); ok {
			e.code = c
		}
	}

	presenter := termtest.OpenSize(t, e.addr, e.code, organiser, 80, 24)
	e.fillProfile(t, presenter, "Olu Organiser", "Riverside Council")
	presenter.WaitFor(t, "PRESENTER", wait)
	presenter.WaitFor(t, "1. Welcome         10m", wait)
	presenter.WaitFor(t, "starts at 0:00", wait)

	ana := e.arriveAt(t, "Ana", "Food Bank", 80, 24)
	ana.term.WaitFor(t, "what brought your organisation here?", wait)
	ana.term.Type("Fresh food for every family")
	ana.term.Press("enter")
	presenter.WaitFor(t, "1 of 1 answered", wait)
	presenter.WaitFor(t, "of 10m", wait) // the workshop started with the answer

	presenter.Press("n") // to the round, which reveals the answers
	ana.term.WaitFor(t, "Phase 2/2: Round", wait)
	ana.term.WaitFor(t, "Fresh food for every family", wait)

	// The agenda panel lists both activities with their planned starts.
	presenter.Press("g")
	presenter.WaitFor(t, "2. Ready to share data?    20m  0:10", wait)
}
