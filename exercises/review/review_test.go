package review_test

import (
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/review"
)

// activity is a review of two actions, Ana's and a typed owner's.
func activity() exercises.Activity {
	a := review.Exercise.Defaults()
	a.Settings = review.Settings{Items: []review.Item{
		{Key: "w/2/1", Text: "Survey ten families", Owner: "ana", OwnerName: "Ana", Org: "County Health", Due: "2027-01-08"},
		{Key: "w/2/3", Text: "Bus shelters", OwnerName: "Jo Park", Org: "Transit", Due: "2027-01-12"},
	}}
	return a
}

// TestSetMarkRules: the owner marks theirs, the facilitator any, nobody
// else; the status is one of the four; the note is cleaned and cut, and
// the person told; the phase must take marks.
func TestSetMarkRules(t *testing.T) {
	a := activity()
	open := review.Exercise.Phases()[0]
	ctx := func(by string, facilitator bool, phase exercises.PhaseSpec) exercises.Context {
		return exercises.Context{Activity: a, Exercise: review.Exercise, Phase: phase, Data: review.Exercise.Empty(),
			Current: true, InputOpen: phase.Input, By: by, Joined: true, Facilitator: facilitator}
	}
	for _, tc := range []struct {
		name string
		by   string
		fac  bool
		mark review.SetMark
		code string
	}{
		{"the owner", "ana", false, review.SetMark{Item: 0, Status: review.Done, Note: "Eight of ten"}, ""},
		{"someone else", "ben", false, review.SetMark{Item: 0, Status: review.Done}, exercises.EForbidden},
		{"a typed owner's, by a participant", "ana", false, review.SetMark{Item: 1, Status: review.Dropped}, exercises.EForbidden},
		{"a typed owner's, by the facilitator", "fay", true, review.SetMark{Item: 1, Status: review.Dropped}, ""},
		{"a status that is not one of the four", "ana", false, review.SetMark{Item: 0, Status: "finished"}, exercises.EInvalid},
		{"no such action", "ana", false, review.SetMark{Item: 5, Status: review.Done}, exercises.ENotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.mark.Decide(ctx(tc.by, tc.fac, open))
			if exercises.ErrorCode(err) != tc.code {
				t.Errorf("error %v, want code %q", err, tc.code)
			}
		})
	}
	if _, err := (review.SetMark{Item: 0, Status: review.Done}).Decide(ctx("ana", false, review.Exercise.Phases()[1])); exercises.ErrorCode(err) != exercises.EClosed {
		t.Errorf("a mark in the summary: %v", err)
	}
	long := review.SetMark{Item: 0, Status: review.Blocked, Note: strings.Repeat("no budget ", 40) + "\u202e"}
	changes, err := long.Decide(ctx("ana", false, open))
	if err != nil || len(changes) != 1 {
		t.Fatalf("a long note: %v %v", changes, err)
	}
	if note := changes[0].Payload.(review.Marked).Note; exercises.TextLen(note) > exercises.MaxTextLen || strings.Contains(note, "\u202e") {
		t.Errorf("the note is not cleaned and cut: %q", note)
	}
	if long.Notice() != "Your note was cut to 280 characters." {
		t.Errorf("notice %q", long.Notice())
	}
}

// TestMarksFoldAndProgress folds marks in order, keeping every change, and
// counts an owner done once every action they own is marked.
func TestMarksFoldAndProgress(t *testing.T) {
	a := activity()
	d := review.Exercise.Empty()
	at := time.Date(2027, 1, 14, 15, 0, 0, 0, time.UTC)
	for i, m := range []review.Marked{{Item: 0, Status: review.Blocked}, {Item: 0, Status: review.Done, Note: "Done"}} {
		raw := `{"activity":0,"item":` + string(rune('0'+m.Item)) + `,"status":"` + string(m.Status) + `","note":"` + m.Note + `"}`
		var err error
		d, err = review.Exercise.Fold(d, exercises.Record{Type: review.EvMarked, At: at.Add(time.Duration(i) * time.Minute), Actor: "ana", Data: []byte(raw)})
		if err != nil {
			t.Fatal(err)
		}
	}
	w := review.Of(d)
	if len(w.History) != 2 || w.Marks[0].Status != review.Done || w.Marks[0].By != "ana" || !review.Exercise.HasInput(d) {
		t.Errorf("folded %+v", w)
	}
	p := review.Exercise.Progress(a, review.Exercise.Phases()[0], d)
	if !p.Done("ana") || p.Done("ben") {
		t.Errorf("done: ana %v, ben (owns none) %v", p.Done("ana"), p.Done("ben"))
	}
	if !review.Done.Closed() || !review.Dropped.Closed() || review.Blocked.Closed() || review.InProgress.Closed() {
		t.Error("closed statuses: done and dropped only")
	}
}
