package sshserver_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/internal/termtest"
	"commonground/session"
)

// moveTo puts the workshop on an activity and phase as its facilitator,
// through the hub: these tests are about what participants see.
func (e *env) moveTo(t *testing.T, activity, phase int) {
	t.Helper()
	if _, err := e.workshop(t).Do(context.Background(), e.fac.ID, session.Move{Activity: activity, Phase: phase}); err != nil {
		t.Fatal(err)
	}
}

func TestReconnectShowsEarlierAnswers(t *testing.T) {
	e := start(t)
	w := e.workshop(t)
	ada := e.arrive(t, "Ada", "Food Bank")
	ada.term.Type("Fewer hungry kids")
	ada.term.Press("enter")
	ada.term.WaitFor(t, "Your answer:", wait)
	e.moveTo(t, 1, 0)
	ada.term.WaitFor(t, "Activity 2/2: Willingness check", wait)
	rate(t, ada.term, 4, 2)
	comment(t, ada.term, 1, "Budget first")
	eventually(t, w, "Ada's comment stored", func(s *session.Snapshot) bool {
		return exercises.AnswersOf(s.Activities[1].Data)[ada.key.ID][1].Text == "Budget first"
	})
	ada.term.Close()
	eventually(t, w, "Ada gone", func(s *session.Snapshot) bool { return !s.Connected(ada.key.ID) })

	// Back with the same key: no profile form, the current step, her answers.
	again := termtest.OpenSize(t, e.addr, e.code, ada.key, bigW, bigH)
	screen := again.WaitFor(t, "2 of 3 answered", wait)
	for _, want := range []string{"Activity 2/2: Willingness check", "[4]", "[2]"} {
		if !strings.Contains(screen, want) {
			t.Errorf("after reconnecting the screen lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "Tell the group who you are") {
		t.Errorf("a returning participant was asked for their profile again:\n%s", screen)
	}
	again.Press("down")
	again.WaitFor(t, "statement 2: 2 reservations", wait)
	again.Press("c")
	again.WaitFor(t, "Budget first", wait)
	again.Press("esc")

	e.moveTo(t, 0, 0)
	again.WaitFor(t, "Fewer hungry kids", wait)
	again.WaitFor(t, "Your answer:", wait)
	eventually(t, w, "Ada back", func(s *session.Snapshot) bool { return s.Connected(ada.key.ID) })
	if got := len(w.Snapshot().Participants()); got != 1 {
		t.Errorf("%d participants after a reconnect, want 1", got)
	}
}

func TestKeylessGuestRejoinsWithPIN(t *testing.T) {
	e := start(t)
	w := e.workshop(t)
	term := termtest.OpenSize(t, e.addr, e.code, termtest.Keyless, bigW, bigH)
	term.WaitFor(t, "You joined without an SSH key", wait)
	term.Press("enter") // no PIN yet: a new guest
	screen := term.WaitFor(t, "Your rejoin PIN is ", wait)
	m := pinOnScreen.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no PIN like K7WQ-M3XD on the screen:\n%s", screen)
	}
	pin := m[1]
	term.Press("enter")
	e.fillProfile(t, term, "Gus", "Library")
	term.Type("Books for every child")
	term.Press("enter")
	term.WaitFor(t, "Your answer:", wait)
	var guest string
	for _, p := range w.Snapshot().Participants() {
		if p.Name == "Gus" {
			guest = p.ID
		}
	}
	if !strings.HasPrefix(guest, "guest:") {
		t.Fatalf("Gus has the identity %q, want a guest identity", guest)
	}
	term.Close()
	eventually(t, w, "Gus gone", func(s *session.Snapshot) bool { return !s.Connected(guest) })

	wrong := termtest.OpenSize(t, e.addr, e.code, termtest.Keyless, bigW, bigH)
	wrong.WaitFor(t, "You joined without an SSH key", wait)
	wrongPIN := "000000"
	if pin == wrongPIN {
		wrongPIN = "111111"
	}
	wrong.Type(wrongPIN)
	wrong.Press("enter")
	wrong.WaitFor(t, "That PIN is not known in this workshop", wait)
	wrong.Close()

	back := termtest.OpenSize(t, e.addr, e.code, termtest.Keyless, bigW, bigH)
	back.WaitFor(t, "You joined without an SSH key", wait)
	back.Type(pin)
	back.Press("enter")
	back.WaitFor(t, "Books for every child", wait)
	eventually(t, w, "Gus back as himself", func(s *session.Snapshot) bool { return s.Connected(guest) })
	if got := len(w.Snapshot().Participants()); got != 1 {
		t.Errorf("%d participants after the rejoin, want 1", got)
	}
}

func TestSmallTerminal(t *testing.T) {
	e := start(t)
	term := termtest.OpenSize(t, e.addr, e.code, termtest.NewKey(), 70, 20)
	term.WaitFor(t, "Please enlarge your terminal to at least 80×24", wait)
	term.Resize(80, 24)
	e.fillProfile(t, term, "Ada", "Food Bank")
	term.Resize(79, 30)
	term.WaitFor(t, "Please enlarge your terminal", wait)
	term.Resize(80, 24)
	term.WaitFor(t, "Activity 1/2: Check-in", wait)
}

// TestEscapeSequencesDoNotReachOthers types, then pastes, an OSC (set the
// window title) and a CSI (clear the screen) into a check-in answer and
// checks that no other terminal receives them, while the answer does arrive.
func TestEscapeSequencesDoNotReachOthers(t *testing.T) {
	e := start(t)
	w := e.workshop(t)
	fac := termtest.OpenSize(t, e.addr, e.code, e.fac, bigW, bigH)
	fac.WaitFor(t, "PRESENTER", wait)
	eve := e.arrive(t, "Eve", "Mallory Inc")
	bob := e.arrive(t, "Bob", "Food Bank")
	fac.WaitFor(t, "2 of 2 here", wait)
	const (
		title = "\x1b]0;x\x07"
		clear = "\x1b[2J"
	)
	// The renderer clears the screen itself at times (on start, on a
	// resize); count what it sent before the attack.
	before := map[*termtest.Term]int{fac: bytes.Count(fac.Raw(), []byte(clear)), bob.term: bytes.Count(bob.term.Raw(), []byte(clear))}

	for _, input := range []struct{ keys, shown string }{
		{"typed" + title + "middle" + clear + "end", "typedmiddleend"},
		// The same inside a bracketed paste, which reaches the input whole:
		// the input holds the answer given, so the paste adds to it.
		{"\x1b[200~pasted" + title + "middle" + clear + "last\x1b[201~", "typedmiddleendpastedmiddlelast"},
	} {
		eve.term.Type(input.keys)
		eve.term.Press("enter")
		eventually(t, w, "Eve's answer stored", func(s *session.Snapshot) bool {
			return exercises.AnswersOf(s.Activities[0].Data)[eve.key.ID][0].Text == input.shown
		})
		fac.WaitFor(t, input.shown, wait)
	}
	fac.Press("r") // input is open: it asks first
	fac.WaitFor(t, "Press r again to reveal", wait)
	fac.Press("r")
	bob.term.WaitFor(t, "— Eve (Mallory Inc)", wait)
	bob.term.WaitFor(t, "pastedmiddlelast", wait)

	for name, term := range map[string]*termtest.Term{"the facilitator": fac, "Bob": bob.term} {
		raw := term.Raw()
		for _, bad := range []string{title, "x\x07", clear + "middle", clear + "end", clear + "last"} {
			if bytes.Contains(raw, []byte(bad)) {
				t.Errorf("%s received %q", name, bad)
			}
		}
		if n := bytes.Count(raw, []byte(clear)); n != before[term] {
			t.Errorf("%s received %d screen clears after Eve's answers, want none", name, n-before[term])
		}
	}
}

// TestShutdownTellsViewers shuts the server down with a facilitator, a
// participant and a guest still typing a PIN connected: each sees that the
// server is restarting before the connection closes.
func TestShutdownTellsViewers(t *testing.T) {
	e := start(t)
	fac := termtest.OpenSize(t, e.addr, e.code, e.fac, bigW, bigH)
	fac.WaitFor(t, "PRESENTER", wait)
	ada := e.arrive(t, "Ada", "Food Bank")
	guest := termtest.OpenSize(t, e.addr, e.code, termtest.Keyless, bigW, bigH)
	guest.WaitFor(t, "You joined without an SSH key", wait)

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for _, term := range []*termtest.Term{fac, ada.term, guest} {
		term.WaitForFarewell(t, "The server is restarting", wait)
	}
}
