package report

import (
	"strconv"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/session"
)

// The answers are the part of a report that check-ins and willingness
// checks share: one entry per answer in Activity.Answers, and one "answer"
// row per answer in the CSV file.

// Answer is one person's answer on one item.
type Answer struct {
	Item      int     `json:"item"`
	Statement string  `json:"statement"`        // the statement rated, or the prompt answered
	Value     *int    `json:"value,omitempty"`  // willingness: 0-5; absent for a check-in
	Text      string  `json:"text,omitempty"`   // the comment, or the check-in answer
	Author    *Person `json:"author,omitempty"` // absent when the activity is anonymous
	// At is when the answer was given; absent when the activity is
	// anonymous, where the time could tell who answered (the last to
	// arrive, the one who answered during a break).
	At time.Time `json:"at,omitzero"`
}

// buildAnswers turns the activity's responses into answers; valued keeps
// each answer's value, which a check-in does not have.
func buildAnswers(snap *session.Snapshot, act exercises.Activity, responses []exercises.Response, valued bool) []Answer {
	out := make([]Answer, 0, len(responses))
	for _, resp := range responses {
		ans := Answer{Item: resp.Item + 1, Statement: clean(itemLabel(act, resp.Item)), Text: clean(resp.Answer.Text),
			Author: author(snap, resp.Person, act.Anonymity)}
		if act.Anonymity != exercises.Anonymous {
			ans.At = resp.Answer.At.UTC()
		}
		if valued {
			ans.Value = &resp.Answer.Value
		}
		out = append(out, ans)
	}
	return out
}

// answerColumns are the CSV columns of an "answer" row. A check-in leaves
// value empty but keeps the column, so that both exercises' rows have the
// same layout.
var answerColumns = []string{"item", "statement", "value", "text", "name", "org", "at"}

// answerRows are one "answer" row per answer.
func answerRows(a *Activity) []csvRow {
	rows := make([]csvRow, 0, len(a.Answers))
	for _, ans := range a.Answers {
		row := csvRow{"section": "answer", "item": strconv.Itoa(ans.Item), "statement": ans.Statement,
			"text": ans.Text}
		if !ans.At.IsZero() {
			row["at"] = ans.At.Format(time.RFC3339)
		}
		if ans.Value != nil {
			row["value"] = strconv.Itoa(*ans.Value)
		}
		if ans.Author != nil {
			row["name"], row["org"] = ans.Author.nameAndMark(), ans.Author.Org
		}
		rows = append(rows, row)
	}
	return rows
}

// noAnswers is what an activity nobody answered shows in Markdown.
const noAnswers = "No answers yet.\n\n"

// itemLabel is the text of item i of the activity, as its exercise lists
// its items.
func itemLabel(a exercises.Activity, i int) string {
	e, _ := catalog.Get(a.Kind)
	return exercises.ItemLabel(e, a, i)
}
