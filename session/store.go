package session

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store for a workshop, code or profile it does
// not hold.
var ErrNotFound = errors.New("not found")

// ErrCodeTaken is returned by CreateWorkshop when the join code is in use.
var ErrCodeTaken = errors.New("join code already in use")

// ErrNameTaken is returned by CreateCohort when the name or the invite
// code is in use.
var ErrNameTaken = errors.New("cohort name or invite code already in use")

// ErrConflict is returned by AppendCohort when the log has moved on since
// the caller read it: read it again and decide again.
var ErrConflict = errors.New("the log changed meanwhile")

// CohortMeta is what the store keeps about a cohort besides its log: its
// name (unique, how organisers name it) and its invite code (unique, the
// SSH user that joins it).
type CohortMeta struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Invite  string    `json:"invite"`
	Created time.Time `json:"created"`
}

// ErrMoved is returned by SharedStore.AppendAfter when the workshop's log
// has grown since the events were decided: another server appended first.
var ErrMoved = errors.New("the workshop's log has moved on")

// WorkshopMeta is what the store keeps about a workshop besides its log:
// enough to find it by join code and to list it.
type WorkshopMeta struct {
	ID      string    `json:"id"`
	Code    string    `json:"code"`
	Title   string    `json:"title"`
	Created time.Time `json:"created"`
}

// Profile is what a participant told us about themselves, remembered for
// their key (or their guest identity).
type Profile struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Org  string `json:"org"`
}

// Store keeps workshops, their event logs and participant profiles. It is
// deliberately narrow so that a clustered store can replace the bbolt one.
// Implementations are safe for concurrent use.
type Store interface {
	// CreateWorkshop records meta and appends first as event 1 of its log,
	// atomically. It returns ErrCodeTaken if the code is in use.
	CreateWorkshop(meta WorkshopMeta, first Event) error
	// Workshops lists every workshop, oldest first.
	Workshops() ([]WorkshopMeta, error)
	// WorkshopByCode finds a workshop by its join code, or ErrNotFound.
	WorkshopByCode(code string) (WorkshopMeta, error)
	// Append durably appends events to a workshop's log, giving each its
	// sequence number (Seq is set in place). When it returns nil the
	// events survive a crash.
	Append(workshopID string, events []Event) error
	// Events returns a workshop's whole log in order.
	Events(workshopID string) ([]Event, error)
	// Profile returns the profile for an identity, or ErrNotFound.
	Profile(id string) (Profile, error)
	// SaveProfile stores or replaces a profile.
	SaveProfile(p Profile) error
	// ClaimPIN binds a rejoin PIN to a guest identity within one workshop;
	// it reports false if the PIN is already taken there.
	ClaimPIN(workshopID, pin, id string) (bool, error)
	// GuestByPIN returns the guest identity a PIN was bound to, or ErrNotFound.
	GuestByPIN(workshopID, pin string) (string, error)

	// Cohorts (package cohort) are event logs too, kept beside the
	// workshops' in the same way: a cohort's state is the fold of its log.

	// CreateCohort records meta and appends first as event 1 of its log,
	// atomically. It returns ErrNameTaken if another cohort has the name
	// or the invite code.
	CreateCohort(meta CohortMeta, first Event) error
	// Cohorts lists every cohort, oldest first.
	Cohorts() ([]CohortMeta, error)
	// AppendCohort durably appends events to a cohort's log if its last
	// event is still number after, giving each its sequence number (Seq
	// is set in place); else it appends nothing and returns ErrConflict.
	// A missing cohort is ErrNotFound.
	AppendCohort(cohortID string, after uint64, events []Event) error
	// CohortEvents returns a cohort's whole log in order, or ErrNotFound.
	CohortEvents(cohortID string) ([]Event, error)
	// Close releases the store.
	Close() error
}

// SharedStore is a Store that several servers write at once: a cluster,
// where any server may serve any workshop. The hub decides an action
// against the state it has, appends with AppendAfter, which succeeds only
// if nobody appended since (optimistic concurrency), and on ErrMoved
// catches up with EventsAfter and decides again. Follow brings what the
// other servers do.
type SharedStore interface {
	Store
	// AppendAfter is Append that succeeds only if the log's last event is
	// still the one numbered after; else it appends nothing and returns
	// ErrMoved with the events numbered above after (Appended.Moved), for
	// the caller to catch up with. When it returns nil the events are
	// committed by the cluster.
	AppendAfter(workshopID string, after uint64, events []Event) (Appended, error)
	// EventsAfter returns the events of a workshop's log numbered above
	// after, in order.
	EventsAfter(workshopID string, after uint64) ([]Event, error)
	// Follow reports, until ctx ends, the events appended to the workshop's
	// log after the one numbered after (by any server, this one too), and
	// the viewers the other servers have in it. It never blocks on a slow
	// reader: what waits is handed over together.
	Follow(ctx context.Context, workshopID string, after uint64) <-chan Update
	// SharePresence tells the other servers who this server's viewers of
	// the workshop are now; a newer call replaces what an older one said.
	// It does not wait for the cluster.
	SharePresence(workshopID string, p Presence)
}

// Appended is what SharedStore.AppendAfter found besides its outcome.
type Appended struct {
	// Moved is, with ErrMoved, the events other servers appended since.
	Moved []Event
	// Waiting is, on success, whether another server lost a race to
	// append since its last success: this one should give it a turn
	// before its next append, or a busy server could win every race
	// and starve the others (Workshop.giveWay).
	Waiting bool
}

// Presence is who one server's viewers of a workshop are: open connections
// and what each has open (Workshop.SetFocus), by identity ID.
type Presence struct {
	Present map[string]int    `json:"present,omitempty"`
	Focus   map[string]string `json:"focus,omitempty"`
}

// Update is what SharedStore.Follow reports at once: events appended (in
// order, following those reported before), and, when it changed, the
// presence of every other server's viewers together (nil: unchanged).
type Update struct {
	Events []Event
	Remote *Presence
}
