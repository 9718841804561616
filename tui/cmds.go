package tui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/session"
)

// actionTimeout bounds how long one call to the hub may take before the
// person is told it failed.
const actionTimeout = 15 * time.Second

// Result messages of the commands below. Each carries what Update needs to
// move on; the commands never touch the model.
type (
	// guestMsg answers a PIN lookup (pin == "") or the creation of a new
	// guest (pin is the new PIN).
	guestMsg struct {
		id, pin string
		err     error
	}
	attachedMsg struct {
		id  string
		err error
	}
	profileMsg struct {
		profile session.Profile
		err     error
	}
	joinedMsg struct {
		profile session.Profile
		notice  string
		err     error
		snap    *session.Snapshot
	}
	actionMsg struct {
		action session.Action
		res    session.Result
		err    error
		snap   *session.Snapshot
	}
)

// lookupGuest finds the guest identity a rejoin PIN belongs to.
func (m *Model) lookupGuest(pin string) tea.Cmd {
	rejoin := m.opts.Rejoin
	return func() tea.Msg {
		id, err := rejoin(pin)
		return guestMsg{id: id, err: err}
	}
}

// newGuest creates a guest identity with its rejoin PIN.
func (m *Model) newGuest() tea.Cmd {
	create := m.opts.NewGuest
	return func() tea.Msg {
		id, pin, err := create()
		if err != nil {
			err = fmt.Errorf("new guest: %w", err)
		}
		return guestMsg{id: id, pin: pin, err: err}
	}
}

// attach hands a guest identity to the server, which subscribes it.
func (m *Model) attach(id string) tea.Cmd {
	attach := m.opts.Attach
	return func() tea.Msg {
		var err error
		if attach != nil {
			err = attach(id)
		}
		return attachedMsg{id: id, err: err}
	}
}

// loadProfile looks up what the identity told us the first time.
func (m *Model) loadProfile() tea.Cmd {
	hub, id := m.opts.Hub, m.id
	return func() tea.Msg {
		p, err := hub.Profile(id)
		return profileMsg{profile: p, err: err}
	}
}

// join enters the workshop with a profile; save first remembers the profile
// for the identity (a new participant's form). A facilitator runs the
// workshop and does not take part in it: their profile is checked as a
// join would check it and kept, and they go to the presenter.
func (m *Model) join(p session.Profile, save bool) tea.Cmd {
	hub, w, id := m.opts.Hub, m.opts.Workshop, m.id
	p.ID = id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		// A facilitator joins too: the workshop's log then says who
		// facilitated it (the report names them), and nobody else can
		// take a name that looks like theirs. They are not a participant:
		// their role keeps them out of every count (Snapshot.Participants).
		res, err := w.Do(ctx, id, session.Join{Name: p.Name, Org: p.Org})
		if err == nil && save {
			// After the join, which validates the name and organisation,
			// so that a refused form is not remembered.
			if err = hub.SaveProfile(p); err != nil {
				err = fmt.Errorf("save profile: %w", err)
			}
		}
		return joinedMsg{profile: p, notice: res.Notice, err: err, snap: w.Snapshot()}
	}
}

// do carries out an action in the workshop for the identity.
func (m *Model) do(a session.Action) tea.Cmd {
	w, id := m.opts.Workshop, m.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		res, err := w.Do(ctx, id, a)
		return actionMsg{action: a, res: res, err: err, snap: w.Snapshot()}
	}
}

// handleAttached moves a guest on once the server knows them.
func (m *Model) handleAttached(msg attachedMsg) tea.Cmd {
	if msg.err != nil {
		return m.quit("Could not join the workshop: " + errorText(msg.err))
	}
	m.id = msg.id
	m.setRole()
	m.stage = stageLoading
	return m.loadProfile()
}

// handleProfile joins a returning person at once and asks a new one who
// they are.
func (m *Model) handleProfile(msg profileMsg) tea.Cmd {
	switch {
	case msg.err == nil:
		m.profile.fill(msg.profile)
		return m.join(msg.profile, false)
	case errors.Is(msg.err, session.ErrNotFound):
	default:
		m.setError(msg.err)
	}
	m.stage = stageProfile
	return m.profile.focusField(0)
}

// handleJoined enters the workshop, or returns to the form with the reason.
func (m *Model) handleJoined(msg joinedMsg) tea.Cmd {
	if msg.snap != nil && msg.err != nil && exercises.ErrorCode(msg.err) == exercises.EForbidden {
		if m.setSnapshot(msg.snap); m.quitText != "" {
			return tea.Quit // removed
		}
	}
	if msg.err != nil {
		m.setError(msg.err)
		m.profile.fill(msg.profile)
		m.stage = stageProfile
		return m.profile.focusField(0)
	}
	editing := m.profile.editing
	m.profile.clear()
	m.setSnapshot(msg.snap)
	var cmd tea.Cmd
	if editing {
		m.status = status{kind: statusInfo, text: "Your name and organisation are updated."}
		cmd = m.resumeWorkshop()
	} else {
		cmd = m.enterWorkshop()
	}
	if msg.notice != "" {
		m.status = status{kind: statusNotice, text: msg.notice}
	}
	return cmd
}

// handleAction reports an action's outcome and takes the snapshot that
// contains it, so the change shows without waiting for the forwarder.
func (m *Model) handleAction(msg actionMsg) tea.Cmd {
	done := m.doneText(msg.action) // by the view the action came from, before a move replaces it
	cmd := m.setSnapshot(msg.snap)
	switch {
	case msg.err != nil:
		m.setError(msg.err)
	case msg.res.Notice != "":
		m.status = status{kind: statusNotice, text: msg.res.Notice}
	default:
		m.status = status{kind: statusInfo, text: done}
	}
	if msg.err != nil {
		if f, ok := m.view.(interface{ failed(session.Action) }); ok {
			f.failed(msg.action)
		}
		return cmd
	}
	if d, ok := msg.action.(session.Decide); ok {
		m.decided(d)
	}
	m.view.done(m, msg.action)
	return cmd
}

// doneText confirms an action in the status line: the workshop's own
// here, the exercise's by its view.
func (m *Model) doneText(a session.Action) string {
	switch a := a.(type) {
	case session.Move:
		return "Moved."
	case session.Reveal:
		if a.On {
			return "Results revealed to participants."
		}
		return "Results hidden from participants."
	case session.Lock:
		if a.On {
			return "Input paused."
		}
		return "Input open again."
	case session.SetAnonymity:
		return "Anonymity: " + a.Anonymity.Words() + "."
	case session.SetTimer:
		return "Timer updated."
	case session.Decide:
		return "Decision recorded: " + a.Decision.Outcome.Label() + "."
	}
	if text, ok := m.peopleDoneText(a); ok {
		return text
	}
	if text, ok := m.agendaDoneText(a); ok {
		return text
	}
	if text, ok := m.view.doneText(a); ok {
		return text
	}
	return "Done."
}

// errorText is what a person reads about an error: the rule it broke, or a
// generic message that keeps internal details on the server.
func errorText(err error) string {
	if errors.Is(err, session.ErrClosed) {
		return closingText
	}
	return exercises.ErrorMessage(err)
}

// quit ends the program, leaving text on the terminal.
func (m *Model) quit(text string) tea.Cmd {
	m.quitText = text
	return tea.Quit
}
