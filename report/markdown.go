package report

import (
	"bytes"
	"fmt"
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
		table(buf, []string{"Name", "Organisation"}, "")
		for _, p := range r.Participants {
			row(buf, md(p.Name), md(p.Org))
		}
		buf.WriteString("\n")
	}

	for _, a := range r.Activities {
		fmt.Fprintf(buf, "## %d. %s\n\n", a.Number, md(a.Title))
		fmt.Fprintf(buf, "*Exercise: %s · authors: %s*\n\n", a.Kind, anonymityLabels[a.Anonymity])
		fmt.Fprintf(buf, "**Prompt:** %s\n\n", md(a.Prompt))
		switch {
		case a.Willingness != nil:
			willingnessMarkdown(buf, a.Willingness)
		case a.Kind != exercises.CheckIn:
			// Say so rather than "no answers": the inputs exist, the report
			// cannot show them yet.
			fmt.Fprintf(buf, "This report does not include the results of %s activities yet.\n\n", a.Kind)
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

func willingnessMarkdown(buf *bytes.Buffer, w *Willingness) {
	if w.Respondents == 0 {
		buf.WriteString("No answers yet.\n\n")
		return
	}
	fmt.Fprintf(buf, "%s answered.\n\n### Results\n\n", people(w.Respondents))
	table(buf, []string{"Statement", "0", "1", "2", "3", "4", "5", "Mean", "Min", "N"}, " ---: |")
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

	buf.WriteString("### By organisation\n\nMean per statement (number of people); – where nobody from the organisation answered.\n\n")
	header := []string{"Statement"}
	for _, o := range w.Orgs {
		header = append(header, fmt.Sprintf("%s (%d)", md(o.Org), o.People))
	}
	table(buf, header, " ---: |")
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

// table writes a table's header; align is the delimiter of every column
// after the first (" --- |" when empty).
func table(buf *bytes.Buffer, header []string, align string) {
	if align == "" {
		align = " --- |"
	}
	row(buf, header...)
	buf.WriteString("| --- |" + strings.Repeat(align, len(header)-1) + "\n")
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

func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
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
