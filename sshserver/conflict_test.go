package sshserver_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"commonground/exercises/conflict"
	"commonground/internal/termtest"
	"commonground/report"
	"commonground/session"
)

// TestConflictResolution walks a facilitator and five participants from
// three organisations through a conflict resolution, Issue to Agree, on
// terminals of the smallest supported size, then exports the report as
// the facilitator and reads it back.
func TestConflictResolution(t *testing.T) {
	e := startWith(t, activities(t, conflict.Kind))
	w := e.workshop(t)
	fac := termtest.Open(t, e.addr, e.code, e.fac)
	fac.WaitFor(t, "PRESENTER", wait)
	ana := e.arriveAt(t, "Ana Lima", "Food Bank", 80, 24)
	ben := e.arriveAt(t, "Ben Ode", "food bank", 80, 24)
	cy := e.arriveAt(t, "Cy Diaz", "City Council", 80, 24)
	dee := e.arriveAt(t, "Dee Park", "Health Trust", 80, 24)
	eve := e.arriveAt(t, "Eve Marsh", "Health Trust", 80, 24)
	fac.WaitFor(t, "5 of 5 here", wait)

	// Issue: typed in the presenter, with a ground rule; everyone reads it.
	fac.Press("w")
	fac.Type("Who holds the pantry keys?")
	fac.Press("enter")
	fac.WaitFor(t, "The issue is on everyone's screen.", wait)
	fac.Press("g")
	fac.Type("One voice at a time")
	fac.Press("enter")
	screen := eve.term.WaitFor(t, "1. One voice at a time", wait)
	mustShow(t, "Eve", screen, "Who holds the pantry keys?", "Ground rules")

	// Positions: Ana and Ben draft Food Bank's together and see each other
	// at it; another party sees neither until the reveal.
	fac.Press("n")
	fac.WaitFor(t, "Phase 2/8: Positions", wait)
	ana.term.WaitFor(t, "Your party: Food Bank", wait)
	ana.term.Press("e")
	ana.term.Type("We hold the keys")
	ana.term.Press("enter")
	ana.term.WaitFor(t, "Saved your party's position", wait)
	ben.term.WaitFor(t, "last saved by Ana Lima", wait)
	ben.term.Press("e")
	ben.term.WaitFor(t, "Also editing: Ana Lima", wait)
	ana.term.WaitFor(t, "Also editing: Ben Ode", wait)
	ben.term.Type(", with volunteers")
	ben.term.Press("enter")
	// Ana has not typed since her save: her editor follows Ben's.
	ana.term.WaitFor(t, "> We hold the keys, with volunteers", wait)
	ana.term.Press("esc")
	ana.term.WaitFor(t, "last saved by Ben Ode · 2 edits", wait)
	ben.term.WaitFor(t, "Nobody else of your party is editing.", wait)
	ben.term.Press("esc")
	cy.term.Press("e")
	cy.term.Type("The council keeps them")
	cy.term.Press("enter")
	screen = cy.term.WaitFor(t, "Saved your party's position", wait)
	mustHide(t, "Cy", screen, "We hold the keys")
	cy.term.Press("esc")
	dee.term.Press("e")
	dee.term.Type("Nurses need weekend access")
	dee.term.Press("enter")
	dee.term.WaitFor(t, "Saved your party's position", wait)
	dee.term.Press("esc")
	fac.Press("r")
	fac.WaitFor(t, "Press r again to reveal", wait)
	fac.Press("r")
	screen = cy.term.WaitFor(t, "Positions, side by side", wait)
	mustShow(t, "Cy", screen, "Food Bank", "City Council", "Health Trust", "We hold the keys, with")

	// Interests: private until revealed. Every party has its position,
	// so everyone counts as done and the move does not ask.
	fac.WaitFor(t, "5 of 5 have a position", wait)
	fac.Press("n")
	fac.WaitFor(t, "Phase 3/8: Interests", wait)
	ana.term.WaitFor(t, "tab kind: need", wait)
	ana.term.Type("Families fed on weekends")
	ana.term.Press("enter")
	ana.term.WaitFor(t, "I1 Families fed on weekends · Food Bank · need", wait)
	// Each presses tab once their own screen shows the field, as a person
	// does: a key sent before the phase reaches their screen has no field.
	cy.term.WaitFor(t, "tab kind: need", wait)
	cy.term.Press("tab")
	cy.term.WaitFor(t, "tab kind: fear", wait)
	cy.term.Type("Blame after hours")
	cy.term.Press("enter")
	cy.term.WaitFor(t, "I2 Blame after hours · City Council · fear", wait)
	dee.term.WaitFor(t, "tab kind: need", wait)
	dee.term.Press("tab", "tab")
	dee.term.WaitFor(t, "tab kind: constraint", wait)
	dee.term.Type("Nurses' time is capped")
	dee.term.Press("enter")
	screen = dee.term.WaitFor(t, "I3 Nurses' time is capped", wait)
	mustHide(t, "Dee", screen, "Families fed", "Blame after hours")

	// Common ground: everyone marks what they share. I1 is marked by three
	// parties, I2 only by another party than its own, I3 by its own.
	fac.Press("n")
	fac.WaitFor(t, "n again to move on", wait)
	fac.Press("n")
	fac.WaitFor(t, "Phase 4/8: Common ground", wait)
	for _, m := range []struct {
		p     *person
		downs int
	}{{ana, 0}, {cy, 0}, {dee, 0}, {ben, 1}, {eve, 2}} {
		m.p.term.WaitFor(t, "Mark with space", wait)
		for range m.downs {
			m.p.term.Press("down")
		}
		m.p.term.Press("space")
		m.p.term.WaitFor(t, "Marked as shared.", wait)
	}
	eventually(t, w, "five marks", func(s *session.Snapshot) bool { return len(conflict.Of(s.Activities[0].Data).Marks) == 5 })
	fac.Press("r")
	fac.WaitFor(t, "Press r again to reveal", wait)
	fac.Press("r")
	screen = ana.term.WaitFor(t, "Common ground (shared)", wait)
	mustShow(t, "Ana", screen, "◆ I1 need · Families fed on weekends", "marked by 3")
	t.Logf("common ground, as Ana sees it:\n%s", screen)
	ana.term.Press("pgdown")
	screen = ana.term.WaitFor(t, "One party's", wait)
	mustShow(t, "Ana", screen, "Compatible", "◇ I2 fear · Blame after hours")

	// Options: two duplicates, merged by the facilitator. Everyone
	// marked something: the move does not ask.
	fac.Press("n")
	fac.WaitFor(t, "Phase 5/8: Options", wait)
	ana.term.WaitFor(t, "An option that serves", wait)
	ana.term.Type("Two keyholders")
	ana.term.Press("enter")
	ana.term.WaitFor(t, "Which interests does it serve?", wait)
	ana.term.Press("space", "down", "space", "enter")
	ana.term.WaitFor(t, "O1 Two keyholders · serves I1, I2", wait)
	cy.term.WaitFor(t, "An option that serves", wait)
	cy.term.Type("Two named keyholders")
	cy.term.Press("enter")
	cy.term.WaitFor(t, "Which interests does it serve?", wait)
	cy.term.Press("down", "down", "space", "enter")
	cy.term.WaitFor(t, "O2 Two named keyholders · serves I3", wait)
	fac.WaitFor(t, "O2 Two named keyholders", wait)
	fac.Press("down", "space", "up", "m")
	fac.WaitFor(t, "Options merged.", wait)

	// Criteria skipped: S twice goes to Evaluate.
	fac.Press("S")
	fac.WaitFor(t, "Press S again to skip Criteria", wait)
	fac.Press("S")
	fac.WaitFor(t, "Phase 7/8: Evaluate", wait)

	// Evaluate: a block with its comment, a serious disagreement without.
	for _, r := range []struct {
		p     *person
		value string
	}{{ana, "1"}, {ben, "2"}, {eve, "4"}} {
		r.p.term.WaitFor(t, "1-8 rate", wait)
		r.p.term.Press(r.value)
		r.p.term.WaitFor(t, "Saved: "+r.value, wait)
	}
	cy.term.WaitFor(t, "1-8 rate", wait)
	cy.term.Press("8")
	cy.term.WaitFor(t, "so that O1 can be amended", wait)
	cy.term.Type("Our insurer says no")
	cy.term.Press("enter")
	cy.term.WaitFor(t, "c comment", wait)
	dee.term.WaitFor(t, "1-8 rate", wait)
	dee.term.Press("7")
	dee.term.WaitFor(t, "so that O1 can be amended", wait)
	dee.term.Press("enter")
	dee.term.WaitFor(t, "c comment", wait)
	fac.WaitFor(t, "5 of 5 done rating", wait)
	fac.Press("r")
	fac.WaitFor(t, "Press r again to reveal", wait)
	fac.Press("r")
	screen = ana.term.WaitFor(t, "✗ 8 block: Our insurer says no", wait)
	mustShow(t, "Ana", screen, "everyone", "1×1 2×1 4×1 7×1 8×1 (5)", "City Council")
	mustHide(t, "Ana", screen, "Cy Diaz")
	t.Logf("evaluate, as Ana sees it:\n%s", screen)

	// The facilitator amends the option: a new poll, the first kept.
	fac.Press("w")
	fac.WaitFor(t, "Amend O1", wait)
	fac.Press("ctrl+u")
	fac.Type("Two keyholders on the council's insurance")
	fac.Press("enter")
	fac.WaitFor(t, "a new poll of the option starts", wait)
	cy.term.WaitFor(t, "(amended, poll 2)", wait)
	cy.term.Press("2")
	cy.term.WaitFor(t, "Saved: 2", wait)

	// Agree: an agreement owned by Cy, one by someone outside, a question.
	fac.Press("n")
	fac.WaitFor(t, "n again to move on", wait)
	fac.Press("n")
	fac.WaitFor(t, "Phase 8/8: Agree", wait)
	fac.Press("g")
	fac.Type("Two named keyholders from February")
	fac.Press("tab")
	fac.Type("Cy Diaz")
	fac.Press("tab")
	for range 10 {
		fac.Press("backspace")
	}
	fac.Type("2027-02-01")
	fac.Press("enter")
	fac.WaitFor(t, "1. Two named keyholders", wait)
	fac.Press("g")
	fac.Type("Weekend rota")
	fac.Press("tab")
	fac.Type("Sam Reyes, County Health")
	fac.Press("enter")
	fac.WaitFor(t, "2. Weekend rota", wait)
	fac.Press("q")
	fac.Type("Who trains the keyholders?")
	fac.Press("enter")
	fac.WaitFor(t, "Open question recorded.", wait)
	screen = ana.term.WaitFor(t, "Q1 Who trains the keyholders?", wait)
	mustShow(t, "Ana", screen, "Two named keyholders from February — Cy Diaz (City Council), 2027-02-01")

	// The export holds what the screens showed.
	c := exportedResults[report.Conflict](t, e, "one conflict resolution")
	if c.Issue != "Who holds the pantry keys?" || !slices.Equal(c.Rules, []string{"One voice at a time"}) {
		t.Errorf("issue %q, rules %q", c.Issue, c.Rules)
	}
	var parties []string
	for _, p := range c.Parties {
		parties = append(parties, p.Name+": "+p.Position)
	}
	if want := []string{"Food Bank: We hold the keys, with volunteers", "City Council: The council keeps them",
		"Health Trust: Nurses need weekend access"}; !slices.Equal(parties, want) {
		t.Errorf("positions %q, want %q", parties, want)
	}
	if h := c.Parties[0].History; len(h) != 2 || h[0].By != nil || h[0].Text != "We hold the keys" {
		t.Errorf("Food Bank's history %+v, want both edits, anonymous", h)
	}
	var ranking []string
	for _, ir := range c.Interests {
		ranking = append(ranking, ir.Label+" "+string(ir.Standing)+" "+strings.Join(ir.MarkedBy, "+"))
	}
	if want := []string{"I1 shared Food Bank+City Council+Health Trust", "I2 compatible Food Bank", "I3 party Health Trust"}; !slices.Equal(ranking, want) {
		t.Errorf("interests %q, want %q", ranking, want)
	}
	if len(c.Options) != 1 || !slices.Equal(c.Options[0].Serves, []string{"I1", "I2", "I3"}) || !slices.Equal(c.Options[0].MergedFrom, []string{"O2"}) {
		t.Fatalf("options %+v, want O1 with O2 merged in, serving I1-I3", c.Options)
	}
	polls := c.Options[0].Polls
	if len(polls) != 2 || polls[0].N != 5 || polls[0].Distribution != [8]int{1, 1, 0, 1, 0, 0, 1, 1} || polls[1].N != 1 {
		t.Fatalf("polls %+v, want the first with five ratings kept and the second with one", polls)
	}
	obs := polls[0].Objections
	if len(obs) != 2 || obs[0].Value != 8 || obs[0].Comment != "Our insurer says no" || obs[0].Author != nil || obs[1].Value != 7 {
		t.Errorf("objections %+v, want the block with its comment, anonymous, then the serious disagreement", obs)
	}
	if len(c.Criteria) != 0 {
		t.Errorf("criteria %q, want none: the phase was skipped", c.Criteria)
	}
	want := []report.ConflictAgreement{
		{Text: "Two named keyholders from February", Owner: report.Person{Name: "Cy Diaz", Org: "City Council"}, Date: "2027-02-01"},
		{Text: "Weekend rota", Owner: report.Person{Name: "Sam Reyes", Org: "County Health"}, Date: time.Now().Format("2006-01-02")},
	}
	if !slices.Equal(c.Agreements, want) || !slices.Equal(c.Questions, []string{"Who trains the keyholders?"}) {
		t.Errorf("agreements %+v, questions %q; want %+v", c.Agreements, c.Questions, want)
	}
}
