package sshserver

import (
	"charm.land/ssh"

	"commonground/exercises"
	"commonground/session"
)

// maxPINTries is how many wrong rejoin PINs one connection may type, over
// all its sessions: a guesser must then connect again, which ConnRate
// counts, and the hub counts every wrong PIN per address and per workshop.
const maxPINTries = 5

// guests finds and creates the guest identities of one keyless session
// (tui.Options.Rejoin and NewGuest), counting them against its
// connection's limits.
type guests struct {
	srv  *Server
	conn *connCounts
	w    *session.Workshop
}

func (s *Server) guestsFor(sess ssh.Session, w *session.Workshop) guests {
	return guests{srv: s, conn: countsOf(sess.Context()), w: w}
}

// rejoin returns the guest identity of a rejoin PIN. Only a wrong PIN
// counts as a try: one the hub refused to look up, or could not read as a
// PIN, does not.
func (g guests) rejoin(pin string) (string, error) {
	c := g.conn
	if !c.take(&c.wrongPINs, maxPINTries) {
		return "", exercises.Errorf(session.ELimited, "%d wrong rejoin PINs have been typed over this connection. Reconnect to try again, or join as a new guest.", maxPINTries)
	}
	id, err := g.srv.cfg.Hub.GuestByPIN(g.w.ID(), pin, c.ip)
	if exercises.ErrorCode(err) != exercises.ENotFound {
		c.give(&c.wrongPINs)
		return id, err
	}
	// No PIN in the log, only that someone is guessing, and from where.
	g.srv.log.Info("wrong rejoin PIN", "workshop", g.w.ID(), "remote", c.ip)
	if left := maxPINTries - c.count(&c.wrongPINs); left > 0 {
		return "", exercises.Errorf(exercises.ENotFound, "%s Tries left over this connection: %d.", exercises.ErrorMessage(err), left)
	}
	return "", exercises.Errorf(exercises.ENotFound, "%s That was the last try over this connection: reconnect to try again, or join as a new guest.", exercises.ErrorMessage(err))
}

// newGuest creates a guest identity with its rejoin PIN, at most
// GuestsPerConn for the connection.
func (g guests) newGuest() (id, pin string, err error) {
	c, limit := g.conn, g.srv.cfg.GuestsPerConn
	if !c.take(&c.guests, limit) {
		g.srv.log.Warn("refused: too many new guests on one connection", "workshop", g.w.ID(), "remote", c.ip, "guests", limit)
		return "", "", exercises.Errorf(session.ELimited, "%d new guests have joined over this connection, the most allowed. Type the rejoin PIN you were given, or connect again.", limit)
	}
	id, pin, err = g.srv.cfg.Hub.NewGuest(g.w.ID(), c.ip)
	if err != nil {
		c.give(&c.guests)
	}
	return id, pin, err
}
