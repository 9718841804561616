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
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
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
	// ConnRate limits new connections per second from one remote IP
	// address, with bursts of up to ConnBurst; a whole venue shares one NAT
	// address, so the burst should exceed the room. No limit when 0.
	ConnRate  float64
	ConnBurst int
	// MaxSessionsPerKey limits the terminal sessions one identity may have
	// open at once; a keyless guest counts from when they have their guest
	// identity. No limit when 0.
	MaxSessionsPerKey int
	// MaxViewers limits the terminal sessions of one workshop. Its
	// facilitators always get in. No limit when 0.
	MaxViewers int
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
	faults faults

	serving  sync.WaitGroup // the accept loop
	sessions sync.WaitGroup // running session handlers

	mu          sync.Mutex
	closing     bool // Shutdown has begun: no new sessions
	viewers     map[*viewer]struct{}
	perWorkshop map[string]int               // workshop ID -> viewers
	perKey      map[string]int               // identity ID -> viewers attached with it
	windows     map[ssh.Session]*windowSizes // PTY sessions whose requests have not ended
}

// faults inject a panic into one connection's code, for the tests that
// check that it ends only that connection (export_test.go sets them). Both
// are nil outside tests.
type faults struct {
	model   func(m tea.Model, id func() string) tea.Model // wraps the connection's model
	forward func(id string)                               // runs before the forwarder hands over a snapshot
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
		ssh.WrapConn(s.countConn),
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
		return restarting
	}
	wid := v.w.ID()
	// A keyless guest ("") is a participant until they say otherwise.
	if limit := s.cfg.MaxViewers; limit > 0 && s.perWorkshop[wid] >= limit && v.w.Snapshot().Role(id) != session.Facilitator {
		s.log.Warn("workshop full", "workshop", wid, "viewers", limit, "remote", v.remote)
		return fmt.Sprintf(workshopFull, limit)
	}
	s.viewers[v] = struct{}{}
	s.perWorkshop[wid]++
	return ""
}

func (s *Server) removeViewer(v *viewer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.viewers, v)
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

// countConn takes a token for a new connection from its remote IP address
// (ssh.Server.ConnCallback). A connection over ConnRate still completes
// its handshake so that guard can tell its sessions why they are refused:
// someone at the back of a crowded venue is owed a message more than the
// server needs to save a handshake.
func (s *Server) countConn(ctx ssh.Context, conn net.Conn) net.Conn {
	ip := conn.RemoteAddr().String()
	if host, _, err := net.SplitHostPort(ip); err == nil {
		ip = host
	}
	if !s.conns.Allow(ip, time.Now()) {
		ctx.SetValue(throttledKey{}, true)
	}
	return conn
}

// throttledKey marks, in a connection's context, a connection over ConnRate.
type throttledKey struct{}

func throttled(ctx ssh.Context) bool {
	t, _ := ctx.Value(throttledKey{}).(bool)
	return t
}
