package session_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/session"
)

const facilitatorID = "SHA256:facilitator"

// newStore opens a real bbolt store in a temporary directory.
func newStore(t testing.TB) *session.BoltStore {
	t.Helper()
	s, err := session.OpenBolt(filepath.Join(t.TempDir(), "test.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func agenda(t testing.TB, kinds ...exercises.Kind) []exercises.Activity {
	t.Helper()
	var out []exercises.Activity
	for _, k := range kinds {
		a, err := exercises.NewActivity(k)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// newWorkshop creates a check-in + willingness workshop over store and opens it.
func newWorkshop(t testing.TB, store session.Store) (*session.Hub, *session.Workshop) {
	t.Helper()
	hub := session.NewHub(store, session.Options{})
	t.Cleanup(hub.Close)
	meta, err := hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: agenda(t, exercises.CheckIn, exercises.Willingness), CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	return hub, w
}

func do(t *testing.T, w *session.Workshop, id string, a session.Action) session.Result {
	t.Helper()
	res, err := w.Do(context.Background(), id, a)
	if err != nil {
		t.Fatalf("%T by %s: %v", a, id, err)
	}
	return res
}

// gatedStore holds every Append until the test releases it, so the test can
// see what callers observe while a commit is in flight.
type gatedStore struct {
	session.Store
	entered chan struct{}
	release chan struct{}
}

func (g *gatedStore) Append(id string, evs []session.Event) error {
	g.entered <- struct{}{}
	<-g.release
	return g.Store.Append(id, evs)
}

func TestDoAnswersOnlyAfterCommit(t *testing.T) {
	store := newStore(t)
	gated := &gatedStore{Store: store, entered: make(chan struct{}), release: make(chan struct{})}
	_, w := newWorkshop(t, gated)

	done := make(chan error, 1)
	go func() {
		_, err := w.Do(context.Background(), "SHA256:ana", session.Join{Name: "Ana", Org: "Food Bank"})
		done <- err
	}()
	<-gated.entered // the owner is committing
	select {
	case err := <-done:
		t.Fatalf("Do returned (%v) before the commit finished", err)
	default:
	}
	if w.Snapshot().People["SHA256:ana"].Name != "" {
		t.Fatal("the change was published before it was committed")
	}
	close(gated.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	events, err := store.Events(w.ID())
	if err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-1]
	if last.Type != session.EvJoined {
		t.Fatalf("last stored event is %s, want %s", last.Type, session.EvJoined)
	}
	if got := w.Snapshot().People["SHA256:ana"].Name; got != "Ana" {
		t.Fatalf("after commit the snapshot shows %q, want Ana", got)
	}
}

// failingStore refuses every Append, as a full disk would.
type failingStore struct{ session.Store }

var errDiskFull = errors.New("no space left on device")

func (failingStore) Append(string, []session.Event) error { return errDiskFull }

func TestFailedCommitChangesNothing(t *testing.T) {
	store := newStore(t)
	_, w := newWorkshop(t, failingStore{store})
	before := w.Snapshot()
	_, err := w.Do(context.Background(), "SHA256:ana", session.Join{Name: "Ana", Org: "Food Bank"})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("Do = %v, want the disk error", err)
	}
	after := w.Snapshot()
	if after.State != before.State || len(after.People) != 0 {
		t.Fatal("a refused commit changed the state")
	}
}

func TestVersionsOnlyGrow(t *testing.T) {
	_, w := newWorkshop(t, newStore(t))
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := "SHA256:p" + string(rune('a'+i))
			do(t, w, id, session.Join{Name: "P", Org: "Org"})
			do(t, w, id, session.Answer{Activity: 0, Text: "hello"})
		}()
	}
	last := w.Snapshot().Version
	stop := make(chan struct{})
	go func() { wg.Wait(); close(stop) }()
	for {
		v := w.Snapshot().Version
		if v < last {
			t.Fatalf("version went back from %d to %d", last, v)
		}
		last = v
		select {
		case <-stop:
			if got := len(w.Snapshot().Responses(0)); got != 20 {
				t.Fatalf("%d check-in answers, want 20", got)
			}
			return
		default:
		}
	}
}

func TestSubscriberThatNeverReadsDoesNotBlock(t *testing.T) {
	_, w := newWorkshop(t, newStore(t))
	stalled, err := w.Subscribe("SHA256:stalled")
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	reader, err := w.Subscribe("SHA256:reader")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	do(t, w, "SHA256:ana", session.Join{Name: "Ana", Org: "Food Bank"})
	for i := range 200 {
		do(t, w, "SHA256:ana", session.Answer{Activity: 0, Text: "answer " + string(rune('a'+i%26)) + string(rune('a'+i/26))})
	}
	<-reader.C // the reader is woken and finds the newest snapshot
	if got := w.Snapshot().Responses(0)[0].Answer.Text; got == "" {
		t.Fatal("reader found no answer")
	}
	if len(stalled.C) != 1 {
		t.Fatalf("the stalled subscriber has %d pending wake-ups, want exactly 1", len(stalled.C))
	}
}

func TestPresenceFollowsSubscriptions(t *testing.T) {
	_, w := newWorkshop(t, newStore(t))
	a, err := w.Subscribe("SHA256:ana")
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.Subscribe("SHA256:ana")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, func(s *session.Snapshot) bool { return s.Present["SHA256:ana"] == 2 })
	a.Close()
	a.Close() // twice is harmless
	waitFor(t, w, func(s *session.Snapshot) bool { return s.Present["SHA256:ana"] == 1 })
	b.Close()
	waitFor(t, w, func(s *session.Snapshot) bool { return !s.Connected("SHA256:ana") })
}

