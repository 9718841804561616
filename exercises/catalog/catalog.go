// Package catalog lists the exercises CommonGround offers. It is the one
// place an exercise is added: the command line's --activity kinds, the demo
// agenda, the help texts, the session's routing of events and the
// completeness test all read this list.
package catalog

import (
	"encoding/json"
	"fmt"
	"strings"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/conflict"
	"commonground/exercises/funders"
	"commonground/exercises/review"
	"commonground/exercises/willingness"
)

// all are the exercises, in the order they are offered.
var all = []exercises.Exercise{
	checkin.Exercise,
	willingness.Exercise,
	assumptions.Exercise,
	funders.Exercise,
	conflict.Exercise,
	review.Exercise,
}

// byKind finds an exercise by its stored name.
var byKind = func() map[exercises.Kind]exercises.Exercise {
	m := make(map[exercises.Kind]exercises.Exercise, len(all))
	for _, e := range all {
		m[e.Kind()] = e
	}
	return m
}()

// byEvent is the exercises that fold each event type; one type may be
// folded by several (every exercise that takes answers folds answer.set).
var byEvent = func() map[string]map[exercises.Kind]bool {
	m := map[string]map[exercises.Kind]bool{}
	for _, e := range all {
		for _, t := range e.Events() {
			if m[t] == nil {
				m[t] = map[exercises.Kind]bool{}
			}
			m[t][e.Kind()] = true
		}
	}
	return m
}()

// All returns the exercises in the order they are offered.
func All() []exercises.Exercise { return append([]exercises.Exercise(nil), all...) }

// Kinds lists the exercises' names in the order they are offered.
func Kinds() []exercises.Kind {
	out := make([]exercises.Kind, len(all))
	for i, e := range all {
		out[i] = e.Kind()
	}
	return out
}

// KindList is the kinds as messages list them: "checkin, willingness, ...".
func KindList() string {
	names := make([]string, 0, len(all))
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// Demo lists the kinds of the demo agenda, which `workshop new` without
// --activity makes too: the exercises in the order they are offered, but
// those that say they need a real workshop's settings (exercises.Demoed).
func Demo() []exercises.Kind {
	var out []exercises.Kind
	for _, e := range all {
		if d, ok := e.(exercises.Demoed); ok && !d.InDemo() {
			continue
		}
		out = append(out, e.Kind())
	}
	return out
}

// Get returns the exercise of a kind, or false.
func Get(k exercises.Kind) (exercises.Exercise, bool) {
	e, ok := byKind[k]
	return e, ok
}

// Phases returns the phases of an exercise in order, none for an unknown
// kind. The slice is shared by every caller and must not be modified:
// every screen of every participant asks for it.
func Phases(k exercises.Kind) []exercises.PhaseSpec {
	if e, ok := byKind[k]; ok {
		return e.Phases()
	}
	return nil
}

// Folds reports whether some exercise folds events of the type.
func Folds(eventType string) bool { return len(byEvent[eventType]) > 0 }

// FoldedBy reports whether exercise e folds events of the type.
func FoldedBy(e exercises.Exercise, eventType string) bool { return byEvent[eventType][e.Kind()] }

// New returns an activity of kind k with its default settings. It returns
// an ENotFound error for an unknown kind.
func New(k exercises.Kind) (exercises.Activity, error) {
	e, ok := byKind[k]
	if !ok {
		return exercises.Activity{}, unknown(exercises.ENotFound, k)
	}
	return e.Defaults(), nil
}

// Validate checks an activity's settings, as read from a template, a flag
// or an agenda file: those every activity has, then its exercise's own. It
// returns EInvalid errors.
func Validate(a exercises.Activity) error {
	e, ok := byKind[a.Kind]
	if !ok {
		return unknown(exercises.EInvalid, a.Kind)
	}
	if err := a.CheckAnonymity(); err != nil {
		return err
	}
	if err := e.Validate(a); err != nil {
		return err
	}
	if err := a.CheckPrework(e.Phases()[0]); err != nil {
		return err
	}
	return a.CheckTimeBox()
}

// Decode reads an activity as it is stored (an agenda in a workshop's
// first event): the fields every activity has and its exercise's own
// settings, from one JSON object.
func Decode(raw json.RawMessage) (exercises.Activity, error) {
	var a exercises.Activity
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, fmt.Errorf("read an activity: %w", err)
	}
	e, ok := byKind[a.Kind]
	if !ok {
		return a, unknown(exercises.EInvalid, a.Kind)
	}
	s, err := e.Settings(raw)
	if err != nil {
		return a, fmt.Errorf("read the settings of %q: %w", a.Title, err)
	}
	a.Settings = s
	return a, nil
}

func unknown(code string, k exercises.Kind) error {
	return exercises.Errorf(code, "unknown exercise %q (known: %v)", k, Kinds())
}
