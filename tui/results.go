package tui

import (
	"fmt"
	"math"
	"strings"

	"commonground/exercises"
	"commonground/exercises/willingness"
	"commonground/session"
)

// audience is who a results block is drawn for.
type audience uint8

const (
	audPublic      audience = iota // participants: authors as the activity's anonymity allows
	audFacilitator                 // the presenter view: every author named
	audScreen                      // the projector: like participants, with more air
)

// drawFunc draws an exercise's results for activity i (drawCheckin,
// drawWillingness); renderResults has drawn the decision before.
type drawFunc func(r *resultsWriter, snap *session.Snapshot, i int)

// resultLines returns the results of activity i drawn for an audience at a
// width by its exercise's draw, from the cache shared by every connection.
func (m *Model) resultLines(i, w int, aud audience, draw drawFunc) []string {
	snap, s := m.snap, m.styles
	k := resultsKey{state: stateOf(snap), activity: i, width: w, aud: aud, styles: s}
	return sharedResults.get(k, func() drawing { return drawing{lines: renderResults(snap, i, w, aud, s, draw)} }).lines
}

// resultsKey identifies one drawing of a results block. The state changes
// with every event but not with presence changes, so people arriving and
// leaving do not cost a redraw.
type resultsKey struct {
	state    stateID
	activity int
	width    int
	aud      audience
	styles   *Styles
	view     wallView // which drawing of an assumption map (the map or its organisations)
	rows     int      // plot rows of the assumption map, which follow the height; 0 elsewhere
}

// stateID names one state of one workshop: its ID and the sequence number
// of its last event. The cache is keyed by it rather than by the *State,
// which would keep hundreds of old states (and their maps) alive.
type stateID struct {
	workshop string
	seq      uint64
}

func stateOf(snap *session.Snapshot) stateID { return stateID{snap.ID, snap.Seq} }

// drawing is a rendered results block. Blocks with rows a person can select
// (the wall's cards, the plan's cards and actions) say where each row is, so
// that a connection can draw its cursor over the shared lines.
type drawing struct {
	lines []string // shared: never modified after render
	rows  []drawnRow
}

// drawnRow is a selectable row of a drawing: its lines first..last.
type drawnRow struct {
	key         rowKey
	first, last int
}

// sharedResults holds the most recent drawings, sized for a few live
// workshops, each drawn at a handful of widths for three audiences and two
// backgrounds. Hundreds of participants of one workshop ask for the same key
// at once; the first draws, the others wait for it instead of drawing it
// again.
var sharedResults = newSharedCache[resultsKey, drawing](512)

// renderResults draws activity i's results: the decision, then draw's.
func renderResults(snap *session.Snapshot, i, w int, aud audience, s *Styles, draw drawFunc) []string {
	act := snap.Activities[i]
	r := &resultsWriter{w: w, s: s, aud: aud, anon: act.Strictest, snap: snap}
	r.decision(act.Decision) // the conclusion first: it is what the room waits for
	draw(r, snap, i)
	return r.lines
}

// resultsWriter accumulates the lines of a results block.
type resultsWriter struct {
	w     int
	s     *Styles
	aud   audience
	anon  exercises.Anonymity
	snap  *session.Snapshot // whom the people drawn belong to, for their marks
	lines []string
}

func (r *resultsWriter) add(lines ...string) {
	for _, l := range lines {
		r.lines = append(r.lines, cut(l, r.w))
	}
}

func (r *resultsWriter) heading(text string) { r.add(r.s.Heading.Render(text)) }

// gap separates sections; the screen gets more room between them.
func (r *resultsWriter) gap() {
	r.add("")
	if r.aud == audScreen {
		r.add("")
	}
}

// who shows an author as the audience may see them.
func (r *resultsWriter) who(p exercises.Person) string {
	return personLabel(r.snap, p, r.anon, r.aud == audFacilitator)
}

