package report_test

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/exercises/conflict"
	"commonground/report"
	"commonground/session"
)

// runConflict plays a conflict resolution from Issue to Agree with four
// people of three organisations, under the anonymity given before anyone
// gives input: two edits of Food Bank's position, interests of which I1 is
// shared and I2 compatible, two options merged, a block with its comment,
// an amendment and its second poll, agreements and a question.
func runConflict(t *testing.T, an exercises.Anonymity) *fixture {
	t.Helper()
	a := newActivity(t, conflict.Kind)
	a.Settings = conflict.Settings{Parties: []string{"County Legal"}, Criteria: []string{"Costs nothing extra"}}
	f := newWorkshop(t, "Pantry keys", a)
	f.do(t, facilitator, session.SetAnonymity{Activity: 0, Anonymity: an})
	f.do(t, ana, session.Join{Name: "Ana Lima", Org: "Food Bank"})
	f.do(t, ben, session.Join{Name: "Ben Ode", Org: "Food Bank"})
	f.do(t, cy, session.Join{Name: "Cy Park", Org: "City"})
	f.do(t, di, session.Join{Name: "Di Ross", Org: "Health Trust"})
	move := func(phase string) {
		f.do(t, facilitator, session.Move{Activity: 0, Phase: conflict.PhaseIndex(phase)})
	}
	f.do(t, facilitator, conflict.SetIssue{Text: "Who holds the keys?", Rules: []string{"One voice at a time"}})
	move(conflict.PhasePositions)
	f.do(t, ana, conflict.EditPosition{Text: "We hold the keys"})
	f.do(t, ben, conflict.EditPosition{Text: "We hold the keys, with volunteers"})
	f.do(t, cy, conflict.EditPosition{Text: "The city keeps them"})
	move(conflict.PhaseInterests)
	f.do(t, ana, conflict.AddInterest{Text: "Families fed on weekends", Kind: conflict.Need})
	f.do(t, cy, conflict.AddInterest{Text: "Blame after hours", Kind: conflict.Fear})
	f.do(t, di, conflict.AddInterest{Text: "Nurses' time", Kind: conflict.Constraint})
	move(conflict.PhaseCommon)
	f.do(t, ana, conflict.MarkInterest{Card: 1, On: true})
	f.do(t, cy, conflict.MarkInterest{Card: 1, On: true})
	f.do(t, ben, conflict.MarkInterest{Card: 2, On: true})
	move(conflict.PhaseOptions)
	f.do(t, ana, conflict.AddOption{Text: "Two keyholders", Serves: []int{1}})
	f.do(t, cy, conflict.AddOption{Text: "Two named keyholders", Serves: []int{2}})
	f.do(t, facilitator, conflict.MergeOptions{Into: 1, From: []int{2}})
	move(conflict.PhaseCriteria)
	f.do(t, di, conflict.AddCriterion{Text: "Nurses can get in"})
	move(conflict.PhaseEvaluate)
	f.do(t, ana, conflict.RateOption{Option: 1, Value: 1})
	f.do(t, ben, conflict.RateOption{Option: 1, Value: 2})
	f.do(t, cy, conflict.RateOption{Option: 1, Value: 8, Comment: "Our insurer says no"})
	f.do(t, di, conflict.RateOption{Option: 1, Value: 7})
	f.do(t, facilitator, conflict.AmendOption{Option: 1, Text: "Two keyholders on the city's insurance"})
	f.do(t, cy, conflict.RateOption{Option: 1, Value: 2})
	move(conflict.PhaseAgree)
	f.do(t, facilitator, conflict.AddAgreement{Text: "Two named keyholders", Owner: cy, Date: "2027-02-01"})
	f.do(t, facilitator, conflict.AddAgreement{Text: "A rota", OwnerName: "Sam Reyes", OwnerOrg: "County Legal", Date: "2027-03-01"})
	f.do(t, facilitator, conflict.DropAgreement{Agreement: 2})
	f.do(t, facilitator, conflict.AddQuestion{Text: "Who trains them?"})
	return f
}

