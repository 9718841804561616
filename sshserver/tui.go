package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"commonground/exercises"
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
// the program has ended, with the identity unsubscribed and the
// connection's goroutines stopped, even if the SSH connection stays open
// (OpenSSH ControlMaster).
//
// adjust, when not nil, sets what a cohort's lobby asked for (prework at
// the member's own pace).
func (s *Server) serveTUI(sess ssh.Session, w *session.Workshop, adjust func(*tui.Options)) {
	// This goroutine waits in the program's event loop for the whole
	// session, with every frame under it on its stack: setting up and
	// ending are in functions of their own, so that at rest the stack is
	// small enough for the collector to halve it to 8 KiB (it shrinks a
	// stack only while less than a quarter is in use; docs/PERFORMANCE.md).
	v := newViewer(s, sess, w)
	defer v.close()
	if refusal := s.addViewer(v, identity(sess.Context())); refusal != "" {
		wish.Fatalln(sess, refusal)
		return
	}
	defer s.removeViewer(v)
	if !s.attachKey(sess, v) {
		return
	}
	p := s.newProgram(sess, w, v, adjust)
	v.start(p, s.windowsOf(sess))
	// Run rather than wish's bubbletea middleware, to learn how the program
	// ended: Bubble Tea turns a panic in Update into ErrProgramPanic.
	_, err := p.Run()
	v.cancel() // the program is over: so is everything that served it
	s.programEnded(sess, v, err)
}

// attachKey subscribes a connection that came with a key before its
// program runs, so that the first frame already counts the person as
// present, and tells the person when that fails. A guest is attached later,
// by the TUI.
func (s *Server) attachKey(sess ssh.Session, v *viewer) bool {
	id := identity(sess.Context())
	if id == "" {
		return true
	}
	err := v.attach(id)
	switch {
	case err == nil:
		return true
	case errors.Is(err, session.ErrClosed):
		wish.Fatalln(sess, restarting)
	case exercises.ErrorCode(err) != "":
		wish.Fatalln(sess, exercises.ErrorMessage(err))
	default:
		s.log.Error("subscribe", "id", id, "err", err)
		wish.Fatalln(sess, failed)
	}
	return false
}

// newProgram makes the session's program, which v serves.
func (s *Server) newProgram(sess ssh.Session, w *session.Workshop, v *viewer, adjust func(*tui.Options)) *tea.Program {
	g := s.guestsFor(sess, w)
	tuiOpts := tui.Options{Hub: s.cfg.Hub, Workshop: w, ID: identity(sess.Context()), Attach: v.attach, Rejoin: g.rejoin, NewGuest: g.newGuest,
		Host: s.cfg.JoinHost, Port: s.port(), Members: s.membersOf(w), Now: s.cfg.Hub.Now}
	if adjust != nil {
		adjust(&tuiOpts)
	}
	var model tea.Model = tui.New(tuiOpts)
	if s.faults.model != nil {
		model = s.faults.model(model, v.identity)
	}
	// route only serves sessions with a PTY; after a lobby, its size now.
	width, height := clampWindow(s.windowsOf(sess).get())
	opts := append(bm.MakeOptions(sess),
		tea.WithWindowSize(width, height), // after MakeOptions: the clamped size wins
		tea.WithContext(v.ctx), tea.WithoutSignalHandler(), tea.WithFPS(fps),
		// Lines, not cells: a thousand participants' programs each kept a
		// screen of cells and diffed every frame cell by cell
		// (third_party/README.md).
		tea.WithLineRenderer(),
		// Each row's colours converted once for every connection.
		tea.WithRowColors(convertRow))
	if s.faults.output != nil {
		opts = append(opts, tea.WithOutput(s.faults.output(sess, v.identity)))
	}
	if in := inputOf(sess); in != nil {
		// From a lobby: the keys go on to the lobby once this ends.
		opts = append(opts, tea.WithInput(in.reader(v.ctx)))
	}
	return tea.NewProgram(model, opts...)
}

// programEnded logs how a session's program ended and, if it crashed, tells
// the person.
func (s *Server) programEnded(sess ssh.Session, v *viewer, err error) {
	switch {
	case errors.Is(err, tea.ErrProgramPanic) || v.failed.Load():
		// The stack is on the server's stderr (Bubble Tea writes it for a
		// panic in Update) or in the log (recovered, for our goroutines).
		s.log.Error("terminal program crashed; only this connection ends", "id", v.identity(), "remote", v.remote)
		s.ended(DropCrash)
		// On stdout, the stream the program drew on, so that every client
		// shows it after the program's terminal reset; stderr is a stream
		// of its own, which a client may show first, for the reset to wipe.
		_, _ = io.WriteString(sess, failed+"\r\n")
		_ = sess.Exit(1)
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		s.log.Error("terminal program", "id", v.identity(), "remote", v.remote, "err", err)
	}
}

