package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/session"
)

// participantState is a participant's own input for the current activity.
type participantState struct {
	cursor      int       // selected statement (willingness)
	comment     lazyInput // comment on the selected statement
	commenting  bool
	commentItem int
	commentSent bool      // Enter was pressed in the comment: its save closes it
	text        lazyInput // the check-in answer
}

func newParticipantState() participantState {
	return participantState{
		comment: newInput("✎ ", "why? (optional)", exercises.MaxTextLen),
		text:    newInput("> ", "type your answer", exercises.MaxTextLen),
	}
}

// reset clears what belonged to the previous activity.
func (p *participantState) reset() {
	p.cursor = 0
	p.closeComment()
	p.text.Clear()
}

func (p *participantState) closeComment() {
	p.commenting, p.commentSent = false, false
	p.comment.Clear()
}

// sync opens the check-in input while the phase takes input, and closes a
// comment that can no longer be saved.
func (p *participantState) sync(act *session.ActivityState) tea.Cmd {
	if !act.InputOpen() {
		p.text.Blur()
		p.closeComment()
		return nil
	}
	if act.Activity.Kind == exercises.CheckIn && !p.text.Focused() {
		return p.text.Focus()
	}
	return nil
}

// answered clears the input an answer came from once it is saved; what the
// person typed since stays. A value saved while the comment is open (a
// quick "1" then "c") leaves the comment open.
func (p *participantState) answered(a session.Answer) {
	if p.commentSent && p.commentItem == a.Item && p.comment.Value() == a.Text {
		p.closeComment()
	}
	if a.Text != "" && p.text.Value() == a.Text {
		p.text.Reset()
	}
}

// unsupported stands in for an exercise this interface has no view for yet.
const unsupported = "This activity cannot be shown in the terminal yet."

// closedText explains why input is not open.
func closedText(act *session.ActivityState) string {
	if act.PhaseSpec().Input && act.Locked {
		return "The facilitator paused input."
	}
	return "Input is closed."
}

// participantKey handles keys in the participant view.
func (m *Model) participantKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.scrollKey(msg, false) {
		return nil
	}
	act := m.snap.CurrentActivity()
	switch act.Activity.Kind {
	case exercises.Willingness:
		return m.rateKey(msg, act)
	case exercises.CheckIn:
		return m.checkinKey(msg, act)
	case exercises.Assumptions:
		return m.wallParticipantKey(msg, act)
	}
	return nil
}

// scrollKey pages the results; withArrows also lets up/down scroll (the
// presenter, whose arrows are free).
func (m *Model) scrollKey(msg tea.KeyPressMsg, withArrows bool) bool {
	k := m.keys.Scroll
	switch {
	case key.Matches(msg, k.PageUp):
		m.scroll -= max(m.page.height-1, 1)
	case key.Matches(msg, k.PageDown):
		m.scroll += max(m.page.height-1, 1)
	case withArrows && key.Matches(msg, k.Up):
		m.scroll--
	case withArrows && key.Matches(msg, k.Down):
		m.scroll++
	default:
		return false
	}
	m.scroll = min(max(m.scroll, 0), max(m.page.total-m.page.height, 0))
	return true
}

// rateKey answers the willingness check: move between statements, set a
// value (saved at once), comment.
func (m *Model) rateKey(msg tea.KeyPressMsg, act *session.ActivityState) tea.Cmd {
	p, k := &m.part, m.keys.Rate
	if p.commenting {
		switch {
		case key.Matches(msg, m.keys.Form.Submit):
			mine, ok := act.Answers[m.id][p.commentItem]
			if !ok {
				m.status = status{kind: statusError, text: "Choose a value from 0 to 5 first, then add your comment."}
				return nil
			}
			p.commentSent = true
			return m.answer(act, p.commentItem, mine.Value, p.comment.Value())
		case key.Matches(msg, m.keys.Form.Cancel):
			p.closeComment()
			m.status = status{}
			return nil
		}
		return p.comment.Update(msg)
	}
	n := len(act.Activity.Statements)
	mine, answered := act.Answers[m.id][p.cursor]
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, k.Down):
		p.cursor = min(p.cursor+1, n-1)
	case key.Matches(msg, k.Value):
		return m.answer(act, p.cursor, int(msg.String()[0]-'0'), mine.Text)
	case key.Matches(msg, k.Lower), key.Matches(msg, k.Raise):
		v := exercises.ScaleMin // an unanswered statement starts at the bottom
		if answered {
			v = mine.Value - 1
			if key.Matches(msg, k.Raise) {
				v = mine.Value + 1
			}
		}
		return m.answer(act, p.cursor, min(max(v, exercises.ScaleMin), exercises.ScaleMax), mine.Text)
	case key.Matches(msg, k.Comment):
		if !act.InputOpen() {
			m.status = status{kind: statusNotice, text: closedText(act)}
			return nil
		}
		p.commenting, p.commentItem = true, p.cursor
		p.comment.SetValue(mine.Text)
		p.comment.CursorEnd()
		return p.comment.Focus()
	case key.Matches(msg, m.keys.Global.Help):
		m.help.ShowAll = !m.help.ShowAll
	}
	return nil
}

// checkinKey sends the check-in answer on Enter; other keys type.
func (m *Model) checkinKey(msg tea.KeyPressMsg, act *session.ActivityState) tea.Cmd {
	p := &m.part
	switch {
	case key.Matches(msg, m.keys.Form.Submit):
		text := strings.TrimSpace(p.text.Value())
		if text == "" {
			m.status = status{kind: statusError, text: "Type your answer, then press Enter."}
			return nil
		}
		return m.answer(act, 0, 0, p.text.Value())
	case p.text.Focused():
		return p.text.Update(msg)
	case key.Matches(msg, m.keys.Global.Help):
		m.help.ShowAll = !m.help.ShowAll
	}
	return nil
}

