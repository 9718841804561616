package cohort_test

import (
	"context"
	"testing"
	"time"

	"commonground/cohort"
	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/review"
	"commonground/session"
)

// TestActionReview is the drumbeat: the actions confirmed in a cohort's
// first session are carried into the second's action review by owner and
// organisation; only the owner marks theirs; a done action leaves the
// owner's lobby and the next review, one in progress stays in both.
func TestActionReview(t *testing.T) {
	a := newAcademy(t)
	ctx := context.Background()
	do := func(w *session.Workshop, id string, act session.Action) {
		t.Helper()
		if _, err := w.Do(ctx, id, act); err != nil {
			t.Fatalf("%T: %v", act, err)
		}
	}
	// Session 0 (earlier): an assumption map with two confirmed actions.
	first := time.Date(2026, 12, 10, 15, 0, 0, 0, time.UTC)
	meta, err := a.hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: []exercises.Activity{mustNew(t, assumptions.Kind)}, CreatedBy: org})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.cohorts.AddSession("riverside-2027", org, cohort.Session{Workshop: meta.ID, Code: meta.Code, Title: "Kickoff", Starts: first}); err != nil {
		t.Fatal(err)
	}
	w, err := a.hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	do(w, ana, session.Join{Name: "Ana", Org: "County Health"})
	do(w, ben, session.Join{Name: "Ben", Org: "City Council"})
	do(w, ana, assumptions.AddCard{Activity: 0, Text: "Families know the pantry hours"})
	do(w, org, session.Move{Activity: 0, Phase: 2})
	do(w, ana, assumptions.RateCard{Activity: 0, Card: 1, Importance: 5, Evidence: 1})
	do(w, org, session.Move{Activity: 0, Phase: 4})
	do(w, ana, assumptions.ProposeAction{Activity: 0, Card: 1, Text: "Survey ten families", Owner: ana, Due: "2027-01-10"})
	do(w, ana, assumptions.ProposeAction{Activity: 0, Card: 1, Text: "Ask the school office", Owner: ben, Due: "2027-01-12"})
	do(w, ana, assumptions.ProposeAction{Activity: 0, Card: 1, Text: "Never confirmed", Owner: ben, Due: "2027-01-12"})
	do(w, org, assumptions.ConfirmAction{Activity: 0, Action: 1})
	do(w, org, assumptions.ConfirmAction{Activity: 0, Action: 2})

	st, err := a.cohorts.Get("riverside-2027")
	if err != nil {
		t.Fatal(err)
	}
	// Session 2 opens with a review, filled in as workshop new --cohort does.
	second := time.Date(2027, 2, 11, 15, 0, 0, 0, time.UTC)
	acts, err := a.cohorts.WithReview(st, second, []exercises.Activity{mustNew(t, review.Kind), mustNew(t, checkin.Kind)})
	if err != nil {
		t.Fatal(err)
	}
	items := review.ItemsOf(acts[0])
	if len(items) != 2 || items[0].Text != "Survey ten families" || items[0].OwnerName != "Ana" || items[0].Org != "County Health" ||
		items[1].OwnerName != "Ben" || items[1].From != "Kickoff" {
		t.Fatalf("the review carries %+v", items)
	}
	meta2, err := a.hub.Create(session.NewWorkshop{Title: "Session 2", Agenda: acts, CreatedBy: org})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.cohorts.AddSession("riverside-2027", org, cohort.Session{Workshop: meta2.ID, Code: meta2.Code, Title: "Session 2", Starts: second}); err != nil {
		t.Fatal(err)
	}
	w2, err := a.hub.Open(meta2.Code)
	if err != nil {
		t.Fatal(err)
	}
	do(w2, ana, session.Join{Name: "Ana", Org: "County Health"})
	do(w2, ben, session.Join{Name: "Ben", Org: "City Council"})
	if _, err := w2.Do(ctx, ben, review.SetMark{Activity: 0, Item: 0, Status: review.Done}); exercises.ErrorCode(err) != exercises.EForbidden {
		t.Errorf("Ben marks Ana's action: %v", err)
	}
	if _, err := w2.Do(ctx, ana, review.SetMark{Activity: 0, Item: 0, Status: "finished"}); exercises.ErrorCode(err) != exercises.EInvalid {
		t.Errorf("a status that is not one of the four: %v", err)
	}
	do(w2, ana, review.SetMark{Activity: 0, Item: 0, Status: review.Blocked, Note: "No survey budget"})
	do(w2, ana, review.SetMark{Activity: 0, Item: 0, Status: review.Done, Note: "Eight of ten answered"})
	do(w2, ben, review.SetMark{Activity: 0, Item: 1, Status: review.InProgress, Note: "Meeting on the 20th"})
	d := review.Of(w2.Snapshot().Activities[0].Data)
	if len(d.History) != 3 || d.Marks[0].Status != review.Done || d.Marks[1].Note != "Meeting on the 20th" {
		t.Errorf("marks %+v", d)
	}

	// The lobby and the next review: Ana's done action is gone, Ben's stays.
	lobby, _, err := a.cohorts.LobbyOf(ana, second.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := lobby.Cohorts[0].Actions; len(got) != 0 {
		t.Errorf("Ana's open actions after she marked hers done: %+v", got)
	}
	// Past sessions come with their report's summary, the next without.
	var past, coming []string
	for _, e := range lobby.Cohorts[0].Sessions {
		if e.Past {
			past = append(past, e.Title+": "+e.Summary)
		} else {
			coming = append(coming, e.Title)
		}
	}
	if len(past) != 2 || past[0] != "Kickoff: 2 people took part · 3 actions, 2 confirmed" || len(coming) != 1 || coming[0] != "Session 2" {
		t.Errorf("Ana's sessions: past %q, next %q", past, coming)
	}
	lobby, _, _ = a.cohorts.LobbyOf(ben, second.Add(time.Hour))
	if got := lobby.Cohorts[0].Actions; len(got) != 1 || got[0].Text != "Ask the school office" {
		t.Errorf("Ben's open actions: %+v", got)
	}
	st, _ = a.cohorts.Get("riverside-2027")
	next, err := a.cohorts.OpenActions(st, second.Add(30*24*time.Hour))
	if err != nil || len(next) != 1 || next[0].Text != "Ask the school office" {
		t.Errorf("the next review would carry %+v (%v)", next, err)
	}
}