// viewer links one session's program to its workshop. One goroutine per
// connection serves the program (serve): it turns the hub's wake-ups into
// SnapshotMsgs and the terminal's size changes into WindowSizeMsgs, and it
// sends the heartbeat. It is the only code that waits for this program, so
// a slow terminal delays nobody else, and it drops the connection once that
// wait exceeds MaxLag. One goroutine rather than one per job: every
// collection scans a thousand connections' stacks, and every goroutine woken
// per change costs CPU that every screen waits for.
type viewer struct {
	srv    *Server
	w      *session.Workshop
	conn   *gossh.ServerConn // nil only if the ssh library changed; then no heartbeat, and a lag hang-up closes just the program
	remote string
	ctx    context.Context // ends with the program or the connection
	cancel context.CancelFunc

	// wake, of capacity 1, is the one channel serve waits on: the hub's
	// subscription, the window sizes, the timers and the context all
	// wake it, and why says what else than the hub woke it. A select
	// over each of them, on every change of every connection, cost more
	// than all the rest of serve (docs/PERFORMANCE.md).
	wake     chan struct{}
	why      atomic.Uint32 // the woke* reasons since serve last looked
	told     chan struct{} // closed once the program was sent a Closing snapshot
	tellOnce sync.Once
	workers  sync.WaitGroup // serve, and a heartbeat awaiting its answer
	failed   atomic.Bool    // serve panicked: the person must be told
	lag      *time.Timer    // runs while a send waits for the program; nil without MaxLag
	// participant: the viewer counts toward MaxViewers (set and read
	// under Server.mu): a facilitator's never does.
	participant bool

	mu     sync.Mutex
	sub    *session.Subscription // nil until the identity is known
	id     string                // the subscribed identity, counted against MaxSessionsPerKey
	closed bool
}

func newViewer(s *Server, sess ssh.Session, w *session.Workshop) *viewer {
	ctx, cancel := context.WithCancel(sess.Context())
	conn, _ := sess.Context().Value(ssh.ContextKeyConn).(*gossh.ServerConn)
	v := &viewer{srv: s, w: w, conn: conn, remote: sess.RemoteAddr().String(), ctx: ctx, cancel: cancel,
		wake: make(chan struct{}, 1), told: make(chan struct{})}
	if lag := s.cfg.MaxLag; lag > 0 {
		// One timer for the connection's life, reset for each send, rather
		// than a new one per change.
		v.lag = time.AfterFunc(lag, func() {
			s.log.Warn("dropping a connection that stopped reading", "id", v.identity(), "remote", v.remote, "lag", lag)
			s.ended(DropLag)
			v.hangUp()
		})
		v.lag.Stop()
	}
	return v
}

// attach subscribes the identity, replacing any earlier subscription, once
// the server has counted it against MaxSessionsPerKey. It is
// tui.Options.Attach: a participant without a key becomes known only once
// the TUI has given them a guest identity or found theirs by PIN. Calls
// never overlap: serveTUI attaches a key before the program runs, the TUI
// attaches a guest once.
func (v *viewer) attach(id string) error {
	prev := v.identity()
	if id != prev {
		if err := v.srv.claim(id); err != nil {
			return err
		}
	}
	release := func() {
		if id != prev {
			v.srv.unclaim(id)
		}
	}
	sub, err := v.w.SubscribeTo(id, v.wake)
	if err != nil {
		release()
		return fmt.Errorf("join the live workshop: %w", err)
	}
	v.mu.Lock()
	if v.closed {
		v.mu.Unlock()
		sub.Close()
		release()
		return errors.New("the connection has closed")
	}
	old := v.sub
	v.sub, v.id = sub, id
	v.mu.Unlock()
	if old != nil {
		old.Close()
	}
	if prev != "" && prev != id {
		v.srv.unclaim(prev)
	}
	v.poke()
	return nil
}

// identity returns the identity attached so far; "" for a guest who has
// not got one yet.
func (v *viewer) identity() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.id
}

