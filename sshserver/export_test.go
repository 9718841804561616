package sshserver

import (
	"io"

	tea "charm.land/bubbletea/v2"
)

// Faults are hooks that the server runs inside each connection's own code,
// for the tests that check that a panic there ends only that connection.
// Each gets the connection's identity ("" for a guest not yet known); any
// may be nil.
type Faults struct {
	Update    func(id string, msg tea.Msg) // at the start of every Update of the program, with its message
	View      func(id string)              // at the start of every View
	Command   func(id string)              // in every command Update returns, on the command's goroutine, before it runs
	Frame     func(id string)              // before each write of the program to the terminal: the event loop's or the frame timer's, while it runs
	Forward   func(id string)              // in the connection loop, before it hands the program a snapshot
	Heartbeat func(id string)              // on the heartbeat's goroutine, before it sends a keepalive
}

// InjectFaults makes the server run f's hooks. Call it before Start. It
// exists only in test builds.
func InjectFaults(s *Server, f Faults) {
	if f.Update != nil || f.View != nil || f.Command != nil {
		s.faults.model = func(m tea.Model, id func() string) tea.Model { return faultyModel{Model: m, id: id, f: f} }
	}
	if f.Frame != nil {
		s.faults.output = func(w io.Writer, id func() string) io.Writer { return faultyWriter{w: w, id: id, frame: f.Frame} }
	}
	s.faults.forward, s.faults.heartbeat = f.Forward, f.Heartbeat
}

// faultyModel runs the Update, View and Command hooks around the model's own.
type faultyModel struct {
	tea.Model
	id func() string
	f  Faults
}

func (m faultyModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.f.Update != nil {
		m.f.Update(m.id(), msg)
	}
	next, cmd := m.Model.Update(msg)
	m.Model = next
	if cmd != nil && m.f.Command != nil {
		id, inner, hook := m.id(), cmd, m.f.Command
		cmd = func() tea.Msg {
			hook(id)
			return inner()
		}
	}
	return m, cmd
}

func (m faultyModel) View() tea.View {
	if m.f.View != nil {
		m.f.View(m.id())
	}
	return m.Model.View()
}

// faultyWriter runs the Frame hook before each write of the program.
type faultyWriter struct {
	w     io.Writer
	id    func() string
	frame func(id string)
}

func (w faultyWriter) Write(p []byte) (int, error) {
	w.frame(w.id())
	return w.w.Write(p)
}
