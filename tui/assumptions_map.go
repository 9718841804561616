package tui

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/session"
)

// Glyphs of assumption mapping.
const (
	glyphContested  = "‼" // a card partners rate apart; text presentation, one cell
	glyphHiddenCard = "⊘" // a card the facilitator hid, shown to the facilitator only
	glyphMarked     = "●" // a card marked for a merge or a cluster
	glyphProposed   = "◌"
	glyphConfirmed  = "✓"
	glyphRejected   = "✗"
)

// gutter is the room left before each selectable row of a shared drawing,
// where a connection draws its cursor and marks.
const gutter = "   "

// wallDrawing returns activity i's assumption-mapping results for its
// current phase — the wall, the map (or its organisations, o) or the plan —
// drawn once per state, width, audience, view and plot rows and shared by
// every connection. h is the height the block is shown in; the map's plot
// grows with it.
func (v *assumptionsView) wallDrawing(m *Model, i, w, h int, aud audience) drawing {
	snap, s := m.snap, m.styles
	act := snap.Activities[i]
	view, rows := viewMain, 0
	switch phaseName(act) {
	case phaseRate, phaseMap:
		if v.orgs {
			view = viewOrgs
		} else {
			rows = mapRows(h)
		}
	}
	k := resultsKey{state: stateOf(snap), activity: i, width: w, aud: aud, styles: s, view: view, rows: rows}
	return sharedResults.get(k, func() drawing {
		d := &drawer{resultsWriter: resultsWriter{w: w, s: s, aud: aud, anon: act.Strictest, snap: snap}}
		switch phaseName(act) {
		case phaseCollect, phaseGroup:
			d.wall(snap, i)
		case phaseRate, phaseMap:
			if view == viewOrgs {
				d.orgs(assumptions.StatsOf(snap.Results(i)))
			} else {
				d.assumptionMap(assumptions.StatsOf(snap.Results(i)), rows)
			}
		case phasePlan:
			d.plan(snap, i)
		}
		return drawing{lines: d.lines, rows: d.rows}
	})
}

// drawer writes a results block with selectable rows.
type drawer struct {
	resultsWriter
	rows []drawnRow
}

// row adds the lines of one selectable row.
func (d *drawer) row(k rowKey, lines ...string) {
	first := len(d.lines)
	d.add(lines...)
	d.rows = append(d.rows, drawnRow{key: k, first: first, last: len(d.lines) - 1})
}

// pad is what goes before a selectable row: the gutter where a cursor can
// be drawn, or nothing on the projector.
func (d *drawer) pad(selectable bool) string {
	if selectable {
		return gutter
	}
	return ""
}

// authors shows who wrote a card as the audience may see them: names, or
// only the organisations, and how many people when the names are not shown
// and more than one wrote it (merged cards).
func (d *drawer) authors(c exercises.Card, people map[string]exercises.Person) []string {
	var parts []string
	seen := map[string]bool{}
	for _, id := range c.Authors {
		p, ok := people[id]
		if !ok {
			continue // a facilitator's own card: they did not join
		}
		if l := d.who(p); l != "" && !seen[l] {
			seen[l] = true
			parts = append(parts, l)
		}
	}
	var out []string
	if len(parts) > 0 {
		out = append(out, strings.Join(parts, ", "))
	}
	if d.aud != audFacilitator && d.anon != exercises.Named && len(c.Authors) > 1 {
		out = append(out, fmt.Sprintf("%d people", len(c.Authors)))
	}
	return out
}

