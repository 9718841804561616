package sshserver_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/internal/termtest"
	"commonground/session"
	"commonground/sshserver"
)

// Terminal size of a participant who stops reading: tall enough for the
// whole crowded round, so that every change to or from it sends a few
// hundred kilobytes and the client's SSH window (2 MiB in
// golang.org/x/crypto/ssh) fills within a dozen changes, not thousands.
const (
	stallW = 300
	stallH = 1000
)

// dropBound bounds the wait for a non-reading participant to be dropped:
// the changes that fill its window, then MaxLag. Tall frames are slow to
// draw under the race detector, so it is generous.
const dropBound = 2 * time.Minute

// crowd adds n participants without terminals whose long check-in answers
// fill the round, and moves the workshop to the round, which shows them.
func (e *env) crowd(t *testing.T, n int) {
	t.Helper()
	w := e.workshop(t)
	answer := strings.Repeat("共同点", exercises.MaxTextLen/3) // three bytes a character
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			id := fmt.Sprintf("crowd:%d", i)
			if _, err := w.Do(t.Context(), id, session.Join{Name: fmt.Sprint("Person ", i), Org: "Crowd"}); err != nil {
				t.Error(err)
				return
			}
			if _, err := w.Do(t.Context(), id, exercises.SetAnswer{Text: answer}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	e.moveTo(t, 0, 1)
}

// flip is the facilitator's change number i: it moves the workshop to the
// willingness check (odd i) or back to the check-in round (even i), and
// returns what every participant's header then shows.
func (e *env) flip(t *testing.T, i int) string {
	t.Helper()
	if i%2 == 1 {
		e.moveTo(t, 1, 0)
		return "Activity 2/2: Willingness check"
	}
	e.moveTo(t, 0, 1)
	return "Activity 1/2: Check-in"
}

// stall connects a participant with a tall terminal, waits for their first
// screen, and stops reading, like a frozen laptop. It returns their
// identity.
func (e *env) stall(t *testing.T, name string) string {
	t.Helper()
	key := e.returning(t, name)
	term := termtest.OpenSize(t, e.addr, e.code, key, stallW, stallH)
	term.WaitFor(t, "Activity 1/2", wait)
	term.Stall()
	return key.ID
}

// flipUntilDropped makes change after change, each seen by every reader
// before the next, until the server has disconnected every stalled
// participant (a client that does not read cannot tell, so the workshop's
// presence is what says so). It returns how many changes it made.
func (e *env) flipUntilDropped(t *testing.T, readers []*termtest.Term, stalled []string) int {
	t.Helper()
	w := e.workshop(t)
	deadline := time.Now().Add(dropBound)
	for i := 1; ; i++ {
		want := e.flip(t, i)
		for n, r := range readers {
			if _, err := r.Term.WaitFor(want, wait); err != nil {
				t.Fatalf("reader %d missed change %d: %v", n, i, err)
			}
		}
		snap, connected := w.Snapshot(), 0
		for _, id := range stalled {
			if snap.Connected(id) {
				connected++
			}
		}
		if connected == 0 {
			// Dropped for their lag, not for anything else.
			if got := strings.Count(e.logs.String(), "dropping a connection that stopped reading"); got != len(stalled) {
				t.Errorf("the log tells of %d connections dropped for their lag, want %d", got, len(stalled))
			}
			return i
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %d changes in %v, %d of %d non-reading participants are still connected", i, dropBound, connected, len(stalled))
		}
	}
}

// TestStalledConnectionIsDropped: a participant who stops reading is
// disconnected once their program has been unable to take a snapshot for
// MaxLag, while the others see every change before and after.
func TestStalledConnectionIsDropped(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) { c.MaxLag = 2 * time.Second }})
	e.crowd(t, 300)
	var readers []*termtest.Term
	for _, name := range []string{"Ada", "Ben"} {
		r := e.open(t, e.returning(t, name))
		r.WaitFor(t, "Activity 1/2", wait)
		readers = append(readers, r)
	}
	n := e.flipUntilDropped(t, readers, []string{e.stall(t, "Sam")})
	t.Logf("dropped after %d changes", n)
	for i := n + 1; i <= n+2; i++ {
		want := e.flip(t, i)
		for _, r := range readers {
			r.WaitFor(t, want, wait)
		}
	}
}

