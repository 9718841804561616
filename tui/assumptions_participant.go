package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/session"
)

// bindings is the keys of assumption mapping for the person's role in the
// phase: the open action form's or prompt's alone (modal), else the phase's.
func (v *assumptionsView) bindings(m *Model, act *session.ActivityState) (keyGroups, bool) {
	switch {
	case v.plan.open:
		return v.formKeys(), true
	case m.facilitator && v.prompting != promptNone:
		return v.promptKeys(), true
	case m.facilitator && v.rejecting != 0:
		return v.rejectKeys(), true
	case m.facilitator:
		return v.presenterKeys(m, act), false
	}
	k := wallKeys
	scroll := on(m.keys.Scroll.Arrows, lineKey).short() // the wall and the map: the arrows are free
	switch phaseName(act) {
	case phaseCollect:
		return v.collectKeys(m, act), false
	case phaseRate:
		return v.rateKeys(m, act), false
	case phasePlan:
		return v.planKeys(m, act), false
	case phaseMap:
		return keyGroups{{scroll, on(k.Orgs, v.toggleOrgs).short()}}, false
	}
	return keyGroups{{scroll}}, false
}

// unbound types into the input that has the focus. In the list of their
// own cards, typing returns the participant to the card input, so nothing
// typed is lost; after x, any key but y keeps the card.
func (v *assumptionsView) unbound(m *Model, msg tea.KeyPressMsg, _ *session.ActivityState) tea.Cmd {
	switch {
	case v.deleting != 0:
		m.status = status{kind: statusInfo, text: "Kept " + assumptions.Label(v.deleting) + "."}
		v.deleting = 0
		return nil
	case v.rejecting != 0:
		m.status = status{kind: statusInfo, text: fmt.Sprintf("Kept action %d.", v.rejecting)}
		v.rejecting = 0
		return nil
	case v.onList && msg.Text != "":
		v.onList = false
		focus := v.card.Focus()
		return tea.Batch(focus, v.card.Update(msg))
	case v.plan.open && v.plan.field == formOwner:
		return nil
	}
	if in := v.focused(); in != nil {
		return in.Update(msg)
	}
	return nil
}

// toggleOrgs switches the map and its per-organisation view.
func (v *assumptionsView) toggleOrgs(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	v.orgs = !v.orgs
	m.scroll = 0
	return nil
}

// collectKeys write, edit and delete the participant's own cards. The
// input has the focus; ↓ moves into the list of their cards, where e edits
// and x deletes, and typing goes back to the input (unbound).
func (v *assumptionsView) collectKeys(m *Model, act *session.ActivityState) keyGroups {
	k := wallKeys
	rows := v.wallRows(m, act)
	switch {
	case v.deleting != 0:
		return keyGroups{{on(k.Yes, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			id := v.deleting
			v.deleting = 0
			return m.do(assumptions.DeleteCard{Activity: m.snap.Current, Card: id})
		}).as("delete").short()}}
	case !act.InputOpen():
		return keyGroups{{on(m.keys.Scroll.Arrows, lineKey).short()}}
	case v.onList:
		i := v.selected(rows)
		return keyGroups{{
			on(k.Up, func(*Model, tea.KeyPressMsg) tea.Cmd {
				if i <= 0 {
					v.onList = false
					return v.card.Focus()
				}
				v.move(rows, -1)
				return nil
			}).short(),
			on(k.Down, func(*Model, tea.KeyPressMsg) tea.Cmd { v.move(rows, +1); return nil }),
			on(k.Edit, func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return v.editCard(m, act, rows[i].card) }).short().when(i >= 0),
			on(k.Delete, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				v.deleting = rows[i].card
				m.status = status{kind: statusNotice, text: fmt.Sprintf("Delete %s? Press y to delete it, any other key to keep it.",
					assumptions.Label(v.deleting))}
				return nil
			}).short().when(i >= 0),
		}}
	}
	cats := assumptions.Categories(act.Activity)
	add := on(k.Add, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		text := v.card.Value()
		if strings.TrimSpace(text) == "" {
			m.status = status{kind: statusError, text: "Write your assumption, then press Enter."}
			return nil
		}
		if v.sending != "" {
			// Enter again before the hub replied: the card is sent once,
			// and what was typed since waits for its reply, to be a card
			// of its own.
			m.status = status{kind: statusInfo, text: "Saving your card… press Enter again once it is saved."}
			return nil
		}
		v.sending = text
		cat := categoryAt(cats, v.category)
		if v.editing != 0 {
			return m.do(assumptions.EditCard{Activity: m.snap.Current, Card: v.editing, Text: text, Category: cat})
		}
		return m.do(assumptions.AddCard{Activity: m.snap.Current, Text: text, Category: cat})
	}).short()
	if v.editing != 0 {
		add = add.as("save")
	}
	return keyGroups{{
		add,
		on(k.Category, func(*Model, tea.KeyPressMsg) tea.Cmd { v.category = (v.category + 1) % (len(cats) + 1); return nil }).short(),
		on(k.PrevCategory, func(*Model, tea.KeyPressMsg) tea.Cmd {
			v.category = (v.category + len(cats)) % (len(cats) + 1)
			return nil
		}),
		on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.editing, v.category = 0, 0
			v.card.Reset()
			m.status = status{kind: statusInfo, text: "Edit cancelled."}
			return nil
		}).short().when(v.editing != 0),
		on(k.Down, func(*Model, tea.KeyPressMsg) tea.Cmd {
			v.onList = true
			v.card.Blur()
			v.selectRow(rows, max(v.selected(rows), 0))
			return nil
		}).as("your cards").short().when(len(rows) > 0),
	}}
}

