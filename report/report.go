// Package report turns a workshop into a document a facilitator can send to
// the partners: Markdown for reading, CSV for spreadsheets, and JSON for
// other programs. A report is a fold of a snapshot; it shows what the
// facilitator sees, except that authors are hidden as each activity's
// anonymity says: a named activity shows "Name (Organisation)" (the name
// told apart from look-alikes as on the screens, "Obs1 (2)", with the
// server's facilitator mark where there is one), an
// organisation-only activity shows the organisation, and an anonymous
// activity shows no author at all. In an anonymous activity the results of
// an organisation with a single respondent are left out too, since everyone
// in the room knows who that was. Owners of actions are always named: an
// action needs someone who will do it. Cards the facilitator hid on an
// assumption map are left out.
//
// The Markdown report opens with a summary: the date, the facilitators,
// who took part by organisation, and each activity at a glance (who gave
// nothing in it, by name only where the activity shows names, and its
// decision), then every action planned. Values on the willingness scale
// are worded as people read them: "1, serious concerns".
//
// The CSV file holds every section the Markdown and JSON reports have, in
// kinds of rows under one header, told apart by the first column,
// section:
//
//   - "answer": one row per answer of a check-in or willingness check, in
//     the columns activity, title, kind, item, statement, value (empty for a
//     check-in), text, name (with the server's mark), org (empty where the
//     anonymity hides them) and at (empty in an anonymous activity).
//   - "card": one row per card on an assumption map, in the columns
//     activity, title, kind, text, card (its label, "A1"), category,
//     cluster, importance and evidence (means), spread, org_gap, n, skipped,
//     quadrant (empty and the statistics too until someone rated the card),
//     contested ("yes" or "no") and authors ("; "-separated, as the
//     anonymity shows them).
//   - "action": one row per action planned on an assumption map, after its
//     cards, in the columns activity, title, kind, card (the card it
//     tests), text, name and org (its owner, always named), due
//     (YYYY-MM-DD) and status ("proposed" or "confirmed").
//   - "time": an activity's planned and actual time, after its section's
//     rows, in the columns planned_minutes and actual_minutes (whole
//     minutes; the actual time counts from the workshop's start, its first
//     move or input), where either is more than 0.
//   - "goal", "funder", "cell", "relationship" and "approach": a funder
//     alignment's goals (goal, mean, n funders rated, gap), funders (card
//     is the label "F1", text the name, category the kind, focus,
//     alignment, influence, quadrant), cells (card, goal, mean, n,
//     dont_know, disagree), relationships by organisation (card, org,
//     relationship) and approaches (card, name and org of the owner, asks
//     "; "-separated, text the note, due, status).
//   - "decision": the facilitator's decision on any activity, after its
//     other rows, in the columns activity, title, kind, outcome (as the
//     Markdown says it, "Proceed with conditions") and conditions.
//
// Columns a row does not use are empty. Per-organisation means and the
// willingness check's summaries are in the Markdown and JSON reports only:
// a spreadsheet computes them from the rows.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"commonground/exercises"
	"commonground/session"
)

// SchemaVersion is the version of the JSON document (Report.Schema). It
// grows when a field changes meaning or goes away; new fields may appear
// without a new version.
const SchemaVersion = 1

// formats are the renderers in the order Formats lists them.
var formats = []struct {
	name   string
	render func(*bytes.Buffer, *Report) error
}{
	{"md", renderMarkdown},
	{"csv", renderCSV},
	{"json", renderJSON},
	{"html", renderHTML},
}

// Formats returns the names Write accepts.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.name
	}
	return out
}

// Write renders a workshop's report in the format ("md", "csv" or "json").
// An unknown format is an EInvalid error that names the known ones.
func Write(w io.Writer, snap *session.Snapshot, format string) error {
	for _, f := range formats {
		if f.name != format {
			continue
		}
		// Render into memory first so a failing writer never receives half
		// a report without the caller learning why.
		var buf bytes.Buffer
		if err := f.render(&buf, Build(snap)); err != nil {
			return fmt.Errorf("render %s report: %w", format, err)
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write %s report: %w", format, err)
		}
		return nil
	}
	return exercises.Errorf(exercises.EInvalid, "unknown report format %q (known: %s)", format, strings.Join(Formats(), ", "))
}