// TestFiftyParticipantsTwoStalled: with 50 participants reading and 2 that
// stopped reading, every reader's screen shows every one of the
// facilitator's changes, before and after the two are dropped.
func TestFiftyParticipantsTwoStalled(t *testing.T) {
	// A lag generous enough that no reader on a busy test machine gets near it.
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) { c.MaxLag = 5 * time.Second }})
	e.crowd(t, 300)
	readers := make([]*termtest.Term, 50)
	for i := range readers {
		readers[i] = termtest.Open(t, e.addr, e.code, e.returning(t, fmt.Sprint("Reader ", i)))
	}
	for _, r := range readers {
		r.WaitFor(t, "Activity 1/2", wait)
	}
	n := e.flipUntilDropped(t, readers, []string{e.stall(t, "Sam"), e.stall(t, "Sue")})
	t.Logf("both dropped after %d changes", n)
	for i := n + 1; i <= n+3; i++ {
		want := e.flip(t, i)
		for _, r := range readers {
			r.WaitFor(t, want, wait)
		}
	}
	for i, r := range readers {
		select {
		case <-r.Done():
			t.Errorf("reader %d was disconnected", i)
		default:
		}
	}
}

// TestHeartbeat: a viewer who neither types nor gets any change stays
// connected past the idle timeout thanks to the heartbeat, and without
// one is disconnected, which shows that nothing else kept it open.
func TestHeartbeat(t *testing.T) {
	const idle = 2 * time.Second
	t.Run("On", func(t *testing.T) {
		t.Parallel()
		e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) {
			c.IdleTimeout, c.Heartbeat = idle, idle/5
		}})
		term := e.open(t, e.returning(t, "Ada"))
		term.WaitFor(t, "Activity 1/2", wait)
		select {
		case <-term.Done():
			t.Fatalf("a quiet viewer was disconnected despite the heartbeat")
		case <-time.After(3 * idle):
		}
		term.WaitFor(t, e.flip(t, 1), wait)
	})
	t.Run("Off", func(t *testing.T) {
		t.Parallel()
		e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) { c.IdleTimeout = idle }})
		term := e.open(t, e.returning(t, "Ada"))
		term.WaitFor(t, "Activity 1/2", wait)
		term.Wait(t, wait)
	})
}

// A place in one connection's code where a test makes a panic, and what
// makes that code run once the panic is armed.
type faultPlace struct {
	name    string
	inject  func(f *sshserver.Faults, fault func(id string))
	trigger func(t *testing.T, e *env, victim *termtest.Term)
	server  func(*sshserver.Config) // nil, or what the place needs
}

// faultPlaces are the places where a connection's code runs: its program's
// Update, View, commands (the hub calls, on their own goroutines) and
// renderer, and the server's connection loop and heartbeat.
var faultPlaces = []faultPlace{
	{name: "Update", inject: func(f *sshserver.Faults, fault func(string)) { f.Update = func(id string, _ tea.Msg) { fault(id) } }, trigger: typeKey},
	{name: "View", inject: func(f *sshserver.Faults, fault func(string)) { f.View = fault }, trigger: typeKey},
	{name: "command", inject: func(f *sshserver.Faults, fault func(string)) { f.Command = fault }, trigger: func(t *testing.T, _ *env, victim *termtest.Term) {
		victim.Type("An answer")
		victim.Press("enter") // saving it is a command
	}},
	{name: "renderer", inject: func(f *sshserver.Faults, fault func(string)) { f.Frame = fault }, trigger: typeKey},
	{name: "connection loop", inject: func(f *sshserver.Faults, fault func(string)) { f.Forward = fault }, trigger: func(t *testing.T, e *env, _ *termtest.Term) {
		// Someone without a terminal joins: a change for every screen.
		if _, err := e.workshop(t).Do(t.Context(), "late:1", session.Join{Name: "Late", Org: "Crowd"}); err != nil {
			t.Fatal(err)
		}
	}},
	{name: "heartbeat", inject: func(f *sshserver.Faults, fault func(string)) { f.Heartbeat = fault },
		trigger: func(*testing.T, *env, *termtest.Term) {}, // its next beat
		server:  func(c *sshserver.Config) { c.Heartbeat = 100 * time.Millisecond }},
}

