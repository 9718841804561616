package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/conflict"
	"commonground/session"
)

// conflictForm is what the view's text field is open for.
type conflictForm uint8

const (
	formClosed    conflictForm = iota
	formPosition               // a party's position (the draft)
	formIssue                  // the facilitator's issue (the draft)
	formRule                   // a ground rule to add
	formServes                 // an option typed: choosing the interests it serves
	formComment                // a comment on a rating
	formAmend                  // the facilitator's amendment of an option
	formAgreement              // the facilitator's agreement: text, owner, date
	formQuestion               // the facilitator's open question
)

// conflictView is conflict resolution's view. Its state is small: a
// cursor, the text fields (built only when used, see lazyInput), what the
// field is open for, and the choices of the open form.
type conflictView struct {
	cursor int          // the selected interest, option or party
	form   conflictForm // formClosed: the phase's own text field, where it has one
	draft  lazyInput    // a position, the issue, an agreement's text
	text   lazyInput    // an interest, an option, a criterion, a comment, an amendment, a rule, a question
	owner  lazyInput    // an agreement's owner
	date   lazyInput    // an agreement's date
	field  int          // the agreement form's field: 0 text, 1 owner, 2 date
	kind   int          // the interest's kind (conflict.InterestKinds)
	party  int          // the interest's party, among the parties; -1 for one's own
	serves []int        // the interests the option being written serves
	marked []int        // options marked for a merge (facilitator)
	// base is the position text the editor started from, to tell the
	// person when someone else saved meanwhile.
	base       string
	commentFor int  // the option the comment is on
	noteValue  int  // the value the comment is saved with: the one chosen last, maybe not yet stored
	skipArmed  bool // S pressed once in Options: once more skips Criteria
	escArmed   bool // esc pressed once over unsaved changes: once more discards them
	dropArmed  int  // w pressed once on this agreement: once more withdraws it
	sentNote   bool // enter was pressed in the comment: its save closes it
	// In Interests a participant goes up from the empty field into their
	// own interests (onList), to edit one (editing: its ID, its text in
	// the field) or delete one (deleting: its ID, x once more deletes).
	onList            bool
	mine              int // the selected one of their own interests
	editing, deleting int
}

func newConflictView() view {
	return &conflictView{
		draft: newInput("> ", "type here", conflict.MaxPosition).wrapping(6),
		text:  newInput("> ", "type here", exercises.MaxTextLen).wrapping(answerRows),
		owner: newInput("owner: ", "a participant's name, or Name, Organisation", 2*exercises.MaxNameLen+2),
		date:  newInput("date:  ", "YYYY-MM-DD", len(exercises.DateLayout)),
		party: -1,
	}
}

// conflictKeys are conflict resolution's own keys.
var conflictKeys = struct {
	Edit, Save, Cancel, Kind, Party, Up, Down, Mark, Value, Comment, Issue, Rule, Merge, Skip,
	Amend, Agreement, Question, Field, Column, Hide, Yours, EditOwn, Delete, Withdraw key.Binding
}{
	Edit:      newBinding(keysOf("e", "enter"), "e", "edit our position"),
	Save:      newBinding(keysOf("enter"), "enter", "save"),
	Cancel:    newBinding(keysOf("esc"), "esc", "cancel"),
	Kind:      newBinding(keysOf("tab"), "tab", "kind"),
	Party:     newBinding(keysOf("shift+tab"), "shift+tab", "party"),
	Up:        newBinding(keysOf("up"), "↑/↓", "move"),
	Down:      newBinding(keysOf("down"), "↓", "next"),
	Mark:      newBinding(keysOf("space"), "space", "mark"),
	Value:     newBinding(keysOf("1", "2", "3", "4", "5", "6", "7", "8"), "1-8", "rate"),
	Comment:   newBinding(keysOf("c"), "c", "comment"),
	Issue:     newBinding(keysOf("w"), "w", "write the issue"),
	Rule:      newBinding(keysOf("g"), "g", "add a ground rule"),
	Merge:     newBinding(keysOf("m"), "m", "merge marked into selected"),
	Skip:      newBinding(keysOf("S"), "S", "skip criteria"),
	Amend:     newBinding(keysOf("w"), "w", "amend and re-poll"),
	Agreement: newBinding(keysOf("g"), "g", "record an agreement"),
	Question:  newBinding(keysOf("q"), "q", "open question"),
	Field:     newBinding(keysOf("tab"), "tab", "next field"),
	Column:    newBinding(keysOf("left", "right"), "←/→", "party"),
	Hide:      newBinding(keysOf("h"), "h", "hide/show"),
	Yours:     newBinding(keysOf("up"), "↑", "your interests"),
	Withdraw:  newBinding(keysOf("w"), "w", "withdraw agreement"),
	EditOwn:   newBinding(keysOf("e"), "e", "edit"),
	Delete:    newBinding(keysOf("x"), "x", "delete"),
}

// focusKey names the editor of a party's position in activity i, for
// Workshop.SetFocus: the members who have the same open are shown.
func focusKey(i int, party string) string {
	return "conflict:" + strconv.Itoa(i) + ":position:" + conflict.PartyKey(party)
}

// setFocus tells the room what this person has open, off the update loop.
func (m *Model) setFocus(focus string) tea.Cmd {
	w, id := m.opts.Workshop, m.id
	return func() tea.Msg {
		w.SetFocus(id, focus)
		return nil
	}
}

// closeForm closes whatever is open; the text typed goes, as esc says.
// It clears the focus when the position editor was open.
func (v *conflictView) closeForm(m *Model) tea.Cmd {
	was := v.form
	v.form, v.field, v.serves = formClosed, 0, nil
	v.draft.Clear()
	v.owner.Clear()
	v.date.Clear()
	if was != formClosed {
		v.text.Clear()
	}
	if was == formPosition {
		return m.setFocus("")
	}
	return nil
}

// phaseChanged starts the phase's lists and its results from the top: each
// phase shows other results.
func (v *conflictView) phaseChanged(m *Model) {
	v.cursor, v.marked, v.skipArmed = 0, nil, false
	m.scroll = 0
}

func phaseOf(act *session.ActivityState) string { return act.PhaseSpec().Name }

// takesText says the phase's own text field is open for the participant:
// interests, options and criteria are typed into it at once.
func takesText(act *session.ActivityState) bool {
	switch phaseOf(act) {
	case conflict.PhaseInterests, conflict.PhaseOptions, conflict.PhaseCriteria:
		return act.InputOpen()
	}
	return false
}

