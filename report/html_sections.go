package report

import (
	"bytes"
	"fmt"

	"commonground/exercises/assumptions"
)

// html lists the round's answers.
func (checkinSection) html(buf *bytes.Buffer, a *Activity) { answersHTML(buf, a.Answers) }

// Willingness charts: one bar per statement, split by the answers given
// (0 I block ... 5 I will champion it), each part labelled with its value
// and count; then each organisation's profile as a heat map of its means,
// every cell with its number.
const (
	barLabelW = 250 // the statements' column
	barW      = 360 // the bar itself
	barRowH   = 30
	heatCellW = 44
	heatRowH  = 26
	heatOrgW  = 180
)

// html draws the distributions and the organisations' profiles, then lists
// the concerns with their comments.
func (willingnessSection) html(buf *bytes.Buffer, a *Activity) {
	w := a.Results.(*Willingness)
	if w.Respondents == 0 {
		buf.WriteString("<p>No answers yet.</p>\n")
		return
	}
	fmt.Fprintf(buf, "<p>%s answered.</p>\n<figure>\n", people(w.Respondents))
	rows := make([]barRow, len(w.Statements))
	for i, st := range w.Statements {
		minimum := "–"
		if st.Min != nil {
			minimum = itoa(*st.Min)
		}
		rows[i] = barRow{label: fmt.Sprintf("S%d. %s", i+1, st.Statement), counts: st.Distribution[:], note: "mean " + number(st.Mean) + " · min " + minimum}
	}
	distributionChart(buf, "willingness-bars", "Answers per statement, from 0 (I block) to 5 (I will champion it)", rows, 0,
		func(v int) (string, bool) { return shade(float64(v), 0, 5) }, func(v int) string { return w.Scale[v] },
		"each part: value×answers; 0 = I block, 5 = I will champion it")
	buf.WriteString("<figcaption>Answers per statement. Darker is more willing; every part is labelled with its value and count.</figcaption>\n</figure>\n")

	if len(w.Orgs) > 0 {
		fmt.Fprintf(buf, "<h3>Organisations' profiles</h3>\n<figure>\n")
		cols := len(w.Statements)
		svgOpen(buf, "willingness-heatmap", heatOrgW+heatCellW*(cols+1)+10, heatRowH*(len(w.Orgs)+1)+10, "Each organisation's mean answer per statement")
		for j := range cols {
			svgText(buf, float64(heatOrgW+j*heatCellW+heatCellW/2), 16, "middle", "label", fmt.Sprintf("S%d", j+1))
		}
		svgText(buf, float64(heatOrgW+cols*heatCellW+heatCellW/2), 16, "middle", "label", "all")
		for i, o := range w.Orgs {
			y := float64((i+1)*heatRowH + 2)
			svgText(buf, 0, y+17, "start", "", fmt.Sprintf("%s (%d)", truncate(o.Org, 22), o.People))
			for j, m := range append(o.Means, o.Overall) {
				x := float64(heatOrgW + j*heatCellW)
				if m == nil {
					fmt.Fprintf(buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#d5dae1\"/>\n", x, y, heatCellW-2, heatRowH-2)
					svgText(buf, x+heatCellW/2, y+17, "middle", "", "–")
					continue
				}
				fill, light := shade(*m, 0, 5)
				fmt.Fprintf(buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, y, heatCellW-2, heatRowH-2, fill)
				class := ""
				if light {
					class = "light"
				}
				svgText(buf, x+heatCellW/2, y+17, "middle", class, number(m))
			}
		}
		buf.WriteString("</svg>\n<figcaption>Mean answer per organisation (people in brackets); – where nobody of it answered.</figcaption>\n</figure>\n")
		anonymousOrgs(buf, a.Anonymity)
	}

	buf.WriteString("<h3>Statements</h3>\n<table>\n<tr><th>#</th><th>Statement</th><th class=\"num\">Mean</th><th class=\"num\">N</th></tr>\n")
	for i, st := range w.Statements {
		fmt.Fprintf(buf, "<tr><td>S%d</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%d</td></tr>\n", i+1, esc(st.Statement), number(st.Mean), st.N)
	}
	buf.WriteString("</table>\n")
	if len(w.Concerns) > 0 {
		buf.WriteString("<h3>Blockers and reservations</h3>\n<table>\n<tr><th>Statement</th><th>Answer</th><th>Who</th><th>Comment</th></tr>\n")
		for _, c := range w.Concerns {
			who := "–"
			if c.Author != nil {
				who = c.Author.String()
			}
			fmt.Fprintf(buf, "<tr><td>S%d</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", c.Item, esc(w.valueWords(c.Value)), esc(who), esc(c.Comment))
		}
		buf.WriteString("</table>\n")
	}
}

// barRow is one bar of a distribution chart: its label, the answers per
// value, and a note after the bar.
type barRow struct {
	label  string
	counts []int
	note   string
}

// distributionChart draws one stacked bar per row, each part a value's
// answers labelled "value×answers" where it is wide enough (and in its
// tooltip always); first is the value of counts[0]; fill gives a value's
// colour and whether text on it is light, words its meaning.
func distributionChart(buf *bytes.Buffer, class, title string, rows []barRow, first int,
	fill func(v int) (string, bool), words func(v int) string, legend string) {
	height := barRowH*len(rows) + 40
	svgOpen(buf, class, barLabelW+barW+130, height, title)
	for i, r := range rows {
		y := float64(i*barRowH + 8)
		svgText(buf, 0, y+17, "start", "", truncate(r.label, 38))
		n := 0
		for _, c := range r.counts {
			n += c
		}
		x := float64(barLabelW)
		for j, c := range r.counts {
			if c == 0 {
				continue
			}
			v := first + j
			width := float64(barW) * float64(c) / float64(n)
			color, light := fill(v)
			fmt.Fprintf(buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"#fff\"><title>%d (%s): %d</title></rect>\n",
				x, y, width, barRowH-8, color, v, esc(words(v)), c)
			if width >= 22 {
				text := ""
				if light {
					text = "light"
				}
				svgText(buf, x+width/2, y+16, "middle", text, fmt.Sprintf("%d×%d", v, c))
			}
			x += width
		}
		svgText(buf, float64(barLabelW+barW+8), y+17, "start", "", r.note)
	}
	svgText(buf, float64(barLabelW), float64(height-8), "start", "", legend)
	buf.WriteString("</svg>\n")
}

// The assumption map: evidence across (weak to strong), importance up, the
// four quadrants named in their corners, every rated card placed by its
// means and labelled; a contested card is a diamond marked ‼, the others
// circles.
const (
	mapW, mapH   = 560, 420
	mapPad       = 46
	mapPointSize = 7
)

// html draws the map, then lists the cards and the actions.
func (assumptionsSection) html(buf *bytes.Buffer, a *Activity) {
	m := a.Results.(*Assumptions)
	if len(m.Cards) == 0 {
		buf.WriteString("<p>No cards yet.</p>\n")
		return
	}
	fmt.Fprintf(buf, "<p>%s rated by %s; %d contested.</p>\n<figure>\n", count(len(m.Cards), "card", "cards"), people(m.Raters), len(m.Contested))
	svgOpen(buf, "assumption-map", mapW, mapH, "The assumption map: importance against evidence")
	plotW, plotH := float64(mapW-2*mapPad), float64(mapH-2*mapPad)
	at := func(evidence, importance float64) (float64, float64) {
		return mapPad + (evidence-1)/4*plotW, mapPad + (5-importance)/4*plotH
	}
	midX, midY := at(assumptions.RateMid, assumptions.RateMid)
	fmt.Fprintf(buf, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"#fbfcfd\" stroke=\"#5b6573\"/>\n", mapPad, mapPad, plotW, plotH)
	fmt.Fprintf(buf, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#fdf0e6\"/>\n", mapPad, mapPad, midX-mapPad, midY-mapPad)
	fmt.Fprintf(buf, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#5b6573\" stroke-dasharray=\"4 3\"/>\n", midX, mapPad, midX, mapH-mapPad)
	fmt.Fprintf(buf, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#5b6573\" stroke-dasharray=\"4 3\"/>\n", mapPad, midY, mapW-mapPad, midY)
	svgText(buf, mapPad+6, mapPad+16, "start", "label", "TEST FIRST")
	svgText(buf, mapW-mapPad-6, mapPad+16, "end", "label", "BUILD ON")
	svgText(buf, mapPad+6, mapH-mapPad-8, "start", "label", "WATCH")
	svgText(buf, mapW-mapPad-6, mapH-mapPad-8, "end", "label", "PARK")
	svgText(buf, mapW/2, mapH-12, "middle", "", "evidence → (1 none … 5 strong)")
	fmt.Fprintf(buf, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">importance → (1 … 5)</text>\n", mapH/2, mapH/2)
	unrated := 0
	for _, c := range m.Cards {
		if c.Importance == nil || c.Evidence == nil {
			unrated++
			continue
		}
		x, y := at(*c.Evidence, *c.Importance)
		tip := fmt.Sprintf("%s: %s (importance %s, evidence %s)", c.Label, c.Text, number(c.Importance), number(c.Evidence))
		if c.Contested {
			fmt.Fprintf(buf, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#b3261e\" class=\"card contested\"><title>%s, contested</title></polygon>\n",
				x, y-mapPointSize-2, x+mapPointSize+2, y, x, y+mapPointSize+2, x-mapPointSize-2, y, esc(tip))
			svgText(buf, x+mapPointSize+4, y+4, "start", "label", c.Label+" ‼")
			continue
		}
		fmt.Fprintf(buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"#2f5d9e\" class=\"card\"><title>%s</title></circle>\n", x, y, mapPointSize, esc(tip))
		svgText(buf, x+mapPointSize+3, y+4, "start", "label", c.Label)
	}
	buf.WriteString("</svg>\n<figcaption>Each card at its mean evidence and importance. ◆ ‼ contested: the partners rate it furthest apart.")
	if unrated > 0 {
		fmt.Fprintf(buf, " %s not rated yet, not on the map.", count(unrated, "card", "cards"))
	}
	buf.WriteString("</figcaption>\n</figure>\n")

	buf.WriteString("<h3>Cards</h3>\n<table>\n<tr><th>Card</th><th>Assumption</th><th>Cluster</th><th class=\"num\">Importance</th><th class=\"num\">Evidence</th><th class=\"num\">N</th><th>Quadrant</th></tr>\n")
	for _, c := range m.Cards {
		label := esc(c.Label)
		if c.Contested {
			label = "<span class=\"contested\">" + label + " ‼</span>"
		}
		fmt.Fprintf(buf, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%d</td><td>%s</td></tr>\n",
			label, esc(c.Text), esc(c.Cluster), number(c.Importance), number(c.Evidence), c.N, esc(string(c.Quadrant)))
	}
	buf.WriteString("</table>\n")
	if len(m.Actions) > 0 {
		buf.WriteString("<h3>Actions</h3>\n<table>\n<tr><th>Card</th><th>Action</th><th>Owner</th><th>Due</th><th>Status</th></tr>\n")
		for _, act := range m.Actions {
			fmt.Fprintf(buf, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				esc(act.Card), esc(act.Text), esc(act.Owner.String()), esc(act.Due), esc(string(act.Status)))
		}
		buf.WriteString("</table>\n")
	}
}

// truncate shortens s to n characters with an ellipsis, for a chart's
// label; the table below the chart has the whole text.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
