package tui

import (
	"fmt"
	"sync"

	"commonground/internal/lazy"
	"commonground/session"
)

// sharedCache holds what many connections would compute alike, by key: a
// drawing of the results, a participant's whole screen. Hundreds of
// connections ask for the same key at once; the first computes, the others
// wait for it instead of computing it again. It keeps the size most recent
// keys; the oldest is dropped.
type sharedCache[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]*sharedEntry[V]
	ring    []K // insertion order; the oldest is evicted
	next    int
	// beforeDraw runs before each computation, for the tests that make one
	// panic; nil outside them.
	beforeDraw func(K)
}

// sharedEntry is one value of the cache, computed by the first reader that
// asks for it. Its Once is not a sync.Once, which counts a computation that
// panicked as done: the entry would stay computed and empty (a blank results
// block, a blank screen) for everyone on that key until the next change.
type sharedEntry[V any] struct {
	once lazy.Once
	v    V
}

func newSharedCache[K comparable, V any](size int) *sharedCache[K, V] {
	return &sharedCache[K, V]{entries: make(map[K]*sharedEntry[V], size), ring: make([]K, size)}
}

// get returns the value of k, computing it with compute if no one has. A
// computation that panics leaves the entry not computed: the panic goes on
// to that reader, whose program ends its connection, and the next reader
// (one waiting meanwhile, too) computes it again.
func (c *sharedCache[K, V]) get(k K, compute func() V) V {
	var zero K
	c.mu.Lock()
	e := c.entries[k]
	if e == nil {
		e = &sharedEntry[V]{}
		if old := c.ring[c.next]; old != zero {
			delete(c.entries, old)
		}
		c.ring[c.next] = k
		c.next = (c.next + 1) % len(c.ring)
		c.entries[k] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		if c.beforeDraw != nil {
			c.beforeDraw(k)
		}
		e.v = compute()
	})
	return e.v
}

// sharedFrames holds participants' screens that hold nothing of the person's
// own: in a room most people read the same wall at the same size while a few
// type, and each change drew that same screen once per connection (a quarter
// of the server's CPU in a fan-out to a thousand). It holds a few screen
// classes of the latest snapshots of a few workshops.
var sharedFrames = newSharedCache[frameKey, sharedFrame](256)

// frameKey is everything a participant's screen is drawn from when its
// exercise says nothing on it is the person's own (sharer).
type frameKey struct {
	snap            uint64 // Snapshot.Serial
	activity, phase int
	width, height   int
	styles          *Styles
	lobby, showAll  bool
	muted           bool
	scroll          int
	status          status
	timer           string // as drawn now: the snapshot holds the end time
	body            any    // the view's own state (sharer); comparable
}

// sharedFrame is a drawn screen, with what drawing it records on the model.
type sharedFrame struct {
	content string
	page    pageInfo
}

// sharer is a view whose participant body is, in some states, the same for
// everyone on it.
type sharer interface {
	// sharedBody returns what the participant's body is drawn from besides
	// the model's frameKey fields: a comparable value, ok only if nothing
	// the body shows is the person's own (their answer, their typing).
	sharedBody(m *Model, act *session.ActivityState) (key any, ok bool)
}

// verifyFrames: every shared screen is drawn again by its own connection
// and compared (VerifySharedFrames).
var verifyFrames bool

// VerifySharedFrames makes every participant screen taken from the shared
// frames drawn again by its own connection too, and a difference panic: a
// frame key that misses something a screen depends on would otherwise show
// one person another's screen. For tests; it doubles the cost of a View.
func VerifySharedFrames() { verifyFrames = true }

// frameKey returns the key of the participant's screen, ok only if it may
// be shared.
func (m *Model) frameKey() (frameKey, bool) {
	sh, isSharer := m.view.(sharer)
	if !isSharer || m.back != nil || m.prework >= 0 || m.facilitator || m.stage != stageWorkshop {
		return frameKey{}, false
	}
	act := m.snap.CurrentActivity()
	body, ok := sh.sharedBody(m, act)
	if !ok {
		return frameKey{}, false
	}
	return frameKey{snap: m.snap.Serial(), activity: m.activity, phase: m.phase, width: m.width, height: m.height,
		styles: m.styles, lobby: m.opts.Lobby, showAll: m.showAll, muted: m.snap.IsMuted(m.id),
		scroll: m.scroll, status: m.status, timer: m.timerText(), body: body}, true
}

// renderParticipant is the participant's screen: shared with everyone on
// the same frame key, or drawn for the person alone.
func (m *Model) renderParticipant() string {
	k, ok := m.frameKey()
	if !ok {
		return m.drawParticipant()
	}
	f := sharedFrames.get(k, func() sharedFrame {
		content := m.drawParticipant()
		return sharedFrame{content: content, page: m.page}
	})
	if verifyFrames {
		if own := m.drawParticipant(); own != f.content || m.page != f.page {
			panic(fmt.Sprintf("tui: a shared screen differs from the connection's own (key %+v):\nshared %+v\n%s\nown %+v\n%s", k, f.page, f.content, m.page, own))
		}
	}
	m.page = f.page
	return f.content
}
