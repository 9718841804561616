package etcdstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"commonground/etcdstore"
	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/internal/etcdtest"
	"commonground/session"
)

// wait bounds every wait: generous, as the machine is small and shared.
const wait = 30 * time.Second

const facilitator = "SHA256:facilitator"

// open connects a node's store to the cluster; it closes when the test ends.
func open(t *testing.T, c *etcdtest.Cluster) *etcdstore.Store {
	t.Helper()
	s, err := etcdstore.Open(etcdstore.Options{Endpoints: c.Endpoints(), LeaseTTL: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func hubOver(t *testing.T, s session.Store) *session.Hub {
	t.Helper()
	h := session.NewHub(s, session.Options{})
	t.Cleanup(h.Close)
	return h
}

// newWorkshop creates a check-in workshop on hub.
func newWorkshop(t testing.TB, hub *session.Hub) session.WorkshopMeta {
	t.Helper()
	a, err := catalog.New(checkin.Kind)
	if err != nil {
		t.Fatal(err)
	}
	meta, err := hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: []exercises.Activity{a}, CreatedBy: facilitator})
	if err != nil {
		t.Fatal(err)
	}
	return meta
}

func openWorkshop(t *testing.T, hub *session.Hub, code string) *session.Workshop {
	t.Helper()
	w, err := hub.Open(code)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func do(t *testing.T, w *session.Workshop, id string, a session.Action) {
	t.Helper()
	if _, err := w.Do(context.Background(), id, a); err != nil {
		t.Fatalf("%s: %T: %v", id, a, err)
	}
}

// until waits for the workshop's newest snapshot to satisfy ok.
func until(t *testing.T, w *session.Workshop, what string, ok func(*session.Snapshot) bool) *session.Snapshot {
	t.Helper()
	sub, err := w.Subscribe("SHA256:watcher")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	timeout := time.After(wait)
	for {
		if snap := w.Snapshot(); ok(snap) {
			return snap
		}
		select {
		case <-sub.C:
		case <-timeout:
			t.Fatalf("not within %v: %s", wait, what)
		}
	}
}

func answer(snap *session.Snapshot, id string) string {
	for _, r := range snap.Responses(0) {
		if r.Person.ID == id {
			return r.Answer.Text
		}
	}
	return ""
}

func TestStoreKeepsWorkshopsProfilesAndPINs(t *testing.T) {
	c := etcdtest.Start(t, 1)
	s := open(t, c)
	meta := session.WorkshopMeta{ID: "w1", Code: "abcd2345", Title: "One", Created: time.Now().UTC().Truncate(time.Second)}
	first := session.Event{Type: session.EvWorkshopCreated, V: 3, At: meta.Created}
	if err := s.CreateWorkshop(meta, first); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateWorkshop(session.WorkshopMeta{ID: "w2", Code: meta.Code}, first); !errors.Is(err, session.ErrCodeTaken) {
		t.Fatalf("a second workshop with the code: %v, want ErrCodeTaken", err)
	}
	got, err := s.WorkshopByCode(meta.Code)
	if err != nil || got != meta {
		t.Fatalf("WorkshopByCode = %+v, %v; want %+v", got, err, meta)
	}
	if _, err := s.WorkshopByCode("zzzz9999"); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("an unknown code: %v", err)
	}
	list, err := s.Workshops()
	if err != nil || len(list) != 1 || list[0] != meta {
		t.Fatalf("Workshops = %+v, %v", list, err)
	}

	// A batch too big for one key is kept in several, in one transaction.
	var batch []session.Event
	for i := range 300 {
		batch = append(batch, session.Event{Type: "test", V: 3, Data: []byte(fmt.Sprintf("%q", strings.Repeat("x", 2000)+fmt.Sprint(i)))})
	}
	if _, err := s.AppendAfter("w1", 1, batch); err != nil {
		t.Fatal(err)
	}
	if batch[0].Seq != 2 || batch[299].Seq != 301 {
		t.Fatalf("numbered %d..%d, want 2..301", batch[0].Seq, batch[299].Seq)
	}
	moved, err := s.AppendAfter("w1", 299, []session.Event{{Type: "test", V: 3, Data: []byte("1")}})
	if !errors.Is(err, session.ErrMoved) || len(moved.Moved) != 2 || moved.Moved[0].Seq != 300 || moved.Moved[1].Seq != 301 {
		t.Fatalf("an append decided on event 299 after 301: %d events moved, %v; want ErrMoved with events 300 and 301", len(moved.Moved), err)
	}
	if _, err := s.AppendAfter("nope", 0, batch[:1]); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("an append to no log: %v, want ErrNotFound", err)
	}
	if err := s.Append("w1", []session.Event{{Type: "test", V: 3, Data: []byte("1")}}); err != nil {
		t.Fatal(err)
	}
	events, err := s.Events("w1")
	if err != nil || len(events) != 302 {
		t.Fatalf("Events: %d, %v; want 302", len(events), err)
	}
	for i, ev := range events {
		if ev.Seq != uint64(i+1) {
			t.Fatalf("event %d has number %d", i, ev.Seq)
		}
	}
	after, err := s.EventsAfter("w1", 299)
	if err != nil || len(after) != 3 || after[0].Seq != 300 {
		t.Fatalf("EventsAfter 299: %d events from %v, %v", len(after), after, err)
	}

	if _, err := s.Profile("SHA256:ana"); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("an unknown profile: %v", err)
	}
	p := session.Profile{ID: "SHA256:ana", Name: "Ana", Org: "Food Bank"}
	if err := s.SaveProfile(p); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Profile(p.ID); err != nil || got != p {
		t.Fatalf("Profile = %+v, %v", got, err)
	}
	if ok, err := s.ClaimPIN("w1", "K7WQM3XD", "guest:a"); !ok || err != nil {
		t.Fatalf("first claim: %v, %v", ok, err)
	}
	if ok, err := s.ClaimPIN("w1", "K7WQM3XD", "guest:b"); ok || err != nil {
		t.Fatalf("second claim of the PIN: %v, %v; want refused", ok, err)
	}
	if id, err := s.GuestByPIN("w1", "K7WQM3XD"); id != "guest:a" || err != nil {
		t.Fatalf("GuestByPIN = %q, %v", id, err)
	}

	// One claim wins, whoever asks again.
	other := open(t, c)
	if won, err := s.Claim("demo-workshop"); !won || err != nil {
		t.Fatalf("the first claim: %v, %v", won, err)
	}
	if won, err := other.Claim("demo-workshop"); won || err != nil {
		t.Fatalf("another node's claim after it: %v, %v; want refused", won, err)
	}

	// The first node's key is everyone's.
	k1, err := s.SharedKey("host", func() ([]byte, error) { return []byte("first"), nil })
	if err != nil {
		t.Fatal(err)
	}
	k2, err := s.SharedKey("host", func() ([]byte, error) { return []byte("second"), nil })
	if err != nil || string(k1) != "first" || string(k2) != "first" {
		t.Fatalf("shared keys %q, %q (%v); want the first both times", k1, k2, err)
	}
}

