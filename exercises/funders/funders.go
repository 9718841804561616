// Package funders is funder alignment: the partnership names its agenda's
// goals, participants put the funders they know on the wall with their own
// organisation's relationship to each, everyone rates each funder's
// alignment with each goal and its influence in the field, the matrix shows
// which goals no funder covers and which funders to approach first, and the
// room plans who talks to which funder and what they ask for.
package funders

import (
	"encoding/json"
	"slices"

	"commonground/exercises"
)

// Kind is funder alignment's stored name.
const Kind exercises.Kind = "funders"

// Funder alignment's phases, by their stable names.
const (
	PhaseGoals   = "goals"
	PhaseFunders = "funders"
	PhaseRate    = "rate"
	PhaseMatrix  = "matrix"
	PhasePlan    = "plan"
)

var phases = []exercises.PhaseSpec{
	// The facilitator sets the goals; everyone sees them as they are typed,
	// and the presenter says so.
	{Name: PhaseGoals, Title: "Goals", Reveal: true},
	// Private writing, like assumption cards: others' funders show only as
	// a count until the facilitator reveals the wall.
	{Name: PhaseFunders, Title: "Funders", Input: true, Takes: exercises.TakesCard},
	{Name: PhaseRate, Title: "Rate", Input: true, Takes: exercises.TakesRating},
	{Name: PhaseMatrix, Title: "Matrix", Reveal: true},
	// As in assumption mapping: the plan is made on the matrix, whose
	// ratings closed in Rate, and the proposals are shown so that two
	// people do not offer to approach the same funder unawares.
	{Name: PhasePlan, Title: "Plan", Input: true, Takes: exercises.TakesAction, Reveal: true},
}

// List is the one list of funders of an activity: "F1", "F2", ...
var List = exercises.CardList{Name: "funders", Prefix: "F"}

// Label is the short id funder id is shown with.
func Label(id int) string { return List.Label(id) }

// Limits on the goals and on what describes a funder, in characters.
const (
	MinGoals    = 3
	MaxGoals    = 6
	MaxGoalLen  = 80  // characters in a goal
	MaxNameLen  = 80  // characters in a funder's name
	MaxFocusLen = 160 // characters in a funder's focus areas
)

// Settings are funder alignment's own: the agenda's goals, as written in
// an agenda file. None means the facilitator types them in the presenter.
type Settings struct {
	Goals []string `json:"goals,omitempty"`
}

// Clone copies the goals.
func (s Settings) Clone() exercises.Settings { return Settings{Goals: slices.Clone(s.Goals)} }

// Goal is one of the partnership's agenda goals, by a stable ID: the
// goals set in the agenda are 1, 2, 3 ... in order; goals the facilitator
// adds get the next IDs, never reused.
type Goal struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
}

// FunderKind is what kind of institution a funder is.
type FunderKind string

// The kinds a funder may be.
const (
	Foundation FunderKind = "foundation"
	Public     FunderKind = "public"
	Corporate  FunderKind = "corporate"
	Individual FunderKind = "individual"
	OtherKind  FunderKind = "other"
)

// FunderKinds lists the kinds in the order they are offered.
func FunderKinds() []FunderKind {
	return []FunderKind{Foundation, Public, Corporate, Individual, OtherKind}
}

// Relationship is an organisation's relationship to a funder, from none
// to the closest.
type Relationship string

// The relationships, from the loosest.
const (
	NoRelation Relationship = "none"
	KnowsOf    Relationship = "knows_of"
	Contact    Relationship = "contact"
	FundedBy   Relationship = "funded"
)

// Relationships lists the relationships from the loosest to the closest.
func Relationships() []Relationship { return []Relationship{NoRelation, KnowsOf, Contact, FundedBy} }

// Closeness ranks a relationship: 0 for none (or one not known), 3 for
// funded by them.
func (r Relationship) Closeness() int { return max(slices.Index(Relationships(), r), 0) }

// Words names the relationship as people read it.
func (r Relationship) Words() string {
	switch r {
	case KnowsOf:
		return "knows of them"
	case Contact:
		return "has a contact"
	case FundedBy:
		return "funded by them"
	}
	return "no relationship"
}

// Ask is what an approach to a funder asks for.
type Ask string

// The asks, in the order offered.
const (
	AskInsight       Ask = "insight"
	AskIntroductions Ask = "introductions"
	AskFunding       Ask = "funding"
	AskData          Ask = "data"
)

// Asks lists the asks in the order offered.
func Asks() []Ask { return []Ask{AskInsight, AskIntroductions, AskFunding, AskData} }

