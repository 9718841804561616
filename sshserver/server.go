// Package sshserver is CommonGround's SSH front door: it authenticates
// connections (a key's fingerprint is its identity; without a key a
// participant joins as a guest), routes a session by its SSH user (the join
// code) to the workshop's terminal UI, and runs exec commands such as
// `ssh host export CODE --format md` through the admin package.
//
// Nothing below this package knows about SSH: the hub decides who may do
// what, the tui package draws, and this package only connects the two.
package sshserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"commonground/exercises"
	"commonground/session"
)

// Config is what a Server needs. Every limit is off at its zero value; the
// commonground command sets the defaults.
type Config struct {
	Addr          string               // ":2222"; "127.0.0.1:0" in tests
	HostKeyPath   string               // e.g. DATA/ssh/host_ed25519 (its own directory: wish chmods the parent)
	Hub           *session.Hub         // the live workshops
	IsFacilitator func(id string) bool // server-wide facilitator keys (the facilitators file), for the admin commands
	AdminID       string               // fingerprint of the admin key the server keeps in its data dir
	JoinHost      string               // host name in join commands printed by exec commands; "localhost" when ""
	Logger        *slog.Logger         // slog.Default() when nil

	// IdleTimeout drops a connection on which nothing was read or written
	// for this long: a peer that vanished (a closed laptop, a dropped NAT
	// mapping). None when 0.
	IdleTimeout time.Duration
	// Heartbeat is how often each terminal's connection is sent a keepalive
	// request that the client answers, so that a quiet viewer of a quiet
	// workshop is not idle while its peer is there. None when 0; shorter
	// than IdleTimeout when both are set.
	Heartbeat time.Duration
	// MaxLag hangs up a terminal whose program could not take a new
	// snapshot for this long: its client stopped reading. Never when 0.
	MaxLag time.Duration
	// GreetingTimeout closes a connection whose client has not sent its
	// SSH version line this long after connecting. A client sends it at
	// once; a socket that stays silent only holds a place. None when 0.
	GreetingTimeout time.Duration
	// HandshakeTimeout closes a connection that has not completed the SSH
	// handshake, key exchange and authentication, this long after
	// connecting. It includes the time a person takes to answer their
	// client's question about the host key on a first visit, or to type
	// their key's passphrase. None when 0.
	HandshakeTimeout time.Duration
	// ConnRate limits new connections per second from one remote IP
	// address, with bursts of up to ConnBurst; a whole venue shares one NAT
	// address, so the burst should exceed the room. A connection counts
	// once it has completed the handshake: sockets that never do cannot
	// use up a venue's budget. No limit when 0.
	ConnRate  float64
	ConnBurst int
	// CommandRate limits exec commands (`ssh host export CODE`) per
	// second per key, after bursts of up to CommandBurst; the commands of
	// a connection without a key are counted for that connection alone.
	// The server's admin key and its facilitators are not limited. No
	// limit when 0.
	CommandRate  float64
	CommandBurst int
	// MaxSessionsPerKey limits the terminal sessions one identity may have
	// open at once; a keyless guest counts from when they have their guest
	// identity. No limit when 0.
	MaxSessionsPerKey int
	// MaxViewers limits the participants' terminal sessions in one
	// workshop. Its facilitators are not counted and always get in. No
	// limit when 0.
	MaxViewers int
	// SessionsPerConn limits the sessions open at once on one SSH
	// connection, keyed or keyless, terminal or command: OpenSSH's
	// ControlMaster carries a few over one connection; beyond the limit a
	// session is refused as it opens. No limit when 0.
	SessionsPerConn int
	// GuestsPerConn limits the new guests one keyless connection may
	// create, whatever its sessions; the hub limits them per address too
	// (session.Options.GuestRate). No limit when 0.
	GuestsPerConn int
	// Observer, when set, hears how long snapshots take to reach each
	// connection and why connections end, for an operator's metrics.
	Observer Observer
}

// Shutdown lets every viewer show "the server is restarting" before it
// closes their connection: it waits until each program was handed the
// closing snapshot, then until each program has ended or had closingFrame to
// draw it, at most closingGrace in all.
const (
	closingGrace = 2 * time.Second
	closingFrame = 500 * time.Millisecond
)

