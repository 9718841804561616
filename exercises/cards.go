package exercises

import (
	"slices"
	"strconv"
	"time"
)

// CardList names one list of cards in an activity and the prefix its cards
// are labelled with: assumptions "A1", interests "I3", options "O2".
type CardList struct {
	Name   string // stable name, e.g. "assumptions"
	Prefix string // label prefix, e.g. "A"
}

// Label is the short id card id of the list is shown with: "A1", "A2", ...
func (l CardList) Label(id int) string { return l.Prefix + strconv.Itoa(id) }

// Card is a short text on a list, with its authors: the shared "cards"
// block. A card merged into another is kept (MergedInto names the
// survivor) so that the log and the report can say what happened to it;
// the survivor lists every author of the cards merged into it.
type Card struct {
	ID         int       `json:"id"` // 1, 2, 3 ... in the order cards were written, never reused
	Authors    []string  `json:"authors"`
	Text       string    `json:"text"`
	Category   string    `json:"category,omitempty"`
	Cluster    string    `json:"cluster,omitempty"`
	Hidden     bool      `json:"hidden,omitempty"`      // hidden by the facilitator (moderation)
	MergedInto int       `json:"merged_into,omitempty"` // 0 while the card stands on its own
	At         time.Time `json:"at"`
}

// Live reports whether the card is on the wall: neither merged away nor hidden.
func (c Card) Live() bool { return c.MergedInto == 0 && !c.Hidden }

// HasAuthor reports whether id wrote the card or one merged into it.
func (c Card) HasAuthor(id string) bool { return slices.Contains(c.Authors, id) }

// Deck is the cards of one list in an activity, in the order written,
// merged and hidden ones included. It is a value: every change returns a
// new Deck that shares what it did not change (copy on write).
type Deck struct {
	List  CardList
	Cards []Card
	// next is the ID the next card gets: advanced past every ID ever
	// added, never lowered, so that an ID is never reused after a delete
	// (a reused ID would inherit the deleted card's ratings).
	next int
}

// NextID is the ID the next card written gets.
func (d Deck) NextID() int { return max(d.next, 1) }

// Label is the short id of card id, with the list's prefix.
func (d Deck) Label(id int) string { return d.List.Label(id) }

// Card returns the card with the ID, or false.
func (d Deck) Card(id int) (Card, bool) {
	for _, c := range d.Cards {
		if c.ID == id {
			return c, true
		}
	}
	return Card{}, false
}

// Live returns a card that is on the wall, or an ENotFound error.
func (d Deck) Live(id int) (Card, error) {
	c, ok := d.Card(id)
	if !ok || !c.Live() {
		return Card{}, Errorf(ENotFound, "there is no card %s on the wall", d.Label(id))
	}
	return c, nil
}

// CardsBy counts the cards id wrote that stand on their own, hidden ones
// included: what a cap on cards per person counts.
func (d Deck) CardsBy(id string) int {
	n := 0
	for _, c := range d.Cards {
		if len(c.Authors) > 0 && c.Authors[0] == id && c.MergedInto == 0 {
			n++
		}
	}
	return n
}

// Added returns the deck with c added at the end.
func (d Deck) Added(c Card) Deck {
	d.Cards = append(slices.Clip(d.Cards), c)
	d.next = max(d.next, c.ID+1)
	return d
}

// Changed returns the deck with every card whose ID is in ids changed. An
// ID it cannot find is passed over: a fold is total.
func (d Deck) Changed(ids []int, change func(*Card)) Deck {
	d.Cards = slices.Clone(d.Cards)
	for i := range d.Cards {
		if slices.Contains(ids, d.Cards[i].ID) {
			change(&d.Cards[i])
		}
	}
	return d
}

// Deleted returns the deck without card id.
func (d Deck) Deleted(id int) Deck {
	d.Cards = slices.DeleteFunc(slices.Clone(d.Cards), func(c Card) bool { return c.ID == id })
	return d
}

// CheckMerge checks a merge against the rules of the wall as it stands:
// the target and every card merged into it are on the wall and not merged
// already, there is something to merge, a card is not merged into itself,
// and the new text (cleaned) fits. It returns EInvalid or ENotFound errors.
// It is checked when a merge is decided, never when one is folded (Merged).
func (d Deck) CheckMerge(into int, from []int, text string) error {
	standing := func(id int) bool {
		c, ok := d.Card(id)
		return ok && c.MergedInto == 0
	}
	if !standing(into) {
		return Errorf(ENotFound, "there is no card %s on the wall", d.Label(into))
	}
	if len(from) == 0 {
		return Errorf(EInvalid, "choose the cards to merge into %s", d.Label(into))
	}
	for _, id := range from {
		if !standing(id) {
			return Errorf(ENotFound, "there is no card %s on the wall", d.Label(id))
		}
		if id == into {
			return Errorf(EInvalid, "a card cannot be merged into itself")
		}
	}
	if TextLen(text) > MaxTextLen {
		return Errorf(EInvalid, "a card has at most %d characters", MaxTextLen)
	}
	return nil
}

// Merged folds the cards named in from into the card into: into keeps its
// text unless text is given, gains every author of the merged cards, and
// each merged card, and every card merged into it before, is marked with
// MergedInto. It is total, as the fold of a log must be: the rules are
// CheckMerge's, and a card it cannot find is passed over.
func (d Deck) Merged(into int, from []int, text string) Deck {
	ti := slices.IndexFunc(d.Cards, func(c Card) bool { return c.ID == into })
	if ti < 0 {
		return d
	}
	out := slices.Clone(d.Cards)
	target := out[ti]
	target.Authors = slices.Clone(target.Authors)
	for _, id := range from {
		fi := slices.IndexFunc(out, func(c Card) bool { return c.ID == id })
		if fi < 0 || id == into {
			continue
		}
		for _, a := range out[fi].Authors {
			if !target.HasAuthor(a) {
				target.Authors = append(target.Authors, a)
			}
		}
		out[fi].MergedInto = into
		// Cards merged earlier into the one merged now follow it.
		for i := range out {
			if out[i].MergedInto == id {
				out[i].MergedInto = into
			}
		}
	}
	if text != "" {
		target.Text = text
	}
	out[ti] = target
	d.Cards = out
	return d
}

// Clusters returns the live cards grouped by cluster name, clusters in the
// order they first appear among the cards and unclustered cards last under "".
func Clusters(cards []Card) (names []string, byName map[string][]Card) {
	byName = map[string][]Card{}
	for _, c := range cards {
		if !c.Live() {
			continue
		}
		if _, seen := byName[c.Cluster]; !seen && c.Cluster != "" {
			names = append(names, c.Cluster)
		}
		byName[c.Cluster] = append(byName[c.Cluster], c)
	}
	if len(byName[""]) > 0 {
		names = append(names, "")
	}
	return names, byName
}
