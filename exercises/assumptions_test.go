package exercises_test

import (
	"math"
	"reflect"
	"testing"

	"commonground/exercises"
)

func TestQuadrantOf(t *testing.T) {
	tests := []struct {
		importance, evidence float64
		want                 exercises.Quadrant
	}{
		{5, 1, exercises.TestFirst},
		{3, 3, exercises.TestFirst}, // on both lines: important, evidence not strong
		{3, 3.01, exercises.BuildOn},
		{5, 5, exercises.BuildOn},
		{2.99, 3, exercises.Watch},
		{1, 1, exercises.Watch},
		{2.99, 3.01, exercises.Park},
		{1, 5, exercises.Park},
	}
	for _, tt := range tests {
		if got := exercises.QuadrantOf(tt.importance, tt.evidence); got != tt.want {
			t.Errorf("QuadrantOf(%v, %v) = %q, want %q", tt.importance, tt.evidence, got, tt.want)
		}
	}
}

func TestRatingValidate(t *testing.T) {
	tests := []struct {
		name string
		r    exercises.Rating
		ok   bool
	}{
		{"lowest", exercises.Rating{Importance: 1, Evidence: 1}, true},
		{"highest", exercises.Rating{Importance: 5, Evidence: 5}, true},
		{"importance 0", exercises.Rating{Importance: 0, Evidence: 3}, false},
		{"evidence 6", exercises.Rating{Importance: 3, Evidence: 6}, false},
		{"skip", exercises.Rating{Skipped: true}, true},
		{"skip with values", exercises.Rating{Skipped: true, Importance: 2}, false},
	}
	for _, tt := range tests {
		err := tt.r.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok %v", tt.name, err, tt.ok)
		}
		if err != nil && exercises.ErrorCode(err) != exercises.EInvalid {
			t.Errorf("%s: code %q, want %q", tt.name, exercises.ErrorCode(err), exercises.EInvalid)
		}
	}
}

func closeTo(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestSummarizeAssumptions(t *testing.T) {
	people := map[string]exercises.Person{
		"a": {ID: "a", Name: "Ana", Org: "Food Bank"},
		"b": {ID: "b", Name: "Ben", Org: "Food Bank"},
		"c": {ID: "c", Name: "Cy", Org: "City"},
		"d": {ID: "d", Name: "Di", Org: "City"},
	}
	cards := []exercises.Card{
		{ID: 1, Text: "agreed", Authors: []string{"a"}},
		{ID: 2, Text: "contested across orgs", Authors: []string{"c"}},
		{ID: 3, Text: "only skipped", Authors: []string{"b"}},
		{ID: 4, Text: "hidden", Hidden: true},
		{ID: 5, Text: "merged away", MergedInto: 1},
	}
	r := func(i, e int) exercises.Rating { return exercises.Rating{Importance: i, Evidence: e} }
	skip := exercises.Rating{Skipped: true}
	ratings := map[int]map[string]exercises.Rating{
		1: {"a": r(4, 4), "b": r(4, 4), "c": r(4, 4), "d": skip},
		2: {"a": r(5, 1), "b": r(5, 1), "c": r(1, 1), "d": r(1, 1)},
		3: {"a": skip, "b": skip},
		4: {"a": r(1, 1)},
	}
	stats := exercises.SummarizeAssumptions(cards, ratings, people)
	if len(stats) != 3 {
		t.Fatalf("%d cards summarised, want 3 (hidden and merged left out)", len(stats))
	}
	agreed, contested, skipped := stats[0], stats[1], stats[2]

	if agreed.N != 3 || agreed.Skipped != 1 || !closeTo(agreed.Importance.Mean, 4) || !closeTo(agreed.Spread, 0) {
		t.Errorf("agreed: %+v", agreed)
	}
	if agreed.Quadrant != exercises.BuildOn || agreed.Contested {
		t.Errorf("agreed: quadrant %q contested %v", agreed.Quadrant, agreed.Contested)
	}
	if !closeTo(contested.Importance.Mean, 3) || !closeTo(contested.Importance.SD, 2) || !closeTo(contested.Evidence.SD, 0) {
		t.Errorf("contested importance %+v evidence %+v", contested.Importance, contested.Evidence)
	}
	if !closeTo(contested.OrgGap, 4) || !contested.Contested || contested.Quadrant != exercises.TestFirst {
		t.Errorf("contested: gap %v contested %v quadrant %q", contested.OrgGap, contested.Contested, contested.Quadrant)
	}
	wantOrgs := []exercises.OrgMeans{{Org: "City", N: 2, Importance: 1, Evidence: 1}, {Org: "Food Bank", N: 2, Importance: 5, Evidence: 1}}
	if !reflect.DeepEqual(contested.Orgs, wantOrgs) {
		t.Errorf("orgs = %+v, want %+v", contested.Orgs, wantOrgs)
	}
	if skipped.N != 0 || skipped.Skipped != 2 || skipped.Quadrant != "" || skipped.Contested {
		t.Errorf("only skipped: %+v", skipped)
	}
	if got := exercises.Contested(stats); len(got) != 1 || got[0].Card.ID != 2 {
		t.Errorf("Contested = %+v", got)
	}
}

func TestContestedNeedsTwoRatings(t *testing.T) {
	stats := exercises.SummarizeAssumptions(
		[]exercises.Card{{ID: 1}},
		map[int]map[string]exercises.Rating{1: {"a": {Importance: 5, Evidence: 1}}},
		map[string]exercises.Person{"a": {ID: "a", Org: "X"}})
	if stats[0].Contested {
		t.Fatal("a single rating was marked contested")
	}
}

func TestProgressOf(t *testing.T) {
	cards := []exercises.Card{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4, Hidden: true}}
	ratings := map[int]map[string]exercises.Rating{
		1: {"a": {Importance: 3, Evidence: 3}},
		2: {"a": {Skipped: true}},
		4: {"a": {Importance: 3, Evidence: 3}},
	}
	got := exercises.ProgressOf(cards, ratings, "a")
	if got != (exercises.RatingProgress{Rated: 1, Skipped: 1, Total: 3}) || got.Done() {
		t.Fatalf("progress = %+v done %v", got, got.Done())
	}
	ratings[3] = map[string]exercises.Rating{"a": {Importance: 1, Evidence: 1}}
	if !exercises.ProgressOf(cards, ratings, "a").Done() {
		t.Fatal("all cards rated or skipped but not done")
	}
}

