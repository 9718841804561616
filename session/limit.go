package session

import (
	"fmt"
	"sync"
	"time"

	"commonground/exercises"
)

// ELimited is the code of the error Do returns to a participant who sends
// submissions faster than Options.SubmitRate allows.
const ELimited = exercises.ELimited

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
	_, ok := l.Take(key, now)
	return ok
}

// Take is Allow that, when key's bucket is empty, also reports how long
// until it holds a token again, for the person to be told when to retry.
func (l *RateLimiter) Take(key string, now time.Time) (wait time.Duration, ok bool) {
	if l == nil {
		return 0, true
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
		return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
	}
	b.tokens--
	return 0, true
}

// Give puts back a token that Take took for an attempt that turned out not
// to count (a right PIN, when only wrong ones are limited), up to the burst.
// Taking before the attempt and giving back after, rather than taking only
// for a failure, keeps attempts running at once within the limit.
func (l *RateLimiter) Give(key string, now time.Time) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.buckets[key]; b != nil {
		l.refill(b, now)
		b.tokens = min(l.burst, b.tokens+1)
	}
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

// retryIn says, for a person told to try again, how long to wait: "in 20
// seconds", "in 3 minutes", "in 2 hours", rounded up so that trying then
// works.
func retryIn(d time.Duration) string {
	n, unit := int((d+time.Second-1)/time.Second), "second"
	switch {
	case d > time.Hour:
		n, unit = int((d+time.Hour-1)/time.Hour), "hour"
	case n >= 60:
		n, unit = int((d+time.Minute-1)/time.Minute), "minute"
	}
	n = max(n, 1)
	if n > 1 {
		unit += "s"
	}
	return fmt.Sprintf("in %d %s", n, unit)
}

// limit is one bucket an attempt draws on, and where it is counted, for the
// person told they reached it ("from your network").
type limit struct {
	l     *RateLimiter
	key   string
	where string
}

// takeAll takes a token from every limit's bucket, or from none: it
// returns the first limit that had none, with how long until it has one.
func takeAll(now time.Time, limits []limit) (*limit, time.Duration) {
	for i := range limits {
		if wait, ok := limits[i].l.Take(limits[i].key, now); !ok {
			giveAll(now, limits[:i])
			return &limits[i], wait
		}
	}
	return nil, 0
}

// giveAll gives back the tokens takeAll took.
func giveAll(now time.Time, limits []limit) {
	for _, l := range limits {
		l.l.Give(l.key, now)
	}
}
