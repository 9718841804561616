package sshserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"

	"commonground/session"
	"commonground/tui"
)

// fps is the frame rate of every program: enough for a live wall, at half
// the frames of Bubble Tea's default.
const fps = 30

// minSnapshotInterval is the least time between two snapshots handed to one
// program. The first change after a quiet spell goes out at once; changes
// that follow within the interval (a room of people arriving, a burst of
// submissions) collapse into one Update and one View per connection.
const minSnapshotInterval = 50 * time.Millisecond

// serveTUI runs the workshop's terminal UI for one session and returns when
// the program has ended, with the identity unsubscribed and its forwarder
// stopped, even if the SSH connection stays open (OpenSSH ControlMaster).
func (s *Server) serveTUI(sess ssh.Session, w *session.Workshop) {
	v := newViewer(sess.Context(), w, s.log)
	defer v.close()
	if !s.addViewer(v) {
		wish.Fatalln(sess, restarting)
		return
	}
	defer s.removeViewer(v)
	id := identity(sess.Context())
	if id != "" {
		// A key is known before the program runs: subscribe now, so the
		// first frame already counts the person as present.
		if err := v.attach(id); err != nil {
			if errors.Is(err, session.ErrClosed) {
				wish.Fatalln(sess, restarting)
				return
			}
			s.log.Error("subscribe", "id", id, "err", err)
			wish.Fatalln(sess, failed)
			return
		}
	}
	handler := func(sess ssh.Session) *tea.Program {
		model := tui.New(tui.Options{Hub: s.cfg.Hub, Workshop: w, ID: id, Attach: v.attach})
		p := tea.NewProgram(model, append(bm.MakeOptions(sess),
			tea.WithContext(v.ctx), tea.WithoutSignalHandler(), tea.WithFPS(fps))...)
		v.start(p)
		return p
	}
	bm.MiddlewareWithProgramHandler(handler)(func(ssh.Session) {})(sess)
}

// viewer links one session's program to its workshop. It runs the
// connection's one forwarder goroutine, which turns the hub's wake-ups into
// SnapshotMsgs. The forwarder is the only code that waits for this program,
// so a slow terminal delays nobody else.
type viewer struct {
	w      *session.Workshop
	log    *slog.Logger
	ctx    context.Context // ends with the program or the connection
	cancel context.CancelFunc

	kick     chan struct{} // capacity 1: look again (a new subscription, shutdown)
	told     chan struct{} // closed once the program was sent a Closing snapshot
	tellOnce sync.Once
	done     chan struct{} // closed when the forwarder has returned
	started  bool          // the forwarder runs; only the session's goroutine uses it

	mu     sync.Mutex
	sub    *session.Subscription // nil until the identity is known
	id     string                // the subscribed identity
	closed bool
}

func newViewer(conn context.Context, w *session.Workshop, log *slog.Logger) *viewer {
	ctx, cancel := context.WithCancel(conn)
	return &viewer{w: w, log: log, ctx: ctx, cancel: cancel,
		kick: make(chan struct{}, 1), told: make(chan struct{}), done: make(chan struct{})}
}

// attach subscribes the identity, replacing any earlier subscription. It is
// tui.Options.Attach: a participant without a key becomes known only once
// the TUI has given them a guest identity or found theirs by PIN.
func (v *viewer) attach(id string) error {
	sub, err := v.w.Subscribe(id)
	if err != nil {
		return fmt.Errorf("join the live workshop: %w", err)
	}
	v.mu.Lock()
	if v.closed {
		v.mu.Unlock()
		sub.Close()
		return errors.New("the connection has closed")
	}
	old := v.sub
	v.sub, v.id = sub, id
	v.mu.Unlock()
	if old != nil {
		old.Close()
	}
	v.poke()
	return nil
}

// poke makes the forwarder look again, without waiting.
func (v *viewer) poke() {
	select {
	case v.kick <- struct{}{}:
	default: // already pending
	}
}

// start runs the forwarder for the program.
func (v *viewer) start(p *tea.Program) {
	v.started = true
	go v.forward(p)
}

// forward sends the newest snapshot to the program each time the workshop
// changes, until the viewer closes. Send blocks while the program is busy or
// its terminal is slow; wake-ups meanwhile collapse into one, so the program
// always gets the newest state and nothing piles up.
func (v *viewer) forward(p *tea.Program) {
	defer close(v.done)
	defer func() {
		if r := recover(); r != nil {
			v.log.Error("snapshot forwarder panicked", "panic", r, "stack", string(debug.Stack()))
			p.Quit() // a screen that silently stops updating is worse than none
		}
	}()
	var last *session.Snapshot // what the program was given last
	pause := time.NewTimer(0)
	defer pause.Stop()
	for {
		var changed <-chan struct{} // nil, so never ready, until subscribed
		v.mu.Lock()
		if v.sub != nil {
			changed = v.sub.C
		}
		id := v.id
		v.mu.Unlock()
		select {
		case <-v.ctx.Done():
			return
		case <-changed:
		case <-v.kick:
		}
		snap := v.w.Snapshot()
		if !tui.NeedsSnapshot(id, last, snap) {
			continue
		}
		p.Send(tui.SnapshotMsg{Snap: snap})
		last = snap
		if snap.Closing {
			v.tellOnce.Do(func() { close(v.told) })
			continue
		}
		pause.Reset(minSnapshotInterval)
		select {
		case <-v.ctx.Done():
			return
		case <-pause.C:
		}
	}
}

// close ends the forwarder and the subscription and waits for the forwarder
// to return. Cancelling v.ctx first also releases a Send that waits for a
// program that has ended.
func (v *viewer) close() {
	v.cancel()
	v.mu.Lock()
	v.closed = true
	sub := v.sub
	v.sub = nil
	v.mu.Unlock()
	if sub != nil {
		sub.Close()
	}
	if v.started {
		<-v.done
	}
}
