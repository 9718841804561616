package tui

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/willingness"
	"commonground/session"
)

// closedText explains why input is not open.
func closedText(act *session.ActivityState) string {
	if act.PhaseSpec().Input && act.Locked {
		return "The facilitator paused input."
	}
	return "Input is closed."
}

// workshopKey runs the binding of the key pressed (workshopKeys). A key no
// binding takes is typed into the decision form's conditions or the view's
// input.
func (m *Model) workshopKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := m.workshopKeys().handle(m, msg); ok {
		return cmd
	}
	if m.facilitator && m.pres.confirming != nil {
		// Any other key than the move's own stays where the room is.
		m.pres.confirming = nil
		m.status = status{kind: statusInfo, text: "Staying in this phase."}
		return nil
	}
	if m.facilitator && m.pres.people.ask == askMessage {
		return m.pres.people.message.Update(msg)
	}
	if m.facilitator && m.pres.agenda.ask == agendaAskPrompt {
		return m.pres.agenda.prompt.Update(msg)
	}
	if m.facilitator && m.pres.timing {
		return m.pres.minutes.Update(msg)
	}
	if m.facilitator && m.pres.deciding {
		return m.decisionUnbound(msg)
	}
	if m.back != nil {
		return nil // looking back is read-only: the live input is not shown
	}
	return m.view.unbound(m, msg, m.snap.CurrentActivity())
}

// answer saves an answer, or says why it cannot be saved now.
func (m *Model) answer(act *session.ActivityState, item, value int, text string) tea.Cmd {
	if !act.InputOpen() {
		m.status = status{kind: statusNotice, text: closedText(act)}
		return nil
	}
	return m.do(exercises.SetAnswer{Activity: m.snap.Current, Item: item, Value: value, Text: text})
}

// drawParticipant draws the participant's screen for this connection.
func (m *Model) drawParticipant() string {
	if m.back != nil {
		return m.renderLookback()
	}
	w, h := m.width, m.height
	top := m.header(w, "")
	if m.prework >= 0 {
		top = append(m.header(w, "PREWORK"), m.preworkLines(w)...)
	}
	bottom := m.footer(w)
	if m.snap.IsMuted(m.id) {
		// Said above the view, whatever its phase asks.
		top = append(slices.Clip(top), m.styles.Warn.Render(cut(glyphLocked+" "+session.MutedText, w)))
	}
	return frame(w, h, top, m.view.participantBody(m, m.snap.CurrentActivity(), w, h-len(top)-len(bottom)), bottom)
}

// preworkLines tell a member doing prework at their own pace until when
// they may, and that the group's phases wait for the live session.
func (m *Model) preworkLines(w int) []string {
	p := m.snap.CurrentActivity().Activity.Prework
	due := fmt.Sprintf("At your own pace until %s (%s).", exercises.InZone(p.Due, m.opts.TimeZone), exercises.Until(m.now(), p.Due))
	return wrap(due+" The rest opens in the live session; your input stays hidden until the facilitator reveals it.", w, m.styles.Subtle)
}

// liveResults is the presenter's results block of an answered activity.
func (m *Model) liveResults(w, h int, draw drawFunc) []string {
	return m.scrolled("Live results", m.resultLines(m.snap.Current, w, audFacilitator, draw), w, h)
}

// answerDoneText confirms a saved answer (check-in, willingness).
func answerDoneText(a session.Action) (string, bool) {
	ans, ok := a.(exercises.SetAnswer)
	switch {
	case !ok:
		return "", false
	case ans.Text != "":
		return "Saved. You can change it until input closes.", true
	}
	return fmt.Sprintf("Saved: %s.", willingness.ScaleLabel(ans.Value)), true
}

// answerRows is the most lines a participant's long answer or card wraps
// over while it is typed.
const answerRows = 4

// headLines is the instruction at the top of a participant's screen: at
// most three lines of it, and a blank line. Every screen in the room shows
// it, so it is wrapped once for them all.
func headLines(text string, w int, style paint) []string {
	out := wrapShared(text, w, style)
	return append(slices.Clip(out[:min(len(out), 3)]), "")
}

// promptHead is the top of an answered activity's screen: its prompt, and
// the room left for the person's input above the results in h lines.
func (m *Model) promptHead(act *session.ActivityState, w, h int) (out []string, room int) {
	out = headLines(act.Activity.Prompt, w, m.styles.Prompt)
	resultsMin := 2
	if act.Revealed {
		resultsMin = min(8, h/3)
	}
	return out, h - len(out) - resultsMin - 1
}

// participantResults is the revealed results, or a note that they are not
// revealed yet.
// inputScreen is a participant's screen for an exercise that takes its
// input above its results: the prompt, the anonymity the input is given
// under, the input in the room left, and the results below.
func (m *Model) inputScreen(act *session.ActivityState, w, h int,
	input func(m *Model, act *session.ActivityState, w, room int) []string, draw drawFunc) []string {
	out, room := m.promptHead(act, w, h)
	anon := m.anonymityLines(act, w)
	out = append(out, anon...)
	out = append(out, input(m, act, w, room-len(anon))...)
	out = append(out, "")
	return append(out, m.participantResults(act, w, h-len(out), draw)...)
}

func (m *Model) participantResults(act *session.ActivityState, w, h int, draw drawFunc) []string {
	s := m.styles
	if !act.Revealed {
		m.page = pageInfo{}
		return []string{s.Heading.Render("Results"), s.Muted.Render("Results appear here when the facilitator reveals them.")}
	}
	return m.scrolled("Results", m.resultLines(m.snap.Current, w, audPublic, draw), w, h)
}

// pageInfo is the geometry of the scrolled results as last drawn, so that
// the paging keys move by a page.
type pageInfo struct{ height, total int }

// scrolled draws a scrolled area of lines in h lines under a title with a
// hint when it does not fit; without a title (the projector) it draws the
// lines alone. View records the geometry for the paging keys.
func (m *Model) scrolled(title string, lines []string, w, h int) []string {
	if title == "" {
		m.page = pageInfo{height: h, total: len(lines)}
		off := m.scroll
		return window(lines, &off, h)
	}
	s := m.styles
	body := max(h-1, 0)
	m.page = pageInfo{height: body, total: len(lines)}
	off := m.scroll
	shown := window(lines, &off, body)
	head := s.Heading.Render(title)
	if len(lines) > body {
		hint := fmt.Sprintf("lines %d–%d of %d · pgup/pgdn scroll", off+1, off+len(shown), len(lines))
		head = leftRight(head, s.Subtle.Render(hint), w)
	}
	return append([]string{head}, shown...)
}