func TestMerge(t *testing.T) {
	base := []exercises.Card{
		{ID: 1, Text: "one", Authors: []string{"a"}},
		{ID: 2, Text: "two", Authors: []string{"b", "a"}},
		{ID: 3, Text: "three", Authors: []string{"c"}},
		{ID: 4, Text: "four", Authors: []string{"d"}, MergedInto: 3},
	}
	tests := []struct {
		name    string
		into    int
		from    []int
		text    string
		code    string
		authors []string
		text1   string
		merged  map[int]int // card -> MergedInto afterwards
	}{
		{name: "two into one keeps every author once", into: 1, from: []int{2}, authors: []string{"a", "b"}, text1: "one", merged: map[int]int{2: 1}},
		{name: "new text", into: 1, from: []int{2, 3}, text: "merged", authors: []string{"a", "b", "c"}, text1: "merged", merged: map[int]int{2: 1, 3: 1, 4: 1}},
		{name: "into itself", into: 1, from: []int{1}, code: exercises.EInvalid},
		{name: "nothing to merge", into: 1, code: exercises.EInvalid},
		{name: "unknown target", into: 9, from: []int{1}, code: exercises.ENotFound},
		{name: "already merged source", into: 1, from: []int{4}, code: exercises.ENotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := exercises.CheckMerge(base, tt.into, tt.from, tt.text)
			if tt.code != "" {
				if exercises.ErrorCode(err) != tt.code {
					t.Fatalf("err = %v, want code %s", err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := exercises.Merge(base, tt.into, tt.from, tt.text)
			if !reflect.DeepEqual(got[0].Authors, tt.authors) || got[0].Text != tt.text1 {
				t.Errorf("target = %+v", got[0])
			}
			for id, into := range tt.merged {
				if got[id-1].MergedInto != into {
					t.Errorf("card %d merged into %d, want %d", id, got[id-1].MergedInto, into)
				}
			}
			if base[0].Text != "one" || len(base[0].Authors) != 1 || base[1].MergedInto != 0 {
				t.Error("Merge changed its input")
			}
		})
	}
}

func TestClusters(t *testing.T) {
	cards := []exercises.Card{
		{ID: 1, Cluster: "funding"},
		{ID: 2},
		{ID: 3, Cluster: "people"},
		{ID: 4, Cluster: "funding"},
		{ID: 5, Cluster: "people", Hidden: true},
	}
	names, by := exercises.Clusters(cards)
	if !reflect.DeepEqual(names, []string{"funding", "people", ""}) {
		t.Fatalf("names = %q", names)
	}
	if len(by["funding"]) != 2 || len(by["people"]) != 1 || len(by[""]) != 1 {
		t.Fatalf("clusters = %+v", by)
	}
}

func TestValidateCardAndAction(t *testing.T) {
	act, err := exercises.NewActivity(exercises.Assumptions)
	if err != nil {
		t.Fatal(err)
	}
	if err := act.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text, category, code string
	}{
		{"We believe partners share data", "partners", ""},
		{"no category", "", ""},
		{"", "", exercises.EInvalid},
		{"unknown category", "weather", exercises.EInvalid},
	}
	for _, c := range cases {
		if got := exercises.ErrorCode(act.ValidateCard(c.text, c.category)); got != c.code {
			t.Errorf("ValidateCard(%q, %q) code %q, want %q", c.text, c.category, got, c.code)
		}
	}
	actions := []struct {
		text, owner, due string
		ok               bool
	}{
		{"Ask three families", "a", "2027-01-31", true},
		{"", "a", "2027-01-31", false},
		{"Ask", "", "2027-01-31", false},
		{"Ask", "a", "31/01/2027", false},
		{"Ask", "a", "2027-02-30", false},
	}
	for _, a := range actions {
		if err := exercises.ValidateAction(a.text, a.owner, a.due); (err == nil) != a.ok {
			t.Errorf("ValidateAction(%q, %q, %q) = %v", a.text, a.owner, a.due, err)
		}
	}
}
