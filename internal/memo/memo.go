// Package memo remembers what the server computed lately for every
// connection at once: the width of a line, the lines a text wraps into.
//
// Measuring a styled line walks it through an escape-sequence parser and
// the grapheme rules, about a microsecond for a line of a screen, and
// wrapping a prompt costs several. Every connection fits every line of
// every frame to its width, and in a room most of those lines are the same
// strings (the results, the prompt, the help), drawn for a thousand screens
// per change. Looking a result up costs a hash, a few percent of that.
//
// A Memo is bounded: each of its shards keeps two generations of at most
// genSize results, and when the newer one fills, the older is dropped. A
// result found in the older generation moves to the newer: what is drawn
// on every frame is computed once, while a line typed once (a person's
// input, keystroke by keystroke) is soon forgotten.
package memo

import (
	"hash/maphash"
	"sync"
)

const (
	shards  = 64  // a power of two: a shard is picked by the hash's low bits
	genSize = 256 // results per shard and generation: 32,768 in all at most
)

// Memo is a bounded, concurrent memo of a function of K. The function must
// be pure: its result for a key is the same whenever it is computed. A
// result is shared by every caller and must not be changed.
type Memo[K comparable, V any] struct {
	compute func(K) V
	seed    maphash.Seed
	shards  [shards]shard[K, V]
}

type shard[K comparable, V any] struct {
	mu        sync.RWMutex
	cur, prev map[K]V
}

// New returns an empty memo of compute.
func New[K comparable, V any](compute func(K) V) *Memo[K, V] {
	m := &Memo[K, V]{compute: compute, seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i].cur = map[K]V{}
	}
	return m
}

// Get returns compute(k), computed once while k is asked for often.
func (m *Memo[K, V]) Get(k K) V {
	sh := m.shardOf(k)
	sh.mu.RLock()
	v, ok := sh.cur[k]
	old := false
	if !ok {
		v, old = sh.prev[k]
	}
	sh.mu.RUnlock()
	switch {
	case ok:
		return v
	case !old:
		v = m.compute(k)
	}
	// Into the newer generation: a result still asked for outlives the
	// older.
	sh.mu.Lock()
	if len(sh.cur) >= genSize {
		sh.prev, sh.cur = sh.cur, map[K]V{}
	}
	sh.cur[k] = v
	sh.mu.Unlock()
	return v
}

func (m *Memo[K, V]) shardOf(k K) *shard[K, V] {
	return &m.shards[maphash.Comparable(m.seed, k)&(shards-1)]
}