// Words names the ask as people read it.
func (a Ask) Words() string {
	switch a {
	case AskInsight:
		return "insight into the field"
	case AskIntroductions:
		return "introductions to other grantees and funders"
	case AskFunding:
		return "funding"
	case AskData:
		return "data"
	}
	return string(a)
}

// The rating scales: alignment of a funder with one goal (0 none ... 3
// strong) and its influence in the field (1-5); both take "don't know",
// which is not 0.
var (
	Alignment = exercises.Scale{Name: "alignment", Min: 0, Max: 3, DontKnow: true,
		Labels: []string{"none", "weak", "some", "strong"}}
	Influence = exercises.Scale{Name: "influence", Min: 1, Max: 5, DontKnow: true,
		Labels: []string{"very little", "little", "some", "much", "very much"}}
)

// Goals returns the activity's goals as they stand: the goals the
// facilitator typed, once they typed any, else the agenda's.
func Goals(a exercises.Activity, d exercises.Data) []Goal {
	w := Of(d)
	if w.GoalsTyped {
		return w.Goals
	}
	s, _ := a.Settings.(Settings)
	out := make([]Goal, len(s.Goals))
	for i, g := range s.Goals {
		out[i] = Goal{ID: i + 1, Text: g}
	}
	return out
}

// nextGoal is the ID the next goal added gets.
func nextGoal(a exercises.Activity, w Data) int {
	s, _ := a.Settings.(Settings)
	return max(w.nextGoal, len(s.Goals)+1)
}

// Data is one activity's inputs: the goals typed, the funders with their
// focus and everyone's relationships, the ratings and the approaches
// planned. A value, immutable once published.
type Data struct {
	Goals      []Goal
	GoalsTyped bool // the facilitator set the goals: they replace the agenda's
	nextGoal   int
	Deck       exercises.Deck // the funders: Text is the name, Category the kind
	Focus      map[int]string // focus areas by funder ID
	// Relations are the relationships people gave, by the funder they gave
	// them on and then identity ID. A funder merged into another keeps its
	// own: the survivor's relationships are read from it and every funder
	// merged into it (Relations), so that none is lost.
	Relations map[int]map[string]Relationship
	// Ratings are alignments by {funder, goal} and influences by {funder}.
	Ratings exercises.Ratings[exercises.Score]
	Actions exercises.Actions // approaches: CardID is the funder
	Asks    map[int][]Ask     // what each approach asks for, by action ID
}

// Of returns an activity's data, an empty one for another exercise's data.
func Of(d exercises.Data) Data {
	w, _ := d.(Data)
	if w.Deck.List == (exercises.CardList{}) {
		w.Deck.List = List
	}
	return w
}

// Funders are the funders in the order added, merged and hidden ones
// included.
func (d Data) Funders() []exercises.Card { return d.Deck.Cards }

// RelationsOf returns everyone's relationship to funder id, its own and
// those given on funders merged into it, by identity ID. Where one person
// gave two (they added the funder twice), the closer one stands.
func (d Data) RelationsOf(id int) map[string]Relationship {
	out := map[string]Relationship{}
	for _, c := range d.Deck.Cards {
		if c.ID != id && c.MergedInto != id {
			continue
		}
		for who, r := range d.Relations[c.ID] {
			if old, ok := out[who]; !ok || r.Closeness() > old.Closeness() {
				out[who] = r
			}
		}
	}
	return out
}

// exercise is funder alignment.
type exercise struct{ exercises.Basics }

// Exercise is funder alignment, as the catalog lists it.
var Exercise exercises.Exercise = exercise{exercises.Declare(
	"map funders against the agenda's goals, find the gaps, plan who approaches whom", phases,
	exercises.Activity{Kind: Kind, Title: "Funder alignment", Anonymity: exercises.Named,
		Prompt:   "Which funders share our agenda? Add the funders you know and how your organisation knows them.",
		Settings: Settings{}})}

func (exercise) Settings(raw json.RawMessage) (exercises.Settings, error) {
	return exercises.ReadSettings[Settings](raw)
}

// Validate checks the agenda's goals: none (typed in the presenter), or
// MinGoals to MaxGoals short ones.
func (exercise) Validate(a exercises.Activity) error {
	s, _ := a.Settings.(Settings)
	if n := len(s.Goals); n != 0 && (n < MinGoals || n > MaxGoals) {
		return exercises.SettingErrorf("goals", 0, "goals: give %d to %d goals, not %d (or none, to type them in the presenter)", MinGoals, MaxGoals, n)
	}
	for i, g := range s.Goals {
		if err := checkGoal(i+1, g); err != nil {
			return err
		}
	}
	return nil
}

