package session

import (
	"fmt"
	"hash/maphash"
	"strings"

	"commonground/exercises"
)

// Marks the server draws after a person's name, on every screen and in the
// report, wherever the name is shown. Only the server writes them: they
// come from the person's role, never from what anyone typed.
const (
	// FacilitatorMark follows the name of a facilitator of the workshop.
	FacilitatorMark = "★ facilitator"
	// NotFacilitatorMark follows the name of a participant whose name or
	// organisation reads like FacilitatorMark ("Facilitator (host)"), so
	// that nobody takes them for one.
	NotFacilitatorMark = "✗ not a facilitator"
)

// staffWord is the look-alike key of the word in FacilitatorMark: a name
// or organisation holding it, in any case or look-alike letters, is
// staffish.
var staffWord = exercises.LookAlike("facilitator")

// Mark returns what the server draws after a person's name:
// FacilitatorMark for a facilitator of the workshop, NotFacilitatorMark for
// a participant whose name or organisation imitates it, else "".
func (s *Snapshot) Mark(p exercises.Person) string {
	switch {
	case s.Role(p.ID) == Facilitator:
		return FacilitatorMark
	case p.Staffish:
		return NotFacilitatorMark
	}
	return ""
}

// nameSlot is what the fold remembers of a look-alike key (see
// exercises.LookAlike) once a name with that key was shown: who was shown
// under it, and, for the key of a name as typed, the highest number a
// look-alike of it was given. Slots are never freed, so a label once shown
// is never shown for someone else.
type nameSlot struct {
	owner string
	last  int
}

// nameBook holds the name slots of a workshop, copy on write like the rest
// of its State but in shards, so that a join copies one shard and not every
// slot: a whole map copied per join made folding a log of 5,000 joins
// several seconds slower.
type nameBook struct {
	shards [64]map[string]nameSlot
}

var nameSeed = maphash.MakeSeed()

func shardOf(key string) int { return int(maphash.String(nameSeed, key) % 64) }

// get returns the slot of a key; b may be nil, an empty book.
func (b *nameBook) get(key string) (nameSlot, bool) {
	if b == nil {
		return nameSlot{}, false
	}
	s, ok := b.shards[shardOf(key)][key]
	return s, ok
}

// with returns a book holding b's slots and the given ones; b is unchanged.
func (b *nameBook) with(slots map[string]nameSlot) *nameBook {
	n := &nameBook{}
	if b != nil {
		n.shards = b.shards
	}
	copied := map[int]bool{}
	for k, s := range slots {
		i := shardOf(k)
		if !copied[i] {
			n.shards[i] = cloneMap(n.shards[i])
			copied[i] = true
		}
		n.shards[i][k] = s
	}
	return n
}

// personSlot keys, among the look-alike keys (which are cleaned text and so
// never hold a NUL), the number a person's label carries.
func personSlot(id string) string { return "\x00" + id }

// labelled returns p with the label and staffishness it is shown with, and
// the workshop's name book after it: st.names itself when it did not
// change.
//
// The first person shown under a name keeps it as typed; a later one whose
// name looks the same gets the next number ("Obs1 (2)", "Оbs1 (3)"), in the
// order they took the name. A label depends only on the names taken before
// it, so a person's label stays when others join, and changes only when
// they change their own name to one that no longer looks like it. A typed
// name that looks like a label already shown ("Obs1 (2)") is numbered too.
func (st *State) labelled(p exercises.Person) (exercises.Person, *nameBook) {
	base := exercises.LookAlike(p.Name)
	p.Staffish = strings.Contains(base, staffWord) || strings.Contains(exercises.LookAlike(p.Org), staffWord)
	if old, ok := st.People[p.ID]; ok && exercises.LookAlike(old.Name) == base {
		mine, _ := st.names.get(personSlot(p.ID))
		p.Label = label(p.Name, mine.last)
		return p, st.names
	}
	first, _ := st.names.get(base)
	n := first.last + 1
	if first.owner == p.ID {
		n = 1 // the first to take the name, taking it back
	}
	for ; ; n++ {
		if slot, taken := st.names.get(exercises.LookAlike(label(p.Name, n))); !taken || slot.owner == p.ID {
			break
		}
	}
	p.Label = label(p.Name, n)
	key := exercises.LookAlike(p.Label)
	mine, _ := st.names.get(key)
	mine.owner = p.ID
	slots := map[string]nameSlot{key: mine, personSlot(p.ID): {last: n}}
	if key == base {
		first = mine
	}
	first.last = max(first.last, n)
	slots[base] = first
	return p, st.names.with(slots)
}

// label is a name with its number; the first of a name has none.
func label(name string, n int) string {
	if n <= 1 {
		return name
	}
	return fmt.Sprintf("%s (%d)", name, n)
}

// joinNotice tells a person who joined how they are shown, where that is
// not simply the name they typed.
func joinNotice(st *State, by Actor) string {
	p := st.People[by.ID]
	var parts []string
	if p.Label != p.Name {
		parts = append(parts, fmt.Sprintf("Someone here already goes by a name that looks like yours, so you are shown as “%s”.", p.Label))
	}
	if p.Staffish && by.Role < Facilitator {
		parts = append(parts, fmt.Sprintf("“Facilitator” marks the people running the workshop, so your name is shown with “%s”.", NotFacilitatorMark))
	}
	return strings.Join(parts, " ")
}
