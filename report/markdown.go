package report

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"commonground/exercises"
)

// anonymityLabels say in a report how authors are shown.
var anonymityLabels = map[exercises.Anonymity]string{
	exercises.Named:        "names shown",
	exercises.Organisation: "organisations shown, names hidden",
	exercises.Anonymous:    "anonymous",
}

// renderMarkdown writes the report as GitHub-flavoured Markdown. Every text
// that came from a person goes through md, and is never placed where a
// line starts, so it cannot turn into a heading, a list or a table row.
func renderMarkdown(buf *bytes.Buffer, r *Report) error {
	fmt.Fprintf(buf, "# %s\n\n", md(r.Title))
	fmt.Fprintf(buf, "Workshop report · join code `%s` · %s\n\n", r.Code, r.Date.Format("2 January 2006"))

	buf.WriteString("## Participants\n\n")
	switch {
	case r.ParticipantCount == 0:
		buf.WriteString("Nobody has joined yet.\n\n")
	case r.Participants == nil:
		fmt.Fprintf(buf, "%s took part. Names are not listed because every activity was anonymous.\n\n", people(r.ParticipantCount))
	default:
		table(buf, []string{"Name", "Organisation"}, 0)
		for _, p := range r.Participants {
			row(buf, md(p.nameAndMark()), md(p.Org))
		}
		buf.WriteString("\n")
	}

	for _, a := range r.Activities {
		fmt.Fprintf(buf, "## %d. %s\n\n", a.Number, md(a.Title))
		fmt.Fprintf(buf, "*Exercise: %s · authors: %s*\n\n", a.Kind, anonymityLabels[a.Anonymity])
		fmt.Fprintf(buf, "**Prompt:** %s\n\n", md(a.Prompt))
		switch {
		case a.Willingness != nil:
			willingnessMarkdown(buf, a.Willingness, a.Anonymity)
		case a.Assumptions != nil:
			assumptionsMarkdown(buf, a.Assumptions, a.Anonymity)
		case len(a.Answers) == 0:
			buf.WriteString("No answers yet.\n\n")
		default:
			for i, ans := range a.Answers {
				fmt.Fprintf(buf, "%d. %s“%s”\n", i+1, byline(ans.Author), md(ans.Text))
			}
			buf.WriteString("\n")
		}
		if d := a.Decision; d != nil {
			fmt.Fprintf(buf, "### Decision\n\n**%s.**", md(d.Label))
			if d.Conditions != "" {
				fmt.Fprintf(buf, " Conditions: %s", md(d.Conditions))
			}
			buf.WriteString("\n\n")
		}
	}
	return nil
}

func willingnessMarkdown(buf *bytes.Buffer, w *Willingness, an exercises.Anonymity) {
	if w.Respondents == 0 {
		buf.WriteString("No answers yet.\n\n")
		return
	}
	fmt.Fprintf(buf, "%s answered.\n\n### Results\n\n", people(w.Respondents))
	table(buf, []string{"Statement", "0", "1", "2", "3", "4", "5", "Mean", "Min", "N"}, 9)
	for _, st := range w.Statements {
		cells := []string{md(st.Statement)}
		for _, n := range st.Distribution {
			cells = append(cells, strconv.Itoa(n))
		}
		minimum := "–"
		if st.Min != nil {
			minimum = strconv.Itoa(*st.Min)
		}
		row(buf, append(cells, decimal(st.Mean), minimum, strconv.Itoa(st.N))...)
	}
	scale := make([]string, len(w.Scale))
	for v, label := range w.Scale {
		scale[v] = fmt.Sprintf("%d %s", v, md(label))
	}
	fmt.Fprintf(buf, "\nScale: %s.\n\n", strings.Join(scale, " · "))

	buf.WriteString("### By organisation\n\n")
	if an == exercises.Anonymous {
		buf.WriteString(singleRespondentNote)
	}
	if len(w.Orgs) == 0 {
		buf.WriteString("No organisation to show.\n")
	} else {
		orgTable(buf, w)
	}
	buf.WriteString("\n### Blockers and reservations\n\n")
	if len(w.Concerns) == 0 {
		buf.WriteString("None: nobody answered 2 or lower.\n\n")
		return
	}
	for _, c := range w.Concerns {
		kind := "Reservation"
		if c.Blocker {
			kind = "Blocker"
		}
		comment := "(no comment)"
		if c.Comment != "" {
			comment = "“" + md(c.Comment) + "”"
		}
		fmt.Fprintf(buf, "- **%s** (%s) on “%s”: %s%s\n", kind, md(exercises.ScaleLabel(c.Value)), md(c.Statement), byline(c.Author), comment)
	}
	buf.WriteString("\n")
}

