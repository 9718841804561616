package session_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/session"
)

func TestAssumptionMappingFlow(t *testing.T) {
	hub := session.NewHub(newStore(t), session.Options{})
	defer hub.Close()
	meta, err := hub.Create(session.NewWorkshop{Title: "Map", Agenda: agenda(t, exercises.Assumptions), CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]string{"SHA256:ana": "Food Bank", "SHA256:ben": "Food Bank", "SHA256:cy": "City", "SHA256:di": "City"}
	for id, org := range people {
		do(t, w, id, session.Join{Name: id[7:], Org: org})
	}
	refuse := func(id string, a session.Action, code string) {
		t.Helper()
		if _, err := w.Do(context.Background(), id, a); exercises.ErrorCode(err) != code {
			t.Fatalf("%T by %s: err %v, want code %s", a, id, err, code)
		}
	}

	// Collect.
	do(t, w, "SHA256:ana", session.AddCard{Text: "Families know the services exist", Category: "the people served"})
	do(t, w, "SHA256:cy", session.AddCard{Text: "Families know services exist"})
	do(t, w, "SHA256:ben", session.AddCard{Text: "Funders will wait three years", Category: "funding"})
	do(t, w, "SHA256:di", session.AddCard{Text: "spam"})
	refuse("SHA256:ana", session.AddCard{Text: "x", Category: "weather"}, exercises.EInvalid)
	refuse("SHA256:ana", session.EditCard{Card: 2, Text: "mine now"}, exercises.EForbidden)
	do(t, w, "SHA256:ana", session.EditCard{Card: 1, Text: "Families know which services exist", Category: "the people served"})
	if w.Snapshot().Activities[0].Revealed {
		t.Fatal("the wall is revealed while people are still writing")
	}
	refuse("SHA256:ana", session.RateCard{Card: 1, Importance: 3, Evidence: 3}, exercises.EClosed)

	// Group.
	do(t, w, facilitatorID, session.Move{Phase: 1})
	refuse("SHA256:ana", session.AddCard{Text: "late"}, exercises.EClosed)
	refuse("SHA256:ana", session.MergeCards{Into: 1, From: []int{2}}, exercises.EForbidden)
	do(t, w, facilitatorID, session.MergeCards{Into: 1, From: []int{2}, Text: "Families know which services exist"})
	do(t, w, facilitatorID, session.ClusterCards{Cards: []int{1}, Cluster: "Access"})
	do(t, w, facilitatorID, session.HideCard{Card: 4, On: true})
	snap := w.Snapshot()
	if !snap.Activities[0].Revealed {
		t.Fatal("the group phase does not show the wall")
	}
	c1, _ := snap.Activities[0].Card(1)
	if len(c1.Authors) != 2 || c1.Cluster != "Access" {
		t.Fatalf("merged card = %+v", c1)
	}

	// Rate: card 1 splits the organisations, card 3 is agreed.
	do(t, w, facilitatorID, session.Move{Phase: 2})
	refuse("SHA256:ana", session.RateCard{Card: 2, Importance: 3, Evidence: 3}, exercises.ENotFound)
	refuse("SHA256:ana", session.RateCard{Card: 4, Importance: 3, Evidence: 3}, exercises.ENotFound)
	for id, org := range people {
		imp := 5
		if org == "City" {
			imp = 1
		}
		do(t, w, id, session.RateCard{Card: 1, Importance: imp, Evidence: 1})
		if id == "SHA256:di" {
			do(t, w, id, session.RateCard{Card: 3, Skip: true})
		} else {
			do(t, w, id, session.RateCard{Card: 3, Importance: 4, Evidence: 4})
		}
	}
	if p := w.Snapshot().RatingProgress(0, "SHA256:di"); p != (exercises.RatingProgress{Rated: 1, Skipped: 1, Total: 2}) {
		t.Fatalf("progress = %+v", p)
	}

	// Map.
	do(t, w, facilitatorID, session.Move{Phase: 3})
	stats := w.Snapshot().CardStats(0)
	if len(stats) != 2 || stats[0].Quadrant != exercises.TestFirst || !stats[0].Contested || stats[1].Quadrant != exercises.BuildOn || stats[1].Skipped != 1 {
		t.Fatalf("stats = %+v", stats)
	}

	// Plan.
	do(t, w, facilitatorID, session.Move{Phase: 4})
	refuse("SHA256:ana", session.ProposeAction{Card: 3, Text: "x", Owner: "SHA256:ana", Due: "2027-01-31"}, exercises.EInvalid)
	refuse("SHA256:ana", session.ProposeAction{Card: 1, Text: "Survey", Owner: "SHA256:nobody", Due: "2027-01-31"}, exercises.EInvalid)
	do(t, w, "SHA256:ana", session.ProposeAction{Card: 1, Text: "Ask 20 families at the pantry", Owner: "SHA256:cy", Due: "2027-01-31"})
	refuse("SHA256:ana", session.ConfirmAction{Action: 1}, exercises.EForbidden)
	do(t, w, facilitatorID, session.ConfirmAction{Action: 1})
	acts := w.Snapshot().Activities[0].Actions
	if len(acts) != 1 || acts[0].Status != exercises.Confirmed || acts[0].Org != "City" {
		t.Fatalf("actions = %+v", acts)
	}
}

// TestCardsPerActivity caps the cards one participant has on an activity's
// wall: the card beyond it is refused with the reason, even among cards
// sent at once; deleting one makes room, hiding one does not; the
// facilitator is not capped. The cap is a rule for new cards only: a
// workshop recorded with more cards still opens with all of them.
func TestCardsPerActivity(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	store, err := session.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	hub := session.NewHub(store, session.Options{CardsPerActivity: 3})
	w := openNew(t, hub, exercises.Assumptions)
	code := w.Snapshot().Code
	const ana, ben = "SHA256:ana", "SHA256:ben"
	do(t, w, ana, session.Join{Name: "Ana", Org: "Food Bank"})
	do(t, w, ben, session.Join{Name: "Ben", Org: "Food Bank"})
	const full = "You have 3 cards here, the most one person may: delete one to add another."
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			_, err := w.Do(context.Background(), ana, session.AddCard{Text: fmt.Sprintf("card %d", i)})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	added := 0
	for err := range errs {
		switch {
		case err == nil:
			added++
		case exercises.ErrorCode(err) != session.ELimited || exercises.ErrorMessage(err) != full:
			t.Errorf("a card beyond the cap: err = %v, want %q", err, full)
		}
	}
	if added != 3 || w.Snapshot().Activities[0].CardsBy(ana) != 3 {
		t.Fatalf("%d of 10 cards sent at once were added, want the cap of 3", added)
	}
	do(t, w, ben, session.AddCard{Text: "Ben's own"}) // someone else is not affected
	for i := range 4 {
		do(t, w, facilitatorID, session.AddCard{Text: fmt.Sprintf("from the whiteboard %d", i)})
	}

	first := w.Snapshot().Activities[0].Cards[0].ID
	do(t, w, ana, session.DeleteCard{Card: first})
	do(t, w, ana, session.AddCard{Text: "in its place"})
	do(t, w, facilitatorID, session.HideCard{Card: first + 1, On: true})
	if _, err := w.Do(context.Background(), ana, session.AddCard{Text: "one more"}); exercises.ErrorCode(err) != session.ELimited {
		t.Fatalf("a card after one of hers was hidden: err = %v, want the cap", err)
	}

	// Reopened under a cap of 1, the wall is as it was.
	w2, err := restart(t, hub, store, path, session.Options{CardsPerActivity: 1}).Open(code)
	if err != nil {
		t.Fatalf("a workshop with more cards than the cap did not open: %v", err)
	}
	if got := w2.Snapshot().Activities[0].CardsBy(ana); got != 3 {
		t.Fatalf("Ana has %d cards after the restart, want her 3", got)
	}
	if _, err := w2.Do(context.Background(), ana, session.AddCard{Text: "after"}); exercises.ErrorCode(err) != session.ELimited {
		t.Fatalf("a card beyond the new cap: err = %v", err)
	}
}

// TestCardIDsAreNeverReused steps back from Rate to Collect, deletes A2
// and writes a card: the new card is not A2 and has no rating, and the
// deleted card's ratings are gone.
func TestCardIDsAreNeverReused(t *testing.T) {
	hub := session.NewHub(newStore(t), session.Options{})
	defer hub.Close()
	w := openNew(t, hub, exercises.Assumptions)
	const ana = "SHA256:ana"
	do(t, w, ana, session.Join{Name: "Ana", Org: "Food Bank"})
	do(t, w, ana, session.AddCard{Text: "one"})
	do(t, w, ana, session.AddCard{Text: "two"})
	do(t, w, facilitatorID, session.Move{Phase: 2})
	do(t, w, ana, session.RateCard{Card: 2, Importance: 5, Evidence: 1})
	do(t, w, facilitatorID, session.Move{Phase: 0})
	do(t, w, ana, session.DeleteCard{Card: 2})
	do(t, w, ana, session.AddCard{Text: "three"})
	act := w.Snapshot().Activities[0]
	last := act.Cards[len(act.Cards)-1]
	if last.Label() == "A2" {
		t.Fatalf("the card written after A2 was deleted is %s again", last.Label())
	}
	if _, ok := act.Ratings[last.ID][ana]; ok {
		t.Fatalf("the new card %s has a rating it was never given", last.Label())
	}
	if _, ok := act.Ratings[2]; ok {
		t.Fatal("the deleted card's ratings are still there")
	}
}