// Two nodes serve one workshop: what either accepts, both show, in one
// order, even when both append at once; viewers on one are present on the
// other, and leave it when their node dies.
func TestTwoNodesServeOneWorkshop(t *testing.T) {
	c := etcdtest.Start(t, 3)
	storeA, storeB := open(t, c), open(t, c)
	hubA, hubB := hubOver(t, storeA), hubOver(t, storeB)
	meta := newWorkshop(t, hubA)
	wA, wB := openWorkshop(t, hubA, meta.Code), openWorkshop(t, hubB, meta.Code)

	do(t, wB, "SHA256:ben", session.Join{Name: "Ben", Org: "Transit"})
	do(t, wB, "SHA256:ben", exercises.SetAnswer{Activity: 0, Text: "from B"})
	until(t, wA, "Ben's answer on node A", func(s *session.Snapshot) bool { return answer(s, "SHA256:ben") == "from B" })

	// Both nodes at once: every action is accepted, decided again where
	// the other node appended first.
	const n = 20
	var wg sync.WaitGroup
	for node, w := range map[string]*session.Workshop{"a": wA, "b": wB} {
		for i := range n {
			id := fmt.Sprintf("SHA256:%s%d", node, i)
			wg.Go(func() {
				do(t, w, id, session.Join{Name: "P " + node + fmt.Sprint(i), Org: "Org"})
				do(t, w, id, exercises.SetAnswer{Activity: 0, Text: "answer " + id})
			})
		}
	}
	wg.Wait()
	everyone := func(s *session.Snapshot) bool { return len(s.Responses(0)) == 2*n+1 }
	a := until(t, wA, "every answer on A", everyone)
	b := until(t, wB, "every answer on B", everyone)
	for _, node := range []string{"a", "b"} {
		for i := range n {
			id := fmt.Sprintf("SHA256:%s%d", node, i)
			if answer(a, id) != "answer "+id || answer(b, id) != "answer "+id {
				t.Fatalf("%s's answer: %q on A, %q on B", id, answer(a, id), answer(b, id))
			}
		}
	}
	events, err := storeA.Events(meta.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := uint64(len(events)); got != a.Seq || a.Seq != b.Seq {
		t.Fatalf("the log has %d events; A is at %d, B at %d", got, a.Seq, b.Seq)
	}

	// A viewer on B is in the room on A.
	sub, err := wB.Subscribe("SHA256:ben")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	until(t, wA, "Ben present on A", func(s *session.Snapshot) bool { return s.Connected("SHA256:ben") && s.Elsewhere == 1 })

	// One member of three dies: the cluster carries on.
	c.Stop(0)
	do(t, wA, "SHA256:a0", exercises.SetAnswer{Activity: 0, Text: "after a member died"})
	until(t, wB, "the answer after a member died, on B", func(s *session.Snapshot) bool {
		return answer(s, "SHA256:a0") == "after a member died"
	})

	// Node B stops: its lease ends with it, and Ben is gone from A. (A
	// node killed outright, whose lease runs out instead, is
	// cmd/commonground's TestCluster.)
	hubB.Close()
	storeB.Close()
	until(t, wA, "Ben gone from A once B stopped", func(s *session.Snapshot) bool { return !s.Connected("SHA256:ben") && s.Elsewhere == 0 })
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // nil: refused
	}{
		{"etcd://10.0.0.1:2379", []string{"10.0.0.1:2379"}},
		{"etcd://a:2379,b:2379,c:2379/", []string{"a:2379", "b:2379", "c:2379"}},
		{"etcd://a:2379,,b:2379", []string{"a:2379", "b:2379"}},
		{"etcd://", nil},
		{"http://a:2379", nil},
		{"a:2379", nil},
		{"etcd://user@a:2379", nil},
		{"etcd://a:2379/path", nil},
	} {
		got, err := etcdstore.ParseURL(c.in)
		if c.want == nil {
			if err == nil {
				t.Errorf("ParseURL(%q) = %q, want an error", c.in, got)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("ParseURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
