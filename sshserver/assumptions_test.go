package sshserver_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/internal/termtest"
	"commonground/report"
	"commonground/session"
)

// addCard writes an assumption card and waits until the participant's list
// holds n cards and the input is empty again (its placeholder shows): the
// list can update before the input is cleared, and typing on earlier would
// run into the card just added.
func addCard(t *testing.T, p *person, text string, n int) {
	t.Helper()
	p.term.Type(text)
	p.term.Press("enter")
	p.term.WaitFor(t, fmt.Sprintf("Your cards · %d", n), wait)
	p.term.WaitFor(t, "We believe that … one assumption per card", wait)
}

// score is one participant's rating of one card; the zero score skips it.
type score struct{ importance, evidence int }

// rateWall rates the wall's cards in the order the rating screen offers
// them (labels), one score each, and waits for each to be confirmed before
// the next: the selection moves on only then.
func rateWall(t *testing.T, p *person, labels []string, scores ...score) {
	t.Helper()
	for i, s := range scores {
		keys := []string{strconv.Itoa(s.importance), strconv.Itoa(s.evidence), "enter"}
		done := fmt.Sprintf("Rated %s: importance %d, evidence %d.", labels[i], s.importance, s.evidence)
		if s == (score{}) {
			keys, done = []string{"s"}, "Skipped "+labels[i]+"."
		}
		p.term.Press(keys...)
		if i == len(labels)-1 {
			done = fmt.Sprintf("All %d cards done", len(labels))
		}
		p.term.WaitFor(t, done, wait)
	}
}

// exportedResults exports the workshop as its facilitator over SSH, as
// JSON, and returns the results of its one activity, which must be of type
// R (what names it in the message).
func exportedResults[R any](t *testing.T, e *env, what string) *R {
	t.Helper()
	stdout, stderr, code := termtest.Run(t, e.addr, "x", e.fac, "export "+e.code+" --format json")
	if code != 0 {
		t.Fatalf("export: exit %d, stderr %q", code, stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, stdout)
	}
	res, ok := (*R)(nil), len(rep.Activities) == 1
	if ok {
		res, ok = rep.Activities[0].Results.(*R)
	}
	if !ok {
		t.Fatalf("activities = %+v, want %s", rep.Activities, what)
	}
	return res
}

// mustShow fails the test unless the screen shows every text.
func mustShow(t *testing.T, who, screen string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if !strings.Contains(screen, text) {
			t.Errorf("%s's screen lacks %q:\n%s", who, text, screen)
		}
	}
}

// mustHide fails the test if the screen shows any of the texts.
func mustHide(t *testing.T, who, screen string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if strings.Contains(screen, text) {
			t.Errorf("%s's screen shows %q:\n%s", who, text, screen)
		}
	}
}

