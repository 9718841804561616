package exercises

import (
	"fmt"
	"slices"
	"time"
)

// ActionStatus is where an action item stands.
type ActionStatus string

// Action item statuses.
const (
	Proposed  ActionStatus = "proposed"  // anyone may propose
	Confirmed ActionStatus = "confirmed" // the facilitator confirmed it
	Rejected  ActionStatus = "rejected"  // the facilitator rejected it; it stays on record
)

// ActionItem is the shared "action" block: something a person will do by a
// date. Assumption mapping uses it to plan how to test a card; later
// exercises reuse it.
type ActionItem struct {
	ID         int          `json:"id"`
	CardID     int          `json:"card_id,omitempty"`    // the card it acts on, if any
	Text       string       `json:"text"`                 // what will be done
	Owner      string       `json:"owner"`                // identity ID of the person who will do it; "" for a typed owner
	OwnerName  string       `json:"owner_name,omitempty"` // a typed owner's name, someone not in the workshop
	Org        string       `json:"org,omitempty"`        // the owner's organisation at the time, or the typed one
	Due        string       `json:"due"`                  // YYYY-MM-DD
	Status     ActionStatus `json:"status"`
	ProposedBy string       `json:"proposed_by"`
	At         time.Time    `json:"at"`
}

// Typed reports whether the owner was typed in (a name and an
// organisation) rather than chosen from the people in the workshop.
func (a ActionItem) Typed() bool { return a.Owner == "" }

// ActionOwner is who will do an action: the identity ID of someone in the
// workshop, or else a typed name and organisation ("County legal").
type ActionOwner struct {
	ID   string // identity ID; when set, Name and Org are not used
	Name string // a typed owner's name
	Org  string // a typed owner's organisation
}

// Cleaned returns the owner with a typed name and organisation cleaned
// and cut to MaxNameLen, and whether anything was cut.
func (o ActionOwner) Cleaned() (ActionOwner, bool) {
	if o.ID != "" {
		return ActionOwner{ID: o.ID}, false
	}
	name, cutName := CleanText(o.Name, MaxNameLen)
	org, cutOrg := CleanText(o.Org, MaxNameLen)
	return ActionOwner{Name: name, Org: org}, cutName || cutOrg
}

// Validate checks a cleaned owner: someone in people, or a typed name or
// organisation. It returns EInvalid errors.
func (o ActionOwner) Validate(people map[string]Person) error {
	if o.ID != "" {
		if _, ok := people[o.ID]; !ok {
			return Errorf(EInvalid, "the owner must be someone in this workshop")
		}
		return nil
	}
	if o.Name == "" && o.Org == "" {
		return Errorf(EInvalid, "choose who owns the action, or type their name and organisation")
	}
	if TextLen(o.Name) > MaxNameLen || TextLen(o.Org) > MaxNameLen {
		return Errorf(EInvalid, "a name or an organisation has at most %d characters", MaxNameLen)
	}
	return nil
}

// Set gives the action item its owner: the person's ID and their
// organisation now, or the typed name and organisation.
func (o ActionOwner) Set(item *ActionItem, people map[string]Person) {
	if o.ID != "" {
		item.Owner, item.OwnerName, item.Org = o.ID, "", people[o.ID].Org
		return
	}
	item.Owner, item.OwnerName, item.Org = "", o.Name, o.Org
}

// OwnerOf is the action's owner as given.
func OwnerOf(item ActionItem) ActionOwner {
	if item.Typed() {
		return ActionOwner{Name: item.OwnerName, Org: item.Org}
	}
	return ActionOwner{ID: item.Owner}
}

// CutNotice says when a typed owner's name or organisation was cut to its
// limit, "" when nothing was.
func (o ActionOwner) CutNotice() string {
	if _, cut := o.Cleaned(); cut {
		return fmt.Sprintf("The owner's name and organisation were cut to %d characters.", MaxNameLen)
	}
	return ""
}

// CheckDate refuses a date that is not written as DateLayout; what names
// the date in the message ("due date").
func CheckDate(date, what string) error {
	if _, err := time.Parse(DateLayout, date); err != nil {
		return Errorf(EInvalid, "give the %s as YYYY-MM-DD, e.g. 2027-01-31", what)
	}
	return nil
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
	return CheckDate(due, "due date")
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

// Rejected returns the actions with action id rejected: it stays, marked
// rejected. An ID it cannot find is passed over.
func (a Actions) Rejected(id int) Actions {
	return a.Changed(id, func(x *ActionItem) { x.Status = Rejected })
}

// Changed returns the actions with f applied to action id; an ID it cannot
// find is passed over.
func (a Actions) Changed(id int, f func(*ActionItem)) Actions {
	a.Items = slices.Clone(a.Items)
	for i := range a.Items {
		if a.Items[i].ID == id {
			f(&a.Items[i])
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