// Report is the JSON document (schema version 1), and what the other
// formats render. Items and activities are numbered from 1, as people count.
type Report struct {
	Schema int       `json:"schema"` // SchemaVersion
	Title  string    `json:"title"`
	Code   string    `json:"code"` // join code
	Date   time.Time `json:"date"` // when the workshop was created, UTC
	// ParticipantCount is how many people joined, facilitators not counted.
	ParticipantCount int `json:"participant_count"`
	// Participants in the order they joined; absent when every activity is
	// anonymous, so that the list cannot be matched against the answers.
	Participants []Person `json:"participants,omitempty"`
	// Organisations count the participants per organisation, the largest
	// first.
	Organisations []OrgCount `json:"organisations"`
	// FacilitatorCount is how many facilitators the workshop has;
	// Facilitators are those of them who joined, named, and absent when
	// Participants are.
	FacilitatorCount int        `json:"facilitator_count"`
	Facilitators     []Person   `json:"facilitators,omitempty"`
	Activities       []Activity `json:"activities"`
}

// Person is a participant, or the author of an answer as far as the
// activity's anonymity shows it: an organisation-only author has no name.
// Name is the name the workshop showed them by, told apart from
// look-alike names that others took first ("Obs1 (2)"); Mark is what the
// server drew after it: session.FacilitatorMark for a facilitator,
// session.NotFacilitatorMark for a participant whose name or organisation
// reads like one. A name comes with its mark wherever it is shown.
type Person struct {
	Name string `json:"name,omitempty"`
	Org  string `json:"org,omitempty"`
	Mark string `json:"mark,omitempty"`
}

// Activity is one agenda item with everything given in it. Answers and
// Results are filled in by the exercise's section (see sections).
type Activity struct {
	Number    int                 `json:"number"`
	Kind      exercises.Kind      `json:"kind"`
	Title     string              `json:"title"`
	Prompt    string              `json:"prompt"`
	Anonymity exercises.Anonymity `json:"anonymity"`
	// PlannedMinutes is the time the agenda planned for the activity;
	// ActualMinutes the time it was the current activity, rounded to the
	// minute, counted from the workshop's start (its first move or input)
	// to its last event.
	PlannedMinutes int `json:"planned_minutes"`
	ActualMinutes  int `json:"actual_minutes"`
	// Answers are every answer given: for a check-in the round, in the order
	// the answers came in; otherwise by participant in join order, then item.
	Answers []Answer `json:"answers"`
	// NotAnsweredCount is how many participants gave nothing in the
	// activity; NotAnswered names them, in join order, in a named activity
	// only.
	NotAnsweredCount int      `json:"not_answered_count"`
	NotAnswered      []Person `json:"not_answered,omitempty"`
	// Results are what the exercise's section computes, of the section's
	// own type (*Willingness, *Assumptions); nil where it has none. The
	// JSON document has them under the exercise's kind ("willingness"),
	// between the answers and the decision.
	Results  any       `json:"-"`
	Decision *Decision `json:"decision,omitempty"` // once the facilitator recorded one
}

// MarshalJSON writes the activity with its results under its kind.
func (a Activity) MarshalJSON() ([]byte, error) {
	type plain Activity // the fields, without this method
	p := plain(a)
	p.Decision = nil // written after the results
	var buf bytes.Buffer
	if err := encodeJSON(&buf, p); err != nil {
		return nil, err
	}
	if a.Results != nil {
		buf.Truncate(buf.Len() - 1) // the closing brace
		fmt.Fprintf(&buf, ",%q:", a.Kind)
		if err := encodeJSON(&buf, a.Results); err != nil {
			return nil, err
		}
		buf.WriteByte('}')
	}
	if a.Decision != nil {
		buf.Truncate(buf.Len() - 1)
		buf.WriteString(`,"decision":`)
		if err := encodeJSON(&buf, a.Decision); err != nil {
			return nil, err
		}
		buf.WriteByte('}')
	}
	return buf.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes, the results with the
// section of the activity's kind.
func (a *Activity) UnmarshalJSON(data []byte) error {
	type plain Activity
	if err := json.Unmarshal(data, (*plain)(a)); err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	raw, ok := fields[string(a.Kind)]
	if !ok {
		return nil
	}
	if a.Results = sectionFor(a.Kind).results(); a.Results == nil {
		return fmt.Errorf("activity %d: the report has no results for %q", a.Number, a.Kind)
	}
	return json.Unmarshal(raw, a.Results)
}

// encodeJSON writes v compactly, without escaping "<" and "&", as the
// document is written (renderJSON), and without a newline after it.
func encodeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode ends with a newline
	return nil
}

