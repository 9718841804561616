package session

import (
	"fmt"
	"strings"
	"time"

	"commonground/exercises"
)

// Role is what an identity may do in a workshop.
type Role int

// Roles, in increasing rights.
const (
	Participant Role = iota
	Facilitator
)

// Actor is who asks for an action, as the hub checks it.
type Actor struct {
	ID   string
	Role Role
}

// Action is a request to change a workshop. The owner goroutine turns it
// into events after checking it against the current state and the actor's
// role; an action that breaks a rule returns an *exercises.Error and
// changes nothing.
type Action interface {
	decide(st *State, by Actor, now time.Time) ([]Event, error)
}

// capped is an action a participant may take only so many times, such as
// adding a card. The hub checks the cap as it decides the action, against
// the state it decides on, and never as a log is folded: a workshop
// recorded under another cap opens as it was.
type capped interface {
	overCap(st *State, by Actor, h *Hub) error
}

// decide checks an action against the hub's caps, then its own rules.
func (h *Hub) decide(a Action, st *State, by Actor, now time.Time) ([]Event, error) {
	if c, ok := a.(capped); ok {
		if err := c.overCap(st, by, h); err != nil {
			return nil, err
		}
	}
	return a.decide(st, by, now)
}

// Join enters the workshop as a participant, or updates the name and
// organisation shown. Facilitators may join too (to take part themselves).
type Join struct {
	Name string
	Org  string
}

// Answer stores or replaces the caller's answer on one item of an activity.
// Text is cleaned and cut to exercises.MaxTextLen.
type Answer struct {
	Activity int
	Item     int
	Value    int
	Text     string
}

// Move puts the workshop on an activity and phase (facilitator only).
// Positions are absolute so that a repeated request changes nothing more.
type Move struct {
	Activity int
	Phase    int
}

// Reveal shows or hides the current results of an activity (facilitator only).
type Reveal struct {
	Activity int
	On       bool
}

// Lock closes or reopens input in an activity (facilitator only).
type Lock struct {
	Activity int
	On       bool
}

// SetAnonymity changes how authors are shown (facilitator only).
type SetAnonymity struct {
	Activity  int
	Anonymity exercises.Anonymity
}

// TimerOp is what the facilitator does with the timer.
type TimerOp int

// Timer operations.
const (
	TimerStart  TimerOp = iota // start (or restart) with Duration, or resume a paused timer when Duration is 0
	TimerPause                 // stop the countdown, keeping what is left
	TimerExtend                // add Duration to what is left
	TimerClear                 // remove the timer
)

// SetTimer controls the workshop's countdown (facilitator only).
type SetTimer struct {
	Op       TimerOp
	Duration time.Duration
}

// Decide records the facilitator's decision on an activity whose current
// phase is a decision phase.
type Decide struct {
	Activity int
	Decision exercises.Decision
}

// Limits that keep one request from growing the log without bound.
const (
	maxTimer = 4 * time.Hour
)

func requireFacilitator(by Actor) error {
	if by.Role < Facilitator {
		return exercises.Errorf(exercises.EForbidden, "only a facilitator can do that")
	}
	return nil
}

func activity(st *State, i int) (*ActivityState, error) {
	if i < 0 || i >= len(st.Activities) {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no activity %d on the agenda", i+1)
	}
	return st.Activities[i], nil
}

func (j Join) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	name, _ := exercises.CleanText(j.Name, exercises.MaxNameLen)
	org, _ := exercises.CleanText(j.Org, exercises.MaxNameLen)
	if name == "" {
		return nil, exercises.Errorf(exercises.EInvalid, "please give a display name")
	}
	if org == "" {
		return nil, exercises.Errorf(exercises.EInvalid, "please give your organisation")
	}
	p := exercises.Person{ID: by.ID, Name: name, Org: org}
	if old, ok := st.People[by.ID]; ok && old.Name == p.Name && old.Org == p.Org {
		return nil, nil
	}
	ev, err := newEvent(EvJoined, now, by.ID, Joined{Person: p})
	return []Event{ev}, err
}

func (a Answer) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	act, err := activity(st, a.Activity)
	if err != nil {
		return nil, err
	}
	if _, ok := st.People[by.ID]; !ok {
		return nil, exercises.Errorf(exercises.EForbidden, "join the workshop before answering")
	}
	if a.Activity != st.Current || !act.InputOpen() {
		return nil, exercises.Errorf(exercises.EClosed, "input is closed for %q right now", act.Activity.Title)
	}
	text, _ := exercises.CleanText(a.Text, exercises.MaxTextLen)
	ans := exercises.Answer{Value: a.Value, Text: text, At: now}
	if err := act.Activity.ValidateAnswer(a.Item, ans); err != nil {
		return nil, err
	}
	if old, ok := act.Answers[by.ID][a.Item]; ok && old.Value == ans.Value && old.Text == ans.Text {
		return nil, nil // same answer again: nothing to store
	}
	ev, err := newEvent(EvAnswerSet, now, by.ID, AnswerSet{Activity: a.Activity, Item: a.Item, Person: by.ID, Answer: ans})
	return []Event{ev}, err
}

