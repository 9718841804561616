package session

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
)

// The agenda's changes during a workshop (issue 14). Activities keep their
// position in State.Activities as their stable ID, which every event and
// command names: an added activity gets the next one, a removed one is
// marked and its ID never used again, and a reorder changes State.Plan,
// the order they are shown and walked in, never the IDs.
const (
	EvActivityAdded   = "agenda.activity_added"
	EvActivityRemoved = "agenda.activity_removed"
	EvAgendaReordered = "agenda.reordered"
	EvPromptEdited    = "agenda.prompt_edited"
)

// MaxActivities is the most activities an agenda shows at once; an agenda
// may have had at most twice as many, removed ones counted.
const MaxActivities = 40

// Payloads of the agenda's changes.
type (
	// ActivityAdded appends an activity to the agenda. Index is the ID it
	// gets: the number of activities before it, removed ones counted.
	ActivityAdded struct {
		Index    int                `json:"index"`
		Activity exercises.Activity `json:"activity"`
	}
	// ActivityRemoved takes an activity that never started off the agenda.
	ActivityRemoved struct {
		Index int `json:"index"`
	}
	// AgendaReordered is the order the activities are shown in, by ID,
	// the removed ones left out.
	AgendaReordered struct {
		Order []int `json:"order"`
	}
	// PromptEdited changes an activity's prompt before anyone answered.
	PromptEdited struct {
		Index  int    `json:"index"`
		Prompt string `json:"prompt"`
	}
)

// applyAgenda folds the agenda's changes. Like every fold it checks no
// rule: an ID out of range is a log it cannot read, anything else applies.
func applyAgenda(st *State, ev Event) (*State, error) {
	switch ev.Type {
	case EvActivityAdded:
		var p struct {
			Activity json.RawMessage `json:"activity"`
		}
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		a, err := catalog.Decode(p.Activity)
		if err != nil {
			return nil, err
		}
		a.Title, a.Prompt = exercises.Reclean(a.Title), exercises.Reclean(a.Prompt)
		ex, _ := catalog.Get(a.Kind)
		n := *st
		n.Activities = append(slices.Clip(st.Activities), &ActivityState{Activity: a, Revealed: a.Live, Strictest: a.Anonymity, Data: ex.Empty()})
		n.Plan = append(slices.Clip(st.Plan), len(st.Activities))
		return &n, nil
	case EvActivityRemoved:
		return on(st, ev, func(p ActivityRemoved) (*State, error) {
			n, err := withActivity(st, p.Index, func(a *ActivityState) { a.Removed = true })
			if err != nil {
				return nil, err
			}
			n.Plan = slices.DeleteFunc(slices.Clone(st.Plan), func(i int) bool { return i == p.Index })
			return n, nil
		})
	case EvAgendaReordered:
		return on(st, ev, func(p AgendaReordered) (*State, error) {
			n := *st
			n.Plan = reordered(st, p.Order)
			return &n, nil
		})
	case EvPromptEdited:
		return onActivity(st, ev, func(p PromptEdited) (int, func(*ActivityState)) {
			return p.Index, func(a *ActivityState) { a.Activity.Prompt = exercises.Reclean(p.Prompt) }
		})
	}
	return nil, fmt.Errorf("not an agenda event")
}

// reordered is the plan in the order given: the IDs it names that are
// shown, once each, then any shown ones it left out, in their old order,
// so that no activity is lost from the agenda however the event reads.
func reordered(st *State, order []int) []int {
	shown := map[int]bool{}
	for _, i := range st.Plan {
		shown[i] = true
	}
	out := make([]int, 0, len(st.Plan))
	for _, i := range order {
		if shown[i] {
			out = append(out, i)
			delete(shown, i)
		}
	}
	for _, i := range st.Plan {
		if shown[i] {
			out = append(out, i)
		}
	}
	return out
}

// clock keeps the time spent on each activity as the workshop moves: the
// workshop starts at its first move or its first input, whichever comes
// first, and from then on the current activity's time runs.
func clock(before, after *State, at time.Time) *State {
	switch {
	case before.Started.IsZero():
		after.Started, after.Since = at, at
	case after.Current != before.Current:
		prev, spent := before.Current, at.Sub(before.Since)
		n, err := withActivity(after, prev, func(a *ActivityState) { a.Spent += max(spent, 0) })
		if err == nil {
			after = n
		}
		after.Since = at
	}
	if cur := after.Current; cur >= 0 && cur < len(after.Activities) && !after.Activities[cur].Entered {
		if n, err := withActivity(after, cur, func(a *ActivityState) { a.Entered = true }); err == nil {
			after = n
		}
	}
	return after
}

// Actual is the time spent on activity i by at: the time it was current
// since the workshop started.
func (s *State) Actual(i int, at time.Time) time.Duration {
	d := s.Activities[i].Spent
	if i == s.Current && !s.Started.IsZero() {
		d += max(at.Sub(s.Since), 0)
	}
	return d
}

