package session

import (
	"slices"

	"commonground/exercises"
)

// phasesV1 are the names of each exercise's phases in the order of release
// faf5631, the last whose moves named a phase only by its position: an
// event of version 1 is read through them. Frozen: never edit them.
var phasesV1 = map[exercises.Kind][]string{
	"checkin":     {"answer", "round"},
	"willingness": {"answer", "reveal", "decide"},
	"assumptions": {"collect", "group", "rate", "map", "plan"},
}

// revealV2 are the phases that revealed the results on entry in schema
// versions 1 and 2, by exercise: a move of those versions reveals as they
// did. Frozen: never edit them.
var revealV2 = map[exercises.Kind][]string{
	"checkin":     {"round"},
	"willingness": {"reveal", "decide"},
	"assumptions": {"group", "map", "plan"},
}

// revealsOnEntry is whether a move of version v into phase (an exercise's
// phase today) reveals the results: as the move recorded from version 3
// on, as the phases of the time did before. An exercise revealV2 does not
// know had no moves before version 3; its phase says.
func revealsOnEntry(kind exercises.Kind, phase exercises.PhaseSpec, v int, m Moved) bool {
	if v >= 3 {
		return m.Reveal
	}
	if names, ok := revealV2[kind]; ok {
		return slices.Contains(names, phase.Name)
	}
	return phase.Reveal
}

// phaseOf is the position in phases, an exercise's phases today, of the
// phase a move of version v names: by its name from version 2 on, by its
// position in v1 (the exercise's phasesV1) before. A name that phases no
// longer has keeps the recorded position, within the phases there are: the
// fold never refuses a move it once accepted.
func phaseOf(phases []exercises.PhaseSpec, v1 []string, v int, m Moved) int {
	name := m.PhaseName
	if name == "" && v <= 1 && m.Phase >= 0 && m.Phase < len(v1) {
		name = v1[m.Phase]
	}
	for i, p := range phases {
		if p.Name == name {
			return i
		}
	}
	return min(max(m.Phase, 0), len(phases)-1)
}
