package report_test

import (
	"encoding/json"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/exercises/funders"
	"commonground/report"
	"commonground/session"
)

// newFundersFixture creates a workshop with a funder alignment whose goals
// the facilitator types.
func newFundersFixture(t *testing.T) *fixture {
	t.Helper()
	return newWorkshop(t, "Riverside: who funds our agenda", newActivity(t, funders.Kind))
}

// runFunders plays a funder alignment from Goals to Plan with four people
// from three organisations:
//
//	F1 Ford (F2 merged into it): Food Bank funded by it, City has a contact;
//	   covers housing and jobs, influential: approach early. Housing is
//	   disagreed: Food Bank says 3, City 1.
//	F3 Gates: covers jobs only, little influence, aligned 1.5 exactly: allies
//	F4 Spam: hidden by the facilitator
//	F5 County: nobody covers health with it; influential, not aligned: cultivate
//
// Health is a gap. Ben proposes Ana for Ford, the facilitator confirms;
// Di types a county officer for the County.
func (f *fixture) runFunders(t *testing.T) {
	t.Helper()
	f.do(t, ana, session.Join{Name: "Ana Lima", Org: "Food Bank"})
	f.do(t, ben, session.Join{Name: "Ben Ode", Org: "Food Bank"})
	f.do(t, cy, session.Join{Name: "Cy Park", Org: "City"})
	f.do(t, di, session.Join{Name: "Di Ross", Org: "Youth Club"})
	for _, g := range []string{"Housing", "Jobs", "Health"} {
		f.do(t, facilitator, funders.SetGoal{Text: g})
	}
	f.do(t, facilitator, session.Move{Activity: 0, Phase: 1})
	for _, a := range []struct {
		by   string
		name string
		kind funders.FunderKind
		rel  funders.Relationship
	}{
		{ana, "Ford Foundation", funders.Foundation, funders.FundedBy},
		{cy, "Ford Fdn", funders.Foundation, funders.Contact},
		{di, "Gates", funders.Foundation, funders.KnowsOf},
		{di, "Cheap pills", funders.Corporate, funders.NoRelation},
		{cy, "County Health Fund", funders.Public, funders.Contact},
	} {
		f.do(t, a.by, funders.AddFunder{Name: a.name, Kind: a.kind, Focus: "families", Relationship: a.rel})
	}
	f.do(t, facilitator, funders.MergeFunders{Into: 1, From: []int{2}})
	f.do(t, facilitator, funders.HideFunder{Funder: 4, On: true})
	f.do(t, facilitator, session.Move{Activity: 0, Phase: 2})
	rate := func(by string, funder, influence int, align ...int) {
		for i, v := range align {
			f.do(t, by, funders.RateFunder{Funder: funder, Goal: i + 1, Value: max(v, 0), DontKnow: v < 0})
		}
		f.do(t, by, funders.RateFunder{Funder: funder, Value: max(influence, 0), DontKnow: influence < 0})
	}
	rate(ana, 1, 5, 3, 3, 1)
	rate(ben, 1, 4, 3, 2, -1)
	rate(cy, 1, 4, 1, 2, 0)
	rate(ana, 3, 2, 2, 3, 0)
	rate(di, 3, -1, 1, 2, 1)
	rate(cy, 5, 4, 0, 0, 1)
	rate(di, 5, 3, -1, 1, 1)
	f.do(t, facilitator, session.Move{Activity: 0, Phase: 3})
	f.do(t, facilitator, session.Move{Activity: 0, Phase: 4})
	f.do(t, ben, funders.ProposeApproach{Funder: 1, Owner: ana, Asks: []funders.Ask{funders.AskIntroductions, funders.AskInsight}, Due: "2027-01-31"})
	f.do(t, di, funders.ProposeApproach{Funder: 5, OwnerName: "Kim Lee", OwnerOrg: "County", Asks: []funders.Ask{funders.AskData}, Note: "Before the spring round", Due: "2027-03-01"})
	f.do(t, facilitator, funders.ConfirmApproach{Action: 1})
}

func TestFundersReport(t *testing.T) {
	f := newFundersFixture(t)
	f.runFunders(t)
	got := write(t, f.w.Snapshot(), "md")
	for _, want := range []string{
		"### Goals\n\n1. Housing\n2. Jobs\n3. Health — **gap: no funder covers it**\n\n" +
			"Left out of this report: 1 funder hidden by the facilitator.\n\n",
		"- **F1** Ford Foundation · *foundation* · focus: families · merged from F2\n" +
			"  - Food Bank: funded by them (Ana Lima)\n  - City: has a contact (Cy Park)\n",
		"| F1 Ford Foundation | 2.3 (3) ‼ | 2.3 (3) | 0.5 (2) | 2 | 1.7 | 4.3 (3) |\n",
		"| F3 Gates | 1.5 (2) | 2.5 (2) | 0.5 (2) | 1 | 1.5 | 2.0 (1) |\n",
		"| **Covered by** | 1 of 3 · 1.3 | 2 of 3 · 1.8 | 0 of 3 · 0.7 |",
		"**Gaps**, goals no funder covers: Health.\n\n",
		"- goals 1, 2: F1\n- goal 2: F3\n- no goal: F5\n",
		"- **Approach early** (influential and aligned with the agenda): F1 Ford Foundation\n" +
			"- **Cultivate** (influential, not yet aligned): F5 County Health Fund\n" +
			"- **Allies** (aligned, less influential): F3 Gates\n" +
			"- **Keep informed** (less influential, less aligned): none\n",
		"| F1 Ford Foundation | Ana Lima (Food Bank) | insight into the field; introductions to other grantees and funders |  | 2027-01-31 | confirmed |\n" +
			"| F5 County Health Fund | Kim Lee (County) | data | Before the spring round | 2027-03-01 | proposed |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	// The summary lists the approaches with every activity's actions.
	if !strings.Contains(got, "- **Actions:** 2 actions planned, 1 confirmed by the facilitator") ||
		!strings.Contains(got, "| 1 | F5 | Approach County Health Fund for data: Before the spring round | Kim Lee (County) | 2027-03-01 | proposed |") {
		t.Errorf("the summary lacks the approaches:\n%s", got)
	}
	if strings.Contains(got, "Cheap pills") {
		t.Error("the hidden funder is in the report")
	}
}

// TestFundersReportShowsRelationshipsByOrganisation: organisation-only and
// anonymous, the relationships name no one.
func TestFundersReportShowsRelationshipsByOrganisation(t *testing.T) {
	for _, an := range []exercises.Anonymity{exercises.Organisation, exercises.Anonymous} {
		f := newFundersFixture(t)
		f.runFunders(t)
		f.setAnonymity(t, an)
		var doc report.Report
		if err := json.Unmarshal([]byte(write(t, f.w.Snapshot(), "json")), &doc); err != nil {
			t.Fatal(err)
		}
		res := doc.Activities[0].Results.(*report.Funders)
		ford := res.Funders[0]
		if len(ford.Relationships) != 2 || ford.Relationships[0].Org != "Food Bank" || ford.Relationships[0].Relationship != funders.FundedBy {
			t.Errorf("%s: Ford's relationships %+v", an, ford.Relationships)
		}
		for _, r := range ford.Relationships {
			if len(r.People) > 0 {
				t.Errorf("%s: %s's relationship names %+v", an, r.Org, r.People)
			}
		}
		md := write(t, f.w.Snapshot(), "md")
		if strings.Contains(md, "(Ana Lima)") || !strings.Contains(md, "  - Food Bank: funded by them\n") {
			t.Errorf("%s: the Markdown names people in the relationships", an)
		}
	}
}