// sync closes a form that can no longer be saved and focuses the phase's
// own text field.
func (v *conflictView) sync(m *Model, act *session.ActivityState) tea.Cmd {
	if m.facilitator {
		return nil
	}
	if !act.InputOpen() && v.form != formClosed {
		return v.closeForm(m)
	}
	// The position editor stays open after a save, to go on drafting; once
	// the room has moved on from Positions it can no longer save, and the
	// keys typed into it would go nowhere instead of into the new phase's
	// field.
	if v.form == formPosition && act.PhaseSpec().Takes != conflict.TakesPosition {
		return v.closeForm(m)
	}
	// An editor nobody has typed in follows the party's saves: there is
	// nothing of the person's own to keep, and the warning that someone
	// saved meanwhile would only puzzle them.
	if v.form == formPosition && v.draft.Value() == v.base {
		if p, ok := myParty(m, act); ok {
			if last, _ := conflict.Of(act.Data).Position(p.Key); last.Text != v.base {
				v.draft.SetValue(last.Text)
				v.base = last.Text
			}
		}
	}
	if v.form == formClosed && takesText(act) && !v.text.Focused() {
		return v.text.Focus()
	}
	if !takesText(act) && v.form == formClosed {
		v.text.Blur()
	}
	return nil
}

// myParty is the person's party, or false when their organisation is none.
// It reads the parties worked out once for the snapshot (Result.Room):
// every participant's screen asks on every frame.
func myParty(m *Model, act *session.ActivityState) (conflict.Party, bool) {
	org := m.snap.People[m.id].Org
	key := conflict.PartyKey(org)
	if key == "" {
		return conflict.Party{}, false
	}
	for _, p := range roomParties(m, act) {
		if p.Key == key {
			return p, true
		}
	}
	return conflict.Party{Key: key, Name: org}, true
}

// roomParties are the parties an interest may be tagged with.
func roomParties(m *Model, _ *session.ActivityState) []conflict.Party {
	return conflict.ResultOf(m.snap.Results(m.snap.Current)).Room
}

// standingCards are a deck's cards not merged into another, hidden ones
// included: what the facilitator moderates.
func standingCards(deck exercises.Deck) []exercises.Card {
	var out []exercises.Card
	for _, c := range deck.Cards {
		if c.MergedInto == 0 {
			out = append(out, c)
		}
	}
	return out
}

// liveCards are a deck's cards on the wall.
func liveCards(deck exercises.Deck) []exercises.Card {
	var out []exercises.Card
	for _, c := range deck.Cards {
		if c.Live() {
			out = append(out, c)
		}
	}
	return out
}

// move is ↑ and ↓ over n rows.
func (v *conflictView) move(n int) (binding, binding) {
	k := conflictKeys
	return on(k.Up, func(*Model, tea.KeyPressMsg) tea.Cmd { v.cursor = max(v.cursor-1, 0); return nil }).short(),
		on(k.Down, func(*Model, tea.KeyPressMsg) tea.Cmd { v.cursor = min(v.cursor+1, max(n-1, 0)); return nil })
}

// bindings is the keys for the person's role in the phase: the open
// form's alone, else the phase's.
func (v *conflictView) bindings(m *Model, act *session.ActivityState) (keyGroups, bool) {
	if m.facilitator {
		return v.presenterBindings(m, act)
	}
	k := conflictKeys
	d := conflict.Of(act.Data)
	if !act.InputOpen() {
		return nil, false
	}
	save := func(desc string, do func(*Model, tea.KeyPressMsg) tea.Cmd) binding {
		return on(k.Save, do).as(desc).short()
	}
	cancel := on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.status = status{}; return v.closeForm(m) }).short()
	switch phaseOf(act) {
	case conflict.PhasePositions:
		if v.form == formPosition {
			return keyGroups{{save("save our position", v.savePosition),
				on(k.Cancel, v.closePosition).as("close the editor").short()}}, false
		}
		_, ok := myParty(m, act)
		return keyGroups{{on(k.Edit, v.openPosition).short().when(ok)}}, false
	case conflict.PhaseInterests:
		parties := roomParties(m, act)
		party := "own party"
		if v.party >= 0 && v.party < len(parties) {
			party = parties[v.party].Name
		}
		own := myCards(m, d.Interests)
		if v.onList && len(own) > 0 {
			up, down := v.moveMine(len(own))
			return keyGroups{{up, down, on(k.EditOwn, v.editMine).short(), on(k.Delete, v.deleteMine).short(),
				on(k.Cancel, func(*Model, tea.KeyPressMsg) tea.Cmd { v.onList, v.deleting = false, 0; return v.text.Focus() }).
					as("back to typing").short()}}, false
		}
		add := save("add interest", v.addInterest)
		var back binding
		if v.editing != 0 {
			add = save("save "+conflict.Interests.Label(v.editing), v.saveMine)
			back = on(k.Cancel, func(*Model, tea.KeyPressMsg) tea.Cmd { v.editing = 0; v.text.Reset(); return nil }).as("cancel the edit").short()
		} else {
			back = on(k.Yours, func(*Model, tea.KeyPressMsg) tea.Cmd { v.onList, v.mine = true, 0; v.text.Blur(); return nil }).short().
				when(len(own) > 0 && v.text.Value() == "")
		}
		return keyGroups{{add, back,
			on(k.Kind, func(*Model, tea.KeyPressMsg) tea.Cmd { v.kind = (v.kind + 1) % len(conflict.InterestKinds); return nil }).
				as("kind: " + conflict.InterestKinds[v.kind]).short(),
			on(k.Party, func(*Model, tea.KeyPressMsg) tea.Cmd {
				v.party++
				if v.party >= len(parties) {
					v.party = -1
				}
				return nil
			}).as("party: " + party).short()}}, false
	case conflict.PhaseCommon:
		up, down := v.move(len(liveCards(d.Interests)))
		return keyGroups{{up, down, on(k.Mark, v.markInterest).as("mark shared").short()}}, false
	case conflict.PhaseOptions:
		if v.form == formServes {
			up, down := v.move(len(liveCards(d.Interests)))
			add := save("add option", v.addOption)
			if v.editing != 0 {
				add = save("save "+conflict.Options.Label(v.editing), v.addOption)
			}
			return keyGroups{{up, down, on(k.Mark, v.toggleServes).as("serves it").short(), add,
				on(k.Cancel, func(*Model, tea.KeyPressMsg) tea.Cmd { v.form = formClosed; return v.text.Focus() }).as("back to the text").short()}}, false
		}
		own := myCards(m, d.Options)
		if v.onList && len(own) > 0 {
			up, down := v.moveMine(len(own))
			return keyGroups{{up, down, on(k.EditOwn, v.editMine).short(),
				on(k.Cancel, func(*Model, tea.KeyPressMsg) tea.Cmd { v.onList = false; return v.text.Focus() }).as("back to typing").short()}}, false
		}
		back := on(k.Yours, func(*Model, tea.KeyPressMsg) tea.Cmd { v.onList, v.mine = true, 0; v.text.Blur(); return nil }).as("your options").short().
			when(len(own) > 0 && v.text.Value() == "")
		if v.editing != 0 {
			back = on(k.Cancel, func(*Model, tea.KeyPressMsg) tea.Cmd { v.editing, v.serves = 0, nil; v.text.Reset(); return nil }).as("cancel the edit").short()
		}
		return keyGroups{{save("choose the interests it serves", v.chooseServes), back}}, false
	case conflict.PhaseCriteria:
		return keyGroups{{save("add criterion", v.addCriterion)}}, false
	case conflict.PhaseEvaluate:
		if v.form == formComment {
			return keyGroups{{save("save comment", v.saveComment), cancel}}, false
		}
		up, down := v.move(len(liveCards(d.Options)))
		return keyGroups{{up, down, on(k.Value, v.rate).short(), on(k.Comment, v.openComment).short()}}, false
	}
	return nil, false
}

