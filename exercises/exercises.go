// Package exercises is the pure domain of CommonGround: each exercise's
// phases, the inputs a participant may give, their validation, and the
// aggregation of everyone's inputs into results. It does no I/O and keeps no
// clock: time is passed in. Everything here is a plain function of its
// arguments, so every method can be tested as a table.
package exercises

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/rivo/uniseg"
)

// Kind names an exercise. The names are used on the command line
// (`--activity willingness`), in agenda files and in stored events, so they
// never change once released.
type Kind string

// Anonymity says how authors are shown to participants and on the big screen.
// The facilitator's presenter view always sees who answered what.
type Anonymity string

// Anonymity settings.
const (
	Named        Anonymity = "named"        // name and organisation shown
	Anonymous    Anonymity = "anonymous"    // neither shown
	Organisation Anonymity = "organisation" // only the organisation shown
)

// privacy ranks a setting: the higher, the less it shows of who answered.
// A setting CommonGround does not know ranks as named.
func (a Anonymity) privacy() int {
	switch a {
	case Organisation:
		return 1
	case Anonymous:
		return 2
	}
	return 0
}

// Looser reports whether a shows more of who answered than b does: named
// is looser than organisation only, which is looser than anonymous.
func (a Anonymity) Looser(b Anonymity) bool { return a.privacy() < b.privacy() }

// Stricter returns the more private of a and b.
func Stricter(a, b Anonymity) Anonymity {
	if a.Looser(b) {
		return b
	}
	return a
}

// Words names the setting as people read it: "named", "organisation
// only", "anonymous".
func (a Anonymity) Words() string {
	switch a {
	case Organisation:
		return "organisation only"
	case Anonymous:
		return "anonymous"
	}
	return "named"
}

// Limits on what a participant may type, in characters (grapheme clusters).
// Longer text is cut (see CleanText) and the person is told.
const (
	MaxTextLen = 280 // characters in a card, an answer's comment, a check-in answer
	MaxNameLen = 60  // characters in a display name or an organisation
)

// Activity is one instance of an exercise on a workshop's agenda, with its
// settings. It is a value: changing settings produces a new Activity.
type Activity struct {
	Kind      Kind          `json:"kind"`
	Title     string        `json:"title"`
	Prompt    string        `json:"prompt"` // the question put to participants
	Anonymity Anonymity     `json:"anonymity"`
	TimeBox   time.Duration `json:"time_box,omitempty"` // planned length of the activity; the timer's default
	// Live shows participants the results in every phase as the input
	// comes in, instead of when a phase reveals them or the facilitator
	// does.
	Live bool `json:"live,omitempty"`
	// Prework, when set, opens the activity's first phase to cohort
	// members at their own pace before the live session (see Prework).
	Prework *Prework `json:"prework,omitempty"`
	// Settings are the exercise's own (a willingness check's statements,
	// an assumption map's categories). They are stored in the same JSON
	// object as the fields above, as they always were, and read back by
	// the exercise (Exercise.Settings).
	Settings Settings `json:"-"`
}

// MarshalJSON writes the activity's fields and its exercise's settings as
// one JSON object.
func (a Activity) MarshalJSON() ([]byte, error) {
	type plain Activity // the fields, without this method
	base, err := json.Marshal(plain(a))
	if err != nil || a.Settings == nil {
		return base, err
	}
	own, err := json.Marshal(a.Settings)
	if err != nil {
		return nil, fmt.Errorf("encode the settings of %q: %w", a.Title, err)
	}
	if len(own) <= 2 || own[0] != '{' { // {} or not an object: nothing to add
		return base, nil
	}
	return append(append(base[:len(base)-1], ','), own[1:]...), nil
}

// CheckAnonymity refuses an anonymity setting CommonGround does not know.
// It returns EInvalid errors.
func (a Activity) CheckAnonymity() error {
	switch a.Anonymity {
	case Named, Anonymous, Organisation:
		return nil
	}
	return Errorf(EInvalid, "anonymity must be named, anonymous or organisation, not %q", a.Anonymity)
}

// CheckTimeBox refuses a negative time box. It returns EInvalid errors.
func (a Activity) CheckTimeBox() error {
	if a.TimeBox < 0 {
		return Errorf(EInvalid, "time box must not be negative")
	}
	return nil
}

// TextLen counts characters the way CleanText cuts them, so that a text cut
// to a limit always passes the check against that same limit.
func TextLen(s string) int { return uniseg.GraphemeClusterCount(s) }

// PhaseSpec declares what participants may do and see in one phase of an
// exercise. Entering a phase resets the facilitator's reveal toggle to
// Reveal; the facilitator may then reveal, hide or lock input.
type PhaseSpec struct {
	Name   string `json:"name"`   // stable identifier, e.g. "answer"
	Title  string `json:"title"`  // shown in headers, e.g. "Answer"
	Input  bool   `json:"input"`  // participants may submit or edit
	Takes  Input  `json:"takes"`  // what participants give when Input is true
	Reveal bool   `json:"reveal"` // results are shown to participants on entry
	Decide bool   `json:"decide"` // the facilitator records a decision here
}

// Input names the block participants fill in during a phase.
type Input string

// The input blocks exercises are built from.
const (
	TakesAnswer Input = "answer" // a value on a scale, or a text, per item
	TakesCard   Input = "card"   // short texts on the wall
	TakesRating Input = "rating" // importance and evidence per card
	TakesAction Input = "action" // proposed actions
)

// Person is whoever gave an input, as the aggregation needs them: a stable
// identifier (the key fingerprint), a display name and an organisation.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Org  string `json:"org"`
	// How the person is shown in their workshop, worked out by the
	// session's fold from everyone who joined and never stored: Label is
	// their name told apart from the look-alike names others took first
	// ("Obs1 (2)"), and Staffish says their name or organisation reads like
	// the mark the server gives facilitators (see session.Snapshot.Mark).
	Label    string `json:"-"`
	Staffish bool   `json:"-"`
}

// Shown is the name the person is shown by: their Label, or the name they
// gave where no workshop labelled it.
func (p Person) Shown() string {
	if p.Label != "" {
		return p.Label
	}
	return p.Name
}
