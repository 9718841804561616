package tea

// A test of CommonGround's patch 05-row-colors to this copy (see
// ../README.md and ../patches/bubbletea): it does not build on the upstream
// release.

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// TestRowColorsConvertStyledRows: with WithRowColors, the line renderer
// writes what the converter returns for each styled row on a terminal short
// of true colour, and asks it for nothing else.
func TestRowColorsConvertStyledRows(t *testing.T) {
	const styled, plain = "\x1b[38;2;255;0;0mred\x1b[m", "plain"
	for _, tc := range []struct {
		name    string
		profile colorprofile.Profile
		asked   []string
	}{
		{"ANSI256", colorprofile.ANSI256, []string{styled}},
		{"ANSI", colorprofile.ANSI, []string{styled}},
		{"TrueColor", colorprofile.TrueColor, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newLineRenderer(&out, 20, 3)
			var asked []string
			r.convert = func(row string, p colorprofile.Profile) string {
				if p != tc.profile {
					t.Errorf("converted for profile %v, want %v", p, tc.profile)
				}
				asked = append(asked, row)
				return "<converted>"
			}
			r.setColorProfile(tc.profile)
			r.render(View{Content: styled + "\n" + plain, AltScreen: true})
			if err := r.flush(false); err != nil {
				t.Fatal(err)
			}
			if strings.Join(asked, "|") != strings.Join(tc.asked, "|") {
				t.Errorf("asked to convert %q, want %q", asked, tc.asked)
			}
			converted := strings.Contains(out.String(), "<converted>")
			if converted != (len(tc.asked) > 0) || !strings.Contains(out.String(), plain) {
				t.Errorf("wrote %q: want the converted row in place of the styled one, and the plain row as it is", out.String())
			}
		})
	}
}
