package termclient

import (
	"bytes"
	"io"
	"unicode/utf8"

	xvt "github.com/charmbracelet/x/vt"
	"github.com/hinshun/vt10x"
)

// emulator is the terminal emulator a Term feeds the session's output into
// and reads its screen from.
type emulator interface {
	io.Writer
	// appendScreen appends the visible text to dst: one line per row,
	// trailing spaces trimmed, rows joined by newlines.
	appendScreen(dst []byte) []byte
	Resize(width, height int)
	// close ends whatever the emulator runs; it takes no more writes.
	close()
}

// newEmulator returns Charm's maintained emulator (charmbracelet/x/vt),
// or with Compact hinshun/vt10x, unmaintained since 2022 but 63 KB where
// x/vt takes 4.8 MB (a fixed 4 MB parser buffer): the load tool runs
// thousands. Both read the same screens (TestEmulatorsAgree) at the same
// cost per change (BenchmarkEmulator, docs/PERFORMANCE.md).
// With Stream it returns no emulator but the stream's text (stream.go).
func newEmulator(opts Options) emulator {
	switch {
	case opts.Stream:
		return newStreamTail()
	case opts.Compact:
		return tenx{vt10x.New(vt10x.WithSize(opts.Width, opts.Height))}
	}
	e := xvt.NewEmulator(opts.Width, opts.Height)
	// x/vt answers the server's queries (a mode report, the background
	// colour) on a pipe that must be read, or its writes block. The
	// answers are dropped, as vt10x never gives them: the server sees the
	// same terminal either way.
	go func() { _, _ = io.Copy(io.Discard, e) }()
	return charm{e}
}

// tenx is hinshun/vt10x.
type tenx struct{ vt10x.Terminal }

func (tenx) close() {}

func (t tenx) appendScreen(dst []byte) []byte {
	t.Lock()
	defer t.Unlock()
	cols, rows := t.Size()
	for y := range rows {
		start := len(dst)
		for x := range cols {
			switch c := t.Cell(x, y).Char; {
			case c == 0: // never written: vt10x leaves some cells unset
				dst = append(dst, ' ')
			case c < utf8.RuneSelf:
				dst = append(dst, byte(c))
			default:
				dst = utf8.AppendRune(dst, c)
			}
		}
		dst = append(dst[:start], bytes.TrimRight(dst[start:], " ")...)
		if y < rows-1 {
			dst = append(dst, '\n')
		}
	}
	return dst
}

// charm is charmbracelet/x/vt. Closing it ends the goroutine that reads its
// answers.
type charm struct{ *xvt.Emulator }

func (c charm) close() {
	// Through the input pipe, not Emulator.Close: in x/vt v0.1.0 Close sets
	// a flag that Read tests unguarded, a data race with the goroutine that
	// reads the answers. Closing the pipe ends that Read all the same.
	if pw, ok := c.InputPipe().(*io.PipeWriter); ok {
		_ = pw.CloseWithError(io.EOF)
	}
}

func (c charm) appendScreen(dst []byte) []byte {
	rows, cols := c.Height(), c.Width()
	for y := range rows {
		start := len(dst)
		for x := 0; x < cols; x++ {
			cell := c.CellAt(x, y)
			switch {
			case cell == nil || cell.Content == "":
				dst = append(dst, ' ')
			default:
				dst = append(dst, cell.Content...)
				x += max(cell.Width, 1) - 1 // a wide character's second cell
			}
		}
		dst = append(dst[:start], bytes.TrimRight(dst[start:], " ")...)
		if y < rows-1 {
			dst = append(dst, '\n')
		}
	}
	return dst
}