// singleRespondentNote says why organisations may be missing from an
// anonymous activity's results.
const singleRespondentNote = "Organisations with a single respondent are left out: the activity is anonymous.\n\n"

// orgTable writes each organisation's mean per statement.
func orgTable(buf *bytes.Buffer, w *Willingness) {
	buf.WriteString("Mean per statement (number of people); – where nobody from the organisation answered.\n\n")
	header := []string{"Statement"}
	for _, o := range w.Orgs {
		header = append(header, fmt.Sprintf("%s (%d)", md(o.Org), o.People))
	}
	table(buf, header, len(header)-1)
	for i, st := range w.Statements {
		cells := []string{md(st.Statement)}
		for _, o := range w.Orgs {
			cells = append(cells, decimal(o.Means[i]))
		}
		row(buf, cells...)
	}
	overall := []string{"**Overall**"}
	for _, o := range w.Orgs {
		overall = append(overall, decimal(o.Overall))
	}
	row(buf, overall...)
}

// quadrantNotes say what each quadrant of the map holds.
var quadrantNotes = map[exercises.Quadrant]string{
	exercises.TestFirst: "important, little evidence",
	exercises.BuildOn:   "important, strong evidence",
	exercises.Watch:     "less important, little evidence",
	exercises.Park:      "less important, strong evidence",
}

func assumptionsMarkdown(buf *bytes.Buffer, a *Assumptions, an exercises.Anonymity) {
	if a.Hidden > 0 {
		fmt.Fprintf(buf, "Left out of this report: %s hidden by the facilitator.\n\n", count(a.Hidden, "card", "cards"))
	}
	if len(a.Cards) == 0 {
		buf.WriteString("No cards on the wall yet.\n\n")
		return
	}
	fmt.Fprintf(buf, "%s on the wall, rated by %s.\n\n", count(len(a.Cards), "card", "cards"), people(a.Raters))
	wallMarkdown(buf, a)
	quadrantsMarkdown(buf, a)
	contestedMarkdown(buf, a, an)
	actionsMarkdown(buf, a)
}

// wallMarkdown lists the cards by cluster.
func wallMarkdown(buf *bytes.Buffer, a *Assumptions) {
	buf.WriteString("### The wall\n\n")
	for _, name := range a.Clusters {
		heading := md(name)
		if name == "" {
			heading = "Not grouped"
		}
		fmt.Fprintf(buf, "#### %s\n\n", heading)
		for _, c := range a.Cards {
			if c.Cluster == name {
				fmt.Fprintf(buf, "- %s\n", cardLine(c))
			}
		}
		buf.WriteString("\n")
	}
}

// quadrantsMarkdown lists the cards by quadrant, with their statistics, and
// then the cards nobody rated.
func quadrantsMarkdown(buf *bytes.Buffer, a *Assumptions) {
	buf.WriteString("### The map\n\nMeans from 1 (low) to 5 (high); the spread is the larger standard deviation of importance and evidence.\n\n")
	for _, q := range exercises.Quadrants() {
		fmt.Fprintf(buf, "#### %s%s: %s\n\n", strings.ToUpper(string(q[:1])), q[1:], quadrantNotes[q])
		var cards []Card
		for _, c := range a.Cards {
			if c.Quadrant == q {
				cards = append(cards, c)
			}
		}
		if len(cards) == 0 {
			buf.WriteString("No cards.\n\n")
			continue
		}
		// The most important first: that is where to start.
		slices.SortStableFunc(cards, func(x, y Card) int { return cmp.Compare(*y.Importance, *x.Importance) })
		table(buf, []string{"Card", "Assumption", "Contested", "Importance", "Evidence", "Spread", "Ratings", "Skipped"}, 5)
		for _, c := range cards {
			contested := ""
			if c.Contested {
				contested = "yes"
			}
			row(buf, c.Label, md(c.Text), contested, decimal(c.Importance), decimal(c.Evidence), decimal(c.Spread),
				strconv.Itoa(c.N), strconv.Itoa(c.Skipped))
		}
		buf.WriteString("\n")
	}
	var unrated []Card
	for _, c := range a.Cards {
		if c.Quadrant == "" {
			unrated = append(unrated, c)
		}
	}
	if len(unrated) > 0 {
		buf.WriteString("#### Not rated\n\n")
		for _, c := range unrated {
			fmt.Fprintf(buf, "- **%s** “%s”", c.Label, md(c.Text))
			if c.Skipped > 0 {
				fmt.Fprintf(buf, ": skipped by %s", people(c.Skipped))
			}
			buf.WriteString("\n")
		}
		buf.WriteString("\n")
	}
}

