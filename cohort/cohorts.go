package cohort

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"commonground/exercises"
	"commonground/session"
)

// Limits of what organisers and facilitators type into a cohort.
const (
	MaxNudgeLen = exercises.MaxTextLen // characters in a nudge; longer ones are cut, and the facilitator told
	maxRetries  = 20                   // decisions retried when another server appended first
)

// names are how organisers name a cohort on the command line.
var names = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)

// Cohorts are the cohorts kept in a hub's store. The value holds no state
// of its own: every read folds the cohort's log, every change is decided
// against the fold and appended only if the log has not moved meanwhile
// (optimistic concurrency, as a clustered store needs).
type Cohorts struct {
	hub   *session.Hub
	store session.Store
}

// Of returns the cohorts kept beside the hub's workshops.
func Of(hub *session.Hub) *Cohorts { return &Cohorts{hub: hub, store: hub.Store()} }

// New describes a cohort to create.
type New struct {
	Name      string // e.g. "riverside-2027": lower-case letters, digits and dashes
	Title     string // shown to members; the name when empty
	TimeZone  string // the organiser's IANA zone; "" for UTC
	CreatedBy string // identity ID of the organiser; "" on the server host
}

// Create starts a cohort with a fresh invite code.
func (c *Cohorts) Create(spec New) (*State, error) {
	name := strings.ToLower(strings.TrimSpace(spec.Name))
	if !names.MatchString(name) {
		return nil, exercises.Errorf(exercises.EInvalid, "a cohort's name has 2 to 40 lower-case letters, digits and dashes, like riverside-2027")
	}
	title, _ := exercises.CleanText(spec.Title, exercises.MaxNameLen)
	if title == "" {
		title = name
	}
	if err := CheckTimeZone(spec.TimeZone); err != nil {
		return nil, err
	}
	var organisers []string
	if spec.CreatedBy != "" {
		organisers = []string{spec.CreatedBy}
	}
	for range 5 {
		invite := session.NewJoinCode()
		if _, err := c.store.WorkshopByCode(invite); !errors.Is(err, session.ErrNotFound) {
			continue // a workshop's code, or the store cannot say: another
		}
		now := c.hub.Now().UTC()
		meta := session.CohortMeta{ID: session.NewID(), Name: name, Invite: invite, Created: now}
		ev, err := session.NewEvent(EvCreated, now, spec.CreatedBy, Created{ID: meta.ID, Name: name, Title: title,
			Invite: invite, TimeZone: spec.TimeZone, Organisers: organisers})
		if err != nil {
			return nil, err
		}
		err = c.store.CreateCohort(meta, ev)
		if errors.Is(err, session.ErrNameTaken) {
			if _, ferr := c.Get(name); ferr == nil {
				return nil, exercises.Errorf(exercises.EInvalid, "there is a cohort named %s already", name)
			}
			continue // the invite code was taken
		}
		if err != nil {
			return nil, fmt.Errorf("create cohort %s: %w", name, err)
		}
		return c.read(meta)
	}
	return nil, fmt.Errorf("create cohort %s: no free invite code", name)
}

// CheckTimeZone refuses a time zone that is not an IANA name; "" is UTC.
func CheckTimeZone(tz string) error {
	if tz == "" {
		return nil
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
		return exercises.Errorf(exercises.EInvalid, "%q is not a time zone: give a name like Europe/Berlin or America/New_York", exercises.Reclean(tz))
	}
	return nil
}

