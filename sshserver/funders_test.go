package sshserver_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/exercises/funders"
	"commonground/internal/termtest"
	"commonground/report"
	"commonground/session"
)

// addFunder fills in the funder form (name, kind and relationship as
// steps to the right, focus) and waits until the participant's list holds
// n funders and the form is empty again.
func addFunder(t *testing.T, p *person, name string, kind int, focus string, rel, n int) {
	t.Helper()
	p.term.WaitFor(t, "its name", wait)
	p.term.Type(name)
	p.term.Press("tab")
	for range kind {
		p.term.Press("right")
	}
	p.term.Press("tab")
	p.term.Type(focus)
	p.term.Press("tab")
	for range rel {
		p.term.Press("right")
	}
	p.term.Press("enter")
	p.term.WaitFor(t, fmt.Sprintf("Your funders · %d", n), wait)
	p.term.WaitFor(t, "its name", wait)
}

// rateFunders rates the funders in the order the rating screen offers
// them: per funder its goals, then its influence ("d" for don't know),
// waiting for each funder to count as rated before the next.
func rateFunders(t *testing.T, p *person, funders ...string) {
	t.Helper()
	for i, keys := range funders {
		p.term.Press(strings.Split(keys, "")...)
		p.term.WaitFor(t, fmt.Sprintf("%d of %d funders rated", i+1, len(funders)), wait)
	}
}

