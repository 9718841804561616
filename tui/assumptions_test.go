package tui

import (
	"fmt"
	"slices"
	"testing"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/session"
)

// Phases of the assumption map, as Move takes them.
const (
	collectPhase = iota
	groupPhase
	ratePhase
	mapPhase
	planPhase
)

// wallFixture is an assumption-mapping workshop with four participants
// from two organisations.
func wallFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, assumptions.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:ben", "Ben Ode", "Food Bank")
	f.join("SHA256:cy", "Cy Diaz", "City Council")
	f.join("SHA256:di", "Di Park", "City Council")
	return f
}

// card returns card id of the assumption map as the hub has it.
func (f *fixture) card(id int) exercises.Card {
	f.t.Helper()
	c, ok := assumptions.Of(f.w.Snapshot().Activities[0].Data).Card(id)
	if !ok {
		f.t.Fatalf("no card %d", id)
	}
	return c
}

// rateApart has the two organisations rate card 1 far apart (Food Bank
// calls it vital, the council marginal, neither has evidence) and card 2
// alike, then opens the map.
func (f *fixture) rateApart() {
	f.t.Helper()
	f.do(facID, session.Move{Phase: ratePhase})
	for _, id := range []string{"SHA256:ana", "SHA256:ben", "SHA256:cy", "SHA256:di"} {
		imp := 5
		if id == "SHA256:cy" || id == "SHA256:di" {
			imp = 1
		}
		f.do(id, assumptions.RateCard{Card: 1, Importance: imp, Evidence: 1})
		f.do(id, assumptions.RateCard{Card: 2, Importance: 4, Evidence: 5})
	}
	f.do(facID, session.Move{Phase: mapPhase})
}

func TestCollectShowsOthersCardsOnlyAsACountUntilRevealed(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:cy", assumptions.AddCard{Text: "The council can share its data"})
	f.do("SHA256:di", assumptions.AddCard{Text: "Volunteers stay all year"})
	d := f.connect("SHA256:ana", 80, 24)
	d.mustSee("We believe that", "Category: none", "2 cards on the wall from 2 people; the wall is revealed when the")

	d.typeText("Families know which services exist")
	d.press("tab", "tab") // the second category
	d.mustSee("Category: the people served")
	d.press("enter")
	c := f.card(3)
	if c.Text != "Families know which services exist" || c.Category != "the people served" || !c.HasAuthor("SHA256:ana") {
		t.Fatalf("card 3 = %+v", c)
	}
	d.mustSee("Your cards · 1", "A3 Families know which services exist · the people served",
		"3 cards on the wall from 3 people", "✓ Card added.")
	d.mustNotSee("The council can share its data", "Volunteers stay all year", "Cy Diaz")

	f.do(facID, session.Reveal{Activity: 0, On: true})
	d.refresh()
	d.mustSee("Wall · 3 cards", "A1 The council can share its data", "Cy Diaz (City Council)", "A2 Volunteers stay all year")
	d.mustNotSee("the wall is revealed when")
}

func TestOwnCardsCanBeEditedAndDeleted(t *testing.T) {
	f := wallFixture(t)
	d := f.connect("SHA256:ana", 80, 24)
	d.typeText("Funders wait")
	d.press("enter")
	d.typeText("Families know")
	d.press("enter")
	f.do("SHA256:cy", assumptions.AddCard{Text: "Council shares data"})

	// ↓ selects the first own card; e loads it into the input.
	d.press("down", "e")
	d.mustSee("Editing A1 · enter saves · esc cancels")
	d.typeText(" three years")
	d.press("tab") // the first category
	d.press("enter")
	if c := f.card(1); c.Text != "Funders wait three years" || c.Category != "the problem" {
		t.Fatalf("edited card = %+v", c)
	}
	d.mustSee("A1 Funders wait three years · the problem", "✓ A1 saved.")
	d.mustNotSee("Editing A1")

	// x asks first; any other key keeps the card, y deletes it.
	d.press("down", "down", "x")
	d.mustSee("Delete A2? Press y to delete it")
	d.press("n")
	d.mustSee("Kept A2.", "A2 Families know")
	d.press("down", "x", "y")
	if c, ok := assumptions.Of(f.w.Snapshot().Activities[0].Data).Card(2); ok {
		t.Fatalf("card 2 still on the wall: %+v", c)
	}
	d.mustSee("✓ A2 deleted.", "Your cards · 1")
	d.mustNotSee("Families know")

	// Someone else's card cannot be edited: it is not in the list at all.
	d.mustNotSee("Council shares data")
}

