package willingness_test

import (
	"commonground/exercises"
	"commonground/exercises/willingness"
	"math"
	"reflect"
	"strings"
	"testing"
)

// resp builds a response by a person of an organisation; the person's ID
// is their name.
func resp(name, org string, item, value int, comment string) exercises.Response {
	return exercises.Response{
		Person: exercises.Person{ID: "id-" + name, Name: name, Org: org},
		Item:   item,
		Answer: exercises.Answer{Value: value, Text: comment},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func threeStatements() exercises.Activity {
	return exercises.Activity{Kind: willingness.Kind, Title: "Willingness", Anonymity: exercises.Named,
		Settings: willingness.Settings{Statements: []string{"Mission", "Value", "Commit"}}}
}

func TestSummarizeWillingness(t *testing.T) {
	a := threeStatements()
	res := willingness.Summarize(a, []exercises.Response{
		resp("ana", "Alpha", 0, 5, ""),
		resp("ana", "Alpha", 1, 2, "Need a budget first"),
		resp("ana", "Alpha", 2, 4, ""),
		resp("ben", "Alpha", 0, 4, ""),
		resp("ben", "Alpha", 1, 0, "We cannot commit staff"),
		resp("cai", "Beta", 0, 1, "Mission differs"),
		resp("cai", "Beta", 1, 3, ""),
		resp("cai", "Beta", 2, 5, ""),
		resp("eve", "Beta", 2, 2, ""),
		resp("fin", "Delta", 1, 4, ""),
		// Out of range: ignored entirely, so dee and Gamma count nowhere.
		resp("dee", "Gamma", 0, 6, "too high"),
		resp("dee", "Gamma", 1, -1, "too low"),
		resp("dee", "Gamma", 3, 4, "no such statement"),
		resp("dee", "Gamma", -1, 4, "negative item"),
	})

	t.Run("Statements", func(t *testing.T) {
		want := []struct {
			dist [6]int
			n    int
			mean float64
			min  int
		}{
			{[6]int{0, 1, 0, 0, 1, 1}, 3, 10.0 / 3, 1},
			{[6]int{1, 0, 1, 1, 1, 0}, 4, 9.0 / 4, 0},
			{[6]int{0, 0, 1, 0, 1, 1}, 3, 11.0 / 3, 2},
		}
		if len(res.Statements) != len(want) {
			t.Fatalf("%d statement results, want %d", len(res.Statements), len(want))
		}
		for i, w := range want {
			got := res.Statements[i]
			if got.Statement != willingness.Statements(a)[i] || got.Distribution != w.dist || got.N != w.n || !near(got.Mean, w.mean) || got.Min != w.min {
				t.Errorf("statement %d = %+v, want %q %v N=%d mean=%.3f min=%d", i, got, willingness.Statements(a)[i], w.dist, w.n, w.mean, w.min)
			}
		}
	})

	t.Run("Respondents", func(t *testing.T) {
		if res.Respondents != 5 {
			t.Errorf("Respondents = %d, want 5 (ana, ben, cai, eve, fin; dee only gave out-of-range answers)", res.Respondents)
		}
	})

	t.Run("Orgs", func(t *testing.T) {
		want := []willingness.OrgProfile{
			{Org: "Alpha", People: 2, Means: []float64{4.5, 1, 4}, Overall: 3},
			{Org: "Beta", People: 2, Means: []float64{1, 3, 3.5}, Overall: 2.75},
			// Nobody from Delta answered statements 1 and 3: -1 there.
			{Org: "Delta", People: 1, Means: []float64{-1, 4, -1}, Overall: 4},
		}
		if !reflect.DeepEqual(res.Orgs, want) {
			t.Errorf("Orgs =\n%+v\nwant\n%+v", res.Orgs, want)
		}
	})

	t.Run("Concerns", func(t *testing.T) {
		want := []willingness.Concern{
			{Statement: 0, Value: 1, Blocker: true, Person: resp("cai", "Beta", 0, 0, "").Person, Comment: "Mission differs"},
			{Statement: 1, Value: 0, Blocker: true, Person: resp("ben", "Alpha", 0, 0, "").Person, Comment: "We cannot commit staff"},
			{Statement: 1, Value: 2, Blocker: false, Person: resp("ana", "Alpha", 0, 0, "").Person, Comment: "Need a budget first"},
			{Statement: 2, Value: 2, Blocker: false, Person: resp("eve", "Beta", 0, 0, "").Person},
		}
		if !reflect.DeepEqual(res.Concerns, want) {
			t.Errorf("Concerns =\n%+v\nwant\n%+v", res.Concerns, want)
		}
	})
}

func TestSummarizeWillingnessConcernOrder(t *testing.T) {
	// Blockers first, then by statement, value and name; 3 and up are no concern.
	res := willingness.Summarize(threeStatements(), []exercises.Response{
		resp("zoe", "Z", 2, 2, "z"),
		resp("amy", "A", 2, 2, "a"),
		resp("bob", "B", 1, 1, "b"),
		resp("cat", "C", 0, 1, "c"),
		resp("dan", "D", 1, 0, ""),
		resp("eli", "E", 0, 2, "e"),
		resp("fay", "F", 0, 3, "fine"),
	})
	var got []string
	for _, c := range res.Concerns {
		kind := "reservation"
		if c.Blocker {
			kind = "blocker"
		}
		got = append(got, c.Person.Name+" "+kind)
	}
	want := "cat blocker, dan blocker, bob blocker, eli reservation, amy reservation, zoe reservation"
	if strings.Join(got, ", ") != want {
		t.Errorf("concerns in order %q, want %q", strings.Join(got, ", "), want)
	}
}

func TestSummarizeWillingnessEmpty(t *testing.T) {
	a := threeStatements()
	res := willingness.Summarize(a, nil)
	if len(res.Statements) != 3 || res.Respondents != 0 || len(res.Orgs) != 0 || len(res.Concerns) != 0 {
		t.Fatalf("empty summary = %+v", res)
	}
	for i, st := range res.Statements {
		if st.Statement != willingness.Statements(a)[i] || st.N != 0 || st.Mean != 0 || st.Min != -1 || st.Distribution != [6]int{} {
			t.Errorf("statement %d with no answers = %+v, want N 0, mean 0, min -1", i, st)
		}
	}
}
