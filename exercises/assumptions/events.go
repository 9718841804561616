package assumptions

import (
	"commonground/exercises"
)

// Assumption mapping's events, as stored. They never change meaning once
// released (see session.Event).
const (
	EvCardAdded       = "card.added"
	EvCardEdited      = "card.edited"
	EvCardDeleted     = "card.deleted"
	EvCardsMerged     = "cards.merged"
	EvCardsClustered  = "cards.clustered"
	EvCardHidden      = "card.hidden"
	EvRatingSet       = "rating.set"
	EvActionProposed  = "action.proposed"
	EvActionConfirmed = "action.confirmed"
	EvActionEdited    = "action.edited"
	EvActionRejected  = "action.rejected"
)

// Payloads of the events, one per type. Activity is the activity's
// position on the workshop's recorded agenda; cards and actions are named
// by their IDs, which are never reused.
type (
	// CardAdded puts a new card on the wall.
	CardAdded struct {
		Activity int            `json:"activity"`
		Card     exercises.Card `json:"card"`
	}
	// CardEdited changes a card's text and category.
	CardEdited struct {
		Activity int    `json:"activity"`
		Card     int    `json:"card"`
		Text     string `json:"text"`
		Category string `json:"category,omitempty"`
	}
	// CardRef names one card: deleted by its author, or hidden/shown.
	CardRef struct {
		Activity int  `json:"activity"`
		Card     int  `json:"card"`
		On       bool `json:"on,omitempty"`
	}
	// CardsMerged folds cards into one (see exercises.Deck.Merged).
	CardsMerged struct {
		Activity int    `json:"activity"`
		Into     int    `json:"into"`
		From     []int  `json:"from"`
		Text     string `json:"text,omitempty"`
	}
	// CardsClustered puts cards under a named cluster ("" removes them from one).
	CardsClustered struct {
		Activity int    `json:"activity"`
		Cards    []int  `json:"cards"`
		Cluster  string `json:"cluster"`
	}
	// RatingSet stores a participant's rating of a card.
	RatingSet struct {
		Activity int    `json:"activity"`
		Card     int    `json:"card"`
		Person   string `json:"person"`
		Rating   Rating `json:"rating"`
	}
	// ActionProposed adds an action item.
	ActionProposed struct {
		Activity int                  `json:"activity"`
		Action   exercises.ActionItem `json:"action"`
	}
	// ActionConfirmed marks an action item confirmed by the facilitator.
	ActionConfirmed struct {
		Activity int `json:"activity"`
		Action   int `json:"action"`
	}
	// ActionEdited gives an action item a new text, owner and due date
	// (the facilitator's edit). Owner is the identity ID of someone in the
	// workshop, or "" for a typed owner, OwnerName and Org.
	ActionEdited struct {
		Activity  int    `json:"activity"`
		Action    int    `json:"action"`
		Text      string `json:"text"`
		Owner     string `json:"owner,omitempty"`
		OwnerName string `json:"owner_name,omitempty"`
		Org       string `json:"org,omitempty"`
		Due       string `json:"due"`
	}
	// ActionRejected marks an action item rejected by the facilitator; it
	// stays, with that status.
	ActionRejected struct {
		Activity int `json:"activity"`
		Action   int `json:"action"`
	}
)

func (exercise) Events() []string {
	return []string{EvCardAdded, EvCardEdited, EvCardDeleted, EvCardsMerged, EvCardsClustered,
		EvCardHidden, EvRatingSet, EvActionProposed, EvActionConfirmed,
		EvActionEdited, EvActionRejected}
}

// folds are how each event changes the wall. Every one is total: a card
// or action it cannot find is passed over, since whether it existed was
// checked when the event was decided.
var folds = exercises.Folds[Data]{
	EvCardAdded: exercises.FoldOn(func(w Data, p CardAdded) Data {
		p.Card.Text, p.Card.Cluster = exercises.Reclean(p.Card.Text), exercises.Reclean(p.Card.Cluster)
		w.Deck = w.Deck.Added(p.Card)
		return w
	}),
	EvCardEdited: exercises.FoldOn(func(w Data, p CardEdited) Data {
		w.Deck = w.Deck.Changed([]int{p.Card}, func(c *exercises.Card) { c.Text, c.Category = exercises.Reclean(p.Text), p.Category })
		return w
	}),
	EvCardHidden: exercises.FoldOn(func(w Data, p CardRef) Data {
		w.Deck = w.Deck.Changed([]int{p.Card}, func(c *exercises.Card) { c.Hidden = p.On })
		return w
	}),
	EvCardDeleted: exercises.FoldOn(func(w Data, p CardRef) Data {
		// What was given on the card goes with it.
		w.Deck, w.Ratings, w.Actions = w.Deck.Deleted(p.Card), w.Ratings.Without(p.Card), w.Actions.WithoutCard(p.Card)
		return w
	}),
	EvCardsMerged: exercises.FoldOn(func(w Data, p CardsMerged) Data {
		w.Deck = w.Deck.Merged(p.Into, p.From, exercises.Reclean(p.Text))
		return w
	}),
	EvCardsClustered: exercises.FoldOn(func(w Data, p CardsClustered) Data {
		name := exercises.Reclean(p.Cluster)
		w.Deck = w.Deck.Changed(p.Cards, func(c *exercises.Card) { c.Cluster = name })
		return w
	}),
	EvRatingSet: exercises.FoldOn(func(w Data, p RatingSet) Data {
		w.Ratings = w.Ratings.With(exercises.On(p.Card), p.Person, p.Rating)
		return w
	}),
	EvActionProposed: exercises.FoldOn(func(w Data, p ActionProposed) Data {
		p.Action.Text, p.Action.Org = exercises.Reclean(p.Action.Text), exercises.Reclean(p.Action.Org)
		p.Action.OwnerName = exercises.Reclean(p.Action.OwnerName)
		w.Actions = w.Actions.Added(p.Action)
		return w
	}),
	EvActionConfirmed: exercises.FoldOn(func(w Data, p ActionConfirmed) Data {
		w.Actions = w.Actions.Confirmed(p.Action)
		return w
	}),
	EvActionEdited: exercises.FoldOn(func(w Data, p ActionEdited) Data {
		w.Actions = w.Actions.Changed(p.Action, func(a *exercises.ActionItem) {
			a.Text, a.Due = exercises.Reclean(p.Text), p.Due
			a.Owner, a.OwnerName, a.Org = p.Owner, exercises.Reclean(p.OwnerName), exercises.Reclean(p.Org)
		})
		return w
	}),
	EvActionRejected: exercises.FoldOn(func(w Data, p ActionRejected) Data {
		w.Actions = w.Actions.Rejected(p.Action)
		return w
	}),
}

// Fold applies one of the wall's events. An event of another exercise is
// passed over.
func (exercise) Fold(d exercises.Data, ev exercises.Record) (exercises.Data, error) {
	return folds.Apply(d, ev, func(d exercises.Data) Data { return Of(d) })
}