// cardLines draws a card: its label and wrapped text, then a line with its
// category and authors.
func (d *drawer) cardLines(pad string, c exercises.Card, contested bool, meta []string) []string {
	s := d.s
	label := assumptions.Label(c.ID)
	if contested {
		label += glyphContested
	}
	textStyle, labelStyle := s.Text, s.Heading
	if c.Hidden {
		label = glyphHiddenCard + " " + label
		textStyle, labelStyle = s.Muted, s.Muted
	}
	indent := pad + strings.Repeat(" ", ansi.StringWidthWc(label)+1)
	text := wrap(c.Text, d.w-ansi.StringWidthWc(indent), textStyle)
	out := []string{pad + labelStyle.Render(label) + " " + text[0]}
	for _, l := range text[1:] {
		out = append(out, indent+l)
	}
	if line := strings.Join(meta, " · "); line != "" {
		out = append(out, wrapIndent(line, indent, d.w, s.Subtle)...)
	}
	return out
}

// wall draws the cards cluster by cluster. The facilitator also sees the
// hidden cards (dimmed, marked ⊘) and which cards were merged.
func (d *drawer) wall(snap *session.Snapshot, i int) {
	s, act := d.s, snap.Activities[i]
	fac := d.aud == audFacilitator
	names, by := wallClusters(assumptions.Of(act.Data).Cards(), fac)
	if len(names) == 0 {
		d.add(s.Muted.Render("No cards on the wall yet."))
		return
	}
	merged := map[int][]string{}
	for _, c := range assumptions.Of(act.Data).Cards() {
		if c.MergedInto != 0 {
			merged[c.MergedInto] = append(merged[c.MergedInto], assumptions.Label(c.ID))
		}
	}
	pad := d.pad(fac)
	for _, n := range names {
		cards := by[n]
		switch {
		case n != "":
			d.heading(fmt.Sprintf("%s · %d %s", n, len(cards), plural(len(cards), "card", "cards")))
		case len(names) > 1:
			d.heading(fmt.Sprintf("Not grouped · %d %s", len(cards), plural(len(cards), "card", "cards")))
		}
		for _, c := range cards {
			var meta []string
			if c.Hidden {
				meta = append(meta, "hidden from the wall")
			}
			if c.Category != "" {
				meta = append(meta, c.Category)
			}
			if fac && len(merged[c.ID]) > 0 {
				meta = append(meta, "merged "+strings.Join(merged[c.ID], ", "))
			}
			meta = append(meta, d.authors(c, snap.People)...)
			d.row(rowKey{card: c.ID}, d.cardLines(pad, c, false, meta)...)
		}
		d.gap()
	}
}

// Map geometry. The plot has a gutter for the importance ticks and a border
// on each side; around its rows go a title line, the two borders (which
// carry the quadrants' names) and the evidence ticks.
const (
	mapGutter      = 3
	mapChrome      = 4
	mapMinRows     = 5
	mapMaxRows     = 21
	mapDefaultRows = 11
	mapMinWidth    = 38 // the narrowest grid drawn beside its legend: a projector at 80 columns has 72
	legendMinWidth = 32
)

// mapRows is how many plot rows fit in h lines: odd, so that the axes cross
// on a middle row.
func mapRows(h int) int {
	rows := mapDefaultRows
	if h > 0 {
		rows = min(h-mapChrome, mapMaxRows)
	}
	rows = max(rows, mapMinRows)
	if rows%2 == 0 {
		rows--
	}
	return rows
}

// assumptionMap draws the 2×2 map with its legend: beside the grid when the
// width allows, else below it.
func (d *drawer) assumptionMap(stats []assumptions.CardStats, rows int) {
	gridW, legendW := d.w, d.w
	beside := d.w >= mapMinWidth+2+legendMinWidth
	if beside {
		gridW = min(max(d.w*11/20, mapMinWidth), 110)
		legendW = d.w - gridW - 2
	}
	grid, crowded := drawGrid(stats, gridW, rows, d.s)
	legend := d.legend(stats, crowded, legendW)
	if !beside {
		d.add(grid...)
		d.add("")
		d.add(legend...)
		return
	}
	for i := range max(len(grid), len(legend)) {
		var g, l string
		if i < len(grid) {
			g = grid[i]
		}
		if i < len(legend) {
			l = legend[i]
		}
		d.add(fit(g, gridW) + "  " + cut(l, legendW))
	}
}