// contestedMarkdown shows how each organisation rated the contested cards.
func contestedMarkdown(buf *bytes.Buffer, a *Assumptions, an exercises.Anonymity) {
	fmt.Fprintf(buf, "### Contested cards\n\nWhere partners see the system differently: the ratings spread widely "+
		"(a standard deviation of %.1f or more) or organisations' means lie %.1f points or more apart.\n\n",
		exercises.ContestedSpread, exercises.ContestedOrgGap)
	if len(a.Contested) == 0 {
		buf.WriteString("None: the ratings agree.\n\n")
	} else if an == exercises.Anonymous {
		buf.WriteString(singleRespondentNote)
	}
	byLabel := map[string]Card{}
	for _, c := range a.Cards {
		byLabel[c.Label] = c
	}
	for _, label := range a.Contested {
		c := byLabel[label]
		fmt.Fprintf(buf, "#### %s “%s”\n\nOrganisation gap %s · spread %s · importance %s · evidence %s · %s\n\n",
			c.Label, md(c.Text), decimal(c.OrgGap), decimal(c.Spread), decimal(c.Importance), decimal(c.Evidence),
			count(c.N, "rating", "ratings"))
		if len(c.Orgs) == 0 {
			buf.WriteString("No organisation to show.\n\n")
			continue
		}
		table(buf, []string{"Organisation", "Ratings", "Importance", "Evidence"}, 3)
		for _, o := range c.Orgs {
			row(buf, md(o.Org), strconv.Itoa(o.N), decimal(&o.Importance), decimal(&o.Evidence))
		}
		buf.WriteString("\n")
	}
}

// actionsMarkdown lists the planned tests.
func actionsMarkdown(buf *bytes.Buffer, a *Assumptions) {
	buf.WriteString("### Actions\n\n")
	if len(a.Actions) == 0 {
		buf.WriteString("No actions planned.\n\n")
		return
	}
	table(buf, []string{"Card", "Action", "Owner", "Due", "Status"}, 0)
	for _, act := range a.Actions {
		row(buf, act.Card, md(act.Text), md(act.Owner.String()), act.Due, string(act.Status))
	}
	buf.WriteString("\n")
}

// cardLine describes a card on the wall: label, text, category, authors,
// and the cards merged into it.
func cardLine(c Card) string {
	parts := []string{"**" + c.Label + "** “" + md(c.Text) + "”"}
	if c.Category != "" {
		parts = append(parts, "*"+md(c.Category)+"*")
	}
	if len(c.Authors) > 0 {
		names := make([]string, len(c.Authors))
		for i := range c.Authors {
			names[i] = md(c.Authors[i].String())
		}
		parts = append(parts, strings.Join(names, ", "))
	}
	if len(c.MergedFrom) > 0 {
		parts = append(parts, "merged from "+strings.Join(c.MergedFrom, ", "))
	}
	return strings.Join(parts, " · ")
}

// table writes a table's header; the last right columns hold numbers and
// are aligned right.
func table(buf *bytes.Buffer, header []string, right int) {
	row(buf, header...)
	buf.WriteString("|" + strings.Repeat(" --- |", len(header)-right) + strings.Repeat(" ---: |", right) + "\n")
}

// row writes one table row; the cells must already be escaped.
func row(buf *bytes.Buffer, cells ...string) {
	buf.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// byline introduces an answer with its author in bold, or nothing when the
// activity is anonymous.
func byline(p *Person) string {
	if p == nil {
		return ""
	}
	return "**" + md(p.String()) + ":** "
}

func people(n int) string { return count(n, "person", "people") }

// count says how many of something there are: "1 card", "3 cards".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func decimal(x *float64) string {
	if x == nil {
		return "–"
	}
	return strconv.FormatFloat(*x, 'f', 1, 64)
}

// mdEscaper backslash-escapes the characters that start inline Markdown:
// emphasis, code, links, HTML, tables, strikethrough, math, entities and a
// heading's closing hashes. Block syntax needs no escape because person text
// never starts a line.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `~`, `\~`, `$`, `\$`, `&`, `\&`, `#`, `\#`,
)

// md escapes text for a Markdown paragraph or table cell.
func md(s string) string { return mdEscaper.Replace(s) }
