package session_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// recorder is an Observer that keeps what it was told.
type recorder struct {
	mu      sync.Mutex
	decided []string // kind/refused
	commits []int    // events per commit
}

func (r *recorder) Decided(kind, refused string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.decided = append(r.decided, kind+"/"+refused)
}

func (r *recorder) Committed(events int, _ time.Duration, failed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !failed {
		r.commits = append(r.commits, events)
	}
}

// TestObserverHearsEveryOutcome: each action's outcome reaches the hub's
// observer once, stored or with the code of the rule that refused it,
// refusals of the submission rate (decided before the owner) included,
// and every commit with its events; the live workshops count who is
// connected, without facilitators.
func TestObserverHearsEveryOutcome(t *testing.T) {
	obs := &recorder{}
	hub := session.NewHub(newStore(t), session.Options{Observer: obs, SubmitRate: 0.001, SubmitBurst: 2,
		IsFacilitator: func(id string) bool { return id == facilitatorID }})
	t.Cleanup(hub.Close)
	w := openNew(t, hub, checkin.Kind)
	ctx := context.Background()
	do := func(id string, a session.Action) {
		t.Helper()
		_, _ = w.Do(ctx, id, a)
	}
	do("ana", session.Join{Name: "Ana", Org: "River Trust"}) // stored
	do("ana", session.Move{Activity: 0, Phase: 1})           // forbidden: not a facilitator
	do("ana", session.Join{Name: "Ana", Org: "River Trust"}) // over the submission rate
	do(facilitatorID, session.Move{Activity: 0, Phase: 1})   // stored
	sub, err := w.Subscribe("ana")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	fsub, err := w.Subscribe(facilitatorID)
	if err != nil {
		t.Fatal(err)
	}
	defer fsub.Close()

	obs.mu.Lock()
	got := slices.Clone(obs.decided)
	commits := slices.Clone(obs.commits)
	obs.mu.Unlock()
	want := []string{"session.Join/", "session.Move/" + exercises.EForbidden, "session.Join/" + exercises.ELimited, "session.Move/"}
	if !slices.Equal(got, want) {
		t.Errorf("decided %q, want %q", got, want)
	}
	if len(commits) != 2 || commits[0] < 1 || commits[1] < 1 {
		t.Errorf("commits %v, want two, each with its events", commits)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		live := hub.Live()
		if len(live) == 1 && live[0].ID == w.ID() && live[0].Participants == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("live workshops %+v, want the one with Ana alone counted", live)
		}
	}
}
