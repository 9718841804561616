// Package logthrottle keeps one noisy source from flooding the log: a
// slog.Handler that passes the first few records of each kind in every
// interval to the next handler and counts the rest, then writes one record
// that says how many were left out.
//
// Records are of one kind when they have the same level, message and
// values of the attributes named in Options.Keys (and come through the same
// WithAttrs and WithGroup). The summary of a kind is a record with its
// level, message and key attributes, and the attributes suppressed (how
// many records were left out) and window (the interval). It is written
// when the interval ends, or by Flush.
//
// It is our own because the handler that comes closest,
// github.com/samber/slog-sampling, cannot be fetched for this project's
// builds, and it drops records without writing how many it dropped.
package logthrottle

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Options say how much of each kind passes.
type Options struct {
	// Burst is how many records of a kind pass in each Interval. Every
	// record passes when it is 0.
	Burst int
	// Interval is how long a kind's count lasts from its first record; a
	// minute when 0.
	Interval time.Duration
	// Keys name the attributes whose values tell records with the same
	// message apart: "remote" keeps one connection's flood from hiding the
	// same line about another connection.
	Keys []string
}

// Handler is the throttling slog.Handler. It is safe for concurrent use.
type Handler struct {
	next   slog.Handler
	prefix string // what WithAttrs and WithGroup added, as part of the key
	st     *state // shared with every handler derived from the same New
}

// state is the counting shared by a handler and those derived from it.
type state struct {
	opts Options
	// after runs f after d, like time.AfterFunc, and returns what stops
	// it; tests replace it.
	after func(d time.Duration, f func()) (stop func() bool)

	mu      sync.Mutex
	kinds   map[string]*kind
	sweepAt int // forget finished kinds once the map has grown to this size
}

// kind counts the records of one kind in its current interval.
type kind struct {
	start   time.Time
	passed  int
	dropped int
	summary slog.Record  // the summary without its counts: level, message, key attributes
	next    slog.Handler // where the summary goes
	stop    func() bool  // stops the summary's timer, set with the first record dropped
}

// minSweep is the smallest map size at which finished kinds are looked for.
const minSweep = 1024

// New returns a handler that passes records to next as opts allow.
func New(next slog.Handler, opts Options) *Handler {
	if opts.Interval <= 0 {
		opts.Interval = time.Minute
	}
	after := func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	return &Handler{next: next, st: &state{opts: opts, after: after, kinds: map[string]*kind{}, sweepAt: minSweep}}
}

// Enabled reports whether the next handler takes records of the level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// WithAttrs returns a handler for records with the attributes, counted
// apart from this handler's.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	var b strings.Builder
	b.WriteString(h.prefix)
	for _, a := range attrs {
		b.WriteString(a.String())
		b.WriteByte(0)
	}
	return &Handler{next: h.next.WithAttrs(attrs), prefix: b.String(), st: h.st}
}

// WithGroup returns a handler for records in the group, counted apart
// from this handler's.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name), prefix: h.prefix + "group " + name + "\x00", st: h.st}
}

// Handle passes r on, or counts it if its kind has had its Burst in this
// interval.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	st := h.st
	if st.opts.Burst <= 0 {
		return h.next.Handle(ctx, r)
	}
	now := r.Time
	if now.IsZero() {
		now = time.Now()
	}
	key, attrs := h.key(r)
	st.mu.Lock()
	k := st.kinds[key]
	var late *kind // a finished interval whose summary is due before r
	if k != nil && now.Sub(k.start) >= st.opts.Interval {
		if k.dropped > 0 && k.stop() {
			late = k
		} // else its timer has fired and writes the summary
		k = nil
	}
	if k == nil {
		if len(st.kinds) >= st.sweepAt {
			st.sweep(now)
		}
		s := slog.NewRecord(time.Time{}, r.Level, r.Message, 0)
		s.AddAttrs(attrs...)
		k = &kind{start: now, summary: s, next: h.next}
		st.kinds[key] = k
	}
	pass := k.passed < st.opts.Burst
	if pass {
		k.passed++
	} else {
		k.dropped++
		if k.stop == nil {
			k.stop = st.after(k.start.Add(st.opts.Interval).Sub(now), func() { st.flush(key, k) })
		}
	}
	var err error
	if late != nil {
		err = late.write(late.start.Add(st.opts.Interval), st.opts.Interval, late.dropped) // late is no longer in the map: only we see it
	}
	st.mu.Unlock()
	if pass {
		err = errors.Join(err, h.next.Handle(ctx, r))
	}
	return err
}

// key is the kind of r, and r's attributes named in Options.Keys.
func (h *Handler) key(r slog.Record) (string, []slog.Attr) {
	var b strings.Builder
	b.WriteString(h.prefix)
	b.WriteString(r.Level.String())
	b.WriteByte(0)
	b.WriteString(r.Message)
	var attrs []slog.Attr
	if len(h.st.opts.Keys) > 0 {
		r.Attrs(func(a slog.Attr) bool {
			for _, name := range h.st.opts.Keys {
				if a.Key == name {
					attrs = append(attrs, a)
					b.WriteByte(0)
					b.WriteString(a.String())
				}
			}
			return true
		})
	}
	return b.String(), attrs
}

// flush writes the summary of k, the kind at key, once its interval ends.
func (st *state) flush(key string, k *kind) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.kinds[key] == k {
		delete(st.kinds, key)
	}
	n := k.dropped
	k.dropped = 0
	if n > 0 {
		_ = k.write(k.start.Add(st.opts.Interval), st.opts.Interval, n) // a timer has no one to tell
	}
}

// Flush writes the summary of every record counted so far, as when the
// program ends: the summaries due later would be lost.
func (h *Handler) Flush() error {
	st := h.st
	st.mu.Lock()
	defer st.mu.Unlock()
	var errs []error
	for key, k := range st.kinds {
		if k.dropped > 0 && k.stop() {
			errs = append(errs, k.write(time.Now(), st.opts.Interval, k.dropped))
			delete(st.kinds, key)
		}
	}
	return errors.Join(errs...)
}

// write writes k's summary of n records left out, dated at. It is called
// with the state locked, so that summaries and the records after them keep
// their order.
func (k *kind) write(at time.Time, interval time.Duration, n int) error {
	s := k.summary.Clone()
	s.Time = at
	s.AddAttrs(slog.Int("suppressed", n), slog.Duration("window", interval))
	return k.next.Handle(context.Background(), s)
}

// sweep forgets the kinds whose interval has ended with nothing left out:
// they allow the same as no count. Those with records left out are
// forgotten by their summary's timer. The next sweep waits until the map
// has doubled, which keeps the cost per record constant.
func (st *state) sweep(now time.Time) {
	for key, k := range st.kinds {
		if k.dropped == 0 && now.Sub(k.start) >= st.opts.Interval {
			delete(st.kinds, key)
		}
	}
	st.sweepAt = max(2*len(st.kinds), minSweep)
}
