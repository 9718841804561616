package sshserver

import tea "charm.land/bubbletea/v2"

// InjectFaults makes the server run hooks inside each connection's own
// code, for the tests that check that a panic there ends only that
// connection: update runs at the start of every Update of the connection's
// program, with its identity ("" for a guest not yet known) and the
// message; forward runs before its forwarder hands the program a snapshot.
// Either may be nil. Call it before Start. It exists only in test builds.
func InjectFaults(s *Server, update func(id string, msg tea.Msg), forward func(id string)) {
	if update != nil {
		s.faults.model = func(m tea.Model, id func() string) tea.Model { return faultyModel{Model: m, id: id, update: update} }
	}
	s.faults.forward = forward
}

// faultyModel runs the update hook before the model's own Update.
type faultyModel struct {
	tea.Model
	id     func() string
	update func(id string, msg tea.Msg)
}

func (m faultyModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.update(m.id(), msg)
	next, cmd := m.Model.Update(msg)
	m.Model = next
	return m, cmd
}
