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
// each exercise's in the order of sections. A column two exercises share
// stays where it first came, so that rows of different exercises line up.
var csvHeader = csvHeaderOf()

func csvHeaderOf() []string {
	header := slices.Clone(csvLeading)
	for _, s := range sections {
		for _, col := range s.section.csvColumns() {
			if !slices.Contains(header, col) {
				header = append(header, col)
			}
		}
	}
	return header
}

// csvRow is one row by column name; columns it lacks are empty.
type csvRow map[string]string

// renderCSV writes each activity's rows, as its section makes them, under a
// header row.
func renderCSV(buf *bytes.Buffer, r *Report) error {
	cw := csv.NewWriter(buf)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, a := range r.Activities {
		for _, row := range sectionFor(a.Kind).csvRows(&a) {
			row["activity"], row["title"], row["kind"] = strconv.Itoa(a.Number), a.Title, string(a.Kind)
			if err := cw.Write(row.record()); err != nil {
				return err
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
		rec[i] = defuse(r[col])
	}
	return rec
}

// defuse keeps a spreadsheet from running a cell as a formula (CSV
// injection): a cell that starts with = + - @ (or a tab or carriage return,
// which some spreadsheets skip before looking) gets a leading single quote.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
