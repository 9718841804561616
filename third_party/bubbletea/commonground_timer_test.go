package tea

// A test of CommonGround's patch 08-no-renderer-goroutine to this copy (see
// ../README.md and ../patches/bubbletea): it fails on the upstream release.

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestNoGoroutineWaitsToDraw: patch 08-no-renderer-goroutine. A running
// program that has drawn its frames keeps no goroutine waiting for the
// next one (a frame the event loop does not draw at once is drawn by a
// timer), and still draws what comes later.
func TestNoGoroutineWaitsToDraw(t *testing.T) {
	w := &goroutineWriter{}
	p := NewProgram(&countModel{}, WithInput(&bytes.Buffer{}), WithOutput(w), WithoutSignals(),
		WithLineRenderer(), WithWindowSize(80, 24), WithFPS(60))
	done := runInBackground(p)
	waitUntil(t, "the first frame", func() bool { _, _, out := w.counts(); return strings.Contains(out, "count 0") })

	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	if strings.Contains(stacks, ".startRenderer") {
		t.Error("a goroutine of the renderer waits for the next frame")
	}

	for range 5 {
		p.Send(incrementMsg{})
	}
	waitUntil(t, "the frame of the last change", func() bool { _, _, out := w.counts(); return strings.Contains(out, "count 5") })
	p.Quit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// slowWriter takes a while over each write, as a client on a slow link
// does, and notes the most goroutines of the frame timer that were there
// at once: the one writing, and any waiting to draw after it.
type slowWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	most int
}

func (w *slowWriter) Write(b []byte) (int, error) {
	if strings.Contains(string(debug.Stack()), ".drawDue(") {
		all := make([]byte, 1<<20)
		n := strings.Count(string(all[:runtime.Stack(all, true)]), ".drawDue(")
		w.mu.Lock()
		w.most = max(w.most, n)
		w.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(b)
}

func (w *slowWriter) state() (most int, out string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.most, w.buf.String()
}

// TestOneTimedFrameAtATime: patch 08-no-renderer-goroutine. Frames asked
// for while the timer's frame is being written wait for it, as they did for
// the renderer goroutine, and the last one shows the latest view. With the
// cell renderer every frame is the timer's (patch 06 draws at once only
// with the line renderer).
func TestOneTimedFrameAtATime(t *testing.T) {
	w := &slowWriter{}
	p := NewProgram(&countModel{}, WithInput(&bytes.Buffer{}), WithOutput(w), WithoutSignals(),
		WithWindowSize(80, 24), WithFPS(120))
	done := runInBackground(p)
	for range 30 {
		p.Send(incrementMsg{})
		time.Sleep(2 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the frames of the last changes are written
	if most, out := w.state(); most > 1 {
		t.Errorf("%d goroutines of the frame timer at once, want one frame at a time", most)
	} else if !strings.Contains(out, "count") {
		t.Error("the timer drew nothing")
	}
	p.Quit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
