package sshserver

import (
	"fmt"
	"sync"

	"charm.land/ssh"
)

// windowSizes is a terminal session's size as its client last reported it.
//
// charm.land/ssh hands each window change over on a channel of capacity
// one, from the loop that reads all of the session's requests, and waits
// until someone takes it; behind that loop the connection's packet loop
// waits too. A change nobody takes (the program has ended, is busy, or has
// not started yet) stops the connection from reading anything at all, even
// its own end: a client that kept resizing a terminal whose program was
// gone kept its session, and the goroutines serving it, forever. So every
// PTY session gets one goroutine, from its pty-req until its requests end,
// that takes each change at once and keeps only the newest, for serve to
// read when it can. The newest size is all a program needs.
type windowSizes struct {
	changed chan struct{} // capacity 1: the client reported a size since the last get

	mu     sync.Mutex
	latest ssh.Window
	notify func() // also told of each report, once set; see tellOf
}

func newWindowSizes(w ssh.Window) *windowSizes {
	return &windowSizes{changed: make(chan struct{}, 1), latest: w}
}

// set records a size the client reported, without waiting. Every report
// counts as a change, the same size too: a terminal resized and back before
// serve looked has still been redrawn by its emulator.
func (ws *windowSizes) set(w ssh.Window) {
	ws.mu.Lock()
	ws.latest = w
	notify := ws.notify
	ws.mu.Unlock()
	select {
	case ws.changed <- struct{}{}:
	default: // already signalled: serve reads the newest
	}
	if notify != nil {
		notify()
	}
}

// tellOf has notify called after each report, changed already signalled;
// nil stops it. The forwarder is woken this way on the one channel it
// waits on, rather than by waiting on changed as well.
func (ws *windowSizes) tellOf(notify func()) {
	ws.mu.Lock()
	ws.notify = notify
	ws.mu.Unlock()
}

// get returns the newest size.
func (ws *windowSizes) get() ssh.Window {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.latest
}

// emulatePty is the server's PTY handling: charm.land/ssh's emulated PTY
// (ssh.EmulatePty, its default), and for each PTY session the goroutine
// that takes its window changes (see windowSizes) until the library closes
// their channel, when the session's requests end: the session or the
// connection has closed.
func (s *Server) emulatePty() ssh.Option {
	return func(srv *ssh.Server) error {
		if err := ssh.EmulatePty()(srv); err != nil {
			return fmt.Errorf("emulated pty: %w", err)
		}
		emulate := srv.PtyHandler
		srv.PtyHandler = func(ctx ssh.Context, sess ssh.Session, pty ssh.Pty) (func() error, error) {
			release, err := emulate(ctx, sess, pty)
			if err != nil {
				return nil, err
			}
			_, changes, _ := sess.Pty()
			ws := newWindowSizes(pty.Window)
			s.mu.Lock()
			s.windows[sess] = ws
			s.mu.Unlock()
			go func() {
				for w := range changes {
					ws.set(w)
				}
				s.mu.Lock()
				delete(s.windows, sess)
				s.mu.Unlock()
			}()
			return release, nil
		}
		return nil
	}
}

// windowsOf returns the sizes of a PTY session.
func (s *Server) windowsOf(sess ssh.Session) *windowSizes {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ws := s.windows[sess]; ws != nil {
		return ws
	}
	// The session's requests have ended already, and with them its
	// changes: the connection is closing.
	pty, _, _ := sess.Pty()
	return newWindowSizes(pty.Window)
}

// Largest terminal drawn for: a projector at 1080p with a small font is
// about 240x70. Every frame is a string of the window's size, kept until
// the next one, so a client claiming 10000x10000 would otherwise cost the
// server hundreds of megabytes a frame; a larger terminal shows the screen
// in its top-left corner.
const (
	maxWidth  = 320
	maxHeight = 120
)

// clampWindow is the size a program draws for a terminal of window's size.
func clampWindow(w ssh.Window) (width, height int) {
	return min(max(w.Width, 0), maxWidth), min(max(w.Height, 0), maxHeight)
}
