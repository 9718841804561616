package session

import (
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
