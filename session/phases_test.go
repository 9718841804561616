package session

import (
	"testing"

	"commonground/exercises"
)

// TestPhaseOf reads moves of both versions against an exercise's phases as
// they are today and as they would be with a phase added in front or one
// removed: a recorded move lands on the phase it named, not on whatever
// stands at its old position.
func TestPhaseOf(t *testing.T) {
	phases := func(names ...string) []exercises.PhaseSpec {
		out := make([]exercises.PhaseSpec, len(names))
		for i, n := range names {
			out[i] = exercises.PhaseSpec{Name: n}
		}
		return out
	}
	v1 := []string{"collect", "group", "rate", "map", "plan"}
	today := phases(v1...)
	added := phases("frame", "collect", "group", "rate", "map", "plan")
	removed := phases("collect", "rate", "map", "plan")
	tests := []struct {
		name   string
		phases []exercises.PhaseSpec
		v      int
		move   Moved
		want   int
	}{
		{"version 1 today", today, 1, Moved{Phase: 2}, 2},
		{"version 1, a phase added in front", added, 1, Moved{Phase: 2}, 3},
		{"version 2, a phase added in front", added, 2, Moved{Phase: 2, PhaseName: "rate"}, 3},
		{"version 2 names win over positions", today, 2, Moved{Phase: 0, PhaseName: "map"}, 3},
		{"a phase removed: the named one", removed, 2, Moved{Phase: 2, PhaseName: "rate"}, 1},
		{"a phase removed: gone, the position stays", removed, 2, Moved{Phase: 1, PhaseName: "group"}, 1},
		{"gone and past the end: the last phase", removed, 2, Moved{Phase: 4, PhaseName: "gone"}, 3},
		{"version 1 past its own phases", today, 1, Moved{Phase: 9}, 4},
		{"a negative position", today, 1, Moved{Phase: -1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := phaseOf(tt.phases, v1, tt.v, tt.move); got != tt.want {
				t.Errorf("phaseOf(%+v, v%d) = %d, want %d", tt.move, tt.v, got, tt.want)
			}
		})
	}
}

// TestMovesRevealAsTheyDidWhenRecorded: entering Group no longer reveals
// the wall, but an old workshop's move into Group (versions 1 and 2)
// still does on replay; a move of version 3 reveals as it recorded.
func TestMovesRevealAsTheyDidWhenRecorded(t *testing.T) {
	created := `{"seq":1,"type":"workshop.created","v":1,"data":{"id":"w1","code":"abcd-efgh","title":"Old","agenda":[{"kind":"assumptions","title":"Map","anonymity":"named"}]}}`
	for _, tt := range []struct {
		name   string
		move   string
		reveal bool
	}{
		{"v1 into group", `{"seq":2,"type":"agenda.moved","v":1,"data":{"activity":0,"phase":1}}`, true},
		{"v2 into group", `{"seq":2,"type":"agenda.moved","v":2,"data":{"activity":0,"phase":1,"phase_name":"group"}}`, true},
		{"v2 into rate", `{"seq":2,"type":"agenda.moved","v":2,"data":{"activity":0,"phase":2,"phase_name":"rate"}}`, false},
		{"v3 into group", `{"seq":2,"type":"agenda.moved","v":3,"data":{"activity":0,"phase":1,"phase_name":"group"}}`, false},
		{"v3 into map", `{"seq":2,"type":"agenda.moved","v":3,"data":{"activity":0,"phase":3,"phase_name":"map","reveal":true}}`, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			events, ok := decodeLog([]byte(created + "\n" + tt.move))
			if !ok {
				t.Fatal("the log does not decode")
			}
			st, err := Fold(events)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Activities[0].Revealed; got != tt.reveal {
				t.Fatalf("revealed %v, want %v", got, tt.reveal)
			}
		})
	}

	// A move decided today records what the phase declares.
	st, err := Fold(mustDecode(t, created))
	if err != nil {
		t.Fatal(err)
	}
	for ph, want := range []bool{false, false, false, true, true} {
		evs, err := Move{Activity: 0, Phase: ph}.decide(st, Actor{ID: "f", Role: Facilitator}, st.Created)
		if err != nil || len(evs) == 0 {
			continue // already there
		}
		evs[0].Seq = st.Seq + 1
		if st, err = Apply(st, evs[0]); err != nil {
			t.Fatal(err)
		}
		if st.Activities[0].Revealed != want {
			t.Errorf("a move into %s today: revealed %v, want %v", st.Activities[0].PhaseSpec().Name, !want, want)
		}
	}
}

func mustDecode(t *testing.T, log string) []Event {
	t.Helper()
	evs, ok := decodeLog([]byte(log))
	if !ok {
		t.Fatal("the log does not decode")
	}
	return evs
}
