package tui

import "commonground/session"

// NeedsSnapshot reports whether a connection whose model last got prev
// must be given next. Only the presenter shows who is connected, so a
// participant's screen cannot change with presence alone: skipping those
// snapshots saves every participant an Update and a View each time someone
// arrives or leaves — with hundreds arriving, most of the server's work.
func NeedsSnapshot(id string, prev, next *session.Snapshot) bool {
	if prev == nil || next.State != prev.State || next.Closing != prev.Closing {
		return true
	}
	return next.Role(id) == session.Facilitator
}