// categoryAt is the category the picker shows at index i: 0 is none.
func categoryAt(cats []string, i int) string {
	if i <= 0 || i > len(cats) {
		return ""
	}
	return cats[i-1]
}

// editCard loads one of the participant's cards into the input.
func (v *assumptionsView) editCard(m *Model, act *session.ActivityState, id int) tea.Cmd {
	ws := v
	c, ok := assumptions.Of(act.Data).Card(id)
	if !ok {
		return nil
	}
	ws.editing, ws.onList = id, false
	ws.category = slices.Index(assumptions.Categories(act.Activity), c.Category) + 1
	ws.card.SetValue(c.Text)
	ws.card.CursorEnd()
	return ws.card.Focus()
}

// rateKeys rate the selected card: 1-5 on the focused axis (importance
// first, then evidence), Enter saves, s skips, ↑/↓ choose another card.
func (v *assumptionsView) rateKeys(m *Model, act *session.ActivityState) keyGroups {
	k := wallKeys
	move := func(delta int) func(*Model, tea.KeyPressMsg) tea.Cmd {
		return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.move(v.wallRows(m, act), delta)
			v.loadRating(m, act)
			return nil
		}
	}
	return keyGroups{{
		on(k.Up, move(-1)).as("card").short(),
		on(k.Down, move(+1)),
		on(k.Score, func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
			v.values[v.axis] = int(msg.String()[0] - '0')
			// A number moves on to the other axis while it is unset, and
			// from importance to evidence, so that "4 2 enter" rates a
			// card; on evidence with importance set it stays.
			v.advanced = false
			if other := 1 - v.axis; v.values[other] == 0 || v.axis == 0 {
				v.axis, v.advanced = other, true
			}
			return nil
		}).short(),
		on(k.Axis, func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
			forward := msg.String() == "tab" || msg.String() == "right"
			if !(forward && v.advanced) { // a number already moved on
				v.axis = 1 - v.axis
			}
			v.advanced = false
			return nil
		}).short(),
		on(k.Save, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.advanced = false
			if missing := v.missingAxis(); missing != "" {
				m.status = status{kind: statusError, text: missing}
				return nil
			}
			return v.rateCard(m, act, false)
		}).short(),
		on(k.Skip, func(m *Model, _ tea.KeyPressMsg) tea.Cmd { v.advanced = false; return v.rateCard(m, act, true) }).short(),
	}}
}

// missingAxis says which axis is not set yet, and puts the focus on it;
// "" when both are.
func (v *assumptionsView) missingAxis() string {
	switch {
	case v.values[0] == 0 && v.values[1] == 0:
		v.axis = 0
		return "Set importance and evidence from 1 to 5 first, or press s to skip."
	case v.values[0] == 0:
		v.axis = 0
		return "Importance is not set: press 1-5 for importance, or s to skip."
	case v.values[1] == 0:
		v.axis = 1
		return "Evidence is not set: press 1-5 for evidence, or s to skip."
	}
	return ""
}

// rateCard saves the values set on the selected card, or a skip.
func (v *assumptionsView) rateCard(m *Model, act *session.ActivityState, skip bool) tea.Cmd {
	ws := v
	if !act.InputOpen() {
		m.status = status{kind: statusNotice, text: closedText(act)}
		return nil
	}
	if ws.selected(v.wallRows(m, act)) < 0 {
		return nil
	}
	r := assumptions.RateCard{Activity: m.snap.Current, Card: ws.sel.card, Skip: skip}
	if !skip {
		r.Importance, r.Evidence = ws.values[0], ws.values[1]
	}
	return m.do(r)
}

