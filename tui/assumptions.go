package tui

import (
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/session"
)

// Assumption mapping's phases, by their stable names (catalog.Phases).
const (
	phaseCollect = assumptions.PhaseCollect
	phaseGroup   = assumptions.PhaseGroup
	phaseRate    = assumptions.PhaseRate
	phaseMap     = assumptions.PhaseMap
	phasePlan    = assumptions.PhasePlan
)

// wallKeys drive assumption mapping: writing cards, grouping the wall,
// rating, planning actions. Only arrows move the selection: letters type
// into the card input.
var wallKeys = struct {
	Up, Down     key.Binding
	Add          key.Binding // add the card, or save the one being edited
	Category     key.Binding
	PrevCategory key.Binding
	Edit, Delete key.Binding
	Yes          key.Binding // confirms a deletion
	Cancel       key.Binding
	Mark         key.Binding
	Merge        key.Binding
	Group        key.Binding
	Hide         key.Binding
	Reword       key.Binding // the facilitator edits a card's text
	Score        key.Binding // 1-5 on the focused axis
	Axis         key.Binding
	Save         key.Binding
	Skip         key.Binding
	Orgs         key.Binding
	Propose      key.Binding
	Confirm      key.Binding
	EditAction   key.Binding // the facilitator edits an action
	Reject       key.Binding // the facilitator rejects an action
	NextField    key.Binding
	PrevField    key.Binding
	Submit       key.Binding // the facilitator's prompt and the action form
}{
	Up:           newBinding(keysOf("up"), "↑/↓", "select"),
	Down:         newBinding(keysOf("down"), "↓", "next"),
	Add:          newBinding(keysOf("enter"), "enter", "add card"),
	Category:     newBinding(keysOf("tab"), "tab", "category"),
	PrevCategory: newBinding(keysOf("shift+tab"), "shift+tab", "previous category"),
	Edit:         newBinding(keysOf("e"), "e", "edit"),
	Delete:       newBinding(keysOf("x"), "x", "delete"),
	Yes:          newBinding(keysOf("y"), "y", "yes"),
	Cancel:       newBinding(keysOf("esc"), "esc", "cancel"),
	Mark:         newBinding(keysOf("space"), "space", "mark"),
	Merge:        newBinding(keysOf("m"), "m", "merge marked"),
	Group:        newBinding(keysOf("g"), "g", "group"),
	Hide:         newBinding(keysOf("h"), "h", "hide/show"),
	Reword:       newBinding(keysOf("w"), "w", "edit text"),
	Score:        newBinding(keysOf("1", "2", "3", "4", "5"), "1-5", "value"),
	Axis:         newBinding(keysOf("tab", "shift+tab", "left", "right"), "tab/←/→", "axis"),
	Save:         newBinding(keysOf("enter"), "enter", "save"),
	Skip:         newBinding(keysOf("s"), "s", "skip"),
	Orgs:         newBinding(keysOf("o"), "o", "by organisation"),
	Propose:      newBinding(keysOf("a"), "a", "propose action"),
	Confirm:      newBinding(keysOf("c"), "c", "confirm action"),
	EditAction:   newBinding(keysOf("w"), "w", "edit"),
	Reject:       newBinding(keysOf("X"), "X", "reject"),
	NextField:    newBinding(keysOf("tab"), "tab", "next field"),
	PrevField:    newBinding(keysOf("shift+tab"), "shift+tab", "previous field"),
	Submit:       newBinding(keysOf("enter"), "enter", "save"),
}

// wallView chooses between the drawings of an assumption map's results.
type wallView uint8

const (
	viewMain wallView = iota // the wall, the map or the plan, as the phase has it
	viewOrgs                 // the contested cards by organisation (o)
)

// rowKey names a selectable row: a card, or an action on a card.
type rowKey struct{ card, action int }

// promptKind is what the facilitator's one-line prompt asks for.
type promptKind uint8

const (
	promptNone    promptKind = iota
	promptMerge              // the merged card's text
	promptCluster            // the cluster's name
	promptText               // the selected card's new text
)

// assumptionsView is one connection's state in an assumption-mapping activity:
// the card being written, the selection, the open prompt or form. It is
// reset whenever the workshop changes phase.
type assumptionsView struct {
	// Collect.
	card     lazyInput // "We believe that ..."
	category int       // 0 for none, else assumptions.Categories(activity)[category-1]
	editing  int       // the own card being edited; 0 while writing a new one
	sending  string    // the card text on its way to the hub, until it replies
	onList   bool      // the own-cards list has the focus, not the input
	deleting int       // the own card waiting for y to be deleted

	// The selected row of the phase's list (own cards, the wall, the cards
	// to rate, the plan).
	selection

	// Group (facilitator).
	marked    map[int]bool
	prompt    lazyInput
	prompting promptKind
	into      int   // the card a merge keeps
	cards     []int // the cards merged into it, or grouped

	// Rate: the values set on the selected card, 0 while unset.
	axis     int // 0 importance, 1 evidence
	values   [2]int
	valuesOf int // the card the values belong to
	// advanced says the last key was a number that moved the focus to the
	// other axis: a Tab now confirms that move rather than undoing it, so
	// that "5 tab 1" rates importance 5 and evidence 1.
	advanced bool

	orgs bool // the map shows the contested cards by organisation

	plan      actionForm
	rejecting int // the action waiting for y to be rejected (facilitator)
}

