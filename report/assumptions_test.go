package report_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/report"
	"commonground/session"
)

const (
	cy = "SHA256:cy"
	di = "SHA256:di"
)

// newMapFixture creates a workshop with a check-in and an assumption map.
func newMapFixture(t *testing.T) *fixture {
	t.Helper()
	return newWorkshop(t, "Riverside: what we believe", newActivity(t, checkin.Kind), newActivity(t, assumptions.Kind))
}

// runMap plays an assumption map from collect through plan with four people
// from two organisations:
//
//	A1 (A2 merged into it) splits the organisations: test first, contested
//	A3 is agreed, but one of City's two skipped it: build on
//	A4 is hidden by the facilitator
//	A5 is skipped by everyone: not rated
//	A6 splits the organisations, one of City's two skipped it: test first, contested
//	A7 is agreed: park
//
// Ana also answers the check-in, so that the CSV holds both sections.
func (f *fixture) runMap(t *testing.T) {
	t.Helper()
	f.do(t, ana, session.Join{Name: "Ana Lima", Org: "Food Bank"})
	f.do(t, ben, session.Join{Name: "Ben Ode", Org: "Food Bank"})
	f.do(t, cy, session.Join{Name: "Cy Park", Org: "City"})
	f.do(t, di, session.Join{Name: "Di Ross", Org: "City"})
	f.do(t, ana, exercises.SetAnswer{Activity: 0, Text: "That we finally share data"})

	f.do(t, facilitator, session.Move{Activity: 1, Phase: 0})
	for _, c := range []struct {
		by             string
		text, category string
	}{
		{ana, "Families know which services exist", "the people served"},
		{cy, "Families know services exist", ""},
		{ben, "Funders will wait three years", "funding"},
		{di, "Buy cheap pills at example.com", ""},
		{cy, "Volunteers stay for a year", "partners"},
		{di, "The city will share its data", "partners"},
		{ana, "Schools will refer families", ""},
	} {
		f.do(t, c.by, assumptions.AddCard{Activity: 1, Text: c.text, Category: c.category})
	}

	f.do(t, facilitator, session.Move{Activity: 1, Phase: 1})
	f.do(t, facilitator, assumptions.MergeCards{Activity: 1, Into: 1, From: []int{2}})
	f.do(t, facilitator, assumptions.ClusterCards{Activity: 1, Cards: []int{1}, Cluster: "Access"})
	f.do(t, facilitator, assumptions.ClusterCards{Activity: 1, Cards: []int{3, 6}, Cluster: "Money & data"})
	f.do(t, facilitator, assumptions.HideCard{Activity: 1, Card: 4, On: true})

	f.do(t, facilitator, session.Move{Activity: 1, Phase: 2})
	type rating struct{ imp, ev int } // the zero rating is a skip
	for _, c := range []struct {
		card int
		by   [4]rating // ana, ben, cy, di
	}{
		{1, [4]rating{{5, 1}, {5, 1}, {1, 1}, {1, 1}}},
		{3, [4]rating{{4, 4}, {4, 4}, {4, 4}, {}}},
		{5, [4]rating{}},
		{6, [4]rating{{5, 2}, {4, 1}, {1, 5}, {}}},
		{7, [4]rating{{2, 4}, {2, 4}, {2, 4}, {2, 4}}},
	} {
		for i, id := range []string{ana, ben, cy, di} {
			r := c.by[i]
			f.do(t, id, assumptions.RateCard{Activity: 1, Card: c.card, Importance: r.imp, Evidence: r.ev, Skip: r == rating{}})
		}
	}

	f.do(t, facilitator, session.Move{Activity: 1, Phase: 3})
	f.do(t, facilitator, session.Move{Activity: 1, Phase: 4})
	f.do(t, ana, assumptions.ProposeAction{Activity: 1, Card: 1, Text: "Ask 20 families at the pantry", Owner: cy, Due: "2027-01-31"})
	f.do(t, ben, assumptions.ProposeAction{Activity: 1, Card: 6, Text: "Ask the city for a data-sharing agreement", Owner: di, Due: "2027-03-01"})
	f.do(t, facilitator, assumptions.ConfirmAction{Activity: 1, Action: 1})
}

