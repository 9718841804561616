// Package cohort is an academy cohort: people from many organisations who
// meet for a series of live sessions (workshops) and do prework at their
// own pace in between. A cohort is an event log kept beside the
// workshops' (session.Store's cohort methods) and its state is the fold of
// that log, as a workshop's is: its members, its sessions, the nudges its
// facilitators left. What members gave is in the sessions' own logs; this
// package reads it from their snapshots for the completion list and the
// lobby, and shows who did the prework, never what they said.
package cohort

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"commonground/exercises"
	"commonground/session"
)

// The cohort's event types, as stored. They never change meaning once
// released.
const (
	EvCreated      = "cohort.created"
	EvMemberAdded  = "cohort.member_added"
	EvSessionAdded = "cohort.session_added"
	EvNudged       = "cohort.nudged"
)

// Payloads of the events, one per type.
type (
	// Created starts every cohort's log.
	Created struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Title  string `json:"title"`
		Invite string `json:"invite"`
		// TimeZone is the organiser's (an IANA name): where session
		// start times given without an offset are read.
		TimeZone   string   `json:"time_zone,omitempty"`
		Organisers []string `json:"organisers,omitempty"` // identity IDs
	}
	// MemberAdded puts a person in the cohort, or updates their name,
	// organisation or time zone when they are in it already.
	MemberAdded struct {
		Member Member `json:"member"`
	}
	// SessionAdded makes a workshop one of the cohort's sessions.
	SessionAdded struct {
		Session Session `json:"session"`
	}
	// Nudged leaves a short message for the members who have not done an
	// activity's prework: their lobby shows it while that is so.
	Nudged struct {
		Nudge Nudge `json:"nudge"`
	}
)

// Member is one person of the cohort: their key's identity ID, the name
// and organisation they are known by, and their time zone when known.
type Member struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Org      string `json:"org"`
	TimeZone string `json:"time_zone,omitempty"`
}

// Session is one of the cohort's workshops and when it starts.
type Session struct {
	Workshop string    `json:"workshop"` // workshop ID
	Code     string    `json:"code"`     // its join code
	Title    string    `json:"title"`
	Starts   time.Time `json:"starts"`
}

// Nudge is a facilitator's message to those who have not done the
// prework of one activity of a session.
type Nudge struct {
	Workshop string    `json:"workshop"` // workshop ID
	Activity int       `json:"activity"` // activity ID in that workshop
	Text     string    `json:"text"`
	By       string    `json:"by,omitempty"`
	At       time.Time `json:"at"`
}

// State is a cohort as the fold of its log. Immutable once returned.
type State struct {
	ID, Name, Title, Invite, TimeZone string
	Created                           time.Time
	Organisers                        []string
	Members                           []Member  // in the order they joined
	Sessions                          []Session // by start, then as added
	Nudges                            []Nudge   // as left
	Seq                               uint64    // the last event applied
}

// Member returns the member with the identity ID, or false.
func (s *State) Member(id string) (Member, bool) {
	i := slices.IndexFunc(s.Members, func(m Member) bool { return m.ID == id })
	if i < 0 {
		return Member{}, false
	}
	return s.Members[i], true
}

// Session returns the session that is the workshop, or false.
func (s *State) Session(workshopID string) (Session, bool) {
	i := slices.IndexFunc(s.Sessions, func(x Session) bool { return x.Workshop == workshopID })
	if i < 0 {
		return Session{}, false
	}
	return s.Sessions[i], true
}

// Organiser reports whether the identity organises the cohort.
func (s *State) Organiser(id string) bool { return id != "" && slices.Contains(s.Organisers, id) }

// Fold replays a cohort's log. The first event must create it. Like a
// workshop's, the fold is total: rules are checked when a change is
// decided, never when it is replayed.
func Fold(events []session.Event) (*State, error) { return session.FoldLog(events, Apply) }

// Apply returns the state after ev; st is nil only for the first event.
// Texts are cleaned again as they are read, by today's rules, as a
// workshop's are.
// An event of a type this release does not know is an error: the log was
// written by a later one.
func Apply(st *State, ev session.Event) (*State, error) {
	if (st == nil) != (ev.Type == EvCreated) {
		return nil, fmt.Errorf("apply cohort event %d (%s): a cohort's log starts with %s, once", ev.Seq, ev.Type, EvCreated)
	}
	var n State
	if st != nil {
		n = *st
	}
	var err error
	switch ev.Type {
	case EvCreated:
		var p Created
		if err = json.Unmarshal(ev.Data, &p); err == nil {
			n = State{ID: p.ID, Name: p.Name, Title: exercises.Reclean(p.Title), Invite: p.Invite, TimeZone: p.TimeZone,
				Created: ev.At, Organisers: p.Organisers}
		}
	case EvMemberAdded:
		var p MemberAdded
		if err = json.Unmarshal(ev.Data, &p); err == nil {
			p.Member.Name, p.Member.Org = exercises.Reclean(p.Member.Name), exercises.Reclean(p.Member.Org)
			n.Members = slices.Clone(st.Members)
			if i := slices.IndexFunc(n.Members, func(m Member) bool { return m.ID == p.Member.ID }); i >= 0 {
				n.Members[i] = p.Member
			} else {
				n.Members = append(n.Members, p.Member)
			}
		}
	case EvSessionAdded:
		var p SessionAdded
		if err = json.Unmarshal(ev.Data, &p); err == nil {
			p.Session.Title = exercises.Reclean(p.Session.Title)
			n.Sessions = append(slices.Clone(st.Sessions), p.Session)
			slices.SortStableFunc(n.Sessions, func(a, b Session) int { return a.Starts.Compare(b.Starts) })
		}
	case EvNudged:
		var p Nudged
		if err = json.Unmarshal(ev.Data, &p); err == nil {
			p.Nudge.Text = exercises.Reclean(p.Nudge.Text)
			n.Nudges = append(slices.Clip(st.Nudges), p.Nudge)
		}
	default:
		err = fmt.Errorf("unknown event type")
	}
	if err != nil {
		return nil, fmt.Errorf("apply cohort event %d (%s): %w", ev.Seq, ev.Type, err)
	}
	n.Seq = max(n.Seq, ev.Seq)
	return &n, nil
}
