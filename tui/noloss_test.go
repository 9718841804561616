package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
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

// held sends a key and keeps back the commands it returns, as a save on
// its way to the hub: they run with release, after more keys.
func (d *driver) held(k string) (release func()) {
	d.t.Helper()
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(keyPress(k))
	return func() { d.run(cmd) }
}

// TestKeysTypedWhileACardIsSavedStartTheNextCard: what is typed after
// Enter, while the card is being saved, is neither merged into it nor sent
// again: it stays in the input for the next card, and a second Enter
// before the reply sends nothing.
func TestKeysTypedWhileACardIsSavedStartTheNextCard(t *testing.T) {
	f := wallFixture(t)
	d := f.connect("SHA256:ana", 80, 24)
	d.typeText("Families know the services")
	release := d.held("enter")
	d.typeText("Funders wait")
	d.press("enter") // before the reply: nothing is sent
	d.mustSee("Saving your card…")
	release()
	d.mustSee("Card added.", "We believe that Funders wait")
	d.mustNotSee("Families know the servicesFunders")
	d.press("enter")
	cards := assumptions.Of(f.w.Snapshot().Activities[0].Data).Cards()
	if len(cards) != 2 || cards[0].Text != "Families know the services" || cards[1].Text != "Funders wait" {
		t.Fatalf("cards %+v", cards)
	}

	d.typeText("Volunteers stay")
	release = d.held("enter")
	d.press("enter") // again before the reply: not sent twice
	d.mustSee("Saving your card…")
	d.typeText(" Partners share data")
	release()
	if n := len(assumptions.Of(f.w.Snapshot().Activities[0].Data).Cards()); n != 3 {
		t.Fatalf("%d cards, want 3", n)
	}
	d.mustSee("We believe that Partners share data")
	d.press("enter")
	cards = assumptions.Of(f.w.Snapshot().Activities[0].Data).Cards()
	if len(cards) != 4 || cards[3].Text != "Partners share data" {
		t.Fatalf("cards %+v", cards)
	}
}

// TestCheckInKeepsWhatIsTypedWhileSaving: the answer input stays editable
// while the answer is saved; what was typed after Enter stays in it,
// unsent, until the next Enter. A new connection starts from the answer.
func TestCheckInKeepsWhatIsTypedWhileSaving(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	d.typeText("More kids fed")
	release := d.held("enter")
	d.typeText(" in May")
	release()
	answer := func() string { return exercises.AnswersOf(f.w.Snapshot().Activities[0].Data)["SHA256:ana"][0].Text }
	if a := answer(); a != "More kids fed" {
		t.Fatalf("answer %q", a)
	}
	d.mustSee("> More kids fed in May", "edited · press Enter to save your changes")
	d.press("enter")
	if a := answer(); a != "More kids fed in May" {
		t.Fatalf("answer %q", a)
	}
	again := f.connect("SHA256:ana", 80, 24)
	again.mustSee("> More kids fed in May", "saved · to change it")
}

// TestDecisionKeepsConditionsTypedWhileRecording: conditions typed while
// the decision is recorded keep the form open with them.
func TestDecisionKeepsConditionsTypedWhileRecording(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.do(facID, session.Move{Phase: 2})
	d := f.connect(facID, 80, 24)
	d.press("d", "2")
	d.typeText("Budget line")
	release := d.held("enter")
	d.typeText(" by May")
	release()
	d.mustSee("Record the decision", "Conditions: Budget line by May", "what you typed since is not")
	d.press("enter")
	if dec := f.w.Snapshot().Activities[0].Decision; dec == nil || dec.Conditions != "Budget line by May" {
		t.Fatalf("decision %+v", dec)
	}
	d.mustNotSee("Record the decision")
}

// TestWillingnessCommentStartsFromTheComment: the comment opens with what
// the person wrote.
func TestWillingnessCommentStartsFromTheComment(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Item: 0, Value: 3, Text: "Budget first"})
	d := f.connect("SHA256:ana", 80, 24)
	d.press("c")
	d.mustSee("Comment on 1: ✎ Budget first")
	d.typeText(", then staff")
	d.press("enter")
	if a := exercises.AnswersOf(f.w.Snapshot().Activities[0].Data)["SHA256:ana"][0]; a.Text != "Budget first, then staff" || a.Value != 3 {
		t.Fatalf("answer %+v", a)
	}
}
