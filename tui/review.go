package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/review"
	"commonground/session"
)

// reviewView is the action review's view: the open actions from the
// cohort's earlier sessions by owner and organisation, each owner marking
// theirs with 1-4 and a note.
type reviewView struct {
	cursor  int       // the selected one of the person's own actions
	note    lazyInput // the note on it
	noting  bool
	noteFor int // item the note is for
}

func newReviewView() view {
	return &reviewView{note: newInput("✎ ", "a note (optional)", exercises.MaxTextLen)}
}

func (v *reviewView) phaseChanged(*Model) { v.closeNote() }

func (v *reviewView) closeNote() {
	v.noting = false
	v.note.Clear()
}

// sync closes a note that can no longer be saved.
func (v *reviewView) sync(m *Model, act *session.ActivityState) tea.Cmd {
	if !act.InputOpen() {
		v.closeNote()
	}
	return nil
}

// markKeys mark one's own actions.
var markKeys = struct {
	Up, Down, Status, Note key.Binding
}{
	Up:     newBinding(keysOf("up", "k"), "↑/↓", "your actions"),
	Down:   newBinding(keysOf("down", "j"), "↓/j", "next action"),
	Status: newBinding(keysOf("1", "2", "3", "4"), "1-4", "done/in progress/blocked/dropped"),
	Note:   newBinding(keysOf("c"), "c", "note"),
}

// own is the items the person owns, in order.
func own(m *Model, act *session.ActivityState) []int {
	var out []int
	for i, it := range review.ItemsOf(act.Activity) {
		if it.Owner == m.id {
			out = append(out, i)
		}
	}
	return out
}

func (v *reviewView) bindings(m *Model, act *session.ActivityState) (keyGroups, bool) {
	mine := own(m, act)
	if m.facilitator || !act.InputOpen() || len(mine) == 0 {
		return nil, false
	}
	if v.noting {
		return keyGroups{{on(m.keys.Form.Submit, v.saveNote).as("save note").short(),
			on(m.keys.Form.Cancel, func(*Model, tea.KeyPressMsg) tea.Cmd { v.closeNote(); return nil }).short()}}, true
	}
	k := markKeys
	return keyGroups{{
		on(k.Up, func(*Model, tea.KeyPressMsg) tea.Cmd { v.cursor = max(v.cursor-1, 0); return nil }).short(),
		on(k.Down, func(*Model, tea.KeyPressMsg) tea.Cmd { v.cursor = min(v.cursor+1, len(mine)-1); return nil }),
		on(k.Status, v.mark).short(),
		on(k.Note, v.openNote).short(),
	}}, false
}

// selected is the item under the cursor, of the person's own.
func (v *reviewView) selected(m *Model, act *session.ActivityState) int {
	mine := own(m, act)
	return mine[min(v.cursor, len(mine)-1)]
}

// mark gives the selected action the status pressed, keeping its note.
func (v *reviewView) mark(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	i := v.selected(m, act)
	status := review.Statuses[int(msg.String()[0]-'1')]
	return m.do(review.SetMark{Activity: m.snap.Current, Item: i, Status: status, Note: review.Of(act.Data).Marks[i].Note})
}

func (v *reviewView) openNote(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	v.noting, v.noteFor = true, v.selected(m, act)
	v.note.SetValue(review.Of(act.Data).Marks[v.noteFor].Note)
	v.note.CursorEnd()
	return v.note.Focus()
}

// saveNote saves the note with the action's status, in progress when it
// has none yet.
func (v *reviewView) saveNote(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	act := m.snap.CurrentActivity()
	status := review.Of(act.Data).Marks[v.noteFor].Status
	if status == "" {
		status = review.InProgress
	}
	return m.do(review.SetMark{Activity: m.snap.Current, Item: v.noteFor, Status: status, Note: v.note.Value()})
}

func (v *reviewView) unbound(_ *Model, msg tea.KeyPressMsg, _ *session.ActivityState) tea.Cmd {
	if v.noting {
		return v.note.Update(msg)
	}
	return nil
}