// typeKey types one character, which makes the program Update, View and draw.
func typeKey(_ *testing.T, _ *env, victim *termtest.Term) { victim.Type("x") }

// TestPanicEndsOnlyThatConnection makes one connection's code panic in each
// place where it runs, through real SSH sessions: that person is told and
// disconnected, while another participant connected at the same time keeps
// typing and seeing changes, and the server keeps accepting connections.
// TestMain then checks that nothing of the failed connection is left running.
func TestPanicEndsOnlyThatConnection(t *testing.T) {
	for _, place := range faultPlaces {
		t.Run(place.name, func(t *testing.T) {
			victim := termtest.NewKey()
			var armed atomic.Bool
			fault := func(id string) {
				if id == victim.ID && armed.CompareAndSwap(true, false) {
					panic("injected fault in " + place.name)
				}
			}
			e := startTuned(t, checkInAndWillingness(t), setup{server: place.server, ready: func(s *sshserver.Server) {
				var f sshserver.Faults
				place.inject(&f, fault)
				sshserver.InjectFaults(s, f)
			}})
			if err := e.hub.SaveProfile(session.Profile{ID: victim.ID, Name: "Victor", Org: "Food Bank"}); err != nil {
				t.Fatal(err)
			}
			victimTerm := e.open(t, victim)
			bystander := e.open(t, e.returning(t, "Ada"))
			victimTerm.WaitFor(t, "Activity 1/2", wait)
			bystander.WaitFor(t, "Activity 1/2", wait)

			armed.Store(true)
			place.trigger(t, e, victimTerm)
			refused(t, victimTerm, "Something went wrong on the server. Please try again in a moment.")

			bystander.Type("Still here")
			bystander.Press("enter")
			bystander.WaitFor(t, "Your answer:", wait)
			bystander.WaitFor(t, e.flip(t, 1), wait)
			e.open(t, e.returning(t, "Newcomer")).WaitFor(t, "Activity 2/2", wait)
		})
	}
}

// TestStalledResizingClientEnds: a participant whose client stops reading
// but keeps sending window changes, every 10 ms, is dropped for their lag,
// and then their session ends like any other: the workshop no longer shows
// them, their key gets in again at once with only one session allowed,
// and none of the connection's goroutines stay behind (TestMain).
// charm.land/ssh waits, with the connection's whole packet loop, until each
// window change is taken; the server used to take them only while its
// program was taking messages, so once it was dropped the loop never saw
// the connection close, and the program never finished its last write.
func TestStalledResizingClientEnds(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) {
		c.MaxLag, c.MaxSessionsPerKey = time.Second, 1
	}})
	e.crowd(t, 100) // every frame is large, so the client's window fills soon
	key := e.returning(t, "Sam")
	term := termtest.OpenSize(t, e.addr, e.code, key, 320, 120)
	term.WaitFor(t, "Activity 1/2", wait)
	term.Stall()
	stop := make(chan struct{})
	var flood sync.WaitGroup
	flood.Go(func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				term.Resize(320-i%2, 120) // a new size each time: every one repaints the screen
			}
		}
	})
	defer func() {
		close(stop)
		flood.Wait()
	}()
	const dropped = "dropping a connection that stopped reading"
	deadline := time.Now().Add(dropBound)
	for !strings.Contains(e.logs.String(), dropped) {
		if time.Now().After(deadline) {
			t.Fatalf("the participant was not dropped within %v", dropBound)
		}
		time.Sleep(50 * time.Millisecond)
	}
	eventually(t, e.workshop(t), "Sam no longer present", func(s *session.Snapshot) bool { return !s.Connected(key.ID) })
	e.open(t, key).WaitFor(t, "Activity 1/2", wait)
}