func TestConflictReport(t *testing.T) {
	for _, tc := range []struct {
		anonymity exercises.Anonymity
		want, not []string // in the Markdown
		block     *report.Person
		party     string // the block's party as the JSON gives it
	}{
		{exercises.Named, []string{"- 8 block — Cy Park (City): “Our insurer says no”", " — Ben Ode (Food Bank): “We hold the keys, with volunteers”"},
			nil, &report.Person{Name: "Cy Park", Org: "City"}, "City"},
		{exercises.Organisation, []string{"- 8 block — City: “Our insurer says no”", " — Food Bank: “We hold the keys”"},
			[]string{"Cy Park (City):", "Ben Ode (Food Bank): “"}, &report.Person{Org: "City"}, "City"},
		{exercises.Anonymous, []string{"- 8 block: “Our insurer says no”", ":08: “We hold the keys”"},
			[]string{"Ben Ode (Food Bank): “", "— City"}, nil, ""},
	} {
		t.Run(string(tc.anonymity), func(t *testing.T) {
			f := runConflict(t, tc.anonymity)
			snap := f.w.Snapshot()
			md := write(t, snap, "md")
			for _, want := range append([]string{
				"**Issue:** Who holds the keys?", "1. One voice at a time",
				"| County Legal | Food Bank | City | Health Trust |",
				"| *no position* | We hold the keys, with volunteers | The city keeps them | *no position* |",
				"**Common ground (shared)**\n\n- **I1** *need* (Food Bank) “Families fed on weekends” · marked by 2 people of Food Bank, City",
				"**Compatible**\n\n- **I2** *fear* (City) “Blame after hours” · marked by 1 person of Food Bank",
				"**One party's**\n\n- **I3** *constraint* (Health Trust) “Nurses' time”",
				"- **O1** “Two keyholders on the city's insurance” · serves I1, I2 · merged from O2",
				"1. Costs nothing extra\n2. Nurses can get in",
				"**O1, poll 1** “Two keyholders” · 4 ratings", "| everyone | 1 | 1 | 0 | 0 | 0 | 0 | 1 | 1 | 4 |",
				"| Food Bank | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 2 |", "**O1, poll 2** “Two keyholders on the city's insurance” · 1 rating",
				"| Two named keyholders | Cy Park | City | 2027-02-01 |", "| ~~A rota~~ (withdrawn) | Sam Reyes | County Legal | 2027-03-01 |",
				"- Who trains them?",
			}, tc.want...) {
				if !strings.Contains(md, want) {
					t.Errorf("Markdown lacks %q:\n%s", want, md)
				}
			}
			for _, not := range tc.not {
				if strings.Contains(md, not) {
					t.Errorf("Markdown shows %q", not)
				}
			}

			var rep report.Report
			if err := json.Unmarshal([]byte(write(t, snap, "json")), &rep); err != nil {
				t.Fatal(err)
			}
			c := rep.Activities[0].Results.(*report.Conflict)
			ob := c.Options[0].Polls[0].Objections[0]
			if ob.Value != conflict.Block || ob.Party != tc.party || !equalPerson(ob.Author, tc.block) {
				t.Errorf("the block %+v, want by %+v of %q", ob, tc.block, tc.party)
			}

			rows, err := csv.NewReader(strings.NewReader(write(t, snap, "csv"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string]int{}
			for _, r := range rows[1:] {
				sections[r[0]]++
			}
			want := map[string]int{"issue": 1, "rule": 1, "position": 4, "edit": 3, "interest": 3, "option": 1,
				"rating": 10, "objection": 2, "criterion": 2, "agreement": 2, "question": 1}
			for s, n := range want {
				if sections[s] != n {
					t.Errorf("%d %q rows, want %d (%v)", sections[s], s, n, sections)
				}
			}
		})
	}
}

func equalPerson(a, b *report.Person) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// TestConflictGolden keeps the named report of a whole conflict
// resolution in every format.
func TestConflictGolden(t *testing.T) {
	snap := runConflict(t, exercises.Named).w.Snapshot()
	for _, format := range report.Formats() {
		checkGolden(t, "conflict."+format, write(t, snap, format))
	}
}
