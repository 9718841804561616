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
	ch := make(chan struct{}, 1)
	ch <- struct{}{}
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
	for {
		select {
		case r := <-w.reqs:
			w.handle(w.drain(r))
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
			closing := newSnapshot(cur.State, cur.Version+1, cur.Present, cur.isFacilitator)
			closing.Closing, closing.Focus = true, cur.Focus
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

// handle decides, commits and applies one batch of requests with a single
// store transaction, then publishes once and answers every caller.
func (w *Workshop) handle(batch []request) {
	type accepted struct {
		r      request
		notice string
	}
	var waiting []accepted
	defer func() {
		if p := recover(); p != nil {
			w.hub.log.Error("workshop owner panicked; batch refused", "workshop", w.id, "panic", p, "stack", string(debug.Stack()))
			for _, a := range waiting {
				w.hub.observe(a.r.action, RefusedInternal)
				a.r.reply <- reply{err: fmt.Errorf("internal error: %v", p)}
			}
		}
	}()
	cur := w.Snapshot()
	st, present, focus := cur.State, cur.Present, cur.Focus
	presenceChanged := false
	var events []Event
	now := w.hub.now()
	for _, r := range batch {
		if r.action == nil {
			if r.focus != nil && focus[r.id] == *r.focus {
				continue // the same focus again (or none, as before): nothing to publish
			}
			if !presenceChanged {
				present, focus = cloneMap(present), cloneMap(focus)
				presenceChanged = true
			}
			if r.focus != nil {
				focus[r.id] = *r.focus
				if *r.focus == "" || present[r.id] <= 0 {
					delete(focus, r.id)
				}
				continue
			}
			present[r.id] += r.presence
			if present[r.id] <= 0 {
				delete(present, r.id)
				delete(focus, r.id)
			}
			continue
		}
		// The role as the batch has it so far: a hand-over earlier in
		// the batch already counts.
		actor := Actor{ID: r.id, Role: roleIn(st, cur.isFacilitator, r.id), Server: cur.ServerFacilitator(r.id)}
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
			w.hub.observe(r.action, refusal(err))
			r.reply <- reply{err: err}
			continue
		}
		st = next
		events = append(events, evs...)
		a := accepted{r: r}
		switch n := r.action.(type) {
		case noticer:
			a.notice = n.notice(st, actor)
		case exercises.Noticer:
			a.notice = n.Notice()
		}
		waiting = append(waiting, a)
	}
	if len(events) > 0 {
		start := time.Now()
		err := w.hub.store.Append(w.id, events)
		if w.hub.observer != nil {
			w.hub.observer.Committed(len(events), time.Since(start), err != nil)
		}
		if err != nil {
			w.hub.log.Error("commit failed; batch refused", "workshop", w.id, "events", len(events), "err", err)
			for _, a := range waiting {
				w.hub.observe(a.r.action, RefusedStore)
				a.r.reply <- reply{err: fmt.Errorf("your input could not be saved: %w", err)}
			}
			waiting = nil
			st = cur.State
			if !presenceChanged {
				return
			}
		} else {
			// st is this batch's own copy, not yet published: safe to set.
			st.Seq = events[len(events)-1].Seq
		}
	}
	version := cur.Version
	if len(events) > 0 || presenceChanged {
		version++
		next := newSnapshot(st, version, present, cur.isFacilitator)
		next.Focus = focus
		w.publish(next)
	}
	for _, a := range waiting {
		w.hub.observe(a.r.action, "")
		a.r.reply <- reply{res: Result{Version: version, Notice: a.notice}}
	}
	waiting = nil
}
