// Package assumptions is assumption mapping: participants write the
// assumptions their work rests on as cards, the facilitator groups them,
// everyone rates each card's importance and the evidence behind it, the map
// shows which to test first, and the room plans how to test them.
package assumptions

import (
	"encoding/json"
	"slices"
	"time"

	"commonground/exercises"
)

// Kind is assumption mapping's stored name.
const Kind exercises.Kind = "assumptions"

// Assumption mapping's phases, by their stable names: what the screens and
// progress ask of a phase goes by its name, never by its position.
const (
	PhaseCollect = "collect"
	PhaseGroup   = "group"
	PhaseRate    = "rate"
	PhaseMap     = "map"
	PhasePlan    = "plan"
)

var phases = []exercises.PhaseSpec{
	// Private writing: others' cards show only as a count until the
	// facilitator reveals the wall.
	{Name: PhaseCollect, Title: "Collect", Input: true, Takes: exercises.TakesCard},
	// The facilitator moderates the wall (edits, hides, merges) before the
	// room sees it: Group does not reveal it by itself.
	{Name: PhaseGroup, Title: "Group"},
	{Name: PhaseRate, Title: "Rate", Input: true, Takes: exercises.TakesRating},
	{Name: PhaseMap, Title: "Map", Reveal: true},
	// The one phase that takes input with the results shown on entry: an
	// action is planned on the map (a participant selects a "test first"
	// card on it), and what it shows, the ratings, was closed in Rate, so
	// no one still giving input here reads others' answers to the same
	// question first. The proposed actions are shown so that two people
	// do not propose the same test.
	{Name: PhasePlan, Title: "Plan", Input: true, Takes: exercises.TakesAction, Reveal: true},
}

// List is the one list of cards of an assumption map: "A1", "A2", ...
var List = exercises.CardList{Name: "assumptions", Prefix: "A"}

// Label is the short id card id is shown with on the map.
func Label(id int) string { return List.Label(id) }

// DefaultCategories are the assumption-mapping categories offered when an
// activity names none.
var DefaultCategories = []string{"the problem", "the people served", "partners", "funding", "what works"}

// MaxCategories is how many categories one map may have.
const MaxCategories = 12

// Settings are an assumption map's own: the categories a card may have.
type Settings struct {
	Categories []string `json:"categories,omitempty"`
}

// Categories returns the activity's categories, none when it is not an
// assumption map. The slice is shared: do not change it.
func Categories(a exercises.Activity) []string {
	s, _ := a.Settings.(Settings)
	return s.Categories
}

// Rating is one participant's view of one card. A skipped card counts as
// seen but adds nothing to the statistics.
type Rating struct {
	Importance int       `json:"importance"` // 1-5; 0 when skipped
	Evidence   int       `json:"evidence"`   // 1-5; 0 when skipped
	Skipped    bool      `json:"skipped,omitempty"`
	At         time.Time `json:"at"`
}

// Rating scale of assumption mapping.
const (
	RateMin = 1
	RateMax = 5
	// RateMid is where the map's axes cross. A card is important when its
	// mean importance is at least RateMid, and has strong evidence only when
	// its mean evidence is above it: a card on the evidence line is tested
	// rather than built on.
	RateMid = 3.0
)

// The two axes a card is rated on; a person may skip a card.
var (
	Importance = exercises.Scale{Name: "importance", Min: RateMin, Max: RateMax, DontKnow: true}
	Evidence   = exercises.Scale{Name: "evidence", Min: RateMin, Max: RateMax, DontKnow: true}
)

// Validate checks a rating. It returns EInvalid errors.
func (r Rating) Validate() error {
	if r.Skipped {
		if r.Importance != 0 || r.Evidence != 0 {
			return exercises.Errorf(exercises.EInvalid, "a skipped card has no values")
		}
		return nil
	}
	if Importance.Check(r.Importance) != nil || Evidence.Check(r.Evidence) != nil {
		return exercises.Errorf(exercises.EInvalid, "rate importance and evidence from %d to %d", RateMin, RateMax)
	}
	return nil
}

// Data is one assumption map's wall: its cards, everyone's ratings of
// them, and the actions planned. A value, immutable once published.
type Data struct {
	Deck    exercises.Deck
	Ratings exercises.Ratings[Rating]
	Actions exercises.Actions
}

// Of returns an activity's wall, an empty one for another exercise's data.
func Of(d exercises.Data) Data {
	w, _ := d.(Data)
	if w.Deck.List == (exercises.CardList{}) {
		w.Deck.List = List
	}
	return w
}

