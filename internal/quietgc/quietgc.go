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
package quietgc

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Collector collects once the work it is told about has paused for its
// quiet period.
type Collector struct {
	quiet   time.Duration
	share   float64       // of the way to the next collection's goal, from the live heap, that makes one due
	last    atomic.Int64  // when Touch was last called, in nanoseconds of the monotonic clock below
	epoch   time.Time     // the zero of last
	poke    chan struct{} // capacity 1: work happened
	samples []metrics.Sample
	runs    atomic.Int64 // collections run
}

// New returns a collector that collects after quiet without a Touch, when
// the heap has grown more than share (0 to 1) of the way from the live heap
// to the goal at which the runtime would collect by itself.
func New(quiet time.Duration, share float64) *Collector {
	return &Collector{
		quiet: quiet,
		share: share,
		epoch: time.Now(),
		poke:  make(chan struct{}, 1),
		samples: []metrics.Sample{
			{Name: "/gc/heap/live:bytes"},
			{Name: "/gc/heap/goal:bytes"},
			{Name: "/memory/classes/heap/objects:bytes"},
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
		// Wait until nothing has been touched for the quiet period.
		for {
			left := c.quiet - (time.Since(c.epoch) - time.Duration(c.last.Load()))
			if left <= 0 {
				break
			}
			wait.Reset(left)
			select {
			case <-ctx.Done():
				return
			case <-wait.C:
			}
		}
		if c.due() {
			runtime.GC()
			c.runs.Add(1)
		}
	}
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
