package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// checkinView is the check-in round's view: one answer per person, typed
// while input is open, the round listed once revealed.
type checkinView struct {
	text lazyInput // the participant's answer
}

func newCheckinView() view {
	return &checkinView{text: newInput("> ", "type your answer", exercises.MaxTextLen).wrapping(answerRows)}
}

func (v *checkinView) phaseChanged(*Model) {}

// sync opens the input while the phase takes input.
func (v *checkinView) sync(m *Model, act *session.ActivityState) tea.Cmd {
	switch {
	case m.facilitator:
		return nil
	case !act.InputOpen():
		v.text.Blur()
	case !v.text.Focused():
		// Editing starts from the answer given, not from an empty field.
		if mine, ok := exercises.AnswersOf(act.Data)[m.id][0]; ok && v.text.Value() == "" {
			v.text.SetValue(mine.Text)
			v.text.CursorEnd()
		}
		return v.text.Focus()
	}
	return nil
}

// bindings is Enter, which sends the answer while input is open; the
// facilitator has only the common controls.
func (v *checkinView) bindings(m *Model, act *session.ActivityState) (keyGroups, bool) {
	if m.facilitator || !act.InputOpen() {
		return nil, false
	}
	return keyGroups{{on(m.keys.Form.Submit, v.send).as("send").short()}}, false
}

// send saves the answer typed.
func (v *checkinView) send(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	if strings.TrimSpace(v.text.Value()) == "" {
		m.status = status{kind: statusError, text: "Type your answer, then press Enter."}
		return nil
	}
	return m.answer(m.snap.CurrentActivity(), 0, 0, v.text.Value())
}

// unbound types into the answer.
func (v *checkinView) unbound(_ *Model, msg tea.KeyPressMsg, _ *session.ActivityState) tea.Cmd {
	if v.text.Focused() {
		return v.text.Update(msg)
	}
	return nil
}

// sharedBody: before the person has answered or typed, their screen is
// everyone's.
func (v *checkinView) sharedBody(m *Model, act *session.ActivityState) (any, bool) {
	if _, answered := exercises.AnswersOf(act.Data)[m.id][0]; answered || v.text.Value() != "" {
		return nil, false
	}
	return emptyInputKey{focused: v.text.Focused(), width: v.text.width}, true
}

// emptyInputKey is what an exercise's empty answer input adds to a shared
// screen's key.
type emptyInputKey struct {
	focused bool
	width   int
}

func (v *checkinView) participantBody(m *Model, act *session.ActivityState, w, h int) []string {
	return m.inputScreen(act, w, h, v.input, drawCheckin)
}

// input is the answer input and the answer given.
func (v *checkinView) input(m *Model, act *session.ActivityState, w, room int) []string {
	s := m.styles
	mine, ok := exercises.AnswersOf(act.Data)[m.id][0]
	var out []string
	if act.InputOpen() {
		out = append(out, v.text.Lines()...)
	} else {
		out = append(out, s.Warn.Render(closedText(act)))
	}
	switch {
	case ok:
		out = append(out, "", s.Subtle.Render("Your answer:"))
		out = append(out, wrapIndent(mine.Text, "  ", w, s.Text)...)
		switch {
		case !act.InputOpen():
		case v.text.Value() == mine.Text:
			out = append(out, s.Muted.Render("saved · to change it, edit it above and press Enter"))
		default:
			out = append(out, s.Emphasis.Render("edited · press Enter to save your changes"))
		}
	case !act.InputOpen():
		out = append(out, s.Subtle.Render("You did not answer."))
	}
	return out[:min(len(out), max(room, 1))]
}

func (v *checkinView) presenterMain(m *Model, _ *session.ActivityState, w, h int) []string {
	return m.liveResults(w, h, drawCheckin)
}

func (v *checkinView) screenResults(m *Model, w, _ int) []string {
	return m.resultLines(m.snap.Current, w, audScreen, drawCheckin)
}

func (v *checkinView) pastResults(m *Model, i, w, h int) []string {
	return m.scrolled("Results", m.resultLines(i, w, audPublic, drawCheckin), w, h)
}

// done leaves the input as it is: it holds the answer saved, to edit, and
// what the person typed while it was being saved stays for the next Enter,
// neither lost nor sent unasked.
func (v *checkinView) done(*Model, session.Action) {}

func (v *checkinView) doneText(a session.Action) (string, bool) { return answerDoneText(a) }

func (v *checkinView) inputs() []*lazyInput { return []*lazyInput{&v.text} }

func (v *checkinView) focused() *lazyInput {
	if v.text.Focused() {
		return &v.text
	}
	return nil
}

// resize gives the answer, which wraps, the screen's width.
func (v *checkinView) resize(w int) { v.text.SetWidth(max(w-6, 20)) }

// drawCheckin draws a check-in round's results.
func drawCheckin(r *resultsWriter, snap *session.Snapshot, i int) {
	r.checkIn(checkin.Round(snap.Responses(i)))
}
