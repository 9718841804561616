package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/session"
)

// A person who presses a value and at once "c" must not lose the comment
// they go on to type when the value's save comes back.
func TestCommentSurvivesTheSaveOfItsValue(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)

	m, cmd := d.m.Update(keyPress("1"))
	d.m = m
	held := d.collect(cmd) // the value is saved; its answer waits in flight
	d.press("c")
	for _, msg := range held {
		d.send(msg)
	}
	d.mustSee("Comment on 1:")
	d.typeText("No budget line yet")
	d.press("enter")
	a := exercises.AnswersOf(f.w.Snapshot().Activities[0].Data)["SHA256:ana"][0]
	if a.Value != 1 || a.Text != "No budget line yet" {
		t.Fatalf("answer = %+v", a)
	}
	d.mustNotSee("Comment on 1:")
}

// A paste longer than the field takes keeps what fits and says so.
func TestLongPasteIsCutWithANotice(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	d.send(tea.PasteMsg{Content: strings.Repeat("x", 1<<20)})
	d.mustSee("The paste was cut: this field takes at most 280 characters.")
	d.press("enter")
	if got := exercises.AnswersOf(f.w.Snapshot().Activities[0].Data)["SHA256:ana"][0].Text; got != strings.Repeat("x", exercises.MaxTextLen) {
		t.Fatalf("stored %d characters", len(got))
	}
}

// A reason the program ends with is wrapped to the terminal, so it is read
// whole: it stays on the screen after the program has gone.
func TestQuitTextIsWrapped(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	d := f.connect("SHA256:ana", 80, 24)
	m := d.m.(*Model)
	reason := "Could not join the workshop: You already have 5 sessions open with this rejoin PIN; close one first."
	d.run(m.quit(reason))
	out := m.View().Content
	for _, line := range strings.Split(out, "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Fatalf("a line of %d characters: %q", w, line)
		}
	}
	if got := strings.Join(strings.Fields(out), " "); got != reason {
		t.Fatalf("quit text = %q", got)
	}
}

// In an anonymous activity an organisation with one respondent is left out
// of what participants see: its means would be that person's answers. The
// facilitator still sees every organisation.
func TestAnonymousResultsLeaveOutLoneRespondents(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:bo", "Bo Chen", "Food Bank")
	f.join("SHA256:cy", "Cy Diaz", "City Council")
	for _, id := range []string{"SHA256:ana", "SHA256:bo", "SHA256:cy"} {
		f.do(id, exercises.SetAnswer{Activity: 0, Item: 0, Value: 4})
	}
	f.do(facID, session.SetAnonymity{Activity: 0, Anonymity: exercises.Anonymous})
	f.do(facID, session.Move{Activity: 0, Phase: 1})

	p := f.connect("SHA256:ana", 100, 140)
	p.mustSee("Food Bank", "Organisations with one respondent are left out")
	p.mustNotSee("City Council")

	fac := f.connect(facID, 140, 140)
	fac.mustSee("Food Bank", "City Council")
}
