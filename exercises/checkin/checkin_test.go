package checkin_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/checkin"
)

func TestCheckInRound(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(name string, item int, text string, minutes int) exercises.Response {
		r := exercises.Response{Person: exercises.Person{ID: "id-" + name, Name: name, Org: "Org"}, Item: item, Answer: exercises.Answer{Text: text}}
		r.Answer.At = t0.Add(time.Duration(minutes) * time.Minute)
		return r
	}
	for _, tc := range []struct {
		name string
		in   []exercises.Response
		want string // names in round order
	}{
		{"Empty", nil, ""},
		{"ByTime", []exercises.Response{at("ana", 0, "a", 3), at("ben", 0, "b", 1), at("cai", 0, "c", 2)}, "ben cai ana"},
		{"SameTimeKeepsGivenOrder", []exercises.Response{at("ana", 0, "a", 1), at("ben", 0, "b", 1), at("cai", 0, "c", 0)}, "cai ana ben"},
		{"EmptyLeftOut", []exercises.Response{at("ana", 0, "", 1), at("ben", 0, "b", 2)}, "ben"},
		{"OtherItemsLeftOut", []exercises.Response{at("ana", 1, "second item", 1), at("ben", 0, "b", 2)}, "ben"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range checkin.Round(tc.in) {
				got = append(got, r.Person.Name)
				if r.Answer.Text == "" {
					t.Errorf("round contains an empty answer by %s", r.Person.Name)
				}
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("round = %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}
}

// TestReplacedAnswerKeepsItsPlace: the round is in the order answers were
// first given, through the fold of the log, so a replaced answer changes
// its text and not its place.
func TestReplacedAnswerKeepsItsPlace(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var d exercises.Data = exercises.Answering{}.Empty()
	for i, set := range []struct {
		who, text string
	}{{"ana", "first"}, {"ben", "second"}, {"ana", "first, changed"}} {
		payload, err := json.Marshal(exercises.AnswerSet{Person: "id-" + set.who, Answer: exercises.Answer{Text: set.text, At: t0.Add(time.Duration(i) * time.Minute)}})
		if err != nil {
			t.Fatal(err)
		}
		if d, err = (exercises.Answering{}).Fold(d, exercises.Record{Type: exercises.EvAnswerSet, Data: payload}); err != nil {
			t.Fatal(err)
		}
	}
	roster := exercises.Roster{Order: []string{"id-ben", "id-ana"}, People: map[string]exercises.Person{
		"id-ana": {ID: "id-ana", Name: "ana"}, "id-ben": {ID: "id-ben", Name: "ben"}}}
	var got []string
	for _, r := range checkin.Round(exercises.AnswersOf(d).Responses(roster)) {
		got = append(got, r.Person.Name+": "+r.Answer.Text)
	}
	if want := "ana: first, changed | ben: second"; strings.Join(got, " | ") != want {
		t.Errorf("round = %q, want %q", strings.Join(got, " | "), want)
	}
}