// cellKind says how a cell of the map is painted.
type cellKind uint8

const (
	cellBlank cellKind = iota
	cellLine           // axes and borders
	cellName           // a quadrant's name
	cellTick
	cellLabel
	cellContested
)

// plot is the map's drawing area: rows × cols cells of one rune each (every
// glyph used is one cell wide), the axes crossing at assumptions.RateMid.
type plot struct {
	rows, cols int
	cx, cy     int
	cells      [][]rune
	kinds      [][]cellKind
}

func newPlot(rows, cols int) *plot {
	p := &plot{rows: rows, cols: cols, cells: make([][]rune, rows), kinds: make([][]cellKind, rows)}
	p.cx, p.cy = p.col(assumptions.RateMid), p.row(assumptions.RateMid)
	for r := range rows {
		p.cells[r] = []rune(strings.Repeat(" ", cols))
		p.kinds[r] = make([]cellKind, cols)
		p.cells[r][p.cx], p.kinds[r][p.cx] = '│', cellLine
	}
	for c := range cols {
		p.cells[p.cy][c], p.kinds[p.cy][c] = '─', cellLine
	}
	p.cells[p.cy][p.cx] = '┼'
	return p
}

// col is the column of an evidence value, row the row of an importance value.
func (p *plot) col(x float64) int {
	return int(math.Round((x - assumptions.RateMin) / (assumptions.RateMax - assumptions.RateMin) * float64(p.cols-1)))
}

func (p *plot) row(y float64) int {
	return int(math.Round((assumptions.RateMax - y) / (assumptions.RateMax - assumptions.RateMin) * float64(p.rows-1)))
}

// region is the quadrant's area inside the axes, a cell away from the
// lines, so that a card drawn near one still reads as being in its quadrant.
func (p *plot) region(q assumptions.Quadrant) (r0, r1, c0, c1 int) {
	r0, r1, c0, c1 = p.cy+1, p.rows-1, 1, p.cx-2
	if q == assumptions.TestFirst || q == assumptions.BuildOn {
		r0, r1 = 0, p.cy-1
	}
	if q == assumptions.BuildOn || q == assumptions.Park {
		c0, c1 = p.cx+2, p.cols-2
	}
	return r0, r1, c0, c1
}

// free reports whether no label takes a cell of row r from a to b.
func (p *plot) free(r, a, b int) bool {
	for c := max(a, 0); c <= min(b, p.cols-1); c++ {
		if p.kinds[r][c] >= cellLabel {
			return false
		}
	}
	return true
}

// place writes text as near as it can to (pr, pc) inside the region: on
// that row first, moving sideways, then on the rows around it, always with
// a blank cell between two labels. It reports false when there is no room.
func (p *plot) place(text string, kind cellKind, pr, pc, r0, r1, c0, c1 int) bool {
	n := utf8.RuneCountInString(text)
	if n > c1-c0+1 {
		return false
	}
	start := min(max(pc-n/2, c0), c1-n+1)
	for _, dr := range []int{0, -1, 1, -2, 2} {
		r := pr + dr
		if r < r0 || r > r1 {
			continue
		}
		for dist := 0; dist <= c1-c0; dist++ {
			for _, at := range []int{start + dist, start - dist} {
				if at < c0 || at+n-1 > c1 || !p.free(r, at-1, at+n) {
					continue
				}
				for k, ch := range []rune(text) {
					p.cells[r][at+k], p.kinds[r][at+k] = ch, kind
				}
				return true
			}
		}
	}
	return false
}

// paintRunes paints a line of cells, one style per run of a kind.
func paintRunes(cells []rune, kinds []cellKind, s *Styles) string {
	var b strings.Builder
	for i := 0; i < len(cells); {
		j := i
		for j < len(cells) && kinds[j] == kinds[i] {
			j++
		}
		run := string(cells[i:j])
		switch kinds[i] {
		case cellLine:
			run = s.Separator.Render(run)
		case cellName:
			run = s.Heading.Render(run)
		case cellTick:
			run = s.Subtle.Render(run)
		case cellLabel:
			run = s.Text.Render(run)
		case cellContested:
			run = s.Bad.Render(run)
		}
		b.WriteString(run)
		i = j
	}
	return b.String()
}

