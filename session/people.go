package session

import (
	"maps"
	"time"

	"commonground/exercises"
)

// The facilitator's actions on the people of a workshop. Each is recorded
// as an event; none takes away what anyone gave.
type (
	// Remove takes a participant out of the workshop, with a message to
	// them (facilitator only). Their screens end showing it, and they
	// cannot join or give input again here. What they gave stays.
	Remove struct {
		Person  string
		Message string
	}
	// Mute pauses (On) or resumes a participant's input (facilitator
	// only): every exercise command of theirs is refused meanwhile.
	Mute struct {
		Person string
		On     bool
	}
	// AddFacilitator makes someone who joined a facilitator of this
	// workshop too (facilitator only).
	AddFacilitator struct {
		Person string
	}
	// HandOver gives the facilitator's role to To, who joined, and gives
	// up the caller's role in this workshop (facilitator only). A
	// facilitator of the whole server keeps the role: the server's
	// facilitators file gives it, not the workshop.
	HandOver struct {
		To string
	}
)

// Messages of the people rules, the words the refused person reads.
const (
	// MutedText refuses an exercise's command from a muted participant.
	MutedText = "The facilitator has paused your input here."
	// RemovedText refuses everything a removed participant asks for.
	RemovedText = "The facilitator has removed you from this workshop."
)

// peopleAction is an action on someone else than the caller: it needs
// their role, which the hub knows (the server's facilitators).
type peopleAction interface {
	decidePeople(st *State, by Actor, now time.Time, role func(id string) Role) ([]Event, error)
}

// refuseRemoved refuses every action of a participant the facilitator
// removed.
func refuseRemoved(st *State, by Actor) error {
	if _, gone := st.IsRemoved(by.ID); gone && by.Role < Facilitator {
		return exercises.Errorf(exercises.EForbidden, "%s", RemovedText)
	}
	return nil
}

// refuseMuted refuses an exercise's command of a muted participant.
func refuseMuted(st *State, by Actor) error {
	if st.IsMuted(by.ID) && by.Role < Facilitator {
		return exercises.Errorf(exercises.EForbidden, "%s", MutedText)
	}
	return nil
}

// other finds the person an action of the facilitator is about: someone
// who joined, not the caller.
func other(st *State, by Actor, id string) (exercises.Person, error) {
	if err := requireFacilitator(by); err != nil {
		return exercises.Person{}, err
	}
	p, ok := st.People[id]
	if !ok {
		return exercises.Person{}, exercises.Errorf(exercises.ENotFound, "nobody of that identity has joined this workshop")
	}
	if id == by.ID {
		return exercises.Person{}, exercises.Errorf(exercises.EInvalid, "that is you")
	}
	return p, nil
}

// participant finds a participant (not a facilitator) an action is about.
func participant(st *State, by Actor, id string, role func(string) Role, what string) (exercises.Person, error) {
	p, err := other(st, by, id)
	if err != nil {
		return p, err
	}
	if role(id) >= Facilitator {
		return p, exercises.Errorf(exercises.EInvalid, "%s facilitates this workshop: only a participant can be %s", p.Shown(), what)
	}
	return p, nil
}

func (r Remove) decidePeople(st *State, by Actor, now time.Time, role func(string) Role) ([]Event, error) {
	if _, err := participant(st, by, r.Person, role, "removed"); err != nil {
		return nil, err
	}
	if _, gone := st.IsRemoved(r.Person); gone {
		return nil, nil
	}
	msg, _ := exercises.CleanText(r.Message, exercises.MaxTextLen)
	ev, err := newEvent(EvRemoved, now, by.ID, Removed{Person: r.Person, Message: msg})
	return []Event{ev}, err
}

func (u Mute) decidePeople(st *State, by Actor, now time.Time, role func(string) Role) ([]Event, error) {
	p, err := participant(st, by, u.Person, role, "paused")
	if err != nil {
		return nil, err
	}
	if _, gone := st.IsRemoved(u.Person); gone {
		return nil, exercises.Errorf(exercises.EInvalid, "%s was removed from this workshop", p.Shown())
	}
	if st.IsMuted(u.Person) == u.On {
		return nil, nil
	}
	ev, err := newEvent(EvMuted, now, by.ID, Muted(u))
	return []Event{ev}, err
}

// facilitatorFor checks that the person may become a facilitator: someone
// who joined, is not removed, and is not one already (false).
func facilitatorFor(st *State, by Actor, id string, role func(string) Role) (bool, error) {
	p, err := other(st, by, id)
	if err != nil {
		return false, err
	}
	if _, gone := st.IsRemoved(id); gone {
		return false, exercises.Errorf(exercises.EInvalid, "%s was removed from this workshop", p.Shown())
	}
	return role(id) < Facilitator, nil
}

func (a AddFacilitator) decidePeople(st *State, by Actor, now time.Time, role func(string) Role) ([]Event, error) {
	add, err := facilitatorFor(st, by, a.Person, role)
	if err != nil || !add {
		return nil, err
	}
	ev, err := newEvent(EvFacilitatorAdded, now, by.ID, FacilitatorSet(a))
	return []Event{ev}, err
}

func (h HandOver) decidePeople(st *State, by Actor, now time.Time, role func(string) Role) ([]Event, error) {
	add, err := facilitatorFor(st, by, h.To, role)
	if err != nil {
		return nil, err
	}
	var evs []Event
	if add {
		ev, err := newEvent(EvFacilitatorAdded, now, by.ID, FacilitatorSet{Person: h.To})
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	for _, f := range st.Facilitators {
		if f == by.ID {
			ev, err := newEvent(EvFacilitatorRemoved, now, by.ID, FacilitatorSet{Person: by.ID})
			if err != nil {
				return nil, err
			}
			evs = append(evs, ev)
			break
		}
	}
	return evs, nil
}

// notice tells the caller where the role is now.
func (h HandOver) notice(after *State, by Actor) string {
	name := after.People[h.To].Shown()
	if by.Server {
		return name + " facilitates this workshop now. You stay a facilitator: the server's facilitators file names you."
	}
	return name + " facilitates this workshop now; you take part as a participant."
}

// Target: the people actions are about the workshop as a whole.
func (Remove) Target() int         { return -1 }
func (Mute) Target() int           { return -1 }
func (AddFacilitator) Target() int { return -1 }
func (HandOver) Target() int       { return -1 }

// OnlyPeopleJoined reports whether next differs from prev only in who has
// joined and how they are named (People, Order, the look-alike marks): the
// agenda, every activity, the timer, the facilitators and who is removed
// or muted are the same values. The fold copies what it changes, so the
// same slices and maps mean the same contents. A room of five thousand
// arriving is a stream of such changes, and most screens show none of it.
func OnlyPeopleJoined(prev, next *State) bool {
	if prev == nil || next == nil {
		return false
	}
	return prev.ID == next.ID && prev.Title == next.Title && prev.Current == next.Current &&
		sameSlice(prev.Activities, next.Activities) && sameSlice(prev.Plan, next.Plan) &&
		sameSlice(prev.Facilitators, next.Facilitators) &&
		prev.Timer.Running == next.Timer.Running && prev.Timer.Left == next.Timer.Left && prev.Timer.EndsAt.Equal(next.Timer.EndsAt) &&
		maps.Equal(prev.Removed, next.Removed) && maps.Equal(prev.Muted, next.Muted) &&
		prev.Started.Equal(next.Started) && prev.Since.Equal(next.Since)
}

// sameSlice reports whether a and b are the same slice: the same elements
// in the same memory, not merely equal ones.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
