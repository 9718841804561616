package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/willingness"
	"commonground/session"
)

// willingnessView is the willingness check's view: a value from 0 to 5 on
// each statement, saved at once, with an optional comment. Its results are
// drawn in results.go.
type willingnessView struct {
	cursor      int       // selected statement
	comment     lazyInput // comment on the selected statement
	commenting  bool
	commentItem int
	commentSent bool // Enter was pressed in the comment: its save closes it
}

func newWillingnessView() view {
	return &willingnessView{comment: newInput("✎ ", "why? (optional)", exercises.MaxTextLen)}
}

func (v *willingnessView) closeComment() {
	v.commenting, v.commentSent = false, false
	v.comment.Clear()
}

func (v *willingnessView) phaseChanged(*Model) {}

// sync closes a comment that can no longer be saved.
func (v *willingnessView) sync(m *Model, act *session.ActivityState) tea.Cmd {
	if !m.facilitator && !act.InputOpen() {
		v.closeComment()
	}
	return nil
}

// participantKey answers the statements: move between them, set a value
// (saved at once), comment.
func (v *willingnessView) participantKey(m *Model, msg tea.KeyPressMsg, act *session.ActivityState) tea.Cmd {
	k := m.keys.Rate
	if v.commenting {
		switch {
		case key.Matches(msg, m.keys.Form.Submit):
			mine, ok := exercises.AnswersOf(act.Data)[m.id][v.commentItem]
			if !ok {
				m.status = status{kind: statusError, text: "Choose a value from 0 to 5 first, then add your comment."}
				return nil
			}
			v.commentSent = true
			return m.answer(act, v.commentItem, mine.Value, v.comment.Value())
		case key.Matches(msg, m.keys.Form.Cancel):
			v.closeComment()
			m.status = status{}
			return nil
		}
		return v.comment.Update(msg)
	}
	n := len(willingness.Statements(act.Activity))
	mine, answered := exercises.AnswersOf(act.Data)[m.id][v.cursor]
	switch {
	case key.Matches(msg, k.Up):
		v.cursor = max(v.cursor-1, 0)
	case key.Matches(msg, k.Down):
		v.cursor = min(v.cursor+1, n-1)
	case key.Matches(msg, k.Value):
		return m.answer(act, v.cursor, int(msg.String()[0]-'0'), mine.Text)
	case key.Matches(msg, k.Lower), key.Matches(msg, k.Raise):
		val := willingness.ScaleMin // an unanswered statement starts at the bottom
		if answered {
			val = mine.Value - 1
			if key.Matches(msg, k.Raise) {
				val = mine.Value + 1
			}
		}
		return m.answer(act, v.cursor, min(max(val, willingness.ScaleMin), willingness.ScaleMax), mine.Text)
	case key.Matches(msg, k.Comment):
		if !act.InputOpen() {
			m.status = status{kind: statusNotice, text: closedText(act)}
			return nil
		}
		v.commenting, v.commentItem = true, v.cursor
		v.comment.SetValue(mine.Text)
		v.comment.CursorEnd()
		return v.comment.Focus()
	case key.Matches(msg, m.keys.Global.Help):
		m.help.ShowAll = !m.help.ShowAll
	}
	return nil
}

func (v *willingnessView) presenterKey(*Model, tea.KeyPressMsg, *session.ActivityState) (tea.Cmd, bool) {
	return nil, false
}

func (v *willingnessView) participantHelp(m *Model, act *session.ActivityState) [][]key.Binding {
	k := m.keys
	switch {
	case !act.InputOpen():
		return m.closedHelp()
	case v.commenting:
		return [][]key.Binding{{relabel(k.Form.Submit, "save comment"), k.Form.Cancel, k.Global.Quit}}
	}
	return [][]key.Binding{
		{k.Rate.Up, k.Rate.Down, k.Rate.Value},
		{k.Rate.Lower, k.Rate.Raise, k.Rate.Comment},
		{k.Scroll.PageUp, k.Scroll.PageDown, k.Global.Help, k.Global.Quit},
	}
}

// participantShortHelp is the line shown until ? opens the full help.
func (v *willingnessView) participantShortHelp(m *Model, act *session.ActivityState) []key.Binding {
	if v.commenting || !act.InputOpen() {
		return nil
	}
	k := m.keys
	return []key.Binding{k.Rate.Up, k.Rate.Value, k.Rate.Comment, k.Scroll.PageUp, k.Global.Help, k.Global.Quit}
}

func (v *willingnessView) presenterHelp(*Model, *session.ActivityState) [][]key.Binding { return nil }

func (v *willingnessView) participantBody(m *Model, act *session.ActivityState, w, h int) []string {
	out, room := m.promptHead(act, w, h)
	out = append(out, v.input(m, act, w, room)...)
	out = append(out, "")
	return append(out, m.participantResults(act, w, h-len(out), drawWillingness)...)
}

// input is the list of statements with the person's values.
func (v *willingnessView) input(m *Model, act *session.ActivityState, w, room int) []string {
	s := m.styles
	stmts := willingness.Statements(act.Activity)
	mine := exercises.AnswersOf(act.Data)[m.id]
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
	if v.commenting {
		foot = append(foot, s.Heading.Render(fmt.Sprintf("Comment on %d:", v.commentItem+1))+" "+v.comment.View())
	} else {
		sel := "not answered yet"
		if a, ok := mine[v.cursor]; ok {
			sel = willingness.ScaleLabel(a.Value)
		}
		foot = append(foot, s.Text.Render(fmt.Sprintf("%d of %d answered", len(mine), len(stmts)))+
			s.Subtle.Render(fmt.Sprintf(" · statement %d: %s", v.cursor+1, sel)))
		legend := make([]string, 0, len(willingness.ScaleLabels))
		for val := range willingness.ScaleLabels {
			legend = append(legend, willingness.ScaleLabel(val))
		}
		foot = append(foot, wrap(strings.Join(legend, " · "), w, s.Muted)...)
	}
	rows := max(room-len(foot), 1)
	first := min(max(v.cursor-rows/2, 0), max(len(stmts)-rows, 0))
	out := make([]string, 0, rows+len(foot))
	for i := first; i < min(first+rows, len(stmts)); i++ {
		mark, text := "  ", fmt.Sprintf("%d. %s", i+1, stmts[i])
		if i == v.cursor {
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

func (v *willingnessView) presenterMain(m *Model, _ *session.ActivityState, w, h int) []string {
	return m.liveResults(w, h, drawWillingness)
}

func (v *willingnessView) screenResults(m *Model, w, _ int) []string {
	return m.resultLines(m.snap.Current, w, audScreen, drawWillingness)
}

// done closes the comment once it is saved. A value saved while the
// comment is open (a quick "1" then "c") leaves it open.
func (v *willingnessView) done(_ *Model, a session.Action) {
	if a, ok := a.(exercises.SetAnswer); ok && v.commentSent && v.commentItem == a.Item && v.comment.Value() == a.Text {
		v.closeComment()
	}
}

func (v *willingnessView) doneText(a session.Action) (string, bool) { return answerDoneText(a) }

func (v *willingnessView) inputs() []*lazyInput { return []*lazyInput{&v.comment} }

func (v *willingnessView) focused() *lazyInput {
	if v.commenting {
		return &v.comment
	}
	return nil
}

func (v *willingnessView) resize(w int) { v.comment.SetWidth(inputWidth(w)) }

// drawWillingness draws a willingness check's results (results.go).
func drawWillingness(r *resultsWriter, snap *session.Snapshot, i int) {
	r.willingness(willingness.ResultOf(snap.Results(i)))
}
