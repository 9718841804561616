package cohort

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"commonground/exercises"
	"commonground/report"
	"commonground/session"
)

// Prework is one activity's prework in one of the cohort's sessions, with
// where each member stands: who did it, never what they gave, whatever
// the activity's anonymity.
type Prework struct {
	Session  Session
	Activity int // ID in the session's workshop
	Title    string
	Window   exercises.Prework
	Open     bool // the live session has not reached it yet
	Rows     []Row
}

// Row is one member's progress with one activity's prework.
type Row struct {
	Member       Member
	Status       exercises.PreworkStatus
	Given, Asked int
}

// Done counts the members who did the prework.
func (p Prework) Done() int {
	n := 0
	for _, r := range p.Rows {
		if r.Status == exercises.PreworkDone {
			n++
		}
	}
	return n
}

// Completion lists the prework of every session of the cohort, in the
// order of the sessions and their agendas, with each member's status at
// now. A session whose workshop cannot be read is left out and returned
// as an error alongside the rest.
func (c *Cohorts) Completion(st *State, now time.Time) ([]Prework, error) {
	var out []Prework
	var errs []error
	for _, s := range st.Sessions {
		snap, err := c.hub.Read(s.Code)
		if err != nil {
			errs = append(errs, fmt.Errorf("session %s: %w", s.Code, err))
			continue
		}
		out = append(out, preworkOf(st, s, snap, now)...)
	}
	return out, errors.Join(errs...)
}

// preworkOf is the prework of one session.
func preworkOf(st *State, s Session, snap *session.Snapshot, now time.Time) []Prework {
	var out []Prework
	for _, i := range snap.Plan {
		act := snap.Activities[i]
		if act.Activity.Prework == nil {
			continue
		}
		p := Prework{Session: s, Activity: i, Title: act.Activity.Title, Window: *act.Activity.Prework, Open: act.InPrework()}
		var progress exercises.Progress
		if p.Open {
			progress = snap.Progress(i)
		}
		for _, m := range st.Members {
			r := Row{Member: m}
			if p.Open {
				r.Given, r.Asked = progress.Given(m.ID), progress.Asked
			} else {
				// The live session has moved on: what counts is whether
				// they gave anything before it reached the activity.
				r.Asked = 1
				if act.PreworkBy[m.ID] {
					r.Given = 1
				}
			}
			if r.Given > r.Asked {
				r.Given = r.Asked
			}
			r.Status = p.Window.StatusOf(now, r.Given, r.Asked)
			if !p.Open && r.Status != exercises.PreworkDone {
				r.Status = exercises.PreworkOverdue
			}
			p.Rows = append(p.Rows, r)
		}
		out = append(out, p)
	}
	return out
}

// WriteCSV writes the completion list as CSV, one row per member and
// prework, for reminders sent from the organiser's own tools. Cells that a
// spreadsheet would run as a formula are quoted (report.Defuse).
func WriteCSV(w io.Writer, st *State, list []Prework) error {
	out := csv.NewWriter(w)
	rows := [][]string{{"cohort", "session", "code", "starts", "activity", "due", "name", "organisation", "status", "given", "asked"}}
	for _, p := range list {
		for _, r := range p.Rows {
			rows = append(rows, []string{st.Name, p.Session.Title, p.Session.Code, p.Session.Starts.UTC().Format(time.RFC3339),
				p.Title, p.Window.Due.UTC().Format(time.RFC3339), r.Member.Name, r.Member.Org, string(r.Status),
				strconv.Itoa(r.Given), strconv.Itoa(r.Asked)})
		}
	}
	for _, row := range rows {
		for i := range row {
			row[i] = report.Defuse(row[i])
		}
		if err := out.Write(row); err != nil {
			return fmt.Errorf("write the completion list: %w", err)
		}
	}
	out.Flush()
	if err := out.Error(); err != nil {
		return fmt.Errorf("write the completion list: %w", err)
	}
	return nil
}
