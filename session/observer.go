package session

import (
	"reflect"
	"time"

	"commonground/exercises"
)

// Observer hears what workshops do, for an operator's metrics
// (internal/metrics). Owner goroutines call it inside every batch, and a
// caller's own goroutine when the submission rate refuses it first, so its
// methods must be safe for concurrent use, return at once and never block.
type Observer interface {
	// Decided tells of one action and how it ended: kind is its type, such
	// as "session.Join" or "assumptions.AddCard"; refused is "" when it was
	// stored, the code of the rule that refused it (exercises.EInvalid, ...,
	// ELimited for the submission rate), RefusedStore when the store could
	// not keep it, or RefusedInternal.
	Decided(kind, refused string)
	// Committed tells of one store transaction: how many events it held,
	// how long it took, and whether it failed.
	Committed(events int, took time.Duration, failed bool)
}

// Reasons given to Observer.Decided besides the rules' error codes.
const (
	RefusedStore    = "store"    // accepted, but the store could not keep it
	RefusedInternal = "internal" // an error of the server's own
)

// observe tells the hub's observer, if any, how an action ended: refused
// as Observer.Decided says.
func (h *Hub) observe(a Action, refused string) {
	if h.observer != nil {
		h.observer.Decided(reflect.TypeOf(a).String(), refused)
	}
}

// refusal is the reason Observer.Decided is given for err.
func refusal(err error) string {
	if err == nil {
		return ""
	}
	if code := exercises.ErrorCode(err); code != "" {
		return code
	}
	return RefusedInternal
}

// LiveWorkshop is a workshop that is open in this server.
type LiveWorkshop struct {
	// ID is the workshop's stable ID (the log's "workshop" field), not
	// its join code: whoever reads the metrics must not learn how to join.
	ID string
	// Participants is how many people other than facilitators are
	// connected to it.
	Participants int
}

// Live lists the workshops open in this server, in no particular order.
func (h *Hub) Live() []LiveWorkshop {
	h.mu.Lock()
	ws := make([]*Workshop, 0, len(h.live))
	for _, w := range h.live {
		ws = append(ws, w)
	}
	h.mu.Unlock()
	live := make([]LiveWorkshop, 0, len(ws))
	for _, w := range ws {
		snap := w.Snapshot()
		n := 0
		for id := range snap.Present {
			if snap.Role(id) != Facilitator {
				n++
			}
		}
		live = append(live, LiveWorkshop{ID: w.ID(), Participants: n})
	}
	return live
}
