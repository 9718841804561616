package session

import (
	"sync"
	"time"

	"commonground/exercises"
)

// ELimited is the code of the error Do returns to a participant who sends
// submissions faster than Options.SubmitRate allows.
const ELimited = "limited"

// errSlowDown is what a participant over the submission rate is told. It is
// shared: callers read errors, they never change them.
var errSlowDown = &exercises.Error{Code: ELimited, Message: "Slow down: too many submissions — try again in a moment."}

// RateLimiter is a token bucket per key: each key may spend burst tokens at
// once and earns rate tokens per second back, up to burst. The hub keys it by
// identity (a venue shares one NAT address, so never by IP); the SSH server
// keys its new-connection limit by remote IP. A nil *RateLimiter allows
// everything. It is safe for concurrent use.
type RateLimiter struct {
	rate  float64 // tokens per second
	burst float64

	mu      sync.Mutex
	buckets map[string]*bucket
	sweepAt int // prune full buckets once the map has grown to this size
}

type bucket struct {
	tokens float64
	last   time.Time // when tokens was last brought up to date
}

// minSweep is the smallest map size at which full buckets are pruned: below
// it keeping them costs less than looking.
const minSweep = 1024

// NewRateLimiter returns a limiter allowing rate events per second per key
// with bursts of up to burst (at least 1), or nil — no limit — when rate is
// not positive.
func NewRateLimiter(rate float64, burst int) *RateLimiter {
	if rate <= 0 {
		return nil
	}
	return &RateLimiter{rate: rate, burst: float64(max(burst, 1)), buckets: map[string]*bucket{}, sweepAt: minSweep}
}

// Allow takes a token from key's bucket at time now and reports whether
// there was one. A clock that goes backwards earns nothing.
func (l *RateLimiter) Allow(key string, now time.Time) bool {
	if l == nil {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.sweepAt {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *RateLimiter) refill(b *bucket, now time.Time) {
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
		b.last = now
	}
}

// sweep forgets the buckets that have filled up again: a full bucket and
// no bucket allow the same, so memory stays bounded by the keys active
// within the last burst/rate seconds. The next sweep waits until the map
// has doubled, which keeps the cost per Allow constant.
func (l *RateLimiter) sweep(now time.Time) {
	for key, b := range l.buckets {
		if l.refill(b, now); b.tokens >= l.burst {
			delete(l.buckets, key)
		}
	}
	l.sweepAt = max(2*len(l.buckets), minSweep)
}

// limitSubmission refuses a participant's action beyond the hub's
// submission rate. Facilitators are exempt: they drive the room (a run of
// moves through the phases is normal) and their keys are trusted.
func (h *Hub) limitSubmission(w *Workshop, id string) error {
	if h.submits == nil || w.Snapshot().Role(id) == Facilitator {
		return nil
	}
	if !h.submits.Allow(id, h.now()) {
		return errSlowDown
	}
	return nil
}
