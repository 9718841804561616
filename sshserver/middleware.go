package sshserver

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"commonground/admin"
	"commonground/exercises"
	"commonground/session"
)

// What a person sees when the server cannot let them in (or must let them
// go): it is shutting down, something failed that the log explains, or a
// limit was reached.
const (
	restarting   = "The CommonGround server is restarting. Try again in a moment."
	failed       = "Something went wrong on the server. Please try again in a moment."
	tooMany      = "Too many new connections from your network right now. Please try again in a moment."
	tooBusy      = "Too many commands at once from this %s. Please wait a few seconds and try again."
	workshopFull = "This workshop is full: %d participants are connected. Please try again later, or tell the facilitator."
	// tooManySessions is what a client shows when a session cannot open.
	tooManySessions = "You already have %d sessions open over this one connection, the most allowed. Close one, or connect again separately."
)

// identityKey is the context key of the connection's identity ID.
type identityKey struct{}

// identity returns the identity ID the identify middleware stored: a key's
// "SHA256:..." fingerprint, or "" for a connection without a key.
func identity(ctx ssh.Context) string {
	id, _ := ctx.Value(identityKey{}).(string)
	return id
}

// guard keeps a panic in one session from taking down the server, counts
// running sessions for Shutdown, and turns sessions away once it has begun,
// or when their connection came over ConnRate.
func (s *Server) guard(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if !s.enter() {
			wish.Fatalln(sess, restarting)
			return
		}
		defer s.sessions.Done()
		if countsOf(sess.Context()).throttled.Load() {
			s.log.Warn("refused: too many new connections", "remote", sess.RemoteAddr().String())
			s.ended(DropConnectionRate)
			wish.Fatalln(sess, tooMany)
			return
		}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("session panicked", "user", sess.User(), "remote", sess.RemoteAddr().String(),
					"panic", p, "stack", string(debug.Stack()))
				_ = sess.Exit(1)
			}
		}()
		next(sess)
	}
}

// logging records each session's start and end. It never logs what people
// type, only who connected and how.
func (s *Server) logging(next ssh.Handler) ssh.Handler {
	// The log calls are functions of their own: their arguments would
	// otherwise stay on the stack under the whole session (serveTUI).
	return func(sess ssh.Session) {
		start := time.Now()
		s.logStart(sess)
		next(sess)
		s.logEnd(sess, start)
	}
}

func (s *Server) logStart(sess ssh.Session) {
	pty, _, hasPty := sess.Pty()
	s.log.Info("session start", "user", sess.User(), "remote", sess.RemoteAddr().String(),
		"key", sess.PublicKey() != nil, "pty", hasPty, "term", pty.Term,
		"width", pty.Window.Width, "height", pty.Window.Height, "command", sess.Command())
}

func (s *Server) logEnd(sess ssh.Session, start time.Time) {
	s.log.Info("session end", "user", sess.User(), "remote", sess.RemoteAddr().String(),
		"duration", time.Since(start).Round(time.Millisecond))
}

// identify stores the connection's identity in its context. The identity is
// the fingerprint of sess.PublicKey(), which the ssh library takes from the
// completed handshake: the public-key callback also sees keys that are only
// offered, never proven (CVE-2024-45337), so nothing it saw is trusted here.
func (s *Server) identify(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		id := ""
		if key := sess.PublicKey(); key != nil {
			id = gossh.FingerprintSHA256(key)
		}
		sess.Context().SetValue(identityKey{}, id)
		next(sess)
	}
}

// commands runs a session that carries a command (`ssh host export CODE
// --format md`) through the admin package and ends it with the command's
// exit status. Sessions without a command go on to the TUI.
func (s *Server) commands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if args := sess.Command(); len(args) > 0 {
			s.runCommand(sess, args) // its frame off the TUI's stack: see serveTUI
			return
		}
		next(sess)
	}
}

