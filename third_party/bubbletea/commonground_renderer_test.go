package tea

// A test of CommonGround's patch 04-renderer-recover to this copy
// (see ../README.md and ../patches/bubbletea): it fails on the upstream release.

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// TestRendererPanicEndsTheProgram: patch 04-renderer-recover. A panic while
// drawing a frame ends the program with ErrProgramPanic, and its shutdown
// does not wait forever for the frame that was being drawn.
func TestRendererPanicEndsTheProgram(t *testing.T) {
	p := NewProgram(&testModel{}, WithInput(&bytes.Buffer{}), WithOutput(&bytes.Buffer{}), WithoutSignals())
	p.renderer = &countingRenderer{panics: true}
	select {
	case err := <-runInBackground(p):
		if !errors.Is(err, ErrProgramPanic) {
			t.Fatalf("Run returned %v, want %v", err, ErrProgramPanic)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not end after its renderer panicked")
	}
}
