package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/session"
)

// AgendaKeys drive the presenter's agenda panel (g): the agenda with
// planned and actual time, and its changes.
type AgendaKeys struct {
	Select  key.Binding
	Earlier key.Binding
	Later   key.Binding
	Add     key.Binding
	Remove  key.Binding
	Prompt  key.Binding
	Close   key.Binding
}

// agendaAsk is what the agenda panel asks before it acts.
type agendaAsk uint8

const (
	agendaAskNothing agendaAsk = iota
	agendaAskKind              // the kind of the activity to add
	agendaAskRemove            // confirm the removal
	agendaAskPrompt            // the selected activity's new prompt
)

// agendaPanel is the presenter's agenda panel.
type agendaPanel struct {
	open   bool
	sel    int // ID of the selected activity
	ask    agendaAsk
	prompt lazyInput
}

func newAgendaPanel() agendaPanel {
	return agendaPanel{prompt: newInput("Prompt: ", "the question put to participants", exercises.MaxTextLen)}
}

func (p *agendaPanel) cancel() {
	p.ask = agendaAskNothing
	p.prompt.Clear()
}

// openAgenda opens or closes the agenda panel on the current activity.
func openAgenda(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	ap := &m.pres.agenda
	if ap.open {
		ap.open = false
		ap.cancel()
		return nil
	}
	m.pres.closePanels()
	m.pres.exporting = false
	m.pres.people.close()
	ap.open, ap.sel = true, m.snap.Current
	return nil
}

// selectedActivity is the activity the panel's cursor is on, and its
// position on the agenda; a removed one gives way to the current one, as
// does one just added until the snapshot has it.
func (m *Model) selectedActivity() (int, int) {
	ap := &m.pres.agenda
	if pos := m.snap.Position(ap.sel); pos >= 0 {
		return ap.sel, pos
	}
	if ap.sel >= len(m.snap.Activities) {
		return m.snap.Current, max(m.snap.Position(m.snap.Current), 0)
	}
	ap.sel = m.snap.Current
	return ap.sel, max(m.snap.Position(ap.sel), 0)
}

// agendaKeys is the bindings of the open agenda panel: what it asks, or
// the list's; a change is offered only where the session would take it.
func (m *Model) agendaKeys(quit binding) keyGroups {
	ap, f, k := &m.pres.agenda, m.keys.Form, m.keys.Agenda
	back := func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pres.agenda.cancel(); return nil }
	help := on(m.keys.Global.Help, toggleHelp).short()
	switch ap.ask {
	case agendaAskKind:
		return keyGroups{{
			on(newBinding(kindKeys(), fmt.Sprintf("1-%d", len(catalog.Kinds())), "kind"), addActivity).short(),
			on(f.Cancel, back).short(), help, quit,
		}}
	case agendaAskRemove:
		return keyGroups{{
			on(f.Submit, removeActivity).as("remove").short(),
			on(f.Cancel, back).short(), help, quit,
		}}
	case agendaAskPrompt:
		return keyGroups{{
			on(f.Submit, savePrompt).as("save prompt").short(),
			on(f.Cancel, back).short(), quit,
		}}
	}
	i, pos := m.selectedActivity()
	snap := m.snap
	act := snap.Activities[i]
	movable := !act.Entered && i != snap.Current
	cur := snap.Position(snap.Current)
	return keyGroups{
		{
			on(k.Select, selectActivity).short().when(len(snap.Plan) > 1),
			on(k.Earlier, moveActivity(-1)).short().when(movable && pos-1 > cur),
			on(k.Later, moveActivity(+1)).short().when(movable && pos+1 < len(snap.Plan)),
			on(k.Add, askKind).short().when(len(snap.Plan) < session.MaxActivities),
			on(k.Remove, askRemoveActivity).short().when(movable),
			on(k.Prompt, askPrompt).short().when(!act.Exercise().HasInput(act.Data)),
			on(k.Close, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.pres.agenda.open = false
				m.pres.agenda.cancel()
				return nil
			}).short(),
		},
		{help, quit},
	}
}

