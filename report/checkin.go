package report

import (
	"bytes"
	"fmt"

	"commonground/exercises/checkin"
	"commonground/session"
)

// checkinSection is a check-in's part of the report: the round's answers.
type checkinSection struct{}

// build keeps the answers in the order they came in, as the round went.
func (checkinSection) build(snap *session.Snapshot, i int, as *session.ActivityState, out *Activity) {
	out.Answers = buildAnswers(snap, as.Activity, checkin.Round(snap.Responses(i)), false)
}

// markdown lists the answers, each with its author as the anonymity shows.
func (checkinSection) markdown(buf *bytes.Buffer, a *Activity) {
	if len(a.Answers) == 0 {
		buf.WriteString(noAnswers)
		return
	}
	for i, ans := range a.Answers {
		fmt.Fprintf(buf, "%d. %s“%s”\n", i+1, byline(ans.Author), md(ans.Text))
	}
	buf.WriteString("\n")
}

// gave is who answered the round.
func (checkinSection) gave(snap *session.Snapshot, i int, _ *session.ActivityState) map[string]bool {
	return gaveAnswers(snap.Responses(i))
}

// glance counts the answers.
func (checkinSection) glance(a *Activity) string {
	return countOrNone(len(a.Answers), "answer", "answers")
}

func (checkinSection) results() any                 { return nil }
func (checkinSection) csvColumns() []string         { return answerColumns }
func (checkinSection) csvRows(a *Activity) []csvRow { return answerRows(a) }
