package report

import (
	"bytes"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/conflict"
	"commonground/exercises/funders"
	"commonground/exercises/review"
	"commonground/exercises/willingness"
	"commonground/session"
)

// section is one exercise's part of the report. The report keeps what every
// activity shares (number, kind, title, prompt, anonymity and the decision,
// in every format) and the document around the activities; the section
// adds the rest: what the exercise gave, as data for the JSON document, its
// results in Markdown, and its rows in the CSV file.
type section interface {
	// build fills in what activity i gave: its answers and its results
	// (Activity.Results), which are the section's shape in the JSON
	// document.
	build(snap *session.Snapshot, i int, as *session.ActivityState, out *Activity)
	// results is an empty value of the section's results to read a JSON
	// document into, nil for a section that has none.
	results() any
	// markdown writes the activity's results, under its prompt.
	markdown(buf *bytes.Buffer, a *Activity)
	// csvColumns names the CSV columns the section's rows fill, besides the
	// leading ones (csvLeading).
	csvColumns() []string
	// csvRows are the activity's rows of the CSV file, each with its
	// "section" column; the report fills in the activity's columns.
	csvRows(a *Activity) []csvRow
}

// sections are the exercises' report sections, in the order their columns
// come in the CSV header. Adding an exercise adds its line.
var sections = []struct {
	kind    exercises.Kind
	section section
}{
	{checkin.Kind, checkinSection{}},
	{willingness.Kind, willingnessSection{}},
	{assumptions.Kind, assumptionsSection{}},
	{funders.Kind, fundersSection{}},
	{conflict.Kind, conflictSection{}},
	{review.Kind, reviewSection{}},
}

// sectionFor returns the section of an exercise. The session refuses an
// exercise it does not know, so the fallback only keeps a report of a
// future kind from failing: it shows the activity without results.
func sectionFor(k exercises.Kind) section {
	for _, s := range sections {
		if s.kind == k {
			return s.section
		}
	}
	return unknownSection{}
}

// unknownSection stands in for an exercise that has no report section.
type unknownSection struct{}

func (unknownSection) build(*session.Snapshot, int, *session.ActivityState, *Activity) {}
func (unknownSection) results() any                                                    { return nil }
func (unknownSection) markdown(buf *bytes.Buffer, _ *Activity) {
	buf.WriteString("This exercise cannot be shown in a report yet.\n\n")
}
func (unknownSection) csvColumns() []string       { return nil }
func (unknownSection) csvRows(*Activity) []csvRow { return nil }

// Covers reports whether the report has a section for activities of kind
// k: what the catalog's completeness test asks of every exercise.
func Covers(k exercises.Kind) bool {
	for _, s := range sections {
		if s.kind == k {
			return true
		}
	}
	return false
}