// TestAssumptionMapping walks a facilitator and four participants from two
// organisations through an assumption map, collect to plan, on terminals of
// the smallest supported size, then exports the report as the facilitator.
func TestAssumptionMapping(t *testing.T) {
	e := startWith(t, activities(t, assumptions.Kind))
	w := e.workshop(t)
	fac := termtest.Open(t, e.addr, e.code, e.fac)
	fac.WaitFor(t, "PRESENTER", wait)
	ana := e.arriveAt(t, "Ana Lima", "Food Bank", 80, 24)
	ben := e.arriveAt(t, "Ben Ode", "Food Bank", 80, 24)
	cy := e.arriveAt(t, "Cy Diaz", "City Council", 80, 24)
	di := e.arriveAt(t, "Di Park", "City Council", 80, 24)
	people := []*person{ana, ben, cy, di}
	fac.WaitFor(t, "4 of 4 here", wait)

	// Collect: private writing. Ana files hers under a category; Cy writes
	// a duplicate of it; Di adds a card that has no place on the wall.
	ana.term.WaitFor(t, "Category: none", wait)
	ana.term.Press("tab", "tab")
	ana.term.WaitFor(t, "Category: the people served", wait)
	addCard(t, ana, "Families know which services exist", 1)
	addCard(t, cy, "Families know the services exist", 1)
	addCard(t, ben, "Funders will wait three years for results", 1)
	addCard(t, di, "Volunteers stay all year", 1)
	addCard(t, di, "Cheap pills at example.com", 2)

	// Before the reveal each participant sees their own cards and only a
	// count of everyone's; the facilitator sees the whole wall.
	screen := ana.term.WaitFor(t, "5 cards on the wall from 4 people", wait)
	mustShow(t, "Ana", screen, "Your cards · 1", "A1 Families know which services exist · the people served",
		"the wall is revealed when the")
	mustHide(t, "Ana", screen, "Families know the services", "Funders will wait", "Volunteers", "Cheap pills", "Cy Diaz")
	screen = di.term.WaitFor(t, "5 cards on the wall from 4 people", wait)
	mustShow(t, "Di", screen, "Your cards · 2", "A4 Volunteers stay all year", "A5 Cheap pills at example.com")
	mustHide(t, "Di", screen, "Families know", "Funders will wait")
	screen = fac.WaitFor(t, "Wall · 5 cards", wait)
	mustShow(t, "the facilitator", screen, "hidden from participants", "A2 Families know the services exist")

	// Group: the facilitator moderates the wall before the room sees it;
	// entering the phase does not reveal it.
	fac.Press("n")
	fac.WaitFor(t, "Phase 2/5: Group", wait)
	fac.WaitFor(t, "▸  A1 Families know which services exist", wait)
	screen = ana.term.WaitFor(t, "The wall appears here when the facilitator reveals it.", wait)
	mustHide(t, "Ana", screen, "A2 Families know the services exist", "Funders will wait", "Cheap pills")

	// The facilitator marks Cy's duplicate and merges it into Ana's card,
	// keeping Ana's text.
	fac.Press("down", "space")
	fac.WaitFor(t, "Wall · 5 cards · 1 marked", wait)
	fac.Press("up", "m")
	fac.WaitFor(t, "Merge A2 into A1:", wait)
	fac.Press("enter")
	fac.WaitFor(t, "✓ Merged A2 into A1.", wait)
	// A1 is still selected: it alone goes under a cluster.
	fac.Press("g")
	fac.WaitFor(t, "Group A1 under the cluster named", wait)
	fac.Type("Access")
	fac.Press("enter")
	fac.WaitFor(t, "✓ Grouped A1 under “Access”.", wait)
	// A3 and A4, marked, go under another.
	fac.Press("down", "space", "down", "space", "g")
	fac.WaitFor(t, "Group A3, A4 under the cluster named", wait)
	fac.Type("Partners")
	fac.Press("enter")
	fac.WaitFor(t, "✓ Grouped A3, A4 under “Partners”.", wait)
	// Di's advertisement comes off the wall.
	fac.Press("down")
	fac.WaitFor(t, "▸  A5 Cheap pills", wait)
	fac.Press("h")
	screen = fac.WaitFor(t, "✓ A5 hidden from the wall.", wait)
	mustShow(t, "the facilitator", screen, "⊘ A5 Cheap pills", "hidden from the wall · Di Park")

	eventually(t, w, "the wall merged, grouped and moderated", func(s *session.Snapshot) bool {
		a1, _ := assumptions.Of(s.Activities[0].Data).Card(1)
		a2, _ := assumptions.Of(s.Activities[0].Data).Card(2)
		a5, _ := assumptions.Of(s.Activities[0].Data).Card(5)
		return a2.MergedInto == 1 && slices.Equal(a1.Authors, []string{ana.key.ID, cy.key.ID}) &&
			a1.Cluster == "Access" && a5.Hidden
	})
	// Moderated, the wall is revealed to everyone.
	fac.Press("r")
	fac.WaitFor(t, "revealed to participants", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "Wall · 3 cards", wait)
		mustShow(t, p.name, screen, "Access · 1 card", "Partners · 2 cards", "A1 Families know which services exist",
			"the people served · Ana Lima (Food Bank), Cy Diaz (City Council)", "A4 Volunteers stay all year")
		mustHide(t, p.name, screen, "Cheap pills", "A2 ", "hidden")
	}

	// Rate: the two organisations rate A1 far apart (the Food Bank calls it
	// vital, the council marginal; nobody has evidence), agree on A3 and
	// A4, and Di skips A4.
	fac.Press("n")
	fac.WaitFor(t, "0 of 4 done rating", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "Card 1 of 3 · A1 · Access · the people served", wait)
		mustShow(t, p.name, screen, "Families know which services exist", "▸ Importance", "0 of 3 rated · 0 skipped")
	}
	order := []string{"A1", "A3", "A4"} // cluster by cluster
	rateWall(t, ana, order, score{5, 1}, score{4, 4}, score{2, 2})
	screen = ana.term.WaitFor(t, "3 of 3 rated · 0 skipped", wait)
	mustShow(t, "Ana", screen, "You have been through every card")
	mustHide(t, "Ana", screen, "test first") // the map waits for the next phase
	fac.WaitFor(t, "1 of 4 done rating", wait)
	rateWall(t, ben, order, score{5, 1}, score{4, 4}, score{2, 2})
	rateWall(t, cy, order, score{1, 1}, score{4, 4}, score{2, 2})
	rateWall(t, di, order, score{1, 1}, score{4, 4}, score{})
	di.term.WaitFor(t, "2 of 3 rated · 1 skipped", wait)
	fac.WaitFor(t, "4 of 4 done rating", wait)
	eventually(t, w, "every rating stored", func(s *session.Snapshot) bool {
		w := assumptions.Of(s.Activities[0].Data)
		return len(w.RatingsOf(1)) == 4 && len(w.RatingsOf(3)) == 4 && len(w.RatingsOf(4)) == 4 && w.RatingsOf(4)[di.key.ID].Skipped
	})

	// Map: every participant sees the quadrants, the labels and A1 marked
	// as contested; nothing else is.
	fac.Press("n")
	fac.WaitFor(t, "Phase 4/5: Map", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "‼ contested", wait)
		mustShow(t, p.name, screen, "test first", "build on", "watch", "park", "importance", "weak", "strong",
			"test first · 1", "A1‼   3.0  1.0  Families know", "build on · 1", "A3    4.0  4.0  Funders will",
			"watch · 1", "A4    2.0  2.0  Volunteers")
		mustHide(t, p.name, screen, "A3‼", "A4‼", "park · ")
		if n := strings.Count(screen, "A1‼"); n != 2 {
			t.Errorf("%s sees A1‼ %d times, want 2 (on the grid and in the legend):\n%s", p.name, n, screen)
		}
	}

	// How each organisation rated the contested card.
	ana.term.Press("o")
	screen = ana.term.WaitFor(t, "By organisation", wait)
	mustShow(t, "Ana", screen, "A1‼ Families know which services exist", "gap between organisations 4.0 · spread 2.0 · 4 ratings",
		"City Council  importance █░░░░ 1.0  evidence █░░░░ 1.0  n=2",
		"Food Bank     importance █████ 5.0  evidence █░░░░ 1.0  n=2")
	mustHide(t, "Ana", screen, "Funders will wait", "Volunteers")

	// The projector shows the map full width, without the keyboard hints;
	// at this size its legend is below the grid, out of view.
	fac.Press("s")
	screen = fac.WaitFor(t, "Assumption mapping · Map", wait)
	mustShow(t, "the projector", screen, "test first", "build on", "watch", "park", "A1‼", "A3", "A4")
	mustHide(t, "the projector", screen, "PRESENTER", "o by organisation")
	fac.Press("s")
	fac.WaitFor(t, "PRESENTER", wait)

	// Plan: only the "test first" card is offered. Ben proposes a test of it
	// with Cy as its owner; the facilitator confirms.
	fac.Press("n")
	fac.WaitFor(t, "Phase 5/5: Plan", wait)
	screen = ben.term.WaitFor(t, "▸  A1‼ Families know which services exist", wait)
	mustShow(t, "Ben", screen, "importance 3.0 · evidence 1.0 · contested", "no action yet · a proposes one")
	mustHide(t, "Ben", screen, "Funders will wait", "Volunteers")
	ben.term.Press("a")
	ben.term.WaitFor(t, "Propose an action for A1", wait)
	ben.term.Type("Ask 20 families at the pantry")
	ben.term.Press("tab")
	ben.term.WaitFor(t, "▸ Ben Ode (Food Bank)", wait) // the proposer first
	ben.term.Press("down")
	ben.term.WaitFor(t, "▸ Cy Diaz (City Council)", wait)
	ben.term.Press("tab")
	for range len(exercises.DateLayout) {
		ben.term.Press("backspace")
	}
	ben.term.Type("2027-01-31")
	ben.term.Press("enter")
	ben.term.WaitFor(t, "✓ Action proposed for A1", wait)
	screen = ben.term.WaitFor(t, "◌ Ask 20 families at the pantry", wait)
	mustShow(t, "Ben", screen, "proposed · Cy Diaz (City Council) · due 2027-01-31")

	fac.WaitFor(t, "◌ Ask 20 families at the pantry", wait)
	fac.Press("down", "c") // the action under A1
	fac.WaitFor(t, "✓ Action 1 confirmed.", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "confirmed · Cy Diaz (City Council) · due 2027-01-31", wait)
		mustShow(t, p.name, screen, "✓ Ask 20 families at the pantry")
	}
	eventually(t, w, "the action confirmed", func(s *session.Snapshot) bool {
		acts := assumptions.Of(s.Activities[0].Data).ActionItems()
		return len(acts) == 1 && acts[0].Status == exercises.Confirmed
	})
	act := assumptions.Of(w.Snapshot().Activities[0].Data).ActionItems()[0]
	if act.CardID != 1 || act.Owner != cy.key.ID || act.ProposedBy != ben.key.ID || act.Org != "City Council" || act.Due != "2027-01-31" {
		t.Errorf("action = %+v, want A1's test owned by Cy, proposed by Ben, due 2027-01-31", act)
	}

	// The facilitator's export over SSH holds what the screens showed.
	as := exportedResults[report.Assumptions](t, e, "one assumption map")
	if as.Raters != 4 || as.Hidden != 1 || !slices.Equal(as.Clusters, []string{"Access", "Partners"}) ||
		!slices.Equal(as.Contested, []string{"A1"}) {
		t.Errorf("raters %d, hidden %d, clusters %q, contested %q; want 4, 1, [Access Partners], [A1]",
			as.Raters, as.Hidden, as.Clusters, as.Contested)
	}
	type cardWant struct {
		label     string
		quadrant  assumptions.Quadrant
		n, skip   int
		imp, ev   float64
		contested bool
	}
	wants := []cardWant{
		{"A1", assumptions.TestFirst, 4, 0, 3, 1, true},
		{"A3", assumptions.BuildOn, 4, 0, 4, 4, false},
		{"A4", assumptions.Watch, 3, 1, 2, 2, false},
	}
	if len(as.Cards) != len(wants) {
		t.Fatalf("cards = %+v, want A1, A3 and A4", as.Cards)
	}
	for i, want := range wants {
		c := as.Cards[i]
		if c.Label != want.label || c.Quadrant != want.quadrant || c.N != want.n || c.Skipped != want.skip ||
			c.Importance == nil || *c.Importance != want.imp || c.Evidence == nil || *c.Evidence != want.ev ||
			c.Contested != want.contested {
			t.Errorf("card %d = %+v, want %+v", i, c, want)
		}
	}
	a1 := as.Cards[0]
	wantAuthors := []report.Person{{Name: "Ana Lima", Org: "Food Bank"}, {Name: "Cy Diaz", Org: "City Council"}}
	wantOrgs := []report.OrgMeans{{Org: "City Council", N: 2, Importance: 1, Evidence: 1}, {Org: "Food Bank", N: 2, Importance: 5, Evidence: 1}}
	if !slices.Equal(a1.Authors, wantAuthors) || !slices.Equal(a1.MergedFrom, []string{"A2"}) ||
		!slices.Equal(a1.Orgs, wantOrgs) || a1.OrgGap == nil || *a1.OrgGap != 4 || a1.Cluster != "Access" ||
		a1.Category != "the people served" {
		t.Errorf("A1 = %+v, want Ana's and Cy's merged card, rated 5 and 1 by the two organisations", a1)
	}
	wantAction := report.Action{Card: "A1", Text: "Ask 20 families at the pantry",
		Owner: report.Person{Name: "Cy Diaz", Org: "City Council"}, Due: "2027-01-31", Status: exercises.Confirmed}
	if !slices.Equal(as.Actions, []report.Action{wantAction}) {
		t.Errorf("actions = %+v, want %+v", as.Actions, wantAction)
	}
}
