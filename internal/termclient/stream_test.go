package termclient

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStreamTailKeepsTheText(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"plain", "12 answers", "12 answers"},
		{"styles dropped", "\x1b[38;5;245m12\x1b[m answers\x1b[K", "12 answers"},
		{"a cursor position starts a row", "\x1b[3Hone\x1b[4;1Htwo", "\none\ntwo"},
		{"other moves do not", "a\x1b[2Cb", "ab"},
		{"title ended by BEL", "\x1b]2;CommonGround demo\x07screen", "screen"},
		{"string ended by ST", "\x1bP+q544e\x1b\\after", "after"},
		{"two-byte sequences", "\x1b7x\x1b8y", "xy"},
		{"line endings", "a\r\nb", "a\n\nb"},
		{"control characters dropped", "a\x07\x08b\x7f", "ab"},
		{"UTF-8 kept", "Bienvenue à tous • ✓", "Bienvenue à tous • ✓"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStreamTail()
			// Byte by byte: a sequence split across writes is still dropped.
			for i := range len(tc.in) {
				_, _ = s.Write([]byte{tc.in[i]})
			}
			if got := string(s.appendScreen(nil)); got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStreamTailKeepsOnlyTheEndAndForgets(t *testing.T) {
	s := newStreamTail()
	s.keep = 10
	_, _ = s.Write([]byte("ééééé" + "abcdef")) // 16 bytes: the cut falls inside an é
	got := string(s.appendScreen(nil))
	if !utf8.ValidString(got) || !strings.HasSuffix(got, "abcdef") || len(got) > 10 {
		t.Errorf("tail %q: want at most 10 valid bytes ending in abcdef", got)
	}
	s.forget()
	_, _ = s.Write([]byte("new"))
	if got := string(s.appendScreen(nil)); got != "new" {
		t.Errorf("after forget: %q, want only what came after", got)
	}
}

// TestStreamTailSeesWhatTheScreenShows: every row of the recorded
// presenter's screen, after every frame, is text the stream received, so a
// marker on the screen is found in the stream.
func TestStreamTailSeesWhatTheScreenShows(t *testing.T) {
	e := emulators["vt10x"](100, 30)
	s := newStreamTail()
	s.keep = 1 << 20
	for i, f := range frames(t) {
		_, _ = e.Write(f)
		_, _ = s.Write(f)
		text := string(s.appendScreen(nil))
		for _, row := range strings.Split(string(e.appendScreen(nil)), "\n") {
			if row = strings.TrimSpace(row); row != "" && !strings.Contains(text, row) {
				t.Fatalf("frame %d: the screen shows %q, which the stream never received", i, row)
			}
		}
	}
}
