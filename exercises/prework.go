package exercises

import (
	"fmt"
	"time"
	// Members' time zones are read from the zone database built into the
	// binary, so that due dates read the same on a server without one.
	_ "time/tzdata"
)

// Prework marks an activity that cohort members may do at their own pace
// before the live session: its first phase is open to them from Opens
// until Due, as long as the live session has not reached the activity.
// The phases that need the group (reveal, map, decide) stay closed until
// the facilitator moves there. Both are instants; the screens show them in
// each member's time zone.
type Prework struct {
	Opens time.Time `json:"opens"`
	Due   time.Time `json:"due"`
}

// Window says where a moment stands against a prework window.
type Window int

// Where a moment stands: before the window opens, within it, or after the
// due date.
const (
	NotYetOpen Window = iota
	OpenNow
	PastDue
)

// At says where now stands: the window includes its opening instant and
// ends at the due instant (a due time of 12:00 takes input until 11:59:59).
func (p Prework) At(now time.Time) Window {
	switch {
	case now.Before(p.Opens):
		return NotYetOpen
	case now.Before(p.Due):
		return OpenNow
	}
	return PastDue
}

// CheckPrework refuses prework marks that cannot work: a due date not
// after the opening, or prework on an exercise whose first phase gives
// participants nothing to do (the facilitator opens it live). It returns
// EInvalid errors.
func (a Activity) CheckPrework(first PhaseSpec) error {
	p := a.Prework
	if p == nil {
		return nil
	}
	if p.Opens.IsZero() || p.Due.IsZero() {
		return SettingErrorf("prework", 0, "prework needs both opens and due")
	}
	if !p.Due.After(p.Opens) {
		return SettingErrorf("prework", 0, "the prework is due (%s) before it opens (%s)", p.Due.UTC().Format(time.RFC3339), p.Opens.UTC().Format(time.RFC3339))
	}
	if !first.Input || first.Takes == "" {
		return SettingErrorf("prework", 0, "%q cannot be prework: its first phase (%s) asks participants for nothing", a.Title, first.Title)
	}
	return nil
}

// PreworkStatus is how far one person is with an activity's prework, as
// the completion list shows it.
type PreworkStatus string

// Prework statuses, for the completion list and its CSV. Overdue is not
// started or in progress past the due date.
const (
	PreworkDone       PreworkStatus = "done"
	PreworkInProgress PreworkStatus = "in progress"
	PreworkNotStarted PreworkStatus = "not started"
	PreworkOverdue    PreworkStatus = "overdue"
)

// StatusOf is a person's prework status at now: done when they gave all
// the phase asks, else overdue once the due date has passed, else in
// progress when they gave something, else not started.
func (p Prework) StatusOf(now time.Time, given, asked int) PreworkStatus {
	switch {
	case asked > 0 && given >= asked:
		return PreworkDone
	case p.At(now) == PastDue:
		return PreworkOverdue
	case given > 0:
		return PreworkInProgress
	}
	return PreworkNotStarted
}

// InZone formats t for a person in time zone tz (an IANA name such as
// "Europe/Berlin"): "Thu 14 Jan 2027 15:00 CET". An unknown or empty zone
// shows UTC, named so.
func InZone(t time.Time, tz string) string {
	loc := time.UTC
	if tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	return t.In(loc).Format("Mon 2 Jan 2006 15:04 MST")
}

// Until says how long from now until t in a few words: "in 3 days", "in 5
// hours", "in 20 minutes", or how long ago it was.
func Until(now, t time.Time) string {
	d := t.Sub(now)
	ago := d < 0
	if ago {
		d = -d
	}
	var s string
	switch {
	case d >= 48*time.Hour:
		s = fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		s = fmt.Sprintf("%d hours", int(d/time.Hour))
	default:
		s = fmt.Sprintf("%d minutes", max(int(d/time.Minute), 1))
	}
	if ago {
		return s + " ago"
	}
	return "in " + s
}
