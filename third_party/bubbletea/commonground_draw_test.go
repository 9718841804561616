package tea

// A test of CommonGround's patch 06-draw-at-once to this copy (see
// ../README.md and ../patches/bubbletea): it does not build on the
// upstream release.

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// countModel shows how many incrementMsgs it was sent.
type countModel struct{ n int }

func (m *countModel) Init() Cmd { return nil }

func (m *countModel) Update(msg Msg) (Model, Cmd) {
	if _, ok := msg.(incrementMsg); ok {
		m.n++
	}
	return m, nil
}

func (m *countModel) View() View { return NewView(fmt.Sprintf("count %d", m.n)) }

// goroutineWriter notes which goroutine made each write: the program's
// event loop or the frame timer's (drawDue, patch 08-no-renderer-goroutine).
type goroutineWriter struct {
	mu                   sync.Mutex
	buf                  bytes.Buffer
	fromLoop, fromDrawer int
}

func (w *goroutineWriter) Write(b []byte) (int, error) {
	stack := string(debug.Stack())
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case strings.Contains(stack, ".eventLoop("):
		w.fromLoop++
	case strings.Contains(stack, ".drawDue("):
		w.fromDrawer++
	}
	return w.buf.Write(b)
}

func (w *goroutineWriter) counts() (loop, drawer int, out string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fromLoop, w.fromDrawer, w.buf.String()
}

// TestFrameAfterAQuietSpellIsDrawnAtOnce: patch 06-draw-at-once. With the
// line renderer, a change after a quiet spell is drawn by the event loop
// that made it, without a timer; changes that follow within the frame
// interval are drawn by the frame timer, at most one frame per interval,
// the last one showing the latest view.
func TestFrameAfterAQuietSpellIsDrawnAtOnce(t *testing.T) {
	w := &goroutineWriter{}
	p := NewProgram(&countModel{}, WithInput(&bytes.Buffer{}), WithOutput(w), WithoutSignals(),
		WithLineRenderer(), WithWindowSize(80, 24), WithFPS(2))
	done := runInBackground(p)
	waitUntil(t, "the first frame", func() bool { _, _, out := w.counts(); return strings.Contains(out, "count 0") })
	// A quiet spell: longer than the 500 ms interval since the last frame
	// (the start-up's messages draw one or two).
	waitUntil(t, "a quiet spell", func() bool { return time.Since(time.Unix(0, p.drawnAt.Load())) > 700*time.Millisecond })

	loop0, drawer0, _ := w.counts()
	p.Send(incrementMsg{})
	waitUntil(t, "the frame of the change", func() bool { _, _, out := w.counts(); return strings.Contains(out, "count 1") })
	if loop, drawer, _ := w.counts(); loop != loop0+1 || drawer != drawer0 {
		t.Fatalf("the change after a quiet spell was written %d times by the event loop and %d by the frame timer, want 1 and 0",
			loop-loop0, drawer-drawer0)
	}

	// Two more within the interval: the frame timer draws the last.
	p.Send(incrementMsg{})
	p.Send(incrementMsg{})
	waitUntil(t, "the frame of the burst", func() bool { _, _, out := w.counts(); return strings.Contains(out, "count 3") })
	if _, drawer, _ := w.counts(); drawer == drawer0 {
		t.Fatal("changes within the frame interval were not left to the frame timer")
	}
	p.Quit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