// kindKeys are the digits that pick an exercise, in the catalog's order.
func kindKeys() []string {
	out := make([]string, len(catalog.Kinds()))
	for i := range out {
		out[i] = fmt.Sprint(i + 1)
	}
	return out
}

func selectActivity(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	_, pos := m.selectedActivity()
	if upward(msg) {
		pos--
	} else {
		pos++
	}
	pos = min(max(pos, 0), len(m.snap.Plan)-1)
	m.pres.agenda.sel = m.snap.Plan[pos]
	return nil
}

func moveActivity(delta int) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		i, pos := m.selectedActivity()
		return m.do(session.MoveActivity{Activity: i, To: pos + delta})
	}
}

func askKind(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	m.pres.agenda.ask = agendaAskKind
	m.status = status{}
	return nil
}

// addActivity adds an activity of the kind picked, with its defaults, at
// the end of the agenda, and selects it.
func addActivity(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	m.pres.agenda.cancel()
	k := catalog.Kinds()[int(msg.String()[0]-'1')]
	a, err := catalog.New(k)
	if err != nil {
		m.status = status{kind: statusError, text: errorText(err)}
		return nil
	}
	m.pres.agenda.sel = len(m.snap.Activities)
	return m.do(session.AddActivity{Activity: a})
}

func askRemoveActivity(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	m.pres.agenda.ask = agendaAskRemove
	m.status = status{}
	return nil
}

// removeActivity removes the selected activity, and selects the one that
// takes its place (or the one before it, at the end).
func removeActivity(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	i, _ := m.selectedActivity()
	ap := &m.pres.agenda
	ap.cancel()
	if next, ok := m.snap.Step(i, +1); ok {
		ap.sel = next
	} else if prev, ok := m.snap.Step(i, -1); ok {
		ap.sel = prev
	}
	return m.do(session.RemoveActivity{Activity: i})
}

func askPrompt(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	i, _ := m.selectedActivity()
	ap := &m.pres.agenda
	ap.ask = agendaAskPrompt
	ap.prompt.SetValue(m.snap.Activities[i].Activity.Prompt)
	ap.prompt.CursorEnd()
	m.status = status{}
	return ap.prompt.Focus()
}

func savePrompt(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	i, _ := m.selectedActivity()
	text := m.pres.agenda.prompt.Value()
	m.pres.agenda.cancel()
	return m.do(session.EditPrompt{Activity: i, Prompt: text})
}

// agendaDoneText confirms an agenda change in the status line.
func (m *Model) agendaDoneText(a session.Action) (string, bool) {
	switch a := a.(type) {
	case session.AddActivity:
		return fmt.Sprintf("Added %q at the end of the agenda.", a.Activity.Title), true
	case session.RemoveActivity:
		return fmt.Sprintf("Removed %q from the agenda.", m.snap.Activities[a.Activity].Activity.Title), true
	case session.MoveActivity:
		return fmt.Sprintf("Moved %q to place %d.", m.snap.Activities[a.Activity].Activity.Title, a.To+1), true
	case session.EditPrompt:
		return "Prompt saved.", true
	}
	return "", false
}

// minutesText is a duration in whole minutes, "12m"; "-" for none.
func minutesText(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return fmt.Sprintf("%dm", int((d+time.Minute/2)/time.Minute))
}

