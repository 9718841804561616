package assumptions_test

import (
	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestQuadrantOf(t *testing.T) {
	tests := []struct {
		importance, evidence float64
		want                 assumptions.Quadrant
	}{
		{5, 1, assumptions.TestFirst},
		{3, 3, assumptions.TestFirst}, // on both lines: important, evidence not strong
		{3, 3.01, assumptions.BuildOn},
		{5, 5, assumptions.BuildOn},
		{2.99, 3, assumptions.Watch},
		{1, 1, assumptions.Watch},
		{2.99, 3.01, assumptions.Park},
		{1, 5, assumptions.Park},
	}
	for _, tt := range tests {
		if got := assumptions.QuadrantOf(tt.importance, tt.evidence); got != tt.want {
			t.Errorf("QuadrantOf(%v, %v) = %q, want %q", tt.importance, tt.evidence, got, tt.want)
		}
	}
}

func TestRatingValidate(t *testing.T) {
	tests := []struct {
		name string
		r    assumptions.Rating
		ok   bool
	}{
		{"lowest", assumptions.Rating{Importance: 1, Evidence: 1}, true},
		{"highest", assumptions.Rating{Importance: 5, Evidence: 5}, true},
		{"importance 0", assumptions.Rating{Importance: 0, Evidence: 3}, false},
		{"evidence 6", assumptions.Rating{Importance: 3, Evidence: 6}, false},
		{"skip", assumptions.Rating{Skipped: true}, true},
		{"skip with values", assumptions.Rating{Skipped: true, Importance: 2}, false},
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
	r := func(i, e int) assumptions.Rating { return assumptions.Rating{Importance: i, Evidence: e} }
	skip := assumptions.Rating{Skipped: true}
	ratings := exercises.Ratings[assumptions.Rating]{
		exercises.On(1): {"a": r(4, 4), "b": r(4, 4), "c": r(4, 4), "d": skip},
		exercises.On(2): {"a": r(5, 1), "b": r(5, 1), "c": r(1, 1), "d": r(1, 1)},
		exercises.On(3): {"a": skip, "b": skip},
		exercises.On(4): {"a": r(1, 1)},
	}
	stats := assumptions.Summarize(cards, ratings, people)
	if len(stats) != 3 {
		t.Fatalf("%d cards summarised, want 3 (hidden and merged left out)", len(stats))
	}
	agreed, contested, skipped := stats[0], stats[1], stats[2]

	if agreed.N != 3 || agreed.Skipped != 1 || !closeTo(agreed.Importance.Mean, 4) || !closeTo(agreed.Spread, 0) {
		t.Errorf("agreed: %+v", agreed)
	}
	if agreed.Quadrant != assumptions.BuildOn || agreed.Contested {
		t.Errorf("agreed: quadrant %q contested %v", agreed.Quadrant, agreed.Contested)
	}
	if !closeTo(contested.Importance.Mean, 3) || !closeTo(contested.Importance.SD, 2) || !closeTo(contested.Evidence.SD, 0) {
		t.Errorf("contested importance %+v evidence %+v", contested.Importance, contested.Evidence)
	}
	if !closeTo(contested.OrgGap, 4) || !contested.Contested || contested.Quadrant != assumptions.TestFirst {
		t.Errorf("contested: gap %v contested %v quadrant %q", contested.OrgGap, contested.Contested, contested.Quadrant)
	}
	wantOrgs := []assumptions.OrgMeans{{Org: "City", N: 2, Importance: 1, Evidence: 1}, {Org: "Food Bank", N: 2, Importance: 5, Evidence: 1}}
	if !reflect.DeepEqual(contested.Orgs, wantOrgs) {
		t.Errorf("orgs = %+v, want %+v", contested.Orgs, wantOrgs)
	}
	if skipped.N != 0 || skipped.Skipped != 2 || skipped.Quadrant != "" || skipped.Contested {
		t.Errorf("only skipped: %+v", skipped)
	}
	if got := assumptions.Contested(stats); len(got) != 1 || got[0].Card.ID != 2 {
		t.Errorf("Contested = %+v", got)
	}
}

func TestContestedNeedsTwoRatings(t *testing.T) {
	stats := assumptions.Summarize(
		[]exercises.Card{{ID: 1}},
		exercises.Ratings[assumptions.Rating]{exercises.On(1): {"a": {Importance: 5, Evidence: 1}}},
		map[string]exercises.Person{"a": {ID: "a", Org: "X"}})
	if stats[0].Contested {
		t.Fatal("a single rating was marked contested")
	}
}

// TestContestedStandsOut checks that the mark picks out the cards whose
// ratings stand out: past a threshold, and at most a third of the rated
// cards (rounded up), the most divided first.
func TestContestedStandsOut(t *testing.T) {
	people := map[string]exercises.Person{
		"a": {ID: "a", Org: "Food Bank"}, "b": {ID: "b", Org: "City"}, "c": {ID: "c", Org: "School"},
	}
	r := func(i, e int) assumptions.Rating { return assumptions.Rating{Importance: i, Evidence: e} }
	agreed := map[string]assumptions.Rating{"a": r(4, 4), "b": r(4, 4), "c": r(4, 4)}
	tests := []struct {
		name    string
		ratings []map[string]assumptions.Rating // card i+1's ratings
		want    []int                           // IDs of the contested cards
	}{
		{"3 raters, 6 cards: at most 2 contested, the widest gaps", []map[string]assumptions.Rating{
			{"a": r(5, 1), "b": r(1, 1), "c": r(3, 3)}, // gap 4
			{"a": r(4, 2), "b": r(2, 4), "c": r(3, 3)}, // gap 2
			{"a": r(5, 5), "b": r(1, 1), "c": r(4, 4)}, // gap 4, spread 1.7
			{"a": r(4, 1), "b": r(1, 4), "c": r(3, 3)}, // gap 3
			{"a": r(5, 3), "b": r(2, 3), "c": r(3, 3)}, // gap 3, spread 1.2
			agreed,
		}, []int{3, 1}},
		{"ties go to the earlier card", []map[string]assumptions.Rating{
			agreed, {"a": r(5, 1), "b": r(1, 1)}, {"a": r(5, 1), "b": r(1, 1)},
		}, []int{2}},
		{"4 rated cards: 2 may be contested", []map[string]assumptions.Rating{
			{"a": r(5, 1), "b": r(1, 1)}, agreed, agreed, {"a": r(1, 5), "b": r(4, 1)},
		}, []int{1, 4}},
		{"unrated cards do not count", []map[string]assumptions.Rating{
			{"a": r(5, 1), "b": r(1, 1)}, {"a": {Skipped: true}}, {}, {}, {"a": r(5, 1), "b": r(1, 1)},
		}, []int{1}},
		{"below the thresholds: none", []map[string]assumptions.Rating{
			{"a": r(4, 2), "b": r(3, 3), "c": r(4, 3)}, agreed, agreed,
		}, nil},
		{"a single rating: none", []map[string]assumptions.Rating{{"a": r(5, 1)}}, nil},
	}
	for _, tt := range tests {
		var cards []exercises.Card
		ratings := exercises.Ratings[assumptions.Rating]{}
		for i, rs := range tt.ratings {
			cards = append(cards, exercises.Card{ID: i + 1})
			if len(rs) > 0 {
				ratings[exercises.On(i+1)] = rs
			}
		}
		var got []int
		for _, st := range assumptions.Contested(assumptions.Summarize(cards, ratings, people)) {
			got = append(got, st.Card.ID)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: contested %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestContestedRuleSaysTheThresholds keeps the rule in words in step with
// the numbers.
func TestContestedRuleSaysTheThresholds(t *testing.T) {
	for _, want := range []string{
		fmt.Sprintf("%.1f or more", assumptions.ContestedSpread),
		fmt.Sprintf("%.1f points or more", assumptions.ContestedOrgGap),
		"third",
	} {
		if !strings.Contains(assumptions.ContestedRule, want) {
			t.Errorf("ContestedRule %q does not say %q", assumptions.ContestedRule, want)
		}
	}
	if assumptions.ContestedShare != 3 {
		t.Errorf("ContestedShare = %d: say the new share in ContestedRule", assumptions.ContestedShare)
	}
}

func TestProgressOf(t *testing.T) {
	cards := []exercises.Card{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4, Hidden: true}}
	ratings := exercises.Ratings[assumptions.Rating]{
		exercises.On(1): {"a": {Importance: 3, Evidence: 3}},
		exercises.On(2): {"a": {Skipped: true}},
		exercises.On(4): {"a": {Importance: 3, Evidence: 3}},
	}
	got := assumptions.ProgressOf(cards, ratings, "a")
	if got != (assumptions.RatingProgress{Rated: 1, Skipped: 1, Total: 3}) || got.Done() {
		t.Fatalf("progress = %+v done %v", got, got.Done())
	}
	ratings[exercises.On(3)] = map[string]assumptions.Rating{"a": {Importance: 1, Evidence: 1}}
	if !assumptions.ProgressOf(cards, ratings, "a").Done() {
		t.Fatal("all cards rated or skipped but not done")
	}
}

func TestValidateCardAndAction(t *testing.T) {
	act, err := catalog.New(assumptions.Kind)
	if err != nil {
		t.Fatal(err)
	}
	if err := catalog.Validate(act); err != nil {
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
		if got := exercises.ErrorCode(assumptions.ValidateCard(act, c.text, c.category)); got != c.code {
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

// TestHasInput: a card written, even one deleted since, a rating or an
// action is input; an empty wall is not.
func TestHasInput(t *testing.T) {
	card := `{"activity":0,"card":{"id":1,"authors":["a"],"text":"x"}}`
	tests := []struct {
		name string
		evs  [][2]string // type, payload
		want bool
	}{
		{"empty", nil, false},
		{"a card", [][2]string{{assumptions.EvCardAdded, card}}, true},
		{"a card deleted", [][2]string{{assumptions.EvCardAdded, card}, {assumptions.EvCardDeleted, `{"activity":0,"card":1}`}}, true},
		{"a rating", [][2]string{{assumptions.EvRatingSet, `{"activity":0,"card":1,"person":"a","rating":{"importance":3,"evidence":3}}`}}, true},
		{"an action", [][2]string{{assumptions.EvActionProposed, `{"activity":0,"action":{"id":1,"text":"test it","owner":"a"}}`}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := assumptions.Exercise.Empty()
			for _, ev := range tt.evs {
				var err error
				if d, err = assumptions.Exercise.Fold(d, exercises.Record{Type: ev[0], Data: []byte(ev[1])}); err != nil {
					t.Fatal(err)
				}
			}
			if got := assumptions.Exercise.HasInput(d); got != tt.want {
				t.Errorf("HasInput = %v, want %v", got, tt.want)
			}
		})
	}
}
