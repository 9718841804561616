// Package session is the live shared workshop: the events that are its
// truth, the state folded from them, the hub whose one owner goroutine per
// workshop validates actions, appends their events durably and publishes
// immutable snapshots, and the store behind it.
//
// Delivery rules: Workshop.Do answers only after the events an action
// produced are committed to the store. Subscribers are woken through a
// channel of capacity 1 with a non-blocking send, so the owner never waits
// for a reader and many changes collapse into one wake-up; a woken reader
// takes the newest snapshot, whatever it missed in between.
package session

import (
	"encoding/json"
	"fmt"
	"time"

	"commonground/exercises"
)

// The workshop's own event types, as stored. They never change meaning
// once released; a new shape gets a new schema version (Event.V, see
// schemaVersion). An exercise's events are its own (e.g.
// assumptions.EvCardAdded, exercises.EvAnswerSet); the session routes them
// to the fold of the activity they name.
const (
	EvWorkshopCreated = "workshop.created"
	EvJoined          = "participant.joined"
	EvMoved           = "agenda.moved"
	EvRevealSet       = "results.revealed"
	EvLockSet         = "input.locked"
	EvAnonymitySet    = "anonymity.set"
	EvTimerSet        = "timer.set"
	EvDecisionSet     = "decision.recorded"
	// The people of the workshop (issue 16): new types, so no new
	// version.
	EvRemoved            = "participant.removed"
	EvMuted              = "participant.muted"
	EvFacilitatorAdded   = "facilitator.added"
	EvFacilitatorRemoved = "facilitator.removed"
)

// schemaVersion is written into every new event. Event.V says which shapes
// an event's payload has, for its type:
//
//   - 1: release faf5631 and before. A move names its phase by position in
//     the exercise's phase list of that release (phasesV1).
//   - 2: a move also names its phase by its stable name (Moved.PhaseName).
//   - 3: a move records whether entering the phase reveals the results
//     (Moved.Reveal), as the phase declared it when the move was made.
//     Before, the fold took it from the phases: a move of version 1 or 2
//     reveals as the phases of that time did (revealV2), so that an old
//     workshop replays as it was when a phase's Reveal changes.
//
// Every other type has had one shape since version 1. An event is brought
// to the current shape before it is folded (upcast); a type whose shape
// changes gets the next version and a case there, and a recorded data
// directory of the release before it (cmd/commonground/testdata/recorded)
// keeps the older shapes replayed in the tests.
const schemaVersion = 3

// Event is one change to a workshop, as appended to its log. State is the
// fold of the log (Fold); exports and audits are folds too.
type Event struct {
	Seq   uint64          `json:"seq"` // position in the workshop's log, from 1
	Type  string          `json:"type"`
	V     int             `json:"v"`
	At    time.Time       `json:"at"`
	Actor string          `json:"actor,omitempty"` // identity ID of who caused it
	Data  json.RawMessage `json:"data"`
}

// Payloads of the events, one per type.
type (
	// WorkshopCreated starts every workshop's log.
	WorkshopCreated struct {
		ID           string               `json:"id"`
		Code         string               `json:"code"`
		Title        string               `json:"title"`
		Agenda       []exercises.Activity `json:"agenda"`
		Facilitators []string             `json:"facilitators,omitempty"` // identity IDs with facilitator rights here
	}
	// Joined records a participant entering the workshop, or changing the
	// name or organisation they are shown with.
	Joined struct {
		Person exercises.Person `json:"person"`
	}
	// Moved puts the workshop on an activity and phase. The phase is named
	// (since version 2), so that a phase added to an exercise later cannot
	// move an old workshop to the wrong step; Phase is its position when
	// the event was written. Activities are positions in the workshop's own
	// recorded agenda, as are willingness statements and card categories,
	// which the workshop.created event holds: they cannot move.
	Moved struct {
		Activity  int    `json:"activity"`
		Phase     int    `json:"phase"`
		PhaseName string `json:"phase_name,omitempty"`
		// Reveal is whether entering the phase showed the results (since
		// version 3).
		Reveal bool `json:"reveal,omitempty"`
	}
	// Toggled sets the reveal or lock flag of an activity.
	Toggled struct {
		Activity int  `json:"activity"`
		On       bool `json:"on"`
	}
	// AnonymitySet changes how authors are shown in an activity.
	AnonymitySet struct {
		Activity  int                 `json:"activity"`
		Anonymity exercises.Anonymity `json:"anonymity"`
	}
	// Removed takes a participant out of the workshop, with the
	// facilitator's message to them. What they gave stays.
	Removed struct {
		Person  string `json:"person"`
		Message string `json:"message,omitempty"`
	}
	// Muted pauses (On) or resumes a participant's input.
	Muted struct {
		Person string `json:"person"`
		On     bool   `json:"on"`
	}
	// FacilitatorSet gives (facilitator.added) or takes back
	// (facilitator.removed) the facilitator's role in this workshop.
	FacilitatorSet struct {
		Person string `json:"person"`
	}
	// DecisionSet records the facilitator's decision on an activity.
	DecisionSet struct {
		Activity int                `json:"activity"`
		Decision exercises.Decision `json:"decision"`
	}
)

// newEvent encodes a payload into an event of the given type.
func newEvent(typ string, at time.Time, actor string, payload any) (Event, error) {
	data, err := json.Marshal(payload)
	if err != nil {
		return Event{}, fmt.Errorf("encode %s event: %w", typ, err)
	}
	return Event{Type: typ, V: schemaVersion, At: at, Actor: actor, Data: data}, nil
}

// NewEvent encodes a payload into an event of the given type, for logs
// kept beside the workshops' (package cohort): the store gives it its
// sequence number.
func NewEvent(typ string, at time.Time, actor string, payload any) (Event, error) {
	return newEvent(typ, at, actor, payload)
}
