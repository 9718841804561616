package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/session"
)

// PeopleKeys drive the presenter's people panel.
type PeopleKeys struct {
	Select        key.Binding
	Mute          key.Binding
	Remove        key.Binding
	CoFacilitator key.Binding
	HandOver      key.Binding
	Close         key.Binding
}

// peopleAsk is what the people panel asks before it acts.
type peopleAsk uint8

const (
	askNothing  peopleAsk = iota
	askMessage            // the message to a participant being removed
	askRemove             // confirm the removal
	askHandOver           // confirm the hand-over
)

// peoplePanel is the presenter's list of the people who joined (u).
type peoplePanel struct {
	open    bool
	sel     string // identity ID of the selected person
	ask     peopleAsk
	message lazyInput
}

func newPeoplePanel() peoplePanel {
	return peoplePanel{message: newInput("Message: ", "a word to them as they leave (optional)", exercises.MaxTextLen)}
}

// close closes the panel and whatever it asked.
func (p *peoplePanel) close() {
	p.open = false
	p.cancel()
}

// cancel drops what the panel asked.
func (p *peoplePanel) cancel() {
	p.ask = askNothing
	p.message.Clear()
}

// peopleRows is everyone who joined but the facilitator looking, in join
// order.
func (m *Model) peopleRows() []exercises.Person {
	var out []exercises.Person
	for _, id := range m.snap.Order {
		if id != m.id {
			out = append(out, m.snap.People[id])
		}
	}
	return out
}

// selectedPerson is the person the panel's cursor is on; false when
// nobody has joined.
func (m *Model) selectedPerson() (exercises.Person, int, bool) {
	rows := m.peopleRows()
	for i, p := range rows {
		if p.ID == m.pres.people.sel {
			return p, i, true
		}
	}
	if len(rows) == 0 {
		return exercises.Person{}, 0, false
	}
	m.pres.people.sel = rows[0].ID
	return rows[0], 0, true
}

// openPeople opens or closes the people panel.
func openPeople(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	pp := &m.pres.people
	if pp.open {
		pp.close()
		return nil
	}
	m.pres.closePanels()
	m.pres.exporting = false
	m.pres.agenda.open = false
	m.pres.agenda.cancel()
	pp.open = true
	return nil
}

// peopleKeys is the bindings of the open people panel: what it asks, or
// the list's.
func (m *Model) peopleKeys(quit binding) keyGroups {
	pp, f, k := &m.pres.people, m.keys.Form, m.keys.People
	back := func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pres.people.cancel(); return nil }
	switch pp.ask {
	case askMessage:
		return keyGroups{{
			on(f.Submit, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.pres.people.ask = askRemove
				m.pres.people.message.Blur()
				return nil
			}).as("continue").short(),
			on(f.Cancel, back).short(),
			quit,
		}}
	case askRemove, askHandOver:
		what := "remove"
		if pp.ask == askHandOver {
			what = "hand over"
		}
		return keyGroups{{
			on(f.Submit, confirmPeople).as(what).short(),
			on(f.Cancel, back).short(),
			on(m.keys.Global.Help, toggleHelp).short(),
			quit,
		}}
	}
	_, _, some := m.selectedPerson()
	return keyGroups{
		{
			on(k.Select, selectPerson).short().when(some),
			on(k.Mute, peopleAct(mutePerson)).short().when(some),
			on(k.Remove, peopleAct(askRemoval)).short().when(some),
			on(k.CoFacilitator, peopleAct(coFacilitate)).short().when(some),
			on(k.HandOver, peopleAct(askHandingOver)).short().when(some),
			on(k.Close, func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pres.people.close(); return nil }).short(),
		},
		{
			on(m.keys.Global.Help, toggleHelp).short(),
			quit,
		},
	}
}

// peopleAct runs f on the selected person.
func peopleAct(f func(m *Model, p exercises.Person) tea.Cmd) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		p, _, ok := m.selectedPerson()
		if !ok {
			return nil
		}
		return f(m, p)
	}
}

// selectPerson moves the cursor up or down the list.
func selectPerson(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	rows := m.peopleRows()
	_, i, _ := m.selectedPerson()
	if upward(msg) {
		i--
	} else {
		i++
	}
	i = min(max(i, 0), len(rows)-1)
	m.pres.people.sel = rows[i].ID
	return nil
}

func mutePerson(m *Model, p exercises.Person) tea.Cmd {
	return m.do(session.Mute{Person: p.ID, On: !m.snap.IsMuted(p.ID)})
}

