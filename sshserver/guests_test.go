package sshserver_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"commonground/exercises/assumptions"
	"commonground/internal/termtest"
	"commonground/session"
	"commonground/sshserver"
)

// pinOnScreen finds the rejoin PIN a new guest is shown.
var pinOnScreen = regexp.MustCompile(`Your rejoin PIN is ([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})`)

// newGuest presses Enter on a keyless session's PIN form and returns the
// PIN it is given.
func newGuest(t *testing.T, term *termtest.Term) string {
	t.Helper()
	term.WaitFor(t, "You joined without an SSH key", wait)
	term.Press("enter")
	m := pinOnScreen.FindStringSubmatch(term.WaitFor(t, "Your rejoin PIN is ", wait))
	if m == nil {
		t.Fatalf("no PIN like K7WQ-M3XD on the screen:\n%s", term.Screen())
	}
	return m[1]
}

// tryPIN types a PIN on a keyless session's form and waits for the answer.
func tryPIN(t *testing.T, term *termtest.Term, pin, answer string) {
	t.Helper()
	term.Type(pin)
	term.Press("enter")
	waitForWrapped(t, term, answer)
}

// waitForWrapped waits until the screen shows text, which may be wrapped
// over several lines, and returns the screen.
func waitForWrapped(t *testing.T, term *termtest.Term, text string) string {
	t.Helper()
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	want := words(text)
	screen, err := term.WaitUntil(func(screen string) bool { return strings.Contains(words(screen), want) }, wait)
	if err != nil {
		t.Fatalf("waiting for %q: %v; the screen shows:\n%s", text, err, screen)
	}
	return screen
}

// TestPINGuessingIsLimited guesses at a real guest's rejoin PIN as the
// reported attack did, over many sessions of one keyless connection, then
// over new connections from the same address. The connection's five wrong
// PINs count across its sessions, and the address's across its
// connections: after them even the right PIN is not looked up, so the
// guesser never lands on the guest's screen, and is told why.
func TestPINGuessingIsLimited(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{hub: func(o *session.Options) {
		o.PINRate, o.PINBurst = 0.0001, 7 // no token comes back during the test
	}})
	gus := e.open(t, termtest.Keyless)
	pin := newGuest(t, gus)
	gus.Press("enter")
	e.fillProfile(t, gus, "Gus", "Library")
	gus.Close()
	wrong := "ZZZZ-ZZZZ"
	if pin == wrong {
		wrong = "YYYY-YYYY"
	}

	conn := termtest.Dial(t, e.addr, e.code, termtest.Keyless)
	first, err := conn.Open(t, bigW, bigH)
	if err != nil {
		t.Fatal(err)
	}
	first.WaitFor(t, "You joined without an SSH key", wait)
	for left := 4; left > 0; left-- {
		tryPIN(t, first, wrong, fmt.Sprintf("That PIN is not known in this workshop. Tries left over this connection: %d.", left))
	}
	tryPIN(t, first, wrong, "That was the last try over this connection: reconnect to try again, or join as a new guest.")
	const overConn = "5 wrong rejoin PINs have been typed over this connection. Reconnect to try again, or join as a new guest."
	tryPIN(t, first, pin, overConn)
	// A new session on the same connection starts from the same count.
	second, err := conn.Open(t, bigW, bigH)
	if err != nil {
		t.Fatal(err)
	}
	second.WaitFor(t, "You joined without an SSH key", wait)
	tryPIN(t, second, pin, overConn)

	// A new connection from the same address has two wrong PINs left of
	// the address's seven.
	again := e.open(t, termtest.Keyless)
	again.WaitFor(t, "You joined without an SSH key", wait)
	tryPIN(t, again, wrong, "Tries left over this connection: 4.")
	tryPIN(t, again, wrong, "Tries left over this connection: 3.")
	tryPIN(t, again, pin, "Too many wrong rejoin PINs have been typed from your network just now.")
	screen := waitForWrapped(t, again, "Please try again in 3 hours, or join as a new guest.")
	if strings.Contains(screen, "Gus") || e.workshop(t).Snapshot().Present[guestID(t, e, "Gus")] != 0 {
		t.Fatalf("the guesser landed on Gus's screen:\n%s", screen)
	}
	// The refusals cost no try: the connection still has three.
	again.Type("12")
	again.Press("enter")
	waitForWrapped(t, again, "A rejoin PIN has eight letters and digits, like K7WQ-M3XD")
}

