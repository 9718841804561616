package tui

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/session"
)

// presenterKeys is the facilitator's assumption-mapping keys in the phase;
// the common controls are theirs too (presenterKeys in presenter.go).
func (v *assumptionsView) presenterKeys(m *Model, act *session.ActivityState) keyGroups {
	switch phaseName(act) {
	case phaseGroup:
		return v.groupKeys(act)
	case phasePlan:
		return v.planKeys(m, act)
	case phaseRate, phaseMap:
		return keyGroups{{on(wallKeys.Orgs, v.toggleOrgs).short()}}
	}
	return nil
}

// groupKeys select and mark cards on the wall, and merge, group and hide
// them.
func (v *assumptionsView) groupKeys(act *session.ActivityState) keyGroups {
	k := wallKeys
	// onCard runs f on the selected card, if the wall has one.
	onCard := func(f func(m *Model, id int) tea.Cmd) func(*Model, tea.KeyPressMsg) tea.Cmd {
		return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			rows := v.wallRows(m, act)
			i := v.selected(rows)
			if i < 0 {
				m.status = status{kind: statusNotice, text: "There are no cards on the wall."}
				return nil
			}
			return f(m, rows[i].card)
		}
	}
	return keyGroups{{
		on(k.Up, v.moveKey(act, -1)).as("card").short(),
		on(k.Down, v.moveKey(act, +1)),
		on(k.Mark, onCard(func(_ *Model, id int) tea.Cmd {
			if v.marked == nil {
				v.marked = map[int]bool{}
			}
			v.marked[id] = !v.marked[id]
			if !v.marked[id] {
				delete(v.marked, id)
			}
			return nil
		})).short(),
		on(k.Merge, onCard(func(m *Model, id int) tea.Cmd { return v.openMerge(m, act, id) })).as("merge").short(),
		on(k.Group, onCard(func(m *Model, id int) tea.Cmd { return v.openCluster(m, act, id) })).short(),
		on(k.Reword, onCard(func(m *Model, id int) tea.Cmd { return v.openText(m, act, id) })).short(),
		on(k.Hide, onCard(func(m *Model, id int) tea.Cmd {
			c, _ := assumptions.Of(act.Data).Card(id)
			return m.do(assumptions.HideCard{Activity: m.snap.Current, Card: c.ID, On: !c.Hidden})
		})).short(),
	}}
}

// markedCards lists the marked cards still on the wall, but not except.
func (v *assumptionsView) markedCards(m *Model, act *session.ActivityState, except int) []int {
	var out []int
	for id := range v.marked {
		if c, ok := assumptions.Of(act.Data).Card(id); ok && c.MergedInto == 0 && id != except {
			out = append(out, id)
		}
	}
	sort.Ints(out)
	return out
}

// openMerge asks for the text of the card the marked cards are merged into.
func (v *assumptionsView) openMerge(m *Model, act *session.ActivityState, into int) tea.Cmd {
	ws := v
	from := v.markedCards(m, act, into)
	if len(from) == 0 {
		m.status = status{kind: statusNotice, text: "Mark the duplicates with space, then select the card that stays and press m."}
		return nil
	}
	return ws.promptCardText(m, act, promptMerge, into, from)
}

// openText asks for the selected card's new text.
func (v *assumptionsView) openText(m *Model, act *session.ActivityState, id int) tea.Cmd {
	return v.promptCardText(m, act, promptText, id, nil)
}

// promptCardText opens the prompt for card id's text, starting from it:
// to merge the cards into it, or to edit it.
func (v *assumptionsView) promptCardText(m *Model, act *session.ActivityState, kind promptKind, id int, cards []int) tea.Cmd {
	c, _ := assumptions.Of(act.Data).Card(id)
	v.prompting, v.into, v.cards = kind, id, cards
	v.prompt.SetCharLimit(exercises.MaxTextLen)
	v.prompt.SetValue(c.Text)
	v.prompt.CursorEnd()
	m.status = status{}
	return v.prompt.Focus()
}

