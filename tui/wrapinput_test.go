package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
)

// longAnswer is three lines' worth of words at 80 columns.
const longAnswer = "Families find the food bank through the council's letters, " +
	"so both of us should write them together and count who comes. " +
	"Then we meet each month to compare what we learned."

// cursorLine is the number of the screen line (from 0) that draws the
// cursor, the one reverse-video cell; -1 for none.
func cursorLine(d *driver) int {
	for i, l := range strings.Split(d.m.View().Content, "\n") {
		if strings.Contains(l, "\x1b[7") {
			return i
		}
	}
	return -1
}

// lineOf is the number of the screen line that shows text; -1 for none.
func lineOf(d *driver, text string) int {
	for i, l := range strings.Split(d.screen(), "\n") {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

// TestCheckInAnswerWrapsWhileTyped: a long answer is shown whole over
// several lines, the cursor on the last, and Enter sends it.
func TestCheckInAnswerWrapsWhileTyped(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	d.typeText(longAnswer)
	first, last := lineOf(d, "> Families find the food bank"), lineOf(d, "we learned.")
	if first < 0 || last <= first || last-first > 3 {
		t.Fatalf("the answer is not wrapped over up to 4 lines (%d to %d):\n%s", first, last, d.screen())
	}
	if c := cursorLine(d); c != last {
		t.Fatalf("cursor on line %d, want %d, the answer's last:\n%s", c, last, d.screen())
	}
	// Back to the start: the cursor follows to the first line.
	d.send(tea.KeyPressMsg{Code: tea.KeyHome})
	if c := cursorLine(d); c != first {
		t.Fatalf("after home the cursor is on line %d, want %d", c, first)
	}
	d.press("enter")
	if a := exercises.AnswersOf(f.w.Snapshot().Activities[0].Data)["SHA256:ana"][0]; a.Text != longAnswer {
		t.Fatalf("Enter saved %q, want the whole answer on one line", a.Text)
	}
	d.mustSee("saved · to change it")
}

// TestAssumptionCardWrapsWhileTyped: the card input wraps too, and Enter
// adds the card.
func TestAssumptionCardWrapsWhileTyped(t *testing.T) {
	f := newFixture(t, assumptions.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	d.typeText(longAnswer)
	first, last := lineOf(d, "We believe that Families find"), lineOf(d, "we learned.")
	if first < 0 || last <= first || last-first > 3 {
		t.Fatalf("the card is not wrapped over up to 4 lines (%d to %d):\n%s", first, last, d.screen())
	}
	if c := cursorLine(d); c != last {
		t.Fatalf("cursor on line %d, want %d:\n%s", c, last, d.screen())
	}
	d.mustSee("Category: none")
	d.press("enter")
	cards := assumptions.Of(f.w.Snapshot().Activities[0].Data).Cards()
	if len(cards) != 1 || cards[0].Text != longAnswer {
		t.Fatalf("cards %+v", cards)
	}
}

// TestWillingnessCommentWrapsWhileTyped: the comment wraps beside its
// label, and Enter saves it.
func TestWillingnessCommentWrapsWhileTyped(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	d.press("4", "c")
	d.typeText(longAnswer)
	first, last := lineOf(d, "Comment on 1: ✎ Families find"), lineOf(d, "we learned.")
	if first < 0 || last <= first || last-first > 2 {
		t.Fatalf("the comment is not wrapped over up to 3 lines (%d to %d):\n%s", first, last, d.screen())
	}
	if c := cursorLine(d); c != last {
		t.Fatalf("cursor on line %d, want %d:\n%s", c, last, d.screen())
	}
	d.press("enter")
	if a := exercises.AnswersOf(f.w.Snapshot().Activities[0].Data)["SHA256:ana"][0]; a.Text != longAnswer || a.Value != 4 {
		t.Fatalf("answer %+v", a)
	}
}

// TestWrappedInputKeepsTheCursorInView: text longer than the rows shows
// the lines around the cursor, the hidden start marked with …; every rune
// is drawn exactly once when it all fits.
func TestWrappedInputKeepsTheCursorInView(t *testing.T) {
	in := newInput("> ", "", exercises.MaxTextLen).wrapping(3)
	in.SetWidth(20)
	in.Focus()
	text := strings.Repeat("one two three four ", 6)
	in.SetValue(text)
	in.CursorEnd()
	lines := in.Lines()
	if len(lines) != 3 || !strings.HasPrefix(ansi.Strip(lines[0]), "… ") {
		t.Fatalf("lines %q, want 3 under a …", lines)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 2+20+1 {
			t.Errorf("%q is %d cells wide", ansi.Strip(l), w)
		}
	}
	in.SetValue("short one")
	if got := in.Lines(); len(got) != 1 || !strings.Contains(ansi.Strip(got[0]), "> short one") {
		t.Fatalf("a short text: %q", got)
	}
	var b strings.Builder
	for _, sg := range wrapRunes([]rune(longAnswer), 17) {
		b.WriteString(longAnswer[len(string([]rune(longAnswer)[:sg[0]])):len(string([]rune(longAnswer)[:sg[1]]))])
	}
	if b.String() != longAnswer {
		t.Fatalf("the lines join to %q", b.String())
	}
}