func (r *resultsWriter) willingness(res willingness.Result) {
	s := r.s
	r.add(s.Subtle.Render(fmt.Sprintf("%d %s answered", res.Respondents, plural(res.Respondents, "person", "people"))))
	r.gap()
	// The room first needs the whole picture and the concerns to talk
	// about; the full distributions and the organisations follow.
	r.overview(res)
	r.gap()
	r.concerns(res)
	r.gap()
	r.orgs(res)
	r.gap()
	r.heading("Distribution per statement")
	const labelW = 20 // "1 serious concerns" and a margin
	barMax := min(max(r.w-3-labelW-5, 4), 40)
	if r.aud == audScreen {
		barMax = min(max(r.w-3-labelW-5, 4), 60)
	}
	for i, st := range res.Statements {
		r.add(wrapIndent(fmt.Sprintf("%d. %s", i+1, st.Statement), "", r.w, s.Heading)...)
		if st.N == 0 {
			r.add(s.Muted.Render("   no answers yet"))
			r.gap()
			continue
		}
		r.add(s.Text.Render(fmt.Sprintf("   mean %.1f · minimum %s · %d %s",
			exercises.Round(st.Mean), willingness.ScaleLabel(st.Min), st.N, plural(st.N, "answer", "answers"))))
		for v, count := range st.Distribution {
			bar := strings.Repeat(glyphBar, barLength(count, st.N, barMax))
			style := s.Scale[v]
			r.add("   " + style.Render(fmt.Sprintf("%-*s", labelW, willingness.ScaleLabel(v))+bar) + s.Text.Render(fmt.Sprintf(" %d", count)))
		}
		r.gap()
	}
}

// hidesLoneRaters reports whether organisations with a single respondent
// must be left out: in an anonymous activity their means are that person's
// answers. The facilitator sees them all; the report follows the same rule.
func (r *resultsWriter) hidesLoneRaters() bool {
	return r.anon == exercises.Anonymous && r.aud != audFacilitator
}

// shownOrgs returns the organisations this audience may see, saying so
// when some are left out.
func shownOrgs[O any](r *resultsWriter, orgs []O, people func(O) int) []O {
	if !r.hidesLoneRaters() {
		return orgs
	}
	var shown []O
	for _, o := range orgs {
		if people(o) > 1 {
			shown = append(shown, o)
		}
	}
	if len(shown) < len(orgs) {
		r.add(wrap("Organisations with one respondent are left out: in an anonymous activity their numbers would be a person's answers.", r.w, r.s.Muted)...)
	}
	return shown
}

// sparkLevels draw a count relative to the largest in a distribution;
// the dot is an empty value.
var sparkLevels = []rune("·▁▂▃▄▅▆▇█")

// overview draws one line per statement: its distribution over 0..5 as a
// sparkline, its mean and minimum, and a mark where someone blocks or has
// reservations — the marks say it in symbols as well as colour.
func (r *resultsWriter) overview(res willingness.Result) {
	s := r.s
	r.heading("At a glance (0 … 5, mean, minimum)")
	const tail = 2 + 6 + 2 + 4 + 8 + 2 // gaps, sparkline, mean, "min 3", mark
	labelW := max(r.w-tail, 12)
	for i, st := range res.Statements {
		label := cut(fmt.Sprintf("%d. %s", i+1, st.Statement), labelW)
		line := fmt.Sprintf("%-*s  ", labelW, label)
		if st.N == 0 {
			r.add(s.Text.Render(line) + s.Muted.Render("no answers"))
			continue
		}
		peak := 0
		for _, c := range st.Distribution {
			peak = max(peak, c)
		}
		var spark strings.Builder
		for _, c := range st.Distribution {
			level := 0
			if c > 0 {
				level = max(int(math.Round(float64(c)/float64(peak)*float64(len(sparkLevels)-1))), 1)
			}
			spark.WriteRune(sparkLevels[level])
		}
		mark, style := "", s.Text
		switch {
		case st.Min <= willingness.BlockerMax:
			mark, style = " "+glyphBlocker+" block", s.Bad
		case st.Min <= willingness.ReservationMax:
			mark, style = " "+glyphReserve+" reserv.", s.Warn
		}
		r.add(s.Text.Render(line+spark.String()+fmt.Sprintf("  %3.1f  min %d", exercises.Round(st.Mean), st.Min)) + style.Render(mark))
	}
}

// barLength scales a count to a bar of at most width cells; any count above
// zero shows at least one cell.
func barLength(count, total, width int) int {
	if count == 0 || total == 0 {
		return 0
	}
	return max(int(math.Round(float64(count)/float64(total)*float64(width))), 1)
}

