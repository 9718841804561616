package cohort

import (
	"slices"
	"time"

	"commonground/exercises"
	"commonground/report"
)

// pastAfter is how long after its start a session counts as past when its
// agenda plans less: the lobby then shows its report summary.
const pastAfter = 2 * time.Hour

// Lobby is what a member sees on arriving with no join code: each of
// their cohorts with its sessions, the prework open to them, the nudges
// left for them and the actions they own.
type Lobby struct {
	Member  Member // as the first of their cohorts has them
	Cohorts []Room
}

// Room is one cohort in a member's lobby.
type Room struct {
	Title    string
	Sessions []SessionEntry
	Prework  []PreworkEntry // open now or opening later, by due date
	Nudges   []NudgeEntry   // left for them about prework they have not done
	Actions  []ActionEntry  // confirmed actions they own, from every session
}

// NudgeEntry is a facilitator's nudge and the prework it is about.
type NudgeEntry struct {
	About, Text string
}

// SessionEntry is one session as the lobby lists it.
type SessionEntry struct {
	Session
	Past    bool   // it has ended (its planned time, at least pastAfter, is over)
	Live    bool   // it has started, or someone is in it now, and has not ended
	Summary string // the report's summary in a line, for a past session
}

// PreworkEntry is one activity's prework for one member.
type PreworkEntry struct {
	Session      Session
	Activity     int
	Title        string
	Window       exercises.Prework
	State        exercises.Window // not yet open, open now
	Status       exercises.PreworkStatus
	Given, Asked int
}

// ActionEntry is an open action a member owns.
type ActionEntry struct {
	Text string
	Due  string // YYYY-MM-DD
	From string // the session it was planned in
}

// LobbyOf builds the lobby of identity id at now; ok is false when they
// are in no cohort (they are told how to join a workshop instead).
func (c *Cohorts) LobbyOf(id string, now time.Time) (l Lobby, ok bool, err error) {
	mine, err := c.With(id)
	if err != nil || len(mine) == 0 {
		return Lobby{}, false, err
	}
	l.Member = Member{ID: id}
	for _, st := range mine {
		if m, ok := st.Member(id); ok && l.Member.Name == "" {
			l.Member = m
		}
		room, err := c.room(st, id, now)
		if err != nil {
			return Lobby{}, false, err
		}
		l.Cohorts = append(l.Cohorts, room)
	}
	return l, true, nil
}

// room is one cohort's part of a member's lobby.
func (c *Cohorts) room(st *State, id string, now time.Time) (Room, error) {
	room := Room{Title: st.Title}
	_, member := st.Member(id)
	for _, s := range st.Sessions {
		snap, err := c.hub.Read(s.Code)
		if err != nil {
			// One damaged session keeps nobody out of the lobby.
			room.Sessions = append(room.Sessions, SessionEntry{Session: s, Summary: "cannot be read"})
			continue
		}
		planned := time.Duration(0)
		for _, i := range snap.Plan {
			planned += snap.Activities[i].Activity.TimeBox
		}
		e := SessionEntry{Session: s, Past: now.After(s.Starts.Add(max(planned, pastAfter)))}
		e.Live = !e.Past && (!snap.Started.IsZero() || len(snap.Present) > 0)
		if e.Past {
			e.Summary = report.Glance(report.Build(snap))
		}
		room.Sessions = append(room.Sessions, e)
		if !member {
			continue // an organiser sees the sessions, not prework of their own
		}
		for _, p := range preworkOf(st, s, snap, now) {
			w := p.Window.At(now)
			if !p.Open || w == exercises.PastDue {
				continue
			}
			r := p.Rows[slices.IndexFunc(p.Rows, func(r Row) bool { return r.Member.ID == id })]
			room.Prework = append(room.Prework, PreworkEntry{Session: s, Activity: p.Activity, Title: p.Title, Window: p.Window,
				State: w, Status: r.Status, Given: r.Given, Asked: r.Asked})
			if r.Status == exercises.PreworkDone {
				continue
			}
			for _, n := range st.Nudges {
				if n.Workshop == s.Workshop && n.Activity == p.Activity {
					room.Nudges = append(room.Nudges, NudgeEntry{About: p.Title, Text: n.Text})
				}
			}
		}
	}
	slices.SortStableFunc(room.Prework, func(a, b PreworkEntry) int { return a.Window.Due.Compare(b.Window.Due) })
	open, err := c.OpenActions(st, now.Add(1000*24*time.Hour)) // every session's, reviewed or not
	if err != nil {
		return room, err
	}
	for _, it := range open {
		if it.Owner == id {
			room.Actions = append(room.Actions, ActionEntry{Text: it.Text, Due: it.Due, From: it.From})
		}
	}
	return room, nil
}

// actionsOf is the actions an activity's data plans, none for an exercise
// that plans none.
func actionsOf(d exercises.Data) []exercises.ActionItem {
	if p, ok := d.(exercises.Planner); ok {
		return p.ActionItems()
	}
	return nil
}
