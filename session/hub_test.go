package session_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
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
		a, err := catalog.New(k)
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
	return hub, openNew(t, hub, checkin.Kind, willingness.Kind)
}

// openNew creates a workshop of one activity per kind on hub, run by
// facilitatorID, and opens it.
func openNew(t testing.TB, hub *session.Hub, kinds ...exercises.Kind) *session.Workshop {
	t.Helper()
	meta, err := hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: agenda(t, kinds...), CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// restart closes hub and its store, as a server stopping does, and opens
// the store at path again under a new hub with opts, as the next start
// does. The new hub and store close when the test ends.
func restart(t *testing.T, hub *session.Hub, store *session.BoltStore, path string, opts session.Options) *session.Hub {
	t.Helper()
	hub.Close()
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	store2, err := session.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store2.Close() })
	hub2 := session.NewHub(store2, opts)
	t.Cleanup(hub2.Close)
	return hub2
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
			do(t, w, id, exercises.SetAnswer{Activity: 0, Text: "hello"})
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
		do(t, w, "SHA256:ana", exercises.SetAnswer{Activity: 0, Text: "answer " + string(rune('a'+i%26)) + string(rune('a'+i/26))})
	}
	<-reader.C // the reader is woken and finds the newest snapshot
	if got := w.Snapshot().Responses(0)[0].Answer.Text; got == "" {
		t.Fatal("reader found no answer")
	}
	if len(stalled.C) != 1 {
		t.Fatalf("the stalled subscriber has %d pending wake-ups, want exactly 1", len(stalled.C))
	}
}

