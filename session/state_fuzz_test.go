package session

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// FuzzFold replays arbitrary logs the way a server rebuilds a workshop
// after a restart: one event per line, as JSON, numbered by position as the
// store numbers them. Apply refuses what it cannot read, without panicking
// and without changing the state it was given; a log Fold accepts gives a
// state the rest of the server can use, the same state every time it is
// replayed; and no event changes a state made before it (copy on write).
func FuzzFold(f *testing.F) {
	f.Fuzz(func(t *testing.T, log []byte) {
		events, ok := decodeLog(log)
		if !ok {
			return // the store reports a line it cannot decode; Fold never sees it
		}
		var (
			st     *State
			states []*State
			prints [][]byte // of states, taken when each was made
		)
		defer func() {
			for i, s := range states {
				if !bytes.Equal(fingerprint(t, s), prints[i]) {
					t.Errorf("the state after event %d changed later:\nthen %s\nnow  %s", i+1, prints[i], fingerprint(t, s))
				}
			}
		}()
		for _, ev := range events {
			next, err := Apply(st, ev)
			if err != nil {
				if next != nil {
					t.Fatalf("Apply of event %d returned a state with error %v", ev.Seq, err)
				}
				if _, err := Fold(events); err == nil {
					t.Fatalf("Fold accepts a log whose event %d Apply refuses", ev.Seq)
				}
				return
			}
			st = next
			states = append(states, st)
			prints = append(prints, fingerprint(t, st))
		}
		checkUsable(t, st, len(events))
		again, err := Fold(events)
		if err != nil || !reflect.DeepEqual(again, st) {
			t.Fatalf("a second replay gives a different state (err %v):\nfirst  %s\nsecond %s", err, fingerprint(t, st), fingerprint(t, again))
		}
	})
}

// decodeLog reads one event per line as BoltStore.Events does, or reports
// false for a line the store could not decode.
func decodeLog(log []byte) ([]Event, bool) {
	var events []Event
	for i, line := range bytes.Split(log, []byte("\n")) {
		var ev Event
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, false
		}
		ev.Seq = uint64(i + 1)
		events = append(events, ev)
	}
	return events, true
}

// fingerprint is everything a state holds, for comparing it with itself later.
func fingerprint(t *testing.T, st *State) []byte {
	t.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatalf("encode state: %v", err)
	}
	return b
}

// checkUsable fails unless the rest of the server can read st: the current
// activity and every activity's phase exist, everyone who joined is listed
// once, and the reads viewers, reports and the admin commands make of a
// snapshot return.
func checkUsable(t *testing.T, st *State, events int) {
	t.Helper()
	if st.Seq != uint64(events) {
		t.Fatalf("state at seq %d after %d events", st.Seq, events)
	}
	if st.Current < 0 || st.Current >= len(st.Activities) {
		t.Fatalf("current activity %d of %d", st.Current, len(st.Activities))
	}
	for i, a := range st.Activities {
		if !a.hasPhase(a.Phase) {
			t.Fatalf("activity %d (%q) is in phase %d of %d", i, a.Activity.Kind, a.Phase, len(a.Phases()))
		}
		a.InputOpen()
	}
	seen := map[int]bool{}
	for _, i := range st.Plan {
		if i < 0 || i >= len(st.Activities) || seen[i] || st.Activities[i].Removed {
			t.Fatalf("the agenda's order %v names activity %d twice, removed or not there", st.Plan, i)
		}
		seen[i] = true
	}
	for i, a := range st.Activities {
		if !a.Removed && !seen[i] {
			t.Fatalf("activity %d is neither removed nor on the agenda %v", i, st.Plan)
		}
	}
	if len(st.Order) != len(st.People) {
		t.Fatalf("%d people joined, %d in the join order", len(st.People), len(st.Order))
	}
	for i, id := range st.Order {
		if _, ok := st.People[id]; !ok || slices.Index(st.Order, id) != i {
			t.Fatalf("join order %q: %q is listed twice or never joined", st.Order, id)
		}
	}
	snap := newSnapshot(st, 1, map[string]int{}, nil)
	snap.CurrentActivity()
	snap.Participants()
	for i := range snap.Activities {
		snap.Responses(i)
		snap.Results(i)
		progress := snap.Progress(i)
		for _, id := range snap.Order {
			progress.Given(id)
		}
	}
}