// answer saves an answer, or says why it cannot be saved now.
func (m *Model) answer(act *session.ActivityState, item, value int, text string) tea.Cmd {
	if !act.InputOpen() {
		m.status = status{kind: statusNotice, text: closedText(act)}
		return nil
	}
	return m.do(session.Answer{Activity: m.snap.Current, Item: item, Value: value, Text: text})
}

func (m *Model) renderParticipant() string {
	w, h := m.width, m.height
	top := m.header(w, "")
	bottom := m.footer(w)
	return frame(w, h, top, m.participantBody(w, h-len(top)-len(bottom)), bottom)
}

// participantBody is the prompt, the person's input and the results.
func (m *Model) participantBody(w, h int) []string {
	act := m.snap.CurrentActivity()
	if act.Activity.Kind == exercises.Assumptions {
		return m.wallParticipantBody(act, w, h)
	}
	out := wrap(act.Activity.Prompt, w, m.styles.Prompt)
	out = append(out[:min(len(out), 3)], "")
	resultsMin := 2
	if act.Revealed {
		resultsMin = min(8, h/3)
	}
	room := h - len(out) - resultsMin - 1
	switch act.Activity.Kind {
	case exercises.Willingness:
		out = append(out, m.rateInput(act, w, room)...)
	case exercises.CheckIn:
		out = append(out, m.checkinInput(act, w, room)...)
	default:
		out = append(out, m.styles.Subtle.Render(unsupported))
	}
	out = append(out, "")
	return append(out, m.participantResults(act, w, h-len(out))...)
}

// rateInput is the list of statements with the person's values.
func (m *Model) rateInput(act *session.ActivityState, w, room int) []string {
	s, p := m.styles, &m.part
	stmts := act.Activity.Statements
	mine := act.Answers[m.id]
	if !act.InputOpen() {
		out := []string{s.Warn.Render(closedText(act))}
		var b strings.Builder
		b.WriteString("Your answers:")
		for i := range stmts {
			b.WriteString(fmt.Sprintf(" %d:%s", i+1, valueText(mine, i)))
		}
		out = append(out, wrap(b.String(), w, s.Subtle)...)
		return out[:min(len(out), max(room, 1))]
	}
	var foot []string
	if p.commenting {
		foot = append(foot, s.Heading.Render(fmt.Sprintf("Comment on %d:", p.commentItem+1))+" "+p.comment.View())
	} else {
		sel := "not answered yet"
		if a, ok := mine[p.cursor]; ok {
			sel = exercises.ScaleLabel(a.Value)
		}
		foot = append(foot, s.Text.Render(fmt.Sprintf("%d of %d answered", len(mine), len(stmts)))+
			s.Subtle.Render(fmt.Sprintf(" · statement %d: %s", p.cursor+1, sel)))
		legend := make([]string, 0, len(exercises.ScaleLabels))
		for v := range exercises.ScaleLabels {
			legend = append(legend, exercises.ScaleLabel(v))
		}
		foot = append(foot, wrap(strings.Join(legend, " · "), w, s.Muted)...)
	}
	rows := max(room-len(foot), 1)
	first := min(max(p.cursor-rows/2, 0), max(len(stmts)-rows, 0))
	out := make([]string, 0, rows+len(foot))
	for i := first; i < min(first+rows, len(stmts)); i++ {
		mark, text := "  ", fmt.Sprintf("%d. %s", i+1, stmts[i])
		if i == p.cursor {
			mark, text = s.Title.Render(glyphCursor+" "), s.Selected.Render(text)
		}
		note := "  "
		if mine[i].Text != "" {
			note = glyphComment + " "
		}
		out = append(out, mark+m.valueStyled(mine, i)+" "+note+text)
	}
	return append(out, foot...)
}

// valueText is "[4]" for an answered statement and "[ ]" otherwise.
func valueText(mine map[int]exercises.Answer, i int) string {
	if a, ok := mine[i]; ok {
		return fmt.Sprintf("[%d]", a.Value)
	}
	return "[ ]"
}

func (m *Model) valueStyled(mine map[int]exercises.Answer, i int) string {
	if a, ok := mine[i]; ok {
		return m.styles.Scale[a.Value].Render(valueText(mine, i))
	}
	return m.styles.Muted.Render(valueText(mine, i))
}

// checkinInput is the answer input and the answer given.
func (m *Model) checkinInput(act *session.ActivityState, w, room int) []string {
	s := m.styles
	mine, ok := act.Answers[m.id][0]
	var out []string
	if act.InputOpen() {
		out = append(out, m.part.text.View())
	} else {
		out = append(out, s.Warn.Render(closedText(act)))
	}
	switch {
	case ok:
		out = append(out, "", s.Subtle.Render("Your answer:"))
		out = append(out, wrapIndent(mine.Text, "  ", w, s.Text)...)
		if act.InputOpen() {
			out = append(out, s.Muted.Render("edit: type again and press Enter"))
		}
	case !act.InputOpen():
		out = append(out, s.Subtle.Render("You did not answer."))
	}
	return out[:min(len(out), max(room, 1))]
}

// participantResults is the revealed results, or a note that they are not
// revealed yet.
func (m *Model) participantResults(act *session.ActivityState, w, h int) []string {
	s := m.styles
	if !act.Revealed {
		m.page = pageInfo{}
		return []string{s.Heading.Render("Results"), s.Muted.Render("Results appear here when the facilitator reveals them.")}
	}
	return m.scrolled("Results", m.resultLines(m.snap.Current, w, audPublic), w, h)
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
