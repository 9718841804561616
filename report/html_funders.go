package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"commonground/exercises/funders"
)

// Funder alignment charts: the funders × goals heat map, each cell with
// its mean, the number of ratings and ‼ where organisations disagree;
// then the influence × alignment grid with its four quadrants named.
const (
	fmNameW  = 230
	fmCellW  = 74
	fmRowH   = 28
	gridW    = 560
	gridH    = 400
	gridDotR = 7
)

// html draws the matrix and the grid, then lists who knows which funder
// and the plan.
func (fundersSection) html(buf *bytes.Buffer, a *Activity) {
	f := a.Results.(*Funders)
	if len(f.Goals) > 0 {
		buf.WriteString("<h3>Goals</h3>\n<table>\n<tr><th>Goal</th><th class=\"num\">Funders rated</th><th class=\"num\">Covering</th><th class=\"num\">Mean</th><th></th></tr>\n")
		for _, g := range f.Goals {
			gap := ""
			if g.Gap {
				gap = "<strong>✗ gap: no funder covers it</strong>"
			}
			fmt.Fprintf(buf, "<tr><td>G%d. %s</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%s</td><td>%s</td></tr>\n",
				g.ID, esc(g.Text), g.Rated, g.Covering, decimal(g.Mean), gap)
		}
		buf.WriteString("</table>\n")
	}
	if len(f.Funders) == 0 {
		buf.WriteString("<p>No funders yet.</p>\n")
		return
	}
	buf.WriteString("<h3>Funders × goals</h3>\n<figure>\n")
	cols := len(f.Goals)
	svgOpen(buf, "funders-heatmap", fmNameW+fmCellW*cols+120, fmRowH*(len(f.Funders)+1)+30, "Each funder's mean alignment with each goal, 0 none to 3 strong")
	for j, g := range f.Goals {
		label := fmt.Sprintf("G%d", g.ID)
		if g.Gap {
			label += " ✗"
		}
		svgText(buf, float64(fmNameW+j*fmCellW+fmCellW/2), 18, "middle", "label", label)
	}
	svgText(buf, float64(fmNameW+cols*fmCellW+8), 18, "start", "label", "covers · aln · inf")
	for i, fu := range f.Funders {
		y := float64((i+1)*fmRowH + 4)
		svgText(buf, 0, y+18, "start", "", truncate(fu.Label+" "+fu.Name, 32))
		for j, c := range fu.Cells {
			x := float64(fmNameW + j*fmCellW)
			if c.Mean == nil {
				fmt.Fprintf(buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#d5dae1\"/>\n", x, y, fmCellW-3, fmRowH-3)
				svgText(buf, x+fmCellW/2, y+18, "middle", "", "–")
				continue
			}
			fill, light := shade(*c.Mean, 0, 3)
			fmt.Fprintf(buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s on G%d: mean %s of %d ratings, %d don't know</title></rect>\n",
				x, y, fmCellW-3, fmRowH-3, fill, esc(fu.Name), c.Goal, decimal(c.Mean), c.N, c.DontKnow)
			text := decimal(c.Mean) + " ·" + strconv.Itoa(c.N)
			if c.Disagree {
				text += " ‼"
			}
			class := ""
			if light {
				class = "light"
			}
			svgText(buf, x+fmCellW/2, y+18, "middle", class, text)
		}
		svgText(buf, float64(fmNameW+cols*fmCellW+8), y+18, "start", "", fmt.Sprintf("%d · %s · %s", fu.Covers, decimal(fu.Alignment), decimal(fu.Influence)))
	}
	buf.WriteString("</svg>\n<figcaption>Mean alignment (0 none … 3 strong) · number of ratings; \"don't know\" counts in no mean. ‼ organisations disagree by 2 or more; ✗ a goal no funder covers (no mean of 2 or more). Darker is more aligned.</figcaption>\n</figure>\n")
	fundersGridHTML(buf, f)

	buf.WriteString("<h3>Who knows whom</h3>\n<table>\n<tr><th>Funder</th><th>Kind</th><th>Focus</th><th>Organisations and their relationship, closest first</th></tr>\n")
	for _, fu := range f.Funders {
		var rel []string
		for _, r := range fu.Relationships {
			rel = append(rel, esc(r.Org)+": "+esc(r.Relationship.Words()))
		}
		fmt.Fprintf(buf, "<tr><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(fu.Label), esc(fu.Name), esc(fu.Kind), esc(fu.Focus), strings.Join(rel, "; "))
	}
	buf.WriteString("</table>\n")
	if len(f.Plan) > 0 {
		buf.WriteString("<h3>Plan</h3>\n<table>\n<tr><th>Funder</th><th>Who talks to them</th><th>Asks for</th><th>Due</th><th>Status</th></tr>\n")
		for _, p := range f.Plan {
			var asks []string
			for _, ask := range p.Asks {
				asks = append(asks, string(ask))
			}
			fmt.Fprintf(buf, "<tr><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				esc(p.Funder), esc(p.Name), esc(p.Owner.String()), esc(strings.Join(asks, ", ")), esc(p.Due), esc(string(p.Status)))
		}
		buf.WriteString("</table>\n")
	}
}

// fundersGridHTML draws influence against alignment, the quadrants named in
// their corners and every funder with both placed and labelled.
func fundersGridHTML(buf *bytes.Buffer, f *Funders) {
	buf.WriteString("<h3>Influence and alignment</h3>\n<figure>\n")
	svgOpen(buf, "funders-grid", gridW, gridH, "Each funder's influence in the field against its alignment with the goals")
	q := quadrants{w: gridW, h: gridH, xLo: 0, xHi: 3, yLo: 1, yHi: 5, midX: funders.AlignmentHigh, midY: funders.InfluenceHigh,
		names: [4]string{"CULTIVATE", "APPROACH EARLY", "KEEP INFORMED", "ALLIES"}, shaded: 1, shade: "#e8f2e8",
		xLabel: "alignment with the goals → (0 … 3)", yLabel: "influence → (1 … 5)"}
	q.frame(buf)
	placed := 0
	for _, fu := range f.Funders {
		if fu.Alignment == nil || fu.Influence == nil {
			continue
		}
		placed++
		x, y := q.at(*fu.Alignment, *fu.Influence)
		fmt.Fprintf(buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"#2f5d9e\" class=\"funder\"><title>%s %s: alignment %s, influence %s, %s</title></circle>\n",
			x, y, gridDotR, esc(fu.Label), esc(fu.Name), decimal(fu.Alignment), decimal(fu.Influence), esc(string(fu.Quadrant)))
		svgText(buf, x+gridDotR+3, y+4, "start", "label", fu.Label)
	}
	buf.WriteString("</svg>\n<figcaption>Each funder at its mean alignment and influence; on a line counts as above it.")
	if n := len(f.Funders) - placed; n > 0 {
		fmt.Fprintf(buf, " %s without both ratings, not placed.", count(n, "funder", "funders"))
	}
	buf.WriteString("</figcaption>\n</figure>\n<table>\n<tr><th>Quadrant</th><th>Funders</th></tr>\n")
	for _, q := range f.Grid {
		list := "none"
		if len(q.Funders) > 0 {
			list = strings.Join(q.Funders, ", ")
		}
		fmt.Fprintf(buf, "<tr><td>%s</td><td>%s</td></tr>\n", esc(string(q.Quadrant)), esc(list))
	}
	buf.WriteString("</table>\n")
}
