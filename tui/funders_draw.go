package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"commonground/exercises"
	"commonground/exercises/funders"
	"commonground/session"
)

// Marks of the matrix: a cell's level in symbols as well as colour.
const (
	glyphCovers  = "▓" // a mean of funders.CoverMean or more: the funder covers the goal
	glyphSome    = "▒" // from 1.5
	glyphWeak    = "░" // from 0.5
	glyphNone    = "·" // below 0.5
	glyphUnrated = "–" // no value given, only "don't know" or nothing
	glyphGap     = "✗" // a goal no funder covers

	glyphSameFunder = "≈" // a funder whose name reads like one added before
)

// Widths of the matrix: a cell "▓ 2.3·12‼" and a space where the funders'
// names fit beside them, else "▓2.3‼" under each name; the totals after.
const (
	matrixCell    = 10
	matrixNarrow  = 6
	matrixNameMin = 16
	matrixTail    = 14 // " cov  aln  inf"
)

// level is a cell's mark and colour by its mean.
func level(s *Styles, c funders.Cell) (string, paint) {
	switch {
	case c.N == 0:
		return glyphUnrated, s.Muted
	case c.Covers():
		return glyphCovers, s.Scale[5]
	case c.Mean >= 1.5:
		return glyphSome, s.Scale[3]
	case c.Mean >= 0.5:
		return glyphWeak, s.Scale[2]
	}
	return glyphNone, s.Scale[0]
}

// closeness draws a relationship as three dots, closest full.
func closeness(r funders.Relationship) string {
	n := r.Closeness()
	return strings.Repeat("●", n) + strings.Repeat("○", 3-n)
}

// funderInstruction is what the participant is asked to do in the phase.
func funderInstruction(act *session.ActivityState) string {
	switch phaseName(act) {
	case funders.PhaseGoals:
		return "The facilitator sets the partnership's goals; next you add the funders you know."
	case funders.PhaseRate:
		return "Rate each funder: how well does it fit each goal (0 none … 3 strong), and how much influence does it have in the field (1-5)? d = don't know, which is not 0."
	case funders.PhaseMatrix:
		return "Which funders share our agenda, where the gaps are, and who knows whom."
	case funders.PhasePlan:
		return "Who talks to which funder first, and what do they ask for? Select a funder and press a."
	}
	return act.Activity.Prompt
}

// fundersDrawing returns activity i's results as shown (the goals, the
// wall, the matrix, the grid, the relationships or the plan), drawn once
// per state, width, audience and drawing and shared by every connection.
func fundersDrawing(m *Model, i, w int, aud audience, show wallView) drawing {
	snap, s := m.snap, m.styles
	act := snap.Activities[i]
	if show == viewMain {
		switch phaseName(act) {
		case funders.PhaseRate, funders.PhaseMatrix:
			show = viewFunderMatrix
		}
	}
	k := resultsKey{state: stateOf(snap), activity: i, width: w, aud: aud, styles: s, view: show}
	return sharedResults.get(k, func() drawing {
		d := &drawer{resultsWriter: resultsWriter{w: w, s: s, aud: aud, anon: act.Strictest, snap: snap}}
		res := funders.ResultsOf(snap.Results(i))
		switch show {
		case viewFunderMatrix:
			d.matrix(res)
		case viewFunderGrid:
			d.grid(res)
		case viewFunderRelations:
			d.relations(res)
		case viewFunderOrgs:
			d.funderOrgs(res)
		default:
			switch phaseName(act) {
			case funders.PhaseGoals:
				d.goals(goalsOf(act))
			case funders.PhaseFunders:
				d.funderWall(act, res)
			case funders.PhasePlan:
				d.funderPlan(snap, i, res)
			}
		}
		return drawing{lines: d.lines, rows: d.rows}
	})
}

// goals lists the goals, numbered.
func (d *drawer) goals(goals []funders.Goal) {
	s := d.s
	if len(goals) == 0 {
		d.add(s.Muted.Render("No goals yet."))
		return
	}
	pad := d.pad(d.aud == audFacilitator)
	for n, g := range goals {
		d.row(rowKey{card: g.ID}, wrapIndent(fmt.Sprintf("G%d  %s", n+1, g.Text), pad, d.w, s.Text)...)
	}
}