// presenterBindings are the facilitator's keys of the phase; an open form
// has the keys alone (modal), so that what is typed never moves the room.
func (v *conflictView) presenterBindings(m *Model, act *session.ActivityState) (keyGroups, bool) {
	k := conflictKeys
	cancel := on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.status = status{}; return v.closeForm(m) }).short()
	switch v.form {
	case formIssue, formRule, formPosition, formAmend, formQuestion:
		return keyGroups{{on(k.Save, v.saveFacilitator).short(), cancel}}, true
	case formAgreement:
		return keyGroups{{on(k.Field, func(*Model, tea.KeyPressMsg) tea.Cmd { return v.focusField((v.field + 1) % 3) }).short(),
			on(k.Save, v.saveAgreement).as("record").short(), cancel}}, true
	}
	d := conflict.Of(act.Data)
	switch phaseOf(act) {
	case conflict.PhaseIssue:
		return keyGroups{{on(k.Issue, v.openIssue).short(), on(k.Rule, v.openRule).short()}}, false
	case conflict.PhasePositions:
		cols := positionColumns(m.snap, act, conflict.ResultOf(m.snap.Results(m.snap.Current)))
		return keyGroups{{on(k.Column, func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
			if msg.String() == "left" {
				v.cursor = max(v.cursor-1, 0)
			} else {
				v.cursor = min(v.cursor+1, max(len(cols)-1, 0))
			}
			return nil
		}).short().when(len(cols) > 1), on(k.Issue, v.openPartyPosition).as("write for the party").short().when(len(cols) > 0)}}, false
	case conflict.PhaseInterests, conflict.PhaseCommon:
		up, down := v.move(len(standingCards(d.Interests)))
		return keyGroups{{up, down, on(k.Hide, v.hide(conflict.Interests)).short().when(len(standingCards(d.Interests)) > 0)}}, false
	case conflict.PhaseOptions:
		up, down := v.move(len(standingCards(d.Options)))
		return keyGroups{{up, down, on(k.Mark, v.markOption).as("mark for a merge").short(),
			on(k.Merge, v.mergeOptions).short().when(len(v.marked) > 0),
			on(k.Hide, v.hide(conflict.Options)).short().when(len(standingCards(d.Options)) > 0),
			on(k.Skip, v.skipCriteria).short()}}, false
	case conflict.PhaseEvaluate:
		up, down := v.move(len(liveCards(d.Options)))
		return keyGroups{{up, down, on(k.Amend, v.openAmend).short().when(len(liveCards(d.Options)) > 0)}}, false
	case conflict.PhaseAgree:
		items := d.Agreements.Items
		up, down := v.move(len(items))
		return keyGroups{{on(k.Agreement, v.openAgreement).short(), on(k.Question, v.openQuestion).short(),
			up.when(len(items) > 1), down.when(len(items) > 1),
			on(k.Withdraw, v.withdraw).short().when(len(items) > 0)}}, false
	}
	return nil, false
}

// openPosition opens the editor on the party's position as it stands.
func (v *conflictView) openPosition(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	p, ok := myParty(m, act)
	if !ok {
		m.status = status{kind: statusNotice, text: "You belong to no party: add your organisation with i first."}
		return nil
	}
	last, _ := conflict.Of(act.Data).Position(p.Key)
	v.form, v.base = formPosition, last.Text
	v.draft.SetValue(last.Text)
	v.draft.CursorEnd()
	return tea.Batch(v.draft.Focus(), m.setFocus(focusKey(m.snap.Current, p.Key)))
}

// closePosition closes the position editor; over unsaved changes it asks
// first, so that a stray esc does not lose a draft.
func (v *conflictView) closePosition(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if v.draft.Value() != v.base && !v.escArmed {
		v.escArmed = true
		m.status = status{kind: statusNotice, text: "Not saved yet: enter saves it, esc again discards your changes."}
		return nil
	}
	v.escArmed = false
	m.status = status{}
	return v.closeForm(m)
}

// savePosition saves the whole text as the party's position.
func (v *conflictView) savePosition(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if strings.TrimSpace(v.draft.Value()) == "" {
		m.status = status{kind: statusError, text: "Write your party's position, then press Enter."}
		return nil
	}
	return m.do(conflict.EditPosition{Activity: m.snap.Current, Text: v.draft.Value()})
}

// openPartyPosition opens the facilitator's editor on the selected party's
// position: a party named in the agenda may have nobody in the room.
func (v *conflictView) openPartyPosition(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	cols := positionColumns(m.snap, act, conflict.ResultOf(m.snap.Results(m.snap.Current)))
	p := cols[min(v.cursor, len(cols)-1)]
	v.form, v.base = formPosition, p.Position
	v.draft.SetValue(p.Position)
	v.draft.CursorEnd()
	return v.draft.Focus()
}

// selectedParty is the party the facilitator writes for.
func (v *conflictView) selectedParty(m *Model) string {
	act := m.snap.CurrentActivity()
	cols := positionColumns(m.snap, act, conflict.ResultOf(m.snap.Results(m.snap.Current)))
	if len(cols) == 0 {
		return ""
	}
	return cols[min(v.cursor, len(cols)-1)].Name
}

func (v *conflictView) addInterest(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if strings.TrimSpace(v.text.Value()) == "" {
		m.status = status{kind: statusError, text: "Type the need, fear or constraint, then press Enter."}
		return nil
	}
	return m.do(conflict.AddInterest{Activity: m.snap.Current, Text: v.text.Value(), Kind: conflict.InterestKinds[v.kind], Party: v.partyOf(m)})
}

// myCards are the person's own cards on the wall of a deck.
func myCards(m *Model, deck exercises.Deck) []exercises.Card {
	var out []exercises.Card
	for _, c := range liveCards(deck) {
		if c.HasAuthor(m.id) {
			out = append(out, c)
		}
	}
	return out
}