// keepRating keeps the rating on a card of the wall: the first card the
// participant has not rated when the phase opens, the next one when the
// selected card leaves the wall.
func (v *assumptionsView) keepRating(m *Model, act *session.ActivityState) {
	ws := v
	rows := v.wallRows(m, act)
	if ws.sel.card == 0 {
		ws.selectRow(rows, max(v.nextUnrated(m, act, rows, -1), 0))
	}
	ws.selected(rows)
	_, rated := assumptions.Of(act.Data).RatingsOf(ws.sel.card)[m.id]
	if ws.valuesOf != ws.sel.card || (ws.values == [2]int{} && rated) {
		v.loadRating(m, act) // another card, or a rating saved from another connection
	}
}

// loadRating shows the participant's saved values for the selected card.
func (v *assumptionsView) loadRating(m *Model, act *session.ActivityState) {
	ws := v
	ws.valuesOf, ws.axis, ws.values, ws.advanced = ws.sel.card, 0, [2]int{}, false
	if r, ok := assumptions.Of(act.Data).RatingsOf(ws.sel.card)[m.id]; ok && !r.Skipped {
		ws.values = [2]int{r.Importance, r.Evidence}
	}
}

// nextUnrated is the index of the first card after rows[from] (wrapping)
// that the participant has neither rated nor skipped, or -1.
func (v *assumptionsView) nextUnrated(m *Model, act *session.ActivityState, rows []rowKey, from int) int {
	for k := 1; k <= len(rows); k++ {
		j := (from + k + len(rows)) % len(rows)
		if _, ok := assumptions.Of(act.Data).RatingsOf(rows[j].card)[m.id]; !ok {
			return j
		}
	}
	return -1
}

// planKeys move through the plan and open the action form; the
// facilitator also confirms actions.
func (v *assumptionsView) planKeys(m *Model, act *session.ActivityState) keyGroups {
	k := wallKeys
	// The facilitator's bar is short of room: the keys say what they act on.
	verb := func(what string) string {
		if m.facilitator {
			return what
		}
		return what + " action"
	}
	return keyGroups{{
		on(k.Up, v.moveKey(act, -1)).short(),
		on(k.Down, v.moveKey(act, +1)),
		on(k.Propose, func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return v.openActionForm(m, act, v.wallRows(m, act)) }).short().as(verb("propose")),
		on(k.Confirm, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			rows := v.wallRows(m, act)
			i := v.selected(rows)
			if i < 0 || rows[i].action == 0 {
				m.status = status{kind: statusNotice, text: "Select a proposed action (" + glyphProposed + ") under a card, then press c."}
				return nil
			}
			return m.do(assumptions.ConfirmAction{Activity: m.snap.Current, Action: rows[i].action})
		}).short().as(verb("confirm")).when(m.facilitator),
		on(k.EditAction, v.onAction(act, func(m *Model, a exercises.ActionItem) tea.Cmd { return v.openEditForm(m, act, a) })).
			short().when(m.facilitator),
		on(k.Reject, v.onAction(act, func(m *Model, a exercises.ActionItem) tea.Cmd {
			v.rejecting = a.ID
			m.status = status{kind: statusNotice, text: fmt.Sprintf("Reject action %d? Press y to reject it, any other key to keep it.", a.ID)}
			return nil
		})).short().when(m.facilitator),
	}}
}

// onAction runs f on the selected action, or asks for one to be selected.
func (v *assumptionsView) onAction(act *session.ActivityState, f func(*Model, exercises.ActionItem) tea.Cmd) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
		rows := v.wallRows(m, act)
		i := v.selected(rows)
		a, ok := exercises.ActionItem{}, false
		if i >= 0 && rows[i].action != 0 {
			a, ok = assumptions.Of(act.Data).Actions.Find(rows[i].action)
		}
		if !ok {
			m.status = status{kind: statusNotice, text: "Select an action under a card, then press " + msg.String() + "."}
			return nil
		}
		return f(m, a)
	}
}

// rejectKeys ask the facilitator to confirm a rejection: y rejects, any
// other key keeps the action (unbound).
func (v *assumptionsView) rejectKeys() keyGroups {
	return keyGroups{{on(wallKeys.Yes, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		id := v.rejecting
		v.rejecting = 0
		return m.do(assumptions.RejectAction{Activity: m.snap.Current, Action: id})
	}).as("reject").short()}}
}

// openEditForm opens the action form on an action, filled in with it.
func (v *assumptionsView) openEditForm(m *Model, act *session.ActivityState, a exercises.ActionItem) tea.Cmd {
	if a.Status == exercises.Rejected {
		m.status = status{kind: statusNotice, text: fmt.Sprintf("Action %d was rejected: it stays as it was.", a.ID)}
		return nil
	}
	m.status = status{}
	return v.plan.fill(a)
}

