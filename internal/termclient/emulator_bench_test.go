package termclient

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// frames is a recorded session as the client received it, write by write
// (testdata/presenter.raw, cut at the lengths in presenter.writes): a
// facilitator's presenter at 100x30 while twelve participants join and
// answer the check-in, then a reveal and a hide. It holds the server's
// queries too (a mode report and the background colour).
func frames(tb testing.TB) [][]byte {
	raw, err := os.ReadFile("testdata/presenter.raw")
	if err != nil {
		tb.Fatal(err)
	}
	lens, err := os.ReadFile("testdata/presenter.writes")
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, l := range strings.Fields(string(lens)) {
		n, err := strconv.Atoi(l)
		if err != nil || n > len(raw) {
			tb.Fatalf("presenter.writes: %q", l)
		}
		out, raw = append(out, raw[:n]), raw[n:]
	}
	if len(raw) != 0 {
		tb.Fatalf("%d bytes of presenter.raw beyond presenter.writes", len(raw))
	}
	return out
}

// emulators are the two a Term may read through, by name.
var emulators = map[string]func(w, h int) emulator{
	"vt10x":           func(w, h int) emulator { return newEmulator(Options{Width: w, Height: h, Compact: true}) },
	"charmbracelet-x": func(w, h int) emulator { return newEmulator(Options{Width: w, Height: h}) },
}

// readers are the emulators and the load tool's light stream reader.
var readers = map[string]func(w, h int) emulator{
	"vt10x":           emulators["vt10x"],
	"charmbracelet-x": emulators["charmbracelet-x"],
	"stream":          func(w, h int) emulator { return newEmulator(Options{Width: w, Height: h, Stream: true}) },
}

// TestEmulatorsAgree: both emulators read the recorded presenter session
// as the same screen after every frame.
func TestEmulatorsAgree(t *testing.T) {
	a, b := emulators["vt10x"](100, 30), emulators["charmbracelet-x"](100, 30)
	defer b.close()
	for i, f := range frames(t) {
		a.Write(f)
		b.Write(f)
		if sa, sb := string(a.appendScreen(nil)), string(b.appendScreen(nil)); sa != sb {
			t.Fatalf("frame %d: the screens differ\nvt10x:\n%s\ncharmbracelet/x/vt:\n%s", i, sa, sb)
		}
	}
}

// BenchmarkEmulator replays the recorded presenter session on one emulator
// or the stream reader (as termclient keeps one per connection), reading the screen after each
// write as termclient does for every change: the cost per op is that of a
// session of 27 writes. BenchmarkNewEmulator is the cost of one emulator.
func BenchmarkEmulator(b *testing.B) {
	fs := frames(b)
	n := 0
	for _, f := range fs {
		n += len(f)
	}
	for _, name := range []string{"vt10x", "charmbracelet-x", "stream"} {
		b.Run(name, func(b *testing.B) {
			e := readers[name](100, 30)
			defer e.close()
			var buf []byte
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for range b.N {
				for _, f := range fs {
					_, _ = e.Write(f)
					buf = e.appendScreen(buf[:0])
				}
			}
		})
	}
}

func BenchmarkNewEmulator(b *testing.B) {
	for _, name := range []string{"vt10x", "charmbracelet-x", "stream"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				readers[name](80, 24).close()
			}
		})
	}
}
