package session

import "commonground/exercises"

// Counted names what progress counts in a phase of an activity.
type Counted uint8

// What a phase asks of each participant.
const (
	CountsAnswers Counted = iota // answers to the activity's items
	CountsCards                  // a card on the wall
	CountsRatings                // a rating (or a skip) of every card on the wall
)

// Progress is how far each participant is with what the current phase of
// an activity asks of them. It is the one count of who has finished that
// the presenter, the projector and `workshop show` all show, so they can
// never disagree.
type Progress struct {
	Counts Counted
	// Asked is what one person gives to be done: the items, one card, or
	// every live card. Nobody is done when it is 0.
	Asked int
	given func(id string) int
}

// Given returns how much the person has given of what is asked.
func (p Progress) Given(id string) int { return p.given(id) }

// Done reports whether the person gave everything asked.
func (p Progress) Done(id string) bool { return p.Asked > 0 && p.given(id) >= p.Asked }

// Tally counts the people who gave everything asked, and their share of all.
func (p Progress) Tally(people []exercises.Person) (done int, share float64) {
	for _, q := range people {
		if p.Done(q.ID) {
			done++
		}
	}
	if len(people) > 0 {
		share = float64(done) / float64(len(people))
	}
	return done, share
}

// Progress returns how far the participants are in activity i, as its
// current phase counts it. An assumption map counts cards while they are
// written and grouped, then ratings: every live card, rated or skipped.
// It walks every card, so callers that draw often keep the result for the
// snapshot.
func (s *Snapshot) Progress(i int) Progress {
	act := s.Activities[i]
	if act.Activity.Kind != exercises.Assumptions {
		return Progress{Counts: CountsAnswers, Asked: act.Activity.Items(),
			given: func(id string) int { return s.Answered(i, id) }}
	}
	phase := act.PhaseSpec().Name
	counts := map[string]int{}
	live := 0
	for _, c := range act.Cards {
		if !c.Live() {
			continue
		}
		live++
		switch phase {
		case exercises.PhaseCollect, exercises.PhaseGroup:
			for _, a := range c.Authors {
				counts[a]++
			}
		default:
			for id := range act.Ratings[c.ID] {
				counts[id]++
			}
		}
	}
	given := func(id string) int { return counts[id] }
	switch phase {
	case exercises.PhaseCollect, exercises.PhaseGroup:
		return Progress{Counts: CountsCards, Asked: 1, given: given}
	}
	return Progress{Counts: CountsRatings, Asked: live, given: given}
}
