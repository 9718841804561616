package sshserver

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// TestRowColorsAreTheWritersColours: a row converted through the shared
// memo is what a colorprofile.Writer of the profile writes, the first time
// and the next.
func TestRowColorsAreTheWritersColours(t *testing.T) {
	rows := []string{
		"\x1b[38;2;255;105;180m• Families fed\x1b[m \x1b[2m— Ana (Food Bank)\x1b[m",
		"\x1b[1;48;2;30;30;46mPRESENTER\x1b[m",
		"\x1b[38;5;245m12 answers\x1b[m",
		"no style at all",
	}
	for _, p := range []colorprofile.Profile{colorprofile.ANSI256, colorprofile.ANSI, colorprofile.Ascii, colorprofile.NoTTY} {
		for _, row := range rows {
			var b strings.Builder
			w := colorprofile.Writer{Forward: &b, Profile: p}
			if _, err := w.WriteString(row); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if got := convertRow(row, p); got != b.String() {
					t.Errorf("profile %v, row %q: %q, want %q", p, row, got, b.String())
				}
			}
		}
	}
}
