package exercises

import (
	"encoding/json"
	"fmt"
	"time"
)

// Exercise is one kind of structured activity: everything the session, the
// screens and the report ask of it that is not drawing. Each exercise is a
// package of its own under exercises/ (checkin, willingness, assumptions)
// and is listed once in exercises/catalog; the session routes every event
// of an activity to its exercise's Fold and every command to its Decide.
type Exercise interface {
	// Kind is the exercise's stored name.
	Kind() Kind
	// About says in one line what the exercise is for, for help texts and
	// the README's table.
	About() string
	// Defaults is an activity of the exercise with its default title,
	// prompt and settings.
	Defaults() Activity
	// Phases are the exercise's phases in order; the slice is shared and
	// must not be changed.
	Phases() []PhaseSpec
	// Settings reads the exercise's own settings from an activity's stored
	// JSON object (see Activity.MarshalJSON).
	Settings(raw json.RawMessage) (Settings, error)
	// Validate checks an activity's settings. It returns EInvalid errors.
	Validate(a Activity) error
	// Empty is an activity's data before anyone gave anything.
	Empty() Data
	// Events are the event types the exercise's Fold reads.
	Events() []string
	// Fold returns the data after one of the exercise's events (the
	// session passes it no others). It is
	// total: the event was checked when it was decided, and rules are never
	// checked again on replay; it fails only on a payload it cannot read.
	// The data passed in is never changed (copy on write).
	Fold(d Data, ev Record) (Data, error)
	// Progress is how far each person is with what the phase asks.
	Progress(a Activity, phase PhaseSpec, d Data) Progress
	// HasInput reports whether anyone ever gave input in the activity,
	// including input later taken back (a deleted card): from then on its
	// anonymity may only become more private (see session.SetAnonymity).
	HasInput(d Data) bool
	// Derive computes the activity's results from its data, once per
	// published version of the workshop; nil where there is nothing to
	// compute. What it returns is the exercise's own type.
	Derive(a Activity, d Data, people Roster) any
}

// PeopleProgress is an exercise whose progress depends on who people are
// (a party's position counts for every member of the party): the session
// asks it rather than Exercise.Progress, with everyone who joined.
type PeopleProgress interface {
	ProgressWith(a Activity, phase PhaseSpec, d Data, people Roster) Progress
}

// Demoed is an exercise that says whether the demo agenda holds one of it.
// An exercise that does not implement it is in the demo; one that needs
// settings of a real workshop (conflict resolution needs a real issue) is
// not, and is added by name (`workshop new --activity conflict`).
type Demoed interface {
	InDemo() bool
}

// Settings are an exercise's own settings of one activity (statements,
// categories), a value of the exercise's own type; nil where it has none.
type Settings any

// Data is one activity's inputs as its exercise folds them: a value of the
// exercise's own type, immutable once published.
type Data any

// Record is a stored event as an exercise's Fold reads it.
type Record struct {
	Type  string
	At    time.Time
	Actor string // identity ID of who caused it
	Data  json.RawMessage
}

// Roster is who joined a workshop: people by identity ID, and their IDs in
// the order they first joined, which is the order results list them in.
type Roster struct {
	People map[string]Person
	Order  []string
}

// Command is what a participant or a facilitator asks of one activity's
// exercise: add a card, rate it, answer a statement. The session checks
// nothing an exercise owns; Decide checks the exercise's rules against the
// activity as it stands and returns the events to store.
type Command interface {
	// Target is the position of the activity on the agenda.
	Target() int
	// Decide returns the changes the command makes, none when it changes
	// nothing, or an *Error saying which rule it breaks.
	Decide(c Context) ([]Change, error)
}

// Restricted is a command only a facilitator may give: the session refuses
// anyone else before it looks for the activity, as it does its own
// facilitator actions.
type Restricted interface {
	Command
	FacilitatorOnly()
}

// Noticer is a command whose input may be changed on the way in (cut to a
// limit); Notice tells the person what happened to what they typed.
type Noticer interface {
	Notice() string
}

// Change is one event a command produces: its type and payload. The
// session stamps it with a sequence number, a time and the actor.
type Change struct {
	Type    string
	Payload any
}

// Context is what a command is decided against: the activity as it
// stands, who asks, and the workshop around it.
type Context struct {
	Index    int // the activity's position on the agenda
	Exercise Exercise
	Activity Activity
	Phase    PhaseSpec
	Data     Data
	// Current says the workshop is on this activity; InputOpen that its
	// phase takes input and the facilitator has not paused it.
	Current, InputOpen bool
	By                 string // identity ID of who asks
	Joined             bool   // they joined the workshop
	Facilitator        bool
	People             map[string]Person
	Now                time.Time
	// CardCap is the most cards one participant may have in the activity
	// (the hub's cap); 0 for none.
	CardCap int
}

// RequireFacilitator refuses anyone but a facilitator.
func (c Context) RequireFacilitator() error {
	if !c.Facilitator {
		return Errorf(EForbidden, "only a facilitator can do that")
	}
	return nil
}

// Open refuses a command that gives input of the kind unless the caller
// joined (or facilitates) and the activity's current phase takes it now.
func (c Context) Open(takes Input) error {
	if !c.Joined && !c.Facilitator {
		return Errorf(EForbidden, "join the workshop first")
	}
	if !c.Current || !c.InputOpen || c.Phase.Takes != takes {
		return Errorf(EClosed, "this is not the time for that in %q", c.Activity.Title)
	}
	return nil
}

// One returns a single change, for the commands that make one event.
func One(typ string, payload any) []Change { return []Change{{Type: typ, Payload: payload}} }

// Basics are what every exercise declares about itself as data: what it is
// for, its phases and its default activity. An exercise embeds them and
// adds its rules.
type Basics struct {
	about    string
	phases   []PhaseSpec
	defaults Activity
}

// Declare returns an exercise's basics. The defaults name its kind; their
// settings are copied for each new activity when they can be (Cloner).
func Declare(about string, phases []PhaseSpec, defaults Activity) Basics {
	return Basics{about: about, phases: phases, defaults: defaults}
}

// Cloner is settings that hold slices or maps, which a copy must not share.
type Cloner interface {
	Clone() Settings
}

// Kind is the exercise's stored name.
func (b Basics) Kind() Kind { return b.defaults.Kind }

// About says in one line what the exercise is for.
func (b Basics) About() string { return b.about }

// Phases are the exercise's phases in order (shared: do not change them).
func (b Basics) Phases() []PhaseSpec { return b.phases }

// Defaults is a new activity of the exercise with its default settings.
func (b Basics) Defaults() Activity {
	a := b.defaults
	if c, ok := a.Settings.(Cloner); ok {
		a.Settings = c.Clone()
	}
	return a
}

// ReadSettings reads settings of type S from an activity's stored JSON
// object, for Exercise.Settings.
func ReadSettings[S any](raw json.RawMessage) (Settings, error) {
	var s S
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("read the settings: %w", err)
	}
	return s, nil
}