// Server is the SSH server. Create it with New, then Start it; Shutdown ends it.
type Server struct {
	cfg Config
	log *slog.Logger
	srv *ssh.Server
	ln  net.Listener

	conns  *session.RateLimiter // new connections per remote IP; nil: no limit
	cmds   *session.RateLimiter // exec commands per key, or per connection without one; nil: no limit
	faults faults

	serving  sync.WaitGroup // the accept loop
	sessions sync.WaitGroup // running session handlers

	mu          sync.Mutex
	closing     bool // Shutdown has begun: no new sessions
	viewers     map[*viewer]struct{}
	perWorkshop map[string]int               // workshop ID -> participants' viewers
	perKey      map[string]int               // identity ID -> viewers attached with it
	windows     map[ssh.Session]*windowSizes // PTY sessions whose requests have not ended
}

// faults inject a panic into one connection's code, for the tests that
// check that it ends only that connection (export_test.go sets them). All
// are nil outside tests.
type faults struct {
	model     func(m tea.Model, id func() string) tea.Model // wraps the connection's model
	output    func(w io.Writer, id func() string) io.Writer // wraps the terminal the program draws on
	forward   func(id string)                               // runs before the forwarder hands over a snapshot
	heartbeat func(id string)                               // runs before a keepalive is sent
}

// New builds a server from cfg. It creates the host key at cfg.HostKeyPath
// if there is none yet; it does not listen until Start.
func New(cfg Config) (*Server, error) {
	if cfg.Hub == nil {
		return nil, errors.New("sshserver: Config.Hub is required")
	}
	if cfg.HostKeyPath == "" {
		// wish would otherwise write a key into the working directory.
		return nil, errors.New("sshserver: Config.HostKeyPath is required")
	}
	if cfg.IdleTimeout > 0 && cfg.Heartbeat >= cfg.IdleTimeout {
		return nil, fmt.Errorf("sshserver: a heartbeat every %v cannot keep a connection with an idle timeout of %v open; make it shorter", cfg.Heartbeat, cfg.IdleTimeout)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, log: cfg.Logger, conns: session.NewRateLimiter(cfg.ConnRate, cfg.ConnBurst),
		cmds:    session.NewRateLimiter(cfg.CommandRate, cfg.CommandBurst),
		viewers: map[*viewer]struct{}{}, perWorkshop: map[string]int{}, perKey: map[string]int{},
		windows: map[ssh.Session]*windowSizes{}}
	opts := []ssh.Option{
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Every key may connect: a key is an identity, not a permission.
		// Facilitator rights are decided by the hub for every action.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		// Without a key a participant still gets in, with no questions
		// asked: the TUI gives them a guest identity and a rejoin PIN.
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		// The last middleware listed runs first: guard, logging, identity,
		// commands, then routing to the TUI.
		wish.WithMiddleware(s.route, s.commands, s.identify, s.logging, s.guard),
		ssh.WrapConn(s.accept),
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = cfg.HandshakeTimeout
			// The connection counts against ConnRate once its handshake is
			// complete, which is when authentication succeeds.
			srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
				return &gossh.ServerConfig{AuthLogCallback: func(conn gossh.ConnMetadata, _ string, err error) {
					if err == nil {
						s.countConn(ctx, conn.RemoteAddr())
					}
				}}
			}
			return nil
		},
		s.countSessions,
		s.emulatePty(),
	}
	if cfg.IdleTimeout > 0 {
		opts = append(opts, wish.WithIdleTimeout(cfg.IdleTimeout))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("sshserver: %w", err)
	}
	s.srv = srv
	return s, nil
}

// Start listens on the configured address and serves in the background. It
// listens itself, rather than through wish, so that a port already in use is
// reported here and Addr knows the port the system chose.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	s.ln = ln
	s.serving.Add(1)
	go func() {
		defer s.serving.Done()
		err := s.srv.Serve(ln)
		if err != nil && !errors.Is(err, ssh.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			s.log.Error("ssh server stopped", "err", err)
		}
	}()
	return nil
}

// Addr returns the address the server listens on (with the port chosen by
// the system when the configured port was 0). Nil before Start.
func (s *Server) Addr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// port is the port people connect to, for the commands we print to them.
func (s *Server) port() int {
	if a, ok := s.Addr().(*net.TCPAddr); ok {
		return a.Port
	}
	return 0
}

