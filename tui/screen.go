package tui

import (
	"fmt"
)

// renderScreen is the projector: title, activity and phase, then the
// results when revealed or the participation count until then. No
// controls and, in anonymous activities, no names; the presenter's keys
// still work, unseen.
func (m *Model) renderScreen() string {
	s, snap := m.styles, m.snap
	w, h := m.width, m.height
	act := snap.CurrentActivity()
	top := []string{
		"",
		center(s.Title.Render(snap.Title), w),
		center(s.Heading.Render(fmt.Sprintf("%s · %s", act.Activity.Title, act.PhaseSpec().Title)), w),
	}
	if t := m.timerText(); t != "" {
		top = append(top, center(t, w))
	}
	top = append(top, "")
	var bottom []string
	if m.pres.confirming != nil {
		// The facilitator's move waits for its key again. The projector
		// says so by the count alone: the room sees no names.
		again := fmt.Sprintf(" — press %s again to move on, any other key to stay", m.pres.confirming.key)
		who := "Everyone has finished"
		switch n := len(m.unfinished()); {
		case n == 1:
			who = "1 person has not finished"
		case n > 1:
			who = fmt.Sprintf("%d people have not finished", n)
		}
		bottom = []string{center(s.Warn.Render(cut(who+again, w)), w)}
	}
	if m.pres.timing {
		bottom = append(bottom, center(m.pres.minutes.View()+s.Subtle.Render("  enter starts the timer, esc cancels"), w))
	}
	const margin = 4
	inner := w - 2*margin
	bodyH := h - len(top) - len(bottom)
	var body []string
	if act.Revealed {
		body = m.scrolled("", m.view.screenResults(m, inner, bodyH), inner, bodyH)
		body = indent(body, margin)
	} else {
		m.page = pageInfo{}
		body = m.waiting(w, bodyH)
	}
	return frame(w, h, top, body, bottom)
}

// waiting is the big "Waiting for answers: N of M" shown before reveal.
func (m *Model) waiting(w, h int) []string {
	s, snap := m.styles, m.snap
	prog := m.completion(snap.Current)
	people := snap.InTheRoom()
	complete, ratio := prog.Tally(people)
	bar := m.pres.bar
	bar.SetWidth(w / 2)
	block := []string{
		center(s.Emphasis.Render(fmt.Sprintf(prog.Counts.Headline, complete, len(people))), w),
		"",
		center(bar.ViewAs(ratio), w),
	}
	pad := max((h-len(block))/2-1, 0)
	return append(make([]string, pad), block...)
}
