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
	DontKnow bool     // a person may skip the axis
	Labels   []string // what each value means, from Min; optional
}

// Check refuses a value off the scale. It returns EInvalid errors.
func (s Scale) Check(v int) error {
	if v < s.Min || v > s.Max {
		return Errorf(EInvalid, "choose a value from %d to %d", s.Min, s.Max)
	}
	return nil
}

// Label returns "3 can live with it" style text for a value: the value
// and what it means, or only the value where the scale does not say.
func (s Scale) Label(v int) string {
	if i := v - s.Min; i >= 0 && i < len(s.Labels) && v <= s.Max {
		return strconv.Itoa(v) + " " + s.Labels[i]
	}
	return strconv.Itoa(v)
}

// Score is one person's value on one axis, or their "don't know", which
// is not a value: it counts as seen and adds nothing to the statistics.
type Score struct {
	Value    int  `json:"value"`
	DontKnow bool `json:"dont_know,omitempty"`
}

// CheckScore refuses a score the scale does not allow. It returns EInvalid
// errors.
func (s Scale) CheckScore(sc Score) error {
	if sc.DontKnow {
		if !s.DontKnow {
			return Errorf(EInvalid, "give %s a value from %d to %d", s.Name, s.Min, s.Max)
		}
		if sc.Value != 0 {
			return Errorf(EInvalid, "a \"don't know\" has no value")
		}
		return nil
	}
	return s.Check(sc.Value)
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
	return WithInner(r, t, person, v)
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
