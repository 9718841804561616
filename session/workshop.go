package session

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"commonground/exercises"
)

// ErrClosed is returned by Do and Subscribe once the hub is shutting down.
var ErrClosed = errors.New("the workshop server is shutting down")

// maxBatch bounds how many waiting requests one commit takes.
const maxBatch = 512

// maxAttempts bounds how often one batch is decided again after another
// server appended first (SharedStore): each attempt follows one that some
// server committed, so the room moves on even when this one gives up.
const maxAttempts = 20

// Result is the answer to an action that was accepted.
type Result struct {
	Version uint64 // the snapshot version that contains the change
	Notice  string // what happened to the input on the way in, if anything ("cut to 280 characters")
}

// Workshop is one live workshop. Its owner goroutine is the only writer of
// its state; everyone else reads snapshots.
type Workshop struct {
	id    string
	hub   *Hub
	reqs  chan request
	stop  chan struct{}
	done  chan struct{}
	snap  atomic.Pointer[Snapshot]
	subMu sync.Mutex
	subs  map[*Subscription]struct{}

	// Owned by the owner goroutine. local is this server's viewers, remote
	// the other servers' (from a SharedStore); room is both together, as
	// the newest snapshot has them, rebuilt when either changes.
	local, remote, room Presence
	elsewhere           int           // connections on other servers
	shared              SharedStore   // nil: this server alone writes the log
	follow              <-chan Update // what other servers do; nil without shared
	stopFollow          func()
	yield               bool // another server waits for its turn to append (giveWay)
}

type request struct {
	id       string  // identity ID of the caller
	action   Action  // nil for a presence change
	presence int     // +1 on subscribe, -1 on unsubscribe
	focus    *string // what the viewer has open now (SetFocus), when not nil
	reply    chan reply
}

type reply struct {
	res Result
	err error
}

// ID returns the workshop's stable identifier.
func (w *Workshop) ID() string { return w.id }

// Snapshot returns the newest published snapshot. Never nil.
func (w *Workshop) Snapshot() *Snapshot { return w.snap.Load() }