// moveMine is ↑ and ↓ over the person's own n interests.
func (v *conflictView) moveMine(n int) (binding, binding) {
	k := conflictKeys
	return on(k.Up, func(*Model, tea.KeyPressMsg) tea.Cmd { v.mine, v.deleting = max(v.mine-1, 0), 0; return nil }).short(),
		on(k.Down, func(*Model, tea.KeyPressMsg) tea.Cmd { v.mine, v.deleting = min(v.mine+1, max(n-1, 0)), 0; return nil })
}

// ownDeck is the list a participant writes to in the phase: the options
// in Options, else the interests.
func ownDeck(act *session.ActivityState) exercises.Deck {
	if phaseOf(act) == conflict.PhaseOptions {
		return conflict.Of(act.Data).Options
	}
	return conflict.Of(act.Data).Interests
}

// selectedMine is the person's own interest or option under the cursor,
// or false.
func (v *conflictView) selectedMine(m *Model) (exercises.Card, bool) {
	own := myCards(m, ownDeck(m.snap.CurrentActivity()))
	if len(own) == 0 {
		return exercises.Card{}, false
	}
	return own[min(v.mine, len(own)-1)], true
}

// editMine puts the selected interest's text, kind and party, or the
// option's text and the interests it serves, in the form to edit.
func (v *conflictView) editMine(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	c, ok := v.selectedMine(m)
	if !ok {
		return nil
	}
	v.onList, v.editing, v.deleting = false, c.ID, 0
	if act := m.snap.CurrentActivity(); phaseOf(act) == conflict.PhaseOptions {
		v.serves = slices.Clone(conflict.Of(act.Data).Serves[c.ID])
	}
	v.kind = max(slices.Index(conflict.InterestKinds, c.Category), 0)
	v.party = slices.IndexFunc(roomParties(m, m.snap.CurrentActivity()), func(p conflict.Party) bool { return p.Key == conflict.PartyKey(c.Cluster) })
	v.text.SetValue(c.Text)
	v.text.CursorEnd()
	return v.text.Focus()
}

// saveMine saves the edited interest.
func (v *conflictView) saveMine(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if strings.TrimSpace(v.text.Value()) == "" {
		m.status = status{kind: statusError, text: "An interest needs its text: esc cancels the edit, x in your list deletes it."}
		return nil
	}
	return m.do(conflict.EditInterest{Activity: m.snap.Current, Card: v.editing, Text: v.text.Value(),
		Kind: conflict.InterestKinds[v.kind], Party: v.partyOf(m)})
}

// deleteMine deletes the selected interest on a second x; the first asks.
func (v *conflictView) deleteMine(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	c, ok := v.selectedMine(m)
	if !ok {
		return nil
	}
	if v.deleting != c.ID {
		v.deleting = c.ID
		m.status = status{kind: statusNotice, text: "Press x again to delete " + conflict.Interests.Label(c.ID) + "; any other key keeps it."}
		return nil
	}
	v.deleting = 0
	return m.do(conflict.DeleteInterest{Activity: m.snap.Current, Card: c.ID})
}

// partyOf is the party chosen for the interest being written: "" for the
// person's own.
func (v *conflictView) partyOf(m *Model) string {
	if parties := roomParties(m, m.snap.CurrentActivity()); v.party >= 0 && v.party < len(parties) {
		return parties[v.party].Name
	}
	return ""
}

// markInterest marks or unmarks the selected interest as shared.
func (v *conflictView) markInterest(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	d := conflict.Of(act.Data)
	cards := liveCards(d.Interests)
	if len(cards) == 0 {
		return nil
	}
	c := cards[min(v.cursor, len(cards)-1)]
	return m.do(conflict.MarkInterest{Activity: m.snap.Current, Card: c.ID, On: d.Marks[m.id][c.ID] == 0})
}

// chooseServes moves from the option's text to the interests it serves.
func (v *conflictView) chooseServes(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if strings.TrimSpace(v.text.Value()) == "" {
		m.status = status{kind: statusError, text: "Type the option, then press Enter to choose the interests it serves."}
		return nil
	}
	if len(liveCards(conflict.Of(m.snap.CurrentActivity().Data).Interests)) == 0 {
		m.status = status{kind: statusError, text: "There are no interests on the wall for an option to serve."}
		return nil
	}
	v.form, v.cursor = formServes, 0
	v.text.Blur()
	return nil
}

func (v *conflictView) toggleServes(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	cards := liveCards(conflict.Of(m.snap.CurrentActivity().Data).Interests)
	if len(cards) == 0 {
		return nil
	}
	id := cards[min(v.cursor, len(cards)-1)].ID
	if i := slices.Index(v.serves, id); i >= 0 {
		v.serves = slices.Delete(v.serves, i, i+1)
	} else {
		v.serves = append(v.serves, id)
	}
	return nil
}

// addOption adds the option typed, or saves the one being edited, with
// the interests marked.
func (v *conflictView) addOption(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if len(v.serves) == 0 {
		m.status = status{kind: statusError, text: "Mark with space the interests the option serves, then press Enter."}
		return nil
	}
	if v.editing != 0 {
		return m.do(conflict.EditOption{Activity: m.snap.Current, Option: v.editing, Text: v.text.Value(), Serves: slices.Clone(v.serves)})
	}
	return m.do(conflict.AddOption{Activity: m.snap.Current, Text: v.text.Value(), Serves: slices.Clone(v.serves)})
}

func (v *conflictView) addCriterion(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if strings.TrimSpace(v.text.Value()) == "" {
		m.status = status{kind: statusError, text: "Type the criterion, then press Enter."}
		return nil
	}
	return m.do(conflict.AddCriterion{Activity: m.snap.Current, Text: v.text.Value()})
}

// selectedOption is the option under the cursor, or false: among the
// options on the wall, and for the facilitator in Options among the hidden
// ones too.
func (v *conflictView) selectedOption(m *Model) (exercises.Card, bool) {
	act := m.snap.CurrentActivity()
	cards := liveCards(conflict.Of(act.Data).Options)
	if m.facilitator && phaseOf(act) == conflict.PhaseOptions {
		cards = standingCards(conflict.Of(act.Data).Options)
	}
	if len(cards) == 0 {
		return exercises.Card{}, false
	}
	return cards[min(v.cursor, len(cards)-1)], true
}

// myVote is the person's rating of an option in its current poll.
func myVote(m *Model, d conflict.Data, option int) (conflict.Vote, bool) {
	vote, ok := d.Votes.Of(exercises.Target{Item: option, With: d.Poll(option)})[m.id]
	return vote, ok
}

