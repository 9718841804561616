package session

import (
	"slices"
	"time"

	"commonground/exercises"
)

// AddCard puts the caller's assumption on the wall during a card phase.
type AddCard struct {
	Activity int
	Text     string
	Category string
}

// EditCard changes the text or category of the caller's own card while
// cards are still being collected.
type EditCard struct {
	Activity int
	Card     int
	Text     string
	Category string
}

// DeleteCard removes the caller's own card while cards are still being
// collected.
type DeleteCard struct {
	Activity int
	Card     int
}

// MergeCards folds duplicates into one card (facilitator only); the merged
// card keeps every author and, when Text is given, takes it as its text.
type MergeCards struct {
	Activity int
	Into     int
	From     []int
	Text     string
}

// ClusterCards puts cards under a named cluster, or takes them out of any
// cluster when Cluster is empty (facilitator only).
type ClusterCards struct {
	Activity int
	Cards    []int
	Cluster  string
}

// HideCard hides a card from the wall, or shows it again (facilitator only).
type HideCard struct {
	Activity int
	Card     int
	On       bool
}

// RateCard stores the caller's importance and evidence for a card, or a skip.
type RateCard struct {
	Activity   int
	Card       int
	Importance int
	Evidence   int
	Skip       bool
}

// ProposeAction proposes how to test a "test first" card: what, who, by when.
type ProposeAction struct {
	Activity int
	Card     int
	Text     string
	Owner    string // identity ID of a participant
	Due      string // YYYY-MM-DD
}

// ConfirmAction confirms a proposed action (facilitator only).
type ConfirmAction struct {
	Activity int
	Action   int
}

// openFor returns the activity if it is current and its phase takes input
// of the kind, for a caller who joined.
func openFor(st *State, by Actor, i int, takes exercises.Input) (*ActivityState, error) {
	act, err := activity(st, i)
	if err != nil {
		return nil, err
	}
	if _, ok := st.People[by.ID]; !ok && by.Role < Facilitator {
		return nil, exercises.Errorf(exercises.EForbidden, "join the workshop first")
	}
	if i != st.Current || !act.InputOpen() || act.PhaseSpec().Takes != takes {
		return nil, exercises.Errorf(exercises.EClosed, "this is not the time for that in %q", act.Activity.Title)
	}
	return act, nil
}

// liveCard returns a card that is on the wall.
func liveCard(act *ActivityState, id int) (exercises.Card, error) {
	c, ok := act.Card(id)
	if !ok || !c.Live() {
		return exercises.Card{}, exercises.Errorf(exercises.ENotFound, "there is no card %s on the wall", exercises.Card{ID: id}.Label())
	}
	return c, nil
}

// ownCard returns the caller's card in a phase that still takes cards.
func ownCard(st *State, by Actor, i, id int) (*ActivityState, exercises.Card, error) {
	act, err := openFor(st, by, i, exercises.TakesCard)
	if err != nil {
		return nil, exercises.Card{}, err
	}
	c, err := liveCard(act, id)
	if err != nil {
		return nil, c, err
	}
	if !c.HasAuthor(by.ID) {
		return nil, c, exercises.Errorf(exercises.EForbidden, "you can only change your own cards")
	}
	return act, c, nil
}

func (a AddCard) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	act, err := openFor(st, by, a.Activity, exercises.TakesCard)
	if err != nil {
		return nil, err
	}
	text, _ := exercises.CleanText(a.Text, exercises.MaxTextLen)
	if err := act.Activity.ValidateCard(text, a.Category); err != nil {
		return nil, err
	}
	card := exercises.Card{ID: act.nextCardID(), Authors: []string{by.ID}, Text: text, Category: a.Category, At: now}
	ev, err := newEvent(EvCardAdded, now, by.ID, CardAdded{Activity: a.Activity, Card: card})
	return []Event{ev}, err
}

func (a AddCard) notice(after *State, by Actor) string { return Answer{Text: a.Text}.notice(after, by) }

// overCap refuses a participant's card beyond the hub's cap on cards per
// activity. The cards counted are those the participant wrote that still
// stand on their own, hidden ones included (a facilitator hiding a flood
// must not make room for more of it); deleting one makes room, and so does
// a card merged into another.
func (a AddCard) overCap(st *State, by Actor, h *Hub) error {
	if h.cardsPerActivity <= 0 || by.Role >= Facilitator {
		return nil
	}
	act, err := activity(st, a.Activity)
	if err != nil {
		return nil // decide gives the reason
	}
	if n := act.CardsBy(by.ID); n >= h.cardsPerActivity {
		return exercises.Errorf(ELimited, "You have %d cards here, the most one person may: delete one to add another.", n)
	}
	return nil
}

func (e EditCard) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	act, c, err := ownCard(st, by, e.Activity, e.Card)
	if err != nil {
		return nil, err
	}
	text, _ := exercises.CleanText(e.Text, exercises.MaxTextLen)
	if err := act.Activity.ValidateCard(text, e.Category); err != nil {
		return nil, err
	}
	if c.Text == text && c.Category == e.Category {
		return nil, nil
	}
	ev, err := newEvent(EvCardEdited, now, by.ID, CardEdited{Activity: e.Activity, Card: e.Card, Text: text, Category: e.Category})
	return []Event{ev}, err
}

