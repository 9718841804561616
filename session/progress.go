package session

import "commonground/exercises"

// Progress returns how far the participants are in activity i, as its
// exercise counts the current phase: the one count of who has finished
// that the presenter, the projector and `workshop show` all show. It may
// walk every input, so callers that draw often keep the result for the
// snapshot.
func (s *Snapshot) Progress(i int) exercises.Progress {
	act := s.Activities[i]
	if pp, ok := act.Exercise().(exercises.PeopleProgress); ok {
		return pp.ProgressWith(act.Activity, act.PhaseSpec(), act.Data, exercises.Roster{People: s.People, Order: s.Order})
	}
	return act.Exercise().Progress(act.Activity, act.PhaseSpec(), act.Data)
}
