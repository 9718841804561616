package report

import (
	"bytes"
	"fmt"
	"strconv"

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
			minimum = strconv.Itoa(*st.Min)
		}
		rows[i] = barRow{label: fmt.Sprintf("S%d. %s", i+1, st.Statement), counts: st.Distribution[:], note: "mean " + decimal(st.Mean) + " · min " + minimum}
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
				svgText(buf, x+heatCellW/2, y+17, "middle", class, decimal(m))
			}
		}
		buf.WriteString("</svg>\n<figcaption>Mean answer per organisation (people in brackets); – where nobody of it answered.</figcaption>\n</figure>\n")
		anonymousOrgs(buf, a.Anonymity)
	}

	buf.WriteString("<h3>Statements</h3>\n<table>\n<tr><th>#</th><th>Statement</th><th class=\"num\">Mean</th><th class=\"num\">N</th></tr>\n")
	for i, st := range w.Statements {
		fmt.Fprintf(buf, "<tr><td>S%d</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%d</td></tr>\n", i+1, esc(st.Statement), decimal(st.Mean), st.N)
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
	mapPointSize = 7
)

// quadrants is a 2×2 chart of w x h: a value from xLo to xHi across and
// one from yLo to yHi up, split at midX and midY, its quadrants named in
// their corners (top left, top right, bottom left, bottom right) and the
// one to act on first shaded.
type quadrants struct {
	w, h               int
	xLo, xHi, yLo, yHi float64
	midX, midY         float64
	names              [4]string
	shaded             int // index into names
	shade              string
	xLabel, yLabel     string
}

// quadrantPad is the room around a quadrant chart's plot for its labels.
const quadrantPad = 46

// at is where the values x and y are drawn.
func (q quadrants) at(x, y float64) (float64, float64) {
	plotW, plotH := float64(q.w-2*quadrantPad), float64(q.h-2*quadrantPad)
	return quadrantPad + (x-q.xLo)/(q.xHi-q.xLo)*plotW, quadrantPad + (q.yHi-y)/(q.yHi-q.yLo)*plotH
}

// frame draws the plot, the shaded quadrant, the split, the quadrants'
// names and the axes' labels.
func (q quadrants) frame(buf *bytes.Buffer) {
	pad, right, bottom := float64(quadrantPad), float64(q.w-quadrantPad), float64(q.h-quadrantPad)
	midX, midY := q.at(q.midX, q.midY)
	fmt.Fprintf(buf, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"#fbfcfd\" stroke=\"#5b6573\"/>\n", pad, pad, right-pad, bottom-pad)
	x0, y0, x1, y1 := pad, pad, midX, midY // the top left quadrant
	if q.shaded%2 == 1 {
		x0, x1 = midX, right
	}
	if q.shaded >= 2 {
		y0, y1 = midY, bottom
	}
	fmt.Fprintf(buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x0, y0, x1-x0, y1-y0, q.shade)
	fmt.Fprintf(buf, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#5b6573\" stroke-dasharray=\"4 3\"/>\n", midX, pad, midX, bottom)
	fmt.Fprintf(buf, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#5b6573\" stroke-dasharray=\"4 3\"/>\n", pad, midY, right, midY)
	svgText(buf, pad+6, pad+16, "start", "label", q.names[0])
	svgText(buf, right-6, pad+16, "end", "label", q.names[1])
	svgText(buf, pad+6, bottom-8, "start", "label", q.names[2])
	svgText(buf, right-6, bottom-8, "end", "label", q.names[3])
	svgText(buf, float64(q.w)/2, float64(q.h-12), "middle", "", q.xLabel)
	fmt.Fprintf(buf, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>\n", q.h/2, q.h/2, esc(q.yLabel))
}

// html draws the map, then lists the cards and the actions.
func (assumptionsSection) html(buf *bytes.Buffer, a *Activity) {
	m := a.Results.(*Assumptions)
	if len(m.Cards) == 0 {
		buf.WriteString("<p>No cards yet.</p>\n")
		return
	}
	fmt.Fprintf(buf, "<p>%s rated by %s; %d contested.</p>\n<figure>\n", count(len(m.Cards), "card", "cards"), people(m.Raters), len(m.Contested))
	svgOpen(buf, "assumption-map", mapW, mapH, "The assumption map: importance against evidence")
	q := quadrants{w: mapW, h: mapH, xLo: 1, xHi: 5, yLo: 1, yHi: 5, midX: assumptions.RateMid, midY: assumptions.RateMid,
		names: [4]string{"TEST FIRST", "BUILD ON", "WATCH", "PARK"}, shaded: 0, shade: "#fdf0e6",
		xLabel: "evidence → (1 none … 5 strong)", yLabel: "importance → (1 … 5)"}
	q.frame(buf)
	unrated := 0
	for _, c := range m.Cards {
		if c.Importance == nil || c.Evidence == nil {
			unrated++
			continue
		}
		x, y := q.at(*c.Evidence, *c.Importance)
		tip := fmt.Sprintf("%s: %s (importance %s, evidence %s)", c.Label, c.Text, decimal(c.Importance), decimal(c.Evidence))
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
			label, esc(c.Text), esc(c.Cluster), decimal(c.Importance), decimal(c.Evidence), c.N, esc(string(c.Quadrant)))
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
