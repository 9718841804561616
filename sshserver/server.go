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
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"commonground/session"
)

// Config is what a Server needs.
type Config struct {
	Addr          string               // ":2222"; "127.0.0.1:0" in tests
	HostKeyPath   string               // e.g. DATA/ssh/host_ed25519 (its own directory: wish chmods the parent)
	Hub           *session.Hub         // the live workshops
	IsFacilitator func(id string) bool // server-wide facilitator keys (the facilitators file), for the admin commands
	AdminID       string               // fingerprint of the admin key the server keeps in its data dir
	JoinHost      string               // host name in join commands printed by exec commands; "localhost" when ""
	Logger        *slog.Logger         // slog.Default() when nil
	IdleTimeout   time.Duration        // drop a connection silent for this long; none when 0
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

	serving  sync.WaitGroup // the accept loop
	sessions sync.WaitGroup // running session handlers

	mu      sync.Mutex
	closing bool // Shutdown has begun: no new sessions
	viewers map[*viewer]struct{}
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
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, log: cfg.Logger, viewers: map[*viewer]struct{}{}}
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

// addViewer registers a viewer for Shutdown to tell, or reports false when
// the server is shutting down.
func (s *Server) addViewer(v *viewer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.viewers[v] = struct{}{}
	return true
}

func (s *Server) removeViewer(v *viewer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.viewers, v)
}