// rate saves the value pressed; a serious disagreement or a block opens
// the comment at once, to say why (it stays optional).
func (v *conflictView) rate(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	o, ok := v.selectedOption(m)
	if !ok {
		return nil
	}
	value := int(msg.String()[0] - '0')
	mine, _ := myVote(m, conflict.Of(m.snap.CurrentActivity().Data), o.ID)
	save := m.do(conflict.RateOption{Activity: m.snap.Current, Option: o.ID, Value: value, Comment: mine.Comment})
	if value >= conflict.SeriousMin {
		return tea.Batch(save, v.openCommentOn(o.ID, value, mine.Comment))
	}
	if v.form == formComment && v.commentFor == o.ID {
		v.noteValue = value
	}
	return save
}

func (v *conflictView) openComment(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	o, ok := v.selectedOption(m)
	if !ok {
		return nil
	}
	mine, rated := myVote(m, conflict.Of(m.snap.CurrentActivity().Data), o.ID)
	if !rated {
		m.status = status{kind: statusError, text: "Rate the option from 1 to 8 first, then add your comment."}
		return nil
	}
	return v.openCommentOn(o.ID, mine.Value, mine.Comment)
}

// openCommentOn opens the comment on an option rated value.
func (v *conflictView) openCommentOn(option, value int, comment string) tea.Cmd {
	v.form, v.commentFor, v.noteValue, v.sentNote = formComment, option, value, false
	v.text.SetValue(comment)
	v.text.CursorEnd()
	return v.text.Focus()
}

// saveComment saves the comment with the value chosen last: a 7 or 8
// opens the comment before its save is back, and the comment typed at
// once is saved with it.
func (v *conflictView) saveComment(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	v.sentNote = true
	return m.do(conflict.RateOption{Activity: m.snap.Current, Option: v.commentFor, Value: v.noteValue, Comment: v.text.Value()})
}

func (v *conflictView) openIssue(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	v.form = formIssue
	v.draft.SetValue(conflict.IssueOf(act.Activity, conflict.Of(act.Data)).Text)
	v.draft.CursorEnd()
	return v.draft.Focus()
}

func (v *conflictView) openRule(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	if conflict.IssueOf(act.Activity, conflict.Of(act.Data)).Text == "" {
		m.status = status{kind: statusNotice, text: "Write the issue first (w), then its ground rules."}
		return nil
	}
	v.form = formRule
	return v.text.Focus()
}

func (v *conflictView) openAmend(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	o, ok := v.selectedOption(m)
	if !ok {
		return nil
	}
	v.form, v.commentFor = formAmend, o.ID
	v.text.SetValue(o.Text)
	v.text.CursorEnd()
	return v.text.Focus()
}

func (v *conflictView) openQuestion(*Model, tea.KeyPressMsg) tea.Cmd {
	v.form = formQuestion
	return v.text.Focus()
}

func (v *conflictView) openAgreement(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	v.form = formAgreement
	v.date.SetValue(m.now().Format(exercises.DateLayout))
	return v.focusField(0)
}

// focusField moves the agreement form to field i.
func (v *conflictView) focusField(i int) tea.Cmd {
	v.field = i
	v.draft.Blur()
	v.owner.Blur()
	v.date.Blur()
	return []*lazyInput{&v.draft, &v.owner, &v.date}[i].Focus()
}

// saveFacilitator saves what the facilitator's open one-field form holds.
func (v *conflictView) saveFacilitator(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act, i := m.snap.CurrentActivity(), m.snap.Current
	is := conflict.IssueOf(act.Activity, conflict.Of(act.Data))
	switch v.form {
	case formIssue:
		return m.do(conflict.SetIssue{Activity: i, Text: v.draft.Value(), Rules: is.Rules})
	case formRule:
		return m.do(conflict.SetIssue{Activity: i, Text: is.Text, Rules: append(slices.Clone(is.Rules), v.text.Value())})
	case formPosition:
		return m.do(conflict.EditPosition{Activity: i, Party: v.selectedParty(m), Text: v.draft.Value()})
	case formAmend:
		return m.do(conflict.AmendOption{Activity: i, Option: v.commentFor, Text: v.text.Value()})
	case formQuestion:
		return m.do(conflict.AddQuestion{Activity: i, Text: v.text.Value()})
	}
	return nil
}

// ownerOf reads the agreement's owner as typed: the name of someone in the
// room, else "Name, Organisation" for someone outside it.
func ownerOf(m *Model, typed string) exercises.ActionOwner {
	typed = strings.TrimSpace(typed)
	for _, p := range m.snap.InTheRoom() {
		if strings.EqualFold(p.Shown(), typed) {
			return exercises.ActionOwner{ID: p.ID}
		}
	}
	name, org, _ := strings.Cut(typed, ",")
	return exercises.ActionOwner{Name: strings.TrimSpace(name), Org: strings.TrimSpace(org)}
}

func (v *conflictView) saveAgreement(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	o := ownerOf(m, v.owner.Value())
	return m.do(conflict.AddAgreement{Activity: m.snap.Current, Text: v.draft.Value(), Owner: o.ID, OwnerName: o.Name,
		OwnerOrg: o.Org, Date: strings.TrimSpace(v.date.Value())})
}

// hide hides the selected card of the list from everyone, or shows it
// again: moderation, before the room reads it.
func (v *conflictView) hide(list exercises.CardList) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		d := conflict.Of(m.snap.CurrentActivity().Data)
		deck := d.Interests
		if list == conflict.Options {
			deck = d.Options
		}
		cards := standingCards(deck)
		if len(cards) == 0 {
			return nil
		}
		c := cards[min(v.cursor, len(cards)-1)]
		return m.do(conflict.HideCard{Activity: m.snap.Current, List: list.Name, Card: c.ID, On: !c.Hidden})
	}
}

// markOption marks or unmarks the selected option for a merge.
func (v *conflictView) markOption(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	o, ok := v.selectedOption(m)
	if !ok {
		return nil
	}
	if i := slices.Index(v.marked, o.ID); i >= 0 {
		v.marked = slices.Delete(v.marked, i, i+1)
	} else {
		v.marked = append(v.marked, o.ID)
	}
	return nil
}

// mergeOptions merges the marked options into the selected one.
func (v *conflictView) mergeOptions(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	o, ok := v.selectedOption(m)
	if !ok {
		return nil
	}
	from := slices.DeleteFunc(slices.Clone(v.marked), func(id int) bool { return id == o.ID })
	if len(from) == 0 {
		m.status = status{kind: statusError, text: "Mark the duplicates with space, then select the option to keep and press m."}
		return nil
	}
	return m.do(conflict.MergeOptions{Activity: m.snap.Current, Into: o.ID, From: from})
}