// actionForm proposes an action for a "test first" card, or edits one
// (the facilitator).
type actionForm struct {
	open  bool
	card  int
	edit  int // the action being edited; 0 while proposing one
	what  lazyInput
	owner string // identity ID of the chosen participant; "" for other
	other bool   // "other…" is chosen: the owner is typed, a name and an organisation
	name  lazyInput
	org   lazyInput
	due   lazyInput
	field int // formWhat, formOwner, formName, formOrg or formDue
	// extra is how many fields a form of another exercise has after the
	// due date (funder alignment's asks), at formFields and on.
	extra int
}

// Fields of the action form, in tab order; name and organisation only
// when the owner is "other…".
const (
	formWhat = iota
	formOwner
	formName
	formOrg
	formDue
	formFields
)

// proposeLead is how far ahead the due date of a new action is suggested.
const proposeLead = 14 // days

func newAssumptionsView() view {
	v := &assumptionsView{
		card:   newInput("We believe that ", "… one assumption per card", exercises.MaxTextLen).wrapping(answerRows),
		prompt: newInput("> ", "", exercises.MaxTextLen),
	}
	v.plan.what = newInput("> ", "how will you test it?", exercises.MaxTextLen)
	v.plan.due = newInput("> ", "YYYY-MM-DD", len(exercises.DateLayout))
	v.plan.name = newInput("> ", "their name", exercises.MaxNameLen)
	v.plan.org = newInput("> ", "their organisation, e.g. County legal", exercises.MaxNameLen)
	return v
}

// reset clears everything that belonged to the previous phase.
func (v *assumptionsView) reset() {
	v.card.Clear()
	v.category, v.editing, v.onList, v.deleting = 0, 0, false, 0
	v.sel, v.selIdx, v.follow = rowKey{}, 0, false
	v.marked = nil
	v.closePrompt()
	v.axis, v.values, v.valuesOf, v.advanced = 0, [2]int{}, 0, false
	v.orgs = false
	v.rejecting = 0
	v.closeForm()
}

func (v *assumptionsView) closePrompt() {
	v.prompting, v.into, v.cards = promptNone, 0, nil
	v.prompt.Clear()
}

func (v *assumptionsView) closeForm() {
	v.plan.open, v.plan.edit, v.plan.other = false, 0, false
	v.plan.what.Clear()
	v.plan.name.Clear()
	v.plan.org.Clear()
	v.plan.due.Clear()
}

// inputs lists the text inputs, for the styles and the layout.
func (v *assumptionsView) inputs() []*lazyInput {
	return []*lazyInput{&v.card, &v.prompt, &v.plan.what, &v.plan.name, &v.plan.org, &v.plan.due}
}

// focused returns the text input that has the focus, or nil.
func (v *assumptionsView) focused() *lazyInput {
	for _, in := range v.inputs() {
		if in.Focused() {
			return in
		}
	}
	return nil
}

// resize fits the inputs to the width of the area they are drawn in.
func (v *assumptionsView) resize(w int) {
	v.card.SetWidth(max(w-len(v.card.prompt)-2, 10))
	v.prompt.SetWidth(max(w-4, 10))
	v.plan.what.SetWidth(max(w-10, 10))
	v.plan.due.SetWidth(len(exercises.DateLayout) + 1)
	v.plan.name.SetWidth(max(min(w-10, exercises.MaxNameLen+1), 10))
	v.plan.org.SetWidth(max(min(w-10, exercises.MaxNameLen+1), 10))
}

// selection is the selected row of a list drawn in a shared drawing.
// selIdx keeps its place when the row disappears (merged, hidden,
// deleted), so the selection moves to its neighbour.
type selection struct {
	sel    rowKey
	selIdx int
	follow bool // the next frame scrolls the selection into view
}

// selected returns the index of the selection in rows, moving it to the row
// now at its place when its own row is gone; -1 when rows is empty.
func (v *selection) selected(rows []rowKey) int {
	if len(rows) == 0 {
		return -1
	}
	if v.selIdx < len(rows) && rows[v.selIdx] == v.sel {
		return v.selIdx
	}
	for i, r := range rows {
		if r == v.sel {
			v.selIdx = i
			return i
		}
	}
	v.selIdx = min(max(v.selIdx, 0), len(rows)-1)
	v.sel = rows[v.selIdx]
	return v.selIdx
}

// selectRow selects rows[i] and has the next frame show it.
func (v *selection) selectRow(rows []rowKey, i int) {
	if i < 0 || i >= len(rows) {
		return
	}
	v.sel, v.selIdx, v.follow = rows[i], i, true
}