// fill opens the form on an action to edit, filled in with it.
func (f *actionForm) fill(a exercises.ActionItem) tea.Cmd {
	f.open, f.card, f.edit = true, a.CardID, a.ID
	f.what.SetValue(a.Text)
	f.what.CursorEnd()
	f.due.SetValue(a.Due)
	f.owner, f.other = a.Owner, a.Typed()
	f.name.Reset()
	f.org.Reset()
	if f.other {
		f.name.SetValue(a.OwnerName)
		f.org.SetValue(a.Org)
	}
	return f.focus(formWhat)
}

// openActionForm starts proposing an action for the selected row's card.
func (v *assumptionsView) openActionForm(m *Model, act *session.ActivityState, rows []rowKey) tea.Cmd {
	ws := v
	if !act.InputOpen() {
		m.status = status{kind: statusNotice, text: closedText(act)}
		return nil
	}
	i := ws.selected(rows)
	if i < 0 {
		m.status = status{kind: statusNotice, text: "No card is in “test first”: there is nothing to plan."}
		return nil
	}
	return ws.plan.start(m, rows[i].card)
}

// start opens the form empty on a card, the due date proposeLead days
// ahead and the proposer, the likeliest owner, as the owner.
func (f *actionForm) start(m *Model, card int) tea.Cmd {
	f.open, f.card, f.field, f.edit, f.other = true, card, formWhat, 0, false
	f.what.Reset()
	f.name.Reset()
	f.org.Reset()
	f.due.SetValue(m.now().AddDate(0, 0, proposeLead).Format(exercises.DateLayout))
	f.owner = ""
	people := m.snap.InTheRoom()
	for _, p := range people {
		if p.ID == m.id {
			f.owner = p.ID
		}
	}
	if f.owner == "" && len(people) > 0 {
		f.owner = people[0].ID
	}
	m.status = status{}
	return f.focus(formWhat)
}

// focus moves the form's focus to a field.
func (f *actionForm) focus(field int) tea.Cmd {
	f.field = field
	f.what.Blur()
	f.name.Blur()
	f.org.Blur()
	f.due.Blur()
	switch field {
	case formWhat:
		return f.what.Focus()
	case formName:
		return f.name.Focus()
	case formOrg:
		return f.org.Focus()
	case formDue:
		return f.due.Focus()
	}
	return nil
}

// step moves the form's focus delta fields on, past the typed owner's
// name and organisation unless the owner is "other…".
func (f *actionForm) step(delta int) tea.Cmd {
	next, n := f.field, formFields+f.extra
	for {
		next = (next + delta + n) % n
		if f.other || (next != formName && next != formOrg) {
			return f.focus(next)
		}
	}
}

// moveKey moves the selection by delta rows. The rows are listed when the
// key is pressed, not for every frame's help.
func (v *assumptionsView) moveKey(act *session.ActivityState, delta int) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		v.move(v.wallRows(m, act), delta)
		return nil
	}
}

// ownerIndex is the chosen owner's place in the list of participants
// followed by "other…" (at len(people)); -1 for none.
func (f *actionForm) ownerIndex(people []exercises.Person) int {
	if f.other {
		return len(people)
	}
	return slices.IndexFunc(people, func(p exercises.Person) bool { return p.ID == f.owner })
}

// chooseOwner moves the owner up or down the participants and "other…".
func (f *actionForm) chooseOwner(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	people := m.snap.InTheRoom()
	i := f.ownerIndex(people)
	if upward(msg) {
		i = max(i-1, 0)
	} else {
		i = min(i+1, len(people))
	}
	f.other = i == len(people)
	f.owner = ""
	if !f.other {
		f.owner = people[i].ID
	}
	return nil
}

// chosenOwner is the owner as the form gives it: a participant's ID, or a
// typed name and organisation; false, said in the status line, when
// "other…" is chosen and nothing typed.
func (f *actionForm) chosenOwner(m *Model) (id, name, org string, ok bool) {
	if !f.other {
		return f.owner, "", "", true
	}
	name, org = f.name.Value(), f.org.Value()
	if strings.TrimSpace(name+org) == "" {
		m.status = status{kind: statusError, text: "Type the owner's name and organisation, or choose a participant."}
		return "", "", "", false
	}
	return "", name, org, true
}