func TestPresenterMergesGroupsAndHidesCardsFromTheKeyboard(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:cy", assumptions.AddCard{Text: "Families know services exist"})
	f.do("SHA256:ben", assumptions.AddCard{Text: "Funders will wait three years"})
	f.do("SHA256:di", assumptions.AddCard{Text: "buy cheap pills"})
	f.do(facID, session.Move{Phase: groupPhase})
	d := f.connect(facID, 80, 24)
	d.mustSee("Wall · 4 cards", "▸  A1 Families know which services exist")

	// Mark A2, select A1, merge with a new text.
	d.press("down", "space")
	d.mustSee("Wall · 4 cards · 1 marked")
	d.press("up", "m")
	d.mustSee("Merge A2 into A1: edit the text, or press enter to")
	for range len("exist") {
		d.press("backspace")
	}
	d.typeText("are")
	d.press("enter")
	a1, a2 := f.card(1), f.card(2)
	if a2.MergedInto != 1 || a1.Text != "Families know which services are" || len(a1.Authors) != 2 {
		t.Fatalf("after merge: A1 %+v, A2 %+v", a1, a2)
	}
	d.mustSee("✓ Merged A2 into A1.", "Wall · 3 cards", "merged A2 · Ana Lima (Food Bank), Cy Diaz (City")

	// Group the selected card (nothing is marked) under a cluster.
	d.press("g")
	d.typeText("Access")
	d.press("enter")
	if c := f.card(1); c.Cluster != "Access" {
		t.Fatalf("A1 cluster %q", c.Cluster)
	}
	d.mustSee("Access · 1 card", "Not grouped · 2 cards")

	// Hide A4: the facilitator still sees it, dimmed and marked.
	d.press("down", "down", "h")
	if c := f.card(4); !c.Hidden {
		t.Fatalf("A4 not hidden: %+v", c)
	}
	d.mustSee("✓ A4 hidden from the wall.", "⊘ A4 buy cheap pills", "Wall · 2 cards · 1 hidden")
	// The room sees the wall once the facilitator reveals it, not before.
	p := f.connect("SHA256:ben", 80, 24)
	p.mustSee("The wall appears here when the facilitator reveals it.")
	p.mustNotSee("Families know")
	d.press("r")
	p.refresh()
	p.mustSee("A1 Families know which services are", "Access · 1 card")
	p.mustNotSee("buy cheap pills", "A2 ")

	d.press("h") // and back
	if c := f.card(4); c.Hidden {
		t.Fatal("A4 still hidden")
	}
}

func TestRatingThroughKeysIsStoredWithProgress(t *testing.T) {
	f := wallFixture(t)
	for _, text := range []string{"Families know the services", "Funders wait", "Volunteers stay"} {
		f.do("SHA256:cy", assumptions.AddCard{Text: text})
	}
	f.do(facID, session.Move{Phase: ratePhase})
	fac := f.connect(facID, 80, 24)
	fac.mustSee("0 of 4 done rating")
	d := f.connect("SHA256:ana", 80, 24)
	d.mustSee("Card 1 of 3 · A1", "Families know the services", "▸ Importance", "0 of 3 rated · 0 skipped")

	d.press("enter")
	d.mustSee("Set importance and evidence from 1 to 5 first")
	d.press("4", "2") // importance, then evidence
	d.mustSee("▸ Evidence", "[4]", "[2]")
	d.press("enter")
	if r := assumptions.Of(f.w.Snapshot().Activities[0].Data).RatingsOf(1)["SHA256:ana"]; r.Importance != 4 || r.Evidence != 2 || r.Skipped {
		t.Fatalf("rating of A1 = %+v", r)
	}
	d.mustSee("✓ Rated A1: importance 4, evidence 2.", "Card 2 of 3 · A2", "1 of 3 rated · 0 skipped")

	d.press("s")
	d.mustSee("Card 3 of 3 · A3", "1 of 3 rated · 1 skipped")
	d.press("tab", "3", "tab", "5", "enter") // evidence first, then importance
	if r := assumptions.Of(f.w.Snapshot().Activities[0].Data).RatingsOf(3)["SHA256:ana"]; r.Importance != 5 || r.Evidence != 3 {
		t.Fatalf("rating of A3 = %+v", r)
	}
	d.mustSee("All 3 cards done: 2 rated, 1 skipped", "2 of 3 rated · 1 skipped", "You have been through every card")

	// Going back shows what was saved; changing it replaces it.
	d.press("up", "up")
	d.mustSee("Card 1 of 3 · A1", "Saved: importance 4, evidence 2.")
	fac.refresh()
	fac.mustSee("1 of 4 done rating", "✓     Ana Lima")
}

