package session_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/session"
)

func TestAssumptionMappingFlow(t *testing.T) {
	hub := session.NewHub(newStore(t), session.Options{})
	defer hub.Close()
	meta, err := hub.Create(session.NewWorkshop{Title: "Map", Agenda: agenda(t, assumptions.Kind), CreatedBy: facilitatorID})
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
	do(t, w, "SHA256:ana", assumptions.AddCard{Text: "Families know the services exist", Category: "the people served"})
	do(t, w, "SHA256:cy", assumptions.AddCard{Text: "Families know services exist"})
	do(t, w, "SHA256:ben", assumptions.AddCard{Text: "Funders will wait three years", Category: "funding"})
	do(t, w, "SHA256:di", assumptions.AddCard{Text: "spam"})
	refuse("SHA256:ana", assumptions.AddCard{Text: "x", Category: "weather"}, exercises.EInvalid)
	refuse("SHA256:ana", assumptions.EditCard{Card: 2, Text: "mine now"}, exercises.EForbidden)
	do(t, w, "SHA256:ana", assumptions.EditCard{Card: 1, Text: "Families know which services exist", Category: "the people served"})
	if w.Snapshot().Activities[0].Revealed {
		t.Fatal("the wall is revealed while people are still writing")
	}
	refuse("SHA256:ana", assumptions.RateCard{Card: 1, Importance: 3, Evidence: 3}, exercises.EClosed)

	// Group.
	do(t, w, facilitatorID, session.Move{Phase: 1})
	refuse("SHA256:ana", assumptions.AddCard{Text: "late"}, exercises.EClosed)
	refuse("SHA256:ana", assumptions.MergeCards{Into: 1, From: []int{2}}, exercises.EForbidden)
	// A facilitator's command is refused to a participant before the
	// activity is looked for, as the workshop's own facilitator actions are.
	refuse("SHA256:ana", assumptions.HideCard{Activity: 99, Card: 1, On: true}, exercises.EForbidden)
	refuse("SHA256:ana", session.Reveal{Activity: 99, On: true}, exercises.EForbidden)
	do(t, w, facilitatorID, assumptions.MergeCards{Into: 1, From: []int{2}, Text: "Families know which services exist"})
	do(t, w, facilitatorID, assumptions.ClusterCards{Cards: []int{1}, Cluster: "Access"})
	do(t, w, facilitatorID, assumptions.HideCard{Card: 4, On: true})
	// The facilitator moderates before the room sees the wall: Group
	// does not reveal it by itself, the facilitator does.
	if w.Snapshot().Activities[0].Revealed {
		t.Fatal("the group phase showed the wall before the facilitator revealed it")
	}
	do(t, w, facilitatorID, session.Reveal{On: true})
	snap := w.Snapshot()
	if !snap.Activities[0].Revealed {
		t.Fatal("the reveal did not show the wall")
	}
	c1, _ := assumptions.Of(snap.Activities[0].Data).Card(1)
	if len(c1.Authors) != 2 || c1.Cluster != "Access" {
		t.Fatalf("merged card = %+v", c1)
	}

	// Rate: card 1 splits the organisations, card 3 is agreed.
	do(t, w, facilitatorID, session.Move{Phase: 2})
	refuse("SHA256:ana", assumptions.RateCard{Card: 2, Importance: 3, Evidence: 3}, exercises.ENotFound)
	refuse("SHA256:ana", assumptions.RateCard{Card: 4, Importance: 3, Evidence: 3}, exercises.ENotFound)
	for id, org := range people {
		imp := 5
		if org == "City" {
			imp = 1
		}
		do(t, w, id, assumptions.RateCard{Card: 1, Importance: imp, Evidence: 1})
		if id == "SHA256:di" {
			do(t, w, id, assumptions.RateCard{Card: 3, Skip: true})
		} else {
			do(t, w, id, assumptions.RateCard{Card: 3, Importance: 4, Evidence: 4})
		}
	}
	if p := assumptions.Of(w.Snapshot().Activities[0].Data).RatingProgress("SHA256:di"); p != (assumptions.RatingProgress{Rated: 1, Skipped: 1, Total: 2}) {
		t.Fatalf("progress = %+v", p)
	}

	// Map.
	do(t, w, facilitatorID, session.Move{Phase: 3})
	stats := assumptions.StatsOf(w.Snapshot().Results(0))
	if len(stats) != 2 || stats[0].Quadrant != assumptions.TestFirst || !stats[0].Contested || stats[1].Quadrant != assumptions.BuildOn || stats[1].Skipped != 1 {
		t.Fatalf("stats = %+v", stats)
	}

	// Plan.
	do(t, w, facilitatorID, session.Move{Phase: 4})
	refuse("SHA256:ana", assumptions.ProposeAction{Card: 3, Text: "x", Owner: "SHA256:ana", Due: "2027-01-31"}, exercises.EInvalid)
	refuse("SHA256:ana", assumptions.ProposeAction{Card: 1, Text: "Survey", Owner: "SHA256:nobody", Due: "2027-01-31"}, exercises.EInvalid)
	do(t, w, "SHA256:ana", assumptions.ProposeAction{Card: 1, Text: "Ask 20 families at the pantry", Owner: "SHA256:cy", Due: "2027-01-31"})
	refuse("SHA256:ana", assumptions.ConfirmAction{Action: 1}, exercises.EForbidden)
	do(t, w, facilitatorID, assumptions.ConfirmAction{Action: 1})
	acts := assumptions.Of(w.Snapshot().Activities[0].Data).ActionItems()
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
	w := openNew(t, hub, assumptions.Kind)
	code := w.Snapshot().Code
	const ana, ben = "SHA256:ana", "SHA256:ben"
	do(t, w, ana, session.Join{Name: "Ana", Org: "Food Bank"})
	do(t, w, ben, session.Join{Name: "Ben", Org: "Food Bank"})
	const full = "You have 3 cards here, the most one person may: delete one to add another."
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			_, err := w.Do(context.Background(), ana, assumptions.AddCard{Text: fmt.Sprintf("card %d", i)})
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
	if added != 3 || assumptions.Of(w.Snapshot().Activities[0].Data).CardsBy(ana) != 3 {
		t.Fatalf("%d of 10 cards sent at once were added, want the cap of 3", added)
	}
	do(t, w, ben, assumptions.AddCard{Text: "Ben's own"}) // someone else is not affected
	for i := range 4 {
		do(t, w, facilitatorID, assumptions.AddCard{Text: fmt.Sprintf("from the whiteboard %d", i)})
	}

	first := assumptions.Of(w.Snapshot().Activities[0].Data).Cards()[0].ID
	do(t, w, ana, assumptions.DeleteCard{Card: first})
	do(t, w, ana, assumptions.AddCard{Text: "in its place"})
	do(t, w, facilitatorID, assumptions.HideCard{Card: first + 1, On: true})
	if _, err := w.Do(context.Background(), ana, assumptions.AddCard{Text: "one more"}); exercises.ErrorCode(err) != session.ELimited {
		t.Fatalf("a card after one of hers was hidden: err = %v, want the cap", err)
	}

	// Reopened under a cap of 1, the wall is as it was.
	w2, err := restart(t, hub, store, path, session.Options{CardsPerActivity: 1}).Open(code)
	if err != nil {
		t.Fatalf("a workshop with more cards than the cap did not open: %v", err)
	}
	if got := assumptions.Of(w2.Snapshot().Activities[0].Data).CardsBy(ana); got != 3 {
		t.Fatalf("Ana has %d cards after the restart, want her 3", got)
	}
	if _, err := w2.Do(context.Background(), ana, assumptions.AddCard{Text: "after"}); exercises.ErrorCode(err) != session.ELimited {
		t.Fatalf("a card beyond the new cap: err = %v", err)
	}
}