// writeAt puts text into a line of cells at a column when it fits on blank
// cells with a blank on each side.
func writeAt(cells []rune, kinds []cellKind, at int, text string, kind cellKind) {
	rs := []rune(text)
	if at < 0 || at+len(rs) > len(cells) {
		return
	}
	for c := max(at-1, 0); c <= min(at+len(rs), len(cells)-1); c++ {
		if cells[c] != ' ' {
			return
		}
	}
	for k, ch := range rs {
		cells[at+k], kinds[at+k] = ch, kind
	}
}

// borderLine is the plot's top or bottom border, with the two quadrants'
// names on it.
func (p *plot) borderLine(left, mid, right rune, leftName, rightName string, s *Styles) string {
	cells := []rune(strings.Repeat("─", p.cols))
	kinds := make([]cellKind, p.cols)
	for i := range kinds {
		kinds[i] = cellLine
	}
	cells[p.cx] = mid
	put := func(at, end int, name string) {
		name = " " + name + " "
		if n := utf8.RuneCountInString(name); at+n-1 <= end {
			for k, ch := range []rune(name) {
				cells[at+k], kinds[at+k] = ch, cellName
			}
		}
	}
	put(0, p.cx-1, leftName)
	put(p.cx+1, p.cols-1, rightName)
	return strings.Repeat(" ", mapGutter) + s.Separator.Render(string(left)) + paintRunes(cells, kinds, s) + s.Separator.Render(string(right))
}

// drawGrid draws the map's grid in w cells with rows plot rows, each rated
// card at its means by its label. Cards at the same place share one label
// ("A1,A4" or "A1+2"); it returns the cards there was no room for.
func drawGrid(stats []assumptions.CardStats, w, rows int, s *Styles) ([]string, map[int]bool) {
	p := newPlot(rows, max(w-mapGutter-2, 9))
	type spot struct{ r, c int }
	buckets := map[spot][]assumptions.CardStats{}
	var spots []spot
	for _, st := range stats {
		if st.N == 0 {
			continue
		}
		r0, r1, c0, c1 := p.region(st.Quadrant)
		at := spot{min(max(p.row(st.Importance.Mean), r0), r1), min(max(p.col(st.Evidence.Mean), c0), c1)}
		if _, ok := buckets[at]; !ok {
			spots = append(spots, at)
		}
		buckets[at] = append(buckets[at], st)
	}
	// The contested and the most rated are placed first, nearest their spot.
	for _, b := range buckets {
		sort.SliceStable(b, func(i, j int) bool { return placedBefore(b[i], b[j]) })
	}
	sort.SliceStable(spots, func(i, j int) bool { return placedBefore(buckets[spots[i]][0], buckets[spots[j]][0]) })
	crowded := map[int]bool{}
	for _, at := range spots {
		b := buckets[at]
		text, kind := mapLabel(b[0]), cellLabel
		for _, st := range b {
			if st.Contested {
				kind = cellContested
			}
		}
		switch {
		case len(b) == 2:
			text += "," + mapLabel(b[1])
		case len(b) > 2:
			text += fmt.Sprintf("+%d", len(b)-1)
		}
		r0, r1, c0, c1 := p.region(b[0].Quadrant)
		if !p.place(text, kind, at.r, at.c, r0, r1, c0, c1) {
			for _, st := range b {
				crowded[st.Card.ID] = true
			}
		}
	}

	ticks := map[int]int{}
	for y := assumptions.RateMin; y <= assumptions.RateMax; y++ {
		ticks[p.row(float64(y))] = y
	}
	out := []string{
		s.Subtle.Render("▲ importance · evidence ▶"),
		p.borderLine('┌', '┬', '┐', string(assumptions.TestFirst), string(assumptions.BuildOn), s),
	}
	for r := range rows {
		tick := strings.Repeat(" ", mapGutter)
		if y, ok := ticks[r]; ok {
			tick = s.Subtle.Render(fmt.Sprintf("%2d ", y))
		}
		left, right := "│", "│"
		if r == p.cy {
			left, right = "├", "┤"
		}
		out = append(out, tick+s.Separator.Render(left)+paintRunes(p.cells[r], p.kinds[r], s)+s.Separator.Render(right))
	}
	out = append(out, p.borderLine('└', '┴', '┘', string(assumptions.Watch), string(assumptions.Park), s))

	cells := []rune(strings.Repeat(" ", p.cols))
	kinds := make([]cellKind, p.cols)
	for x := assumptions.RateMin; x <= assumptions.RateMax; x++ {
		c := p.col(float64(x))
		cells[c], kinds[c] = rune('0'+x), cellTick
	}
	writeAt(cells, kinds, 2, "weak", cellTick)
	writeAt(cells, kinds, p.cols-len("strong")-2, "strong", cellTick)
	out = append(out, strings.Repeat(" ", mapGutter+1)+paintRunes(cells, kinds, s))
	return out, crowded
}

