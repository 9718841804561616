package tui

import (
	"maps"
	"time"

	"commonground/session"
)

// Delivery says how soon a connection must be given a new snapshot.
type Delivery int

const (
	// Skip: the snapshot cannot change what the connection shows.
	Skip Delivery = iota
	// Later: only people joined or renamed themselves, which a
	// participant's screen shows in passing if at all (a name by an input,
	// a party's column). Within PeopleInterval is soon enough.
	Later
	// Now: the workshop changed for everyone who sees it.
	Now
)

// PeopleInterval is the longest a participant's screen waits for a
// snapshot in which only people joined. Five thousand people arriving are
// five thousand such snapshots; given at once, each cost every connected
// screen an Update and a View, and the arrivals of a minute took the
// server's every core.
const PeopleInterval = time.Second

// SnapshotDelivery says when a connection whose model last got prev must
// be given next. Only the presenter shows who is connected, so a
// participant's screen cannot change with presence alone: skipping those
// snapshots saves every participant an Update and a View each time someone
// arrives or leaves. The one exception is a participant who has something
// open that others may have open too (Snapshot.Focus: the editor of their
// party's position), which shows who else is at it. The presenter counts
// who joined; a participant waits for others' arrivals, never for their
// own.
func SnapshotDelivery(id string, prev, next *session.Snapshot) Delivery {
	if prev == nil || next.Closing != prev.Closing || next.Role(id) == session.Facilitator {
		return Now
	}
	if _, open := next.Focus[id]; open && !maps.Equal(prev.Focus, next.Focus) {
		return Now
	}
	switch {
	case next.State == prev.State:
		return Skip
	case session.OnlyPeopleJoined(prev.State, next.State) && next.People[id] == prev.People[id]:
		return Later
	}
	return Now
}
