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
