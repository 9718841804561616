package report

import (
	"bytes"
	"fmt"
	"strings"
)

// gradientFill colours the gradients of agreement: greens for support
// (1-3), greys for abstaining and discussing (4-5), oranges to red for
// objections (6-8). Every part is labelled with its value as well.
func gradientFill(v int) (string, bool) {
	ramp := []string{"#1e6b3a", "#3f8f55", "#8cc08f", "#d9dde3", "#b9c0ca", "#f2b27a", "#d9622b", "#a3191c"}
	if v < 1 || v > len(ramp) {
		return "#d9dde3", false
	}
	return ramp[v-1], v <= 2 || v >= 7
}

// html writes the issue, the positions side by side, the interests with
// the common ground first, the options with each poll's distribution (for
// everyone and per party) and its objections, then the agreements and the
// open questions.
func (conflictSection) html(buf *bytes.Buffer, a *Activity) {
	c := a.Results.(*Conflict)
	if c.Issue != "" {
		fmt.Fprintf(buf, "<h3>Issue</h3>\n<p>%s</p>\n", esc(c.Issue))
	}
	if len(c.Rules) > 0 {
		buf.WriteString("<p><strong>Ground rules:</strong></p>\n<ul>\n")
		for _, r := range c.Rules {
			fmt.Fprintf(buf, "<li>%s</li>\n", esc(r))
		}
		buf.WriteString("</ul>\n")
	}
	if len(c.Parties) > 0 {
		buf.WriteString("<h3>Positions</h3>\n<table class=\"positions\">\n<tr>")
		for _, p := range c.Parties {
			fmt.Fprintf(buf, "<th>%s (%s)</th>", esc(p.Name), people(p.Members))
		}
		buf.WriteString("</tr>\n<tr>")
		for _, p := range c.Parties {
			text := p.Position
			if text == "" {
				text = "–"
			}
			fmt.Fprintf(buf, "<td>%s</td>", esc(text))
		}
		buf.WriteString("</tr>\n</table>\n")
	}
	if len(c.Interests) > 0 {
		buf.WriteString("<h3>Interests, common ground first</h3>\n<table>\n<tr><th>#</th><th>Interest</th><th>Kind</th><th>Party</th><th>Standing</th><th>Marked by</th></tr>\n")
		for _, in := range c.Interests {
			fmt.Fprintf(buf, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s (%d)</td></tr>\n",
				esc(in.Label), esc(in.Text), esc(in.Kind), esc(in.Party), esc(in.Standing.Label()), esc(strings.Join(in.MarkedBy, ", ")), in.Marks)
		}
		buf.WriteString("</table>\n")
	}
	if len(c.Criteria) > 0 {
		buf.WriteString("<h3>Criteria</h3>\n<ul>\n")
		for _, cr := range c.Criteria {
			fmt.Fprintf(buf, "<li>%s</li>\n", esc(cr))
		}
		buf.WriteString("</ul>\n")
	}
	for _, o := range c.Options {
		fmt.Fprintf(buf, "<h3>%s %s</h3>\n", esc(o.Label), esc(o.Text))
		if len(o.Serves) > 0 {
			fmt.Fprintf(buf, "<p class=\"meta\">Serves %s</p>\n", esc(strings.Join(o.Serves, ", ")))
		}
		for _, p := range o.Polls {
			conflictPollHTML(buf, o, p)
		}
	}
	if len(c.Agreements) > 0 {
		buf.WriteString("<h3>Agreements</h3>\n<table>\n<tr><th>Agreement</th><th>Owner</th><th>Date</th><th></th></tr>\n")
		for _, ag := range c.Agreements {
			status := ""
			if ag.Withdrawn {
				status = "withdrawn"
			}
			fmt.Fprintf(buf, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(ag.Text), esc(ag.Owner.String()), esc(ag.Date), status)
		}
		buf.WriteString("</table>\n")
	}
	if len(c.Questions) > 0 {
		buf.WriteString("<h3>Open questions</h3>\n<ul>\n")
		for _, q := range c.Questions {
			fmt.Fprintf(buf, "<li>%s</li>\n", esc(q))
		}
		buf.WriteString("</ul>\n")
	}
}

// conflictPollHTML draws one poll of an option: its distribution for
// everyone and per party, then every serious disagreement and block.
func conflictPollHTML(buf *bytes.Buffer, o ConflictOption, p ConflictPoll) {
	if p.N == 0 {
		fmt.Fprintf(buf, "<p>Poll %d: no ratings.</p>\n", p.Poll)
		return
	}
	rows := []barRow{{label: "everyone", counts: p.Distribution[:], note: people(p.N)}}
	for _, pp := range p.Parties {
		party := pp.Party
		if party == "" {
			party = "no party"
		}
		rows = append(rows, barRow{label: party, counts: pp.Distribution[:], note: people(pp.N)})
	}
	buf.WriteString("<figure>\n")
	distributionChart(buf, "conflict-poll", fmt.Sprintf("%s, poll %d, on the gradients of agreement", o.Label, p.Poll), rows, 1,
		gradientFill, func(v int) string { return p.Scale[v-1] }, "each part: value×ratings; 1 whole-hearted endorsement … 8 block")
	fmt.Fprintf(buf, "<figcaption>Poll %d of “%s”. Green supports, grey abstains or asks for discussion, orange to red objects; every part says its value.</figcaption>\n</figure>\n", p.Poll, esc(p.Text))
	if len(p.Objections) > 0 {
		buf.WriteString("<table>\n<tr><th>Rating</th><th>Party</th><th>Who</th><th>Comment</th></tr>\n")
		for _, ob := range p.Objections {
			who := "–"
			if ob.Author != nil {
				who = ob.Author.String()
			}
			fmt.Fprintf(buf, "<tr><td><strong>%d · %s</strong></td><td>%s</td><td>%s</td><td>%s</td></tr>\n", ob.Value, esc(ob.Label), esc(ob.Party), esc(who), esc(ob.Comment))
		}
		buf.WriteString("</table>\n")
	}
}