// clockText is a duration as h:mm, for a start counted from the
// workshop's start.
func clockText(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// driftText is how far an activity ran over (+) or under (-) its plan, or
// for the current one how far the workshop is behind (+) or ahead (-).
func driftText(d time.Duration) string {
	m := int((d.Abs() + time.Minute/2) / time.Minute)
	switch {
	case m == 0:
		return "on time"
	case d > 0:
		return fmt.Sprintf("+%dm", m)
	}
	return fmt.Sprintf("-%dm", m)
}

// agendaTime is an activity's line of time: planned minutes, planned
// start, actual time so far and drift, each "" where there is none.
type agendaTime struct{ planned, start, actual, drift string }

func (m *Model) agendaTime(i int) agendaTime {
	snap, now := m.snap, m.now()
	a := snap.Activities[i]
	t := agendaTime{planned: minutesText(a.Activity.TimeBox), start: clockText(snap.PlannedStart(i))}
	if !a.Entered || snap.Started.IsZero() {
		return t
	}
	actual, planned := snap.Actual(i, now), a.Activity.TimeBox
	t.actual = fmt.Sprintf("%d:%02d", int(actual/time.Minute), int(actual/time.Second)%60)
	switch {
	case i == snap.Current && (planned > 0 || snap.PlannedStart(i) > 0):
		// How far the workshop is from its plan: when this activity
		// started against its planned start, and any time over its own.
		// Without a plan up to here there is nothing to drift from.
		t.drift = driftText(snap.Since.Sub(snap.Started) - snap.PlannedStart(i) + max(actual-planned, 0))
	case planned > 0:
		t.drift = driftText(actual - planned)
	}
	return t
}

// agendaPanelView draws the agenda panel: each activity with its times,
// then what the panel asks.
func (m *Model) agendaPanelView(w int) []string {
	s, snap, ap := m.styles, m.snap, &m.pres.agenda
	sel, _ := m.selectedActivity()
	const times = 25 // " 10m  0:10   12:05 +2m" and room
	head := fmt.Sprintf("%4s %5s %6s %s", "plan", "start", "so far", "drift")
	out := []string{s.Heading.Render(fit("Agenda", max(w-times, 8))) + s.Subtle.Render(cut(head, times))}
	for pos, i := range snap.Plan {
		a, t := snap.Activities[i], m.agendaTime(i)
		cursor := "  "
		if i == sel {
			cursor = s.Title.Render(glyphCursor) + " "
		}
		style := s.Text
		if i == snap.Current {
			style = s.Title
		}
		title := fit(cut(fmt.Sprintf("%d. %s", pos+1, a.Activity.Title), max(w-times-2, 8)), max(w-times-2, 8))
		line := fmt.Sprintf("%4s %5s %6s %s", t.planned, t.start, t.actual, t.drift)
		out = append(out, cursor+style.Render(title)+s.Subtle.Render(cut(line, times)))
	}
	a := snap.Activities[sel]
	switch ap.ask {
	case agendaAskKind:
		var kinds []string
		for i, e := range catalog.All() {
			kinds = append(kinds, fmt.Sprintf("%d %s", i+1, e.Defaults().Title))
		}
		out = append(out, "")
		out = append(out, wrap("Add which activity? "+strings.Join(kinds, ", ")+". It goes at the end; esc cancels.", w, s.Emphasis)...)
	case agendaAskRemove:
		out = append(out, "")
		out = append(out, wrap(fmt.Sprintf("Remove %q from the agenda? It has not started; the log keeps that it was there. Enter removes, esc goes back.", a.Activity.Title), w, s.Warn)...)
	case agendaAskPrompt:
		out = append(out, "", s.Emphasis.Render(cut("New prompt for "+a.Activity.Title+":", w)), cut(ap.prompt.View(), w))
	default:
		out = append(out, wrap("Prompt: "+a.Activity.Prompt, w, s.Subtle)...)
	}
	return append(out, "")
}

// currentTimeText is the current activity's time in the sidebar: planned
// start, time so far against the plan, and drift.
func (m *Model) currentTimeText(t agendaTime) string {
	if t.actual == "" {
		return "   starts at " + t.start
	}
	text := "   " + t.actual + " of " + t.planned
	if t.planned == minutesText(0) {
		text = "   " + t.actual + " so far"
	}
	if t.drift != "" {
		text += " · " + t.drift
	}
	return text
}