// Why serve was woken, besides the workshop changing, which it learns by
// comparing the newest snapshot with the last it sent.
const (
	wokeKick    uint32 = 1 << iota // look again: a new subscription, shutdown
	wokeResized                    // the client reported a window size
	wokePaced                      // minSnapshotInterval has passed since the last snapshot
	wokeArrived                    // people who joined have waited tui.PeopleInterval
	wokeBeat                       // a heartbeat is due
)

// wakeFor wakes serve for the reasons why, without waiting.
func (v *viewer) wakeFor(why uint32) {
	v.why.Or(why)
	select {
	case v.wake <- struct{}{}:
	default: // already pending: serve reads why after it wakes
	}
}

// poke makes the forwarder look again, without waiting.
func (v *viewer) poke() { v.wakeFor(wokeKick) }

// start runs the connection's goroutine for the program.
func (v *viewer) start(p *tea.Program, sizes *windowSizes) {
	v.workers.Go(func() { v.serve(p, sizes) })
}

// recovered ends a connection's goroutine that panicked: it is logged
// and the program is ended, never the server. serveTUI tells the person.
func (v *viewer) recovered(what string) {
	if r := recover(); r != nil {
		v.srv.log.Error(what+" panicked; only this connection ends", "id", v.identity(), "remote", v.remote,
			"panic", r, "stack", string(debug.Stack()))
		v.failed.Store(true)
		v.cancel() // a screen that silently stops updating is worse than none
	}
}

// serve runs until the viewer closes. Each time the workshop changes, it
// sends the program the newest snapshot. Send blocks while the program is
// busy or its terminal is slow; wake-ups meanwhile collapse into one, so the
// program always gets the newest state and nothing piles up. A change within
// minSnapshotInterval of the last snapshot waits out the rest of it; one
// after a quiet spell goes at once, and no timer fires for it. A snapshot in
// which only people joined waits until tui.PeopleInterval has passed since
// the last one sent, unless a change that matters comes first.
func (v *viewer) serve(p *tea.Program, sizes *windowSizes) {
	defer v.recovered("connection loop")
	var (
		last    *session.Snapshot // what the program was given last
		sentAt  time.Time         // when
		pending bool              // the workshop changed since
		pacing  bool              // a change waits out minSnapshotInterval
		waiting bool              // people who joined wait to be shown
		beat    *time.Timer       // nil without a heartbeat
		beating atomic.Bool       // a keepalive awaits its answer
		every   = v.srv.cfg.Heartbeat
	)
	// Timers and the context wake serve on v.wake, as the hub does: see
	// the field. A timer stopped too late only wakes it once more.
	pace := time.AfterFunc(minSnapshotInterval, func() { v.wakeFor(wokePaced) })
	pace.Stop()
	defer pace.Stop()
	later := time.AfterFunc(tui.PeopleInterval, func() { v.wakeFor(wokeArrived) })
	later.Stop()
	defer later.Stop()
	defer context.AfterFunc(v.ctx, func() { v.wakeFor(0) })()
	if every > 0 && v.conn != nil {
		beat = time.AfterFunc(nextBeat(time.Now(), every), func() { v.wakeFor(wokeBeat) })
		defer beat.Stop()
	}
	sizes.tellOf(func() { v.wakeFor(wokeResized) })
	defer sizes.tellOf(nil)
	v.wakeFor(wokeResized) // a size reported before: the lobby's, say
	for {
		<-v.wake
		if v.ctx.Err() != nil {
			return
		}
		why := v.why.Swap(0)
		if why&wokeResized != 0 {
			select {
			case <-sizes.changed:
				width, height := clampWindow(sizes.get())
				v.send(p, tea.WindowSizeMsg{Width: width, Height: height})
			default: // taken with an earlier wake-up
			}
		}
		if why&wokeBeat != 0 && beat != nil {
			beat.Reset(nextBeat(time.Now(), every))
			if beating.CompareAndSwap(false, true) {
				v.workers.Go(func() {
					defer beating.Store(false)
					v.heartbeat()
				})
			}
		}
		if why&wokePaced != 0 {
			pacing = false
		}
		if why&wokeArrived != 0 {
			waiting, pending = false, true
		}
		// Read after the wake-up: a kick from attach brings a new one. An
		// identity is known exactly while it is subscribed (attach).
		id := v.identity()
		if why&wokeKick != 0 || (id != "" && v.w.Snapshot() != last) {
			pending = true
		}
		if !pending || pacing {
			continue
		}
		if wait := minSnapshotInterval - time.Since(sentAt); wait > 0 && last != nil && !last.Closing {
			pace.Reset(wait)
			pacing = true
			continue
		}
		pending = false
		snap := v.w.Snapshot()
		switch tui.SnapshotDelivery(id, last, snap) {
		case tui.Skip:
			continue
		case tui.Later:
			if wait := tui.PeopleInterval - time.Since(sentAt); wait > 0 {
				if !waiting {
					later.Reset(wait)
					waiting = true
				}
				continue
			}
		}
		if waiting { // what waited goes with this one
			later.Stop()
			waiting = false
		}
		if v.srv.faults.forward != nil {
			v.srv.faults.forward(id)
		}
		v.send(p, tui.SnapshotMsg{Snap: snap})
		fresh := last == nil || snap.Version > last.Version
		last, sentAt = snap, time.Now()
		// Once per version: a snapshot sent again (a kick from attach) is
		// as old as it is, not a measure of how fast a change went out.
		if obs := v.srv.cfg.Observer; obs != nil && fresh && !snap.Published.IsZero() {
			obs.Forwarded(sentAt.Sub(snap.Published))
		}
		if snap.Closing {
			v.tellOnce.Do(func() { close(v.told) })
		}
	}
}

