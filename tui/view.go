package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
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

	// participantKey handles a participant's key the results area did not
	// take (paging).
	participantKey(m *Model, msg tea.KeyPressMsg, act *session.ActivityState) tea.Cmd
	// presenterKey handles the facilitator's keys of the exercise; false
	// leaves the key to the common controls.
	presenterKey(m *Model, msg tea.KeyPressMsg, act *session.ActivityState) (tea.Cmd, bool)

	// participantHelp is the participant's keys, in groups: the help line
	// and, with ?, the full help.
	participantHelp(m *Model, act *session.ActivityState) [][]key.Binding
	// participantShortHelp is the one-line help when it is not all of
	// participantHelp; nil otherwise.
	participantShortHelp(m *Model, act *session.ActivityState) []key.Binding
	// presenterHelp is the facilitator's control bar, one group per line;
	// nil for the common one.
	presenterHelp(m *Model, act *session.ActivityState) [][]key.Binding

	// participantBody is the participant's screen under the header: the
	// prompt, the person's input and the results, in h lines of width w.
	participantBody(m *Model, act *session.ActivityState, w, h int) []string
	// presenterMain is the presenter's main area under the common lines
	// (visibility, anonymity, open panels): the live results.
	presenterMain(m *Model, act *session.ActivityState, w, h int) []string
	// screenResults is the revealed results on the projector.
	screenResults(m *Model, w, h int) []string

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

func (unsupportedView) phaseChanged(*Model)                         {}
func (unsupportedView) sync(*Model, *session.ActivityState) tea.Cmd { return nil }
func (unsupportedView) participantKey(*Model, tea.KeyPressMsg, *session.ActivityState) tea.Cmd {
	return nil
}
func (unsupportedView) presenterKey(*Model, tea.KeyPressMsg, *session.ActivityState) (tea.Cmd, bool) {
	return nil, false
}
func (unsupportedView) participantHelp(m *Model, _ *session.ActivityState) [][]key.Binding {
	return m.closedHelp()
}
func (unsupportedView) participantShortHelp(*Model, *session.ActivityState) []key.Binding { return nil }
func (unsupportedView) presenterHelp(*Model, *session.ActivityState) [][]key.Binding      { return nil }
func (unsupportedView) participantBody(m *Model, _ *session.ActivityState, _, _ int) []string {
	return []string{m.styles.Subtle.Render(unsupported)}
}
func (unsupportedView) presenterMain(m *Model, _ *session.ActivityState, _, _ int) []string {
	return []string{m.styles.Subtle.Render(unsupported)}
}
func (unsupportedView) screenResults(m *Model, _, _ int) []string {
	return []string{m.styles.Subtle.Render(unsupported)}
}
func (unsupportedView) done(*Model, session.Action)            {}
func (unsupportedView) doneText(session.Action) (string, bool) { return "", false }
func (unsupportedView) inputs() []*lazyInput                   { return nil }
func (unsupportedView) focused() *lazyInput                    { return nil }
func (unsupportedView) resize(int)                             {}
