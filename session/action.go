package session

import (
	"fmt"
	"strings"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
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
	// Server is whether the role comes from the server's facilitators
	// file, which no event of the workshop takes away.
	Server bool
}

// Action is a request to change a workshop: one of the workshop's own
// below (Join, Move, Reveal ...), or an exercise's command
// (exercises.Command, such as assumptions.AddCard). The owner goroutine
// turns it into events after checking it against the current state and
// the actor's role; an action that breaks a rule returns an
// *exercises.Error and changes nothing.
type Action interface {
	// Target is the position on the agenda of the activity the action is
	// about, or -1 for the workshop as a whole.
	Target() int
}

// decider is one of the workshop's own actions.
type decider interface {
	decide(st *State, by Actor, now time.Time) ([]Event, error)
}

// decide checks an action against the rules and returns its events.
func (h *Hub) decide(a Action, st *State, by Actor, now time.Time) ([]Event, error) {
	if err := refuseRemoved(st, by); err != nil {
		return nil, err
	}
	switch a := a.(type) {
	case peopleAction:
		return a.decidePeople(st, by, now, func(id string) Role { return roleIn(st, h.isFacilitator, id) })
	case decider:
		return a.decide(st, by, now)
	case exercises.Command:
		return h.command(a, st, by, now)
	}
	return nil, fmt.Errorf("decide %T: not an action of the workshop or of an exercise", a)
}

// command decides an exercise's command against the activity it names:
// the exercise checks its own rules, the session stamps the events. The
// hub's cap on cards is passed in and checked as the command is decided,
// never as a log is folded: a workshop recorded under another cap opens
// as it was.
func (h *Hub) command(c exercises.Command, st *State, by Actor, now time.Time) ([]Event, error) {
	if _, ok := c.(exercises.Restricted); ok {
		if err := requireFacilitator(by); err != nil {
			return nil, err
		}
	}
	if err := refuseMuted(st, by); err != nil {
		return nil, err
	}
	act, err := activity(st, c.Target())
	if err != nil {
		return nil, err
	}
	_, joined := st.People[by.ID]
	current := c.Target() == st.Current
	if !current && act.InPrework() {
		if err := preworkOpen(act, now); err != nil {
			return nil, err
		}
		// Prework is decided as if the room were on the activity, in
		// the phase it has not left: its first.
		current = true
	}
	changes, err := c.Decide(exercises.Context{
		Index: c.Target(), Exercise: act.Exercise(), Activity: act.Activity, Phase: act.PhaseSpec(), Data: act.Data,
		Current: current, InputOpen: act.InputOpen(),
		By: by.ID, Joined: joined, Facilitator: by.Role >= Facilitator, People: st.People, Now: now,
		CardCap: h.cardsPerActivity,
	})
	if err != nil {
		return nil, err
	}
	evs := make([]Event, 0, len(changes))
	for _, ch := range changes {
		ev, err := newEvent(ch.Type, now, by.ID, ch.Payload)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// preworkOpen refuses input to an activity's prework outside its window,
// saying when it opens or that it is past due; what was given stays.
func preworkOpen(act *ActivityState, now time.Time) error {
	p := act.Activity.Prework
	switch p.At(now) {
	case exercises.NotYetOpen:
		return exercises.Errorf(exercises.EClosed, "The prework for %q opens %s (%s).", act.Activity.Title, exercises.Until(now, p.Opens), exercises.InZone(p.Opens, ""))
	case exercises.PastDue:
		return exercises.Errorf(exercises.EClosed, "The prework for %q was due %s (%s): it is closed now. What you gave is kept for the live session.", act.Activity.Title, exercises.Until(now, p.Due), exercises.InZone(p.Due, ""))
	}
	return nil
}

// Join enters the workshop as a participant, or updates the name and
// organisation shown. Facilitators may join too (to take part themselves).
type Join struct {
	Name string
	Org  string
}

// Move puts the workshop on an activity and phase (facilitator only).
// Positions are absolute so that a repeated request changes nothing more.
// A move to another activity clears the timer: it does not carry over.
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

// facilitating returns activity i for a facilitator, and refuses anyone else.
func facilitating(st *State, by Actor, i int) (*ActivityState, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	return activity(st, i)
}

// activity is the activity an action names, refused when there is none or
// it was removed from the agenda: nothing is given to, revealed in or
// decided about an activity that is no longer there.
func activity(st *State, i int) (*ActivityState, error) {
	if i < 0 || i >= len(st.Activities) {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no activity %d on the agenda", i+1)
	}
	if act := st.Activities[i]; act.Removed {
		return nil, exercises.Errorf(exercises.ENotFound, "%q was removed from the agenda", act.Activity.Title)
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

func (m Move) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	act, err := facilitating(st, by, m.Activity)
	if err != nil {
		return nil, err
	}
	if !act.hasPhase(m.Phase) {
		return nil, exercises.Errorf(exercises.ENotFound, "%q has no phase %d", act.Activity.Title, m.Phase+1)
	}
	if m.Activity == st.Current && m.Phase == act.Phase {
		return nil, nil
	}
	next := act.Phases()[m.Phase]
	ev, err := newEvent(EvMoved, now, by.ID, Moved{Activity: m.Activity, Phase: m.Phase, PhaseName: next.Name, Reveal: next.Reveal || act.Activity.Live})
	if err != nil || m.Activity == st.Current || !st.Timer.Set() {
		return []Event{ev}, err
	}
	// The timer belonged to the activity left: it is cleared, as an
	// event of its own, so that the log says so.
	clear, err := newEvent(EvTimerSet, now, by.ID, Timer{})
	return []Event{ev, clear}, err
}

func toggle(st *State, by Actor, now time.Time, typ string, i int, on bool, current func(*ActivityState) bool) ([]Event, error) {
	act, err := facilitating(st, by, i)
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
	act, err := facilitating(st, by, s.Activity)
	if err != nil {
		return nil, err
	}
	next := act.Activity
	next.Anonymity = s.Anonymity
	if err := catalog.Validate(next); err != nil {
		return nil, err
	}
	if act.Activity.Anonymity == s.Anonymity {
		return nil, nil
	}
	if !act.CanSetAnonymity(s.Anonymity) {
		return nil, exercises.Errorf(exercises.EInvalid,
			"people have already given input in %q as %s: its anonymity can only become more private. To show more of who answers, add a new activity",
			act.Activity.Title, act.Strictest.Words())
	}
	ev, err := newEvent(EvAnonymitySet, now, by.ID, AnonymitySet(s))
	return []Event{ev}, err
}

// CanSetAnonymity reports whether the facilitator may set the activity's
// anonymity to a: any setting while nobody has given input, after that
// only one at least as private as the most private it has had.
func (a *ActivityState) CanSetAnonymity(to exercises.Anonymity) bool {
	return !to.Looser(a.Strictest) || !a.Exercise().HasInput(a.Data)
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
	act, err := facilitating(st, by, d.Activity)
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
		parts = append(parts, fmt.Sprintf("Your text was cut to %d characters.", exercises.MaxNameLen))
	}
	if shown := joinNotice(after, by); shown != "" {
		parts = append(parts, shown)
	}
	return strings.Join(parts, " ")
}

// Target says which activity each of the workshop's own actions is about.
func (Join) Target() int           { return -1 }
func (m Move) Target() int         { return m.Activity }
func (r Reveal) Target() int       { return r.Activity }
func (l Lock) Target() int         { return l.Activity }
func (s SetAnonymity) Target() int { return s.Activity }
func (SetTimer) Target() int       { return -1 }
func (d Decide) Target() int       { return d.Activity }
