package report

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"
)

// csvHeader names the columns: one row per answer. Value is empty for a
// check-in; name and org are empty where the activity's anonymity hides them.
var csvHeader = []string{"activity", "title", "kind", "item", "statement", "value", "text", "name", "org", "at"}

// renderCSV writes one row per answer, under a header row.
func renderCSV(buf *bytes.Buffer, r *Report) error {
	cw := csv.NewWriter(buf)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, a := range r.Activities {
		for _, ans := range a.Answers {
			value := ""
			if ans.Value != nil {
				value = strconv.Itoa(*ans.Value)
			}
			var name, org string
			if ans.Author != nil {
				name, org = ans.Author.Name, ans.Author.Org
			}
			rec := []string{strconv.Itoa(a.Number), a.Title, string(a.Kind), strconv.Itoa(ans.Item), ans.Statement,
				value, ans.Text, name, org, ans.At.Format(time.RFC3339)}
			for i := range rec {
				rec[i] = defuse(rec[i])
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
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
