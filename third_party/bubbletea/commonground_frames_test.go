package tea

// A test of CommonGround's patch 02-frames-on-demand to this copy
// (see ../README.md and ../patches/bubbletea): it fails on the upstream release.

import (
	"bytes"
	"sync/atomic"
	"testing"
	"time"
)

// countingRenderer draws nothing and counts the frames it is asked to flush.
type countingRenderer struct {
	nilRenderer
	flushes atomic.Int64
	panics  bool // flush panics
}

func (r *countingRenderer) flush(bool) error {
	r.flushes.Add(1)
	if r.panics {
		panic("injected fault in the renderer")
	}
	return nil
}

// waitUntil polls cond for up to ten seconds: a bound for a broken patch,
// not a measure of speed.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
	}
}

// runInBackground runs p and returns the channel its error arrives on.
func runInBackground(p *Program) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := p.Run()
		done <- err
	}()
	return done
}

// TestIdleRendererSleeps: patch 02-frames-on-demand. An idle program asks
// its renderer for no frames at all (upstream flushed on a ticker, fps
// times a second, which a thousand idle SSH participants paid for), and a
// message that changes the view still gets its frame.
func TestIdleRendererSleeps(t *testing.T) {
	r := &countingRenderer{}
	p := NewProgram(&testModel{}, WithInput(&bytes.Buffer{}), WithOutput(&bytes.Buffer{}), WithoutSignals())
	p.renderer = r
	done := runInBackground(p)
	waitUntil(t, "the first frame", func() bool { return r.flushes.Load() > 0 })
	time.Sleep(100 * time.Millisecond) // let the start-up messages settle

	before := r.flushes.Load()
	time.Sleep(300 * time.Millisecond) // upstream flushes about 18 times here
	if idle := r.flushes.Load() - before; idle != 0 {
		t.Fatalf("the renderer flushed %d times while nothing happened", idle)
	}

	p.Send(incrementMsg{})
	waitUntil(t, "a frame after a message", func() bool { return r.flushes.Load() > before })
	p.Quit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