// Decision is the facilitator's decision on an activity.
type Decision struct {
	Outcome    exercises.Outcome `json:"outcome"`
	Label      string            `json:"label"` // "Proceed with conditions"
	Conditions string            `json:"conditions,omitempty"`
}

// Build folds a snapshot into a report.
func Build(snap *session.Snapshot) *Report {
	r := &Report{Schema: SchemaVersion, Title: clean(snap.Title), Code: snap.Code, Date: snap.Created.UTC()}
	for pos, i := range snap.Plan {
		r.Activities = append(r.Activities, buildActivity(snap, pos, i, snap.Activities[i]))
	}
	people := snap.Participants()
	r.ParticipantCount = len(people)
	if !r.allAnonymous() {
		r.Participants = make([]Person, 0, len(people))
		for _, p := range people {
			r.Participants = append(r.Participants, named(snap, p))
		}
	}
	r.summarise(snap)
	return r
}

// allAnonymous reports whether no activity shows who answered.
func (r *Report) allAnonymous() bool {
	for _, a := range r.Activities {
		if a.Anonymity != exercises.Anonymous {
			return false
		}
	}
	return true
}

// buildActivity folds activity i, at position pos on the agenda: the parts
// every activity has, and its exercise's section.
func buildActivity(snap *session.Snapshot, pos, i int, as *session.ActivityState) Activity {
	// The report shows authors by the most private setting the activity
	// has had since anyone gave input (Strictest), never by a looser one
	// an old log set later: the sections see the activity with it.
	shown := *as
	shown.Activity.Anonymity = as.Strictest
	act := shown.Activity
	// Answers start empty rather than nil so that the JSON document has the
	// list even for an exercise without answers.
	out := Activity{Number: pos + 1, Kind: act.Kind, Title: clean(act.Title), Prompt: clean(act.Prompt),
		Anonymity: act.Anonymity, Answers: []Answer{},
		PlannedMinutes: int(act.TimeBox / time.Minute), ActualMinutes: int((snap.Actual(i, snap.Last) + time.Minute/2) / time.Minute)}
	sectionFor(act.Kind).build(snap, i, &shown, &out)
	notAnswered(snap, i, &shown, &out)
	if d := as.Decision; d != nil {
		out.Decision = &Decision{Outcome: d.Outcome, Label: d.Outcome.Label(), Conditions: clean(d.Conditions)}
	}
	return out
}

// mean returns x rounded to the one decimal reports show.
func mean(x float64) *float64 {
	r := exercises.Round(x)
	return &r
}

// author returns who gave an answer as the anonymity allows; nil when
// nothing may be shown (an unknown setting shows nothing too).
func author(snap *session.Snapshot, p exercises.Person, a exercises.Anonymity) *Person {
	switch a {
	case exercises.Named:
		n := named(snap, p)
		return &n
	case exercises.Organisation:
		return &Person{Org: clean(p.Org)}
	}
	return nil
}

// shownOrg reports whether an organisation's own results may be shown. In
// an anonymous activity an organisation with a single respondent would show
// that person's answers, so it is left out.
func shownOrg(respondents int, an exercises.Anonymity) bool {
	return an != exercises.Anonymous || respondents > 1
}

// named is a person with their name shown: the label, the organisation
// and the server's mark.
func named(snap *session.Snapshot, p exercises.Person) Person {
	return Person{Name: clean(p.Shown()), Org: clean(p.Org), Mark: snap.Mark(p)}
}

// String is how an author reads in a report: "Name (Org)" and the mark, or
// "Org".
func (p *Person) String() string {
	switch {
	case p == nil:
		return ""
	case p.Name == "":
		return p.Org
	case p.Org == "":
		return p.nameAndMark()
	}
	return withMark(p.Name+" ("+p.Org+")", p.Mark)
}

// nameAndMark is the person's name with the server's mark after it.
func (p *Person) nameAndMark() string { return withMark(p.Name, p.Mark) }

func withMark(text, mark string) string {
	if mark == "" {
		return text
	}
	return text + " " + mark
}

// clean makes text safe for the report. Participants' input is cleaned when
// it is stored, but titles, prompts and statements may come from agenda
// files, and a report is often printed straight to a terminal.
func clean(s string) string {
	c, _ := exercises.CleanText(s, 0)
	return c
}

func renderJSON(buf *bytes.Buffer, r *Report) error {
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // a file, not a web page: keep "<" and "&" readable
	return enc.Encode(r)
}
