package tui

import (
	"testing"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
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

// TestRatingTabAfterANumberKeepsTheAdvance: a number moves on to the next
// axis, and a Tab after it does not undo that, so "5 tab 1" rates both
// axes; an Enter with an axis unset says which one, on screen.
func TestRatingTabAfterANumberKeepsTheAdvance(t *testing.T) {
	f := wallFixture(t)
	for _, text := range []string{"Families know the services", "Funders wait"} {
		f.do("SHA256:cy", assumptions.AddCard{Text: text})
	}
	f.do(facID, session.Move{Phase: ratePhase})
	d := f.connect("SHA256:ana", 80, 24)
	d.mustSee("Card 1 of 2 · A1", "▸ Importance")
	d.press("5", "tab", "1")
	d.mustSee("▸ Evidence", "[5]", "[1]")
	d.press("enter")
	if r := assumptions.Of(f.w.Snapshot().Activities[0].Data).RatingsOf(1)["SHA256:ana"]; r.Importance != 5 || r.Evidence != 1 {
		t.Fatalf("rating of A1 = %+v", r)
	}
	d.mustSee("Rated A1: importance 5, evidence 1.", "Card 2 of 2 · A2")

	// Importance alone: Enter names evidence and puts the focus on it.
	d.press("3", "shift+tab")
	d.mustSee("▸ Importance")
	d.press("enter")
	d.mustSee("Evidence is not set", "▸ Evidence")
	d.press("4", "enter")
	if r := assumptions.Of(f.w.Snapshot().Activities[0].Data).RatingsOf(2)["SHA256:ana"]; r.Importance != 3 || r.Evidence != 4 {
		t.Fatalf("rating of A2 = %+v", r)
	}
}

// TestRatingEnterNamesTheMissingImportance: evidence set first, Enter says
// importance is missing.
func TestRatingEnterNamesTheMissingImportance(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:cy", assumptions.AddCard{Text: "Funders wait"})
	f.do(facID, session.Move{Phase: ratePhase})
	d := f.connect("SHA256:ana", 80, 24)
	d.press("tab", "2", "tab", "enter")
	d.mustSee("Importance is not set", "▸ Importance")
	if _, ok := assumptions.Of(f.w.Snapshot().Activities[0].Data).RatingsOf(1)["SHA256:ana"]; ok {
		t.Fatal("a half rating was saved")
	}
}

// TestFacilitatorGivesAProfileOnce: a facilitator of the workshop without a
// profile meets the profile form, not the presenter, so the name typed
// runs no command; once given, the next connection goes straight on.
func TestFacilitatorGivesAProfileOnce(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	const host = "SHA256:host"
	act, err := catalog.New(willingness.Kind)
	if err != nil {
		t.Fatal(err)
	}
	meta, err := f.hub.Create(session.NewWorkshop{Title: "Funders", Agenda: []exercises.Activity{act}, Facilitators: []string{host}})
	if err != nil {
		t.Fatal(err)
	}
	if f.w, err = f.hub.Open(meta.Code); err != nil {
		t.Fatal(err)
	}
	d := f.connect(host, 80, 24)
	d.mustSee("Tell the group who you are", "Display name")
	d.mustNotSee("PRESENTER")
	d.typeText("Dana Reed")
	d.press("enter")
	d.typeText("Funders Network")
	d.press("enter")
	d.mustSee("PRESENTER")
	snap := f.w.Snapshot()
	if act := snap.Activities[0]; act.Phase != 0 || act.Revealed || act.Locked || snap.Timer.Running {
		t.Fatalf("the name ran commands: phase %d revealed %v locked %v timer %+v", act.Phase, act.Revealed, act.Locked, snap.Timer)
	}
	if p, err := f.hub.Profile(host); err != nil || p.Name != "Dana Reed" || p.Org != "Funders Network" {
		t.Fatalf("profile %+v, %v", p, err)
	}
	again := f.connect(host, 80, 24)
	again.mustSee("PRESENTER")
	again.mustNotSee("Display name")
}