// placedBefore orders cards for the map: contested, then most rated, then
// in wall order.
func placedBefore(a, b assumptions.CardStats) bool {
	if a.Contested != b.Contested {
		return a.Contested
	}
	if a.N != b.N {
		return a.N > b.N
	}
	return a.Card.ID < b.Card.ID
}

// mapLabel is a card's label on the map: "A4", or "A4‼" when contested.
func mapLabel(st assumptions.CardStats) string {
	if st.Contested {
		return assumptions.Label(st.Card.ID) + glyphContested
	}
	return assumptions.Label(st.Card.ID)
}

// legend lists the cards by quadrant with their mean importance and
// evidence and their text, shortened to the width.
func (d *drawer) legend(stats []assumptions.CardStats, crowded map[int]bool, w int) []string {
	s := d.s
	if len(stats) == 0 {
		return []string{s.Muted.Render("No cards on the wall.")}
	}
	labelW := len("card")
	contested := false
	var unrated, notDrawn []string
	for _, st := range stats {
		labelW = max(labelW, utf8.RuneCountInString(mapLabel(st)))
		contested = contested || st.Contested
		if st.N == 0 {
			unrated = append(unrated, assumptions.Label(st.Card.ID))
		}
		if crowded[st.Card.ID] {
			notDrawn = append(notDrawn, assumptions.Label(st.Card.ID))
		}
	}
	var out []string
	if contested {
		note := glyphContested + " " + assumptions.ContestedRule
		if d.aud != audScreen {
			note += " · o: by organisation"
		}
		out = append(out, wrap(note, w, s.Bad)...)
	}
	out = append(out, s.Subtle.Render(cut(fmt.Sprintf("%-*s %4s %4s  %s", labelW, "card", "imp", "ev", "assumption"), w)))
	for _, q := range assumptions.Quadrants() {
		var in []assumptions.CardStats
		for _, st := range stats {
			if st.Quadrant == q {
				in = append(in, st)
			}
		}
		if len(in) == 0 {
			continue
		}
		out = append(out, s.Heading.Render(cut(fmt.Sprintf("%s · %d", q, len(in)), w)))
		for _, st := range in {
			label := fmt.Sprintf("%-*s", labelW, mapLabel(st))
			if st.Contested {
				label = s.Bad.Render(label)
			}
			nums := fmt.Sprintf(" %4s %4s  ", meanText(st.Importance.Mean), meanText(st.Evidence.Mean))
			out = append(out, cut(label+s.Subtle.Render(nums)+s.Text.Render(st.Card.Text), w))
		}
	}
	if len(unrated) > 0 {
		out = append(out, wrap("not rated yet: "+strings.Join(unrated, ", "), w, s.Muted)...)
	}
	if len(notDrawn) > 0 {
		out = append(out, wrap("no room on the grid: "+strings.Join(notDrawn, ", "), w, s.Muted)...)
	}
	return out
}

