package termclient

import (
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
)

// A bracketed paste, terminated or not, is bounded on the server: a
// participant's 10 MB paste must not become 10 MB (times four, as runes)
// of the server's memory.
func TestPasteIsBounded(t *testing.T) {
	for _, end := range []string{"\x1b[201~", ""} {
		data := "\x1b[200~" + strings.Repeat("é", 5<<20) + end + "x"
		var pasted int
		for _, ev := range serverRead(t, []byte(data)) {
			if p, ok := ev.(uv.PasteEvent); ok {
				pasted += len(p.Content)
			}
		}
		if pasted > 64<<10 {
			t.Errorf("paste end %q: %d bytes reached the program", end, pasted)
		}
		if end != "" && pasted == 0 {
			t.Errorf("a terminated paste reached the program empty")
		}
	}
}
