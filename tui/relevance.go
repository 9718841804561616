package tui

import (
	"maps"

	"commonground/session"
)

// NeedsSnapshot reports whether a connection whose model last got prev
// must be given next. Only the presenter shows who is connected, so a
// participant's screen cannot change with presence alone: skipping those
// snapshots saves every participant an Update and a View each time someone
// arrives or leaves — with hundreds arriving, most of the server's work.
// The one exception is a participant who has something open that others
// may have open too (Snapshot.Focus: the editor of their party's
// position), which shows who else is at it.
func NeedsSnapshot(id string, prev, next *session.Snapshot) bool {
	if prev == nil || next.State != prev.State || next.Closing != prev.Closing {
		return true
	}
	if next.Role(id) == session.Facilitator {
		return true
	}
	_, open := next.Focus[id]
	return open && !maps.Equal(prev.Focus, next.Focus)
}
