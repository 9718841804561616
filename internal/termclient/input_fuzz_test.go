package termclient

import (
	"bytes"
	"context"
	"testing"
	"unicode"
	"unicode/utf8"

	uv "github.com/charmbracelet/ultraviolet"
)

// FuzzServerInput feeds arbitrary bytes, as a participant's SSH client may
// send them, to the reader that every program on the server reads its
// connection with (ultraviolet's TerminalReader inside Bubble Tea, from the
// patched copy in third_party). It reads to the end without panicking —
// a panic there stopped the whole server — and yields at most two events
// per byte (a few sequences stand for two), so that no short sequence
// becomes a flood of key presses for the server to handle.
func FuzzServerInput(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if events := serverRead(t, data); len(events) > 2*len(data) {
			t.Fatalf("%d bytes %q read as %d events", len(data), data, len(events))
		}
	})
}

// sameByte are the key names a terminal sends as the same byte as another
// key, which the server reads as that other key.
var sameByte = map[string]string{"ctrl+i": "tab", "ctrl+m": "enter"}

// FuzzKeySequence checks that what the test client and the load tool send
// for a key name is read by the server as that key: one key press, named
// as it was (or as the key it shares its byte with), or for a single
// printable character, that character as text.
func FuzzKeySequence(f *testing.F) {
	f.Fuzz(func(t *testing.T, name string) {
		seq, err := KeySequence(name)
		if err != nil {
			return
		}
		events := serverRead(t, []byte(seq))
		if len(events) != 1 {
			t.Fatalf("KeySequence(%q) = %q, read as %d events %v", name, seq, len(events), events)
		}
		k, ok := events[0].(uv.KeyPressEvent)
		if !ok {
			t.Fatalf("KeySequence(%q) = %q, read as %T %v", name, seq, events[0], events[0])
		}
		if r, size := utf8.DecodeRuneInString(name); size == len(name) {
			if unicode.IsPrint(r) && k.Text != name {
				t.Fatalf("KeySequence(%q) = %q, read as %q with text %q", name, seq, k.String(), k.Text)
			}
			return
		}
		want := name
		if alias, ok := sameByte[name]; ok {
			want = alias
		}
		if k.String() != want {
			t.Fatalf("KeySequence(%q) = %q, read as %q", name, seq, k.String())
		}
	})
}

// serverRead returns the events the server's input reader makes of data,
// the whole of what a connection sent before it closed.
func serverRead(t *testing.T, data []byte) []uv.Event {
	t.Helper()
	r := uv.NewTerminalReader(bytes.NewReader(data), "xterm-256color")
	eventc := make(chan uv.Event)
	errc := make(chan error, 1)
	go func() { errc <- r.StreamEvents(context.Background(), eventc) }()
	var events []uv.Event
	for {
		select {
		case ev := <-eventc:
			events = append(events, ev)
		case err := <-errc:
			// Events are sent unbuffered: all of them were received.
			if err != nil {
				t.Fatalf("reading %q: %v", data, err)
			}
			return events
		}
	}
}
