package exercises

import "time"

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
	if textLen(text) > MaxTextLen {
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
