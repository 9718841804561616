// Package quietgc runs the garbage collector in the quiet after a burst of
// work, before the runtime would start one in the middle of the next burst.
//
// A workshop server allocates only while it works: when a change fans out,
// every connection draws a frame. So the runtime's own collections always
// start during a change, and at a thousand connections a collection costs
// about 100 ms of CPU, which lands on the frames of that change: every
// screen shows it that much later. Changes come at a person's pace, with
// quiet between them; a collection run in that quiet, once the heap is
// well on its way to the next one, moves the cost out of everyone's way.
// Under a steady stream of changes there is no quiet, and the runtime
// collects as it always does.
//
// Once the quiet lasts (a room between exercises, a server between
// workshops), it also gives memory back to the system. A room's arrivals
// and changes grow every connection's goroutine stacks, which only
// collections shrink, and the runtime keeps what it freed for its next
// growth: after a thousand participants arrived, the server held twice the
// memory it used. At rest, a few collections return it. A collection
// halves a stack at most once, so a rest collects until the stacks stop
// shrinking: a participant's first frames grew their connection's stack
// to 128 KiB, which two collections had left at 32.
package quietgc

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Collector collects once the work it is told about has paused for its
// quiet period.
type Collector struct {
	quiet   time.Duration
	rest    time.Duration // a quiet this long is rest: memory is given back
	share   float64       // of the way to the next collection's goal, from the live heap, that makes one due
	last    atomic.Int64  // when Touch was last called, in nanoseconds of the monotonic clock below
	epoch   time.Time     // the zero of last
	poke    chan struct{} // capacity 1: work happened
	samples []metrics.Sample
	runs    atomic.Int64 // collections run
	shrinks atomic.Int64 // collections run at rest to shrink the stacks
	returns atomic.Int64 // times memory was given back
}

const (
	// restReturns is how many times one rest gives memory back: each
	// collection halves the stacks that grew, so a few return them.
	restReturns = 3
	// minFree is the free memory kept without giving it back: less is
	// not worth a collection. At 16 MiB a room of 200 kept 9 MiB it did
	// not use, 46 KiB a participant (docs/PERFORMANCE.md); a collection
	// of a small heap at rest costs a few milliseconds.
	minFree = 1 << 20
)

// New returns a collector that collects after quiet without a Touch, when
// the heap has grown more than share (0 to 1) of the way from the live heap
// to the goal at which the runtime would collect by itself, and that gives
// memory back to the system after rest without a Touch; rest 0: never.
func New(quiet, rest time.Duration, share float64) *Collector {
	return &Collector{
		quiet: quiet,
		rest:  rest,
		share: share,
		epoch: time.Now(),
		poke:  make(chan struct{}, 1),
		samples: []metrics.Sample{
			{Name: "/gc/heap/live:bytes"},
			{Name: "/gc/heap/goal:bytes"},
			{Name: "/memory/classes/heap/objects:bytes"},
			{Name: "/memory/classes/heap/free:bytes"},
			{Name: "/memory/classes/heap/stacks:bytes"},
		},
	}
}

// Touch records work. It never blocks: it is called from the path that
// publishes every change.
func (c *Collector) Touch() {
	c.last.Store(int64(time.Since(c.epoch)))
	select {
	case c.poke <- struct{}{}:
	default: // already noted
	}
}

// Runs reports how many collections the collector has run.
func (c *Collector) Runs() int64 { return c.runs.Load() }

// Returns reports how many times the collector gave memory back.
func (c *Collector) Returns() int64 { return c.returns.Load() }

// Shrinks returns how many collections were run at rest to shrink the
// goroutine stacks.
func (c *Collector) Shrinks() int64 { return c.shrinks.Load() }

// Run collects in the quiet after each burst of work, when one is due,
// until ctx ends.
func (c *Collector) Run(ctx context.Context) {
	wait := time.NewTimer(c.quiet)
	wait.Stop()
	defer wait.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.poke:
		}
		if !c.quietFor(ctx, wait, c.quiet) {
			return
		}
		if c.due() {
			runtime.GC()
			c.runs.Add(1)
		}
		c.giveBack(ctx, wait)
	}
}