// Shutdown stops the hub, so that every viewer is told the server is
// restarting, lets their programs show it, then closes every connection and
// waits for the session handlers to finish, all bounded by ctx. New sessions
// are turned away from the start. Calling it again only waits again. The
// hub's store stays open; its owner closes it after.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	first := !s.closing
	s.closing = true
	viewers := make([]*viewer, 0, len(s.viewers))
	for v := range s.viewers {
		viewers = append(viewers, v)
	}
	s.mu.Unlock()
	if first {
		s.cfg.Hub.Close() // publishes the closing snapshot to subscribers
	}
	s.tell(ctx, viewers)
	// Close's only error is a listener that was already closed.
	_ = s.srv.Close()
	if s.ln != nil {
		_ = s.ln.Close() // in case Serve had not registered it yet
	}
	s.serving.Wait()
	ended := make(chan struct{})
	go func() {
		s.sessions.Wait()
		close(ended)
	}()
	select {
	case <-ended:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("shut down ssh server: sessions still running: %w", ctx.Err())
	}
}

// tell hands every viewer the closing snapshot (a guest still typing a PIN
// has no subscription, so each is poked) and waits until each program has
// it, then until each has ended or had closingFrame to draw it; never longer
// than closingGrace in all, nor past ctx.
func (s *Server) tell(ctx context.Context, viewers []*viewer) {
	grace := time.NewTimer(closingGrace)
	defer grace.Stop()
	for _, v := range viewers {
		v.poke()
	}
	for _, v := range viewers {
		select {
		case <-v.told:
		case <-v.ctx.Done():
		case <-grace.C:
			return
		case <-ctx.Done():
			return
		}
	}
	frame := time.NewTimer(closingFrame)
	defer frame.Stop()
	for _, v := range viewers {
		select {
		case <-v.ctx.Done():
		case <-frame.C:
			return
		case <-grace.C:
			return
		case <-ctx.Done():
			return
		}
	}
}

// enter counts a new session, or reports false when the server is shutting
// down. Counting under the lock keeps Add from racing Shutdown's Wait.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.sessions.Add(1)
	return true
}

// addViewer registers a viewer for Shutdown to tell and counts it against
// its workshop's MaxViewers. It returns what to tell the person instead
// when the server is shutting down or the workshop is full; "" to go on.
func (s *Server) addViewer(v *viewer, id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		s.ended(DropShuttingDown)
		return restarting
	}
	wid := v.w.ID()
	// A keyless guest ("") is a participant until they say otherwise. The
	// viewers of the other servers of a cluster count too, as far as this
	// one has heard of them.
	snap := v.w.Snapshot()
	v.participant = snap.Role(id) != session.Facilitator
	if limit := s.cfg.MaxViewers; limit > 0 && v.participant && s.perWorkshop[wid]+snap.Elsewhere >= limit {
		s.log.Warn("workshop full", "workshop", wid, "viewers", limit, "remote", v.remote)
		s.ended(DropWorkshopFull)
		return fmt.Sprintf(workshopFull, limit)
	}
	s.viewers[v] = struct{}{}
	if v.participant {
		s.perWorkshop[wid]++
	}
	return ""
}

func (s *Server) removeViewer(v *viewer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.viewers, v)
	if !v.participant {
		return
	}
	wid := v.w.ID()
	if s.perWorkshop[wid]--; s.perWorkshop[wid] <= 0 {
		delete(s.perWorkshop, wid)
	}
}

// claim counts one more terminal session for the identity, or refuses it
// beyond MaxSessionsPerKey with an error fit to show the person.
func (s *Server) claim(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if limit := s.cfg.MaxSessionsPerKey; limit > 0 && s.perKey[id] >= limit {
		s.log.Warn("too many sessions for one identity", "id", id, "sessions", limit)
		s.ended(DropKeySessions)
		with := "this key"
		if strings.HasPrefix(id, session.GuestPrefix) {
			with = "this rejoin PIN"
		}
		if limit == 1 {
			return exercises.Errorf(session.ELimited, "You already have a session open with %s; close it first.", with)
		}
		return exercises.Errorf(session.ELimited, "You already have %d sessions open with %s; close one first.", limit, with)
	}
	s.perKey[id]++
	return nil
}

// unclaim releases what claim counted.
func (s *Server) unclaim(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perKey[id]--; s.perKey[id] <= 0 {
		delete(s.perKey, id)
	}
}