// TestFunderAlignment walks a facilitator and four participants from three
// organisations through a funder alignment, Goals to Plan, on terminals of
// the smallest supported size, then exports the report as the facilitator.
func TestFunderAlignment(t *testing.T) {
	e := startWith(t, activities(t, funders.Kind))
	w := e.workshop(t)
	fac := termtest.Open(t, e.addr, e.code, e.fac)
	fac.WaitFor(t, "PRESENTER", wait)
	ana := e.arriveAt(t, "Ana Lima", "Food Bank", 80, 24)
	ben := e.arriveAt(t, "Ben Ode", "Food Bank", 80, 24)
	cy := e.arriveAt(t, "Cy Diaz", "City Council", 80, 24)
	di := e.arriveAt(t, "Di Park", "Youth Club", 80, 24)
	people := []*person{ana, ben, cy, di}
	fac.WaitFor(t, "4 of 4 here", wait)

	// Goals: the facilitator types them; everyone sees them at once.
	fac.WaitFor(t, "0 of 3 to 6 goals: press g to add one.", wait)
	for i, g := range []string{"Housing", "Jobs", "Health", "Transport"} {
		fac.Press("g")
		fac.WaitFor(t, "Add a goal: enter saves it", wait)
		fac.Type(g)
		fac.Press("enter")
		fac.WaitFor(t, fmt.Sprintf("G%d  %s", i+1, g), wait)
	}
	for _, p := range people {
		p.term.WaitFor(t, "G4  Transport", wait)
	}

	// Funders: private, as assumption cards are. Cy adds Ana's funder
	// again under another name.
	fac.Press("n")
	fac.WaitFor(t, "Phase 2/5: Funders", wait)
	addFunder(t, ana, "Ford Foundation", 0, "housing, jobs", 3, 1) // funded by them
	addFunder(t, cy, "Ford Fdn", 0, "", 2, 1)                      // has a contact
	addFunder(t, ben, "County Health Fund", 1, "health", 1, 1)     // public, knows of them
	addFunder(t, di, "Gates", 0, "", 0, 1)                         // no relationship
	screen := ana.term.WaitFor(t, "4 funders on the wall from 4 people", wait)
	mustShow(t, "Ana", screen, "F1 Ford Foundation · foundation · funded by them")
	mustHide(t, "Ana", screen, "Ford Fdn", "County Health", "Gates")

	// The facilitator merges Cy's entry into Ana's, then reveals the wall.
	fac.WaitFor(t, "F4 Gates", wait)
	fac.Press("down", "space")
	fac.WaitFor(t, "1 marked", wait)
	fac.Press("up", "m")
	fac.WaitFor(t, "✓ Merged F2 into F1", wait)
	fac.Press("r")
	fac.WaitFor(t, "Press r again to reveal", wait)
	fac.Press("r")
	fac.WaitFor(t, "revealed to participants", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "Funders on the wall", wait)
		mustShow(t, p.name, screen, "F1 Ford Foundation · foundation · housing, jobs",
			"●●● Food Bank funded by them (Ana Lima) · ●●○ City Council has a contact (Cy")
		mustHide(t, p.name, screen, "Ford Fdn")
	}

	// Rate: one funder at a time, goals then influence.
	fac.Press("n")
	fac.WaitFor(t, "0 of 4 done rating", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "Funder 1 of 3 · F1 · foundation", wait)
		mustShow(t, p.name, screen, "G1 Housing", "Influence in the field", "0 of 3 funders rated")
	}
	rateFunders(t, ana, "33115", "10314", "ddddd")
	rateFunders(t, ben, "33014", "00304", "11002")
	rateFunders(t, cy, "13014", "01213", "21012")
	rateFunders(t, di, "12113", "10315", "12001")
	fac.WaitFor(t, "4 of 4 done rating", wait)

	// Matrix: the gap, the disagreement on F1's housing, the grid and who
	// knows whom.
	fac.Press("n")
	fac.WaitFor(t, "Phase 4/5: Matrix", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "G4 Transport  ✗ gap: no funder covers it", wait)
		mustShow(t, p.name, screen, "── covering G1 G2 ──", "F1 Ford Foundation", "▓ 2.0·4‼", "▓ 2.8·4", "── covering G3 ──", "▓ 2.8·4 ")
	}
	ana.term.Press("v")
	screen = ana.term.WaitFor(t, "APPROACH EARLY", wait)
	mustShow(t, "Ana", screen, "F1 Ford Foundation (4.0, 1.6)", "CULTIVATE", "F3 County Health Fund (4.0, 1.1)",
		"KEEP INFORMED", "F4 Gates (1.7, 0.8)")
	ana.term.Press("v")
	screen = ana.term.WaitFor(t, "Who knows whom", wait)
	mustShow(t, "Ana", screen, "F1 Ford Foundation · best placed: Food Bank", "F4 Gates · nobody has a way in yet")

	// Plan: Ben offers Ana for Ford, asking for insight and introductions;
	// Cy types an officer of the county for it, asking for data. The
	// facilitator confirms Ben's.
	fac.Press("n")
	fac.WaitFor(t, "Phase 5/5: Plan", wait)
	ben.term.WaitFor(t, "F1 Ford Foundation · approach early · best placed: Food Bank", wait)
	ben.term.Press("a")
	ben.term.WaitFor(t, "Who approaches F1 Ford Foundation", wait)
	ben.term.Type("At their spring round")
	ben.term.Press("tab")
	ben.term.WaitFor(t, "▸ Ben Ode (Food Bank)", wait)
	ben.term.Press("up")
	ben.term.WaitFor(t, "▸ Ana Lima (Food Bank)", wait)
	ben.term.Press("tab")
	for range len(exercises.DateLayout) {
		ben.term.Press("backspace")
	}
	ben.term.Type("2027-01-31")
	ben.term.Press("tab", "1", "2")
	ben.term.WaitFor(t, "1[x] insight 2[x] introductions", wait)
	ben.term.Press("enter")
	ben.term.WaitFor(t, "✓ Approach proposed for F1", wait)

	cy.term.Press("a")
	cy.term.WaitFor(t, "Who approaches F1", wait)
	cy.term.Press("tab", "down", "down")
	cy.term.WaitFor(t, "▸ other…", wait)
	cy.term.Press("tab")
	cy.term.Type("Kim Lee")
	cy.term.Press("tab")
	cy.term.Type("County")
	cy.term.Press("tab", "tab", "4", "enter")
	cy.term.WaitFor(t, "✓ Approach proposed for F1", wait)

	fac.WaitFor(t, "Kim Lee (County)", wait)
	fac.Press("down", "c")
	fac.WaitFor(t, "✓ Approach 1 confirmed.", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "confirmed · Ana Lima (Food Bank) · due 2027-01-31", wait)
		mustShow(t, p.name, screen, "✓ ask for insight into the field, introductions")
	}
	eventually(t, w, "the approach confirmed", func(s *session.Snapshot) bool {
		a := funders.Of(s.Activities[0].Data).Actions.Items
		return len(a) == 2 && a[0].Status == exercises.Confirmed
	})

	// The facilitator's export over SSH holds what the screens showed.
	stdout, stderr, code := termtest.Run(t, e.addr, "x", e.fac, "export "+e.code+" --format json")
	if code != 0 {
		t.Fatalf("export: exit %d, stderr %q", code, stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, stdout)
	}
	fu, ok := (*report.Funders)(nil), len(rep.Activities) == 1
	if ok {
		fu, ok = rep.Activities[0].Results.(*report.Funders)
	}
	if !ok {
		t.Fatalf("activities = %+v, want one funder alignment", rep.Activities)
	}
	if len(fu.Goals) != 4 || fu.Goals[3].Text != "Transport" || !slices.Equal(fu.Gaps, []int{4}) {
		t.Errorf("goals %+v, gaps %v; want 4 goals, Transport the gap", fu.Goals, fu.Gaps)
	}
	if len(fu.Funders) != 3 {
		t.Fatalf("funders = %+v, want F1, F3, F4", fu.Funders)
	}
	ford := fu.Funders[0]
	wantRel := []report.FunderRelation{
		{Org: "Food Bank", Relationship: funders.FundedBy, People: []report.Person{{Name: "Ana Lima", Org: "Food Bank"}}},
		{Org: "City Council", Relationship: funders.Contact, People: []report.Person{{Name: "Cy Diaz", Org: "City Council"}}},
	}
	if ford.Label != "F1" || !slices.Equal(ford.MergedFrom, []string{"F2"}) || ford.Quadrant != funders.ApproachEarly ||
		fmt.Sprint(ford.Relationships) != fmt.Sprint(wantRel) {
		t.Errorf("Ford = %+v, want F1 with F2 merged in, approach early, relationships %+v", ford, wantRel)
	}
	if c := ford.Cells[0]; c.N != 4 || c.Mean == nil || *c.Mean != 2 || !c.Disagree {
		t.Errorf("Ford on housing = %+v, want mean 2 of 4, disagreed", c)
	}
	gates := fu.Funders[2]
	if c := gates.Cells[0]; gates.Label != "F4" || c.N != 3 || c.DontKnow != 1 || gates.InfluenceDK != 1 || gates.Quadrant != funders.KeepInformed {
		t.Errorf("Gates = %+v, want 3 ratings and a don't know per cell, keep informed", gates)
	}
	if len(fu.Plan) != 2 || fu.Plan[0].Owner != (report.Person{Name: "Ana Lima", Org: "Food Bank"}) ||
		!slices.Equal(fu.Plan[0].Asks, []funders.Ask{funders.AskInsight, funders.AskIntroductions}) ||
		fu.Plan[0].Status != exercises.Confirmed || fu.Plan[0].Note != "At their spring round" ||
		fu.Plan[1].Owner != (report.Person{Name: "Kim Lee", Org: "County"}) || !slices.Equal(fu.Plan[1].Asks, []funders.Ask{funders.AskData}) {
		t.Errorf("plan = %+v", fu.Plan)
	}
}
