package report

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"
)

// csvHeader names the columns of both sections (see the package doc): the
// answer columns, then the card columns.
var csvHeader = []string{"section", "activity", "title", "kind",
	"item", "statement", "value", "text", "name", "org", "at",
	"card", "category", "cluster", "importance", "evidence", "spread", "org_gap", "n", "skipped", "quadrant", "contested", "authors"}

// csvRow is one row by column name; columns it lacks are empty.
type csvRow map[string]string

// renderCSV writes one row per answer and one per card, under a header row.
func renderCSV(buf *bytes.Buffer, r *Report) error {
	cw := csv.NewWriter(buf)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, a := range r.Activities {
		var rows []csvRow
		for _, ans := range a.Answers {
			row := csvRow{"section": "answer", "item": strconv.Itoa(ans.Item), "statement": ans.Statement,
				"text": ans.Text, "at": ans.At.Format(time.RFC3339)}
			if ans.Value != nil {
				row["value"] = strconv.Itoa(*ans.Value)
			}
			if ans.Author != nil {
				row["name"], row["org"] = ans.Author.nameAndMark(), ans.Author.Org
			}
			rows = append(rows, row)
		}
		if a.Assumptions != nil {
			for _, c := range a.Assumptions.Cards {
				rows = append(rows, cardRow(c))
			}
		}
		for _, row := range rows {
			row["activity"], row["title"], row["kind"] = strconv.Itoa(a.Number), a.Title, string(a.Kind)
			if err := cw.Write(row.record()); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func cardRow(c Card) csvRow {
	authors := make([]string, len(c.Authors))
	for i := range c.Authors {
		authors[i] = c.Authors[i].String()
	}
	contested := "no"
	if c.Contested {
		contested = "yes"
	}
	row := csvRow{"section": "card", "card": c.Label, "text": c.Text, "category": c.Category, "cluster": c.Cluster,
		"n": strconv.Itoa(c.N), "skipped": strconv.Itoa(c.Skipped), "quadrant": string(c.Quadrant),
		"contested": contested, "authors": strings.Join(authors, "; ")}
	if c.N > 0 {
		row["importance"], row["evidence"] = decimal(c.Importance), decimal(c.Evidence)
		row["spread"], row["org_gap"] = decimal(c.Spread), decimal(c.OrgGap)
	}
	return row
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
