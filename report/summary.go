package report

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"commonground/exercises"
	"commonground/session"
)

// The summary opens the Markdown report: the date, who facilitated, who
// took part by organisation, and each activity at a glance (who did not
// answer, what it gave, the decision), then every action planned. It shows
// no name that the rest of the report hides.

// OrgCount is how many participants came from one organisation.
type OrgCount struct {
	// Org is "" for the participants whose organisation is not shown: one
	// they alone came from, in a report where every activity is anonymous.
	Org    string `json:"org"`
	People int    `json:"people"`
}

// respondent is a section that can tell who gave something in an
// activity: the identity IDs of everyone who answered, wrote, rated or
// proposed anything in it. A section without it has no "not answered"
// count.
type respondent interface {
	gave(snap *session.Snapshot, i int, as *session.ActivityState) map[string]bool
}

// glancer is a section with something to say about an activity in the
// summary, in a few words already escaped for Markdown.
type glancer interface {
	glance(a *Activity) string
}

// actionPlanner is a section whose activity plans actions.
type actionPlanner interface {
	actions(a *Activity) []Action
}

// gaveAnswers is who gave at least one of the responses.
func gaveAnswers(responses []exercises.Response) map[string]bool {
	out := map[string]bool{}
	for _, r := range responses {
		out[r.Person.ID] = true
	}
	return out
}