// Do asks the owner to carry out an action for the identity. It returns once
// the resulting events are durably stored and applied, or with the rule
// the action broke (an *exercises.Error; ELimited for a participant over the
// submission rate), or a storage error. Nothing changes when it returns an
// error.
func (w *Workshop) Do(ctx context.Context, id string, a Action) (Result, error) {
	// Checked here, in the caller's goroutine, so that a flood is turned
	// away before it takes places in the owner's queue from everyone else.
	if err := w.hub.limitSubmission(w, id); err != nil {
		w.hub.observe(a, refusal(err))
		return Result{}, err
	}
	r := request{id: id, action: a, reply: make(chan reply, 1)}
	select {
	case w.reqs <- r:
	case <-w.stop:
		return Result{}, ErrClosed
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	select {
	case rep := <-r.reply:
		return rep.res, rep.err
	case <-w.done:
		// The owner stopped; it may have answered in its last batch.
		select {
		case rep := <-r.reply:
			return rep.res, rep.err
		default:
			return Result{}, ErrClosed
		}
	case <-ctx.Done():
		// The owner still answers into the buffered channel; nothing leaks.
		return Result{}, ctx.Err()
	}
}

// Subscription wakes a reader when the workshop changes. C has capacity 1:
// a wake-up means "read the newest snapshot", however many changes it stands for.
type Subscription struct {
	C    <-chan struct{}
	ch   chan struct{}
	w    *Workshop
	id   string
	once sync.Once
}

// Subscribe registers a viewer for the identity and counts it as present.
// The channel starts with one pending wake-up. Close it when the viewer goes.
func (w *Workshop) Subscribe(id string) (*Subscription, error) {
	return w.SubscribeTo(id, make(chan struct{}, 1))
}

// SubscribeTo is Subscribe waking ch, of capacity one, which the reader may
// share with its other wake-ups: it then waits on that one channel, which
// costs less on every change than a select over several. The hub never
// waits on it, and adds one pending wake-up at once.
func (w *Workshop) SubscribeTo(id string, ch chan struct{}) (*Subscription, error) {
	select {
	case ch <- struct{}{}:
	default: // already pending
	}
	s := &Subscription{C: ch, ch: ch, w: w, id: id}
	w.subMu.Lock()
	w.subs[s] = struct{}{}
	w.subMu.Unlock()
	if !w.presence(id, +1) {
		s.Close()
		return nil, ErrClosed
	}
	return s, nil
}

// Close unregisters the subscription and counts the viewer as gone. It is
// safe to call more than once.
func (s *Subscription) Close() {
	s.once.Do(func() {
		s.w.subMu.Lock()
		_, registered := s.w.subs[s]
		delete(s.w.subs, s)
		s.w.subMu.Unlock()
		if registered {
			s.w.presence(s.id, -1)
		}
	})
}

// presence tells the owner a viewer came or went. It reports false if the
// workshop has stopped.
func (w *Workshop) presence(id string, delta int) bool {
	select {
	case w.reqs <- request{id: id, presence: delta}:
		return true
	case <-w.stop:
		return false
	}
}

// SetFocus tells the room what the identity has open now, such as the
// editor of a party's position ("" for nothing): the screens show who else
// is at it. It is presence, not input: never stored, gone when the
// identity's last connection closes, and one value per identity (their
// newest screen's). It reports false if the workshop has stopped.
func (w *Workshop) SetFocus(id, focus string) bool {
	select {
	case w.reqs <- request{id: id, focus: &focus}:
		return true
	case <-w.stop:
		return false
	}
}

// publish makes snap the newest snapshot and wakes every subscriber without
// ever waiting for one.
func (w *Workshop) publish(snap *Snapshot) {
	snap.Published = time.Now() // not yet shared: safe to set
	w.snap.Store(snap)
	w.subMu.Lock()
	for s := range w.subs {
		select {
		case s.ch <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
	w.subMu.Unlock()
	if w.hub.onPublish != nil {
		w.hub.onPublish()
	}
}

// run is the owner goroutine.
func (w *Workshop) run() {
	defer close(w.done)
	if w.stopFollow != nil {
		defer w.stopFollow()
	}
	for {
		select {
		case r := <-w.reqs:
			w.handle(w.drain(r))
		case u := <-w.follow:
			w.absorb(u)
		case <-w.stop:
			// Take what is already waiting so that nothing accepted is lost.
			for {
				select {
				case r := <-w.reqs:
					w.handle(w.drain(r))
					continue
				default:
				}
				break
			}
			cur := w.Snapshot()
			closing := w.snapshot(cur.State, cur.Version+1)
			closing.Closing = true
			w.publish(closing)
			return
		}
	}
}

// drain collects first and whatever else is already waiting into one batch.
func (w *Workshop) drain(first request) []request {
	batch := []request{first}
	for len(batch) < maxBatch {
		select {
		case r := <-w.reqs:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// snapshot makes the snapshot of st at version with the room's presence.
func (w *Workshop) snapshot(st *State, version uint64) *Snapshot {
	snap := newSnapshot(st, version, w.room.Present, w.hub.isFacilitator)
	snap.Focus, snap.Elsewhere = w.room.Focus, w.elsewhere
	return snap
}

// outcome is what became of one action of a batch: refused with err, or
// accepted with its notice.
type outcome struct {
	err    error
	notice string
}

// handle decides, commits and applies one batch of requests with a single
// store transaction, then publishes once and answers every caller. On a
// shared store that another server appended to first, it catches up and
// decides the batch again.
func (w *Workshop) handle(batch []request) {
	var actions []request
	for _, r := range batch {
		if r.action != nil {
			actions = append(actions, r)
		}
	}
	if w.yield {
		w.giveWay()
	}
	defer func() {
		if p := recover(); p != nil {
			w.hub.log.Error("workshop owner panicked; batch refused", "workshop", w.id, "panic", p, "stack", string(debug.Stack()))
			for _, r := range actions {
				w.hub.observe(r.action, RefusedInternal)
				r.reply <- reply{err: fmt.Errorf("internal error: %v", p)}
			}
		}
	}()
	cur := w.Snapshot()
	changed := w.takePresence(batch)
	st := cur.State
	var outcomes []outcome
	for attempt := 1; ; attempt++ {
		next, out, events := w.decideAll(actions, st)
		outcomes = out
		if len(events) == 0 {
			break
		}
		got, err := w.commit(st.Seq, events)
		if errors.Is(err, ErrMoved) && attempt < maxAttempts {
			if st, err = w.applyAll(st, got.Moved); err == nil {
				changed = true
				continue
			}
		}
		if err != nil {
			w.hub.log.Error("commit failed; batch refused", "workshop", w.id, "events", len(events), "err", err)
			refused := fmt.Errorf("your input could not be saved: %w", err)
			if w.shared != nil {
				refused = errUnreachable
			}
			for i := range outcomes {
				if outcomes[i].err == nil {
					outcomes[i].err = storeRefusal{refused}
				}
			}
			break
		}
		// next is this batch's own copy, not yet published: safe to set.
		next.Seq = events[len(events)-1].Seq
		st, changed = next, true
		w.yield = got.Waiting
		break
	}
	version := cur.Version
	if changed {
		version++
		w.publish(w.snapshot(st, version))
	}
	replies := actions
	actions = nil // answered below: a panic now must not answer again
	for i, r := range replies {
		o := outcomes[i]
		var sr storeRefusal
		switch {
		case errors.As(o.err, &sr):
			w.hub.observe(r.action, RefusedStore)
			r.reply <- reply{err: sr.err}
		case o.err != nil:
			w.hub.observe(r.action, refusal(o.err))
			r.reply <- reply{err: o.err}
		default:
			w.hub.observe(r.action, "")
			r.reply <- reply{res: Result{Version: version, Notice: o.notice}}
		}
	}
}

// errUnreachable is what a person on a node of a cluster is told when the
// node could not get their input into the cluster: it cannot reach it, or
// kept losing the race to other nodes. The node takes input again once it
// reaches the cluster.
var errUnreachable = exercises.Errorf(exercises.EUnavailable,
	"Not saved: this server cannot reach the workshop's store; try again shortly.")

// storeRefusal marks an action refused because its batch could not be
// stored, rather than for a rule it broke.
type storeRefusal struct{ err error }

func (e storeRefusal) Error() string { return e.err.Error() }

// decideAll decides every action of a batch, in order, against st and
// what the batch's earlier actions changed. It returns the state after the
// accepted ones, each action's outcome, and the events to store.
func (w *Workshop) decideAll(actions []request, st *State) (*State, []outcome, []Event) {
	out := make([]outcome, len(actions))
	var events []Event
	now := w.hub.now()
	for i, r := range actions {
		// The role as the batch has it so far: a hand-over earlier in
		// the batch already counts.
		actor := Actor{ID: r.id, Role: roleIn(st, w.hub.isFacilitator, r.id), Server: w.hub.isFacilitator(r.id)}
		evs, err := w.hub.decide(r.action, st, actor, now)
		next := st
		for _, ev := range evs {
			if err != nil {
				break
			}
			next, err = Apply(next, ev)
		}
		if err != nil {
			if exercises.ErrorCode(err) == "" {
				w.hub.log.Error("action failed", "workshop", w.id, "actor", r.id, "err", err)
			}
			out[i].err = err
			continue
		}
		st = next
		events = append(events, evs...)
		switch n := r.action.(type) {
		case noticer:
			out[i].notice = n.notice(st, actor)
		case exercises.Noticer:
			out[i].notice = n.Notice()
		}
	}
	return st, out, events
}

// commit stores a batch's events, decided on the state of the log up to
// the event numbered after, and gives each its sequence number. On a
// shared store another server may have appended first: then it returns
// ErrMoved with the events it appended.
func (w *Workshop) commit(after uint64, events []Event) (Appended, error) {
	start := time.Now()
	var got Appended
	var err error
	if w.shared != nil {
		got, err = w.shared.AppendAfter(w.id, after, events)
	} else {
		err = w.hub.store.Append(w.id, events)
	}
	if w.hub.observer != nil && !errors.Is(err, ErrMoved) {
		w.hub.observer.Committed(len(events), time.Since(start), err != nil)
	}
	return got, err
}

// giveWayFor bounds how long a server gives another that lost a race to
// it the turn: long enough for it to decide again and append (a round
// trip to the cluster), short enough that a server that has gone quiet
// or died holds nobody up for long.
const giveWayFor = 100 * time.Millisecond

// giveWay waits, before this server appends again, until another server
// has appended (what Follow brings is applied and published meanwhile),
// or giveWayFor has passed. Without it, the server that just appended,
// whose state is current, wins every race against one that must first
// catch up, as long as its own participants keep it busy.
func (w *Workshop) giveWay() {
	w.yield = false
	from := w.Snapshot().Seq
	t := time.NewTimer(giveWayFor)
	defer t.Stop()
	for w.Snapshot().Seq <= from {
		select {
		case u := <-w.follow:
			w.absorb(u)
		case <-t.C:
			return
		}
	}
}

// catchUp applies to st what other servers appended after it.
func (w *Workshop) catchUp(st *State) (*State, error) {
	events, err := w.shared.EventsAfter(w.id, st.Seq)
	if err != nil {
		return st, fmt.Errorf("catch up with the log: %w", err)
	}
	return w.applyAll(st, events)
}

// applyAll applies to st the events that follow it in the log.
func (w *Workshop) applyAll(st *State, events []Event) (*State, error) {
	for _, ev := range events {
		next, err := Apply(st, ev)
		if err != nil {
			return st, Damaged(err, "the log of workshop %s is damaged: event %d does not apply", w.id, ev.Seq)
		}
		st = next
	}
	return st, nil
}

// absorb applies what Follow brought: the events not applied yet, and the
// other servers' viewers. It publishes once if anything changed.
func (w *Workshop) absorb(u Update) {
	cur := w.Snapshot()
	st := cur.State
	for _, ev := range u.Events {
		if ev.Seq <= st.Seq {
			continue // this server's own, or already caught up with
		}
		var next *State
		var err error
		if ev.Seq == st.Seq+1 {
			next, err = Apply(st, ev)
		} else { // something is missing before it: read it all
			next, err = w.catchUp(st)
		}
		if err != nil {
			w.hub.log.Error("cannot follow the log", "workshop", w.id, "seq", ev.Seq, "err", err)
			break
		}
		st = next
	}
	changed := st != cur.State
	if u.Remote != nil {
		w.remote = *u.Remote
		w.rebuildRoom()
		changed = true
	}
	if changed {
		w.publish(w.snapshot(st, cur.Version+1))
	}
}

// takePresence applies a batch's comings, goings and focus changes to this
// server's viewers, and reports whether any changed; on a shared store it
// tells the other servers.
func (w *Workshop) takePresence(batch []request) bool {
	changed := false
	present, focus := w.local.Present, w.local.Focus
	for _, r := range batch {
		if r.action != nil {
			continue
		}
		if r.focus != nil {
			if focus[r.id] == *r.focus {
				continue // the same focus again (or none, as before): nothing to publish
			}
			changed = true
			focus[r.id] = *r.focus
			if *r.focus == "" || present[r.id] <= 0 {
				delete(focus, r.id)
			}
			continue
		}
		changed = true
		present[r.id] += r.presence
		if present[r.id] <= 0 {
			delete(present, r.id)
			delete(focus, r.id)
		}
	}
	if !changed {
		return false
	}
	w.rebuildRoom()
	if w.shared != nil {
		w.shared.SharePresence(w.id, Presence{Present: cloneMap(present), Focus: cloneMap(focus)})
	}
	return true
}

// rebuildRoom makes the room's presence anew from this server's and the
// others': the maps a published snapshot holds are never changed.
func (w *Workshop) rebuildRoom() {
	room := Presence{Present: cloneMap(w.local.Present), Focus: cloneMap(w.local.Focus)}
	w.elsewhere = 0
	for id, n := range w.remote.Present {
		room.Present[id] += n
		w.elsewhere += n
	}
	for id, f := range w.remote.Focus {
		if _, mine := room.Focus[id]; !mine {
			room.Focus[id] = f
		}
	}
	w.room = room
}