// accept gives a new connection (ssh.Server.ConnCallback) the counts its
// sessions share, and hands it on to be closed if its client has not sent
// its SSH version line within GreetingTimeout.
func (s *Server) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	ctx.SetValue(connKey{}, &connCounts{ip: remoteIP(conn.RemoteAddr())})
	if s.cfg.GreetingTimeout <= 0 {
		return conn
	}
	g := &greetingConn{Conn: conn}
	g.timer = time.AfterFunc(s.cfg.GreetingTimeout, func() {
		if !g.greeted.Load() {
			// By address, not connection: such sockets cost an attacker
			// nothing, and one line each would flood the log.
			s.log.Info("closed: no SSH greeting", "ip", remoteIP(conn.RemoteAddr()), "after", s.cfg.GreetingTimeout)
			s.ended(DropNoGreeting)
			_ = conn.Close()
		}
	})
	return g
}

// remoteIP is the IP address of a remote address "IP:port".
func remoteIP(addr net.Addr) string {
	ip := addr.String()
	if host, _, err := net.SplitHostPort(ip); err == nil {
		ip = host
	}
	return ip
}

// greetingConn is a connection whose greeting timer stops once the first
// line, the client's SSH version, has been read.
type greetingConn struct {
	net.Conn
	timer   *time.Timer
	greeted atomic.Bool
}

func (c *greetingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if !c.greeted.Load() && bytes.IndexByte(p[:n], '\n') >= 0 {
		c.greeted.Store(true)
		c.timer.Stop()
	}
	return n, err
}

func (c *greetingConn) Close() error {
	c.timer.Stop()
	return c.Conn.Close()
}

// countConn takes a token for a connection that has completed its
// handshake from its remote IP address. A connection over ConnRate is let
// in all the same so that guard can tell its sessions why they are
// refused: someone at the back of a crowded venue is owed a message more
// than the server needs to save a handshake.
func (s *Server) countConn(ctx ssh.Context, remote net.Addr) {
	if !s.conns.Allow(remoteIP(remote), time.Now()) {
		countsOf(ctx).throttled.Store(true)
	}
}

// connCounts is what the sessions of one SSH connection share: where it
// comes from, and what its sessions have used of the connection's limits.
type connCounts struct {
	ip        string
	throttled atomic.Bool // the connection came over ConnRate (set once its handshake completes)

	mu        sync.Mutex
	sessions  int // open now
	wrongPINs int // wrong rejoin PINs so far, with those being looked up
	guests    int // guests created, with those being created
}

// connKey is the context key of a connection's *connCounts.
type connKey struct{}

// countsOf returns the counts of ctx's connection. Every connection has
// them from countConn; a context without (a test's) gets fresh ones.
func countsOf(ctx ssh.Context) *connCounts {
	if c, ok := ctx.Value(connKey{}).(*connCounts); ok {
		return c
	}
	return &connCounts{}
}

// take counts one more of *n against limit, or reports false at the limit
// (0: none).
func (c *connCounts) take(n *int, limit int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if limit > 0 && *n >= limit {
		return false
	}
	*n++
	return true
}

// count returns *n.
func (c *connCounts) count(n *int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return *n
}

// give gives back one of *n that take counted.
func (c *connCounts) give(n *int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*n--
}

// countSessions is an ssh.Server option: it wraps the handler of session
// channels so that each connection has at most SessionsPerConn sessions
// open. A session beyond it is refused as it opens, with the reason, which
// the client shows ("open failed: ..."); the channel never costs the
// server a handler.
func (s *Server) countSessions(srv *ssh.Server) error {
	next := ssh.DefaultSessionHandler
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{
		"session": func(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
			c := countsOf(ctx)
			if !c.take(&c.sessions, s.cfg.SessionsPerConn) {
				s.log.Warn("refused: too many sessions on one connection", "remote", conn.RemoteAddr().String(), "sessions", s.cfg.SessionsPerConn)
				s.ended(DropConnSessions)
				_ = ch.Reject(gossh.ResourceShortage, fmt.Sprintf(tooManySessions, s.cfg.SessionsPerConn))
				return
			}
			defer c.give(&c.sessions)
			next(srv, conn, ch, ctx)
		},
	}
	return nil
}