func TestMapShowsQuadrantsLabelsAndContestedCards(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:cy", assumptions.AddCard{Text: "Funders will wait three years"})
	f.rateApart()
	stats := assumptions.StatsOf(f.w.Snapshot().Results(0))
	if !stats[0].Contested || stats[0].Quadrant != assumptions.TestFirst || stats[1].Contested {
		t.Fatalf("stats = %+v", stats)
	}

	for _, d := range []*driver{f.connect("SHA256:ana", 80, 24), f.connect(facID, 80, 24), f.connect("SHA256:ana", 140, 45)} {
		d.mustSee("test first", "build on", "watch", "park", "A1‼", "A2", "importance", "weak", "strong")
	}
	d := f.connect("SHA256:ana", 80, 24)
	d.mustSee("‼ contested", "A1‼   3.0  1.0  Families know", "A2    4.0  5.0  Funders will")

	d.press("o")
	d.mustSee("By organisation", "A1‼ Families know which services exist", "gap between organisations 4.0",
		"City Council  importance █░░░░ 1.0  evidence █░░░░ 1.0  n=2",
		"Food Bank     importance █████ 5.0  evidence █░░░░ 1.0  n=2")
	d.mustNotSee("Funders will wait") // agreed on: not contested

	fac := f.connect(facID, 80, 24)
	fac.press("s")
	fac.mustSee("Assumption mapping · Map", "test first", "A1‼")
	fac.mustNotSee("PRESENTER", "o by organisation")
}

func TestCollidingCardsShareALabel(t *testing.T) {
	f := wallFixture(t)
	for _, text := range []string{"One", "Two", "Three"} {
		f.do("SHA256:ana", assumptions.AddCard{Text: text})
	}
	f.do(facID, session.Move{Phase: ratePhase})
	for card := 1; card <= 3; card++ {
		f.do("SHA256:ana", assumptions.RateCard{Card: card, Importance: 5, Evidence: 5})
	}
	f.do(facID, session.Move{Phase: mapPhase})
	f.connect("SHA256:ana", 80, 24).mustSee("A1+2")
}

func TestWallIsAnonymousForParticipantsAndTheScreen(t *testing.T) {
	f := wallFixture(t)
	f.do(facID, session.SetAnonymity{Activity: 0, Anonymity: exercises.Anonymous})
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:cy", assumptions.AddCard{Text: "Families know services exist"})
	f.do("SHA256:ben", assumptions.AddCard{Text: "Funders will wait three years"})
	f.do(facID, session.Move{Phase: groupPhase})
	f.do(facID, assumptions.MergeCards{Into: 1, From: []int{2}})
	f.do(facID, session.Reveal{Activity: 0, On: true})
	names := []string{"Ana Lima", "Cy Diaz", "Ben Ode", "Food Bank", "City Council"}

	p := f.connect("SHA256:di", 80, 24)
	p.mustSee("A1 Families know which services exist", "2 people", "A3 Funders will wait three years")
	p.mustNotSee(names...)

	fac := f.connect(facID, 80, 24)
	fac.mustSee("merged A2 · Ana Lima (Food Bank), Cy Diaz (City", "you still see names")
	fac.press("s")
	fac.mustSee("A1 Families know which services exist", "A3 Funders will wait three years")
	fac.mustNotSee(names...)

	// Once cards are on the wall, the presenter cannot loosen it.
	fac = f.connect(facID, 80, 24)
	fac.press("a")
	fac.mustSee("Answered anonymously: it stays anonymous. For names, add a new activity.")
	if got := f.w.Snapshot().Activities[0].Activity.Anonymity; got != exercises.Anonymous {
		t.Fatalf("anonymity %s after a, want anonymous", got)
	}
	p.refresh()
	p.mustNotSee(names...)
}

