package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

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
	fac.mustSee("G1  Housing", "G3  Health", "Nothing asked now")
	fac.mustNotSee("added funders") // the Goals phase asks nothing of them
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
	cy.press("down", "down", "down", "right", "right", "enter") // ↓ as tab: has a contact
	w := f.funderData()
	if len(w.Funders()) != 2 || w.Funders()[0].Category != "public" || w.Focus[1] != "housing, jobs" {
		t.Fatalf("funders %+v, focus %v", w.Funders(), w.Focus)
	}
	ana.refresh()
	ana.mustSee("Your funders · 1", "F1 Ford Foundation · public · funded by them", "2 funders on the wall from 2 people")
	ana.mustNotSee("Ford Fdn")
	// Ana corrects her funder's kind from the list.
	ana.press("tab", "tab", "tab", "tab", "e")
	ana.mustSee("Editing F1 · enter saves")
	ana.press("tab", "left", "enter")
	if c, _ := f.funderData().Deck.Card(1); c.Category != "foundation" || c.Text != "Ford Foundation" {
		t.Fatalf("edited funder %+v", c)
	}
	ana.refresh()
	ana.mustSee("F1 Ford Foundation · foundation · funded by them")

	fac.refresh()
	fac.mustSee("F1 Ford Foundation", "F2 Ford Fdn", "City Council has a contact (Cy Diaz)", "≈ perhaps the same as F1")
	fac.press("w")
	fac.mustSee("Rename F1: enter saves it")
	fac.press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	fac.typeText("Fund")
	fac.press("enter")
	if c, _ := f.funderData().Deck.Card(1); c.Text != "Ford Fund" {
		t.Fatalf("renamed %q, want Ford Fund", c.Text)
	}
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
	ana.mustSee("G3 Health  ✗ gap", "F1 Ford Fund", "▓ 2.5·2", "‼")
	ana.press("v")
	ana.mustSee("APPROACH EARLY", "F1 Ford Fund (4.5, 1.5)")
	ana.press("v")
	ana.mustSee("best placed: Food Bank", "●●● Food Bank funded by them")
	ana.press("v")
	ana.mustSee("By organisation", "F1 Ford Fund × G1 Housing · 2.0 apart", "City Council", "█░░ 1.0  n=1", "Food Bank", "███ 3.0  n=1")

	// The projector shows the matrix full width, no keys, no names.
	fac.refresh()
	fac.press("s")
	fac.mustSee("Funder alignment · Matrix", "F1 Ford Fund", "G3 Health  ✗ gap")
	fac.mustNotSee("PRESENTER", "Ana Lima")
	fac.press("s")

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
	// The facilitator corrects the date and adds an ask.
	fac.press("w")
	fac.mustSee("Edit approach 1 to F1", "1[x] insight 2[x] introductions 3[ ] funding")
	fac.press("shift+tab", "3", "enter")
	if got := f.funderData().Asks[1]; !slices.Equal(got, []funders.Ask{funders.AskInsight, funders.AskIntroductions, funders.AskFunding}) {
		t.Fatalf("asks after the edit %v", got)
	}
	fac.mustSee("Approach 1 saved.")

	// Looking back from a later activity, the matrix and the plan are
	// read-only results.
	ana.refresh()
	past := newFundersView().pastResults(ana.m.(*Model), 0, 80, 60)
	if text := ansi.Strip(strings.Join(past, "\n")); !strings.Contains(text, "F1 Ford Fund") || !strings.Contains(text, "confirmed · Ana Lima (Food Bank)") {
		t.Errorf("looking back shows:\n%s", text)
	}
}

// bigMatrix is a funder alignment of 30 funders against 6 goals, rated by
// 8 people from 3 organisations, in its Matrix phase.
func bigMatrix(tb testing.TB) (*fixture, []string) {
	f := newFixture(tb, funders.Kind)
	var ids []string
	for k := range 8 {
		id := fmt.Sprintf("SHA256:p%d", k)
		ids = append(ids, id)
		f.join(id, fmt.Sprintf("Person %d", k), []string{"Food Bank", "City Council", "Youth Club"}[k%3])
	}
	for _, g := range []string{"Stable housing for families", "Good jobs for young people", "Health care access", "Food security", "Safe streets", "Clean transport"} {
		f.do(facID, funders.SetGoal{Text: g})
	}
	f.do(facID, session.Move{Phase: fundersPhase})
	for n := range 30 {
		f.do(ids[n%len(ids)], funders.AddFunder{Name: fmt.Sprintf("Community Foundation %d", n+1), Kind: funders.FunderKinds()[n%5],
			Focus: "youth, housing", Relationship: funders.Relationships()[n%4]})
	}
	f.do(facID, session.Move{Phase: funderRatePhase})
	for n := range 30 {
		for k, id := range ids {
			for g := 1; g <= 6; g++ {
				v := (n*g/3 + g) % 4 // funders differ, organisations mostly agree
				if k%3 == 1 {
					v = max(v-1, 0)
				}
				dk := (n+g+k)%7 == 0
				if dk {
					v = 0
				}
				f.do(id, funders.RateFunder{Funder: n + 1, Goal: g, Value: v, DontKnow: dk})
			}
			f.do(id, funders.RateFunder{Funder: n + 1, Value: 1 + (n+k)%5})
		}
	}
	f.do(facID, session.Move{Phase: matrixPhase})
	return f, ids
}