// summarise fills in the report's summary from the snapshot: the
// facilitators and the organisations. Run after the participants are
// listed: no facilitator is named when no participant is.
func (r *Report) summarise(snap *session.Snapshot) {
	ids := slices.Clone(snap.Facilitators)
	for _, id := range snap.Order {
		if snap.Role(id) == session.Facilitator && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	r.FacilitatorCount = len(ids)
	if r.Participants != nil {
		for _, id := range ids {
			if p, ok := snap.People[id]; ok {
				r.Facilitators = append(r.Facilitators, named(snap, p))
			}
		}
	}
	r.Organisations = []OrgCount{}
	people := snap.Participants()
	orgSize := map[string]int{}
	for _, p := range people {
		orgSize[clean(p.Org)]++
	}
	for _, p := range people {
		org := clean(p.Org)
		if r.Participants == nil && !shownOrg(orgSize[org], exercises.Anonymous) {
			// Where nobody is named, an organisation of one would name them.
			org = ""
		}
		i := slices.IndexFunc(r.Organisations, func(o OrgCount) bool { return o.Org == org })
		if i < 0 {
			r.Organisations = append(r.Organisations, OrgCount{Org: org})
			i = len(r.Organisations) - 1
		}
		r.Organisations[i].People++
	}
	// The largest first, then by name, with those of no organisation last.
	slices.SortStableFunc(r.Organisations, func(a, b OrgCount) int {
		if (a.Org == "") != (b.Org == "") {
			if a.Org == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(a.Org, b.Org))
	})
}

// notAnswered fills in who of the participants gave nothing in activity i:
// by name in a named activity, and counted in every one. Someone the
// facilitator removed is not waited for.
func notAnswered(snap *session.Snapshot, i int, as *session.ActivityState, out *Activity) {
	s, ok := sectionFor(out.Kind).(respondent)
	if !ok {
		return
	}
	gave := s.gave(snap, i, as)
	for _, p := range snap.InTheRoom() {
		if gave[p.ID] {
			continue
		}
		out.NotAnsweredCount++
		if out.Anonymity == exercises.Named {
			out.NotAnswered = append(out.NotAnswered, named(snap, p))
		}
	}
}

// summaryMarkdown writes the summary.
func summaryMarkdown(buf *bytes.Buffer, r *Report) {
	buf.WriteString("## Summary\n\n")
	fmt.Fprintf(buf, "- **Date:** %s\n", r.Date.Format("2 January 2006"))
	fmt.Fprintf(buf, "- **Facilitators:** %s\n", facilitatorsText(r))
	fmt.Fprintf(buf, "- **Took part:** %s\n", tookPartText(r))
	decisions, actions, confirmed, rejected := tally(r)
	if decisions == 0 {
		buf.WriteString("- **Decisions:** none yet\n")
	} else {
		fmt.Fprintf(buf, "- **Decisions:** %d of %s decided\n", decisions, count(len(r.Activities), "activity", "activities"))
	}
	if actions == 0 {
		buf.WriteString("- **Actions:** none planned\n\n")
	} else {
		fmt.Fprintf(buf, "- **Actions:** %s planned, %d confirmed by the facilitator", count(actions, "action", "actions"), confirmed)
		if rejected > 0 {
			fmt.Fprintf(buf, ", %d rejected", rejected)
		}
		buf.WriteString("\n\n")
	}
	if len(r.Activities) == 0 {
		return
	}

	table(buf, []string{"Activity", "Not answered", "At a glance", "Decision"}, 0)
	for _, a := range r.Activities {
		glance := ""
		if s, ok := sectionFor(a.Kind).(glancer); ok {
			glance = s.glance(&a)
		}
		row(buf, fmt.Sprintf("%d. %s", a.Number, md(a.Title)), notAnsweredText(r, &a), glance, decisionText(a.Decision))
	}
	buf.WriteString("\n")
	timeTable(buf, r)

	if actions == 0 {
		return
	}
	buf.WriteString("### Actions at a glance\n\n")
	table(buf, []string{"Activity", "Card", "Action", "Owner", "Due", "Status"}, 0)
	for _, a := range r.Activities {
		s, ok := sectionFor(a.Kind).(actionPlanner)
		if !ok {
			continue
		}
		for _, act := range s.actions(&a) {
			row(buf, strconv.Itoa(a.Number), act.Card, md(act.Text), md(act.Owner.String()), act.Due, string(act.Status))
		}
	}
	buf.WriteString("\n")
}

// tally counts the report's decisions and its actions, with those the
// facilitator confirmed and rejected.
func tally(r *Report) (decisions, actions, confirmed, rejected int) {
	for _, a := range r.Activities {
		if a.Decision != nil {
			decisions++
		}
		if s, ok := sectionFor(a.Kind).(actionPlanner); ok {
			for _, act := range s.actions(&a) {
				actions++
				switch act.Status {
				case exercises.Confirmed:
					confirmed++
				case exercises.Rejected:
					rejected++
				}
			}
		}
	}
	return decisions, actions, confirmed, rejected
}

// Glance is the summary in one line of plain text, for a cohort's lobby:
// "4 people took part · 1 of 3 activities decided · 3 actions, 2
// confirmed". It names nobody.
func Glance(r *Report) string {
	decisions, actions, confirmed, _ := tally(r)
	parts := []string{people(r.ParticipantCount) + " took part"}
	if decisions > 0 {
		parts = append(parts, fmt.Sprintf("%d of %s decided", decisions, count(len(r.Activities), "activity", "activities")))
	}
	if actions > 0 {
		parts = append(parts, fmt.Sprintf("%s, %d confirmed", count(actions, "action", "actions"), confirmed))
	}
	return strings.Join(parts, " · ")
}

// facilitatorsText names the facilitators who joined, and counts the
// others; only a count when names are not listed.
func facilitatorsText(r *Report) string {
	if r.FacilitatorCount == 0 {
		return "not recorded"
	}
	if len(r.Facilitators) == 0 {
		return count(r.FacilitatorCount, "facilitator", "facilitators")
	}
	names := make([]string, len(r.Facilitators))
	for i := range r.Facilitators {
		names[i] = md(r.Facilitators[i].String())
	}
	text := strings.Join(names, ", ")
	if more := r.FacilitatorCount - len(r.Facilitators); more > 0 {
		text += fmt.Sprintf(" and %d more", more)
	}
	return text
}

// tookPartText counts the participants by organisation.
func tookPartText(r *Report) string {
	if r.ParticipantCount == 0 {
		return "nobody has joined yet"
	}
	orgs := make([]string, len(r.Organisations))
	for i, o := range r.Organisations {
		orgs[i] = fmt.Sprintf("%s %d", md(o.Org), o.People)
		if o.Org == "" {
			orgs[i] = people(o.People) + " from organisations of one, not named"
		}
	}
	return people(r.ParticipantCount) + ": " + strings.Join(orgs, ", ")
}

// notAnsweredText is who gave nothing in the activity: names in a named
// activity, a count otherwise.
func notAnsweredText(r *Report, a *Activity) string {
	if _, ok := sectionFor(a.Kind).(respondent); !ok || r.ParticipantCount == 0 {
		return "–"
	}
	switch {
	case a.NotAnsweredCount == 0:
		return "everyone took part"
	case a.NotAnsweredCount == r.ParticipantCount:
		return "nobody took part yet"
	case len(a.NotAnswered) == 0:
		return people(a.NotAnsweredCount)
	}
	names := make([]string, len(a.NotAnswered))
	for i := range a.NotAnswered {
		names[i] = md(a.NotAnswered[i].String())
	}
	return strings.Join(names, ", ")
}

// decisionText is the decision in a table cell.
func decisionText(d *Decision) string {
	switch {
	case d == nil:
		return "–"
	case d.Conditions != "":
		return md(d.Label) + ": " + md(d.Conditions)
	}
	return md(d.Label)
}

// countOrNone is count, or "none yet".
func countOrNone(n int, one, many string) string {
	if n == 0 {
		return "none yet"
	}
	return count(n, one, many)
}

// timeTable is each activity's planned against actual time, in minutes,
// with the drift: what ran over (+) or under (-) the plan.
func timeTable(buf *bytes.Buffer, r *Report) {
	buf.WriteString("### Time\n\n")
	table(buf, []string{"Activity", "Planned", "Actual", "Drift"}, 3)
	planned, actual := 0, 0
	for _, a := range r.Activities {
		planned, actual = planned+a.PlannedMinutes, actual+a.ActualMinutes
		row(buf, fmt.Sprintf("%d. %s", a.Number, md(a.Title)), minutes(a.PlannedMinutes), minutes(a.ActualMinutes), drift(a.PlannedMinutes, a.ActualMinutes))
	}
	row(buf, "**Total**", minutes(planned), minutes(actual), drift(planned, actual))
	buf.WriteString("\n")
}

// minutes is "12 min", "–" for none.
func minutes(n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%d min", n)
}

// drift is how far the actual time ran over the plan, "+3", "-2", "0";
// empty where nothing was planned.
func drift(planned, actual int) string {
	if planned == 0 {
		return ""
	}
	return fmt.Sprintf("%+d", actual-planned)
}
