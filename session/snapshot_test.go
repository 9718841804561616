package session

import (
	"testing"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/willingness"
)

// TestDerivedResultsAfterAPanic: a computation of a snapshot's results that
// panics does not leave them empty for the readers after it; the next
// reader computes them.
func TestDerivedResultsAfterAPanic(t *testing.T) {
	act, err := catalog.New(willingness.Kind)
	if err != nil {
		t.Fatal(err)
	}
	st := &State{
		Order:      []string{"ana"},
		People:     map[string]exercises.Person{"ana": {ID: "ana", Name: "Ana", Org: "Food Bank"}},
		Activities: []*ActivityState{nil}, // the first reader's computation panics on it
	}
	snap := newSnapshot(st, 1, nil, nil)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the computation did not panic")
			}
		}()
		willingness.ResultOf(snap.Results(0))
	}()
	st.Activities[0] = &ActivityState{Activity: act, Data: exercises.Answers{"ana": {0: {Value: 4}}}}
	if got := snap.Responses(0); len(got) != 1 {
		t.Fatalf("after the panic the next reader got %d responses, want 1", len(got))
	}
	if got := willingness.ResultOf(snap.Results(0)); len(got.Statements) == 0 || got.Statements[0].N != 1 {
		t.Fatalf("after the panic the next reader got the results %+v, want one answer to the first statement", got)
	}
}
