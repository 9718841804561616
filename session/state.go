package session

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
)

// State is a workshop as the fold of its events. A State and everything it
// points to is immutable once published: Apply returns a new State that
// shares every part it did not change (copy on write), so snapshots can be
// read by any number of goroutines without locks.
type State struct {
	ID           string
	Code         string
	Title        string
	Created      time.Time
	Facilitators []string
	// Activities are by ID, their position here, which never changes:
	// an added one is appended, a removed one stays, marked. Plan is the
	// order they are shown and walked in, the removed left out.
	Activities []*ActivityState
	Plan       []int
	Current    int                         // ID of the current activity
	People     map[string]exercises.Person // everyone who joined, by identity ID
	Order      []string                    // identity IDs in the order they first joined
	Timer      Timer
	// Removed is the participants the facilitator took out of the
	// workshop, with the message to them; Muted those whose input is
	// paused. Replaced, never changed, once published.
	Removed map[string]string
	Muted   map[string]bool
	Seq     uint64 // sequence number of the last applied event
	// Started is when the workshop started: its first move or its first
	// input, zero before; Since is when the current activity became
	// current, or the start; Last is the time of the last event.
	Started, Since, Last time.Time
	// names are the look-alike keys of every name shown in the workshop
	// (see labelled); replaced, never changed, once published.
	names *nameBook
}

// ActivityState is one agenda item: its settings, where it stands, and the
// inputs given so far, as its exercise folds them.
type ActivityState struct {
	Activity exercises.Activity
	Phase    int  // index into the exercise's phases
	Revealed bool // results shown to participants
	Locked   bool // input closed by the facilitator although the phase is open
	Decision *exercises.Decision
	// Removed is whether the facilitator took the activity off the agenda
	// (it is not in State.Plan); Entered whether it has ever been the
	// current activity, which makes it started; Spent the time it was
	// current before the current stretch (State.Actual adds that).
	Removed bool
	Entered bool
	Spent   time.Duration
	// Strictest is the most private anonymity the activity has had since
	// anyone gave input in it (while nobody has, its current setting). It
	// is what the screens and the report show authors by: people who
	// answered under a setting are never shown more than it promised, even
	// where an old log loosened it afterwards (see SetAnonymity). Set by
	// the fold, never stored.
	Strictest exercises.Anonymity
	// PreworkBy is who gave input in the activity as prework, before the
	// live session reached it (by identity ID): who did the prework, never
	// what they gave. Replaced, never changed, once published.
	PreworkBy map[string]bool
	// Data is what participants gave, the exercise's own type (for
	// assumption mapping, assumptions.Data): replaced, never changed, once
	// published.
	Data exercises.Data
}

// IsRemoved reports whether the facilitator took the identity out of the
// workshop, and the message they left.
func (s *State) IsRemoved(id string) (message string, removed bool) {
	message, removed = s.Removed[id]
	return message, removed
}

// IsMuted reports whether the facilitator paused the identity's input.
func (s *State) IsMuted(id string) bool { return s.Muted[id] }

// Exercise is the exercise the activity is an instance of. The workshop's
// first event names only exercises the catalog has (see created).
func (a *ActivityState) Exercise() exercises.Exercise {
	e, _ := catalog.Get(a.Activity.Kind)
	return e
}

// Timer is the server-side countdown the facilitator controls. While running
// it ends at EndsAt; while paused Left is what remains.
type Timer struct {
	Running bool          `json:"running"`
	EndsAt  time.Time     `json:"ends_at,omitzero"`
	Left    time.Duration `json:"left"`
}

// Remaining is the time left on the timer at now, never negative.
func (t Timer) Remaining(now time.Time) time.Duration {
	left := t.Left
	if t.Running {
		left = t.EndsAt.Sub(now)
	}
	return max(left, 0)
}

// Set reports whether the timer has been started at all.
func (t Timer) Set() bool { return t.Running || t.Left > 0 }

// Phases returns the phases of the activity's exercise.
func (a *ActivityState) Phases() []exercises.PhaseSpec { return catalog.Phases(a.Activity.Kind) }

// hasPhase reports whether the activity's exercise has a phase i.
func (a *ActivityState) hasPhase(i int) bool { return i >= 0 && i < len(a.Phases()) }

// PhaseSpec returns the current phase's declaration.
func (a *ActivityState) PhaseSpec() exercises.PhaseSpec { return a.Phases()[a.Phase] }

// InputOpen reports whether participants may submit or edit now.
func (a *ActivityState) InputOpen() bool { return a.PhaseSpec().Input && !a.Locked }

