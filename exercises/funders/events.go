package funders

import (
	"maps"
	"slices"

	"commonground/exercises"
)

// Funder alignment's events, as stored. They never change meaning once
// released (see session.Event).
const (
	EvGoalsSet          = "goals.set"
	EvFunderAdded       = "funder.added"
	EvFunderDeleted     = "funder.deleted"
	EvFundersMerged     = "funders.merged"
	EvFunderHidden      = "funder.hidden"
	EvFunderEdited      = "funder.edited"
	EvRelationshipSet   = "relationship.set"
	EvFunderRated       = "funder.rated"
	EvApproachProposed  = "approach.proposed"
	EvApproachConfirmed = "approach.confirmed"
	EvApproachRejected  = "approach.rejected"
	EvApproachEdited    = "approach.edited"
)

// Payloads of the events, one per type. Activity is the activity's
// position on the workshop's recorded agenda; goals, funders and
// approaches are named by their IDs, which are never reused.
type (
	// GoalsSet replaces the activity's goals with the facilitator's list;
	// from then on the agenda's goals are not read.
	GoalsSet struct {
		Activity int    `json:"activity"`
		Goals    []Goal `json:"goals"`
	}
	// FunderAdded puts a funder on the wall with the adder's relationship.
	FunderAdded struct {
		Activity     int            `json:"activity"`
		Funder       exercises.Card `json:"funder"` // Text is the name, Category the kind
		Focus        string         `json:"focus,omitempty"`
		Relationship Relationship   `json:"relationship"`
	}
	// FunderRef names one funder: deleted by its adder, or hidden/shown.
	FunderRef struct {
		Activity int  `json:"activity"`
		Funder   int  `json:"funder"`
		On       bool `json:"on,omitempty"`
	}
	// FundersMerged folds funders into one (see exercises.Deck.Merged);
	// every relationship given on them is kept.
	FundersMerged struct {
		Activity int    `json:"activity"`
		Into     int    `json:"into"`
		From     []int  `json:"from"`
		Name     string `json:"name,omitempty"`
	}
	// FunderEdited gives a funder a new name, kind and focus: its adder's
	// edit, or the facilitator's correction of its name.
	FunderEdited struct {
		Activity int        `json:"activity"`
		Funder   int        `json:"funder"`
		Name     string     `json:"name"`
		Kind     FunderKind `json:"kind"`
		Focus    string     `json:"focus,omitempty"`
	}
	// RelationshipSet stores a person's organisation's relationship to a
	// funder.
	RelationshipSet struct {
		Activity     int          `json:"activity"`
		Funder       int          `json:"funder"`
		Person       string       `json:"person"`
		Relationship Relationship `json:"relationship"`
	}
	// FunderRated stores a person's rating of a funder: its alignment with
	// goal Goal, or its influence in the field when Goal is 0.
	FunderRated struct {
		Activity int             `json:"activity"`
		Funder   int             `json:"funder"`
		Goal     int             `json:"goal,omitempty"`
		Person   string          `json:"person"`
		Score    exercises.Score `json:"score"`
	}
	// ApproachProposed plans an approach to a funder (Action.CardID): who,
	// by when, with a note, asking for Asks.
	ApproachProposed struct {
		Activity int                  `json:"activity"`
		Action   exercises.ActionItem `json:"action"`
		Asks     []Ask                `json:"asks"`
	}
	// ApproachEdited gives an approach a new note, owner, date and asks
	// (the facilitator's edit). Owner is the identity ID of someone in the
	// workshop, or "" for a typed owner, OwnerName and Org.
	ApproachEdited struct {
		Activity  int    `json:"activity"`
		Action    int    `json:"action"`
		Text      string `json:"text"`
		Owner     string `json:"owner,omitempty"`
		OwnerName string `json:"owner_name,omitempty"`
		Org       string `json:"org,omitempty"`
		Due       string `json:"due"`
		Asks      []Ask  `json:"asks"`
	}
	// ApproachRef names an approach the facilitator confirmed or rejected.
	ApproachRef struct {
		Activity int `json:"activity"`
		Action   int `json:"action"`
	}
)

func (exercise) Events() []string {
	return []string{EvGoalsSet, EvFunderAdded, EvFunderDeleted, EvFundersMerged, EvFunderHidden, EvFunderEdited,
		EvRelationshipSet, EvFunderRated, EvApproachProposed, EvApproachConfirmed, EvApproachRejected, EvApproachEdited}
}