func TestMapMarkdown(t *testing.T) {
	f := newMapFixture(t)
	f.runMap(t)
	got := write(t, f.w.Snapshot(), "md")
	checkGolden(t, "map.md", got)

	for _, want := range []string{
		"Left out of this report: 1 card hidden by the facilitator.\n\n5 cards on the wall, rated by 4 people.\n",
		// The wall by cluster, clusters in the order of the wall, ungrouped last.
		"### The wall\n\n#### Access\n\n" +
			"- **A1** “Families know which services exist” · *the people served* · Ana Lima (Food Bank), Cy Park (City) · merged from A2\n\n" +
			"#### Money \\& data\n\n" +
			"- **A3** “Funders will wait three years” · *funding* · Ben Ode (Food Bank)\n" +
			"- **A6** “The city will share its data” · *partners* · Di Ross (City)\n\n" +
			"#### Not grouped\n\n" +
			"- **A5** “Volunteers stay for a year” · *partners* · Cy Park (City)\n" +
			"- **A7** “Schools will refer families” · Ana Lima (Food Bank)\n\n",
		// The quadrants, most important first.
		"#### Test first: important, little evidence\n\n" +
			"| Card | Assumption | Contested | Importance | Evidence | Spread | Ratings | Skipped |\n" +
			"| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n" +
			"| A6 | The city will share its data | yes | 3.3 | 2.7 | 1.7 | 3 | 1 |\n" +
			"| A1 | Families know which services exist | yes | 3.0 | 1.0 | 2.0 | 4 | 0 |\n\n" +
			"#### Build on: important, strong evidence\n\n",
		"| A3 | Funders will wait three years |  | 4.0 | 4.0 | 0.0 | 3 | 1 |\n\n" +
			"#### Watch: less important, little evidence\n\nNo cards.\n\n" +
			"#### Park: less important, strong evidence\n\n",
		"| A7 | Schools will refer families |  | 2.0 | 4.0 | 0.0 | 4 | 0 |\n\n" +
			"#### Not rated\n\n- **A5** “Volunteers stay for a year”: skipped by 4 people\n\n",
		// Contested cards, the widest organisation gap first, with each
		// organisation's means.
		"#### A1 “Families know which services exist”\n\n" +
			"Organisation gap 4.0 · spread 2.0 · importance 3.0 · evidence 1.0 · 4 ratings\n\n" +
			"| Organisation | Ratings | Importance | Evidence |\n| --- | ---: | ---: | ---: |\n" +
			"| City | 2 | 1.0 | 1.0 |\n| Food Bank | 2 | 5.0 | 1.0 |\n\n" +
			"#### A6 “The city will share its data”\n\n" +
			"Organisation gap 3.5 · spread 1.7 · importance 3.3 · evidence 2.7 · 3 ratings\n\n",
		"| City | 1 | 1.0 | 5.0 |\n| Food Bank | 2 | 4.5 | 1.5 |\n",
		"### Actions\n\n| Card | Action | Owner | Due | Status |\n| --- | --- | --- | --- | --- |\n" +
			"| A1 | Ask 20 families at the pantry | Cy Park (City) | 2027-01-31 | confirmed |\n" +
			"| A6 | Ask the city for a data-sharing agreement | Di Ross (City) | 2027-03-01 | proposed |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	// Merged and hidden cards appear only as "merged from" and a count.
	for _, gone := range []string{"**A2**", "| A2 |", "A4", "example.com", "does not include"} {
		if strings.Contains(got, gone) {
			t.Errorf("Markdown contains %q", gone)
		}
	}
}

func TestMapAnonymity(t *testing.T) {
	for _, tc := range []struct {
		anonymity exercises.Anonymity
		want, not []string
		a1Authors []report.Person
		a6Orgs    []string // organisations shown for A6, where City has one rater
		a6Gap     bool     // A6's organisation gap is given: not when it would tell City's one rater
	}{
		{
			anonymity: exercises.Named,
			want:      []string{"· Ana Lima (Food Bank), Cy Park (City) · merged from A2", "| City | 1 | 1.0 | 5.0 |"},
			not:       []string{"single respondent"},
			a1Authors: []report.Person{{Name: "Ana Lima", Org: "Food Bank"}, {Name: "Cy Park", Org: "City"}},
			a6Orgs:    []string{"City", "Food Bank"},
			a6Gap:     true,
		},
		{
			anonymity: exercises.Organisation,
			want: []string{"· *the people served* · Food Bank, City · merged from A2",
				"“Funders will wait three years” · *funding* · Food Bank\n", "| City | 1 | 1.0 | 5.0 |"},
			not:       []string{"Ana Lima (Food Bank)", "Ben Ode (Food Bank)", "single respondent"},
			a1Authors: []report.Person{{Org: "Food Bank"}, {Org: "City"}},
			a6Orgs:    []string{"City", "Food Bank"},
			a6Gap:     true,
		},
		{
			anonymity: exercises.Anonymous,
			want: []string{"“Families know which services exist” · *the people served* · merged from A2\n",
				"Organisations with a single respondent are left out: the activity is anonymous.",
				"| City | 2 | 1.0 | 1.0 |", "| Food Bank | 2 | 4.5 | 1.5 |",
				// Owners are named on purpose: an action needs an owner.
				"| Cy Park (City) | 2027-01-31 |", "| Di Ross (City) | 2027-03-01 |"},
			not:    []string{"Ana Lima", "Ben Ode", "Food Bank, City", "| City | 1 |"},
			a6Orgs: []string{"Food Bank"},
		},
	} {
		t.Run(string(tc.anonymity), func(t *testing.T) {
			f := newMapFixture(t)
			f.runMap(t)
			f.setAnonymity(t, tc.anonymity)
			snap := f.w.Snapshot()

			got := write(t, snap, "md")
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("Markdown lacks %q", want)
				}
			}
			for _, not := range tc.not {
				if strings.Contains(got, not) {
					t.Errorf("Markdown contains %q", not)
				}
			}

			var r report.Report
			if err := json.Unmarshal([]byte(write(t, snap, "json")), &r); err != nil {
				t.Fatal(err)
			}
			cards := r.Activities[1].Results.(*report.Assumptions).Cards
			if !slices.Equal(cards[0].Authors, tc.a1Authors) {
				t.Errorf("A1 authors = %+v, want %+v", cards[0].Authors, tc.a1Authors)
			}
			var orgs []string
			for _, o := range cards[3].Orgs {
				orgs = append(orgs, o.Org)
			}
			if cards[3].Label != "A6" || !slices.Equal(orgs, tc.a6Orgs) {
				t.Errorf("%s organisations = %q, want %q", cards[3].Label, orgs, tc.a6Orgs)
			}
			if got := cards[3].OrgGap != nil; got != tc.a6Gap {
				t.Errorf("%s organisation gap given: %v, want %v", cards[3].Label, got, tc.a6Gap)
			}

			rows, err := csvRows(write(t, snap, "csv"))
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, p := range tc.a1Authors {
				want = append(want, p.String())
			}
			if a1 := rows[2][slices.Index(rows[0], "authors")]; rows[2][0] != "card" || a1 != strings.Join(want, "; ") {
				t.Errorf("CSV authors of A1 = %q, want %q", a1, want)
			}
		})
	}
}