// TestCardIDsAreNeverReused steps back from Rate to Collect, deletes A2
// and writes a card: the new card is not A2 and has no rating, and the
// deleted card's ratings are gone.
func TestCardIDsAreNeverReused(t *testing.T) {
	hub := session.NewHub(newStore(t), session.Options{})
	defer hub.Close()
	w := openNew(t, hub, assumptions.Kind)
	const ana = "SHA256:ana"
	do(t, w, ana, session.Join{Name: "Ana", Org: "Food Bank"})
	do(t, w, ana, assumptions.AddCard{Text: "one"})
	do(t, w, ana, assumptions.AddCard{Text: "two"})
	do(t, w, facilitatorID, session.Move{Phase: 2})
	do(t, w, ana, assumptions.RateCard{Card: 2, Importance: 5, Evidence: 1})
	do(t, w, facilitatorID, session.Move{Phase: 0})
	do(t, w, ana, assumptions.DeleteCard{Card: 2})
	do(t, w, ana, assumptions.AddCard{Text: "three"})
	act := w.Snapshot().Activities[0]
	last := assumptions.Of(act.Data).Cards()[len(assumptions.Of(act.Data).Cards())-1]
	if assumptions.Label(last.ID) == "A2" {
		t.Fatalf("the card written after A2 was deleted is %s again", assumptions.Label(last.ID))
	}
	if _, ok := assumptions.Of(act.Data).RatingsOf(last.ID)[ana]; ok {
		t.Fatalf("the new card %s has a rating it was never given", assumptions.Label(last.ID))
	}
	if _, ok := assumptions.Of(act.Data).Ratings[exercises.On(2)]; ok {
		t.Fatal("the deleted card's ratings are still there")
	}
}

