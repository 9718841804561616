package tui

import (
	"commonground/exercises"
	"commonground/session"
)

// completion is how far each participant is with what the current phase of
// an activity asks of them (exercises.Progress), with the words the presenter
// and the projector say it in.
type completion struct {
	exercises.Progress
	verb   string // what done people did: "answered"
	waitOn string // the projector's headline, with the done and total counts
}

// completionCache keeps the last completion computed: the presenter draws it on
// every frame, and counting ratings walks every card.
type completionCache struct {
	state    *session.State
	activity int
	p        completion
}

// completion returns how far the participants are in activity i.
func (m *Model) completion(i int) completion {
	c := &m.pres.completion
	if c.state != m.snap.State || c.activity != i {
		*c = completionCache{state: m.snap.State, activity: i, p: completionOf(m.snap, i)}
	}
	return c.p
}

func completionOf(snap *session.Snapshot, i int) completion {
	p := completion{Progress: snap.Progress(i)}
	switch p.Counts {
	case exercises.CountsCards:
		p.verb, p.waitOn = "wrote cards", "Cards on the wall from %d of %d people"
	case exercises.CountsRatings:
		p.verb, p.waitOn = "done rating", "Rating: %d of %d people done"
	default:
		p.verb, p.waitOn = "answered", "Waiting for answers: %d of %d"
	}
	return p
}
