package exercises

import (
	"fmt"
	"strconv"
	"strings"
)

// Scale declares one named axis a rating is given on: its values from Min
// to Max, and whether a person may say "don't know" (skip) instead.
// Assumption mapping rates importance and evidence 1-5; funder alignment
// will rate alignment 0-3 with "don't know", which is not 0.
type Scale struct {
	Name     string // stable name, e.g. "importance"
	Min, Max int
	DontKnow bool // a person may skip the axis
}

// Check refuses a value off the scale. It returns EInvalid errors.
func (s Scale) Check(v int) error {
	if v < s.Min || v > s.Max {
		return Errorf(EInvalid, "rate %s from %d to %d", s.Name, s.Min, s.Max)
	}
	return nil
}

// Target is what a rating is of: one item (a card), or a pair of items (a
// funder against one of the agenda's goals), by their stable IDs.
type Target struct {
	Item int
	With int // 0 for a rating of one item
}

// MarshalText writes the target as "3", or "3x5" for a pair, so that
// ratings can be written as JSON (in exports and tests).
func (t Target) MarshalText() ([]byte, error) {
	if t.With == 0 {
		return []byte(strconv.Itoa(t.Item)), nil
	}
	return []byte(strconv.Itoa(t.Item) + "x" + strconv.Itoa(t.With)), nil
}

// UnmarshalText reads what MarshalText writes.
func (t *Target) UnmarshalText(b []byte) error {
	item, with, _ := strings.Cut(string(b), "x")
	var err error
	if t.Item, err = strconv.Atoi(item); err != nil {
		return fmt.Errorf("read a rating's target %q: %w", b, err)
	}
	t.With = 0
	if with != "" {
		if t.With, err = strconv.Atoi(with); err != nil {
			return fmt.Errorf("read a rating's target %q: %w", b, err)
		}
	}
	return nil
}

// On is the target of a rating of one item.
func On(item int) Target { return Target{Item: item} }

// Ratings are everyone's ratings in an activity, by target and then
// identity ID: the shared "ratings" block, for a rating type R of the
// exercise's own. Inner maps are replaced, never changed, once published.
type Ratings[R any] map[Target]map[string]R

// Of returns the ratings of one target, by identity ID.
func (r Ratings[R]) Of(t Target) map[string]R { return r[t] }

// Item returns the ratings of one item, by identity ID.
func (r Ratings[R]) Item(id int) map[string]R { return r[On(id)] }

// With returns the ratings with person's rating of t set; r is not changed.
func (r Ratings[R]) With(t Target, person string, v R) Ratings[R] {
	n := make(Ratings[R], len(r)+1)
	for k, m := range r {
		n[k] = m
	}
	mine := make(map[string]R, len(r[t])+1)
	for k, x := range r[t] {
		mine[k] = x
	}
	mine[person] = v
	n[t] = mine
	return n
}

// Without returns the ratings with every rating of an item gone, alone
// or paired with another; r is not changed.
func (r Ratings[R]) Without(item int) Ratings[R] {
	n := make(Ratings[R], len(r))
	for k, m := range r {
		if k.Item != item {
			n[k] = m
		}
	}
	return n
}
