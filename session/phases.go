package session

import "commonground/exercises"

// phasesV1 are the names of each exercise's phases in the order of release
// faf5631, the last whose moves named a phase only by its position: an
// event of version 1 is read through them. Frozen: never edit them.
var phasesV1 = map[exercises.Kind][]string{
	"checkin":     {"answer", "round"},
	"willingness": {"answer", "reveal", "decide"},
	"assumptions": {"collect", "group", "rate", "map", "plan"},
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
