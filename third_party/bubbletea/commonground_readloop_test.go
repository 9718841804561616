package tea

// A test of CommonGround's patch 03-readloop-recover to this copy
// (see ../README.md and ../patches/bubbletea): it fails on the upstream release.

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// panicOnInput is a logger that panics when it is handed the input the
// program read, which upstream logs from the read loop's goroutine: a
// stand-in for a decoder bug triggered by a remote client's bytes.
type panicOnInput struct{}

func (panicOnInput) Printf(format string, _ ...any) {
	if strings.HasPrefix(format, "input:") {
		panic("injected fault while reading input")
	}
}

// TestReadLoopPanicEndsTheProgram: patch 03-readloop-recover. A panic while
// reading input ends the program with ErrProgramPanic, like a panic in a
// command, instead of the whole process.
func TestReadLoopPanicEndsTheProgram(t *testing.T) {
	p := NewProgram(&testModel{}, WithInput(strings.NewReader("x")), WithOutput(&bytes.Buffer{}), WithoutSignals())
	p.logger = panicOnInput{}
	if err := <-runInBackground(p); !errors.Is(err, ErrProgramPanic) {
		t.Fatalf("Run returned %v, want %v", err, ErrProgramPanic)
	}
}
