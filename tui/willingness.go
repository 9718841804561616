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
	// Under the statements, which need the room, it wraps over a line less.
	return &willingnessView{comment: newInput("✎ ", "why? (optional)", exercises.MaxTextLen).wrapping(answerRows - 1)}
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

// rateKeys answer the willingness check's statements.
var rateKeys = struct {
	Up, Down, Value, Lower, Raise, Comment key.Binding
}{
	Up:      newBinding(keysOf("up", "k"), "↑/↓", "move"),
	Down:    newBinding(keysOf("down", "j"), "↓/j", "next statement"),
	Value:   newBinding(keysOf("0", "1", "2", "3", "4", "5"), "0-5", "answer"),
	Lower:   newBinding(keysOf("left"), "←/→", "lower/raise"),
	Raise:   newBinding(keysOf("right"), "→", "raise"),
	Comment: newBinding(keysOf("c", "enter"), "c", "comment"),
}

// bindings answers the statements while input is open: move between them,
// set a value (saved at once), comment; the open comment has its own keys.
// The facilitator has only the common controls.
func (v *willingnessView) bindings(m *Model, act *session.ActivityState) (keyGroups, bool) {
	if m.facilitator || !act.InputOpen() {
		return nil, false
	}
	if v.commenting {
		return keyGroups{{on(m.keys.Form.Submit, v.saveComment).as("save comment").short(),
			on(m.keys.Form.Cancel, v.cancelComment).short()}}, false
	}
	k := rateKeys
	n := len(willingness.Statements(act.Activity))
	return keyGroups{
		{
			on(k.Up, func(*Model, tea.KeyPressMsg) tea.Cmd { v.cursor = max(v.cursor-1, 0); return nil }).short(),
			on(k.Down, func(*Model, tea.KeyPressMsg) tea.Cmd { v.cursor = min(v.cursor+1, n-1); return nil }),
			on(k.Value, v.setValue).short(),
		},
		{on(k.Lower, v.step(-1)), on(k.Raise, v.step(+1)), on(k.Comment, v.openComment).short()},
	}, false
}

// mine is the person's answer on the selected statement.
func (v *willingnessView) mine(m *Model) (exercises.Answer, bool) {
	a, ok := exercises.AnswersOf(m.snap.CurrentActivity().Data)[m.id][v.cursor]
	return a, ok
}

// setValue saves the value pressed on the selected statement.
func (v *willingnessView) setValue(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	mine, _ := v.mine(m)
	return m.answer(m.snap.CurrentActivity(), v.cursor, int(msg.String()[0]-'0'), mine.Text)
}

// step lowers or raises the selected statement's value by one.
func (v *willingnessView) step(delta int) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		mine, answered := v.mine(m)
		val := willingness.ScaleMin // an unanswered statement starts at the bottom
		if answered {
			val = mine.Value + delta
		}
		return m.answer(m.snap.CurrentActivity(), v.cursor, min(max(val, willingness.ScaleMin), willingness.ScaleMax), mine.Text)
	}
}

// openComment opens the comment on the selected statement.
func (v *willingnessView) openComment(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	mine, _ := v.mine(m)
	v.commenting, v.commentItem = true, v.cursor
	v.comment.SetValue(mine.Text)
	v.comment.CursorEnd()
	return v.comment.Focus()
}

// saveComment saves the comment with the statement's value.
func (v *willingnessView) saveComment(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	mine, ok := exercises.AnswersOf(act.Data)[m.id][v.commentItem]
	if !ok {
		m.status = status{kind: statusError, text: "Choose a value from 0 to 5 first, then add your comment."}
		return nil
	}
	v.commentSent = true
	return m.answer(act, v.commentItem, mine.Value, v.comment.Value())
}

// cancelComment closes the comment unsaved.
func (v *willingnessView) cancelComment(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	v.closeComment()
	m.status = status{}
	return nil
}

// unbound types into the open comment.
func (v *willingnessView) unbound(_ *Model, msg tea.KeyPressMsg, _ *session.ActivityState) tea.Cmd {
	if v.commenting {
		return v.comment.Update(msg)
	}
	return nil
}

func (v *willingnessView) participantBody(m *Model, act *session.ActivityState, w, h int) []string {
	return m.inputScreen(act, w, h, v.input, drawWillingness)
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
		label := fmt.Sprintf("Comment on %d: ", v.commentItem+1)
		for i, l := range v.comment.Lines() {
			if i == 0 {
				foot = append(foot, s.Heading.Render(label)+l)
			} else {
				foot = append(foot, strings.Repeat(" ", len(label))+l)
			}
		}
	} else {
		sel := "not answered yet"
		if a, ok := mine[v.cursor]; ok {
			sel = willingness.ScaleLabel(a.Value)
		}
		foot = append(foot, s.Text.Render(fmt.Sprintf("%d of %d answered", len(mine), len(stmts)))+
			s.Subtle.Render(fmt.Sprintf(" · statement %d: %s", v.cursor+1, sel)))
		legend := make([]string, 0, len(willingness.Readiness.Labels))
		for val := range willingness.Readiness.Labels {
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

func (v *willingnessView) pastResults(m *Model, i, w, h int) []string {
	return m.scrolled("Results", m.resultLines(i, w, audPublic, drawWillingness), w, h)
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

// resize gives the comment, which wraps, the width beside its label.
func (v *willingnessView) resize(w int) { v.comment.SetWidth(max(w-20, 20)) }

// drawWillingness draws a willingness check's results (results.go).
func drawWillingness(r *resultsWriter, snap *session.Snapshot, i int) {
	r.willingness(willingness.ResultOf(snap.Results(i)))
}
