package tea

// A test of CommonGround's patch 07-shared-rows to this copy (see
// ../README.md and ../patches/bubbletea): it does not build on the upstream
// release.

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"
)

// TestProgramsOnTheSameFrameShareItsRows: line renderers that draw the same
// frame at the same height cut it into rows once, and each still writes
// exactly what it writes alone; a frame that differs, or the same frame at
// another height, gets rows of its own.
func TestProgramsOnTheSameFrameShareItsRows(t *testing.T) {
	frame := func(last string) string {
		return strings.Join([]string{"Check-in", "", "• Fewer hungry kids", last}, "\r\n")
	}
	draw := func(content string, height int) (*lineRenderer, string) {
		var out bytes.Buffer
		r := newLineRenderer(&out, 30, height)
		r.render(View{Content: content, AltScreen: true})
		if err := r.flush(false); err != nil {
			t.Fatal(err)
		}
		return r, out.String()
	}
	first := func(rows []string) *string { return unsafe.SliceData(rows) }

	// Two strings with the same text: what two programs' views hold.
	a, outA := draw(frame("• A shared van"), 6)
	b, outB := draw(strings.Clone(frame("• A shared van")), 6)
	if first(a.lines) != first(b.lines) {
		t.Error("two renderers of the same frame cut it each into rows of their own")
	}
	if outA != outB {
		t.Errorf("the same frame was written differently:\n%q\n%q", outA, outB)
	}
	if got := strings.Join(a.lines, "|"); got != "Check-in||• Fewer hungry kids|• A shared van" {
		t.Errorf("rows %q: want the frame's lines without their carriage returns", got)
	}

	c, _ := draw(frame("• A shared bus"), 6)
	if first(c.lines) == first(a.lines) || c.lines[3] != "• A shared bus" {
		t.Errorf("a different frame was given another frame's rows: %q", c.lines)
	}
	d, _ := draw(frame("• A shared van"), 3)
	if len(d.lines) != 3 || first(d.lines) == first(a.lines) {
		t.Errorf("the same frame at height 3 has rows %q: want its first three rows, its own", d.lines)
	}

	// A renderer whose next frame changes one row rewrites only that row,
	// with the rows it shared as the frame before.
	var out bytes.Buffer
	a.w = &out
	a.render(View{Content: frame("• A shared bus"), AltScreen: true})
	if err := a.flush(false); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "\x1b[4H") || strings.Contains(got, "\x1b[1H") || !strings.Contains(got, "bus") {
		t.Errorf("the next frame wrote %q: want row 4 alone", got)
	}
}
