package tui

import (
	"testing"

	"commonground/exercises"
)

// A person who presses a value and at once "c" must not lose the comment
// they go on to type when the value's save comes back.
func TestCommentSurvivesTheSaveOfItsValue(t *testing.T) {
	f := newFixture(t, exercises.Willingness)
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
	a := f.w.Snapshot().Activities[0].Answers["SHA256:ana"][0]
	if a.Value != 1 || a.Text != "No budget line yet" {
		t.Fatalf("answer = %+v", a)
	}
	d.mustNotSee("Comment on 1:")
}
