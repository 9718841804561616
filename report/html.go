package report

import (
	"bytes"
	"fmt"
	"html"

	"commonground/exercises"
)

// The HTML report is one self-contained file for the people a partnership
// reports to: no scripts, no fonts or images to fetch, charts drawn as
// inline SVG, and a style sheet that prints to PDF on A4 or Letter. Colour
// is never the only signal: every bar and cell says its value in text, and
// the map marks contested cards with a shape and ‼ as well. Names follow
// each activity's anonymity, as in the other formats: the report is built
// once (Build) and rendered here.

// htmlSection is a section that draws its results in the HTML report; one
// without it shows its Markdown text.
type htmlSection interface {
	html(buf *bytes.Buffer, a *Activity)
}

// esc escapes text from a person for HTML text and attribute values.
func esc(s string) string { return html.EscapeString(s) }

// htmlStyle is the report's style sheet: readable on a screen, and printed
// one activity after another with charts never split across pages.
const htmlStyle = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6573; --rule: #d5dae1; --accent: #2f5d9e; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .2rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .3rem; padding-top: .6rem; border-top: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.prompt { font-style: italic; }
table { border-collapse: collapse; margin: .4rem 0 1rem; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); }
th { font-weight: 600; background: #f3f5f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .6rem 0 1.2rem; break-inside: avoid; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg .light { fill: #fff; }
svg .label { font-weight: 600; }
ul.answers { padding-left: 1.2rem; }
.contested { font-weight: 700; }
@page { margin: 16mm 14mm; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-before: auto; break-after: avoid; } section.activity { break-inside: auto; } table, figure { break-inside: avoid; } }
`

// renderHTML writes the report as one HTML document.
func renderHTML(buf *bytes.Buffer, r *Report) error {
	buf.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	buf.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(buf, "<title>%s · workshop report</title>\n<style>%s</style>\n</head>\n<body>\n", esc(r.Title), htmlStyle)
	fmt.Fprintf(buf, "<header>\n<h1>%s</h1>\n<p class=\"meta\">Workshop report · join code %s · %s</p>\n</header>\n",
		esc(r.Title), esc(r.Code), r.Date.Format("2 January 2006"))
	summaryHTML(buf, r)
	participantsHTML(buf, r)
	for _, a := range r.Activities {
		fmt.Fprintf(buf, "<section class=\"activity\" id=\"activity-%d\" data-kind=\"%s\">\n", a.Number, esc(string(a.Kind)))
		fmt.Fprintf(buf, "<h2>%d. %s</h2>\n", a.Number, esc(a.Title))
		fmt.Fprintf(buf, "<p class=\"meta\">Exercise: %s · authors: %s</p>\n", esc(string(a.Kind)), anonymityLabels[a.Anonymity])
		fmt.Fprintf(buf, "<p><strong>Prompt:</strong> <span class=\"prompt\">%s</span></p>\n", esc(a.Prompt))
		if s, ok := sectionFor(a.Kind).(htmlSection); ok {
			s.html(buf, &a)
		} else {
			var md bytes.Buffer
			sectionFor(a.Kind).markdown(&md, &a)
			fmt.Fprintf(buf, "<pre>%s</pre>\n", esc(md.String()))
		}
		if d := a.Decision; d != nil {
			fmt.Fprintf(buf, "<h3>Decision</h3>\n<p><strong>%s.</strong>", esc(d.Label))
			if d.Conditions != "" {
				fmt.Fprintf(buf, " Conditions: %s", esc(d.Conditions))
			}
			buf.WriteString("</p>\n")
		}
		buf.WriteString("</section>\n")
	}
	buf.WriteString("</body>\n</html>\n")
	return nil
}

// summaryHTML writes the summary: the date, who facilitated and took part,
// and each activity's count of people who did not answer, and decision.
func summaryHTML(buf *bytes.Buffer, r *Report) {
	buf.WriteString("<section class=\"summary\">\n<h2>Summary</h2>\n<table>\n")
	fmt.Fprintf(buf, "<tr><th>Date</th><td>%s</td></tr>\n", r.Date.Format("2 January 2006"))
	facilitators := count(r.FacilitatorCount, "facilitator", "facilitators")
	if len(r.Facilitators) > 0 {
		facilitators = ""
		for i, p := range r.Facilitators {
			if i > 0 {
				facilitators += ", "
			}
			facilitators += p.String()
		}
	}
	fmt.Fprintf(buf, "<tr><th>Facilitators</th><td>%s</td></tr>\n", esc(facilitators))
	took := people(r.ParticipantCount)
	for i, o := range r.Organisations {
		org := o.Org
		if org == "" {
			org = "organisations not shown"
		}
		if i == 0 {
			took += ": "
		} else {
			took += ", "
		}
		took += fmt.Sprintf("%s (%d)", org, o.People)
	}
	fmt.Fprintf(buf, "<tr><th>Took part</th><td>%s</td></tr>\n</table>\n", esc(took))
	if len(r.Activities) > 0 {
		buf.WriteString("<table>\n<tr><th>Activity</th><th class=\"num\">Not answered</th><th>Decision</th></tr>\n")
		for _, a := range r.Activities {
			decision := "–"
			if a.Decision != nil {
				decision = a.Decision.Label
			}
			fmt.Fprintf(buf, "<tr><td><a href=\"#activity-%d\">%d. %s</a></td><td class=\"num\">%d</td><td>%s</td></tr>\n",
				a.Number, a.Number, esc(a.Title), a.NotAnsweredCount, esc(decision))
		}
		buf.WriteString("</table>\n")
	}
	timeHTML(buf, r)
	buf.WriteString("</section>\n")
}

// timeHTML is each activity's planned against actual time, as the
// Markdown's time table has it, when the agenda planned any.
func timeHTML(buf *bytes.Buffer, r *Report) {
	planned, actual := 0, 0
	for _, a := range r.Activities {
		planned, actual = planned+a.PlannedMinutes, actual+a.ActualMinutes
	}
	if planned == 0 && actual == 0 {
		return
	}
	buf.WriteString("<h3>Time</h3>\n<table>\n<tr><th>Activity</th><th class=\"num\">Planned</th><th class=\"num\">Actual</th><th class=\"num\">Drift</th></tr>\n")
	for _, a := range r.Activities {
		fmt.Fprintf(buf, "<tr><td>%d. %s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			a.Number, esc(a.Title), minutes(a.PlannedMinutes), minutes(a.ActualMinutes), drift(a.PlannedMinutes, a.ActualMinutes))
	}
	fmt.Fprintf(buf, "<tr><th>Total</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n</table>\n",
		minutes(planned), minutes(actual), drift(planned, actual))
}

// participantsHTML lists the participants, when the report names them.
func participantsHTML(buf *bytes.Buffer, r *Report) {
	buf.WriteString("<section class=\"participants\">\n<h2>Participants</h2>\n")
	switch {
	case r.ParticipantCount == 0:
		buf.WriteString("<p>Nobody has joined yet.</p>\n")
	case r.Participants == nil:
		fmt.Fprintf(buf, "<p>%s took part. Names are not listed because every activity was anonymous.</p>\n", people(r.ParticipantCount))
	default:
		buf.WriteString("<table>\n<tr><th>Name</th><th>Organisation</th></tr>\n")
		for _, p := range r.Participants {
			fmt.Fprintf(buf, "<tr><td>%s</td><td>%s</td></tr>\n", esc(p.nameAndMark()), esc(p.Org))
		}
		buf.WriteString("</table>\n")
	}
	buf.WriteString("</section>\n")
}

// answersHTML lists answers with their authors as the anonymity shows them.
func answersHTML(buf *bytes.Buffer, answers []Answer) {
	if len(answers) == 0 {
		buf.WriteString("<p>No answers yet.</p>\n")
		return
	}
	buf.WriteString("<ul class=\"answers\">\n")
	for _, ans := range answers {
		by := ""
		if ans.Author != nil {
			by = "<strong>" + esc(ans.Author.String()) + ":</strong> "
		}
		fmt.Fprintf(buf, "<li>%s%s</li>\n", by, esc(ans.Text))
	}
	buf.WriteString("</ul>\n")
}

// shade is a fill for a value from lo to hi on a light-to-dark blue ramp,
// and whether text on it should be light; it is never the only signal.
func shade(v, lo, hi float64) (fill string, light bool) {
	ramp := []string{"#eef3fa", "#d3e0f2", "#a9c3e6", "#7ba2d6", "#4f7fc1", "#2f5d9e", "#1f4277"}
	t := (v - lo) / (hi - lo)
	i := int(t*float64(len(ramp)-1) + 0.5)
	i = max(0, min(i, len(ramp)-1))
	return ramp[i], i >= 4
}

// svgText writes a text element; s is escaped.
func svgText(buf *bytes.Buffer, x, y float64, anchor, class, s string) {
	fmt.Fprintf(buf, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"", x, y, anchor)
	if class != "" {
		fmt.Fprintf(buf, " class=\"%s\"", class)
	}
	fmt.Fprintf(buf, ">%s</text>\n", esc(s))
}

// svgOpen starts a chart of width x height with its accessible title.
func svgOpen(buf *bytes.Buffer, class string, width, height int, title string) {
	fmt.Fprintf(buf, "<svg class=\"chart %s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>%s</title>\n",
		class, width, height, width, height, esc(title))
}

// anonymousOrgs says, in HTML, why organisations may be missing.
func anonymousOrgs(buf *bytes.Buffer, an exercises.Anonymity) {
	if an == exercises.Anonymous {
		fmt.Fprintf(buf, "<p class=\"meta\">%s</p>\n", esc(singleRespondentNote[:len(singleRespondentNote)-2]))
	}
}