func TestMapCSV(t *testing.T) {
	f := newMapFixture(t)
	f.runMap(t)
	rows, err := csvRows(write(t, f.w.Snapshot(), "csv"))
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	header := rows[0]
	col := func(row []string, name string) string { return row[slices.Index(header, name)] }

	answer := rows[1]
	if col(answer, "section") != "answer" || col(answer, "text") != "That we finally share data" || col(answer, "card") != "" {
		t.Errorf("answer row = %q", answer)
	}
	// The actions come after the cards, each with its card and its owner.
	actions := rows[len(rows)-2:]
	rows = rows[:len(rows)-2]
	for i, want := range []map[string]string{
		{"section": "action", "activity": "2", "card": "A1", "text": "Ask 20 families at the pantry", "name": "Cy Park",
			"org": "City", "due": "2027-01-31", "status": "confirmed", "authors": "", "at": ""},
		{"section": "action", "card": "A6", "name": "Di Ross", "org": "City", "due": "2027-03-01", "status": "proposed"},
	} {
		for column, w := range want {
			if got := col(actions[i], column); got != w {
				t.Errorf("action %d %s = %q, want %q", i+1, column, got, w)
			}
		}
	}
	var labels []string
	byLabel := map[string][]string{}
	for _, row := range rows[2:] {
		if col(row, "section") != "card" || col(row, "activity") != "2" || col(row, "kind") != "assumptions" ||
			col(row, "title") != "Assumption mapping" || col(row, "name") != "" || col(row, "at") != "" {
			t.Errorf("card row %q is not a card of activity 2", row)
		}
		labels = append(labels, col(row, "card"))
		byLabel[col(row, "card")] = row
	}
	if want := []string{"A1", "A3", "A5", "A6", "A7"}; !slices.Equal(labels, want) {
		t.Fatalf("card rows %q, want one per card on the wall: %q", labels, want)
	}
	for _, tc := range []struct {
		card string
		want map[string]string
	}{
		{"A1", map[string]string{"text": "Families know which services exist", "category": "the people served", "cluster": "Access",
			"importance": "3.0", "evidence": "1.0", "spread": "2.0", "org_gap": "4.0", "n": "4", "skipped": "0",
			"quadrant": "test first", "contested": "yes", "authors": "Ana Lima (Food Bank); Cy Park (City)"}},
		{"A3", map[string]string{"cluster": "Money & data", "importance": "4.0", "evidence": "4.0", "spread": "0.0", "org_gap": "0.0",
			"n": "3", "skipped": "1", "quadrant": "build on", "contested": "no", "authors": "Ben Ode (Food Bank)"}},
		{"A5", map[string]string{"cluster": "", "category": "partners", "importance": "", "evidence": "", "spread": "", "org_gap": "",
			"n": "0", "skipped": "4", "quadrant": "", "contested": "no"}},
		{"A6", map[string]string{"importance": "3.3", "evidence": "2.7", "spread": "1.7", "org_gap": "3.5", "quadrant": "test first", "contested": "yes"}},
		{"A7", map[string]string{"category": "", "quadrant": "park", "n": "4"}},
	} {
		for column, want := range tc.want {
			if got := col(byLabel[tc.card], column); got != want {
				t.Errorf("%s %s = %q, want %q", tc.card, column, got, want)
			}
		}
	}
}