// List returns every cohort, oldest first.
func (c *Cohorts) List() ([]*State, error) {
	metas, err := c.store.Cohorts()
	if err != nil {
		return nil, fmt.Errorf("list cohorts: %w", err)
	}
	out := make([]*State, 0, len(metas))
	for _, m := range metas {
		st, err := c.read(m)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// Get returns the cohort with the name, or an ENotFound error.
func (c *Cohorts) Get(name string) (*State, error) {
	return c.find(func(m session.CohortMeta) bool { return m.Name == strings.ToLower(strings.TrimSpace(name)) },
		fmt.Sprintf("there is no cohort named %q (see cohort list)", exercises.Reclean(name)))
}

// ByInvite returns the cohort an invite code joins, or an ENotFound error.
func (c *Cohorts) ByInvite(code string) (*State, error) {
	code = session.NormalizeCode(code)
	return c.find(func(m session.CohortMeta) bool { return code != "" && m.Invite == code }, "no cohort has that invite code")
}

func (c *Cohorts) find(match func(session.CohortMeta) bool, notFound string) (*State, error) {
	metas, err := c.store.Cohorts()
	if err != nil {
		return nil, fmt.Errorf("list cohorts: %w", err)
	}
	for _, m := range metas {
		if match(m) {
			return c.read(m)
		}
	}
	return nil, exercises.Errorf(exercises.ENotFound, "%s", notFound)
}

// read folds a cohort's log.
func (c *Cohorts) read(m session.CohortMeta) (*State, error) {
	events, err := c.store.CohortEvents(m.ID)
	if err != nil {
		return nil, err
	}
	st, err := Fold(events)
	if err != nil {
		return nil, fmt.Errorf("cohort %s: %w", m.Name, err)
	}
	return st, nil
}

// With returns the cohorts the identity is a member or an organiser of,
// oldest first.
func (c *Cohorts) With(id string) ([]*State, error) {
	all, err := c.List()
	if err != nil {
		return nil, err
	}
	var out []*State
	for _, st := range all {
		if _, ok := st.Member(id); ok || st.Organiser(id) {
			out = append(out, st)
		}
	}
	return out, nil
}

// OfWorkshop returns the cohort the workshop is a session of, or nil.
func (c *Cohorts) OfWorkshop(workshopID string) (*State, error) {
	all, err := c.List()
	if err != nil {
		return nil, err
	}
	for _, st := range all {
		if _, ok := st.Session(workshopID); ok {
			return st, nil
		}
	}
	return nil, nil
}

// change decides a change against the cohort's newest state and appends
// its events, deciding again if another writer appended first.
func (c *Cohorts) change(name, actor string, decide func(st *State, now time.Time) ([]any, string, error)) (*State, error) {
	for range maxRetries {
		st, err := c.Get(name)
		if err != nil {
			return nil, err
		}
		now := c.hub.Now().UTC()
		payloads, typ, err := decide(st, now)
		if err != nil || len(payloads) == 0 {
			return st, err
		}
		events := make([]session.Event, len(payloads))
		for i, p := range payloads {
			if events[i], err = session.NewEvent(typ, now, actor, p); err != nil {
				return nil, err
			}
		}
		err = c.store.AppendCohort(st.ID, st.Seq, events)
		if errors.Is(err, session.ErrConflict) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, ev := range events {
			if st, err = Apply(st, ev); err != nil {
				return nil, err
			}
		}
		return st, nil
	}
	return nil, fmt.Errorf("cohort %s: too many changes at once; try again", name)
}

// AddMember puts a person in the cohort, or updates them: their name and
// organisation cleaned and cut as a participant's are. by is who adds
// them: an organiser, or the person themselves with the invite code.
func (c *Cohorts) AddMember(name, by string, m Member) (*State, error) {
	m.Name, _ = exercises.CleanText(m.Name, exercises.MaxNameLen)
	m.Org, _ = exercises.CleanText(m.Org, exercises.MaxNameLen)
	switch {
	case m.ID == "":
		return nil, exercises.Errorf(exercises.EInvalid, "a member needs a key")
	case m.Name == "":
		return nil, exercises.Errorf(exercises.EInvalid, "give the member's name (--name)")
	case m.Org == "":
		return nil, exercises.Errorf(exercises.EInvalid, "give the member's organisation (--org)")
	}
	if err := CheckTimeZone(m.TimeZone); err != nil {
		return nil, err
	}
	return c.change(name, by, func(st *State, _ time.Time) ([]any, string, error) {
		if old, ok := st.Member(m.ID); ok && old == m {
			return nil, "", nil
		}
		return []any{MemberAdded{Member: m}}, EvMemberAdded, nil
	})
}

// AddSession makes a workshop a session of the cohort, starting at starts.
func (c *Cohorts) AddSession(name, by string, s Session) (*State, error) {
	return c.change(name, by, func(st *State, _ time.Time) ([]any, string, error) {
		if _, ok := st.Session(s.Workshop); ok {
			return nil, "", exercises.Errorf(exercises.EInvalid, "that workshop is a session of %s already", st.Name)
		}
		return []any{SessionAdded{Session: s}}, EvSessionAdded, nil
	})
}

// LeaveNudge leaves a nudge for the members who have not done the
// prework of activity (an ID) of the session with the join code. The
// text is cleaned and cut to MaxNudgeLen; the notice says when it was cut.
func (c *Cohorts) LeaveNudge(name, by, code string, activity int, text string) (st *State, notice string, err error) {
	clean, cut := exercises.CleanText(text, MaxNudgeLen)
	if clean == "" {
		return nil, "", exercises.Errorf(exercises.EInvalid, "say something in the nudge")
	}
	if cut {
		notice = fmt.Sprintf("The nudge was cut to %d characters.", MaxNudgeLen)
	}
	snap, err := c.hub.Read(code)
	if errors.Is(err, session.ErrNotFound) {
		return nil, "", exercises.Errorf(exercises.ENotFound, "no workshop has the code %s", session.NormalizeCode(code))
	}
	if err != nil {
		return nil, "", err
	}
	if activity < 0 || activity >= len(snap.Activities) || snap.Activities[activity].Activity.Prework == nil {
		return nil, "", exercises.Errorf(exercises.EInvalid, "activity %d of %s is not prework", activity+1, snap.Code)
	}
	st, err = c.change(name, by, func(st *State, now time.Time) ([]any, string, error) {
		if _, ok := st.Session(snap.ID); !ok {
			return nil, "", exercises.Errorf(exercises.EInvalid, "%s is not a session of %s", snap.Code, st.Name)
		}
		return []any{Nudged{Nudge: Nudge{Workshop: snap.ID, Activity: activity, Text: clean, By: by, At: now}}}, EvNudged, nil
	})
	return st, notice, err
}