// Fold replays events from an empty state. The first event must create the
// workshop.
func Fold(events []Event) (*State, error) { return FoldLog(events, Apply) }

// FoldLog replays a log from nothing with apply, which is given nil for
// the first event: a workshop's log, or one kept beside it (a cohort's).
func FoldLog[S any](events []Event, apply func(*S, Event) (*S, error)) (*S, error) {
	var st *S
	for _, ev := range events {
		next, err := apply(st, ev)
		if err != nil {
			return nil, err
		}
		st = next
	}
	if st == nil {
		return nil, fmt.Errorf("fold: no events")
	}
	return st, nil
}

// Apply returns the state after ev. st may be nil only for the
// workshop.created event. Apply trusts that the event was validated when it
// was made (see decide): replaying a log must not fail on rules that changed
// since, only on events it cannot read.
func Apply(st *State, ev Event) (*State, error) {
	if st == nil {
		if ev.Type != EvWorkshopCreated {
			return nil, fmt.Errorf("apply event %d: log does not start with %s", ev.Seq, EvWorkshopCreated)
		}
	} else if ev.Type == EvWorkshopCreated {
		return nil, fmt.Errorf("apply event %d: workshop created twice", ev.Seq)
	}
	next, err := apply(st, ev)
	if err != nil {
		return nil, fmt.Errorf("apply event %d (%s): %w", ev.Seq, ev.Type, err)
	}
	next.Seq = max(next.Seq, ev.Seq)
	if ev.At.After(next.Last) {
		next.Last = ev.At
	}
	return next, nil
}

func apply(st *State, ev Event) (*State, error) {
	switch ev.Type {
	case EvWorkshopCreated:
		return created(ev)
	case EvJoined:
		return on(st, ev, func(p Joined) (*State, error) {
			p.Person.Name, p.Person.Org = exercises.Reclean(p.Person.Name), exercises.Reclean(p.Person.Org)
			n := *st
			n.People = cloneMap(st.People)
			if _, ok := st.People[p.Person.ID]; !ok {
				n.Order = append(slices.Clip(st.Order), p.Person.ID)
			}
			n.People[p.Person.ID], n.names = st.labelled(p.Person)
			return &n, nil
		})
	case EvMoved:
		return on(st, ev, func(p Moved) (*State, error) {
			n, err := withActivity(st, p.Activity, func(a *ActivityState) {
				p.Phase = phaseOf(a.Phases(), phasesV1[a.Activity.Kind], ev.V, p)
				// phaseOf keeps the phase within the exercise's phases.
				if p.Phase != a.Phase && a.hasPhase(p.Phase) {
					a.Revealed = revealsOnEntry(a.Activity.Kind, a.Phases()[p.Phase], ev.V, p)
					a.Locked = false
				}
				a.Phase = p.Phase
			})
			if err != nil {
				return nil, err
			}
			n.Current = p.Activity
			return clock(st, n, ev.At), nil
		})
	case EvRevealSet, EvLockSet:
		return onActivity(st, ev, func(p Toggled) (int, func(*ActivityState)) {
			return p.Activity, func(a *ActivityState) {
				if ev.Type == EvRevealSet {
					a.Revealed = p.On
				} else {
					a.Locked = p.On
				}
			}
		})
	case EvAnonymitySet:
		return onActivity(st, ev, func(p AnonymitySet) (int, func(*ActivityState)) {
			return p.Activity, func(a *ActivityState) {
				a.Activity.Anonymity = p.Anonymity
				if a.Exercise().HasInput(a.Data) {
					a.Strictest = exercises.Stricter(a.Strictest, p.Anonymity)
				} else {
					a.Strictest = p.Anonymity
				}
			}
		})
	case EvTimerSet:
		return on(st, ev, func(p Timer) (*State, error) {
			n := *st
			n.Timer = p
			return &n, nil
		})
	case EvRemoved:
		return on(st, ev, func(p Removed) (*State, error) {
			n := *st
			n.Removed = cloneMap(st.Removed)
			n.Removed[p.Person] = exercises.Reclean(p.Message)
			return &n, nil
		})
	case EvMuted:
		return on(st, ev, func(p Muted) (*State, error) {
			n := *st
			n.Muted = cloneMap(st.Muted)
			if p.On {
				n.Muted[p.Person] = true
			} else {
				delete(n.Muted, p.Person)
			}
			return &n, nil
		})
	case EvFacilitatorAdded, EvFacilitatorRemoved:
		return on(st, ev, func(p FacilitatorSet) (*State, error) {
			n := *st
			n.Facilitators = slices.DeleteFunc(slices.Clone(st.Facilitators), func(id string) bool { return id == p.Person })
			if ev.Type == EvFacilitatorAdded {
				n.Facilitators = append(n.Facilitators, p.Person)
			}
			return &n, nil
		})
	case EvDecisionSet:
		return onActivity(st, ev, func(p DecisionSet) (int, func(*ActivityState)) {
			p.Decision.Conditions = exercises.Reclean(p.Decision.Conditions)
			return p.Activity, func(a *ActivityState) { a.Decision = &p.Decision }
		})
	case EvActivityAdded, EvActivityRemoved, EvAgendaReordered, EvPromptEdited:
		return applyAgenda(st, ev)
	}
	if catalog.Folds(ev.Type) {
		n, prework, err := applyExercise(st, ev)
		if err != nil || prework || !st.Started.IsZero() {
			// Prework is done before the live session: it starts no clock.
			return n, err
		}
		return clock(st, n, ev.At), nil
	}
	return nil, fmt.Errorf("unknown event type")
}