func TestMapJSON(t *testing.T) {
	f := newMapFixture(t)
	f.runMap(t)
	var r report.Report
	if err := json.Unmarshal([]byte(write(t, f.w.Snapshot(), "json")), &r); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	act := r.Activities[1]
	m, _ := act.Results.(*report.Assumptions)
	if act.Kind != assumptions.Kind || m == nil || act.Answers == nil || len(act.Answers) != 0 {
		t.Fatalf("assumption map activity = %+v", act)
	}
	if r.Activities[0].Results != nil {
		t.Error("the check-in has an assumptions section")
	}
	if m.Raters != 4 || m.Hidden != 1 || !slices.Equal(m.Clusters, []string{"Access", "Money & data", ""}) ||
		!slices.Equal(m.Contested, []string{"A1", "A6"}) {
		t.Errorf("assumptions = %+v", m)
	}
	a1 := m.Cards[0]
	if a1.Label != "A1" || !slices.Equal(a1.MergedFrom, []string{"A2"}) || a1.Cluster != "Access" || a1.N != 4 ||
		*a1.Importance != 3 || *a1.Evidence != 1 || *a1.Spread != 2 || *a1.OrgGap != 4 ||
		a1.Quadrant != assumptions.TestFirst || !a1.Contested || len(a1.Orgs) != 2 {
		t.Errorf("A1 = %+v", a1)
	}
	if o := a1.Orgs[1]; o != (report.OrgMeans{Org: "Food Bank", N: 2, Importance: 5, Evidence: 1}) {
		t.Errorf("A1's Food Bank means = %+v", o)
	}
	a5 := m.Cards[2]
	if a5.Label != "A5" || a5.N != 0 || a5.Skipped != 4 || a5.Importance != nil || a5.Spread != nil || a5.OrgGap != nil ||
		a5.Quadrant != "" || a5.Orgs == nil || len(a5.Orgs) != 0 {
		t.Errorf("unrated A5 = %+v", a5)
	}
	want := []report.Action{
		{Card: "A1", Text: "Ask 20 families at the pantry", Owner: report.Person{Name: "Cy Park", Org: "City"}, Due: "2027-01-31", Status: exercises.Confirmed},
		{Card: "A6", Text: "Ask the city for a data-sharing agreement", Owner: report.Person{Name: "Di Ross", Org: "City"}, Due: "2027-03-01", Status: exercises.Proposed},
	}
	if !slices.Equal(m.Actions, want) {
		t.Errorf("actions = %+v, want %+v", m.Actions, want)
	}
}

