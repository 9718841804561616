package tui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/session"
)

// presenterKey handles the facilitator's assumption-mapping keys. It
// reports false for keys it leaves to the presenter's other controls.
func (v *assumptionsView) presenterKey(m *Model, msg tea.KeyPressMsg, act *session.ActivityState) (tea.Cmd, bool) {
	ws := v
	switch {
	case ws.plan.open:
		return v.actionFormKey(m, msg), true
	case ws.prompting != promptNone:
		return v.promptKey(m, msg), true
	}
	switch phaseName(act) {
	case phaseGroup:
		return v.groupKey(m, msg, act)
	case phasePlan:
		return v.planKey(m, msg, act)
	case phaseRate, phaseMap:
		if key.Matches(msg, m.keys.Wall.Orgs) {
			v.toggleOrgs(m)
			return nil, true
		}
	}
	return nil, false
}

// groupKey selects and marks cards on the wall, and merges, groups and
// hides them.
func (v *assumptionsView) groupKey(m *Model, msg tea.KeyPressMsg, act *session.ActivityState) (tea.Cmd, bool) {
	ws, k := v, m.keys.Wall
	rows := v.wallRows(m, act)
	i := ws.selected(rows)
	switch {
	case key.Matches(msg, k.Up):
		ws.move(rows, -1)
	case key.Matches(msg, k.Down):
		ws.move(rows, +1)
	case i < 0 && key.Matches(msg, k.Mark, k.Merge, k.Group, k.Hide):
		m.status = status{kind: statusNotice, text: "There are no cards on the wall."}
	case key.Matches(msg, k.Mark):
		if ws.marked == nil {
			ws.marked = map[int]bool{}
		}
		id := rows[i].card
		ws.marked[id] = !ws.marked[id]
		if !ws.marked[id] {
			delete(ws.marked, id)
		}
	case key.Matches(msg, k.Merge):
		return v.openMerge(m, act, rows[i].card), true
	case key.Matches(msg, k.Group):
		return v.openCluster(m, act, rows[i].card), true
	case key.Matches(msg, k.Hide):
		c, _ := assumptions.Of(act.Data).Card(rows[i].card)
		return m.do(assumptions.HideCard{Activity: m.snap.Current, Card: c.ID, On: !c.Hidden}), true
	default:
		return nil, false
	}
	return nil, true
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
	c, _ := assumptions.Of(act.Data).Card(into)
	ws.prompting, ws.into, ws.cards = promptMerge, into, from
	ws.prompt.SetCharLimit(exercises.MaxTextLen)
	ws.prompt.SetValue(c.Text)
	ws.prompt.CursorEnd()
	m.status = status{}
	return ws.prompt.Focus()
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

// promptKey drives the merge and cluster prompt.
func (v *assumptionsView) promptKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	ws, k := v, m.keys.Wall
	i := m.snap.Current
	switch {
	case key.Matches(msg, k.Cancel):
		ws.closePrompt()
		m.status = status{}
		return nil
	case key.Matches(msg, k.Submit) && ws.prompting == promptMerge:
		text := strings.TrimSpace(ws.prompt.Value())
		if c, _ := assumptions.Of(m.snap.Activities[i].Data).Card(ws.into); text == c.Text {
			text = "" // kept as it is
		}
		return m.do(assumptions.MergeCards{Activity: i, Into: ws.into, From: ws.cards, Text: text})
	case key.Matches(msg, k.Submit):
		return m.do(assumptions.ClusterCards{Activity: i, Cards: ws.cards, Cluster: strings.TrimSpace(ws.prompt.Value())})
	}
	return ws.prompt.Update(msg)
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

// presenterHelp is the facilitator's control bar after the collect
// phase (nil in it: it has the usual one).
func (v *assumptionsView) presenterHelp(m *Model, act *session.ActivityState) [][]key.Binding {
	k, p, wk := m.keys, m.keys.Presenter, m.keys.Wall
	switch {
	case phaseName(act) == phaseCollect:
		return nil
	case v.plan.open:
		return [][]key.Binding{{wk.NextField, relabel(wk.Up, "owner"), relabel(wk.Submit, "propose"), wk.Cancel, k.Global.Quit}}
	case v.prompting != promptNone:
		return [][]key.Binding{{wk.Submit, wk.Cancel, k.Global.Quit}}
	}
	// Each line fits 80 columns; the keys left out still work.
	rest := []key.Binding{p.NextPhase, p.NextActivity, p.Reveal, p.Anonymity, p.Screen, k.Global.Quit}
	switch phaseName(act) {
	case phaseGroup:
		return [][]key.Binding{{relabel(wk.Up, "card"), wk.Mark, relabel(wk.Merge, "merge"), wk.Group, wk.Hide,
			p.TimerStart, rekey(p.TimerPause, "P")}, rest}
	case phasePlan:
		rest[3] = rekey(p.Anonymity, "A")
		return [][]key.Binding{{wk.Up, relabel(wk.Propose, "propose"), relabel(wk.Confirm, "confirm"), p.Lock,
			p.TimerStart, p.TimerPause, p.Export}, rest}
	}
	return [][]key.Binding{{wk.Orgs, k.Scroll.Up, p.Lock, p.TimerStart, p.TimerPause, p.Export}, rest}
}

// screenResults is the wall, the map or the plan on the projector.
func (v *assumptionsView) screenResults(m *Model, w, h int) []string {
	return v.wallDrawing(m, m.snap.Current, w, h, audScreen).lines
}
