package session

import (
	"sort"

	"commonground/exercises"
	"commonground/internal/lazy"
)

// Snapshot is a workshop at one version, shared read-only by every viewer.
// Derived results (responses, statistics) are computed once per snapshot, by
// whichever reader asks first, and shared by all the others.
type Snapshot struct {
	*State
	Version uint64         // grows with every published change, durable or not
	Present map[string]int // identity ID -> open connections
	Closing bool           // the server is shutting down

	isFacilitator func(id string) bool
	derived       []derivedResults // one per activity
}

// derivedResults are computed by the first reader that asks. Not with a
// sync.Once: a computation that panicked would count as done, and every
// reader of the snapshot would get its empty or partial results.
type derivedResults struct {
	once        lazy.Once
	responses   []exercises.Response
	willingness exercises.WillingnessResult
	cards       []exercises.CardStats
}

func newSnapshot(st *State, version uint64, present map[string]int, isFacilitator func(string) bool) *Snapshot {
	return &Snapshot{State: st, Version: version, Present: present,
		isFacilitator: isFacilitator, derived: make([]derivedResults, len(st.Activities))}
}

// Role returns what the identity may do in this workshop.
func (s *Snapshot) Role(id string) Role {
	if s.isFacilitator != nil && s.isFacilitator(id) {
		return Facilitator
	}
	for _, f := range s.Facilitators {
		if f == id {
			return Facilitator
		}
	}
	return Participant
}

// CurrentActivity returns the activity the workshop is on.
func (s *Snapshot) CurrentActivity() *ActivityState { return s.Activities[s.Current] }

// Connected reports whether the identity has at least one open connection.
func (s *Snapshot) Connected(id string) bool { return s.Present[id] > 0 }

// Participants returns everyone who joined and is not a facilitator, in the
// order they first joined.
func (s *Snapshot) Participants() []exercises.Person {
	out := make([]exercises.Person, 0, len(s.Order))
	for _, id := range s.Order {
		if s.Role(id) == Participant {
			out = append(out, s.People[id])
		}
	}
	return out
}

// Answered returns how many items of activity i the identity has answered.
func (s *Snapshot) Answered(i int, id string) int { return len(s.Activities[i].Answers[id]) }

// Responses returns every answer given in activity i, by participants in
// join order and then by item.
func (s *Snapshot) Responses(i int) []exercises.Response {
	return s.derive(i).responses
}

// Willingness returns the willingness check's results for activity i.
func (s *Snapshot) Willingness(i int) exercises.WillingnessResult {
	return s.derive(i).willingness
}

// CardStats returns the statistics of every live card of an assumption
// map, in card order.
func (s *Snapshot) CardStats(i int) []exercises.CardStats {
	return s.derive(i).cards
}

// RatingProgress returns how far the identity is through rating activity i's wall.
func (s *Snapshot) RatingProgress(i int, id string) exercises.RatingProgress {
	a := s.Activities[i]
	return exercises.ProgressOf(a.Cards, a.Ratings, id)
}

func (s *Snapshot) derive(i int) *derivedResults {
	d := &s.derived[i]
	d.once.Do(func() {
		// Results are stored only once all are computed (lazy.Once).
		act := s.Activities[i]
		var responses []exercises.Response
		for _, id := range s.Order {
			mine := act.Answers[id]
			items := make([]int, 0, len(mine))
			for item := range mine {
				items = append(items, item)
			}
			sort.Ints(items)
			for _, item := range items {
				responses = append(responses, exercises.Response{Person: s.People[id], Item: item, Answer: mine[item]})
			}
		}
		var (
			willingness exercises.WillingnessResult
			cards       []exercises.CardStats
		)
		switch act.Activity.Kind {
		case exercises.Willingness:
			willingness = exercises.SummarizeWillingness(act.Activity, responses)
		case exercises.Assumptions:
			cards = exercises.SummarizeAssumptions(act.Cards, act.Ratings, s.People)
		}
		d.responses, d.willingness, d.cards = responses, willingness, cards
	})
	return d
}
