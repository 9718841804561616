package nearest

import "testing"

func TestWord(t *testing.T) {
	known := []string{"max-viewers", "max-lag", "heartbeat", "addr", "statements", "categories",
		"kind", "title", "prompt", "anonymity", "minutes"}
	for _, c := range []struct{ in, want string }{
		{"max-viewer", "max-viewers"},  // one letter missing
		{"max-veiwers", "max-viewers"}, // two swapped: distance 2
		{"hartbeat", "heartbeat"},      // one letter missing
		{"adr", "addr"},                // short words: up to two edits
		{"statement", "statements"},    // singular for plural
		{"xyz", ""},                    // nothing near
		{"colour", ""},                 // far from every word
		{"ab", ""},                     // as many edits as letters: not a guess
		{"addr", "addr"},               // itself
	} {
		if got := Word(c.in, known); got != c.want {
			t.Errorf("Word(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
