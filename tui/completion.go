package tui

import (
	"commonground/exercises"
	"commonground/session"
)

// completion is how far each participant is with what the current phase of
// an activity asks of them: answers to the items, a card on the wall, or a
// rating (or skip) of every card.
type completion struct {
	verb   string // what done people did: "answered"
	waitOn string // the projector's headline, with the done and total counts
	items  int    // what one person gives to be done
	count  func(id string) int
}

// done reports whether the person gave everything asked.
func (p completion) done(id string) bool { return p.items > 0 && p.count(id) >= p.items }

// tally counts the people who gave everything asked, and their share of all.
func (p completion) tally(people []exercises.Person) (done int, share float64) {
	for _, q := range people {
		if p.done(q.ID) {
			done++
		}
	}
	if len(people) > 0 {
		share = float64(done) / float64(len(people))
	}
	return done, share
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
	act := snap.Activities[i]
	if act.Activity.Kind != exercises.Assumptions {
		return completion{verb: "answered", waitOn: "Waiting for answers: %d of %d", items: act.Activity.Items(),
			count: func(id string) int { return snap.Answered(i, id) }}
	}
	counts := map[string]int{}
	count := func(id string) int { return counts[id] }
	total := 0
	for _, c := range act.Cards {
		if !c.Live() {
			continue
		}
		total++
		switch phaseName(act) {
		case phaseCollect, phaseGroup:
			for _, a := range c.Authors {
				counts[a]++
			}
		default:
			for id := range act.Ratings[c.ID] {
				counts[id]++
			}
		}
	}
	switch phaseName(act) {
	case phaseCollect, phaseGroup:
		return completion{verb: "wrote cards", waitOn: "Cards on the wall from %d of %d people", items: 1, count: count}
	}
	return completion{verb: "done rating", waitOn: "Rating: %d of %d people done", items: total, count: count}
}