// A reader that shares one channel between its subscription and its other
// wake-ups (sshserver's forwarder) is woken on it by changes, starts with
// one pending wake-up even when the channel already holds one, and never
// holds up the hub when nobody takes it.
func TestSubscribeToWakesTheReadersChannel(t *testing.T) {
	_, w := newWorkshop(t, newStore(t))
	wake := make(chan struct{}, 1)
	wake <- struct{}{} // a wake-up of the reader's own, not yet taken
	sub, err := w.SubscribeTo("SHA256:reader", wake)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if len(wake) != 1 {
		t.Fatalf("%d wake-ups pending after subscribing, want 1", len(wake))
	}
	for i := range 50 {
		do(t, w, "SHA256:ana", session.Join{Name: fmt.Sprint("Ana ", i), Org: "Food Bank"})
	}
	if len(wake) != 1 {
		t.Fatalf("%d wake-ups pending after 50 changes nobody took, want 1", len(wake))
	}
	<-wake
	do(t, w, "SHA256:ana", exercises.SetAnswer{Activity: 0, Text: "more food"})
	select {
	case <-wake:
	default:
		t.Fatal("a change did not wake the reader's channel")
	}
	sub.Close()
	do(t, w, "SHA256:ana", exercises.SetAnswer{Activity: 0, Text: "more food, sooner"})
	if len(wake) != 0 {
		t.Fatal("a closed subscription still woke the reader")
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

// TestFocusIsPresence: what a viewer has open is published to the room,
// is never stored, and goes with the identity's last connection.
func TestFocusIsPresence(t *testing.T) {
	_, w := newWorkshop(t, newStore(t))
	seq := w.Snapshot().Seq
	a, err := w.Subscribe("SHA256:ana")
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.Subscribe("SHA256:ana")
	if err != nil {
		t.Fatal(err)
	}
	if !w.SetFocus("SHA256:ana", "position:food bank") || !w.SetFocus("SHA256:ghost", "position:food bank") {
		t.Fatal("the workshop stopped")
	}
	waitFor(t, w, func(s *session.Snapshot) bool { return s.Focus["SHA256:ana"] == "position:food bank" })
	if _, ok := w.Snapshot().Focus["SHA256:ghost"]; ok {
		t.Error("someone not present has a focus")
	}
	w.SetFocus("SHA256:ana", "")
	waitFor(t, w, func(s *session.Snapshot) bool { _, ok := s.Focus["SHA256:ana"]; return !ok })
	w.SetFocus("SHA256:ana", "position:food bank")
	waitFor(t, w, func(s *session.Snapshot) bool { return s.Focus["SHA256:ana"] != "" })
	a.Close()
	waitFor(t, w, func(s *session.Snapshot) bool { return s.Present["SHA256:ana"] == 1 })
	if w.Snapshot().Focus["SHA256:ana"] == "" {
		t.Error("the focus went with one of two connections")
	}
	b.Close()
	waitFor(t, w, func(s *session.Snapshot) bool { return !s.Connected("SHA256:ana") && len(s.Focus) == 0 })
	if got := w.Snapshot().Seq; got != seq {
		t.Errorf("the log moved from %d to %d: focus was stored", seq, got)
	}
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
	meta, err := hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: agenda(t, checkin.Kind, willingness.Kind), CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, "SHA256:ana", session.Join{Name: "Ana", Org: "Food Bank"})
	do(t, w, facilitatorID, session.Move{Activity: 1, Phase: 0})
	do(t, w, "SHA256:ana", exercises.SetAnswer{Activity: 1, Item: 2, Value: 1, Text: "unclear value"})
	do(t, w, facilitatorID, session.Move{Activity: 1, Phase: 1})
	want := w.Snapshot()
	w2, err := restart(t, hub, store, path, session.Options{}).Open(meta.Code)
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
	ans := exercises.AnswersOf(got.Activities[1].Data)["SHA256:ana"][2]
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
	id, pin, err := hub.NewGuest(w.ID(), "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if !canonicalPIN.MatchString(pin) || len(pin) != 9 {
		t.Fatalf("PIN %q is not eight characters of Crockford's base32 like K7WQ-M3XD", pin)
	}
	// The ways a person may type it back: lower case, without the dash,
	// with spaces, O for 0 and l for 1.
	for _, typed := range []string{pin, strings.ToLower(pin), strings.ReplaceAll(pin, "-", ""),
		" " + pin[:2] + " " + pin[2:] + " ", strings.NewReplacer("0", "O", "1", "l").Replace(pin)} {
		got, err := hub.GuestByPIN(w.ID(), typed, "192.0.2.1")
		if err != nil || got != id {
			t.Errorf("GuestByPIN(%q) = %q, %v; want %q", typed, got, err, id)
		}
	}
	if _, err := hub.GuestByPIN("other-workshop", pin, "192.0.2.1"); exercises.ErrorCode(err) != exercises.ENotFound {
		t.Errorf("a PIN worked in another workshop: %v", err)
	}
	for _, bad := range []string{"", "12345", "K7WQ-M3X", "K7WQ-M3XDU", "1234567"} {
		if _, err := hub.GuestByPIN(w.ID(), bad, "192.0.2.1"); exercises.ErrorCode(err) != exercises.EInvalid {
			t.Errorf("GuestByPIN(%q): err = %v, want the PIN's format explained", bad, err)
		}
	}
}

// TestSixDigitPINsStillWork looks up a PIN recorded as stores held them
// before PINs had letters.
func TestSixDigitPINsStillWork(t *testing.T) {
	store := newStore(t)
	hub, w := newWorkshop(t, store)
	if ok, err := store.ClaimPIN(w.ID(), "042917", "guest:old"); !ok || err != nil {
		t.Fatalf("ClaimPIN = %v, %v", ok, err)
	}
	for _, typed := range []string{"042917", " 042 917 ", "O42917"} {
		if got, err := hub.GuestByPIN(w.ID(), typed, ""); err != nil || got != "guest:old" {
			t.Errorf("GuestByPIN(%q) = %q, %v; want guest:old", typed, got, err)
		}
	}
}

// pinHub is a hub whose clock the test moves, with a workshop open.
func pinHub(t *testing.T, opts session.Options) (hub *session.Hub, w *session.Workshop, advance func(time.Duration)) {
	t.Helper()
	var mu sync.Mutex
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	opts.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	hub = session.NewHub(newStore(t), opts)
	t.Cleanup(hub.Close)
	return hub, openNew(t, hub, checkin.Kind), func(d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(d)
	}
}

// TestWrongPINsAreLimited checks the limits on wrong rejoin PINs per source
// and per workshop: beyond one, even the right PIN is not looked up, and
// the person is told when to try again; a right PIN never counts.
func TestWrongPINsAreLimited(t *testing.T) {
	hub, w, advance := pinHub(t, session.Options{PINRate: 0.05, PINBurst: 3, WorkshopPINRate: 0.1, WorkshopPINBurst: 5})
	id, pin, err := hub.NewGuest(w.ID(), "a")
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(pin, from, wantCode, wantMessage string) {
		t.Helper()
		got, err := hub.GuestByPIN(w.ID(), pin, from)
		switch {
		case wantCode == "" && (err != nil || got != id):
			t.Fatalf("GuestByPIN(%s) from %s = %q, %v; want %q", pin, from, got, err, id)
		case wantCode != "" && (exercises.ErrorCode(err) != wantCode || !strings.Contains(exercises.ErrorMessage(err), wantMessage)):
			t.Fatalf("GuestByPIN(%s) from %s: err = %v, want %s: %q", pin, from, err, wantCode, wantMessage)
		}
	}
	const wrong = "ZZZZ-ZZZZ"
	if pin == wrong {
		t.Skip("the guest drew the one PIN this test guesses")
	}
	for range 10 {
		lookup(pin, "a", "", "") // right PINs do not count
	}
	for range 3 {
		lookup(wrong, "a", exercises.ENotFound, "That PIN is not known in this workshop.")
	}
	const fromNetwork = "Too many wrong rejoin PINs have been typed from your network just now. Please try again in 20 seconds, or join as a new guest."
	lookup(wrong, "a", session.ELimited, fromNetwork)
	lookup(pin, "a", session.ELimited, fromNetwork) // not looked up
	advance(5 * time.Second)
	lookup(wrong, "a", session.ELimited, "try again in 15 seconds")

	// Two more wrong ones from elsewhere fill the workshop's five.
	lookup(wrong, "b", exercises.ENotFound, "not known")
	lookup(wrong, "c", exercises.ENotFound, "not known")
	const inWorkshop = "Too many wrong rejoin PINs have been typed in this workshop just now. Please try again in 5 seconds, or join as a new guest."
	lookup(pin, "d", session.ELimited, inWorkshop)
	// A refusal by the workshop's limit took nothing from the source's.
	advance(5 * time.Second)
	lookup(pin, "d", "", "")
	for range 3 {
		lookup(wrong, "d", exercises.ENotFound, "not known")
		advance(10 * time.Second)
	}
}

// TestSixDigitGuessesAreHeldTighter checks that wrong six-digit PINs have a
// limit of their own per workshop, a tenth of its burst, and that guesses
// at eight-character PINs are not held to it.
func TestSixDigitGuessesAreHeldTighter(t *testing.T) {
	hub, w, _ := pinHub(t, session.Options{WorkshopPINRate: 1, WorkshopPINBurst: 20})
	for i := range 2 {
		if _, err := hub.GuestByPIN(w.ID(), "999999", fmt.Sprint(i)); exercises.ErrorCode(err) != exercises.ENotFound {
			t.Fatalf("wrong six-digit PIN %d: err = %v, want not found", i+1, err)
		}
	}
	if _, err := hub.GuestByPIN(w.ID(), "999999", "x"); exercises.ErrorCode(err) != session.ELimited ||
		!strings.Contains(exercises.ErrorMessage(err), "in this workshop just now. Please try again in 17 minutes") {
		t.Fatalf("a third wrong six-digit PIN: err = %v, want the workshop's limit, for 1,000 s", err)
	}
	if _, err := hub.GuestByPIN(w.ID(), "ZZZZ-ZZZZ", "x"); exercises.ErrorCode(err) != exercises.ENotFound {
		t.Fatalf("an eight-character guess after: err = %v, want not found", err)
	}
}

// TestNewGuestsPerSource limits the guests one source creates, and tells
// them when to try again; another source is not affected.
func TestNewGuestsPerSource(t *testing.T) {
	hub, w, advance := pinHub(t, session.Options{GuestRate: 0.2, GuestBurst: 2})
	for i := range 2 {
		if _, _, err := hub.NewGuest(w.ID(), "venue"); err != nil {
			t.Fatalf("guest %d: %v", i+1, err)
		}
	}
	_, _, err := hub.NewGuest(w.ID(), "venue")
	if want := "Too many new guests have joined from your network just now. Please try again in 5 seconds."; exercises.ErrorCode(err) != session.ELimited || exercises.ErrorMessage(err) != want {
		t.Fatalf("a third guest: err = %v, want %q", err, want)
	}
	if _, _, err := hub.NewGuest(w.ID(), "elsewhere"); err != nil {
		t.Fatalf("a guest from elsewhere: %v", err)
	}
	advance(5 * time.Second)
	if _, _, err := hub.NewGuest(w.ID(), "venue"); err != nil {
		t.Fatalf("5 s later: %v", err)
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
	if _, err := w.Do(context.Background(), "SHA256:ana", exercises.SetAnswer{Activity: 0, Text: "late"}); !errors.Is(err, session.ErrClosed) {
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
	meta, err := hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: agenda(t, checkin.Kind), CreatedBy: facilitatorID})
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