// runCommand runs one exec command for its session.
func (s *Server) runCommand(sess ssh.Session, args []string) {
	id := identity(sess.Context())
	if from := s.overCommandRate(sess, id); from != "" {
		s.log.Warn("refused: too many commands", "id", id, "remote", sess.RemoteAddr().String())
		s.ended(DropCommandRate)
		wish.Fatalln(sess, fmt.Sprintf(tooBusy, from))
		return
	}
	caller := admin.Caller{
		ID: id,
		// A keyless connection has the ID "", which must never match
		// an unset AdminID.
		Admin:         id != "" && id == s.cfg.AdminID,
		IsFacilitator: s.cfg.IsFacilitator,
		JoinHost:      s.cfg.JoinHost,
		Port:          s.port(),
	}
	code := admin.Run(s.cfg.Hub, caller, args, sess, sess, sess.Stderr())
	s.log.Info("command", "id", id, "command", args[0], "exit", code)
	_ = sess.Exit(code)
}

// overCommandRate takes a token for an exec command from the caller's key,
// or from the connection when it has none, and returns what ran out ("key"
// or "connection") when there was none; "" lets the command run. The
// server's admin key (its own command line) and its facilitators are
// trusted, as with submissions.
func (s *Server) overCommandRate(sess ssh.Session, id string) string {
	switch {
	case id == "":
		if !s.cmds.Allow("connection "+sess.Context().SessionID(), time.Now()) {
			return "connection"
		}
	case id == s.cfg.AdminID || (s.cfg.IsFacilitator != nil && s.cfg.IsFacilitator(id)):
	case !s.cmds.Allow(id, time.Now()):
		return "key"
	}
	return ""
}

// route sends a session to the workshop whose join code is its SSH user, or
// tells the person why it cannot. It is the innermost middleware and ends
// every session itself, so there is no next handler to call.
func (s *Server) route(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if w := s.workshopFor(sess); w != nil {
			s.serveTUI(sess, w, nil) // the opening's frame off its stack: see serveTUI
		}
	}
}

// workshopFor opens the workshop a session's user names, for the TUI. It
// returns nil once it has told the person why there is none, or once their
// cohort's lobby has served them.
func (s *Server) workshopFor(sess ssh.Session) *session.Workshop {
	w, err := s.cfg.Hub.Open(sess.User())
	switch {
	case errors.Is(err, session.ErrNotFound):
		if !s.lobby(sess) {
			wish.Fatalln(sess, s.notFound(sess.User()))
		}
		return nil
	case errors.Is(err, session.ErrClosed):
		wish.Fatalln(sess, restarting)
		return nil
	case errors.Is(err, session.ErrDamaged):
		code := session.NormalizeCode(sess.User()) // a workshop's code: letters, digits, a dash
		s.log.Error("someone tried to join a damaged workshop", "code", code, "err", err)
		wish.Fatalln(sess, fmt.Sprintf("The workshop %q cannot be opened: its records on the server are damaged. Please tell the facilitator.", code))
		return nil
	case err != nil:
		s.log.Error("open workshop", "code", sess.User(), "err", err)
		wish.Fatalln(sess, failed)
		return nil
	}
	if _, _, ok := sess.Pty(); !ok {
		wish.Fatalln(sess, fmt.Sprintf("CommonGround needs an interactive terminal. Connect with: ssh -t -p %d %s@%s", s.port(), w.Snapshot().Code, s.joinHost()))
		return nil
	}
	return w
}

// notFound tells someone whose SSH user name names no workshop how to join.
// A name that cannot be a join code is most often their own login name,
// which ssh sends when they typed no code at all ("ssh -p 2222 host").
func (s *Server) notFound(user string) string {
	if session.NormalizeCode(user) == "" {
		return fmt.Sprintf("Welcome to CommonGround.\nTo join a workshop, put its join code in front of the address:\n\n"+
			"  ssh -p %d CODE@%s\n\n"+
			"The facilitator gives you the code: eight letters and digits, like k7wq-m3xd.", s.port(), s.joinHost())
	}
	// The user name is whatever the client sent: clean it before echoing
	// it to their terminal.
	code, _ := exercises.CleanText(user, 40)
	return fmt.Sprintf("No workshop has the code %q. Check the code and try again: ssh -p %d CODE@%s", code, s.port(), s.joinHost())
}

// joinHost is the host name shown in the commands a person is told to run.
func (s *Server) joinHost() string {
	if s.cfg.JoinHost != "" {
		return s.cfg.JoinHost
	}
	return "host"
}
