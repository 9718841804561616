package report

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"commonground/exercises/review"
	"commonground/session"
)

// Review is an action review's results: every action reviewed with where
// it stands now, and every mark in the order given.
type Review struct {
	Items   []ReviewItem   `json:"items"`
	Changes []ReviewChange `json:"changes"`
}

// ReviewItem is one action from an earlier session, as it stands now.
type ReviewItem struct {
	Number int    `json:"number"`
	Text   string `json:"text"`
	Owner  Person `json:"owner"`
	Due    string `json:"due,omitempty"`
	From   string `json:"from,omitempty"` // the session it was planned in
	Status string `json:"status"`         // "" while nobody marked it
	Note   string `json:"note,omitempty"`
}

// ReviewChange is one mark: who gave it (the owner, or the facilitator
// for them), when, and what it said.
type ReviewChange struct {
	Number  int       `json:"number"`
	Status  string    `json:"status"`
	Note    string    `json:"note,omitempty"`
	ByOwner bool      `json:"by_owner"`
	At      time.Time `json:"at"`
}

// reviewSection is an action review's part of the report.
type reviewSection struct{}

func (reviewSection) build(_ *session.Snapshot, _ int, as *session.ActivityState, out *Activity) {
	items, d := review.ItemsOf(as.Activity), review.Of(as.Data)
	res := &Review{Items: []ReviewItem{}, Changes: []ReviewChange{}}
	for i, it := range items {
		ri := ReviewItem{Number: i + 1, Text: clean(it.Text), Owner: Person{Name: clean(it.OwnerName), Org: clean(it.Org)}, Due: it.Due, From: clean(it.From)}
		if mk, ok := d.Marks[i]; ok {
			ri.Status, ri.Note = string(mk.Status), clean(mk.Note)
		}
		res.Items = append(res.Items, ri)
	}
	for _, mk := range d.History {
		byOwner := mk.Item >= 0 && mk.Item < len(items) && items[mk.Item].Owner == mk.By
		res.Changes = append(res.Changes, ReviewChange{Number: mk.Item + 1, Status: string(mk.Status), Note: clean(mk.Note), ByOwner: byOwner, At: mk.At.UTC()})
	}
	out.Results = res
}

func (reviewSection) results() any { return &Review{} }

// markdown lists the actions with where they stand, then the changes.
func (reviewSection) markdown(buf *bytes.Buffer, a *Activity) {
	res := a.Results.(*Review)
	if len(res.Items) == 0 {
		buf.WriteString("No open actions from earlier sessions.\n\n")
		return
	}
	table(buf, []string{"#", "Action", "Owner", "Due", "From", "Now", "Note"}, 0)
	for _, it := range res.Items {
		status := it.Status
		if status == "" {
			status = "not marked"
		}
		row(buf, strconv.Itoa(it.Number), md(it.Text), md(it.Owner.String()), it.Due, md(it.From), status, md(it.Note))
	}
	buf.WriteString("\n")
	if len(res.Changes) == 0 {
		return
	}
	buf.WriteString("Changes, in order:\n\n")
	for _, c := range res.Changes {
		by := "by its owner"
		if !c.ByOwner {
			by = "by the facilitator"
		}
		line := fmt.Sprintf("- %s: action %d %s, %s", c.At.Format("15:04"), c.Number, c.Status, by)
		if c.Note != "" {
			line += ": “" + md(c.Note) + "”"
		}
		buf.WriteString(line + "\n")
	}
	buf.WriteString("\n")
}

// gave is who marked an action.
func (reviewSection) gave(_ *session.Snapshot, _ int, as *session.ActivityState) map[string]bool {
	out := map[string]bool{}
	for _, mk := range review.Of(as.Data).History {
		out[mk.By] = true
	}
	return out
}

// glance counts the actions marked, and those done.
func (reviewSection) glance(a *Activity) string {
	res := a.Results.(*Review)
	marked, done := 0, 0
	for _, it := range res.Items {
		if it.Status != "" {
			marked++
		}
		if it.Status == string(review.Done) {
			done++
		}
	}
	return fmt.Sprintf("%d of %s marked, %d done", marked, count(len(res.Items), "action", "actions"), done)
}

// csvColumns are columns other sections have: a review adds none.
func (reviewSection) csvColumns() []string {
	return []string{"item", "text", "name", "org", "due", "status", "category", "at"}
}

// csvRows are a "review" row per action (category: the session it came
// from) and a "review_mark" row per change (text: its note).
func (reviewSection) csvRows(a *Activity) []csvRow {
	res := a.Results.(*Review)
	var rows []csvRow
	for _, it := range res.Items {
		rows = append(rows, csvRow{"section": "review", "item": strconv.Itoa(it.Number), "text": it.Text, "name": it.Owner.nameAndMark(),
			"org": it.Owner.Org, "due": it.Due, "status": it.Status, "category": it.From})
	}
	for _, c := range res.Changes {
		rows = append(rows, csvRow{"section": "review_mark", "item": strconv.Itoa(c.Number), "status": c.Status, "text": c.Note, "at": c.At.Format(time.RFC3339)})
	}
	return rows
}