func TestPlanProposeAndConfirmActionsThroughKeys(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:cy", assumptions.AddCard{Text: "Funders will wait three years"})
	f.rateApart()
	f.do(facID, session.Move{Phase: planPhase})

	d := f.connect("SHA256:ben", 80, 24)
	d.mustSee("Plan", "▸  A1‼ Families know which services exist", "importance 3.0 · evidence 1.0 · contested", "no action yet")
	d.mustNotSee("Funders will wait") // build on: nothing to test

	d.press("a")
	d.mustSee("Propose an action for A1", "Owner    Ben Ode (Food Bank)", "2026-12-07")
	d.typeText("Ask 20 families at the pantry")
	d.press("tab", "down", "down") // Ana, Ben, Cy, Di: from Ben to Di
	d.mustSee("▸ Di Park (City Council)")
	d.press("up", "enter")
	acts := assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()
	want := exercises.ActionItem{ID: 1, CardID: 1, Text: "Ask 20 families at the pantry", Owner: "SHA256:cy", Org: "City Council",
		Due: "2026-12-07", Status: exercises.Proposed, ProposedBy: "SHA256:ben"}
	if len(acts) != 1 || !sameAction(acts[0], want) {
		t.Fatalf("actions = %+v", acts)
	}
	d.mustSee("◌ Ask 20 families at the pantry", "proposed · Cy Diaz (City Council) · due 2026-12-07")
	d.mustNotSee("Propose an action")

	// The hub's rules show in the status line, and the form stays open.
	d.press("a", "tab", "tab")
	d.typeText("x")
	d.press("enter")
	d.mustSee("✗ say how the assumption will be tested", "Propose an action")
	d.press("esc")

	fac := f.connect(facID, 80, 24)
	fac.press("c")
	fac.mustSee("Select a proposed action")
	fac.press("down", "c")
	if a := assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()[0]; a.Status != exercises.Confirmed {
		t.Fatalf("action = %+v", a)
	}
	fac.mustSee("✓ Action 1 confirmed.", "✓ Ask 20 families at the pantry", "confirmed · Cy Diaz (City Council) · due")
	d.refresh()
	d.mustSee("confirmed · Cy Diaz (City Council)")

	// The facilitator proposes too: a takes that key in this phase.
	fac.press("up", "a")
	fac.mustSee("Propose an action for A1")
	fac.typeText("Map the referral paths")
	fac.press("enter")
	if n := len(assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()); n != 2 {
		t.Fatalf("%d actions", n)
	}
}

// sameAction compares actions but for the time they were proposed.
func sameAction(a, b exercises.ActionItem) bool {
	a.At = b.At
	return a == b
}

func TestParticipantsShareTheRenderedMap(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:cy", assumptions.AddCard{Text: "Funders will wait three years"})
	f.rateApart()
	a := f.connect("SHA256:ana", 80, 24).m.(*Model)
	b := f.connect("SHA256:ben", 80, 24).m.(*Model)
	da, db := a.view.(*assumptionsView).wallDrawing(a, 0, 80, 16, audPublic), b.view.(*assumptionsView).wallDrawing(b, 0, 80, 16, audPublic)
	if len(da.lines) == 0 || &da.lines[0] != &db.lines[0] {
		t.Fatal("two participants at one size drew the map twice")
	}
	if dc := a.view.(*assumptionsView).wallDrawing(a, 0, 80, 40, audPublic); &dc.lines[0] == &da.lines[0] || len(dc.lines) <= len(da.lines) {
		t.Fatal("a taller terminal did not get a taller map")
	}
}