// move steps the selection by delta rows, stopping at the ends.
func (v *selection) move(rows []rowKey, delta int) {
	if i := v.selected(rows); i >= 0 {
		v.selectRow(rows, min(max(i+delta, 0), len(rows)-1))
	}
}

// phaseName is the current phase's stable name.
func phaseName(act *session.ActivityState) string { return act.PhaseSpec().Name }

// wallClusters groups the cards on the wall by cluster (exercises.Clusters).
// withHidden keeps the cards the facilitator hid, for the facilitator.
func wallClusters(cards []exercises.Card, withHidden bool) ([]string, map[string][]exercises.Card) {
	if !withHidden {
		return exercises.Clusters(cards)
	}
	shown := make([]exercises.Card, len(cards))
	hidden := map[int]bool{}
	for i, c := range cards {
		hidden[c.ID] = c.Hidden
		c.Hidden = false
		shown[i] = c
	}
	names, by := exercises.Clusters(shown)
	for _, cs := range by {
		for j := range cs {
			cs[j].Hidden = hidden[cs[j].ID]
		}
	}
	return names, by
}

// wallOrder lists the cards on the wall in the order it is drawn: cluster by
// cluster, unclustered last.
func wallOrder(cards []exercises.Card, withHidden bool) []rowKey {
	names, by := wallClusters(cards, withHidden)
	var out []rowKey
	for _, n := range names {
		for _, c := range by[n] {
			out = append(out, rowKey{card: c.ID})
		}
	}
	return out
}

// ownCards lists the identity's cards on the wall, in the order written.
func ownCards(act *session.ActivityState, id string) []exercises.Card {
	var out []exercises.Card
	for _, c := range assumptions.Of(act.Data).Cards() {
		if c.Live() && c.HasAuthor(id) {
			out = append(out, c)
		}
	}
	return out
}

// testFirst returns the "test first" cards, the most important and least
// evidenced first.
func testFirst(stats []assumptions.CardStats) []assumptions.CardStats {
	var out []assumptions.CardStats
	for _, st := range stats {
		if st.Quadrant == assumptions.TestFirst {
			out = append(out, st)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Importance.Mean != b.Importance.Mean {
			return a.Importance.Mean > b.Importance.Mean
		}
		return a.Evidence.Mean < b.Evidence.Mean
	})
	return out
}

// planOrder lists the plan's rows: each "test first" card followed by its
// actions, then the actions on other cards.
func planOrder(snap *session.Snapshot, i int) []rowKey {
	act := snap.Activities[i]
	var out []rowKey
	planned := map[int]bool{}
	for _, st := range testFirst(assumptions.StatsOf(snap.Results(i))) {
		planned[st.Card.ID] = true
		out = append(out, rowKey{card: st.Card.ID})
		for _, a := range assumptions.Of(act.Data).ActionItems() {
			if a.CardID == st.Card.ID {
				out = append(out, rowKey{card: a.CardID, action: a.ID})
			}
		}
	}
	for _, a := range assumptions.Of(act.Data).ActionItems() {
		if !planned[a.CardID] {
			out = append(out, rowKey{card: a.CardID, action: a.ID})
		}
	}
	return out
}

// wallRows is the list the selection moves in during the current phase.
func (v *assumptionsView) wallRows(m *Model, act *session.ActivityState) []rowKey {
	switch phaseName(act) {
	case phaseCollect:
		var out []rowKey
		for _, c := range ownCards(act, m.id) {
			out = append(out, rowKey{card: c.ID})
		}
		return out
	case phaseGroup:
		return wallOrder(assumptions.Of(act.Data).Cards(), true)
	case phaseRate:
		return wallOrder(assumptions.Of(act.Data).Cards(), false)
	case phasePlan:
		return planOrder(m.snap, m.snap.Current)
	}
	return nil
}

// phaseChanged clears the assumption-mapping state when the workshop changes
// phase: the lists, the scroll and the forms belong to the phase left.
func (v *assumptionsView) phaseChanged(m *Model) {
	v.reset()
	m.scroll = 0
}

// sync brings the assumption-mapping state in line with a new snapshot:
// it opens and closes the inputs as the phase allows and keeps the
// selection on the wall.
func (v *assumptionsView) sync(m *Model, act *session.ActivityState) tea.Cmd {
	ws := v
	if !act.InputOpen() {
		ws.card.Blur()
		ws.deleting = 0
		ws.closeForm()
	}
	switch phaseName(act) {
	case phaseCollect:
		if ws.onList && len(ownCards(act, m.id)) == 0 {
			ws.onList = false // their last card was deleted
		}
		if act.InputOpen() && !m.facilitator && !ws.onList && !ws.card.Focused() {
			return ws.card.Focus()
		}
	case phaseRate:
		if !m.facilitator {
			v.keepRating(m, act)
		}
	}
	return nil
}