// orgs shows, for each contested card, every organisation's mean importance
// and evidence side by side.
func (d *drawer) orgs(stats []assumptions.CardStats) {
	s := d.s
	d.add(wrap("Contested cards: how each organisation rated them (mean of 1–5).", d.w, s.Subtle)...)
	contested := assumptions.Contested(stats)
	if len(contested) == 0 {
		d.add(s.Muted.Render("No card is contested: the partners rate every card alike."))
		return
	}
	orgW := 4
	for _, st := range contested {
		for _, o := range st.Orgs {
			orgW = max(orgW, ansi.StringWidthWc(o.Org))
		}
	}
	imp, ev := "importance", "evidence"
	const fixed = 3 + 2 + 1 + 5 + 1 + 3 + 2 + 1 + 5 + 1 + 3 + 2 + 5 // around the names and the org
	if d.w-fixed-len(imp)-len(ev) < 12 {
		imp, ev = "imp", "ev"
	}
	orgW = min(orgW, max(d.w-fixed-len(imp)-len(ev), 4))
	for _, st := range contested {
		d.gap()
		d.add(s.Bad.Render(mapLabel(st)) + " " + s.Heading.Render(st.Card.Text))
		orgs := shownOrgs(&d.resultsWriter, st.Orgs, func(o assumptions.OrgMeans) int { return o.N })
		// The gap of the organisations shown only: one left out, with a
		// single rater, would tell that person's rating.
		gap := meanText(assumptions.OrgGap(orgs))
		if len(orgs) < len(st.Orgs) && len(orgs) < 2 {
			gap = "–"
		}
		d.add(s.Subtle.Render(fmt.Sprintf("   gap between organisations %s · spread %s · %d %s",
			gap, meanText(st.Spread), st.N, plural(st.N, "rating", "ratings"))))
		for _, o := range orgs {
			d.add(fmt.Sprintf("   %s  %s %s %s  %s %s %s  %s", fit(s.Text.Render(o.Org), orgW),
				s.Subtle.Render(imp), s.Good.Render(bar5(o.Importance)), meanText(o.Importance),
				s.Subtle.Render(ev), s.Good.Render(bar5(o.Evidence)), meanText(o.Evidence),
				s.Subtle.Render(fmt.Sprintf("n=%d", o.N))))
		}
	}
}

// bar5 draws a mean on the 1-5 scale as five cells.
func bar5(mean float64) string {
	n := min(max(int(math.Round(mean)), 0), assumptions.RateMax)
	return strings.Repeat("█", n) + strings.Repeat("░", assumptions.RateMax-n)
}

// plan lists the "test first" cards, each with the actions proposed for
// it, then the actions on other cards.
func (d *drawer) plan(snap *session.Snapshot, i int) {
	s, act := d.s, snap.Activities[i]
	pad := d.pad(d.aud != audScreen)
	cards := testFirst(assumptions.StatsOf(snap.Results(i)))
	if len(cards) == 0 {
		d.add(s.Muted.Render("No card is in “test first”: there is nothing to plan."))
	}
	for _, st := range cards {
		meta := []string{fmt.Sprintf("importance %s · evidence %s", meanText(st.Importance.Mean), meanText(st.Evidence.Mean))}
		if st.Contested {
			meta = append(meta, "contested")
		}
		d.row(rowKey{card: st.Card.ID}, d.cardLines(pad, st.Card, st.Contested, meta)...)
		n := 0
		for _, a := range assumptions.Of(act.Data).ActionItems() {
			if a.CardID == st.Card.ID {
				d.row(rowKey{card: a.CardID, action: a.ID}, d.actionLines(pad+"   ", "", a, snap.People)...)
				n++
			}
		}
		if n == 0 {
			d.add(pad + "   " + s.Muted.Render("no action yet · a proposes one"))
		}
		d.gap()
	}
	planned := map[int]bool{}
	for _, st := range cards {
		planned[st.Card.ID] = true
	}
	heading := false
	for _, a := range assumptions.Of(act.Data).ActionItems() {
		if planned[a.CardID] {
			continue
		}
		if !heading {
			d.heading("Actions on other cards")
			heading = true
		}
		d.row(rowKey{card: a.CardID, action: a.ID}, d.actionLines(pad, assumptions.Label(a.CardID)+" ", a, snap.People)...)
	}
}