// guestID is the identity of the participant with the name.
func guestID(t *testing.T, e *env, name string) string {
	t.Helper()
	for _, p := range e.workshop(t).Snapshot().Participants() {
		if p.Name == name {
			return p.ID
		}
	}
	t.Fatalf("no participant %s", name)
	return ""
}

// TestSessionsPerConnection limits the sessions one SSH connection holds
// open, keyless ones included: the reported attack filled a workshop's
// --max-viewers with the sessions of one connection. The session beyond
// the limit is refused as it opens, with the reason; another connection
// still gets in, and closing a session makes room.
func TestSessionsPerConnection(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) {
		c.SessionsPerConn, c.MaxViewers = 3, 5
	}})
	conn := termtest.Dial(t, e.addr, e.code, termtest.Keyless)
	var open []*termtest.Term
	for range 3 {
		term, err := conn.Open(t, bigW, bigH)
		if err != nil {
			t.Fatal(err)
		}
		term.WaitFor(t, "You joined without an SSH key", wait)
		open = append(open, term)
	}
	const refusal = "You already have 3 sessions open over this one connection, the most allowed. Close one, or connect again separately."
	if _, err := conn.Open(t, bigW, bigH); err == nil || !strings.Contains(err.Error(), refusal) {
		t.Fatalf("a fourth session on the connection: err = %v, want the refusal %q", err, refusal)
	}
	e.open(t, termtest.Keyless).WaitFor(t, "You joined without an SSH key", wait)
	open[0].Close()
	// The server counts the session closed once its handler has returned.
	for deadline := time.Now().Add(wait); ; time.Sleep(10 * time.Millisecond) {
		term, err := conn.Open(t, bigW, bigH)
		if err == nil {
			term.WaitFor(t, "You joined without an SSH key", wait)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a session after one closed: %v", err)
		}
	}
}

// TestGuestsAreLimited limits the guests one connection and one address
// create: the reported attack made 1,991 guest identities in 10 s over one
// connection. Each refusal says why and what to do instead.
func TestGuestsAreLimited(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{
		server: func(c *sshserver.Config) { c.GuestsPerConn = 2 },
		hub:    func(o *session.Options) { o.GuestRate, o.GuestBurst = 0.0001, 3 },
	})
	conn := termtest.Dial(t, e.addr, e.code, termtest.Keyless)
	for range 2 {
		term, err := conn.Open(t, bigW, bigH)
		if err != nil {
			t.Fatal(err)
		}
		newGuest(t, term)
		term.Close()
	}
	third, err := conn.Open(t, bigW, bigH)
	if err != nil {
		t.Fatal(err)
	}
	third.WaitFor(t, "You joined without an SSH key", wait)
	tryPIN(t, third, "", "2 new guests have joined over this connection, the most allowed. Type the rejoin PIN you were given, or connect again.")

	// Another connection from the address makes the address's third;
	// the fourth is refused.
	newGuest(t, e.open(t, termtest.Keyless))
	last := e.open(t, termtest.Keyless)
	last.WaitFor(t, "You joined without an SSH key", wait)
	tryPIN(t, last, "", "Too many new guests have joined from your network just now. Please try again in")
}

// TestCardCapOverSSH shows a participant at the cap on cards per activity
// why, where they type cards, and refuses the card beyond it: the reported
// attack put 863 cards on the wall in 2 s from fifty fresh guests.
func TestCardCapOverSSH(t *testing.T) {
	e := startTuned(t, activities(t, assumptions.Kind), setup{hub: func(o *session.Options) { o.CardsPerActivity = 2 }})
	term := e.open(t, termtest.Keyless)
	newGuest(t, term)
	term.Press("enter")
	e.fillProfile(t, term, "Gus", "Library")
	p := &person{name: "Gus", org: "Library", term: term}
	addCard(t, p, "Families know which services exist", 1)
	addCard(t, p, "Volunteers stay all year", 2)
	waitForWrapped(t, term, "You have put up 2 cards, the most one person may here. To add another, delete one of yours (↓, then x).")
	term.Type("One too many")
	term.Press("enter")
	term.WaitFor(t, "You have 2 cards here, the most one person may: delete one to add another.", wait)
	if n := len(assumptions.Of(e.workshop(t).Snapshot().CurrentActivity().Data).Cards()); n != 2 {
		t.Fatalf("%d cards on the wall, want 2", n)
	}
}
