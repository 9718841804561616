package session

import (
	"slices"
	"sync/atomic"
	"time"

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
	// Published is when the workshop made it its newest snapshot, for an
	// operator's metrics (how long until each connection has it).
	Published time.Time
	// Focus is what present viewers have open that the room may see, by
	// identity ID (Workshop.SetFocus); never stored.
	Focus map[string]string
	// Elsewhere is how many of the connections in Present are on other
	// servers of a cluster (SharedStore); 0 on a server alone.
	Elsewhere int

	isFacilitator func(id string) bool
	derived       []derivedResults // one per activity
	serial        uint64           // see Serial
	room          lazy.Once        // computes inRoom
	inRoom        []exercises.Person
}

// snapshots numbers every Snapshot the process makes.
var snapshots atomic.Uint64

// Serial tells this snapshot from every other the process made, whatever
// its workshop and version (versions start again when a workshop is opened
// again), so that what is drawn from it can be shared by key.
func (s *Snapshot) Serial() uint64 { return s.serial }

// derivedResults are computed by the first reader that asks. Not with a
// sync.Once: a computation that panicked would count as done, and every
// reader of the snapshot would get its empty or partial results.
type derivedResults struct {
	once      lazy.Once
	responses []exercises.Response
	results   any
}

func newSnapshot(st *State, version uint64, present map[string]int, isFacilitator func(string) bool) *Snapshot {
	return &Snapshot{State: st, Version: version, Present: present,
		isFacilitator: isFacilitator, derived: make([]derivedResults, len(st.Activities)), serial: snapshots.Add(1)}
}

// Role returns what the identity may do in this workshop.
func (s *Snapshot) Role(id string) Role { return roleIn(s.State, s.isFacilitator, id) }

// ServerFacilitator reports whether the identity facilitates every
// workshop of the server (its facilitators file): a role no event of a
// workshop takes away.
func (s *Snapshot) ServerFacilitator(id string) bool {
	return s.isFacilitator != nil && s.isFacilitator(id)
}

// roleIn is the identity's role in st: a facilitator of the server, or
// one of the workshop's own facilitators, is a facilitator.
func roleIn(st *State, isFacilitator func(string) bool, id string) Role {
	if isFacilitator != nil && isFacilitator(id) {
		return Facilitator
	}
	for _, f := range st.Facilitators {
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

// InTheRoom returns the participants who were not removed, in the order
// they first joined: those progress counts ("3 of 4 answered") and an
// action may be given to. Someone removed still took part (Participants),
// and what they gave stays.
//
// It is computed once per snapshot and shared by every reader, who must
// not change it: the presenter's participation list and several
// participants' screens ask for it on every frame, and walking 5,000 people
// for each was most of what the presenter's screen cost.
func (s *Snapshot) InTheRoom() []exercises.Person {
	s.room.Do(func() {
		out := s.Participants()
		s.inRoom = slices.Clip(slices.DeleteFunc(out, func(p exercises.Person) bool {
			_, gone := s.IsRemoved(p.ID)
			return gone
		}))
	})
	return s.inRoom
}

// Responses returns every answer given in activity i, by participants in
// join order and then by item; none in an exercise that takes no answers.
func (s *Snapshot) Responses(i int) []exercises.Response {
	return s.derive(i).responses
}

// Results returns what activity i's exercise computes from its inputs
// (Exercise.Derive), of the exercise's own type: read it with the
// exercise's accessor, such as willingness.ResultOf.
func (s *Snapshot) Results(i int) any {
	return s.derive(i).results
}

func (s *Snapshot) derive(i int) *derivedResults {
	d := &s.derived[i]
	d.once.Do(func() {
		// Results are stored only once all are computed (lazy.Once).
		act := s.Activities[i]
		roster := exercises.Roster{People: s.People, Order: s.Order}
		responses := exercises.AnswersOf(act.Data).Responses(roster)
		results := act.Exercise().Derive(act.Activity, act.Data, roster)
		d.responses, d.results = responses, results
	})
	return d
}

// SelfPaced is the snapshot as a cohort member doing activity i's prework
// sees it: the room on that activity, in the phase it has not left (its
// first), with nothing revealed and no timer, whatever the live session
// does meanwhile. It is for drawing alone: the hub decides prework by the
// real state (see InPrework).
func (s *Snapshot) SelfPaced(i int) *Snapshot {
	st := *s.State
	st.Current = i
	st.Timer = Timer{}
	st.Activities = slices.Clone(st.Activities)
	a := *st.Activities[i]
	a.Revealed = false
	st.Activities[i] = &a
	n := newSnapshot(&st, s.Version, s.Present, s.isFacilitator)
	n.Closing, n.Published, n.Focus = s.Closing, s.Published, s.Focus
	return n
}