// heartbeatSlots is how many moments of each heartbeat interval the
// connections' heartbeats share (nextBeat).
const heartbeatSlots = 12

// nextBeat is how long after now a connection's next heartbeat goes out: at
// the last multiple of every/heartbeatSlots on the wall clock no later than
// every from now, so never less often than every. Connections that joined
// at different moments beat at the same moments, and the runtime fires
// timers due together in one wake-up: a room's heartbeats wake the server
// heartbeatSlots times per interval. With a timer of each connection's own,
// 5,000 connections and a one-minute heartbeat woke an idle server 83 times
// a second, and the wake-ups cost more than the keepalives
// (docs/PERFORMANCE.md).
func nextBeat(now time.Time, every time.Duration) time.Duration {
	slot := max(every/heartbeatSlots, time.Millisecond)
	if d := now.Add(every).Truncate(slot).Sub(now); d > 0 {
		return d
	}
	return every // shorter than a slot: tests only
}

// send hands msg to the program. A program that has not taken it within
// MaxLag is stuck writing to a client that stopped reading (its SSH window
// is full): nothing it shows can be current, and it holds memory for
// nobody, so the lag timer hangs up the connection. Send then returns, as
// the program's context has ended.
func (v *viewer) send(p *tea.Program, msg tea.Msg) {
	if v.lag != nil {
		v.lag.Reset(v.srv.cfg.MaxLag)
		defer v.lag.Stop()
	}
	p.Send(msg)
}

// hangUp closes the whole SSH connection, which unblocks any write stuck on
// it, and ends the program.
func (v *viewer) hangUp() {
	v.cancel()
	if v.conn != nil {
		_ = v.conn.Close() // its only error: already closed
	}
}

// heartbeat keeps a quiet viewer's connection from looking idle: it sends
// the client a keepalive request, as OpenSSH's ClientAliveInterval does,
// which refreshes the connection's idle deadline without touching the
// screen (a frame that changes nothing writes nothing). serve sends the
// next only once this one is answered, which every SSH client does: a peer
// that has gone (a closed laptop, a dropped NAT mapping) then stops
// refreshing the deadline, and IdleTimeout still closes its connection. It
// runs on a goroutine of its own, which the answer or the connection's end
// finishes, so that serve never waits for a client's reply.
func (v *viewer) heartbeat() {
	defer v.recovered("heartbeat")
	if v.srv.faults.heartbeat != nil {
		v.srv.faults.heartbeat(v.identity())
	}
	// The answer itself (a refusal, from most clients) does not matter, nor
	// an error: the connection has closed, and serve ends with it.
	_, _, _ = v.conn.SendRequest("keepalive@openssh.com", true, nil)
}

// close releases the identity's count and its subscription, ends the
// viewer's goroutines and waits for them to return. The count goes first,
// so that once the workshop no longer shows the person present, they can
// connect again. Cancelling v.ctx also releases a Send that waits for a
// program that has ended.
func (v *viewer) close() {
	v.cancel()
	v.mu.Lock()
	v.closed = true
	sub, id := v.sub, v.id
	v.sub = nil
	v.mu.Unlock()
	if id != "" {
		v.srv.unclaim(id)
	}
	if sub != nil {
		sub.Close()
	}
	v.workers.Wait()
}
