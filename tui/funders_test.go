package tui

import (
	"fmt"
	"slices"
	"testing"

	"commonground/exercises"
	"commonground/exercises/funders"
	"commonground/session"
)

// Phases of funder alignment, as Move takes them.
const (
	goalsPhase = iota
	fundersPhase
	funderRatePhase
	matrixPhase
	funderPlanPhase
)

// funderFixture is a funder alignment with four participants from three
// organisations.
func funderFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, funders.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:ben", "Ben Ode", "Food Bank")
	f.join("SHA256:cy", "Cy Diaz", "City Council")
	f.join("SHA256:di", "Di Park", "Youth Club")
	return f
}

func (f *fixture) funderData() funders.Data {
	return funders.Of(f.w.Snapshot().Activities[0].Data)
}

// TestFunderAlignmentThroughKeys walks Goals to Plan from the keyboard:
// the facilitator types the goals, two participants add funders through
// the form, the facilitator merges the same funder, everyone rates one
// funder at a time, the matrix shows the gap, and an approach is proposed
// and confirmed.
func TestFunderAlignmentThroughKeys(t *testing.T) {
	f := funderFixture(t)
	fac := f.connect(facID, 80, 24)
	ana := f.connect("SHA256:ana", 80, 24)
	for _, g := range []string{"Housing", "Jobs", "Health"} {
		fac.press("g")
		fac.typeText(g)
		fac.press("enter")
	}
	fac.mustSee("G1  Housing", "G3  Health")
	ana.refresh()
	ana.mustSee("G2  Jobs")

	f.do(facID, session.Move{Phase: fundersPhase})
	ana.refresh()
	ana.typeText("Ford Foundation")
	ana.press("tab", "right", "tab") // kind: public
	ana.typeText("housing, jobs")
	ana.press("tab", "right", "right", "right", "enter") // funded by them
	cy := f.connect("SHA256:cy", 80, 24)
	cy.typeText("Ford Fdn")
	cy.press("tab", "tab", "tab", "right", "right", "enter") // has a contact
	w := f.funderData()
	if len(w.Funders()) != 2 || w.Funders()[0].Category != "public" || w.Focus[1] != "housing, jobs" {
		t.Fatalf("funders %+v, focus %v", w.Funders(), w.Focus)
	}
	ana.refresh()
	ana.mustSee("Your funders · 1", "F1 Ford Foundation · public · funded by them", "2 funders on the wall from 2 people")
	ana.mustNotSee("Ford Fdn")

	fac.refresh()
	fac.mustSee("F1 Ford Foundation", "F2 Ford Fdn", "City Council has a contact (Cy Diaz)")
	fac.press("down", "space", "up", "m")
	w = f.funderData()
	if c, _ := w.Deck.Card(2); c.MergedInto != 1 {
		t.Fatalf("F2 not merged: %+v", c)
	}
	if rel := w.RelationsOf(1); rel["SHA256:cy"] != funders.Contact || rel["SHA256:ana"] != funders.FundedBy {
		t.Fatalf("relationships after the merge: %v", rel)
	}

	f.do(facID, session.Move{Phase: funderRatePhase})
	ana.refresh()
	ana.mustSee("Funder 1 of 1", "G1 Housing", "Influence in the field", "0 of 1 funders rated")
	ana.press("3", "2", "d", "4") // housing 3, jobs 2, health don't know, influence 4
	ana.mustSee("1 of 1 funders rated")
	cy.refresh()
	cy.press("1", "3", "0", "5")
	if sc := f.funderData().Ratings.Of(exercises.Target{Item: 1, With: 3})["SHA256:ana"]; !sc.DontKnow {
		t.Fatalf("health: %+v, want don't know", sc)
	}

	f.do(facID, session.Move{Phase: matrixPhase})
	ana.refresh()
	ana.mustSee("G3 Health  ✗ gap", "F1 Ford Foundation", "▓ 2.5·2", "‼")
	ana.press("v")
	ana.mustSee("APPROACH EARLY", "F1 Ford Foundation (4.5, 1.5)")
	ana.press("v")
	ana.mustSee("best placed: Food Bank", "●●● Food Bank funded by them")

	f.do(facID, session.Move{Phase: funderPlanPhase})
	ana.refresh()
	ana.press("a", "shift+tab", "1", "2", "enter")
	a := f.funderData().Actions.Items
	if len(a) != 1 || a[0].Owner != "SHA256:ana" || !slices.Equal(f.funderData().Asks[1], []funders.Ask{funders.AskInsight, funders.AskIntroductions}) {
		t.Fatalf("approaches %+v", a)
	}
	fac.refresh()
	fac.press("down", "c")
	if got := f.funderData().Actions.Items[0].Status; got != exercises.Confirmed {
		t.Fatalf("approach %s, want confirmed", got)
	}
	fac.mustSee("ask for insight into the field, introductions")
	fmt.Println(fac.screen())
}

func TestFunderScreensPrint(t *testing.T) {
	f := funderFixture(t)
	for _, g := range []string{"Stable housing for families", "Good jobs for young people", "Health care access", "Food security", "Safe streets", "Clean transport"} {
		f.do(facID, funders.SetGoal{Text: g})
	}
	f.do(facID, session.Move{Phase: fundersPhase})
	names := []string{"Ford Foundation", "Gates Foundation", "County Health Fund", "Riverside Community Trust", "Acme Corp Giving"}
	ids := []string{"SHA256:ana", "SHA256:ben", "SHA256:cy", "SHA256:di"}
	for i, n := range names {
		f.do(ids[i%4], funders.AddFunder{Name: n, Kind: funders.FunderKinds()[i%5], Focus: "youth, housing", Relationship: funders.Relationships()[i%4]})
	}
	f.do(facID, session.Move{Phase: funderRatePhase})
	for fi := range names {
		for k, id := range ids {
			for g := 1; g <= 6; g++ {
				f.do(id, funders.RateFunder{Funder: fi + 1, Goal: g, Value: (fi + g*k) % 4})
			}
			f.do(id, funders.RateFunder{Funder: fi + 1, Value: 1 + (fi+k)%5})
		}
	}
	ana := f.connect("SHA256:ana", 80, 24)
	fmt.Println(ana.screen())
	f.do(facID, session.Move{Phase: matrixPhase})
	ana.refresh()
	fmt.Println(ana.screen())
	fac := f.connect(facID, 80, 24)
	fmt.Println(fac.screen())
}
