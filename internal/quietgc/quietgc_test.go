package quietgc

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestDueAt(t *testing.T) {
	const MB = 1 << 20
	for _, c := range []struct {
		name             string
		live, goal, heap uint64
		share            float64
		want             bool
	}{
		{"just collected", 70 * MB, 140 * MB, 70 * MB, 0.5, false},
		{"a little way", 70 * MB, 140 * MB, 90 * MB, 0.5, false},
		{"half way", 70 * MB, 140 * MB, 105 * MB, 0.5, true},
		{"nearly at the goal", 70 * MB, 140 * MB, 139 * MB, 0.5, true},
		{"past the goal, mid-collection", 70 * MB, 140 * MB, 150 * MB, 0.5, true},
		{"share 0: any growth", 70 * MB, 140 * MB, 70*MB + 1, 0, true},
		{"share 0, no growth", 70 * MB, 140 * MB, 70 * MB, 0, false},
		{"share 1: only at the goal", 70 * MB, 140 * MB, 139 * MB, 1, false},
		{"heap below live (swept)", 70 * MB, 140 * MB, 60 * MB, 0.5, false},
		{"no goal yet", 0, 0, 4 * MB, 0.5, false},
		{"goal below live", 70 * MB, 60 * MB, 80 * MB, 0.5, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := dueAt(c.live, c.goal, c.heap, c.share); got != c.want {
				t.Errorf("dueAt(live %d, goal %d, heap %d, share %v) = %v, want %v", c.live, c.goal, c.heap, c.share, got, c.want)
			}
		})
	}
}

// sink keeps allocations alive so that the heap grows past the last
// collection's live heap.
var sink [][]byte

// grow allocates until a collection is due.
func grow(t *testing.T, c *Collector) {
	t.Helper()
	for range 1000 {
		if c.due() {
			return
		}
		sink = append(sink, make([]byte, 64<<10))
	}
	t.Fatal("the heap never grew past the last collection's live heap")
}

// waitRuns waits until the collector has run n collections.
func waitRuns(t *testing.T, c *Collector, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for c.Runs() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the collector ran %d collections, want %d", c.Runs(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestCollectsInTheQuiet runs the real runtime's collector: nothing while
// work keeps coming, one collection once it stops, and none after work
// that left nothing to collect for.
func TestCollectsInTheQuiet(t *testing.T) {
	c := New(time.Second, 0, 0.05)
	ctx, cancel := context.WithCancel(t.Context())
	ended := make(chan struct{})
	go func() { c.Run(ctx); close(ended) }()
	defer func() { cancel(); <-ended }()

	runtime.GC()
	sink = nil
	grow(t, c)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	// Work, with gaps far shorter than the quiet period.
	for range 60 {
		c.Touch()
		time.Sleep(5 * time.Millisecond)
	}
	if n := c.Runs(); n != 0 {
		t.Fatalf("the collector ran %d collections while work kept coming", n)
	}
	waitRuns(t, c, 1)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.NumForcedGC <= before.NumForcedGC {
		t.Errorf("forced collections: %d before, %d after; want more", before.NumForcedGC, after.NumForcedGC)
	}

	// Work that allocated nothing: the heap is still where the collection
	// left it, so none is due.
	sink = nil
	c.Touch()
	time.Sleep(2500 * time.Millisecond)
	if n := c.Runs(); n != 1 {
		t.Errorf("the collector ran %d collections, want still 1: nothing had grown", n)
	}
}

// TestRunEndsWithItsContext checks that Run returns once its context ends,
// even while it waits out a quiet period.
func TestRunEndsWithItsContext(t *testing.T) {
	c := New(time.Hour, 0, 0.5)
	ctx, cancel := context.WithCancel(t.Context())
	ended := make(chan struct{})
	go func() { c.Run(ctx); close(ended) }()
	c.Touch() // Run now waits an hour for quiet
	cancel()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

// TestGivesMemoryBackAtRest runs the real runtime: once the quiet after
// work lasts, the memory the work freed goes back to the system.
func TestGivesMemoryBackAtRest(t *testing.T) {
	c := New(50*time.Millisecond, 200*time.Millisecond, 0.5)
	ctx, cancel := context.WithCancel(t.Context())
	ended := make(chan struct{})
	go func() { c.Run(ctx); close(ended) }()
	defer func() { cancel(); <-ended }()

	// A burst of work that leaves 64 MB free once collected.
	for range 1024 {
		sink = append(sink, make([]byte, 64<<10))
	}
	runtime.GC()
	sink = nil
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	c.Touch()
	deadline := time.Now().Add(10 * time.Second)
	for c.Returns() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no memory was given back at rest")
		}
		time.Sleep(10 * time.Millisecond)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.HeapReleased <= before.HeapReleased {
		t.Errorf("released %d bytes before and %d after: the rest gave nothing back", before.HeapReleased, after.HeapReleased)
	}
}

// TestShrinksStacksAtRest runs the real runtime: goroutines whose stacks
// grew deep and that then wait are left, at rest, with a small part of
// those stacks, however many halvings that takes.
func TestShrinksStacksAtRest(t *testing.T) {
	const goroutines = 64
	release := make(chan struct{})
	var parked sync.WaitGroup
	var done sync.WaitGroup
	for range goroutines {
		parked.Add(1)
		done.Go(func() {
			deep(200) // some 100 KiB of frames: a stack of 128 KiB
			parked.Done()
			<-release
		})
	}
	defer func() { close(release); done.Wait() }()
	parked.Wait()
	c := New(50*time.Millisecond, 200*time.Millisecond, 0.5)
	grown, ok := c.stacks()
	if !ok {
		t.Skip("this runtime has no stacks metric")
	}
	if grown < goroutines*64<<10 {
		t.Fatalf("stacks of %d bytes for %d goroutines: they did not grow", grown, goroutines)
	}

	ctx, cancel := context.WithCancel(t.Context())
	ended := make(chan struct{})
	go func() { c.Run(ctx); close(ended) }()
	defer func() { cancel(); <-ended }()
	c.Touch()
	deadline := time.Now().Add(20 * time.Second)
	for {
		now, _ := c.stacks()
		if now <= grown/8 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stacks of %d bytes at rest, grown to %d: want at most an eighth (%d collections at rest)", now, grown, c.Shrinks())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := c.Shrinks(); n < 3 {
		t.Errorf("%d collections at rest; an eighth takes at least 3 halvings", n)
	}
}

// deep recurses n times with a frame of some 512 bytes each.
//
//go:noinline
func deep(n int) byte {
	var pad [512]byte
	pad[n%len(pad)] = byte(n)
	if n == 0 {
		return pad[0]
	}
	return deep(n-1) + pad[n%len(pad)]
}