// folds are how each event changes the data. Every one is total: a goal,
// funder or approach it cannot find is passed over, since whether it
// existed was checked when the event was decided.
var folds = exercises.Folds[Data]{
	EvGoalsSet: exercises.Payload(func(w Data, p GoalsSet) Data {
		w.Goals = make([]Goal, len(p.Goals))
		for i, g := range p.Goals {
			w.Goals[i] = Goal{ID: g.ID, Text: exercises.Reclean(g.Text)}
			w.nextGoal = max(w.nextGoal, g.ID+1)
		}
		w.GoalsTyped = true
		return w
	}),
	EvFunderAdded: exercises.Payload(func(w Data, p FunderAdded) Data {
		p.Funder.Text = exercises.Reclean(p.Funder.Text)
		w.Deck = w.Deck.Added(p.Funder)
		w.Focus = maps.Clone(w.Focus)
		if w.Focus == nil {
			w.Focus = map[int]string{}
		}
		w.Focus[p.Funder.ID] = exercises.Reclean(p.Focus)
		if len(p.Funder.Authors) > 0 {
			w.Relations = exercises.WithInner(w.Relations, p.Funder.ID, p.Funder.Authors[0], p.Relationship)
		}
		return w
	}),
	EvFunderDeleted: exercises.Payload(func(w Data, p FunderRef) Data {
		// What was given on the funder goes with it.
		w.Deck, w.Ratings, w.Actions = w.Deck.Deleted(p.Funder), w.Ratings.Without(p.Funder), w.Actions.WithoutCard(p.Funder)
		w.Relations = maps.Clone(w.Relations)
		delete(w.Relations, p.Funder)
		return w
	}),
	EvFundersMerged: exercises.Payload(func(w Data, p FundersMerged) Data {
		w.Deck = w.Deck.Merged(p.Into, p.From, exercises.Reclean(p.Name))
		return w
	}),
	EvFunderHidden: exercises.Payload(func(w Data, p FunderRef) Data {
		w.Deck = w.Deck.Changed([]int{p.Funder}, func(c *exercises.Card) { c.Hidden = p.On })
		return w
	}),
	EvFunderEdited: exercises.Payload(func(w Data, p FunderEdited) Data {
		w.Deck = w.Deck.Changed([]int{p.Funder}, func(c *exercises.Card) { c.Text, c.Category = exercises.Reclean(p.Name), string(p.Kind) })
		w.Focus = maps.Clone(w.Focus)
		if w.Focus == nil {
			w.Focus = map[int]string{}
		}
		w.Focus[p.Funder] = exercises.Reclean(p.Focus)
		return w
	}),
	EvRelationshipSet: exercises.Payload(func(w Data, p RelationshipSet) Data {
		w.Relations = exercises.WithInner(w.Relations, p.Funder, p.Person, p.Relationship)
		return w
	}),
	EvFunderRated: exercises.Payload(func(w Data, p FunderRated) Data {
		w.Ratings = w.Ratings.With(exercises.Target{Item: p.Funder, With: p.Goal}, p.Person, p.Score)
		return w
	}),
	EvApproachProposed: exercises.Payload(func(w Data, p ApproachProposed) Data {
		p.Action.Text, p.Action.Org = exercises.Reclean(p.Action.Text), exercises.Reclean(p.Action.Org)
		p.Action.OwnerName = exercises.Reclean(p.Action.OwnerName)
		w.Actions = w.Actions.Added(p.Action)
		w.Asks = maps.Clone(w.Asks)
		if w.Asks == nil {
			w.Asks = map[int][]Ask{}
		}
		w.Asks[p.Action.ID] = slices.Clone(p.Asks)
		return w
	}),
	EvApproachEdited: exercises.Payload(func(w Data, p ApproachEdited) Data {
		w.Actions = w.Actions.Changed(p.Action, func(a *exercises.ActionItem) {
			a.Text, a.Due = exercises.Reclean(p.Text), p.Due
			a.Owner, a.OwnerName, a.Org = p.Owner, exercises.Reclean(p.OwnerName), exercises.Reclean(p.Org)
		})
		w.Asks = maps.Clone(w.Asks)
		if w.Asks == nil {
			w.Asks = map[int][]Ask{}
		}
		w.Asks[p.Action] = slices.Clone(p.Asks)
		return w
	}),
	EvApproachConfirmed: exercises.Payload(func(w Data, p ApproachRef) Data {
		w.Actions = w.Actions.Confirmed(p.Action)
		return w
	}),
	EvApproachRejected: exercises.Payload(func(w Data, p ApproachRef) Data {
		w.Actions = w.Actions.Rejected(p.Action)
		return w
	}),
}

// Fold applies one of the exercise's events. An event of another
// exercise is passed over.
func (exercise) Fold(d exercises.Data, ev exercises.Record) (exercises.Data, error) {
	return folds.Apply(d, Of, ev)
}