// created starts a workshop's state from its first event.
func created(ev Event) (*State, error) {
	var p struct {
		WorkshopCreated
		Agenda []json.RawMessage `json:"agenda"`
	}
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return nil, err
	}
	// Not a rule that may change but what every reader relies on: a
	// current activity, and an exercise for each.
	if len(p.Agenda) == 0 {
		return nil, fmt.Errorf("the workshop has no activities")
	}
	n := &State{ID: p.ID, Code: p.Code, Title: p.Title, Created: ev.At,
		Facilitators: p.Facilitators, People: map[string]exercises.Person{}}
	for i, raw := range p.Agenda {
		a, err := catalog.Decode(raw)
		if err != nil {
			return nil, fmt.Errorf("activity %d: %w", i, err)
		}
		ex, _ := catalog.Get(a.Kind)
		n.Activities = append(n.Activities, &ActivityState{Activity: a, Revealed: a.Live, Strictest: a.Anonymity, Data: ex.Empty()})
		n.Plan = append(n.Plan, i)
	}
	n.Activities[0].Entered = true
	return n, nil
}

// applyExercise routes an exercise's event to the fold of the activity it
// names, and reports whether it was prework (see InPrework): its actor is
// then counted among those who did the prework. An event of another
// exercise than the activity's is passed over: none was ever decided, and
// the fold is total.
func applyExercise(st *State, ev Event) (*State, bool, error) {
	var ref struct {
		Activity int `json:"activity"`
	}
	if err := json.Unmarshal(ev.Data, &ref); err != nil {
		return nil, false, err
	}
	var err error
	prework := false
	n, werr := withActivity(st, ref.Activity, func(a *ActivityState) {
		if ex := a.Exercise(); catalog.FoldedBy(ex, ev.Type) {
			a.Data, err = ex.Fold(a.Data, exercises.Record{Type: ev.Type, At: ev.At, Actor: ev.Actor, Data: ev.Data})
		}
		if prework = a.InPrework() && ref.Activity != st.Current; prework && ev.Actor != "" && !a.PreworkBy[ev.Actor] {
			a.PreworkBy = cloneMap(a.PreworkBy)
			a.PreworkBy[ev.Actor] = true
		}
	})
	if err != nil {
		return nil, false, err
	}
	return n, prework, werr
}

// InPrework reports whether the activity is marked as prework and the
// live session has not reached it yet: input given now is prework.
func (a *ActivityState) InPrework() bool { return a.Activity.Prework != nil && !a.Entered }

// on decodes an event's payload and applies it to the state.
func on[P any](st *State, ev Event, apply func(P) (*State, error)) (*State, error) {
	var p P
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return nil, err
	}
	return apply(p)
}

// onActivity decodes an event's payload and applies the change it names
// to one activity.
func onActivity[P any](st *State, ev Event, change func(P) (int, func(*ActivityState))) (*State, error) {
	return on(st, ev, func(p P) (*State, error) {
		i, c := change(p)
		return withActivity(st, i, c)
	})
}

// withActivity returns a copy of st in which activity i is replaced by a
// copy that change has modified.
func withActivity(st *State, i int, change func(*ActivityState)) (*State, error) {
	if i < 0 || i >= len(st.Activities) {
		return nil, fmt.Errorf("no activity %d", i)
	}
	n := *st
	n.Activities = slices.Clone(st.Activities)
	a := *st.Activities[i]
	change(&a)
	if !a.hasPhase(a.Phase) {
		return nil, fmt.Errorf("activity %d has no phase %d", i, a.Phase)
	}
	n.Activities[i] = &a
	return &n, nil
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	n := make(map[K]V, len(m)+1)
	for k, v := range m {
		n[k] = v
	}
	return n
}