// openCluster asks for the name of the cluster the marked cards (or the
// selected one) go under.
func (v *assumptionsView) openCluster(m *Model, act *session.ActivityState, selected int) tea.Cmd {
	ws := v
	cards := v.markedCards(m, act, 0)
	if len(cards) == 0 {
		cards = []int{selected}
	}
	c, _ := assumptions.Of(act.Data).Card(selected)
	ws.prompting, ws.cards = promptCluster, cards
	ws.prompt.SetCharLimit(exercises.MaxNameLen)
	ws.prompt.SetValue(c.Cluster)
	ws.prompt.CursorEnd()
	m.status = status{}
	return ws.prompt.Focus()
}

// promptKeys drive the merge and cluster prompt; other keys type
// (unbound).
func (v *assumptionsView) promptKeys() keyGroups {
	k := wallKeys
	return keyGroups{{
		on(k.Submit, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			i := m.snap.Current
			if v.prompting == promptText {
				return m.do(assumptions.EditCardText{Activity: i, Card: v.into, Text: strings.TrimSpace(v.prompt.Value())})
			}
			if v.prompting == promptMerge {
				text := strings.TrimSpace(v.prompt.Value())
				if c, _ := assumptions.Of(m.snap.Activities[i].Data).Card(v.into); text == c.Text {
					text = "" // kept as it is
				}
				return m.do(assumptions.MergeCards{Activity: i, Into: v.into, From: v.cards, Text: text})
			}
			return m.do(assumptions.ClusterCards{Activity: i, Cards: v.cards, Cluster: strings.TrimSpace(v.prompt.Value())})
		}).short(),
		on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.closePrompt()
			m.status = status{}
			return nil
		}).short(),
	}}
}

// promptView is the open merge or cluster prompt.
func (v *assumptionsView) promptView(m *Model, w int) []string {
	s, ws := m.styles, v
	labels := make([]string, len(ws.cards))
	for i, id := range ws.cards {
		labels[i] = assumptions.Label(id)
	}
	var ask string
	switch ws.prompting {
	case promptMerge:
		ask = fmt.Sprintf("Merge %s into %s: edit the text, or press enter to keep it", strings.Join(labels, ", "), assumptions.Label(ws.into))
	case promptCluster:
		ask = fmt.Sprintf("Group %s under the cluster named (empty: no cluster)", strings.Join(labels, ", "))
	case promptText:
		ask = fmt.Sprintf("Edit the text of %s: enter saves it", assumptions.Label(ws.into))
	default:
		return nil
	}
	out := wrap(ask, w, s.Emphasis)
	return append(out, cut(ws.prompt.View(), w), "")
}

// presenterMain is the facilitator's main area in assumption mapping:
// the wall (selectable while grouping), the live map, or the plan.
func (v *assumptionsView) presenterMain(m *Model, act *session.ActivityState, w, h int) []string {
	var out []string
	switch phaseName(act) {
	case phaseGroup:
		out = v.promptView(m, w)
		title := v.wallTitle(m, act)
		if n := len(v.markedCards(m, act, 0)); n > 0 {
			title += fmt.Sprintf(" · %d marked", n)
		}
		return append(out, v.selectable(m, title, act, w, h-len(out), audFacilitator)...)
	case phasePlan:
		if out = v.actionFormView(m, w); len(out) > 0 {
			out = append(out, "")
		}
		return append(out, v.selectable(m, v.wallTitle(m, act), act, w, h-len(out), audFacilitator)...)
	}
	title := v.wallTitle(m, act)
	if phaseName(act) == phaseRate && !v.orgs {
		title = "Live map"
	}
	return m.scrolled(title, v.wallDrawing(m, m.snap.Current, w, h-1, audFacilitator).lines, w, h)
}

// screenResults is the wall, the map or the plan on the projector.
func (v *assumptionsView) screenResults(m *Model, w, h int) []string {
	return v.wallDrawing(m, m.snap.Current, w, h, audScreen).lines
}

// pastResults is the wall, the map or the plan as the activity was left,
// without a cursor.
func (v *assumptionsView) pastResults(m *Model, i, w, h int) []string {
	return m.scrolled(v.wallTitle(m, m.snap.Activities[i]), v.wallDrawing(m, i, w, h-1, audPublic).lines, w, h)
}