// withdraw withdraws the selected agreement, recorded by mistake, on a
// second w; it stays in the report, marked withdrawn.
func (v *conflictView) withdraw(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	items := conflict.Of(m.snap.CurrentActivity().Data).Agreements.Items
	if len(items) == 0 {
		return nil
	}
	a := items[min(v.cursor, len(items)-1)]
	if a.Status == exercises.Rejected {
		m.status = status{kind: statusInfo, text: fmt.Sprintf("Agreement %d is withdrawn already.", a.ID)}
		return nil
	}
	if v.dropArmed != a.ID {
		v.dropArmed = a.ID
		m.status = status{kind: statusNotice, text: fmt.Sprintf("Press w again to withdraw agreement %d; it stays in the report, marked withdrawn.", a.ID)}
		return nil
	}
	v.dropArmed = 0
	return m.do(conflict.DropAgreement{Activity: m.snap.Current, Agreement: a.ID})
}

// skipCriteria moves from Options straight to Evaluate; it asks first.
func (v *conflictView) skipCriteria(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if !v.skipArmed {
		v.skipArmed = true
		m.status = status{kind: statusNotice, text: "Press S again to skip Criteria and move everyone to Evaluate."}
		return nil
	}
	v.skipArmed = false
	return m.do(session.Move{Activity: m.snap.Current, Phase: conflict.PhaseIndex(conflict.PhaseEvaluate)})
}

// unbound types into the field that has the focus. Text typed in a phase
// that takes text before its field has the focus (the phase has just
// begun) goes into the field: nothing typed is lost.
func (v *conflictView) unbound(m *Model, msg tea.KeyPressMsg, act *session.ActivityState) tea.Cmd {
	v.skipArmed, v.escArmed, v.dropArmed = false, false, 0
	if v.deleting != 0 {
		m.status = status{kind: statusInfo, text: "Kept " + conflict.Interests.Label(v.deleting) + "."}
		v.deleting = 0
		return nil
	}
	if v.onList && msg.Text != "" {
		// Typing in the list goes back to the field, with what was typed.
		v.onList = false
		return tea.Batch(v.text.Focus(), v.text.Update(msg))
	}
	if in := v.focused(); in != nil {
		return in.Update(msg)
	}
	if !m.facilitator && v.form == formClosed && takesText(act) && msg.Text != "" {
		return tea.Batch(v.text.Focus(), v.text.Update(msg))
	}
	return nil
}

// inputLines draws a text field under its label.
func inputLines(s *Styles, label string, in *lazyInput) []string {
	return append([]string{s.Heading.Render(label)}, in.Lines()...)
}

func (v *conflictView) participantBody(m *Model, act *session.ActivityState, w, h int) []string {
	s := m.styles
	d := conflict.Of(act.Data)
	is := conflict.IssueOf(act.Activity, d)
	var out []string
	if phaseOf(act) == conflict.PhaseIssue {
		out = append(out, wrap(act.Activity.Prompt, w, s.Prompt)...)
		out = append(out, "")
	} else if is.Text != "" {
		issue := wrap("Issue: "+is.Text, w, s.Prompt)
		out = append(out, issue[:min(len(issue), 2)]...)
		out = append(out, "")
	}
	out = append(out, m.anonymityLines(act, w)...)
	room := h - len(out) - 4
	out = append(out, v.input(m, act, w, room)...)
	out = append(out, "")
	if phaseOf(act) == conflict.PhaseIssue {
		// The issue is what the phase shows everyone.
		return append(out, m.scrolled("", m.resultLines(m.snap.Current, w, audPublic, drawConflict), w, h-len(out))...)
	}
	return append(out, m.participantResults(act, w, h-len(out), drawConflict)...)
}

// input is the person's part of the phase.
func (v *conflictView) input(m *Model, act *session.ActivityState, w, room int) []string {
	s := m.styles
	d := conflict.Of(act.Data)
	var out []string
	switch phaseOf(act) {
	case conflict.PhasePositions:
		out = v.positionInput(m, act, w)
	case conflict.PhaseInterests:
		if act.InputOpen() {
			out = inputLines(s, "A need, fear or constraint behind a position (why is it important to you?):", &v.text)
			out = append(out, s.Subtle.Render(cut("tab kind: "+conflict.InterestKinds[v.kind]+" · shift+tab party: "+v.partyName(m, act), w)))
		}
		parties := roomParties(m, act)
		if v.editing != 0 {
			out = append(out, s.Emphasis.Render(cut("Editing "+conflict.Interests.Label(v.editing)+": enter saves, esc cancels", w)))
		}
		cursor := -1
		if v.onList {
			cursor = v.mine
		}
		out = append(out, v.own(m, d.Interests, cursor, func(c exercises.Card) string {
			return conflict.Spelled(parties, c.Cluster) + " · " + kindMark(c.Category)
		})...)
	case conflict.PhaseCommon:
		out = append(out, s.Subtle.Render("Mark with space every interest you share, your own party's and others'."))
		out = append(out, v.interestList(m, d, room-1, func(c exercises.Card) bool { return d.Marks[m.id][c.ID] > 0 })...)
	case conflict.PhaseOptions:
		switch {
		case v.form == formServes:
			out = append(out, s.Heading.Render(cut("Which interests does it serve? "+v.text.Value(), w)))
			out = append(out, v.interestList(m, d, room-1, func(c exercises.Card) bool { return slices.Contains(v.serves, c.ID) })...)
		case act.InputOpen():
			out = inputLines(s, "An option that serves the interests (Enter, then choose which):", &v.text)
		}
		if v.editing != 0 && v.form != formServes {
			out = append(out, s.Emphasis.Render(cut("Editing "+conflict.Options.Label(v.editing)+": enter goes on to its interests, esc cancels", w)))
		}
		cursor := -1
		if v.onList {
			cursor = v.mine
		}
		if v.form != formServes {
			out = append(out, v.own(m, d.Options, cursor, func(c exercises.Card) string { return servesText(d.Serves[c.ID]) })...)
		}
	case conflict.PhaseCriteria:
		if act.InputOpen() {
			out = inputLines(s, "An objective criterion to judge the options by:", &v.text)
		}
		out = append(out, v.own(m, d.Criteria, -1, nil)...)
	case conflict.PhaseEvaluate:
		out = v.evaluateInput(m, act, w, room)
	case conflict.PhaseAgree:
		out = []string{s.Subtle.Render("The facilitator records the agreements and open questions.")}
	}
	if !act.InputOpen() && act.PhaseSpec().Input {
		out = append([]string{s.Warn.Render(closedText(act))}, out...)
	}
	return out[:min(len(out), max(room, 1))]
}

// partyName is the party the interest being written is tagged with.
func (v *conflictView) partyName(m *Model, act *session.ActivityState) string {
	if parties := roomParties(m, act); v.party >= 0 && v.party < len(parties) {
		return parties[v.party].Name
	}
	if p, ok := myParty(m, act); ok {
		return p.Name + " (yours)"
	}
	return "yours (add your organisation with i)"
}