// formKeys drive the action form: tab moves between what, owner (and a
// typed owner's name and organisation) and due date, ↑/↓ choose the
// owner among the participants and "other…", Enter proposes or, for an
// action being edited, saves; other keys type (unbound).
func (v *assumptionsView) formKeys() keyGroups {
	k, f := wallKeys, &v.plan
	submit := func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		who, name, org, ok := f.chosenOwner(m)
		if !ok {
			return nil
		}
		due := strings.TrimSpace(f.due.Value())
		if f.edit != 0 {
			return m.do(assumptions.EditAction{Activity: m.snap.Current, Action: f.edit, Text: f.what.Value(),
				Owner: who, OwnerName: name, OwnerOrg: org, Due: due})
		}
		return m.do(assumptions.ProposeAction{Activity: m.snap.Current, Card: f.card, Text: f.what.Value(),
			Owner: who, OwnerName: name, OwnerOrg: org, Due: due})
	}
	verb := "propose"
	if f.edit != 0 {
		verb = "save"
	}
	return keyGroups{{
		on(k.NextField, func(*Model, tea.KeyPressMsg) tea.Cmd { return f.step(+1) }).short(),
		on(k.PrevField, func(*Model, tea.KeyPressMsg) tea.Cmd { return f.step(-1) }),
		on(k.Up, f.chooseOwner).as("owner").short().when(f.field == formOwner),
		on(k.Down, f.chooseOwner).as("next owner").when(f.field == formOwner),
		on(k.Submit, submit).as(verb).short(),
		on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.closeForm()
			m.status = status{}
			return nil
		}).short(),
	}}
}

// done moves the assumption-mapping state on after an action succeeded.
func (v *assumptionsView) done(m *Model, a session.Action) {
	ws := v
	act := m.snap.CurrentActivity()
	switch a := a.(type) {
	case assumptions.AddCard:
		ws.sending = ""
		ws.keepTypedAfter(a.Text)
		// The next card starts without a category: one picked for this
		// card is not silently given to the next.
		ws.category = 0
	case assumptions.EditCard:
		ws.sending = ""
		if ws.editing == a.Card && strings.HasPrefix(ws.card.Value(), a.Text) {
			ws.editing, ws.category = 0, 0
			ws.keepTypedAfter(a.Text)
		}
	case assumptions.EditCardText:
		ws.closePrompt()
	case assumptions.MergeCards, assumptions.ClusterCards:
		ws.closePrompt()
		ws.marked = nil
		ws.follow = true // the card may have moved to another cluster
	case assumptions.RateCard:
		if a.Card != ws.sel.card || phaseName(act) != phaseRate {
			return
		}
		rows := v.wallRows(m, act)
		if j := v.nextUnrated(m, act, rows, ws.selected(rows)); j >= 0 {
			ws.selectRow(rows, j)
		} else {
			p := assumptions.Of(m.snap.CurrentActivity().Data).RatingProgress(m.id)
			m.status = status{kind: statusInfo, text: fmt.Sprintf("All %d cards done: %d rated, %d skipped. ↑/↓ to change any.", p.Total, p.Rated, p.Skipped)}
		}
		v.loadRating(m, act)
	case assumptions.ProposeAction, assumptions.EditAction:
		ws.closeForm()
	}
}

// keepTypedAfter takes a saved card's text out of the input, leaving what
// was typed after Enter, while the hub saved it, for the next card. An input
// whose saved part was changed since is left as the person made it.
func (v *assumptionsView) keepTypedAfter(sent string) {
	typed, ok := strings.CutPrefix(v.card.Value(), sent)
	switch {
	case !ok:
	case strings.TrimSpace(typed) == "":
		v.card.Reset()
	default:
		v.card.SetValue(strings.TrimLeft(typed, " "))
		v.card.CursorEnd()
	}
}

// failed lets a refused card be sent again.
func (v *assumptionsView) failed(a session.Action) {
	switch a.(type) {
	case assumptions.AddCard, assumptions.EditCard:
		v.sending = ""
	}
}

