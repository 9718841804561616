// Package lazy computes a value shared by many readers once, on first use,
// like sync.Once, except that a computation that panics does not count.
//
// The server shares what it derives from a workshop's state (statistics,
// drawings of the results) between every connection. With sync.Once, one
// panic while computing such a value left it done and empty, or half
// computed, for every reader until the next change: everyone at that width
// saw a blank results block. With Once the panic goes on to the reader
// whose computation it was, whose program ends its connection, and the next
// reader computes the value again.
package lazy

import (
	"sync"
	"sync/atomic"
)

// Once runs a function once, like sync.Once, but a call whose function
// panics leaves it not done: the next Do, or one that was waiting for it,
// runs its own function. A function should therefore store its results only
// once it has them all. The zero Once is ready to use; it must not be copied
// after first use.
type Once struct {
	done atomic.Bool
	mu   sync.Mutex
}

// Do runs f unless a call of Do has already returned without panicking.
// Calls that overlap wait for the one running, as with sync.Once.
func (o *Once) Do(f func()) {
	if o.done.Load() {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.done.Load() {
		f()
		o.done.Store(true)
	}
}