// TestParticipantsShareTheRenderedMatrix: the matrix is drawn once per
// state, width and audience, not per connection, and fits 80×24.
func TestParticipantsShareTheRenderedMatrix(t *testing.T) {
	f, ids := bigMatrix(t)
	a, b := f.connect(ids[0], 80, 24), f.connect(ids[1], 80, 24)
	a.mustSee("Matrix", "G6 Clean transport", "── covering")
	ma, mb := a.m.(*Model), b.m.(*Model)
	da, db := fundersDrawing(ma, 0, 80, audPublic, viewMain), fundersDrawing(mb, 0, 80, audPublic, viewMain)
	if len(da.lines) == 0 || &da.lines[0] != &db.lines[0] {
		t.Fatal("two participants at one size drew the matrix twice")
	}
	if dw := fundersDrawing(ma, 0, 120, audPublic, viewMain); &dw.lines[0] == &da.lines[0] {
		t.Fatal("a wider terminal shares the narrow drawing")
	}
	wide := f.connect(ids[2], 120, 30)
	wide.mustSee("G1        G2", "·7") // one line per funder, the count in each cell
}

// BenchmarkFunderMatrix measures the matrix of 30 funders × 6 goals:
// drawing it (once per version, width and audience) and a participant's
// frame with it, drawn already.
func BenchmarkFunderMatrix(b *testing.B) {
	f, ids := bigMatrix(b)
	snap := f.w.Snapshot()
	b.Run("draw", func(b *testing.B) {
		for b.Loop() {
			d := &drawer{resultsWriter: resultsWriter{w: 80, s: darkStyles, aud: audPublic, snap: snap}}
			d.matrix(funders.ResultsOf(snap.Results(0)))
		}
	})
	b.Run("participant-frame", func(b *testing.B) {
		d := f.connect(ids[0], 80, 24)
		d.mustSee("── covering")
		for b.Loop() {
			_ = d.m.View()
		}
	})
}

// TestRelationshipsAreShownByOrganisation: organisation-only, a
// participant reads who knows a funder by organisation, never by name;
// the facilitator sees the names.
func TestRelationshipsAreShownByOrganisation(t *testing.T) {
	f := funderFixture(t)
	f.do(facID, session.SetAnonymity{Activity: 0, Anonymity: exercises.Organisation})
	f.do(facID, funders.SetGoal{Text: "Housing"})
	f.do(facID, session.Move{Phase: fundersPhase})
	f.do("SHA256:ana", funders.AddFunder{Name: "Ford", Kind: funders.Foundation, Relationship: funders.FundedBy})
	f.do("SHA256:cy", funders.AddFunder{Name: "Gates", Kind: funders.Foundation, Relationship: funders.Contact})
	f.do(facID, session.Move{Phase: matrixPhase})
	ana := f.connect("SHA256:ana", 80, 24)
	ana.press("v", "v")
	ana.mustSee("●●● Food Bank funded by them", "●●○ City Council has a contact", "best placed: Food Bank")
	ana.mustNotSee("Ana Lima", "Cy Diaz")
	fac := f.connect(facID, 100, 30)
	fac.press("v", "v")
	fac.mustSee("Food Bank funded by them (Ana Lima)")
}

// TestByOrganisationLeavesLoneRatersOutWhenAnonymous: anonymous, an
// organisation with one rater is neither shown nor compared, since its
// mean is that person's rating: not even through a disagreement mark.
func TestByOrganisationLeavesLoneRatersOutWhenAnonymous(t *testing.T) {
	f := funderFixture(t)
	f.do(facID, session.SetAnonymity{Activity: 0, Anonymity: exercises.Anonymous})
	f.do(facID, funders.SetGoal{Text: "Housing"})
	f.do(facID, session.Move{Phase: fundersPhase})
	f.do("SHA256:ana", funders.AddFunder{Name: "Ford", Kind: funders.Foundation, Relationship: funders.FundedBy})
	f.do(facID, session.Move{Phase: funderRatePhase})
	for id, v := range map[string]int{"SHA256:ana": 3, "SHA256:ben": 3, "SHA256:cy": 0} {
		f.do(id, funders.RateFunder{Funder: 1, Goal: 1, Value: v})
	}
	f.do(facID, session.Move{Phase: matrixPhase})
	ana := f.connect("SHA256:ana", 80, 24)
	ana.press("v", "v", "v")
	// City Council's one rater would be read through a "3.0 apart" mark:
	// with Food Bank alone compared, there is no disagreement to show.
	ana.mustSee("None: the organisations' ratings agree.")
	ana.mustNotSee("City Council", "3.0 apart")
	fac := f.connect(facID, 100, 30)
	fac.press("v", "v", "v")
	fac.mustNotSee("3.0 apart")
}
