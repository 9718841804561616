package session

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
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

// TestRateLimiterTakeAndGive checks the wait Take reports when a bucket is
// empty and that Give puts a token back, never beyond the burst.
func TestRateLimiterTakeAndGive(t *testing.T) {
	start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	type step struct {
		at   time.Duration // since the start
		give bool          // Give instead of Take
		ok   bool
		wait time.Duration // what Take reports when it refuses
	}
	for _, tc := range []struct {
		name  string
		rate  float64
		burst int
		steps []step
	}{
		{"the wait is until the next whole token", 0.05, 2, []step{
			{at: 0, ok: true}, {at: 0, ok: true}, {at: 0, wait: 20 * time.Second}, {at: 5 * time.Second, wait: 15 * time.Second},
			{at: 20 * time.Second, ok: true}, {at: 20 * time.Second, wait: 20 * time.Second},
		}},
		{"a token given back is taken again", 1, 1, []step{
			{at: 0, ok: true}, {at: 0, wait: time.Second}, {at: 0, give: true}, {at: 0, ok: true}, {at: 0, wait: time.Second},
		}},
		{"giving never goes beyond the burst", 1, 2, []step{
			{at: 0, ok: true}, {at: 0, give: true}, {at: 0, give: true}, {at: 0, give: true},
			{at: 0, ok: true}, {at: 0, ok: true}, {at: 0, wait: time.Second},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewRateLimiter(tc.rate, tc.burst)
			for i, s := range tc.steps {
				if s.give {
					l.Give("a", start.Add(s.at))
					continue
				}
				wait, ok := l.Take("a", start.Add(s.at))
				if ok != s.ok || wait != s.wait {
					t.Errorf("step %d at +%v: Take = %v, %v; want %v, %v", i, s.at, wait, ok, s.wait, s.ok)
				}
			}
		})
	}
	var none *RateLimiter
	if wait, ok := none.Take("a", start); !ok || wait != 0 {
		t.Errorf("no limiter: Take = %v, %v; want 0, true", wait, ok)
	}
	none.Give("a", start) // does nothing, and does not panic
}

// TestPINLimitsArithmetic checks the figures the README gives for the
// command's default limits on wrong rejoin PINs: someone guessing
// non-stop, one try a second, gets burst + rate × 86,400 tries in a day from
// one address, in one workshop, and at the six-digit PINs of one workshop.
func TestPINLimitsArithmetic(t *testing.T) {
	const day = 24 * time.Hour
	for _, tc := range []struct {
		name  string
		l     *RateLimiter
		daily int
	}{
		{"per address: 30, then one every 20 s", NewRateLimiter(0.05, 30), 30 + 4320},
		{"per workshop: 100, then one every 10 s", NewRateLimiter(0.1, 100), 100 + 8640},
		{"six-digit PINs per workshop: 10, then one every 10,000 s", NewRateLimiter(0.1/legacyPINRateDivisor, 100/legacyPINBurstDivisor), 10 + 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
			got := 0
			for at := time.Duration(0); at <= day; at += time.Second {
				if _, ok := tc.l.Take("k", start.Add(at)); ok {
					got++
				}
			}
			// A day's sum of small refills may round the last token away.
			if got != tc.daily && got != tc.daily-1 {
				t.Errorf("%d wrong PINs allowed in a day, want %d", got, tc.daily)
			}
		})
	}
}

func TestRetryIn(t *testing.T) {
	for _, tc := range []struct {
		wait time.Duration
		want string
	}{
		{0, "in 1 second"},
		{300 * time.Millisecond, "in 1 second"},
		{1500 * time.Millisecond, "in 2 seconds"},
		{20 * time.Second, "in 20 seconds"},
		{59 * time.Second, "in 59 seconds"},
		{60 * time.Second, "in 1 minute"},
		{61 * time.Second, "in 2 minutes"},
		{time.Hour, "in 60 minutes"},
		{10000 * time.Second, "in 3 hours"},
	} {
		if got := retryIn(tc.wait); got != tc.want {
			t.Errorf("retryIn(%v) = %q, want %q", tc.wait, got, tc.want)
		}
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
	checkin, err := catalog.New(checkin.Kind)
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
	if err := do(ada, exercises.SetAnswer{Text: "first"}); err != nil {
		t.Fatal(err)
	}
	before := w.Snapshot().Version
	err = do(ada, exercises.SetAnswer{Text: "second"})
	if exercises.ErrorCode(err) != ELimited || exercises.ErrorMessage(err) != "Slow down: too many submissions — try again in a moment." {
		t.Fatalf("the third submission in a burst of 2: err = %v, want the slow-down refusal", err)
	}
	if w.Snapshot().Version != before || exercises.AnswersOf(w.Snapshot().Activities[0].Data)[ada][0].Text != "first" {
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
	if err := do(ada, exercises.SetAnswer{Text: "second"}); err != nil {
		t.Errorf("a second later: %v", err)
	}
	if err := do(ada, exercises.SetAnswer{Text: "third"}); exercises.ErrorCode(err) != ELimited {
		t.Errorf("the token earned in a second was spent, yet: err = %v", err)
	}
}
