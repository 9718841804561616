package session

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"commonground/exercises"
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
	Activities   []*ActivityState
	Current      int                         // index of the current activity
	People       map[string]exercises.Person // everyone who joined, by identity ID
	Order        []string                    // identity IDs in the order they first joined
	Timer        Timer
	Seq          uint64 // sequence number of the last applied event
	// names are the look-alike keys of every name shown in the workshop
	// (see labelled); replaced, never changed, once published.
	names *nameBook
}

// ActivityState is one agenda item: its settings, where it stands, and the
// inputs given so far.
type ActivityState struct {
	Activity exercises.Activity
	Phase    int  // index into exercises.Phases(Activity.Kind)
	Revealed bool // results shown to participants
	Locked   bool // input closed by the facilitator although the phase is open
	// Answers by identity ID, then item. Inner maps are replaced, never
	// changed, once published.
	Answers  map[string]map[int]exercises.Answer
	Decision *exercises.Decision
	// Assumption mapping: the wall (cards in the order written, merged and
	// hidden ones included), ratings by card ID then identity ID, and the
	// planned actions. Slices and maps are replaced, never changed, once
	// published.
	Cards   []exercises.Card
	Ratings map[int]map[string]exercises.Rating
	Actions []exercises.ActionItem
	// nextCard and nextAction are the IDs the next card and action get:
	// advanced past every ID ever added, never lowered, so that an ID is
	// never reused after a delete (a reused ID would inherit the deleted
	// card's ratings).
	nextCard, nextAction int
}

// nextCardID is the ID the next card written in the activity gets.
func (a *ActivityState) nextCardID() int { return max(a.nextCard, 1) }

// Card returns the card with the ID, or false.
func (a *ActivityState) Card(id int) (exercises.Card, bool) {
	for _, c := range a.Cards {
		if c.ID == id {
			return c, true
		}
	}
	return exercises.Card{}, false
}

// CardsBy counts the cards id wrote that stand on their own, hidden ones
// included: what the hub's cap on cards per activity counts.
func (a *ActivityState) CardsBy(id string) int {
	n := 0
	for _, c := range a.Cards {
		if len(c.Authors) > 0 && c.Authors[0] == id && c.MergedInto == 0 {
			n++
		}
	}
	return n
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
func (a *ActivityState) Phases() []exercises.PhaseSpec { return exercises.Phases(a.Activity.Kind) }

// hasPhase reports whether the activity's exercise has a phase i.
func (a *ActivityState) hasPhase(i int) bool { return i >= 0 && i < len(a.Phases()) }

// PhaseSpec returns the current phase's declaration.
func (a *ActivityState) PhaseSpec() exercises.PhaseSpec { return a.Phases()[a.Phase] }

// InputOpen reports whether participants may submit or edit now.
func (a *ActivityState) InputOpen() bool { return a.PhaseSpec().Input && !a.Locked }

// Fold replays events from an empty state. The first event must create the
// workshop.
func Fold(events []Event) (*State, error) {
	var st *State
	for _, ev := range events {
		next, err := Apply(st, ev)
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
	return next, nil
}

func apply(st *State, ev Event) (*State, error) {
	switch ev.Type {
	case EvWorkshopCreated:
		var p WorkshopCreated
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		// Not a rule that may change but what every reader relies on: a
		// current activity, and phases for each exercise.
		if len(p.Agenda) == 0 {
			return nil, fmt.Errorf("the workshop has no activities")
		}
		n := &State{ID: p.ID, Code: p.Code, Title: p.Title, Created: ev.At,
			Facilitators: p.Facilitators, People: map[string]exercises.Person{}}
		for i, a := range p.Agenda {
			if len(exercises.Phases(a.Kind)) == 0 {
				return nil, fmt.Errorf("activity %d: unknown exercise %q", i, a.Kind)
			}
			n.Activities = append(n.Activities, &ActivityState{Activity: a, Answers: map[string]map[int]exercises.Answer{}})
		}
		return n, nil
	case EvJoined:
		var p Joined
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		p.Person.Name, p.Person.Org = reclean(p.Person.Name), reclean(p.Person.Org)
		n := *st
		n.People = cloneMap(st.People)
		if _, ok := st.People[p.Person.ID]; !ok {
			n.Order = append(slices.Clip(st.Order), p.Person.ID)
		}
		n.People[p.Person.ID], n.names = st.labelled(p.Person)
		return &n, nil
	case EvAnswerSet:
		var p AnswerSet
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withActivity(st, p.Activity, func(a *ActivityState) {
			a.Answers = cloneMap(a.Answers)
			mine := cloneMap(a.Answers[p.Person])
			if mine == nil {
				mine = map[int]exercises.Answer{}
			}
			p.Answer.Text = reclean(p.Answer.Text)
			mine[p.Item] = p.Answer
			a.Answers[p.Person] = mine
		})
	case EvMoved:
		var p Moved
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		n, err := withActivity(st, p.Activity, func(a *ActivityState) {
			p.Phase = phaseOf(a.Phases(), phasesV1[a.Activity.Kind], ev.V, p)
			// phaseOf keeps the phase within the exercise's phases.
			if p.Phase != a.Phase && a.hasPhase(p.Phase) {
				a.Revealed = a.Phases()[p.Phase].Reveal
				a.Locked = false
			}
			a.Phase = p.Phase
		})
		if err != nil {
			return nil, err
		}
		n.Current = p.Activity
		return n, nil
	case EvRevealSet, EvLockSet:
		var p Toggled
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withActivity(st, p.Activity, func(a *ActivityState) {
			if ev.Type == EvRevealSet {
				a.Revealed = p.On
			} else {
				a.Locked = p.On
			}
		})
	case EvAnonymitySet:
		var p AnonymitySet
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withActivity(st, p.Activity, func(a *ActivityState) { a.Activity.Anonymity = p.Anonymity })
	case EvTimerSet:
		var p Timer
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		n := *st
		n.Timer = p
		return &n, nil
	case EvCardAdded, EvCardEdited, EvCardDeleted, EvCardsMerged, EvCardsClustered, EvCardHidden, EvRatingSet, EvActionProposed, EvActionConfirmed:
		return applyWall(st, ev)
	case EvDecisionSet:
		var p DecisionSet
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		p.Decision.Conditions = reclean(p.Decision.Conditions)
		return withActivity(st, p.Activity, func(a *ActivityState) { a.Decision = &p.Decision })
	}
	return nil, fmt.Errorf("unknown event type")
}

// reclean cleans text from the log again as CleanText cleans input today.
// Every text was cleaned before it was stored, but by the rules of its
// day: a log written before invisible characters or stacks of marks were
// removed still holds them, and what the state holds is drawn on other
// people's screens. Cleaning never fails, so the fold stays total, and it
// changes nothing in text stored since (CleanText is idempotent).
func reclean(s string) string {
	c, _ := exercises.CleanText(s, 0)
	return c
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