// orgs draws the organisation profiles: a table when it fits, else one
// block per organisation.
func (r *resultsWriter) orgs(res willingness.Result) {
	s := r.s
	r.heading("By organisation (mean per statement)")
	if len(res.Orgs) == 0 {
		r.add(s.Muted.Render("No answers yet."))
		return
	}
	res.Orgs = shownOrgs(r, res.Orgs, func(o willingness.OrgProfile) int { return o.People })
	if len(res.Orgs) == 0 {
		return
	}
	n := len(res.Statements)
	orgW := r.w - 5 - 5*n - 6
	if orgW >= 12 {
		var b strings.Builder
		b.WriteString(fmt.Sprintf("%-*s%5s", orgW, "Organisation", "ppl"))
		for i := range n {
			b.WriteString(fmt.Sprintf("%5s", fmt.Sprintf("S%d", i+1)))
		}
		b.WriteString(fmt.Sprintf("%6s", "all"))
		r.add(s.Subtle.Render(b.String()))
		for _, o := range res.Orgs {
			b.Reset()
			b.WriteString(fmt.Sprintf("%-*s%5d", orgW, cut(o.Org, orgW), o.People))
			for _, mean := range o.Means {
				b.WriteString(fmt.Sprintf("%5s", meanText(mean)))
			}
			b.WriteString(fmt.Sprintf("%6s", meanText(o.Overall)))
			r.add(s.Text.Render(b.String()))
		}
		return
	}
	for _, o := range res.Orgs {
		r.add(s.Text.Render(fmt.Sprintf("%s · %d %s · all %s", o.Org, o.People, plural(o.People, "person", "people"), meanText(o.Overall))))
		parts := make([]string, len(o.Means))
		for i, mean := range o.Means {
			parts[i] = fmt.Sprintf("S%d %s", i+1, meanText(mean))
		}
		r.add(wrapIndent(strings.Join(parts, "  "), "   ", r.w, s.Subtle)...)
	}
}

// meanText shows a mean to one decimal, or "–" where there is none.
func meanText(mean float64) string {
	if mean < 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", exercises.Round(mean))
}

// concerns lists blockers and reservations with their comments.
func (r *resultsWriter) concerns(res willingness.Result) {
	var blockers, reservations []willingness.Concern
	for _, c := range res.Concerns {
		if c.Blocker {
			blockers = append(blockers, c)
		} else {
			reservations = append(reservations, c)
		}
	}
	r.concernList(fmt.Sprintf("Blockers (0–%d)", willingness.BlockerMax), glyphBlocker, r.s.Bad, blockers, res)
	r.gap()
	r.concernList(fmt.Sprintf("Reservations (%d)", willingness.ReservationMax), glyphReserve, r.s.Warn, reservations, res)
}

func (r *resultsWriter) concernList(title, glyph string, style paint, list []willingness.Concern, res willingness.Result) {
	s := r.s
	r.heading(fmt.Sprintf("%s: %d", title, len(list)))
	if len(list) == 0 {
		r.add(s.Muted.Render("none"))
		return
	}
	for _, c := range list {
		stmt := res.Statements[c.Statement].Statement
		r.add(style.Render(fmt.Sprintf("%s %s · %d. %s", glyph, willingness.ScaleLabel(c.Value), c.Statement+1, stmt)))
		text := r.who(c.Person)
		if c.Comment != "" {
			if text != "" {
				text += ": "
			}
			text += "“" + c.Comment + "”"
		}
		if text != "" {
			r.add(wrapIndent(text, "    ", r.w, s.Text)...)
		}
	}
}

func (r *resultsWriter) checkIn(round []exercises.Response) {
	s := r.s
	r.add(s.Subtle.Render(fmt.Sprintf("%d %s", len(round), plural(len(round), "answer", "answers"))))
	r.gap()
	for _, resp := range round {
		lines := wrap(resp.Answer.Text, r.w-2, s.Text)
		for i, l := range lines {
			if i == 0 {
				lines[i] = "• " + l
			} else {
				lines[i] = "  " + l
			}
		}
		r.add(lines...)
		if who := r.who(resp.Person); who != "" {
			r.add(s.Subtle.Render("  — " + who))
		}
		if r.aud == audScreen {
			r.add("")
		}
	}
}

// decision shows the facilitator's decision once recorded.
func (r *resultsWriter) decision(d *exercises.Decision) {
	if d == nil {
		return
	}
	s := r.s
	r.heading("Decision")
	style, glyph := s.Good, glyphDone
	switch d.Outcome {
	case exercises.ProceedConditions:
		style, glyph = s.Warn, glyphReserve
	case exercises.NotYet:
		style, glyph = s.Bad, glyphBlocker
	}
	r.add(style.Render(glyph + " " + d.Outcome.Label()))
	if d.Conditions != "" {
		r.add(wrapIndent("Conditions: "+d.Conditions, "  ", r.w, s.Text)...)
	}
	r.gap()
}
