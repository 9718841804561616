package tui

import (
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/conflict"
	"commonground/exercises/funders"
	"commonground/exercises/review"
	"commonground/exercises/willingness"
	"commonground/session"
)

// view is one exercise's part of the workshop screens. The root Model keeps
// what every activity shares (the header, the status and help lines, the
// scrolled results area, the presenter's common controls, the decision
// form); the view owns the rest: its state for the current activity, what
// the participant, the presenter and the projector see of it, and its keys.
//
// A view is built fresh by newView whenever the workshop moves to another
// activity, so its state never outlives the activity. Like every part of the
// model it is a plain struct with methods, not a tea.Model: the root hands
// itself in (m) for the snapshot, the styles, the status line and the hub.
type view interface {
	// phaseChanged clears what belonged to the phase the workshop left.
	phaseChanged(m *Model)
	// sync brings the view in line with a new snapshot of its activity:
	// it opens and closes inputs as the phase allows.
	sync(m *Model, act *session.ActivityState) tea.Cmd

	// bindings is the view's keys for the person's role in the current
	// phase, with what the view has open, in the groups the full help
	// shows them; the key handling and the help both read it. modal says a
	// form of the view has the keys: the facilitator's common controls
	// wait until it closes.
	bindings(m *Model, act *session.ActivityState) (own keyGroups, modal bool)
	// unbound takes a key no binding took: typing into the input that has
	// the focus.
	unbound(m *Model, msg tea.KeyPressMsg, act *session.ActivityState) tea.Cmd

	// participantBody is the participant's screen under the header: the
	// prompt, the person's input and the results, in h lines of width w.
	participantBody(m *Model, act *session.ActivityState, w, h int) []string
	// presenterMain is the presenter's main area under the common lines
	// (visibility, anonymity, open panels): the live results.
	presenterMain(m *Model, act *session.ActivityState, w, h int) []string
	// screenResults is the revealed results on the projector.
	screenResults(m *Model, w, h int) []string
	// pastResults is activity i's revealed results as a participant reads
	// them looking back (lookback.go): the results part alone, no input,
	// drawn by a view built fresh for that activity.
	pastResults(m *Model, i, w, h int) []string

	// done moves the view on after one of its actions succeeded; other
	// actions are ignored.
	done(m *Model, a session.Action)
	// doneText confirms one of the view's actions in the status line;
	// false for an action it does not know.
	doneText(a session.Action) (string, bool)

	// inputs lists the view's text inputs, for the styles.
	inputs() []*lazyInput
	// focused is the text input a paste goes to, or nil.
	focused() *lazyInput
	// resize fits the inputs to the width of the area the view draws in.
	resize(w int)
}

// views builds each exercise's view. Adding an exercise adds its line.
var views = map[exercises.Kind]func() view{
	checkin.Kind:     newCheckinView,
	willingness.Kind: newWillingnessView,
	assumptions.Kind: newAssumptionsView,
	funders.Kind:     newFundersView,
	conflict.Kind:    newConflictView,
	review.Kind:      newReviewView,
}

// newView returns a fresh view for an activity of kind k.
func newView(k exercises.Kind) view {
	if f, ok := views[k]; ok {
		return f()
	}
	return unsupportedView{}
}

// unsupported stands in for an exercise this interface has no view for yet.
const unsupported = "This activity cannot be shown in the terminal yet."

// unsupportedView says that an exercise cannot be shown here; the common
// controls still work.
type unsupportedView struct{}

func (unsupportedView) phaseChanged(*Model)                                       {}
func (unsupportedView) sync(*Model, *session.ActivityState) tea.Cmd               { return nil }
func (unsupportedView) bindings(*Model, *session.ActivityState) (keyGroups, bool) { return nil, false }
func (unsupportedView) unbound(*Model, tea.KeyPressMsg, *session.ActivityState) tea.Cmd {
	return nil
}
func (unsupportedView) participantBody(m *Model, _ *session.ActivityState, _, _ int) []string {
	return []string{m.styles.Subtle.Render(unsupported)}
}
func (unsupportedView) presenterMain(m *Model, _ *session.ActivityState, _, _ int) []string {
	return []string{m.styles.Subtle.Render(unsupported)}
}
func (unsupportedView) screenResults(m *Model, _, _ int) []string {
	return []string{m.styles.Subtle.Render(unsupported)}
}
func (unsupportedView) pastResults(m *Model, _, _, _ int) []string {
	return []string{m.styles.Subtle.Render(unsupported)}
}
func (unsupportedView) done(*Model, session.Action)            {}
func (unsupportedView) doneText(session.Action) (string, bool) { return "", false }
func (unsupportedView) inputs() []*lazyInput                   { return nil }
func (unsupportedView) focused() *lazyInput                    { return nil }
func (unsupportedView) resize(int)                             {}

// Draws reports whether the terminal has a view for activities of kind k:
// what the catalog's completeness test asks of every exercise.
func Draws(k exercises.Kind) bool {
	_, ok := views[k]
	return ok
}
