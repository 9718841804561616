package tui

import (
	"commonground/exercises"
	"commonground/session"
)

// completionCache keeps the last completion computed: the presenter draws it on
// every frame, and counting ratings walks every card.
type completionCache struct {
	state    *session.State
	activity int
	p        exercises.Progress
}

// completion returns how far the participants are in activity i, with the
// words the presenter and the projector say it in (Counts).
func (m *Model) completion(i int) exercises.Progress {
	c := &m.pres.completion
	if c.state != m.snap.State || c.activity != i {
		*c = completionCache{state: m.snap.State, activity: i, p: m.snap.Progress(i)}
	}
	return c.p
}