func (m Move) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	act, err := activity(st, m.Activity)
	if err != nil {
		return nil, err
	}
	if !act.hasPhase(m.Phase) {
		return nil, exercises.Errorf(exercises.ENotFound, "%q has no phase %d", act.Activity.Title, m.Phase+1)
	}
	if m.Activity == st.Current && m.Phase == act.Phase {
		return nil, nil
	}
	ev, err := newEvent(EvMoved, now, by.ID, Moved{Activity: m.Activity, Phase: m.Phase, PhaseName: act.Phases()[m.Phase].Name})
	return []Event{ev}, err
}

func toggle(st *State, by Actor, now time.Time, typ string, i int, on bool, current func(*ActivityState) bool) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	act, err := activity(st, i)
	if err != nil {
		return nil, err
	}
	if current(act) == on {
		return nil, nil
	}
	ev, err := newEvent(typ, now, by.ID, Toggled{Activity: i, On: on})
	return []Event{ev}, err
}

func (r Reveal) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	return toggle(st, by, now, EvRevealSet, r.Activity, r.On, func(a *ActivityState) bool { return a.Revealed })
}

func (l Lock) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	return toggle(st, by, now, EvLockSet, l.Activity, l.On, func(a *ActivityState) bool { return a.Locked })
}

func (s SetAnonymity) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	act, err := activity(st, s.Activity)
	if err != nil {
		return nil, err
	}
	next := act.Activity
	next.Anonymity = s.Anonymity
	if err := next.Validate(); err != nil {
		return nil, err
	}
	if act.Activity.Anonymity == s.Anonymity {
		return nil, nil
	}
	ev, err := newEvent(EvAnonymitySet, now, by.ID, AnonymitySet(s))
	return []Event{ev}, err
}

func (t SetTimer) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	if t.Duration < 0 || t.Duration > maxTimer {
		return nil, exercises.Errorf(exercises.EInvalid, "a timer runs for at most %v", maxTimer)
	}
	cur := st.Timer
	left := cur.Remaining(now)
	var next Timer
	switch t.Op {
	case TimerStart:
		d := t.Duration
		if d == 0 {
			d = left
		}
		if d <= 0 {
			return nil, exercises.Errorf(exercises.EInvalid, "say how long the timer should run")
		}
		next = Timer{Running: true, EndsAt: now.Add(d), Left: d}
	case TimerPause:
		if !cur.Running {
			return nil, nil
		}
		next = Timer{Left: left}
	case TimerExtend:
		d := min(left+t.Duration, maxTimer)
		next = Timer{Running: cur.Running, Left: d}
		if cur.Running {
			next.EndsAt = now.Add(d)
		}
	case TimerClear:
		if !cur.Set() {
			return nil, nil
		}
	default:
		return nil, exercises.Errorf(exercises.EInvalid, "unknown timer operation")
	}
	ev, err := newEvent(EvTimerSet, now, by.ID, next)
	return []Event{ev}, err
}

func (d Decide) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	act, err := activity(st, d.Activity)
	if err != nil {
		return nil, err
	}
	if !act.PhaseSpec().Decide {
		return nil, exercises.Errorf(exercises.EClosed, "move %q to its decision phase first", act.Activity.Title)
	}
	dec := d.Decision
	dec.Conditions, _ = exercises.CleanText(dec.Conditions, exercises.MaxTextLen*4)
	if err := dec.Validate(); err != nil {
		return nil, err
	}
	ev, err := newEvent(EvDecisionSet, now, by.ID, DecisionSet{Activity: d.Activity, Decision: dec})
	return []Event{ev}, err
}

// noticer is implemented by actions whose input may be changed on the way
// in, or shown otherwise than typed; the notice tells the person what
// happened to what they typed. after is the state the action led to.
type noticer interface {
	notice(after *State, by Actor) string
}

func (j Join) notice(after *State, by Actor) string {
	_, cutName := exercises.CleanText(j.Name, exercises.MaxNameLen)
	_, cutOrg := exercises.CleanText(j.Org, exercises.MaxNameLen)
	var parts []string
	if cutName || cutOrg {
		parts = append(parts, cutNotice(exercises.MaxNameLen))
	}
	if shown := joinNotice(after, by); shown != "" {
		parts = append(parts, shown)
	}
	return strings.Join(parts, " ")
}

func (a Answer) notice(*State, Actor) string {
	if _, cut := exercises.CleanText(a.Text, exercises.MaxTextLen); cut {
		return cutNotice(exercises.MaxTextLen)
	}
	return ""
}

func cutNotice(limit int) string {
	return fmt.Sprintf("Your text was cut to %d characters.", limit)
}