// checkGoal checks goal n's text, cleaned. It returns EInvalid errors.
func checkGoal(n int, text string) error {
	if text == "" {
		return exercises.SettingErrorf("goals", n, "goal %d is empty", n)
	}
	if exercises.TextLen(text) > MaxGoalLen {
		return exercises.SettingErrorf("goals", n, "goal %d is longer than %d characters", n, MaxGoalLen)
	}
	if clean, _ := exercises.CleanText(text, MaxGoalLen); clean != text {
		return exercises.SettingErrorf("goals", n, "goal %d has characters that cannot be shown", n)
	}
	return nil
}

func (exercise) Empty() exercises.Data { return Data{Deck: exercises.Deck{List: List}} }

// HasInput reports whether anyone added a funder (one deleted since
// counts), gave a relationship, rated, or proposed an approach. Goals
// are the facilitator's, not input.
func (exercise) HasInput(d exercises.Data) bool {
	w := Of(d)
	return w.Deck.NextID() > 1 || len(w.Relations) > 0 || len(w.Ratings) > 0 || w.Actions.NextID() > 1
}

// CountsFunders is what the Funders phase counts: a funder on the wall.
var CountsFunders = exercises.Counted{Verb: "added funders", Headline: "Funders added by %d of %d people"}

// Progress counts funders while they are added, then funders rated in
// full: an influence and an alignment with every goal, values or "don't
// know".
func (exercise) Progress(a exercises.Activity, phase exercises.PhaseSpec, d exercises.Data) exercises.Progress {
	w := Of(d)
	switch phase.Name {
	case PhaseGoals:
		return exercises.NewProgress(CountsFunders, 0, nil)
	case PhaseFunders:
		// Everyone whose funder is on the wall, merged into another's too.
		added := map[string]int{}
		for _, c := range w.Deck.Cards {
			if c.Live() {
				for _, a := range c.Authors {
					added[a]++
				}
			}
		}
		return exercises.NewProgress(CountsFunders, 1, func(id string) int { return added[id] })
	}
	goals := Goals(a, d)
	live := 0
	counts := map[string]int{}
	for _, c := range w.Deck.Cards {
		if !c.Live() {
			continue
		}
		live++
		for id := range w.Ratings.Of(exercises.On(c.ID)) {
			if w.ratedAll(c.ID, id, goals) {
				counts[id]++
			}
		}
	}
	return exercises.NewProgress(exercises.CountsRatings, live, func(id string) int { return counts[id] })
}

// rated reports whether anyone rated the funder or planned an approach to
// it.
func (d Data) rated(funder int) bool {
	for t, by := range d.Ratings {
		if t.Item == funder && len(by) > 0 {
			return true
		}
	}
	return slices.ContainsFunc(d.Actions.Items, func(a exercises.ActionItem) bool { return a.CardID == funder })
}

// ratedAll reports whether person rated funder's influence and its
// alignment with every goal.
func (d Data) ratedAll(funder int, person string, goals []Goal) bool {
	if _, ok := d.Ratings.Of(exercises.On(funder))[person]; !ok {
		return false
	}
	for _, g := range goals {
		if _, ok := d.Ratings.Of(exercises.Target{Item: funder, With: g.ID})[person]; !ok {
			return false
		}
	}
	return true
}

// RateProgress is how far one person is through rating the funders.
type RateProgress struct{ Done, Total int }

// RatingProgress counts the live funders person rated in full.
func (d Data) RatingProgress(a exercises.Activity, person string) RateProgress {
	goals := Goals(a, d)
	var p RateProgress
	for _, c := range d.Deck.Cards {
		if c.Live() {
			p.Total++
			if d.ratedAll(c.ID, person, goals) {
				p.Done++
			}
		}
	}
	return p
}

// Derive is the matrix, the quadrants and the relationships.
func (exercise) Derive(a exercises.Activity, d exercises.Data, people exercises.Roster) any {
	return Summarize(Goals(a, d), Of(d), people.People, a.Anonymity)
}

// ResultsOf returns the results Derive computed, empty ones for another
// exercise's results.
func ResultsOf(results any) Results {
	r, _ := results.(Results)
	return r
}

// ActionItems are the approaches planned, in the order proposed
// (exercises.Planner).
func (d Data) ActionItems() []exercises.ActionItem { return d.Actions.Items }
