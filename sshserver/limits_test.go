package sshserver_test

import (
	"context"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/internal/termtest"
	"commonground/session"
	"commonground/sshserver"
)

// returning is a participant's key with a profile already saved, as after
// an earlier visit: the terminal joins at once, without the form.
func (e *env) returning(t *testing.T, name string) termtest.Key {
	t.Helper()
	k := termtest.NewKey()
	if err := e.hub.SaveProfile(session.Profile{ID: k.ID, Name: name, Org: "Food Bank"}); err != nil {
		t.Fatal(err)
	}
	return k
}

// open connects to the workshop with a terminal wide enough for every
// message on one line.
func (e *env) open(t *testing.T, key termtest.Key) *termtest.Term {
	t.Helper()
	return termtest.OpenSize(t, e.addr, e.code, key, bigW, bigH)
}

// refused checks that a session was turned away with the message and a
// non-zero exit status.
func refused(t *testing.T, term *termtest.Term, message string) {
	t.Helper()
	term.WaitFor(t, message, wait)
	if code := term.Wait(t, wait); code == 0 {
		t.Errorf("refused with %q but exit status 0", message)
	}
}

// TestConnectionRatePerIP lets a burst of connections from one address in
// and refuses the next with a message, for the terminal and for commands.
// The rate is so low that no token comes back during the test.
func TestConnectionRatePerIP(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) { c.ConnRate, c.ConnBurst = 0.0001, 3 }})
	for range 3 {
		term := e.open(t, termtest.Keyless)
		term.WaitFor(t, "You joined without an SSH key", wait)
	}
	const msg = "Too many new connections from your network right now. Please try again in a moment."
	refused(t, e.open(t, termtest.NewKey()), msg)
	if _, stderr, code := termtest.Run(t, e.addr, "x", e.admin, "workshop list"); code == 0 || !strings.Contains(stderr, msg) {
		t.Errorf("a command over the rate: exit %d, stderr %q; want the refusal", code, stderr)
	}
}

// TestSessionsPerKey limits the terminals one identity may have open: a
// key beyond the limit is refused until one of its sessions closes; keyless
// guests are not counted until they have a guest identity, and then their
// rejoin PIN is.
func TestSessionsPerKey(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) { c.MaxSessionsPerKey = 2 }})
	w := e.workshop(t)
	ada := e.returning(t, "Ada")
	first := e.open(t, ada)
	first.WaitFor(t, "Activity 1/2", wait)
	second := e.open(t, ada)
	second.WaitFor(t, "Activity 1/2", wait)
	refused(t, e.open(t, ada),
		"You already have 2 sessions open with this key; close one first.")
	// Someone else is not affected.
	e.open(t, e.returning(t, "Ben")).WaitFor(t, "Activity 1/2", wait)

	first.Close()
	eventually(t, w, "Ada down to one connection", func(s *session.Snapshot) bool { return s.Present[ada.ID] == 1 })
	e.open(t, ada).WaitFor(t, "Activity 1/2", wait)

	// Three keyless connections: none has an identity yet, none is refused.
	var guests []*termtest.Term
	for range 3 {
		g := e.open(t, termtest.Keyless)
		g.WaitFor(t, "You joined without an SSH key", wait)
		guests = append(guests, g)
	}
	guests[0].Press("enter") // a new guest
	pin := pinOnScreen.FindStringSubmatch(guests[0].WaitFor(t, "Your rejoin PIN is ", wait))[1]
	guests[0].Press("enter") // noted: the guest identity is attached
	guests[0].WaitFor(t, "Tell the group who you are", wait)
	guests[1].Type(pin)
	guests[1].Press("enter")
	guests[1].WaitFor(t, "Tell the group who you are", wait)
	guests[2].Type(pin)
	guests[2].Press("enter")
	// The program ends with the reason as its last frame. The emulator
	// wipes it (it takes the keyboard-protocol reset that follows for a
	// cursor restore), so read what was sent.
	guests[2].Wait(t, wait)
	if want := "Could not join the workshop: You already have 2 sessions open with this rejoin PIN; close one first."; !strings.Contains(string(guests[2].Raw()), want) {
		t.Errorf("the third guest session was not told %q", want)
	}
}

// TestWorkshopFull refuses participants beyond a workshop's limit, keyed
// or not. Its facilitator does not count toward it, and still gets in when
// the workshop is full.
func TestWorkshopFull(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) { c.MaxViewers = 2 }})
	e.open(t, e.fac).WaitFor(t, "PRESENTER", wait)
	for _, name := range []string{"Ada", "Ben"} {
		e.open(t, e.returning(t, name)).WaitFor(t, "Activity 1/2", wait)
	}
	const full = "This workshop is full: 2 participants are connected. Please try again later, or tell the facilitator."
	refused(t, e.open(t, e.returning(t, "Cleo")), full)
	refused(t, e.open(t, termtest.Keyless), full)
	e.open(t, e.fac).WaitFor(t, "PRESENTER", wait)
}

// TestSubmissionRate shows a participant who submits faster than the hub
// allows the hub's message; what they sent before is kept.
func TestSubmissionRate(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{hub: func(o *session.Options) { o.SubmitRate, o.SubmitBurst = 0.0001, 3 }})
	e.moveTo(t, 1, 0) // the willingness check: one key, one submission
	ada := e.returning(t, "Ada")
	term := e.open(t, ada)
	term.WaitFor(t, "Activity 2/2", wait) // joining took the first token
	term.Press("4")
	term.WaitFor(t, "Saved: 4", wait)
	term.Press("2")
	term.WaitFor(t, "Saved: 2", wait)
	term.Press("5")
	term.WaitFor(t, "Slow down: too many submissions — try again in a moment.", wait)
	if got := exercises.AnswersOf(e.workshop(t).Snapshot().Activities[1].Data)[ada.ID][0].Value; got != 2 {
		t.Errorf("the stored answer is %d, want 2: the refused one must not count", got)
	}
	// The facilitator is not limited.
	for i := range 5 {
		if _, err := e.workshop(t).Do(context.Background(), e.fac.ID, session.Reveal{Activity: 1, On: i%2 == 0}); err != nil {
			t.Fatalf("facilitator's action %d: %v", i+1, err)
		}
	}
}