// Cards are the wall's cards in the order written, merged and hidden ones
// included.
func (d Data) Cards() []exercises.Card { return d.Deck.Cards }

// exercise is assumption mapping.
type exercise struct{ exercises.Basics }

// Exercise is assumption mapping, as the catalog lists it.
var Exercise exercises.Exercise = exercise{exercises.Declare(
	"write assumptions, rate them, map them, plan tests of the riskiest", phases,
	exercises.Activity{Kind: Kind, Title: "Assumption mapping", Anonymity: exercises.Named,
		Prompt:   "We believe that ... Write one assumption about the system per card.",
		Settings: Settings{Categories: DefaultCategories}})}

// Clone copies the categories.
func (s Settings) Clone() exercises.Settings { return Settings{Categories: slices.Clone(s.Categories)} }

func (exercise) Settings(raw json.RawMessage) (exercises.Settings, error) {
	return exercises.ReadSettings[Settings](raw)
}

func (exercise) Validate(a exercises.Activity) error {
	cats := Categories(a)
	if len(cats) > MaxCategories {
		return exercises.SettingErrorf("categories", 0, "an assumption map has at most %d categories, not %d", MaxCategories, len(cats))
	}
	for i, c := range cats {
		if c == "" || exercises.TextLen(c) > exercises.MaxNameLen {
			return exercises.SettingErrorf("categories", i+1, "category %d must have 1 to %d characters", i+1, exercises.MaxNameLen)
		}
	}
	return nil
}

// ValidateCard checks a card's text and category against the activity. The
// text must already be cleaned. It returns EInvalid errors.
func ValidateCard(a exercises.Activity, text, category string) error {
	if text == "" {
		return exercises.Errorf(exercises.EInvalid, "write the assumption before adding it")
	}
	if exercises.TextLen(text) > exercises.MaxTextLen {
		return exercises.Errorf(exercises.EInvalid, "an assumption has at most %d characters", exercises.MaxTextLen)
	}
	if category == "" || slices.Contains(Categories(a), category) {
		return nil
	}
	return exercises.Errorf(exercises.EInvalid, "%q is not one of this activity's categories", category)
}

func (exercise) Empty() exercises.Data { return Data{Deck: exercises.Deck{List: List}} }

// HasInput reports whether anyone wrote a card (one deleted since
// counts: the card IDs were advanced past it), rated one, or proposed an
// action.
func (exercise) HasInput(d exercises.Data) bool {
	w := Of(d)
	return w.Deck.NextID() > 1 || len(w.Ratings) > 0 || w.Actions.NextID() > 1
}

// Progress counts cards while they are written and grouped, then ratings:
// every live card, rated or skipped.
func (exercise) Progress(_ exercises.Activity, phase exercises.PhaseSpec, d exercises.Data) exercises.Progress {
	w := Of(d)
	counts := map[string]int{}
	live := 0
	byCard := phase.Name == PhaseCollect || phase.Name == PhaseGroup
	for _, c := range w.Deck.Cards {
		if !c.Live() {
			continue
		}
		live++
		if byCard {
			for _, a := range c.Authors {
				counts[a]++
			}
			continue
		}
		for id := range w.Ratings.Item(c.ID) {
			counts[id]++
		}
	}
	given := func(id string) int { return counts[id] }
	if byCard {
		return exercises.NewProgress(exercises.CountsCards, 1, given)
	}
	return exercises.NewProgress(exercises.CountsRatings, live, given)
}

// Derive is every live card's statistics, in card order.
func (exercise) Derive(_ exercises.Activity, d exercises.Data, people exercises.Roster) any {
	w := Of(d)
	return Summarize(w.Deck.Cards, w.Ratings, people.People)
}

// StatsOf returns the statistics Derive computed, none for another
// exercise's results.
func StatsOf(results any) []CardStats {
	s, _ := results.([]CardStats)
	return s
}

// Card returns the card with the ID, or false.
func (d Data) Card(id int) (exercises.Card, bool) { return d.Deck.Card(id) }

// RatingsOf returns everyone's ratings of a card, by identity ID.
func (d Data) RatingsOf(card int) map[string]Rating { return d.Ratings.Item(card) }

// ActionItems are the actions planned, in the order proposed.
func (d Data) ActionItems() []exercises.ActionItem { return d.Actions.Items }

// RatingProgress is how far a person is through rating the wall.
func (d Data) RatingProgress(id string) RatingProgress {
	return ProgressOf(d.Deck.Cards, d.Ratings, id)
}

// CardsBy counts the cards id wrote that stand on their own, hidden ones
// included: what the cap on cards per person counts.
func (d Data) CardsBy(id string) int { return d.Deck.CardsBy(id) }
