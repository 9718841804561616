package tea

// A test of CommonGround's patch 08-no-renderer-goroutine to this copy (see
// ../README.md and ../patches/bubbletea): it fails on the upstream release.

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
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