// TestMapLateModeration checks that a card hidden or merged after actions
// were planned takes its action along.
func TestMapLateModeration(t *testing.T) {
	for _, tc := range []struct {
		name     string
		moderate session.Action
		hidden   int
		cards    []string
		actions  []string // the cards of the actions
		gone     string   // what the JSON must not contain
	}{
		{"hidden", assumptions.HideCard{Activity: 1, Card: 6, On: true}, 2, []string{"A1", "A3", "A5", "A7"}, []string{"A1"}, "data-sharing"},
		{"merged", assumptions.MergeCards{Activity: 1, Into: 3, From: []int{6}}, 1, []string{"A1", "A3", "A5", "A7"}, []string{"A1", "A3"}, `"card": "A6"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newMapFixture(t)
			f.runMap(t)
			f.do(t, facilitator, tc.moderate)
			out := write(t, f.w.Snapshot(), "json")
			var r report.Report
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			m := r.Activities[1].Results.(*report.Assumptions)
			var cards, actions []string
			for _, c := range m.Cards {
				cards = append(cards, c.Label)
			}
			for _, a := range m.Actions {
				actions = append(actions, a.Card)
			}
			if m.Hidden != tc.hidden || !slices.Equal(cards, tc.cards) || !slices.Equal(actions, tc.actions) {
				t.Errorf("hidden %d, cards %q, actions on %q; want %d, %q, %q", m.Hidden, cards, actions, tc.hidden, tc.cards, tc.actions)
			}
			if strings.Contains(out, tc.gone) {
				t.Errorf("the report contains %s", tc.gone)
			}
		})
	}
}

func TestEmptyMap(t *testing.T) {
	f := newMapFixture(t)
	snap := f.w.Snapshot()
	if got := write(t, snap, "md"); !strings.Contains(got, "## 2. Assumption mapping") || !strings.Contains(got, "No cards on the wall yet.\n") {
		t.Errorf("empty map report:\n%s", got)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(write(t, snap, "json")), &r); err != nil {
		t.Fatal(err)
	}
	m := r.Activities[1].Results.(*report.Assumptions)
	if m == nil || m.Cards == nil || m.Clusters == nil || m.Contested == nil || m.Actions == nil || len(m.Cards) != 0 {
		t.Errorf("empty map = %+v, want empty lists", m)
	}
	rows, err := csvRows(write(t, snap, "csv"))
	if err != nil || len(rows) != 1 {
		t.Errorf("empty CSV = %q (%v), want the header only", rows, err)
	}
}

// TestMapTypedOwnerEditedAndRejected: an action owned by someone typed in
// is named by that name and organisation; an edited action reads as
// edited; a rejected one stays in the report, marked rejected, and is
// counted in the summary.
func TestMapTypedOwnerEditedAndRejected(t *testing.T) {
	f := newMapFixture(t)
	f.runMap(t)
	f.do(t, ben, assumptions.ProposeAction{Activity: 1, Card: 1, Text: "Ask the county about consent", OwnerName: "Jo Park", OwnerOrg: "County legal", Due: "2027-02-15"})
	f.do(t, facilitator, assumptions.RejectAction{Activity: 1, Action: 2})
	f.do(t, facilitator, assumptions.EditAction{Activity: 1, Action: 3, Text: "Ask the county about consent forms", OwnerOrg: "County legal", Due: "2027-02-28"})
	snap := f.w.Snapshot()
	var r report.Report
	if err := json.Unmarshal([]byte(write(t, snap, "json")), &r); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	m := r.Activities[1].Results.(*report.Assumptions)
	want := []report.Action{
		{Card: "A1", Text: "Ask 20 families at the pantry", Owner: report.Person{Name: "Cy Park", Org: "City"}, Due: "2027-01-31", Status: exercises.Confirmed},
		{Card: "A6", Text: "Ask the city for a data-sharing agreement", Owner: report.Person{Name: "Di Ross", Org: "City"}, Due: "2027-03-01", Status: exercises.Rejected},
		{Card: "A1", Text: "Ask the county about consent forms", Owner: report.Person{Org: "County legal"}, Due: "2027-02-28", Status: exercises.Proposed},
	}
	if !slices.Equal(m.Actions, want) {
		t.Errorf("actions = %+v, want %+v", m.Actions, want)
	}
	checkGolden(t, "map-plan.md", write(t, snap, "md"))
	md := write(t, snap, "md")
	for _, s := range []string{
		"| A6 | Ask the city for a data-sharing agreement | Di Ross (City) | 2027-03-01 | rejected |",
		"| A1 | Ask the county about consent forms | County legal | 2027-02-28 | proposed |",
		"3 actions planned, 1 confirmed by the facilitator, 1 rejected",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("the report has no %q", s)
		}
	}
	if csv := write(t, snap, "csv"); !strings.Contains(csv, "rejected") || !strings.Contains(csv, "County legal") {
		t.Errorf("the CSV has no rejected action or typed owner:\n%s", csv)
	}
}
