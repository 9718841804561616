package exercises

import (
	"slices"
	"time"
)

// ActionStatus is where an action item stands.
type ActionStatus string

// Action item statuses.
const (
	Proposed  ActionStatus = "proposed"  // anyone may propose
	Confirmed ActionStatus = "confirmed" // the facilitator confirmed it
)

// ActionItem is the shared "action" block: something a person will do by a
// date. Assumption mapping uses it to plan how to test a card; later
// exercises reuse it.
type ActionItem struct {
	ID         int          `json:"id"`
	CardID     int          `json:"card_id,omitempty"` // the card it acts on, if any
	Text       string       `json:"text"`              // what will be done
	Owner      string       `json:"owner"`             // identity ID of the person who will do it
	Org        string       `json:"org,omitempty"`     // the owner's organisation at the time
	Due        string       `json:"due"`               // YYYY-MM-DD
	Status     ActionStatus `json:"status"`
	ProposedBy string       `json:"proposed_by"`
	At         time.Time    `json:"at"`
}

// DateLayout is how due dates are written.
const DateLayout = "2006-01-02"

// ValidateAction checks a proposed action: a text, an owner, and a real
// date. It returns EInvalid errors.
func ValidateAction(text, owner, due string) error {
	if text == "" {
		return Errorf(EInvalid, "say how the assumption will be tested")
	}
	if TextLen(text) > MaxTextLen {
		return Errorf(EInvalid, "an action has at most %d characters", MaxTextLen)
	}
	if owner == "" {
		return Errorf(EInvalid, "choose who owns the action")
	}
	if _, err := time.Parse(DateLayout, due); err != nil {
		return Errorf(EInvalid, "give the due date as YYYY-MM-DD, e.g. 2027-01-31")
	}
	return nil
}

// Actions are an activity's action items in the order proposed: the
// shared "actions" block. A value: every change returns new Actions.
type Actions struct {
	Items []ActionItem
	// next is the ID the next action gets, never lowered (see Deck).
	next int
}

// NextID is the ID the next action proposed gets.
func (a Actions) NextID() int { return max(a.next, 1) }

// Find returns the action with the ID, or false.
func (a Actions) Find(id int) (ActionItem, bool) {
	i := slices.IndexFunc(a.Items, func(x ActionItem) bool { return x.ID == id })
	if i < 0 {
		return ActionItem{}, false
	}
	return a.Items[i], true
}

// Added returns the actions with item added at the end.
func (a Actions) Added(item ActionItem) Actions {
	a.Items = append(slices.Clip(a.Items), item)
	a.next = max(a.next, item.ID+1)
	return a
}

// Confirmed returns the actions with action id confirmed; an ID it cannot
// find is passed over.
func (a Actions) Confirmed(id int) Actions {
	a.Items = slices.Clone(a.Items)
	for i := range a.Items {
		if a.Items[i].ID == id {
			a.Items[i].Status = Confirmed
		}
	}
	return a
}

// WithoutCard returns the actions without those on card id: what was
// planned for a card goes with it.
func (a Actions) WithoutCard(id int) Actions {
	a.Items = slices.DeleteFunc(slices.Clone(a.Items), func(x ActionItem) bool { return x.CardID == id })
	return a
}
