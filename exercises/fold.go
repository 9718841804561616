package exercises

import (
	"encoding/json"
	"fmt"
)

// Folds are an exercise's folds by event type, over its data D: how each
// of its events changes the data.
type Folds[D any] map[string]func(d D, raw json.RawMessage) (D, error)

// FoldOn is the fold of an event whose payload is a P.
func FoldOn[D, P any](apply func(D, P) D) func(D, json.RawMessage) (D, error) {
	return func(d D, raw json.RawMessage) (D, error) {
		var p P
		if err := json.Unmarshal(raw, &p); err != nil {
			var zero D
			return zero, err
		}
		return apply(d, p), nil
	}
}

// Apply folds one event into the data of; an event of a type it has no
// fold for is passed over.
func (f Folds[D]) Apply(d Data, ev Record, of func(Data) D) (Data, error) {
	fold, ok := f[ev.Type]
	if !ok {
		return d, nil
	}
	out, err := fold(of(d), ev.Data)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", ev.Type, err)
	}
	return out, nil
}