// BenchmarkMap measures a map of 60 cards: drawing it (once per version,
// width and audience) and a participant's frame with it.
func BenchmarkMap(b *testing.B) {
	f := newFixture(b, assumptions.Kind)
	var ids []string
	for k := range 6 {
		id := fmt.Sprintf("SHA256:p%d", k)
		ids = append(ids, id)
		f.join(id, fmt.Sprintf("Person %d", k), []string{"Food Bank", "City Council", "Youth Club"}[k%3])
	}
	for c := range 60 {
		f.do(ids[c%len(ids)], assumptions.AddCard{Text: fmt.Sprintf("Assumption %d about how families find the services they need", c+1)})
	}
	f.do(facID, session.Move{Phase: ratePhase})
	for c := range 60 {
		for k, id := range ids {
			f.do(id, assumptions.RateCard{Card: c + 1, Importance: 1 + (c+k*(c%3))%5, Evidence: 1 + (c*3+k)%5})
		}
	}
	f.do(facID, session.Move{Phase: mapPhase})
	snap := f.w.Snapshot()
	b.Run("draw", func(b *testing.B) {
		for b.Loop() {
			d := &drawer{resultsWriter: resultsWriter{w: 80, s: darkStyles, aud: audPublic, snap: snap}}
			d.assumptionMap(assumptions.StatsOf(snap.Results(0)), mapDefaultRows)
		}
	})
	b.Run("participant-frame", func(b *testing.B) {
		d := f.connect(ids[0], 80, 24)
		if !slices.ContainsFunc(d.m.(*Model).view.(*assumptionsView).wallDrawing(d.m.(*Model), 0, 80, 16, audPublic).lines, func(l string) bool { return l != "" }) {
			b.Fatal("no map drawn")
		}
		for b.Loop() {
			_ = d.m.View()
		}
	})
}

