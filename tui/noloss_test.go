package tui

import (
	"testing"

	"commonground/exercises"
	"commonground/exercises/willingness"
	"commonground/session"
)

// Issue 16: input is never lost. Each test types keys and reads the screen.

// TestDecisionConditionsKeepWhatIsTyped: choosing "proceed with
// conditions" puts the focus in the conditions, the help line says what
// Tab does from there, and everything typed in the field goes into it,
// digits too.
func TestDecisionConditionsKeepWhatIsTyped(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.do(facID, session.Move{Phase: 2})
	d := f.connect(facID, 80, 24)
	d.press("d")
	d.mustSee("Record the decision", "tab write conditions")
	d.press("2")
	d.mustSee("tab back to outcome")
	d.mustNotSee("tab write conditions")
	d.typeText("Fund 1 post, 3 days")
	d.mustSee("Conditions: Fund 1 post, 3 days")
	// Tab leaves the field, as the help line said; a letter typed on the
	// outcomes is not lost unseen: the person is told where Tab goes.
	d.press("tab")
	d.mustSee("tab write conditions")
	d.typeText("x")
	d.mustSee("press tab to write the conditions")
	d.press("tab")
	d.typeText(" by May")
	d.press("enter")
	dec := f.w.Snapshot().Activities[0].Decision
	if dec == nil || dec.Outcome != exercises.ProceedConditions || dec.Conditions != "Fund 1 post, 3 days by May" {
		t.Fatalf("decision %+v", dec)
	}
}