// waitFor waits until the workshop's snapshot satisfies ok; presence changes
// are applied by the owner without an answer to wait for.
func waitFor(t *testing.T, w *session.Workshop, ok func(*session.Snapshot) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok(w.Snapshot()) {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestRolesAreCheckedInTheHub(t *testing.T) {
	_, w := newWorkshop(t, newStore(t))
	participant := "SHA256:ana"
	do(t, w, participant, session.Join{Name: "Ana", Org: "Food Bank"})
	for _, a := range []session.Action{
		session.Move{Activity: 1, Phase: 0},
		session.Reveal{Activity: 0, On: true},
		session.Lock{Activity: 0, On: true},
		session.SetAnonymity{Activity: 0, Anonymity: exercises.Anonymous},
		session.SetTimer{Op: session.TimerStart, Duration: time.Minute},
		session.Decide{Activity: 1, Decision: exercises.Decision{Outcome: exercises.Proceed}},
	} {
		_, err := w.Do(context.Background(), participant, a)
		if exercises.ErrorCode(err) != exercises.EForbidden {
			t.Errorf("%T by a participant: err = %v, want code %s", a, err, exercises.EForbidden)
		}
	}
	do(t, w, facilitatorID, session.Move{Activity: 1, Phase: 0})
	if w.Snapshot().Current != 1 {
		t.Fatal("the facilitator's move was not applied")
	}
}

func TestRestartReplaysTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	store, err := session.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	hub := session.NewHub(store, session.Options{})
	meta, err := hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: agenda(t, exercises.CheckIn, exercises.Willingness), CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, "SHA256:ana", session.Join{Name: "Ana", Org: "Food Bank"})
	do(t, w, facilitatorID, session.Move{Activity: 1, Phase: 0})
	do(t, w, "SHA256:ana", session.Answer{Activity: 1, Item: 2, Value: 1, Text: "unclear value"})
	do(t, w, facilitatorID, session.Move{Activity: 1, Phase: 1})
	want := w.Snapshot()
	hub.Close()
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	store2, err := session.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store2.Close()
	hub2 := session.NewHub(store2, session.Options{})
	defer hub2.Close()
	w2, err := hub2.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	got := w2.Snapshot()
	if got.Current != 1 || got.CurrentActivity().Phase != 1 || !got.CurrentActivity().Revealed {
		t.Fatalf("restart lost the step: activity %d phase %d revealed %v", got.Current, got.CurrentActivity().Phase, got.CurrentActivity().Revealed)
	}
	if got.Seq != want.Seq {
		t.Fatalf("seq %d after restart, want %d", got.Seq, want.Seq)
	}
	ans := got.Activities[1].Answers["SHA256:ana"][2]
	if ans.Value != 1 || ans.Text != "unclear value" {
		t.Fatalf("answer after restart = %+v", ans)
	}
}

func TestSecondOpenFailsClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := session.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = session.OpenBolt(path, 100*time.Millisecond)
	if !errors.Is(err, session.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
}

func TestUnknownCode(t *testing.T) {
	hub := session.NewHub(newStore(t), session.Options{})
	defer hub.Close()
	for _, code := range []string{"zzzz-zzzz", "not a code", ""} {
		if _, err := hub.Open(code); !errors.Is(err, session.ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", code, err)
		}
	}
}

func TestGuestPIN(t *testing.T) {
	hub, w := newWorkshop(t, newStore(t))
	id, pin, err := hub.NewGuest(w.ID())
	if err != nil {
		t.Fatal(err)
	}
	if len(pin) != 6 {
		t.Fatalf("PIN %q is not six digits", pin)
	}
	got, err := hub.GuestByPIN(w.ID(), pin)
	if err != nil || got != id {
		t.Fatalf("GuestByPIN = %q, %v; want %q", got, err, id)
	}
	if _, err := hub.GuestByPIN("other-workshop", pin); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("a PIN worked in another workshop: %v", err)
	}
}

func TestCloseCommitsWaitingAndRefusesLater(t *testing.T) {
	hub, w := newWorkshop(t, newStore(t))
	sub, err := w.Subscribe("SHA256:viewer")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	do(t, w, "SHA256:ana", session.Join{Name: "Ana", Org: "Food Bank"})
	hub.Close()
	if !w.Snapshot().Closing {
		t.Fatal("viewers were not told the server is closing")
	}
	if _, err := w.Do(context.Background(), "SHA256:ana", session.Answer{Activity: 0, Text: "late"}); !errors.Is(err, session.ErrClosed) {
		t.Fatalf("Do after Close = %v, want ErrClosed", err)
	}
}

// TestOnPublishFollowsEveryChange checks that the hub reports each change
// it publishes, once the new snapshot is what viewers read.
func TestOnPublishFollowsEveryChange(t *testing.T) {
	published := make(chan int, 10) // the participants the snapshot counted
	var w *session.Workshop
	var ready sync.WaitGroup
	ready.Add(1)
	hub := session.NewHub(newStore(t), session.Options{OnPublish: func() {
		ready.Wait()
		published <- len(w.Snapshot().Participants())
	}})
	t.Cleanup(hub.Close)
	meta, err := hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: agenda(t, exercises.CheckIn), CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	if w, err = hub.Open(meta.Code); err != nil {
		t.Fatal(err)
	}
	ready.Done()
	for i, id := range []string{"SHA256:ana", "SHA256:bo"} {
		do(t, w, id, session.Join{Name: "P", Org: "Org"})
		select {
		case n := <-published:
			if n != i+1 {
				t.Errorf("after join %d OnPublish saw %d participants", i+1, n)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no OnPublish after join %d", i+1)
		}
	}
}
