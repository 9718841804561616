package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
)

// csvLeading are the columns every row fills: which section of the file
// the row is in, and its activity.
var csvLeading = []string{"section", "activity", "title", "kind"}

// csvHeader names the columns (see the package doc): the leading ones, then
// each part's in the order of csvParts. A column two parts share stays
// where it first came, so that rows of different parts line up.
var csvHeader = csvHeaderOf()

func csvHeaderOf() []string {
	header := slices.Clone(csvLeading)
	for _, p := range csvParts() {
		for _, col := range p.csvColumns() {
			if !slices.Contains(header, col) {
				header = append(header, col)
			}
		}
	}
	return header
}

// csvPart is a part of the CSV file: the columns its rows fill besides the
// leading ones, and its rows of an activity, each with its "section"
// column. Every section is one; the parts every activity shares, whatever
// its exercise, are the others (sharedParts).
type csvPart interface {
	csvColumns() []string
	csvRows(a *Activity) []csvRow
}

// sharedParts are the parts of the CSV file every activity has, after its
// section's rows: the time, the decision.
var sharedParts = []csvPart{timePart{}, decisionPart{}}

// timePart is an activity's planned and actual time: one "time" row, with
// the minutes planned and the minutes it was current, where there are any.
type timePart struct{}

func (timePart) csvColumns() []string { return []string{"planned_minutes", "actual_minutes"} }

func (timePart) csvRows(a *Activity) []csvRow {
	if a.PlannedMinutes == 0 && a.ActualMinutes == 0 {
		return nil
	}
	return []csvRow{{"section": "time", "planned_minutes": strconv.Itoa(a.PlannedMinutes), "actual_minutes": strconv.Itoa(a.ActualMinutes)}}
}

// csvParts are the sections, in the order of sections, then the shared
// parts.
func csvParts() []csvPart {
	var out []csvPart
	for _, s := range sections {
		out = append(out, s.section)
	}
	return append(out, sharedParts...)
}

// decisionPart is the facilitator's decision on an activity: one
// "decision" row once they recorded one, with the outcome as the Markdown
// says it ("Proceed with conditions") and the conditions.
type decisionPart struct{}

func (decisionPart) csvColumns() []string { return []string{"outcome", "conditions"} }

func (decisionPart) csvRows(a *Activity) []csvRow {
	if a.Decision == nil {
		return nil
	}
	return []csvRow{{"section": "decision", "outcome": a.Decision.Label, "conditions": a.Decision.Conditions}}
}

// csvRow is one row by column name; columns it lacks are empty.
type csvRow map[string]string

// renderCSV writes each activity's rows, as its section and the shared
// parts make them, under a header row.
func renderCSV(buf *bytes.Buffer, r *Report) error {
	cw := csv.NewWriter(buf)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, a := range r.Activities {
		parts := append([]csvPart{sectionFor(a.Kind)}, sharedParts...)
		for _, p := range parts {
			for _, row := range p.csvRows(&a) {
				row["activity"], row["title"], row["kind"] = strconv.Itoa(a.Number), a.Title, string(a.Kind)
				if err := cw.Write(row.record()); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// record returns the row's cells in header order, defused.
func (r csvRow) record() []string {
	rec := make([]string, len(csvHeader))
	for i, col := range csvHeader {
		rec[i] = Defuse(r[col])
	}
	return rec
}

// Defuse keeps a spreadsheet from running a cell as a formula (CSV
// injection): a cell that starts with = + - @ (or a tab or carriage return,
// which some spreadsheets skip before looking) gets a leading single quote.
func Defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