func (e EditCard) notice(after *State, by Actor) string {
	return Answer{Text: e.Text}.notice(after, by)
}

func (d DeleteCard) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if _, _, err := ownCard(st, by, d.Activity, d.Card); err != nil {
		return nil, err
	}
	ev, err := newEvent(EvCardDeleted, now, by.ID, CardRef{Activity: d.Activity, Card: d.Card})
	return []Event{ev}, err
}

func (m MergeCards) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	act, err := activity(st, m.Activity)
	if err != nil {
		return nil, err
	}
	text, _ := exercises.CleanText(m.Text, exercises.MaxTextLen)
	if err := exercises.CheckMerge(act.Cards, m.Into, m.From, text); err != nil {
		return nil, err
	}
	ev, err := newEvent(EvCardsMerged, now, by.ID, CardsMerged{Activity: m.Activity, Into: m.Into, From: slices.Clone(m.From), Text: text})
	return []Event{ev}, err
}

func (c ClusterCards) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	act, err := activity(st, c.Activity)
	if err != nil {
		return nil, err
	}
	name, _ := exercises.CleanText(c.Cluster, exercises.MaxNameLen)
	if len(c.Cards) == 0 {
		return nil, exercises.Errorf(exercises.EInvalid, "choose the cards to group")
	}
	for _, id := range c.Cards {
		if _, err := liveCard(act, id); err != nil {
			return nil, err
		}
	}
	ev, err := newEvent(EvCardsClustered, now, by.ID, CardsClustered{Activity: c.Activity, Cards: slices.Clone(c.Cards), Cluster: name})
	return []Event{ev}, err
}

func (h HideCard) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	act, err := activity(st, h.Activity)
	if err != nil {
		return nil, err
	}
	c, ok := act.Card(h.Card)
	if !ok || c.MergedInto != 0 {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no card %s on the wall", exercises.Card{ID: h.Card}.Label())
	}
	if c.Hidden == h.On {
		return nil, nil
	}
	ev, err := newEvent(EvCardHidden, now, by.ID, CardRef(h))
	return []Event{ev}, err
}

func (r RateCard) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	act, err := openFor(st, by, r.Activity, exercises.TakesRating)
	if err != nil {
		return nil, err
	}
	if _, err := liveCard(act, r.Card); err != nil {
		return nil, err
	}
	rating := exercises.Rating{Importance: r.Importance, Evidence: r.Evidence, Skipped: r.Skip, At: now}
	if r.Skip {
		rating.Importance, rating.Evidence = 0, 0
	}
	if err := rating.Validate(); err != nil {
		return nil, err
	}
	if old, ok := act.Ratings[r.Card][by.ID]; ok && old.Importance == rating.Importance && old.Evidence == rating.Evidence && old.Skipped == rating.Skipped {
		return nil, nil
	}
	ev, err := newEvent(EvRatingSet, now, by.ID, RatingSet{Activity: r.Activity, Card: r.Card, Person: by.ID, Rating: rating})
	return []Event{ev}, err
}

func (p ProposeAction) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	act, err := openFor(st, by, p.Activity, exercises.TakesAction)
	if err != nil {
		return nil, err
	}
	card, err := liveCard(act, p.Card)
	if err != nil {
		return nil, err
	}
	stats := exercises.SummarizeAssumptions([]exercises.Card{card}, act.Ratings, st.People)
	if len(stats) == 0 || stats[0].Quadrant != exercises.TestFirst {
		return nil, exercises.Errorf(exercises.EInvalid, "actions are planned for \"test first\" cards; %s is not one", card.Label())
	}
	text, _ := exercises.CleanText(p.Text, exercises.MaxTextLen)
	if err := exercises.ValidateAction(text, p.Owner, p.Due); err != nil {
		return nil, err
	}
	owner, ok := st.People[p.Owner]
	if !ok {
		return nil, exercises.Errorf(exercises.EInvalid, "the owner must be someone in this workshop")
	}
	item := exercises.ActionItem{ID: max(act.nextAction, 1), CardID: p.Card, Text: text, Owner: p.Owner, Org: owner.Org,
		Due: p.Due, Status: exercises.Proposed, ProposedBy: by.ID, At: now}
	ev, err := newEvent(EvActionProposed, now, by.ID, ActionProposed{Activity: p.Activity, Action: item})
	return []Event{ev}, err
}

func (p ProposeAction) notice(after *State, by Actor) string {
	return Answer{Text: p.Text}.notice(after, by)
}

func (c ConfirmAction) decide(st *State, by Actor, now time.Time) ([]Event, error) {
	if err := requireFacilitator(by); err != nil {
		return nil, err
	}
	act, err := activity(st, c.Activity)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(act.Actions, func(a exercises.ActionItem) bool { return a.ID == c.Action })
	if i < 0 {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no action %d", c.Action)
	}
	if act.Actions[i].Status == exercises.Confirmed {
		return nil, nil
	}
	ev, err := newEvent(EvActionConfirmed, now, by.ID, ActionConfirmed(c))
	return []Event{ev}, err
}