func askRemoval(m *Model, p exercises.Person) tea.Cmd {
	if _, gone := m.snap.IsRemoved(p.ID); gone {
		m.status = status{kind: statusNotice, text: p.Shown() + " was removed already."}
		return nil
	}
	pp := &m.pres.people
	pp.ask = askMessage
	pp.message.Reset()
	m.status = status{}
	return pp.message.Focus()
}

func coFacilitate(m *Model, p exercises.Person) tea.Cmd {
	return m.do(session.AddFacilitator{Person: p.ID})
}

func askHandingOver(m *Model, _ exercises.Person) tea.Cmd {
	m.pres.people.ask = askHandOver
	m.status = status{}
	return nil
}

// confirmPeople carries out the removal or hand-over the panel asked about.
func confirmPeople(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	pp := &m.pres.people
	p, _, ok := m.selectedPerson()
	ask, text := pp.ask, strings.TrimSpace(pp.message.Value())
	pp.cancel()
	switch {
	case !ok:
		return nil
	case ask == askHandOver:
		return m.do(session.HandOver{To: p.ID})
	}
	return m.do(session.Remove{Person: p.ID, Message: text})
}

// peopleDoneText confirms a people action in the status line.
func (m *Model) peopleDoneText(a session.Action) (string, bool) {
	name := func(id string) string { return m.snap.People[id].Shown() }
	switch a := a.(type) {
	case session.Remove:
		return name(a.Person) + " was removed; what they gave stays.", true
	case session.Mute:
		if a.On {
			return "Input of " + name(a.Person) + " paused.", true
		}
		return "Input of " + name(a.Person) + " open again.", true
	case session.AddFacilitator:
		return name(a.Person) + " facilitates this workshop too.", true
	case session.HandOver:
		return name(a.To) + " facilitates this workshop now.", true
	}
	return "", false
}

// peoplePanel draws the people panel.
func (m *Model) peoplePanel(w int) []string {
	s, snap, pp := m.styles, m.snap, &m.pres.people
	out := []string{s.Heading.Render("People")}
	rows := m.peopleRows()
	if len(rows) == 0 {
		return append(out, s.Subtle.Render("Nobody has joined yet."), "")
	}
	sel, _, _ := m.selectedPerson()
	prog := m.completion(snap.Current)
	input := snap.CurrentActivity().PhaseSpec().Input
	for _, p := range rows {
		presence := s.Muted.Render(glyphAway)
		if snap.Connected(p.ID) {
			presence = s.Good.Render(glyphHere)
		}
		done := s.Muted.Render("–")
		if input && prog.Done(p.ID) {
			done = s.Good.Render(glyphDone)
		}
		var marks []string
		if strings.HasPrefix(p.ID, session.GuestPrefix) {
			marks = append(marks, "guest")
		}
		if snap.IsMuted(p.ID) {
			marks = append(marks, glyphLocked+" muted")
		}
		if _, gone := snap.IsRemoved(p.ID); gone {
			marks = append(marks, glyphBlocker+" removed")
		}
		line := withMark(p.Shown()+" ("+p.Org+")", snap, p)
		if len(marks) > 0 {
			line += "  " + s.Warn.Render(strings.Join(marks, " · "))
		}
		cursor := "  "
		if p.ID == sel.ID {
			cursor = s.Title.Render(glyphCursor) + " "
		}
		out = append(out, cut(cursor+presence+" "+done+" "+line, w))
	}
	switch pp.ask {
	case askMessage:
		out = append(out, "", s.Emphasis.Render(cut("Remove "+sel.Shown()+": a message they read as they leave", w)), cut(pp.message.View(), w))
	case askRemove:
		msg := strings.TrimSpace(pp.message.Value())
		if msg == "" {
			msg = "(no message)"
		}
		out = append(out, "")
		out = append(out, wrap("Remove "+sel.Shown()+"? Their screens end with: "+msg+" They cannot rejoin; what they gave stays. Enter removes, esc goes back.", w, s.Warn)...)
	case askHandOver:
		out = append(out, "")
		out = append(out, wrap("Hand the facilitator's role over to "+sel.Shown()+"? Enter hands over, esc goes back.", w, s.Warn)...)
	}
	return append(out, "")
}

// removedText is what a removed participant's screens end with.
func removedText(message string) string {
	text := session.RemovedText
	if message != "" {
		text += "\n\n" + message
	}
	return text + "\n\nWhat you gave stays in the workshop."
}