// own lists the person's own cards of a deck, with a note each.
func (v *conflictView) own(m *Model, deck exercises.Deck, cursor int, note func(exercises.Card) string) []string {
	s := m.styles
	var out []string
	for i, c := range myCards(m, deck) {
		line := deck.Label(c.ID) + " " + c.Text
		if note != nil {
			line += s.Subtle.Render(" · " + note(c))
		}
		mark := "  "
		if i == cursor {
			mark, line = s.Title.Render(glyphCursor+" "), s.Selected.Render(deck.Label(c.ID)+" "+c.Text)
		}
		out = append(out, mark+line)
	}
	if len(out) == 0 {
		return nil
	}
	return append([]string{s.Subtle.Render("Yours:")}, out...)
}

// interestList is the interests with a check box each and the cursor, in
// rows lines around the cursor.
func (v *conflictView) interestList(m *Model, d conflict.Data, rows int, checked func(exercises.Card) bool) []string {
	s := m.styles
	cards := liveCards(d.Interests)
	if len(cards) == 0 {
		return []string{s.Muted.Render("No interests on the wall.")}
	}
	parties := roomParties(m, m.snap.CurrentActivity())
	rows = max(rows, 3)
	first := min(max(v.cursor-rows/2, 0), max(len(cards)-rows, 0))
	var out []string
	for i := first; i < min(first+rows, len(cards)); i++ {
		c := cards[i]
		box := "[ ]"
		if checked(c) {
			box = s.Good.Render("[✓]")
		}
		text := fmt.Sprintf("%s %s · %s · %s", conflict.Interests.Label(c.ID), conflict.Spelled(parties, c.Cluster), kindMark(c.Category), c.Text)
		mark := "  "
		if i == v.cursor {
			mark, text = s.Title.Render(glyphCursor+" "), s.Selected.Render(cut(text, m.width-8))
		}
		out = append(out, mark+box+" "+text)
	}
	return out
}

// positionInput is the party's position, live, and its editor with who
// else of the party has it open.
func (v *conflictView) positionInput(m *Model, act *session.ActivityState, w int) []string {
	s := m.styles
	p, ok := myParty(m, act)
	if !ok {
		return wrap("You belong to no party here: a party is an organisation. Add yours with i to draft its position.", w, s.Warn)
	}
	d := conflict.Of(act.Data)
	last, edits := d.Position(p.Key)
	out := []string{s.Heading.Render(cut("Your party: "+p.Name+" · its members draft one position together", w)),
		s.Subtle.Render(cut("Your party sees who edits; other parties see the position once revealed.", w))}
	if v.form == formPosition {
		out = append(out, v.draft.Lines()...)
		var others []string
		key := focusKey(m.snap.Current, p.Key)
		for _, id := range m.snap.Order {
			if id != m.id && m.snap.Focus[id] == key {
				others = append(others, m.snap.People[id].Shown())
			}
		}
		if len(others) > 0 {
			out = append(out, s.Emphasis.Render(cut("Also editing: "+strings.Join(others, ", "), w)))
		} else {
			out = append(out, s.Muted.Render("Nobody else of your party is editing."))
		}
		if last.Text != v.base {
			out = append(out, wrap(m.snap.People[last.Person].Shown()+" saved a new version meanwhile: yours replaces it when you save, theirs stays in the history.", w, s.Warn)...)
		}
		return out
	}
	if edits == 0 {
		return append(out, s.Muted.Render("No position yet: press e to write it."))
	}
	out = append(out, wrapIndent(last.Text, "  ", w, s.Text)...)
	return append(out, s.Muted.Render(cut(fmt.Sprintf("last saved by %s · %d %s · e to edit", m.snap.People[last.Person].Shown(), edits, plural(edits, "edit", "edits")), w)))
}

// evaluateInput is the options with the person's ratings, the legend, and
// the open comment.
func (v *conflictView) evaluateInput(m *Model, act *session.ActivityState, w, room int) []string {
	s := m.styles
	d := conflict.Of(act.Data)
	cards := liveCards(d.Options)
	if len(cards) == 0 {
		return []string{s.Muted.Render("No options to evaluate.")}
	}
	var foot []string
	if v.form == formComment {
		label := fmt.Sprintf("Why? (optional) on %s:", conflict.Options.Label(v.commentFor))
		if vote, ok := myVote(m, d, v.commentFor); ok && vote.Value >= conflict.SeriousMin {
			label = fmt.Sprintf("Say why (optional), so that %s can be amended:", conflict.Options.Label(v.commentFor))
		}
		foot = inputLines(s, label, &v.text)
	} else {
		legend := make([]string, 0, conflict.GradientMax)
		for val := conflict.GradientMin; val <= conflict.GradientMax; val++ {
			legend = append(legend, conflict.Gradient.Label(val))
		}
		foot = wrap(strings.Join(legend, " · "), w, s.Muted)
	}
	rows := max(room-len(foot), 2)
	first := min(max(v.cursor-rows/2, 0), max(len(cards)-rows, 0))
	var out []string
	for i := first; i < min(first+rows, len(cards)); i++ {
		c := cards[i]
		val := s.Muted.Render("[ ]")
		if vote, ok := myVote(m, d, c.ID); ok {
			val = (&resultsWriter{s: s}).gradientStyle(vote.Value).Render(fmt.Sprintf("[%d]", vote.Value))
		}
		text := conflict.Options.Label(c.ID) + " " + c.Text
		if d.Poll(c.ID) > 1 {
			text += fmt.Sprintf(" (amended, poll %d)", d.Poll(c.ID))
		}
		mark := "  "
		if i == v.cursor {
			mark, text = s.Title.Render(glyphCursor+" "), s.Selected.Render(cut(text, w-8))
		}
		out = append(out, mark+val+" "+text)
	}
	return append(out, foot...)
}