// wallDoneText confirms an assumption-mapping action in the status line.
func (v *assumptionsView) doneText(a session.Action) (string, bool) {
	label := func(id int) string { return assumptions.Label(id) }
	labels := func(ids []int) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = label(id)
		}
		return strings.Join(out, ", ")
	}
	switch a := a.(type) {
	case assumptions.AddCard:
		return "Card added. You can edit it until the facilitator moves on.", true
	case assumptions.EditCard:
		return label(a.Card) + " saved.", true
	case assumptions.DeleteCard:
		return label(a.Card) + " deleted.", true
	case assumptions.EditCardText:
		return label(a.Card) + " edited.", true
	case assumptions.MergeCards:
		return fmt.Sprintf("Merged %s into %s.", labels(a.From), label(a.Into)), true
	case assumptions.ClusterCards:
		if strings.TrimSpace(a.Cluster) == "" {
			return labels(a.Cards) + " taken out of their cluster.", true
		}
		return fmt.Sprintf("Grouped %s under “%s”.", labels(a.Cards), strings.TrimSpace(a.Cluster)), true
	case assumptions.HideCard:
		if a.On {
			return label(a.Card) + " hidden from the wall.", true
		}
		return label(a.Card) + " back on the wall.", true
	case assumptions.RateCard:
		if a.Skip {
			return "Skipped " + label(a.Card) + ".", true
		}
		return fmt.Sprintf("Rated %s: importance %d, evidence %d.", label(a.Card), a.Importance, a.Evidence), true
	case assumptions.ProposeAction:
		return "Action proposed for " + label(a.Card) + "; the facilitator confirms it.", true
	case assumptions.ConfirmAction:
		return fmt.Sprintf("Action %d confirmed.", a.Action), true
	case assumptions.EditAction:
		return fmt.Sprintf("Action %d saved.", a.Action), true
	case assumptions.RejectAction:
		return fmt.Sprintf("Action %d rejected: it stays in the report as rejected.", a.Action), true
	}
	return "", false
}

// wallInstruction is what the participant is asked to do in the phase.
func wallInstruction(act *session.ActivityState) string {
	switch phaseName(act) {
	case phaseGroup:
		return "The facilitator is grouping the wall: merging duplicates and naming clusters."
	case phaseRate:
		return "Rate each assumption: how important is it to the plan, and how much evidence is there that it holds?"
	case phaseMap:
		return "Where our assumptions stand. " + glyphContested + " marks cards the partners rate apart."
	case phasePlan:
		return "Plan how to test the “test first” assumptions: select one and press a to propose an action."
	}
	return act.Activity.Prompt
}

// participantBody is the participant's view of assumption mapping.
func (v *assumptionsView) participantBody(m *Model, act *session.ActivityState, w, h int) []string {
	out := headLines(wallInstruction(act), w, m.styles.Prompt)
	if anon := m.anonymityLines(act, w); len(anon) > 0 {
		out = append(append(out, anon...), "")
	}
	rest := h - len(out)
	switch phaseName(act) {
	case phaseCollect:
		return append(out, v.collectView(m, act, w, rest)...)
	case phaseRate:
		return append(out, v.rateView(m, act, w, rest)...)
	case phasePlan:
		if form := v.actionFormView(m, w); len(form) > 0 {
			out = append(out, form...)
			out = append(out, "")
		}
		if !act.Revealed {
			return append(out, m.styles.Muted.Render("The plan appears here when the facilitator reveals it."))
		}
		return append(out, v.selectable(m, "Plan", act, w, h-len(out), audPublic)...)
	}
	return append(out, v.wallResults(m, act, w, rest)...)
}

// wallTitle names the results block of the phase.
func (v *assumptionsView) wallTitle(m *Model, act *session.ActivityState) string {
	switch phaseName(act) {
	case phaseRate, phaseMap:
		if v.orgs {
			return "By organisation"
		}
		return "Map"
	case phasePlan:
		return "Plan"
	}
	n, hidden := 0, 0
	for _, c := range assumptions.Of(act.Data).Cards() {
		switch {
		case c.Live():
			n++
		case c.Hidden && c.MergedInto == 0:
			hidden++
		}
	}
	title := fmt.Sprintf("Wall · %d %s", n, plural(n, "card", "cards"))
	if m.facilitator && hidden > 0 {
		title += fmt.Sprintf(" · %d hidden", hidden)
	}
	return title
}

// wallResults is the wall or the map for participants, once revealed.
func (v *assumptionsView) wallResults(m *Model, act *session.ActivityState, w, h int) []string {
	if !act.Revealed {
		m.page = pageInfo{}
		what := "wall"
		if p := phaseName(act); p == phaseRate || p == phaseMap {
			what = "map"
		}
		return []string{m.styles.Muted.Render("The " + what + " appears here when the facilitator reveals it.")}
	}
	return m.scrolled(v.wallTitle(m, act), v.wallDrawing(m, m.snap.Current, w, h-1, audPublic).lines, w, h)
}

// selectable draws a results block with rows under the person's cursor and
// keeps the selection in view.
func (v *assumptionsView) selectable(m *Model, title string, act *session.ActivityState, w, h int, aud audience) []string {
	v.selected(v.wallRows(m, act))
	lines, first, last := overlay(m, v.wallDrawing(m, m.snap.Current, w, h-1, aud), v.sel, v.marked)
	v.followSelection(m, first, last, h-1)
	return m.scrolled(title, lines, w, h)
}