// actionLines draws an action: its status and text, then its owner and due
// date.
func (d *drawer) actionLines(indent, prefix string, a exercises.ActionItem, people map[string]exercises.Person) []string {
	s := d.s
	glyph, style, status := glyphProposed, s.Warn, "proposed"
	switch a.Status {
	case exercises.Confirmed:
		glyph, style, status = glyphConfirmed, s.Good, "confirmed"
	case exercises.Rejected:
		glyph, style, status = glyphRejected, s.Muted, "rejected"
	}
	head := prefix + glyph + " "
	hang := indent + strings.Repeat(" ", ansi.StringWidthWc(head))
	text := wrap(a.Text, d.w-ansi.StringWidthWc(hang), s.Text)
	out := []string{indent + style.Render(head) + text[0]}
	for _, l := range text[1:] {
		out = append(out, hang+l)
	}
	meta := []string{status}
	if a.Typed() {
		// Someone outside the workshop, named as typed.
		meta = append(meta, typedOwner(a))
	} else {
		owner := people[a.Owner]
		owner.Org = a.Org // the organisation they were in when it was planned
		if who := d.who(owner); who != "" {
			meta = append(meta, who)
		}
	}
	meta = append(meta, "due "+a.Due)
	return append(out, wrapIndent(strings.Join(meta, " · "), hang, d.w, s.Subtle)...)
}

// overlay returns a drawing's lines with the selection's cursor and the
// marks drawn into the rows' gutters, and the lines of the selected row
// (-1, -1 when it is not drawn). The shared lines are not changed.
func overlay(m *Model, d drawing, sel rowKey, marked map[int]bool) (lines []string, first, last int) {
	s := m.styles
	lines, first, last = d.lines, -1, -1
	copied := false
	for _, r := range d.rows {
		isSel := r.key == sel
		isMarked := r.key.action == 0 && marked[r.key.card]
		if !isSel && !isMarked {
			continue
		}
		if !copied {
			lines, copied = append([]string(nil), d.lines...), true
		}
		cursor, mark := " ", " "
		if isSel {
			cursor = s.Title.Render(glyphCursor)
			first, last = r.first, r.last
		}
		if isMarked {
			mark = s.Emphasis.Render(glyphMarked)
		}
		for i := r.first; i <= r.last; i++ {
			rest := strings.TrimPrefix(lines[i], gutter)
			if isSel {
				rest = s.Selected.Render(ansi.Strip(rest))
			}
			if i == r.first {
				lines[i] = cursor + mark + " " + rest
			} else {
				lines[i] = gutter + rest
			}
		}
	}
	return lines, first, last
}

// followSelection scrolls a window of h lines so that lines first..last
// show, when the selection moved since the last frame.
func (v *selection) followSelection(m *Model, first, last, h int) {
	if !v.follow || first < 0 || h <= 0 {
		return
	}
	v.follow = false
	last = min(last, first+h-1)
	if first < m.scroll {
		m.scroll = first
	}
	if last >= m.scroll+h {
		m.scroll = last - h + 1
	}
}

// typedOwner is how a typed owner reads: "Name (Org)", or either alone.
func typedOwner(a exercises.ActionItem) string {
	switch {
	case a.OwnerName == "":
		return a.Org
	case a.Org == "":
		return a.OwnerName
	}
	return a.OwnerName + " (" + a.Org + ")"
}