// TestFacilitatorModeratesTheWallBeforeItIsSeen: in Group the wall stays
// hidden until the facilitator reveals it; meanwhile they edit one card's
// text (recorded as card.edited, the card keeps its category and
// authors), hide one and merge two, and the merged card keeps its
// category.
func TestFacilitatorModeratesTheWallBeforeItIsSeen(t *testing.T) {
	store := newStore(t)
	hub := session.NewHub(store, session.Options{})
	defer hub.Close()
	meta, err := hub.Create(session.NewWorkshop{Title: "Map", Agenda: agenda(t, assumptions.Kind), CreatedBy: facilitatorID})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, "SHA256:ana", session.Join{Name: "Ana", Org: "Food Bank"})
	do(t, w, "SHA256:cy", session.Join{Name: "Cy", Org: "City"})
	do(t, w, "SHA256:ana", assumptions.AddCard{Text: "Famlies know the servces", Category: "the people served"})
	do(t, w, "SHA256:cy", assumptions.AddCard{Text: "Families know the services exist"})
	do(t, w, "SHA256:cy", assumptions.AddCard{Text: "Ana is wrong about everything"})
	do(t, w, facilitatorID, session.Move{Phase: 1})
	if w.Snapshot().Activities[0].Revealed {
		t.Fatal("entering Group revealed the wall")
	}

	for _, tt := range []struct {
		name string
		by   string
		cmd  assumptions.EditCardText
		code string
	}{
		{"a participant may not", "SHA256:ana", assumptions.EditCardText{Card: 2, Text: "mine"}, exercises.EForbidden},
		{"no such card", facilitatorID, assumptions.EditCardText{Card: 9, Text: "x"}, exercises.ENotFound},
		{"no empty text", facilitatorID, assumptions.EditCardText{Card: 1, Text: "  "}, exercises.EInvalid},
		{"the same text changes nothing", facilitatorID, assumptions.EditCardText{Card: 2, Text: "Families know the services exist"}, ""},
		{"a typo fixed", facilitatorID, assumptions.EditCardText{Card: 1, Text: "Families know the services"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := w.Do(context.Background(), tt.by, tt.cmd); exercises.ErrorCode(err) != tt.code {
				t.Fatalf("err %v, want code %q", err, tt.code)
			}
		})
	}
	c1, _ := assumptions.Of(w.Snapshot().Activities[0].Data).Card(1)
	if c1.Text != "Families know the services" || c1.Category != "the people served" || !c1.HasAuthor("SHA256:ana") {
		t.Fatalf("edited card = %+v", c1)
	}
	evs, err := store.Events(w.ID())
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Type != assumptions.EvCardEdited || last.Actor != facilitatorID {
		t.Fatalf("last event %s by %s, want card.edited by the facilitator", last.Type, last.Actor)
	}

	do(t, w, facilitatorID, assumptions.HideCard{Card: 3, On: true})
	do(t, w, facilitatorID, assumptions.MergeCards{Into: 1, From: []int{2}})
	do(t, w, facilitatorID, session.Reveal{On: true})
	snap := w.Snapshot()
	c1, _ = assumptions.Of(snap.Activities[0].Data).Card(1)
	if !snap.Activities[0].Revealed || c1.Category != "the people served" || len(c1.Authors) != 2 {
		t.Fatalf("after the merge and the reveal: revealed %v, card %+v", snap.Activities[0].Revealed, c1)
	}

	do(t, w, facilitatorID, session.Move{Phase: 2})
	if _, err := w.Do(context.Background(), facilitatorID, assumptions.EditCardText{Card: 1, Text: "late"}); exercises.ErrorCode(err) != exercises.EClosed {
		t.Fatalf("an edit while rating: err %v, want EClosed", err)
	}
}