// TestCardCapIsToldWhereCardsAreTyped shows a participant at the cap on
// cards per activity why, under the input, before they type another; the
// hub's refusal keeps what they typed; deleting a card makes room.
func TestCardCapIsToldWhereCardsAreTyped(t *testing.T) {
	f := newFixtureWith(t, session.Options{CardsPerActivity: 2}, assumptions.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	const atCap = "You have put up 2 cards, the most one person may here. To add another, delete" // wrapped at 80
	for _, text := range []string{"Families know which services exist", "Volunteers stay all year"} {
		d.mustNotSee(atCap)
		d.typeText(text)
		d.press("enter")
		d.mustSee("✓ Card added.")
	}
	d.mustSee("Your cards · 2", atCap)
	d.typeText("Funders will wait")
	d.press("enter")
	d.mustSee("You have 2 cards here, the most one person may: delete one to add another.", "Funders will wait")
	if n := assumptions.Of(f.w.Snapshot().Activities[0].Data).CardsBy("SHA256:ana"); n != 2 {
		t.Fatalf("Ana has %d cards, want 2", n)
	}
	d.press("down", "x", "y")
	d.mustSee("A1 deleted.")
	d.mustNotSee(atCap)
	d.press("up", "enter") // back to the input, where the text waited
	d.mustSee("✓ Card added.", "A3 Funders will wait")
}

// TestCategoryIsNotCarriedToTheNextCard: the category picked for one card
// is not given to the next without the writer choosing it again.
func TestCategoryIsNotCarriedToTheNextCard(t *testing.T) {
	f := wallFixture(t)
	d := f.connect("SHA256:ana", 80, 24)
	d.typeText("Families know which services exist")
	d.press("tab", "tab")
	d.mustSee("Category: the people served")
	d.press("enter")
	d.mustSee("Category: none")
	d.typeText("Funders will wait")
	d.press("enter")
	if c := f.card(1); c.Category != "the people served" {
		t.Fatalf("card 1 = %+v", c)
	}
	if c := f.card(2); c.Category != "" {
		t.Fatalf("card 2 took the category picked for card 1: %+v", c)
	}
}

// TestPresenterEditsACardsTextBeforeTheReveal: in Group the facilitator
// edits the selected card's text with w; the room sees the wall only once
// r reveals it.
func TestPresenterEditsACardsTextBeforeTheReveal(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Famlies know", Category: "the people served"})
	f.do(facID, session.Move{Phase: groupPhase})
	d := f.connect(facID, 80, 24)
	d.press("w")
	d.mustSee("Edit the text of A1: enter saves it")
	d.typeText(" the services")
	d.press("enter")
	if c := f.card(1); c.Text != "Famlies know the services" || c.Category != "the people served" {
		t.Fatalf("A1 = %+v", c)
	}
	d.mustSee("✓ A1 edited.", "A1 Famlies know the services")
	p := f.connect("SHA256:ben", 80, 24)
	p.mustNotSee("Famlies")
	d.press("r")
	p.refresh()
	p.mustSee("A1 Famlies know the services")
}

func TestPlanTypedOwnerThroughKeys(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:cy", assumptions.AddCard{Text: "Funders will wait three years"})
	f.rateApart()
	f.do(facID, session.Move{Phase: planPhase})

	d := f.connect("SHA256:ben", 80, 24)
	d.press("a")
	d.typeText("Ask about consent")
	d.press("tab", "down", "down", "down") // Ana, Ben, Cy, Di, other…: from Ben past Di
	d.mustSee("▸ other…", "Name   > their name", "Org    > their organisation")
	// Nothing typed: refused before it is sent.
	d.press("tab", "enter")
	d.mustSee("Type the owner's name and organisation")
	if n := len(assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()); n != 0 {
		t.Fatalf("%d actions proposed with no owner", n)
	}
	d.typeText("Jo Park")
	d.press("tab")
	d.typeText("County legal")
	d.press("tab")
	d.mustSee("Due")
	d.press("enter")
	acts := assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()
	want := exercises.ActionItem{ID: 1, CardID: 1, Text: "Ask about consent", OwnerName: "Jo Park", Org: "County legal",
		Due: "2026-12-07", Status: exercises.Proposed, ProposedBy: "SHA256:ben"}
	if len(acts) != 1 || !sameAction(acts[0], want) {
		t.Fatalf("actions = %+v", acts)
	}
	d.mustSee("◌ Ask about consent", "proposed · Jo Park (County legal) · due 2026-12-07")

	// Back from other… to a participant: the typed fields go away.
	d.press("a", "tab", "down", "down", "down", "up")
	d.mustSee("▸ Di Park (City Council)")
	d.press("tab")
	d.mustNotSee("Name ")
}

func TestPlanEditAndRejectThroughKeys(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:cy", assumptions.AddCard{Text: "Funders will wait three years"})
	f.rateApart()
	f.do(facID, session.Move{Phase: planPhase})
	f.do("SHA256:ben", assumptions.ProposeAction{Card: 1, Text: "Ask 20 families", Owner: "SHA256:cy", Due: "2026-12-07"})
	f.do("SHA256:ana", assumptions.ProposeAction{Card: 1, Text: "Call the county", OwnerName: "Jo Park", OwnerOrg: "County legal", Due: "2026-12-09"})

	fac := f.connect(facID, 120, 30)
	fac.press("w")
	fac.mustSee("Select an action under a card, then press w.")

	// Edit: the form opens filled in with the action.
	fac.press("down", "w")
	fac.mustSee("Edit action 1 for A1", "Ask 20 families", "Cy Diaz (City Council)", "2026-12-07")
	fac.typeText(" at the pantry")
	fac.press("tab", "down", "down", "tab") // Cy, Di, other…
	fac.typeText("Jo Park")
	fac.press("tab")
	fac.typeText("County legal")
	fac.press("enter")
	a := assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()[0]
	if a.Text != "Ask 20 families at the pantry" || !a.Typed() || a.OwnerName != "Jo Park" || a.Org != "County legal" ||
		a.Status != exercises.Proposed || a.Due != "2026-12-07" {
		t.Fatalf("edited action = %+v", a)
	}
	fac.mustSee("✓ Action 1 saved.", "proposed · Jo Park (County legal) · due 2026-12-07")
	fac.mustNotSee("Edit action")

	// A typed owner's action opens with its name and organisation.
	fac.press("down", "w")
	fac.mustSee("Edit action 2 for A1", "other…", "Jo Park", "County legal")
	fac.press("esc")

	// Reject asks first; any other key keeps it.
	fac.press("X")
	fac.mustSee("Reject action 2? Press y to reject it")
	fac.press("n")
	fac.mustSee("Kept action 2.")
	if a := assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()[1]; a.Status != exercises.Proposed {
		t.Fatalf("kept action = %+v", a)
	}
	fac.press("X", "y")
	acts := assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()
	if len(acts) != 2 || acts[1].Status != exercises.Rejected {
		t.Fatalf("actions after reject = %+v", acts)
	}
	fac.mustSee("Action 2 rejected", "✗ Call the county", "rejected · Jo Park (County legal) · due 2026-12-09")

	// A rejected action is not edited.
	fac.press("w")
	fac.mustSee("Action 2 was rejected")
	fac.mustNotSee("Edit action")

	p := f.connect("SHA256:ben", 80, 24)
	p.mustSee("rejected · Jo Park (County legal)")
	p.press("X", "w") // not the participant's keys
	if a := assumptions.Of(f.w.Snapshot().Activities[0].Data).ActionItems()[0]; a.Status != exercises.Proposed {
		t.Fatalf("action after a participant's X = %+v", a)
	}
}