// relationLine is the organisations' relationships to a funder, closest
// first; the people are named only to the facilitator and in a named
// activity.
func (d *drawer) relationLine(rels []funders.OrgRelation) string {
	var parts []string
	for _, r := range rels {
		org := r.Org
		if org == "" {
			org = "no organisation given"
		}
		part := closeness(r.Relationship) + " " + org + " " + r.Relationship.Words()
		if d.aud == audFacilitator || d.anon == exercises.Named {
			var names []string
			for _, id := range r.People {
				if p, ok := d.snap.People[id]; ok {
					names = append(names, withMark(p.Shown(), d.snap, p))
				}
			}
			part += " (" + strings.Join(names, ", ") + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, " · ")
}

// funderWall lists the funders on the wall: name, kind, focus, the
// organisations' relationships and who added it. The facilitator also
// sees the hidden ones.
func (d *drawer) funderWall(act *session.ActivityState, res funders.Results) {
	s := d.s
	w := funders.Of(act.Data)
	pad := d.pad(d.aud == audFacilitator)
	var same map[int]int
	if d.aud == audFacilitator {
		same = funders.LikelySame(w.Funders())
	}
	n := 0
	for _, c := range w.Funders() {
		if c.MergedInto != 0 || (c.Hidden && d.aud != audFacilitator) {
			continue
		}
		n++
		label := funders.Label(c.ID)
		style := s.Heading
		if c.Hidden {
			label, style = glyphHiddenCard+" "+label, s.Muted
		}
		head := label + " " + c.Text + " · " + c.Category
		if f := w.Focus[c.ID]; f != "" {
			head += " · " + f
		}
		lines := wrapIndent(head, pad, d.w, style)
		if st, ok := res.Funder(c.ID); ok && len(st.Relations) > 0 { // a hidden funder has no results
			lines = append(lines, wrapIndent(d.relationLine(st.Relations), pad+"   ", d.w, s.Text)...)
		}
		if by := d.authors(c, d.snap.People); len(by) > 0 {
			lines = append(lines, wrapIndent("added by "+strings.Join(by, " · "), pad+"   ", d.w, s.Subtle)...)
		}
		if first, ok := same[c.ID]; ok {
			hint := fmt.Sprintf("%s perhaps the same as %s: mark it with space, select %s, press m", glyphSameFunder, funders.Label(first), funders.Label(first))
			lines = append(lines, wrapIndent(hint, pad+"   ", d.w, s.Emphasis)...)
		}
		d.row(rowKey{card: c.ID}, lines...)
	}
	if n == 0 {
		d.add(s.Muted.Render("No funders on the wall yet."))
	}
}

// matrix draws the funders × goals heat map: each cell's mean as a mark,
// the mean and the number of ratings, ‼ where organisations disagree; the
// funders grouped by the goals they cover, each with its totals; a row of
// totals per goal; and the gaps. Where the names do not fit beside the
// cells, each funder takes two lines, its name above its cells, and its
// number of ratings is given per row (fewest–most) rather than per cell.
func (d *drawer) matrix(res funders.Results) {
	s := d.s
	if len(res.Goals) == 0 {
		d.add(s.Muted.Render("No goals are set."))
		return
	}
	for n, g := range res.Goals {
		text := fmt.Sprintf("G%d %s", n+1, g.Goal.Text)
		if g.Gap {
			d.add(wrapIndent(text+"  "+glyphGap+" gap: no funder covers it", "   ", d.w, s.Warn)...)
			continue
		}
		d.add(wrapIndent(text, "   ", d.w, s.Text)...)
	}
	if len(res.Funders) == 0 {
		d.add(s.Muted.Render("No funders on the wall."))
		return
	}
	wide := d.w >= matrixNameMin+len(res.Goals)*matrixCell+matrixTail
	cellW, lead, tail := matrixCell, d.w-len(res.Goals)*matrixCell-matrixTail, " cov  aln  inf"
	if !wide {
		cellW, lead, tail = matrixNarrow, 0, " cov aln inf    n"
	}
	head := strings.Repeat(" ", lead)
	for n := range res.Goals {
		head += fmt.Sprintf("%-*s", cellW, fmt.Sprintf("G%d", n+1))
	}
	d.add("", s.Subtle.Render(cut(head+tail, d.w)))
	group := -1
	for _, f := range res.Funders {
		if f.Group != group {
			group = f.Group
			d.add(s.Subtle.Render(cut("── "+groupName(res, f.Group)+" ──", d.w)))
		}
		name := funders.Label(f.Funder.ID) + " " + f.Funder.Text
		line := s.Text.Render(fit(name, lead-1)) + " "
		if !wide {
			d.add(s.Text.Render(cut(name, d.w)))
			line = strings.Repeat(" ", lead)
		}
		lo, hi := -1, 0
		for _, c := range f.Cells {
			mark, style := level(s, c)
			text := fmt.Sprintf("%s %s·%d", mark, meanOrDash(c.Axis), c.N)
			if !wide {
				text = mark + meanOrDash(c.Axis)
			}
			if c.Disagree {
				text += glyphContested
			}
			line += style.Render(text) + strings.Repeat(" ", max(cellW-ansi.StringWidthWc(text), 1))
			if lo < 0 || c.N < lo {
				lo = c.N
			}
			hi = max(hi, c.N)
		}
		align := glyphUnrated
		if f.Rated {
			align = fmt.Sprintf("%.1f", exercises.Round(f.Alignment))
		}
		totals := " %4s %4s"
		if !wide {
			totals = " %3s %3s"
		}
		line += s.Heading.Render(fmt.Sprintf(" %3d", len(f.Covered))) + s.Text.Render(fmt.Sprintf(totals, align, meanOrDash(f.Influence)))
		if !wide {
			n := fmt.Sprint(hi)
			if lo != hi {
				n = fmt.Sprintf("%d–%d", lo, hi)
			}
			line += s.Subtle.Render(fmt.Sprintf(" %4s", n)) // "12–30" takes the space it needs
		}
		d.add(cut(line, d.w))
	}
	covered, means := fmt.Sprintf("%-*s", lead, "covered"), fmt.Sprintf("%-*s", lead, "mean")
	if !wide {
		d.add(s.Subtle.Render("covered by, mean of the funders:"))
		covered, means = strings.Repeat(" ", lead), strings.Repeat(" ", lead)
	}
	for _, g := range res.Goals {
		c := fmt.Sprintf("%d of %d", g.Covering, g.Rated)
		if !wide {
			c = fmt.Sprintf("%d/%d", g.Covering, g.Rated)
		}
		if g.Gap {
			c = glyphGap + " gap"
		}
		covered += fmt.Sprintf("%-*s", cellW, c)
		mean := glyphUnrated
		if g.Rated > 0 {
			mean = fmt.Sprintf("%.1f", exercises.Round(g.Mean))
		}
		means += fmt.Sprintf("%-*s", cellW, mean)
	}
	d.add(s.Heading.Render(cut(covered, d.w)), s.Subtle.Render(cut(means, d.w)), "")
	counts := "2.0·4 is a mean of 4 ratings"
	if !wide {
		counts = "n ratings per cell, fewest–most"
	}
	d.add(wrap(fmt.Sprintf("%s covers (≥ %.0f) · %s ≥ 1.5 · %s ≥ 0.5 · %s below · %s no value given · %s · %s organisations' means %.0f or more apart · "+
		"cov goals covered · aln mean alignment 0-3 · inf influence 1-5",
		glyphCovers, funders.CoverMean, glyphSome, glyphWeak, glyphNone, glyphUnrated, counts, glyphContested, funders.DisagreeGap), d.w, s.Muted)...)
}

// groupName says which goals a group of funders covers.
func groupName(res funders.Results, group int) string {
	if group >= len(res.Groups) || len(res.Groups[group].Goals) == 0 {
		return "covering no goal"
	}
	var labels []string
	for _, id := range res.Groups[group].Goals {
		for n, g := range res.Goals {
			if g.Goal.ID == id {
				labels = append(labels, fmt.Sprintf("G%d", n+1))
			}
		}
	}
	return "covering " + strings.Join(labels, " ")
}

func meanOrDash(a funders.Axis) string {
	if a.N == 0 {
		return glyphUnrated
	}
	return fmt.Sprintf("%.1f", exercises.Round(a.Mean))
}

// grid draws the influence × alignment grid: the four quadrants with
// their funders, influential on top, aligned on the right.
func (d *drawer) grid(res funders.Results) {
	s := d.s
	d.add(wrap(fmt.Sprintf("Each funder (influence 1-5, alignment with the goals 0-3): influential from %.0f, aligned from %.1f.",
		funders.InfluenceHigh, funders.AlignmentHigh), d.w, s.Subtle)...)
	in := map[funders.Quadrant][]string{}
	var unplaced []string
	for _, f := range approachOrder(res) {
		entry := fmt.Sprintf("%s %s (%s, %.1f)", funders.Label(f.Funder.ID), f.Funder.Text, meanOrDash(f.Influence), exercises.Round(f.Alignment))
		if f.Quadrant == "" {
			unplaced = append(unplaced, funders.Label(f.Funder.ID))
			continue
		}
		in[f.Quadrant] = append(in[f.Quadrant], entry)
	}
	half := max((d.w-3)/2, 10)
	box := func(q funders.Quadrant) []string {
		out := []string{s.Heading.Render(strings.ToUpper(string(q)))}
		for _, e := range in[q] {
			out = append(out, s.Text.Render(cut(e, half)))
		}
		if len(in[q]) == 0 {
			out = append(out, s.Muted.Render("none"))
		}
		return out
	}
	pair := func(left, right funders.Quadrant) {
		l, r := box(left), box(right)
		d.add(columns(max(len(l), len(r)), l, half, r, half, " "+s.Separator.Render(glyphSeparator)+" ")...)
	}
	d.add(s.Subtle.Render("▲ more influence"))
	pair(funders.Cultivate, funders.ApproachEarly)
	d.add(s.Separator.Render(strings.Repeat("─", half+1) + "┼" + strings.Repeat("─", half+1)))
	pair(funders.KeepInformed, funders.Allies)
	d.add(s.Subtle.Render(leftRight("▼ less influence", "more aligned ▶", d.w)))
	if len(unplaced) > 0 {
		d.add(wrap("Not placed yet (no influence or no alignment given): "+strings.Join(unplaced, ", "), d.w, s.Muted)...)
	}
}

// relations draws who knows each funder, by organisation, so that the
// best-placed messenger shows.
func (d *drawer) relations(res funders.Results) {
	s := d.s
	if len(res.Funders) == 0 {
		d.add(s.Muted.Render("No funders on the wall."))
		return
	}
	d.add(wrap("Who knows each funder: ●●● funded by them · ●●○ has a contact · ●○○ knows of them · ○○○ no relationship.", d.w, s.Subtle)...)
	d.add("")
	for _, f := range approachOrder(res) {
		head := funders.Label(f.Funder.ID) + " " + f.Funder.Text
		if org := f.BestPlaced(); org != "" {
			head += " · best placed: " + org
		} else {
			head += " · nobody has a way in yet"
		}
		d.add(wrapIndent(head, "", d.w, s.Heading)...)
		if len(f.Relations) > 0 {
			d.add(wrapIndent(d.relationLine(f.Relations), "   ", d.w, s.Text)...)
		}
	}
}

// funderOrgs draws how each organisation rated the cells they disagree
// on, most apart first. In an anonymous activity an organisation with one
// rater is left out: its mean would be that person's rating.
func (d *drawer) funderOrgs(res funders.Results) {
	s := d.s
	d.add(wrap("Where organisations disagree ("+glyphContested+"): "+funders.DisagreeRule+".", d.w, s.Subtle)...)
	d.add("")
	type split struct {
		f    funders.FunderStats
		goal int
		cell funders.Cell
		gap  float64
	}
	var splits []split
	for _, f := range res.Funders {
		for n, c := range f.Cells {
			if !c.Disagree {
				continue
			}
			lo, hi := c.Orgs[0].Mean, c.Orgs[0].Mean
			for _, o := range c.Orgs {
				lo, hi = min(lo, o.Mean), max(hi, o.Mean)
			}
			splits = append(splits, split{f, n, c, hi - lo})
		}
	}
	if len(splits) == 0 {
		d.add(s.Muted.Render("None: the organisations' ratings agree."))
		return
	}
	slices.SortStableFunc(splits, func(a, b split) int { return cmp.Compare(b.gap, a.gap) })
	for _, sp := range splits {
		d.add(wrapIndent(fmt.Sprintf("%s %s × G%d %s · %.1f apart", funders.Label(sp.f.Funder.ID), sp.f.Funder.Text,
			sp.goal+1, res.Goals[sp.goal].Goal.Text, exercises.Round(sp.gap)), "", d.w, s.Heading)...)
		for _, o := range shownOrgs(&d.resultsWriter, sp.cell.Orgs, func(o funders.OrgMean) int { return o.N }) {
			org := o.Org
			if org == "" {
				org = "no organisation given"
			}
			d.add(s.Text.Render(cut(fmt.Sprintf("   %-24s %s %.1f  n=%d", cut(org, 24), bar3(o.Mean), exercises.Round(o.Mean), o.N), d.w)))
		}
	}
}

// bar3 draws a mean alignment, 0 to 3, as three cells.
func bar3(mean float64) string {
	full := int(math.Round(mean))
	return strings.Repeat("█", full) + strings.Repeat("░", 3-full)
}

// funderPlan draws the plan: each funder, "approach early" first, with
// its quadrant, the best-placed organisation and the approaches proposed.
func (d *drawer) funderPlan(snap *session.Snapshot, i int, res funders.Results) {
	s := d.s
	w := funders.Of(snap.Activities[i].Data)
	pad := d.pad(d.aud != audScreen)
	if len(res.Funders) == 0 {
		d.add(s.Muted.Render("No funders on the wall: there is no one to approach."))
	}
	for _, f := range approachOrder(res) {
		meta := []string{string(f.Quadrant)}
		if f.Quadrant == "" {
			meta[0] = "not placed"
		}
		if org := f.BestPlaced(); org != "" {
			meta = append(meta, "best placed: "+org)
		}
		head := wrapIndent(funders.Label(f.Funder.ID)+" "+f.Funder.Text+" · "+strings.Join(meta, " · "), pad, d.w, s.Heading)
		d.row(rowKey{card: f.Funder.ID}, head...)
		for _, a := range w.Actions.Items {
			if a.CardID != f.Funder.ID {
				continue
			}
			shown := a
			shown.Text = asksText(w.Asks[a.ID])
			if a.Text != "" {
				shown.Text += " — " + a.Text
			}
			d.row(rowKey{card: a.CardID, action: a.ID}, d.actionLines(pad+"   ", "", shown, snap.People)...)
		}
	}
}

// asksText says what an approach asks for.
func asksText(asks []funders.Ask) string {
	words := make([]string, len(asks))
	for i, a := range asks {
		words[i] = a.Words()
	}
	return "ask for " + strings.Join(words, ", ")
}

// showTitle names the drawing shown.
func (v *fundersView) showTitle(act *session.ActivityState) string {
	switch v.show {
	case viewFunderGrid:
		return "Influence × alignment"
	case viewFunderRelations:
		return "Who knows whom"
	case viewFunderOrgs:
		return "By organisation"
	}
	switch phaseName(act) {
	case funders.PhaseGoals:
		return fmt.Sprintf("Goals · %d", len(goalsOf(act)))
	case funders.PhaseFunders:
		return "Funders on the wall"
	case funders.PhasePlan:
		return "Plan"
	}
	return "Matrix"
}

// shown draws the results block under the person's cursor, keeping the
// selection in view.
func (v *fundersView) shown(m *Model, act *session.ActivityState, w, h int, aud audience) []string {
	d := fundersDrawing(m, m.snap.Current, w, aud, v.show)
	if len(d.rows) == 0 {
		return m.scrolled(v.showTitle(act), d.lines, w, h)
	}
	v.selected(v.rows(m, act))
	lines, first, last := overlay(m, d, v.sel, v.marked)
	v.followSelection(m, first, last, h-1)
	return m.scrolled(v.showTitle(act), lines, w, h)
}

// participantBody is the participant's screen in funder alignment.
func (v *fundersView) participantBody(m *Model, act *session.ActivityState, w, h int) []string {
	s := m.styles
	out := headLines(funderInstruction(act), w, s.Prompt)
	if anon := m.anonymityLines(act, w); len(anon) > 0 {
		out = append(append(out, anon...), "")
	}
	rest := h - len(out)
	switch phaseName(act) {
	case funders.PhaseGoals:
		return append(out, m.scrolled(v.showTitle(act), fundersDrawing(m, m.snap.Current, w, audPublic, viewMain).lines, w, rest)...)
	case funders.PhaseFunders:
		return append(out, v.addView(m, act, w, rest)...)
	case funders.PhaseRate:
		return append(out, v.rateView(m, act, w, rest)...)
	case funders.PhasePlan:
		if form := v.formView(m, w); len(form) > 0 {
			out = append(append(out, form...), "")
		}
	}
	if !act.Revealed {
		m.page = pageInfo{}
		return append(out, s.Muted.Render("The results appear here when the facilitator reveals them."))
	}
	return append(out, v.shown(m, act, w, h-len(out), audPublic)...)
}

// addView is the funder form, the person's own funders and, once
// revealed, the wall, else how many funders it holds.
func (v *fundersView) addView(m *Model, act *session.ActivityState, w, h int) []string {
	s := m.styles
	var out []string
	label := func(field int, name string) string {
		if v.field == field {
			return s.Heading.Render(name)
		}
		return s.Subtle.Render(name)
	}
	choices := func(field, chosen int, names []string) string {
		var b strings.Builder
		for i, n := range names {
			if i == chosen {
				b.WriteString(s.Emphasis.Render("[" + n + "]"))
			} else if v.field == field {
				b.WriteString(s.Text.Render(" " + n + " "))
			}
		}
		return b.String()
	}
	if act.InputOpen() {
		kinds := make([]string, len(funders.FunderKinds()))
		for i, k := range funders.FunderKinds() {
			kinds[i] = string(k)
		}
		rels := make([]string, len(funders.Relationships()))
		for i, r := range funders.Relationships() {
			rels[i] = r.Words()
		}
		out = append(out, cut(v.name.View(), w),
			cut(label(addKind, "Kind:   ")+choices(addKind, v.kind, kinds), w),
			cut(v.focus.View(), w),
			cut(label(addRelation, "Yours:  ")+choices(addRelation, v.rel, rels), w))
		if v.editing != 0 {
			out = append(out, s.Emphasis.Render(cut(fmt.Sprintf("Editing %s · enter saves · esc leaves it as it was", funders.Label(v.editing)), w)))
		} else if most := m.opts.Hub.CardsPerActivity(); most > 0 && funders.Of(act.Data).Deck.CardsBy(m.id) >= most {
			out = append(out, wrap(fmt.Sprintf("You have added %d funders, the most one person may here. To add another, delete one of yours (tab to the list, then x).", most), w, s.Warn)...)
		} else {
			out = append(out, s.Muted.Render(cut("tab next field · ←/→ choose · enter adds the funder", w)))
		}
	} else {
		out = append(out, s.Warn.Render(closedText(act)))
	}
	out = append(out, "")
	rows := v.rows(m, act)
	wallH := 2
	if act.Revealed {
		wallH = min(8, h/3)
	}
	room := max(h-len(out)-1-wallH-1, 1)
	w0 := funders.Of(act.Data)
	if len(rows) == 0 {
		out = append(out, s.Muted.Render("You have not added a funder yet."))
	} else {
		out = append(out, label(addList, fmt.Sprintf("Your funders · %d", len(rows)))+s.Muted.Render(cut("  tab here: ↑/↓ select, ←/→ your relationship, e edit, x delete", max(w-20, 0))))
		sel := -1
		if v.field == addList {
			sel = v.selected(rows)
		}
		first := min(max(sel-room/2, 0), max(len(rows)-room, 0))
		for i := first; i < min(first+room, len(rows)); i++ {
			c, _ := w0.Deck.Card(rows[i].card)
			rel := w0.RelationsOf(c.ID)[m.id]
			text := funders.Label(c.ID) + " " + c.Text + " · " + c.Category + " · " + rel.Words()
			line := "  " + s.Text.Render(text)
			if i == sel {
				line = s.Title.Render(glyphCursor+" ") + s.Selected.Render(text)
			}
			out = append(out, cut(line, w))
		}
	}
	out = append(out, "")
	if act.Revealed {
		return append(out, m.scrolled(v.showTitle(act), fundersDrawing(m, m.snap.Current, w, audPublic, viewMain).lines, w, h-len(out))...)
	}
	m.page = pageInfo{}
	n, people := 0, map[string]bool{}
	for _, c := range w0.Funders() {
		if c.Live() {
			n++
			for _, a := range c.Authors {
				people[a] = true
			}
		}
	}
	return append(out, wrap(fmt.Sprintf("%d %s on the wall from %d %s; the wall is revealed when the facilitator opens it.",
		n, plural(n, "funder", "funders"), len(people), plural(len(people), "person", "people")), w, s.Subtle)...)
}

// rateView shows the selected funder with its rows: each goal's
// alignment, its influence and the person's organisation's relationship,
// and how far the person is.
func (v *fundersView) rateView(m *Model, act *session.ActivityState, w, h int) []string {
	s := m.styles
	rows := v.rows(m, act)
	i := v.selected(rows)
	data := funders.Of(act.Data)
	c, ok := data.Deck.Card(v.sel.card)
	if i < 0 || !ok {
		return []string{s.Muted.Render("There are no funders to rate.")}
	}
	var out []string
	if !act.InputOpen() {
		out = append(out, s.Warn.Render(closedText(act)))
	}
	out = append(out, s.Subtle.Render(cut(fmt.Sprintf("Funder %d of %d · %s · %s", i+1, len(rows), funders.Label(c.ID), c.Category), w)))
	head := c.Text
	if f := data.Focus[c.ID]; f != "" {
		head += " · " + f
	}
	out = append(out, wrapIndent(head, "  ", w, s.Heading)...)
	out = append(out, "")
	score := func(t exercises.Target) string {
		sc, ok := data.Ratings.Of(t)[m.id]
		switch {
		case !ok:
			return s.Muted.Render("[ ]")
		case sc.DontKnow:
			return s.Subtle.Render("[?]")
		}
		return s.Emphasis.Render(fmt.Sprintf("[%d]", sc.Value))
	}
	line := func(row int, mark, label, hint string) string {
		cursor, style := "  ", s.Text
		if row == v.row {
			cursor, style = s.Title.Render(glyphCursor+" "), s.Selected
		}
		labelW := max(w-4-len("[?] ")-ansi.StringWidthWc(hint)-1, 10)
		return cursor + mark + " " + style.Render(fit(label, labelW)) + " " + s.Muted.Render(hint)
	}
	goals := goalsOf(act)
	for n, g := range goals {
		out = append(out, line(n, score(exercises.Target{Item: c.ID, With: g.ID}), fmt.Sprintf("G%d %s", n+1, g.Text), "0-3 · d"))
	}
	out = append(out, line(len(goals), score(exercises.On(c.ID)), "Influence in the field", "1-5 · d"))
	rel, given := data.RelationsOf(c.ID)[m.id]
	relMark := s.Muted.Render("[ ]")
	if given {
		relMark = s.Emphasis.Render(fmt.Sprintf("[%d]", rel.Closeness()))
	}
	out = append(out, line(len(goals)+1, relMark, "Your organisation: "+rel.Words(), "0-3"))
	out = append(out, "")
	switch {
	case v.row < len(goals):
		out = append(out, s.Muted.Render(cut(funders.Alignment.Label(0)+" · "+funders.Alignment.Label(1)+" · "+funders.Alignment.Label(2)+" · "+funders.Alignment.Label(3)+" · d don't know", w)))
	case v.row == len(goals):
		out = append(out, s.Muted.Render(cut("1 very little … 5 very much · d don't know", w)))
	default:
		out = append(out, s.Muted.Render(cut("0 none · 1 knows of them · 2 has a contact · 3 funded by them", w)))
	}
	p := data.RatingProgress(act.Activity, m.id)
	ratio := 0.0
	if p.Total > 0 {
		ratio = float64(p.Done) / float64(p.Total)
	}
	bar := m.pres.bar
	bar.SetWidth(min(w/3, 30))
	out = append(out, s.Text.Render(fmt.Sprintf("%d of %d funders rated  ", p.Done, p.Total))+bar.ViewAs(ratio))
	if p.Done == p.Total {
		out = append(out, s.Good.Render(glyphDone+" You have rated every funder; ←/→ to change any."))
	}
	return out[:min(len(out), max(h, 1))]
}

// formView is the open approach form, or nothing.
func (v *fundersView) formView(m *Model, w int) []string {
	s, f := m.styles, &v.plan
	if !f.open {
		return nil
	}
	c, _ := funders.Of(m.snap.CurrentActivity().Data).Deck.Card(f.card)
	title := "Who approaches "
	if f.edit != 0 {
		title = fmt.Sprintf("Edit approach %d to ", f.edit)
	}
	out := []string{cut(s.Emphasis.Render(title+funders.Label(c.ID))+s.Text.Render(" "+c.Text), w)}
	out = append(out, f.fieldLines(m, w, "Note")...)
	label := s.Subtle.Render(fmt.Sprintf("%-6s", "Ask"))
	if f.field == formAsks {
		label = s.Heading.Render(fmt.Sprintf("%-6s", "Ask"))
	}
	var b strings.Builder
	for i, a := range funders.Asks() {
		box := "[ ]"
		if v.asks[i] {
			box = "[x]"
		}
		fmt.Fprintf(&b, " %d%s %s", i+1, box, a)
	}
	return append(out, cut(label+s.Text.Render(b.String()), w))
}

// presenterMain is the facilitator's main area: the goals (with the goal
// prompt), the wall to moderate, the live matrix, the plan.
func (v *fundersView) presenterMain(m *Model, act *session.ActivityState, w, h int) []string {
	s := m.styles
	var out []string
	switch phaseName(act) {
	case funders.PhaseGoals:
		if v.prompting {
			ask := "Add a goal: enter saves it"
			if v.goal != 0 {
				ask = "Edit the goal: enter saves it"
			}
			out = append(out, s.Emphasis.Render(ask), cut(v.prompt.View(), w), "")
		}
		if n := len(goalsOf(act)); n < funders.MinGoals {
			out = append(out, s.Warn.Render(cut(fmt.Sprintf("%d of %d to %d goals: press g to add one.", n, funders.MinGoals, funders.MaxGoals), w)))
		}
	case funders.PhaseFunders:
		if v.prompting {
			out = append(out, s.Emphasis.Render(cut("Rename "+funders.Label(v.renaming)+": enter saves it", w)), cut(v.prompt.View(), w), "")
		}
		if n := len(v.marked); n > 0 {
			out = append(out, s.Emphasis.Render(fmt.Sprintf("%d marked: select the entry to keep and press m.", n)))
		}
	case funders.PhasePlan:
		if form := v.formView(m, w); len(form) > 0 {
			out = append(append(out, form...), "")
		}
	}
	return append(out, v.shown(m, act, w, h-len(out), audFacilitator)...)
}

// screenResults is the results on the projector, as the facilitator shows
// them (v).
func (v *fundersView) screenResults(m *Model, w, h int) []string {
	return fundersDrawing(m, m.snap.Current, w, audScreen, v.show).lines
}

// pastResults is the matrix, then the plan, as the activity was left.
func (v *fundersView) pastResults(m *Model, i, w, h int) []string {
	lines := fundersDrawing(m, i, w, audPublic, viewFunderMatrix).lines
	if phaseName(m.snap.Activities[i]) == funders.PhasePlan {
		lines = append(append(append([]string(nil), lines...), ""), fundersDrawing(m, i, w, audPublic, viewMain).lines...)
	}
	return m.scrolled("Results", lines, w, h)
}