// quietFor waits until nothing has been touched for d, and reports false
// if ctx ended first.
func (c *Collector) quietFor(ctx context.Context, wait *time.Timer, d time.Duration) bool {
	for {
		left := d - (time.Since(c.epoch) - time.Duration(c.last.Load()))
		if left <= 0 {
			return true
		}
		wait.Reset(left)
		select {
		case <-ctx.Done():
			return false
		case <-wait.C:
		}
	}
}

// giveBack returns free memory to the system while the quiet lasts into
// rest, up to restReturns times, rest apart. A Touch ends it at once and
// is left for Run: the work's own quiet comes first.
func (c *Collector) giveBack(ctx context.Context, wait *time.Timer) {
	if c.rest <= 0 {
		return
	}
	for i := range restReturns {
		wait.Reset(c.rest)
		select {
		case <-ctx.Done():
			return
		case <-c.poke:
			select { // left for Run, unless a Touch since has left one
			case c.poke <- struct{}{}:
			default:
			}
			return
		case <-wait.C:
		}
		if i == 0 {
			// The first rest gives memory back until the stacks stop
			// shrinking, which holdsFree would not see: what a
			// collection frees of the stacks, the runtime may already
			// have returned in the background.
			if !c.shrinkStacks() {
				return // work came: its poke is left for Run
			}
			continue
		}
		if !c.holdsFree() {
			return
		}
		debug.FreeOSMemory()
		c.returns.Add(1)
	}
}

// maxShrinks bounds the collections one rest runs to shrink the stacks:
// each halves every stack using less than a quarter of itself, and six take
// one of 128 KiB to the runtime's least.
const maxShrinks = 6

// shrinkStacks collects and gives free memory back until the goroutine
// stacks stop shrinking, up to maxShrinks times, and reports false if work
// came first: the rest is over, and the work's own quiet will bring
// another. At 5,000 connections each collection took some 300 ms of CPU
// (140 ms on the clock), at 1,000 some 50 ms: once per rest, for a sixth
// less memory held at rest (docs/PERFORMANCE.md).
func (c *Collector) shrinkStacks() bool {
	before, ok := c.stacks()
	for range maxShrinks {
		// A Touch leaves a poke that only Run takes: work since the rest
		// began, or since the last collection.
		if len(c.poke) != 0 {
			return false
		}
		debug.FreeOSMemory() // a collection, which halves what stacks it can
		c.shrinks.Add(1)
		c.returns.Add(1)
		after, _ := c.stacks()
		if !ok || before-min(after, before) < before/16 {
			return true // what is left shrinks no more, or hardly; or a runtime without the metric
		}
		before = after
	}
	return true
}

// stacks returns the bytes the runtime holds for goroutine stacks, with
// the spans it keeps cached for new ones.
func (c *Collector) stacks() (uint64, bool) { return c.read(4) }

// read reads the metrics and returns sample i's value, if this runtime
// has it.
func (c *Collector) read(i int) (uint64, bool) {
	metrics.Read(c.samples)
	v := c.samples[i].Value
	if v.Kind() != metrics.KindUint64 {
		return 0, false
	}
	return v.Uint64(), true
}

// holdsFree reports whether the runtime keeps enough free memory, not
// given back, to be worth a collection.
func (c *Collector) holdsFree() bool {
	free, ok := c.read(3)
	return ok && free >= minFree
}

// due reports whether a collection is due now, from the runtime's metrics.
func (c *Collector) due() bool {
	metrics.Read(c.samples)
	live, goal, heap := c.samples[0].Value, c.samples[1].Value, c.samples[2].Value
	if live.Kind() != metrics.KindUint64 || goal.Kind() != metrics.KindUint64 || heap.Kind() != metrics.KindUint64 {
		return false // a runtime without these metrics: leave collecting to it
	}
	return dueAt(live.Uint64(), goal.Uint64(), heap.Uint64(), c.share)
}

// dueAt reports whether a heap of heap bytes, whose last collection left
// live bytes and whose next is due at goal, has grown more than share of
// the way from live to goal: far enough that collecting now saves the
// runtime's own collection from landing on work, and not so early that
// the quiet collections outnumber the ones they replace.
func dueAt(live, goal, heap uint64, share float64) bool {
	if goal <= live || heap <= live {
		return false
	}
	return float64(heap-live) >= share*float64(goal-live)
}