// collectView is the card input, the participant's own cards, and the
// wall — or, until it is revealed, how many cards it holds.
func (v *assumptionsView) collectView(m *Model, act *session.ActivityState, w, h int) []string {
	s, ws := m.styles, v
	var out []string
	if act.InputOpen() {
		for _, l := range ws.card.Lines() {
			out = append(out, cut(l, w))
		}
		cat := categoryAt(assumptions.Categories(act.Activity), ws.category)
		if cat == "" {
			cat = "none"
		}
		line := s.Subtle.Render("Category: ") + s.Text.Render(cat)
		if n := len(assumptions.Categories(act.Activity)); n > 0 {
			line += s.Muted.Render(fmt.Sprintf("  (tab: %d to choose from)", n))
		}
		out = append(out, line)
		if ws.editing != 0 {
			out = append(out, s.Emphasis.Render(fmt.Sprintf("Editing %s · enter saves · esc cancels", assumptions.Label(ws.editing))))
		} else if most := m.opts.Hub.CardsPerActivity(); most > 0 && assumptions.Of(act.Data).CardsBy(m.id) >= most {
			// Said where the card is typed, before the person types
			// one the hub would refuse.
			out = append(out, wrap(fmt.Sprintf("You have put up %d cards, the most one person may here. To add another, delete one of yours (↓, then x).", assumptions.Of(act.Data).CardsBy(m.id)), w, s.Warn)...)
		}
	} else {
		out = append(out, s.Warn.Render(closedText(act)))
	}
	out = append(out, "")

	own := ownCards(act, m.id)
	wallH := 2
	if act.Revealed {
		wallH = min(8, h/3)
	}
	room := max(h-len(out)-1-wallH-1, 1)
	if len(own) == 0 {
		out = append(out, s.Muted.Render("You have not added a card yet."))
	} else {
		out = append(out, s.Heading.Render(fmt.Sprintf("Your cards · %d", len(own)))+s.Muted.Render("  ↓ to select, e edit, x delete"))
		sel := -1
		if ws.onList {
			sel = ws.selected(v.wallRows(m, act))
		}
		first := min(max(sel-room/2, 0), max(len(own)-room, 0))
		for i := first; i < min(first+room, len(own)); i++ {
			c := own[i]
			mark, text := "  ", c.Text
			if c.Category != "" {
				text += " · " + c.Category
			}
			line := s.Heading.Render(assumptions.Label(c.ID)) + " " + s.Text.Render(text)
			if i == sel {
				mark, line = s.Title.Render(glyphCursor+" "), s.Selected.Render(assumptions.Label(c.ID)+" "+text)
			}
			out = append(out, cut(mark+line, w))
		}
	}
	out = append(out, "")
	if act.Revealed {
		return append(out, m.scrolled(v.wallTitle(m, act), v.wallDrawing(m, m.snap.Current, w, h-len(out)-1, audPublic).lines, w, h-len(out))...)
	}
	m.page = pageInfo{}
	cards, people := wallCount(act)
	return append(out, wrap(fmt.Sprintf("%d %s on the wall from %d %s; the wall is revealed when the facilitator opens it.",
		cards, plural(cards, "card", "cards"), people, plural(people, "person", "people")), w, s.Subtle)...)
}

// wallCount is how many cards are on the wall and how many people wrote them.
func wallCount(act *session.ActivityState) (cards, people int) {
	authors := map[string]bool{}
	for _, c := range assumptions.Of(act.Data).Cards() {
		if c.Live() {
			cards++
			for _, a := range c.Authors {
				authors[a] = true
			}
		}
	}
	return cards, len(authors)
}

// rateView shows the selected card with the two scales and the
// participant's progress.
func (v *assumptionsView) rateView(m *Model, act *session.ActivityState, w, h int) []string {
	s, ws := m.styles, v
	rows := v.wallRows(m, act)
	i := ws.selected(rows)
	c, ok := assumptions.Of(act.Data).Card(ws.sel.card)
	if i < 0 || !ok {
		return []string{s.Muted.Render("There are no cards to rate.")}
	}
	var out []string
	if !act.InputOpen() {
		out = append(out, s.Warn.Render(closedText(act)))
	}
	where := fmt.Sprintf("Card %d of %d · %s", i+1, len(rows), assumptions.Label(c.ID))
	for _, extra := range []string{c.Cluster, c.Category} {
		if extra != "" {
			where += " · " + extra
		}
	}
	out = append(out, s.Subtle.Render(cut(where, w)))
	text := wrapIndent(c.Text, "  ", w, s.Heading)
	out = append(out, text[:min(len(text), max(h-12, 2))]...)
	out = append(out, "",
		v.scaleLine(m, "Importance", "low", "high", 0),
		v.scaleLine(m, "Evidence", "weak", "strong", 1),
		"")
	mine, rated := assumptions.Of(act.Data).RatingsOf(c.ID)[m.id]
	switch {
	case rated && mine.Skipped:
		out = append(out, s.Subtle.Render("You skipped this card."))
	case rated:
		out = append(out, s.Good.Render(fmt.Sprintf("%s Saved: importance %d, evidence %d.", glyphDone, mine.Importance, mine.Evidence)))
	default:
		out = append(out, s.Muted.Render("Not rated yet."))
	}
	p := assumptions.Of(m.snap.CurrentActivity().Data).RatingProgress(m.id)
	ratio := 0.0
	if p.Total > 0 {
		ratio = float64(p.Rated+p.Skipped) / float64(p.Total)
	}
	bar := m.pres.bar
	bar.SetWidth(min(w/3, 30))
	out = append(out, s.Text.Render(fmt.Sprintf("%d of %d rated · %d skipped  ", p.Rated, p.Total, p.Skipped))+bar.ViewAs(ratio))
	if p.Done() {
		out = append(out, s.Good.Render(glyphDone+" You have been through every card; ↑/↓ to change any."))
	}
	return out
}

