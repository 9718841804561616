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
	summaryMarkdown(buf, r)

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
		sectionFor(a.Kind).markdown(buf, &a)
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

// singleRespondentNote says why organisations may be missing from an
// anonymous activity's results.
const singleRespondentNote = "Organisations with a single respondent are left out: the activity is anonymous.\n\n"

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