func (v *reviewView) participantBody(m *Model, act *session.ActivityState, w, h int) []string {
	s := m.styles
	out := wrap(act.Activity.Prompt, w, s.Prompt)
	mine := own(m, act)
	switch {
	case len(mine) == 0:
		out = append(out, s.Subtle.Render("You own none of these actions: the others say where theirs stand."))
	case !act.InputOpen():
		out = append(out, s.Warn.Render(closedText(act)))
	default:
		out = append(out, s.Subtle.Render("Your actions are marked ▸: 1 done · 2 in progress · 3 blocked · 4 dropped · c a note"))
	}
	out = append(out, "")
	sel := -1
	if len(mine) > 0 && act.InputOpen() {
		sel = v.selected(m, act)
	}
	out = append(out, reviewLines(m, act, w, sel, act.Revealed)...)
	if v.noting {
		out = append(out, "", s.Subtle.Render(fmt.Sprintf("Note on action %d:", v.noteFor+1)), v.note.View())
	}
	return out[:min(len(out), max(h, 1))]
}

// reviewLines lists the actions with where each stands, by owner; with
// all false (the facilitator hid the results), others' marks are left out
// and each person sees their own.
func reviewLines(m *Model, act *session.ActivityState, w, selected int, all bool) []string {
	s := m.styles
	items, marks := review.ItemsOf(act.Activity), review.Of(act.Data).Marks
	if len(items) == 0 {
		return []string{s.Subtle.Render("No open actions from earlier sessions.")}
	}
	var out []string
	for i, it := range items {
		cursor := "  "
		if i == selected {
			cursor = glyphCursor + " "
		}
		mk, marked := marks[i]
		marked = marked && (all || it.Owner == m.id)
		status := s.Muted.Render("not yet marked")
		switch {
		case marked:
			status = statusPaint(s, mk.Status).Render(string(mk.Status))
		case !all && it.Owner != m.id:
			status = s.Muted.Render(glyphHidden + " shown when the facilitator reveals it")
		}
		owner := it.OwnerName
		if it.Org != "" {
			owner += " (" + it.Org + ")"
		}
		out = append(out, cut(fmt.Sprintf("%s%d. %s", cursor, i+1, it.Text), w))
		out = append(out, cut(fmt.Sprintf("     %s · due %s · from %s · ", owner, it.Due, it.From)+status, w))
		if marked && mk.Note != "" {
			out = append(out, wrapIndent(glyphComment+" "+mk.Note, "     ", w, s.Subtle)...)
		}
	}
	return out
}

// statusPaint colours a status, which its word names as well.
func statusPaint(s *Styles, st review.Status) paint {
	switch st {
	case review.Done:
		return s.Good
	case review.Blocked:
		return s.Bad
	case review.Dropped:
		return s.Muted
	}
	return s.Warn
}

func (v *reviewView) presenterMain(m *Model, act *session.ActivityState, w, h int) []string {
	return m.scrolled("Actions under review", reviewLines(m, act, w, -1, true), w, h)
}

func (v *reviewView) screenResults(m *Model, w, _ int) []string {
	return reviewLines(m, m.snap.CurrentActivity(), w, -1, m.snap.CurrentActivity().Revealed)
}

func (v *reviewView) pastResults(m *Model, i, w, h int) []string {
	return m.scrolled("Results", reviewLines(m, m.snap.Activities[i], w, -1, m.snap.Activities[i].Revealed), w, h)
}

func (v *reviewView) done(_ *Model, a session.Action) {
	if mk, ok := a.(review.SetMark); ok && v.noting && mk.Item == v.noteFor {
		v.closeNote()
	}
}

func (v *reviewView) doneText(a session.Action) (string, bool) {
	mk, ok := a.(review.SetMark)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("Action %d marked %s.", mk.Item+1, mk.Status), true
}

func (v *reviewView) inputs() []*lazyInput { return []*lazyInput{&v.note} }

func (v *reviewView) focused() *lazyInput {
	if v.noting {
		return &v.note
	}
	return nil
}

func (v *reviewView) resize(w int) { v.note.SetWidth(max(w-6, 20)) }