// scaleLine draws one axis of the rating: "▸ Importance  low  1  2 [3] 4  5  high".
func (v *assumptionsView) scaleLine(m *Model, name, low, high string, axis int) string {
	s, ws := m.styles, v
	mark, label := "  ", s.Subtle.Render(fmt.Sprintf("%-11s", name))
	if ws.axis == axis {
		mark, label = s.Title.Render(glyphCursor+" "), s.Heading.Render(fmt.Sprintf("%-11s", name))
	}
	var b strings.Builder
	for v := assumptions.RateMin; v <= assumptions.RateMax; v++ {
		if v == ws.values[axis] {
			b.WriteString(s.Emphasis.Render(fmt.Sprintf("[%d]", v)))
		} else {
			b.WriteString(s.Text.Render(fmt.Sprintf(" %d ", v)))
		}
	}
	return mark + label + s.Subtle.Render(fmt.Sprintf("%6s ", low)) + b.String() + s.Subtle.Render(" "+high)
}

// actionFormView is the open action form, or nothing.
func (v *assumptionsView) actionFormView(m *Model, w int) []string {
	s, f := m.styles, &v.plan
	if !f.open {
		return nil
	}
	act := m.snap.CurrentActivity()
	c, _ := assumptions.Of(act.Data).Card(f.card)
	title := "Propose an action for "
	if f.edit != 0 {
		title = fmt.Sprintf("Edit action %d for ", f.edit)
	}
	return append([]string{cut(s.Emphasis.Render(title+assumptions.Label(c.ID))+s.Text.Render(" · "+c.Text), w)},
		f.fieldLines(m, w, "What")...)
}

// fieldLines are the form's fields under its title, the first named what.
func (f *actionForm) fieldLines(m *Model, w int, what string) []string {
	s := m.styles
	label := func(field int, name string) string {
		if f.field == field {
			return s.Heading.Render(fmt.Sprintf("%-6s", name))
		}
		return s.Subtle.Render(fmt.Sprintf("%-6s", name))
	}
	out := []string{cut(label(formWhat, what)+" "+f.what.View(), w)}
	people := m.snap.InTheRoom()
	i := f.ownerIndex(people)
	// The choices: the participants, then "other…", a typed owner.
	choice := func(j int) string {
		if j == len(people) {
			return "other…"
		}
		return namedLabel(m.snap, people[j])
	}
	switch {
	case f.field == formOwner:
		// The list around the chosen owner, as far as three rows show it.
		n := len(people) + 1
		first := min(max(i-1, 0), max(n-3, 0))
		for j := first; j < min(first+3, n); j++ {
			name, lead := "  "+choice(j), strings.Repeat(" ", 7)
			if j == first {
				lead = label(formOwner, "Owner") + " "
			}
			if j == i {
				name = s.Title.Render(glyphCursor+" ") + s.Selected.Render(choice(j))
			}
			out = append(out, cut(lead+name, w))
		}
	case len(people) == 0 && !f.other:
		out = append(out, label(formOwner, "Owner")+" "+s.Muted.Render("nobody has joined yet · tab, then ↓ for other…"))
	default:
		who := s.Muted.Render("choose with tab, then ↑/↓")
		if i >= 0 {
			who = s.Text.Render("  " + choice(i))
		}
		out = append(out, cut(label(formOwner, "Owner")+" "+who, w))
	}
	if f.other {
		out = append(out, cut(label(formName, "Name")+" "+f.name.View(), w),
			cut(label(formOrg, "Org")+" "+f.org.View(), w))
	}
	return append(out, cut(label(formDue, "Due")+" "+f.due.View(), w))
}