// PlannedStart is when activity i is planned to start, counted from the
// workshop's start: the planned minutes of the activities before it on
// the agenda.
func (s *State) PlannedStart(i int) time.Duration {
	var d time.Duration
	for _, j := range s.Plan {
		if j == i {
			break
		}
		d += s.Activities[j].Activity.TimeBox
	}
	return d
}

// Position is where activity i is on the agenda, from 0; -1 for a removed one.
func (s *State) Position(i int) int { return slices.Index(s.Plan, i) }

// Step is the activity delta places from activity i on the agenda, and
// whether there is one.
func (s *State) Step(i, delta int) (int, bool) {
	p := s.Position(i) + delta
	if s.Position(i) < 0 || p < 0 || p >= len(s.Plan) {
		return 0, false
	}
	return s.Plan[p], true
}

// AddActivity appends an activity to the agenda (facilitator only).
type AddActivity struct {
	Activity exercises.Activity
}

// RemoveActivity takes an activity that has not started off the agenda
// (facilitator only).
type RemoveActivity struct {
	Activity int
}

// MoveActivity moves an activity that has not started to position To on
// the agenda, from 0, after the current activity (facilitator only).
type MoveActivity struct {
	Activity int
	To       int
}

// EditPrompt changes an activity's prompt while nobody has given input in
// it (facilitator only).
type EditPrompt struct {
	Activity int
	Prompt   string
}

func (a AddActivity) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	if len(st.Plan) >= MaxActivities || len(st.Activities) >= 2*MaxActivities {
		return nil, exercises.Errorf(exercises.ELimited, "an agenda has at most %d activities", MaxActivities)
	}
	act := a.Activity
	act.Title, _ = exercises.CleanText(act.Title, exercises.MaxNameLen)
	act.Prompt, _ = exercises.CleanText(act.Prompt, exercises.MaxTextLen)
	if act.Title == "" {
		return nil, exercises.Errorf(exercises.EInvalid, "give the activity a title")
	}
	if err := catalog.Validate(act); err != nil {
		return nil, err
	}
	ev, err := newEvent(EvActivityAdded, now, by.ID, ActivityAdded{Index: len(st.Activities), Activity: act})
	return []Event{ev}, err
}

// notStarted returns activity i for a facilitator if it has not started
// and is on the agenda; doing says what the facilitator wants, for the
// refusal.
func notStarted(st *State, by Actor, i int, doing string) (*ActivityState, error) {
	act, err := facilitating(st, by, i)
	if err != nil {
		return nil, err
	}
	if act.Entered || i == st.Current {
		return nil, exercises.Errorf(exercises.EInvalid, "%q has started: only an activity that has not started can be %s", act.Activity.Title, doing)
	}
	return act, nil
}

func (r RemoveActivity) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if _, err := notStarted(st, by, r.Activity, "removed"); err != nil {
		return nil, err
	}
	ev, err := newEvent(EvActivityRemoved, now, by.ID, ActivityRemoved{Index: r.Activity})
	return []Event{ev}, err
}

func (m MoveActivity) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	act, err := notStarted(st, by, m.Activity, "moved")
	if err != nil {
		return nil, err
	}
	// To is a place in the order without the moved activity: one skipped
	// before the current activity leaves the current one a place earlier.
	cur, from := st.Position(st.Current), st.Position(m.Activity)
	first := cur + 1
	if from < cur {
		first = cur
	}
	if m.To < first || m.To >= len(st.Plan) {
		return nil, exercises.Errorf(exercises.EInvalid, "%q can only move to a place after the current activity", act.Activity.Title)
	}
	if from == m.To {
		return nil, nil
	}
	order := slices.Delete(slices.Clone(st.Plan), from, from+1)
	order = slices.Insert(order, m.To, m.Activity)
	ev, err := newEvent(EvAgendaReordered, now, by.ID, AgendaReordered{Order: order})
	return []Event{ev}, err
}

func (e EditPrompt) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	act, err := facilitating(st, by, e.Activity)
	if err != nil {
		return nil, err
	}
	if act.Exercise().HasInput(act.Data) {
		return nil, exercises.Errorf(exercises.EInvalid, "people have already answered %q: its prompt stays as they saw it. To ask something else, add an activity", act.Activity.Title)
	}
	prompt, _ := exercises.CleanText(e.Prompt, exercises.MaxTextLen)
	if prompt == "" {
		return nil, exercises.Errorf(exercises.EInvalid, "write the prompt before saving it")
	}
	if prompt == act.Activity.Prompt {
		return nil, nil
	}
	ev, err := newEvent(EvPromptEdited, now, by.ID, PromptEdited{Index: e.Activity, Prompt: prompt})
	return []Event{ev}, err
}

func (e EditPrompt) notice(*State, Actor) string {
	if _, cut := exercises.CleanText(e.Prompt, exercises.MaxTextLen); cut {
		return fmt.Sprintf("The prompt was cut to %d characters.", exercises.MaxTextLen)
	}
	return ""
}

// Target says which activity each agenda change is about.
func (AddActivity) Target() int      { return -1 }
func (r RemoveActivity) Target() int { return r.Activity }
func (m MoveActivity) Target() int   { return m.Activity }
func (e EditPrompt) Target() int     { return e.Activity }