func (v *conflictView) presenterMain(m *Model, act *session.ActivityState, w, h int) []string {
	s := m.styles
	d := conflict.Of(act.Data)
	var out []string
	switch v.form {
	case formIssue:
		out = inputLines(s, "The issue (enter saves):", &v.draft)
	case formRule:
		out = inputLines(s, "A ground rule (enter adds it):", &v.text)
	case formPosition:
		out = inputLines(s, "Position of "+v.selectedParty(m)+" (enter saves):", &v.draft)
	case formAmend:
		out = inputLines(s, "Amend "+conflict.Options.Label(v.commentFor)+" (enter starts a new poll; the earlier one is kept):", &v.text)
	case formQuestion:
		out = inputLines(s, "An open question (enter records it):", &v.text)
	case formAgreement:
		out = append(inputLines(s, "Agreement (tab: owner, date; enter records):", &v.draft), v.owner.View(), v.date.View())
	}
	switch {
	case v.form != formClosed:
	case phaseOf(act) == conflict.PhasePositions:
		if p := v.selectedParty(m); p != "" {
			out = append(out, s.Subtle.Render(cut("Selected party: "+p+" (←/→, w writes its position)", w)))
		}
	case phaseOf(act) == conflict.PhaseInterests || phaseOf(act) == conflict.PhaseCommon:
		out = v.moderated(m, standingCards(d.Interests), conflict.Interests, w, h/3)
	case phaseOf(act) == conflict.PhaseOptions:
		out = v.moderated(m, standingCards(d.Options), conflict.Options, w, h/3)
	case phaseOf(act) == conflict.PhaseEvaluate:
		out = v.moderated(m, liveCards(d.Options), conflict.Options, w, h/3)
	case phaseOf(act) == conflict.PhaseAgree:
		for i, a := range d.Agreements.Items {
			text := fmt.Sprintf("%d. %s", a.ID, a.Text)
			if a.Status == exercises.Rejected {
				text = glyphRejected + " withdrawn: " + text
			}
			mark := "  "
			if i == v.cursor {
				mark, text = s.Title.Render(glyphCursor+" "), s.Selected.Render(cut(text, w-4))
			}
			out = append(out, cut(mark+text, w))
		}
	}
	if len(out) > 0 {
		out = append(out, "")
	}
	return append(out, m.liveResults(w, h-len(out), drawConflict)...)
}

// moderated is the facilitator's list of cards with the cursor, those
// marked for a merge and those hidden, in at most rows lines around the
// cursor.
func (v *conflictView) moderated(m *Model, cards []exercises.Card, list exercises.CardList, w, rows int) []string {
	s := m.styles
	rows = max(rows, 3)
	first := min(max(v.cursor-rows/2, 0), max(len(cards)-rows, 0))
	var out []string
	for i := first; i < min(first+rows, len(cards)); i++ {
		c := cards[i]
		text := list.Label(c.ID) + " " + c.Text
		if slices.Contains(v.marked, c.ID) {
			text = glyphMarked + " " + text
		}
		if c.Hidden {
			text = glyphHiddenCard + " hidden: " + text
		}
		mark := "  "
		if i == v.cursor {
			mark, text = s.Title.Render(glyphCursor+" "), s.Selected.Render(cut(text, w-4))
		}
		out = append(out, cut(mark+text, w))
	}
	return out
}

func (v *conflictView) screenResults(m *Model, w, _ int) []string {
	return m.resultLines(m.snap.Current, w, audScreen, drawConflict)
}

func (v *conflictView) pastResults(m *Model, i, w, h int) []string {
	return m.scrolled("Results", m.resultLines(i, w, audPublic, drawConflict), w, h)
}

// done closes the form its action saved, and empties the phase's text
// field once what it held is on the wall: what was typed during the save
// stays where it differs from what was saved. A participant's position
// editor stays open after a save, to go on drafting; esc closes it.
func (v *conflictView) done(m *Model, a session.Action) {
	switch a := a.(type) {
	case conflict.EditPosition:
		if !m.facilitator {
			if p, ok := myParty(m, m.snap.CurrentActivity()); ok && v.draft.Value() == a.Text {
				last, _ := conflict.Of(m.snap.CurrentActivity().Data).Position(p.Key)
				v.base = last.Text
			}
			return
		}
		v.closeForm(m)
	case conflict.SetIssue, conflict.AmendOption, conflict.AddQuestion, conflict.AddAgreement:
		v.closeForm(m)
	case conflict.RateOption:
		// A value saved while the comment is open (a 7 opens it at once)
		// leaves it open; the comment's own save closes it.
		if v.form == formComment && v.sentNote && a.Comment == v.text.Value() && a.Option == v.commentFor {
			v.sentNote = false
			v.closeForm(m)
		}
	case conflict.AddInterest:
		if v.text.Value() == a.Text {
			v.text.Reset()
		}
	case conflict.EditInterest:
		if v.editing == a.Card && v.text.Value() == a.Text {
			v.editing = 0
			v.text.Reset()
		}
	case conflict.DeleteInterest:
		v.mine = max(v.mine-1, 0)
		if len(myCards(m, conflict.Of(m.snap.CurrentActivity().Data).Interests)) == 0 {
			v.onList = false
			v.text.Focus() // its blink starts with the next key
		}
	case conflict.AddCriterion:
		if v.text.Value() == a.Text {
			v.text.Reset()
		}
	case conflict.AddOption, conflict.EditOption:
		v.form, v.serves, v.editing = formClosed, nil, 0
		v.text.Reset()
		v.text.Focus() // its blink starts with the next key
	case conflict.MergeOptions:
		v.marked = nil
	}
}

func (v *conflictView) doneText(a session.Action) (string, bool) {
	switch a := a.(type) {
	case conflict.EditPosition:
		return "Saved your party's position; its members see it now.", true
	case conflict.SetIssue:
		return "The issue is on everyone's screen.", true
	case conflict.AddInterest:
		return "Interest added. Others see it when the facilitator reveals the wall.", true
	case conflict.EditInterest:
		return "Saved " + conflict.Interests.Label(a.Card) + ".", true
	case conflict.DeleteInterest:
		return "Deleted " + conflict.Interests.Label(a.Card) + ".", true
	case conflict.MarkInterest:
		if a.On {
			return "Marked as shared.", true
		}
		return "Mark taken back.", true
	case conflict.AddOption:
		return "Option added.", true
	case conflict.EditOption:
		return "Saved " + conflict.Options.Label(a.Option) + ".", true
	case conflict.AddCriterion:
		return "Criterion added.", true
	case conflict.RateOption:
		return "Saved: " + conflict.Gradient.Label(a.Value) + ".", true
	case conflict.AmendOption:
		return "Amended: a new poll of the option starts; the earlier one is kept.", true
	case conflict.MergeOptions:
		return "Options merged.", true
	case conflict.HideCard:
		if a.On {
			return "Hidden from everyone; h shows it again.", true
		}
		return "Shown again.", true
	case conflict.AddAgreement:
		return "Agreement recorded.", true
	case conflict.AddQuestion:
		return "Open question recorded.", true
	case conflict.DropAgreement:
		return fmt.Sprintf("Agreement %d withdrawn; the report keeps it, marked withdrawn.", a.Agreement), true
	}
	return "", false
}

func (v *conflictView) inputs() []*lazyInput {
	return []*lazyInput{&v.draft, &v.text, &v.owner, &v.date}
}

func (v *conflictView) focused() *lazyInput {
	for _, in := range v.inputs() {
		if in.Focused() {
			return in
		}
	}
	return nil
}

// resize gives the fields, which wrap, the width beside their prompt.
func (v *conflictView) resize(w int) {
	for _, in := range v.inputs() {
		in.SetWidth(max(w-6, 20))
	}
}
