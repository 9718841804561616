package session

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"commonground/exercises"
)

func TestRateLimiter(t *testing.T) {
	type step struct {
		at   time.Duration // since the start
		key  string
		want bool
	}
	for _, tc := range []struct {
		name  string
		rate  float64
		burst int
		steps []step
	}{
		{"a burst, then refused", 1, 3, []step{
			{0, "a", true}, {0, "a", true}, {0, "a", true}, {0, "a", false}, {0, "a", false},
		}},
		{"a second earns one token", 1, 3, []step{
			{0, "a", true}, {0, "a", true}, {0, "a", true}, {0, "a", false},
			{time.Second, "a", true}, {time.Second, "a", false},
		}},
		{"fractions of a token add up", 2, 1, []step{
			{0, "a", true}, {250 * time.Millisecond, "a", false}, {500 * time.Millisecond, "a", true},
		}},
		{"refills up to the burst, no further", 10, 2, []step{
			{0, "a", true}, {0, "a", true}, {0, "a", false},
			{time.Minute, "a", true}, {time.Minute, "a", true}, {time.Minute, "a", false},
		}},
		{"keys are independent", 1, 1, []step{
			{0, "a", true}, {0, "a", false}, {0, "b", true}, {0, "b", false},
		}},
		{"a clock going backwards earns nothing", 1, 1, []step{
			{10 * time.Second, "a", true}, {0, "a", false}, {10 * time.Second, "a", false}, {11 * time.Second, "a", true},
		}},
		{"a burst below one is one", 1, 0, []step{
			{0, "a", true}, {0, "a", false},
		}},
		{"no rate, no limit", 0, 0, []step{
			{0, "a", true}, {0, "a", true}, {0, "a", true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
			l := NewRateLimiter(tc.rate, tc.burst)
			for i, s := range tc.steps {
				if got := l.Allow(s.key, start.Add(s.at)); got != s.want {
					t.Errorf("step %d (%s at +%v): Allow = %v, want %v", i, s.key, s.at, got, s.want)
				}
			}
		})
	}
}

// TestRateLimiterForgetsFullBuckets checks that memory stays bounded by the
// keys seen lately: a bucket that has filled up again is dropped, one still
// refilling is kept (else forgetting it would hand out a fresh burst).
func TestRateLimiterForgetsFullBuckets(t *testing.T) {
	start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	l := NewRateLimiter(1, 1)
	for i := range minSweep - 1 {
		l.Allow(fmt.Sprint("old", i), start)
	}
	l.Allow("busy", start.Add(9900*time.Millisecond))
	l.Allow("new", start.Add(10*time.Second)) // the map is full: sweep first
	if len(l.buckets) != 2 {
		t.Errorf("%d buckets after the sweep, want 2 (busy, new)", len(l.buckets))
	}
	if l.Allow("busy", start.Add(10*time.Second)) {
		t.Errorf("a bucket still refilling was forgotten: busy got a token back early")
	}
}

func TestRateLimiterConcurrent(t *testing.T) {
	l := NewRateLimiter(0.001, 100)
	now := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if l.Allow("a", now) {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if allowed != 100 {
		t.Errorf("%d of 400 concurrent calls allowed, want the burst of 100", allowed)
	}
}

// TestSubmitRate runs the limit through a real hub: a participant beyond
// the rate is refused with the person-facing message and nothing changes;
// the facilitator is not limited; time gives the participant tokens back.
func TestSubmitRate(t *testing.T) {
	store, err := OpenBolt(filepath.Join(t.TempDir(), "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	var mu sync.Mutex
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	hub := NewHub(store, Options{Now: clock, SubmitRate: 1, SubmitBurst: 2})
	t.Cleanup(hub.Close)
	checkin, err := exercises.NewActivity(exercises.CheckIn)
	if err != nil {
		t.Fatal(err)
	}
	const fac, ada = "SHA256:fac", "SHA256:ada"
	meta, err := hub.Create(NewWorkshop{Title: "Kickoff", Agenda: []exercises.Activity{checkin}, CreatedBy: fac})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	do := func(id string, a Action) error {
		_, err := w.Do(ctx, id, a)
		return err
	}
	if err := do(ada, Join{Name: "Ada", Org: "Food Bank"}); err != nil {
		t.Fatal(err)
	}
	if err := do(ada, Answer{Text: "first"}); err != nil {
		t.Fatal(err)
	}
	before := w.Snapshot().Version
	err = do(ada, Answer{Text: "second"})
	if exercises.ErrorCode(err) != ELimited || exercises.ErrorMessage(err) != "Slow down: too many submissions — try again in a moment." {
		t.Fatalf("the third submission in a burst of 2: err = %v, want the slow-down refusal", err)
	}
	if w.Snapshot().Version != before || w.Snapshot().Activities[0].Answers[ada][0].Text != "first" {
		t.Errorf("a refused submission changed the workshop")
	}
	for i := range 10 {
		if err := do(fac, Reveal{Activity: 0, On: i%2 == 0}); err != nil {
			t.Fatalf("facilitator's action %d: %v", i+1, err)
		}
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	if err := do(ada, Answer{Text: "second"}); err != nil {
		t.Errorf("a second later: %v", err)
	}
	if err := do(ada, Answer{Text: "third"}); exercises.ErrorCode(err) != ELimited {
		t.Errorf("the token earned in a second was spent, yet: err = %v", err)
	}
}
