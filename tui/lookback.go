package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// lookback is a participant reading an earlier activity's revealed results
// while the room goes on: read-only, drawn by a view built for that
// activity. The presenter's step does not move; nil while the person is on
// the live activity, so that a connection pays for it only while it looks.
type lookback struct {
	activity int  // the activity looked at
	from     int  // the activity the room was on when the person looked back
	view     view // built fresh for the activity looked at (newView)
	scroll   int  // the live results' scroll, given back on return
}

// lookKeys move between the earlier activities. They are printable, so they
// work only while no input has the focus: with one, they are typed.
var lookKeys = struct {
	Earlier, Later, Live key.Binding
}{
	Earlier: newBinding(keysOf("["), "[", "look back"),
	Later:   newBinding(keysOf("]"), "]", "later activity"),
	Live:    newBinding(keysOf("esc"), "esc", "live activity"),
}

// pastActivities is the activities before the room's whose results are
// revealed, in the agenda's order: the ones a participant may look back at.
func (m *Model) pastActivities() []int {
	var out []int
	for _, i := range m.snap.Plan[:max(m.snap.Position(m.snap.Current), 0)] {
		if m.snap.Activities[i].Revealed {
			out = append(out, i)
		}
	}
	return out
}

// lookNeighbours is the revealed earlier activities either side of the one
// looked at (the live activity when not looking back); -1 for none.
func (m *Model) lookNeighbours() (earlier, later int) {
	at := m.snap.Current
	if m.back != nil {
		at = m.back.activity
	}
	earlier, later = -1, -1
	here := m.snap.Position(at)
	for _, i := range m.pastActivities() {
		switch pos := m.snap.Position(i); {
		case pos < here:
			earlier = i
		case pos > here && later < 0:
			later = i
		}
	}
	return earlier, later
}

// lookBindings is the participant's keys for looking back: [ from the live
// activity where no input has the focus; [, ] and esc while looking back.
func (m *Model) lookBindings() keyGroups {
	earlier, later := m.lookNeighbours()
	k := lookKeys
	if m.back == nil {
		if m.view.focused() != nil || earlier < 0 {
			return nil
		}
		return keyGroups{{on(k.Earlier, m.lookAt(earlier)).short()}}
	}
	grp := []binding{on(k.Earlier, m.lookAt(earlier)).as("earlier activity").short().when(earlier >= 0)}
	if later >= 0 {
		grp = append(grp, on(k.Later, m.lookAt(later)).short(), on(k.Live, m.lookAt(-1)).short())
	} else {
		grp = append(grp, on(k.Later, m.lookAt(-1)).as("live activity").short())
	}
	return keyGroups{grp}
}

// lookAt returns the key that shows activity i read-only, or the live
// activity for -1.
func (m *Model) lookAt(i int) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		m.look(i)
		return nil
	}
}

// look shows activity i read-only, or the live activity for -1.
func (m *Model) look(i int) {
	switch {
	case i < 0 && m.back != nil:
		m.scroll = m.back.scroll
		m.back = nil
	case i < 0:
	case m.back == nil:
		m.back = &lookback{activity: i, from: m.snap.Current, view: newView(m.snap.Activities[i].Activity.Kind), scroll: m.scroll}
		m.scroll = 0
	case m.back.activity != i:
		m.back.activity, m.back.view = i, newView(m.snap.Activities[i].Activity.Kind)
		m.scroll = 0
	}
}

// syncLookback leaves an activity the facilitator hid again: nothing that
// is not revealed is shown.
func (m *Model) syncLookback() {
	if m.back == nil {
		return
	}
	if m.facilitator {
		m.look(-1) // a participant made facilitator has the presenter's screen
		return
	}
	if i := m.back.activity; i >= len(m.snap.Activities) || !m.snap.Activities[i].Revealed || m.snap.Activities[i].Removed {
		m.look(-1)
		m.status = status{kind: statusNotice, text: "Those results are no longer shown: back to the live activity."}
	}
}

// focusedInput is the input that has the focus, or nil: none while looking
// back, where the live activity's input is not shown.
func (m *Model) focusedInput() *lazyInput {
	if m.back != nil {
		return nil
	}
	return m.view.focused()
}

// activityLabel names activity i as "1. Check-in".
func (m *Model) activityLabel(i int) string {
	return fmt.Sprintf("%d. %s", m.snap.Position(i)+1, m.snap.Activities[i].Activity.Title)
}

// lookbackBody is the participant's screen under the header while looking
// back: what is shown and how to return, where the room is now if it moved
// on, and the activity's results.
func (m *Model) lookbackBody(w, h int) []string {
	s, b := m.styles, m.back
	_, later := m.lookNeighbours()
	how := "press ] to return to the live activity"
	if later >= 0 {
		how = fmt.Sprintf("press ] for %s, esc for the live activity", m.activityLabel(later))
	}
	out := wrap(fmt.Sprintf("Looking back at %s · read-only · %s", m.activityLabel(b.activity), how), w, s.Emphasis)
	if m.snap.Current != b.from {
		act := m.snap.CurrentActivity()
		out = append(out, wrap(fmt.Sprintf("The room is now on %s · %s.", m.activityLabel(m.snap.Current), act.PhaseSpec().Title), w, s.Warn)...)
	}
	out = append(out, "")
	return append(out, b.view.pastResults(m, b.activity, w, max(h-len(out), 1))...)
}

// renderLookback draws the participant's screen while looking back.
func (m *Model) renderLookback() string {
	w, h := m.width, m.height
	top := m.header(w, "")
	bottom := m.footer(w)
	return frame(w, h, top, m.lookbackBody(w, h-len(top)-len(bottom)), bottom)
}
