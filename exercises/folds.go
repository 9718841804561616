package exercises

import (
	"encoding/json"
	"fmt"
)

// Folds are how each of an exercise's event types changes its data, a D
// (assumption mapping's wall, a funder alignment's matrix): the fold an
// exercise's Fold looks up by the event's type.
type Folds[D any] map[string]func(d D, raw json.RawMessage) (D, error)

// Payload is the fold of an event whose payload is a P: it reads the
// payload and applies it.
func Payload[D, P any](apply func(D, P) D) func(D, json.RawMessage) (D, error) {
	return func(d D, raw json.RawMessage) (D, error) {
		var p P
		if err := json.Unmarshal(raw, &p); err != nil {
			var zero D
			return zero, err
		}
		return apply(d, p), nil
	}
}

// Apply folds ev into d, read as a D by of. An event of a type without a
// fold is passed over: d comes back as it was.
func (f Folds[D]) Apply(d Data, of func(Data) D, ev Record) (Data, error) {
	fold, ok := f[ev.Type]
	if !ok {
		return d, nil
	}
	next, err := fold(of(d), ev.Data)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", ev.Type, err)
	}
	return next, nil
}
