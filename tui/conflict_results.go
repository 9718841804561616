package tui

import (
	"cmp"
	"fmt"
	"strings"

	"commonground/exercises"
	"commonground/exercises/conflict"
	"commonground/session"
)

// drawConflict draws a conflict resolution's results for the phase it is
// in: the issue, the positions side by side, the interests by party, the
// common ground, the options, the criteria, the polls, the agreements.
// It is drawn once per state and width for everyone (resultLines).
func drawConflict(r *resultsWriter, snap *session.Snapshot, i int) {
	act := snap.Activities[i]
	d := conflict.Of(act.Data)
	res := conflict.ResultOf(snap.Results(i))
	switch act.PhaseSpec().Name {
	case conflict.PhaseIssue:
		r.conflictIssue(conflict.IssueOf(act.Activity, d))
	case conflict.PhasePositions:
		r.positions(positionColumns(snap, act, res))
	case conflict.PhaseInterests:
		r.interestsByParty(res)
	case conflict.PhaseCommon:
		r.commonGround(res)
	case conflict.PhaseOptions:
		r.options(res, d)
	case conflict.PhaseCriteria:
		r.criteria(act.Activity, d)
	case conflict.PhaseEvaluate:
		r.polls(res)
	default:
		r.agreements(snap, d)
		r.gap()
		r.commonGround(res)
	}
}

// positionColumns are the parties whose positions are shown: those of the
// results (named in the agenda, or of someone who gave anything) and
// those of everyone in the room, with or without a position yet.
func positionColumns(snap *session.Snapshot, act *session.ActivityState, res conflict.Result) []conflict.PartyResult {
	out := append([]conflict.PartyResult(nil), res.Parties...)
	seen := map[string]bool{}
	for _, p := range out {
		seen[p.Key] = true
	}
	for _, p := range conflict.Parties(act.Activity, snap.InTheRoom()) {
		if !seen[p.Key] {
			out = append(out, conflict.PartyResult{Party: p})
		}
	}
	return out
}

func (r *resultsWriter) conflictIssue(is conflict.Issue) {
	s := r.s
	r.heading("The issue")
	if is.Text == "" {
		r.add(s.Muted.Render("The facilitator has not stated the issue yet."))
	} else {
		r.add(wrap(is.Text, r.w, s.Text)...)
	}
	if len(is.Rules) > 0 {
		r.gap()
		r.heading("Ground rules")
		for n, rule := range is.Rules {
			r.add(wrapIndent(rule, fmt.Sprintf("%d. ", n+1), r.w, s.Text)...)
		}
	}
}

// minColumn is the narrowest a party's column is drawn: at 80 columns
// three parties stand side by side, and further parties follow below in
// rows of three, read by scrolling.
const minColumn = 24

// positions draws the positions side by side, one column per party, in
// rows of as many columns as the width holds.
func (r *resultsWriter) positions(parties []conflict.PartyResult) {
	s := r.s
	r.heading("Positions, side by side")
	if len(parties) == 0 {
		r.add(s.Muted.Render("No party yet: a party is the organisation of someone in the room."))
		return
	}
	const sep, sepW = " " + glyphSeparator + " ", 3
	per := max(min(len(parties), (r.w+sepW)/(minColumn+sepW)), 1)
	cw := (r.w - (per-1)*sepW) / per
	if len(parties) > per {
		r.add(s.Subtle.Render(fmt.Sprintf("%d parties, %d a row: scroll for the rest", len(parties), per)))
	}
	for start := 0; start < len(parties); start += per {
		row := parties[start:min(start+per, len(parties))]
		cols := make([][]string, len(row))
		tallest := 0
		for j, p := range row {
			col := []string{s.Heading.Render(cut(p.Name, cw)), s.Separator.Render(strings.Repeat("─", cw))}
			if p.Position == "" {
				col = append(col, s.Muted.Render("no position yet"))
			} else {
				col = append(col, wrap(p.Position, cw, s.Text)...)
				col = append(col, s.Muted.Render(cut(fmt.Sprintf("%d %s", len(p.Edits), plural(len(p.Edits), "edit", "edits")), cw)))
			}
			cols[j] = col
			tallest = max(tallest, len(col))
		}
		for line := range tallest {
			var b strings.Builder
			for j, col := range cols {
				if j > 0 {
					b.WriteString(s.Separator.Render(sep))
				}
				cell := ""
				if line < len(col) {
					cell = col[line]
				}
				b.WriteString(fit(cell, cw))
			}
			r.add(b.String())
		}
		r.gap()
	}
}

// kindMark is an interest's kind as a word the room reads.
func kindMark(kind string) string {
	switch kind {
	case conflict.Fear:
		return "fear"
	case conflict.Constraint:
		return "constraint"
	}
	return "need"
}

// interestLine is one interest: its label, kind and text, and who wrote it
// as the anonymity shows them (the facilitator always sees it).
func (r *resultsWriter) interestLine(ir conflict.InterestResult, prefix string) {
	text := fmt.Sprintf("%s %s %s · %s", prefix, conflict.Interests.Label(ir.Card.ID), kindMark(ir.Card.Category), ir.Card.Text)
	if len(ir.Card.Authors) > 0 {
		if who := r.who(r.snap.People[ir.Card.Authors[0]]); who != "" {
			text += " — " + who
		}
	}
	r.add(wrapIndent(text, "", r.w, r.s.Text)...)
}

func (r *resultsWriter) interestsByParty(res conflict.Result) {
	s := r.s
	r.heading("Interests by party")
	if len(res.Interests) == 0 {
		r.add(s.Muted.Render("No interests yet."))
		return
	}
	var parties []string
	by := map[string][]conflict.InterestResult{}
	for _, ir := range res.Interests {
		if _, ok := by[ir.Party]; !ok {
			parties = append(parties, ir.Party)
		}
		by[ir.Party] = append(by[ir.Party], ir)
	}
	for _, p := range parties {
		r.add(s.Heading.Render(p))
		for _, ir := range by[p] {
			r.interestLine(ir, " ")
		}
	}
}

// commonGround draws the interests ranked: shared first, then compatible,
// then those of one party, each with the parties that marked it.
func (r *resultsWriter) commonGround(res conflict.Result) {
	s := r.s
	r.heading("Common ground")
	r.add(wrap(fmt.Sprintf("Shared: marked by members of %d or more parties. Compatible: marked by one other party. ", conflict.MinShared)+
		"One party's: marked by nobody outside its party.", r.w, s.Subtle)...)
	if len(res.Interests) == 0 {
		r.add(s.Muted.Render("No interests yet."))
		return
	}
	var last conflict.Standing
	for _, ir := range res.Interests {
		if ir.Standing != last {
			r.gap()
			style := s.Heading
			if ir.Standing == conflict.Shared {
				style = s.Good
			}
			r.add(style.Render(ir.Standing.Label()))
			last = ir.Standing
		}
		mark := map[conflict.Standing]string{conflict.Shared: "◆", conflict.Compatible: "◇"}[ir.Standing]
		r.interestLine(ir, fit(mark, 1))
		who := ir.Party + "'s"
		if len(ir.Parties) > 0 {
			who += fmt.Sprintf(" · marked by %d (%s)", ir.Marks, strings.Join(ir.Parties, ", "))
		} else if ir.Marks > 0 {
			who += fmt.Sprintf(" · marked by %d", ir.Marks)
		}
		r.add(wrapIndent(who, "     ", r.w, s.Subtle)...)
	}
}

// servesText names the interests an option serves: "serves I1, I3".
func servesText(ids []int) string {
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = conflict.Interests.Label(id)
	}
	return "serves " + strings.Join(labels, ", ")
}

func (r *resultsWriter) options(res conflict.Result, d conflict.Data) {
	s := r.s
	r.heading("Options")
	if len(res.Options) == 0 {
		r.add(s.Muted.Render("No options yet."))
		return
	}
	for _, o := range res.Options {
		r.add(wrapIndent(conflict.Options.Label(o.Card.ID)+" "+o.Card.Text, "", r.w, s.Text)...)
		served := make([]string, 0, len(o.Serves))
		for _, id := range o.Serves {
			if c, ok := d.Interests.Card(id); ok {
				served = append(served, conflict.Interests.Label(id)+" "+c.Text)
			}
		}
		r.add(wrapIndent(servesText(o.Serves)+": "+strings.Join(served, "; "), "   ", r.w, s.Subtle)...)
	}
}

func (r *resultsWriter) criteria(a exercises.Activity, d conflict.Data) {
	s := r.s
	r.heading("Criteria to judge the options by")
	preset := conflict.SettingsOf(a).Criteria
	n := 0
	for _, c := range preset {
		n++
		r.add(wrapIndent(c, fmt.Sprintf("%d. ", n), r.w, s.Text)...)
	}
	for _, c := range d.Criteria.Cards {
		if c.Live() {
			n++
			r.add(wrapIndent(c.Text, fmt.Sprintf("%d. ", n), r.w, s.Text)...)
		}
	}
	if n == 0 {
		r.add(s.Muted.Render("No criteria yet."))
	}
}

// gradientStyle colours a value of the gradients: endorsement good,
// serious disagreement and block bad. The value is always written too.
func (r *resultsWriter) gradientStyle(v int) paint {
	switch {
	case v >= conflict.SeriousMin:
		return r.s.Bad
	case v >= 5:
		return r.s.Warn
	case v <= 3:
		return r.s.Good
	}
	return r.s.Subtle
}

// spark draws a distribution over the gradients as one character a value.
func spark(d conflict.Distribution) string {
	peak := 0
	for _, c := range d {
		peak = max(peak, c)
	}
	var b strings.Builder
	for _, c := range d {
		level := 0
		if c > 0 {
			level = max(c*(len(sparkLevels)-1)/peak, 1)
		}
		b.WriteRune(sparkLevels[level])
	}
	return b.String()
}

// counts writes a distribution's values that were given: "1×2 3×1 8×1".
func counts(d conflict.Distribution) string {
	var parts []string
	for i, c := range d {
		if c > 0 {
			parts = append(parts, fmt.Sprintf("%d×%d", i+conflict.GradientMin, c))
		}
	}
	return strings.Join(parts, " ")
}

// polls draws every option's current poll: first in a few lines (the
// distribution as a sparkline over 1…8, per party, every objection with
// its comment), its earlier polls in a line each, then every distribution
// in full, so that what the room must talk about comes first.
func (r *resultsWriter) polls(res conflict.Result) {
	s := r.s
	r.heading("Gradients of agreement (1 endorse … 8 block)")
	if len(res.Options) == 0 {
		r.add(s.Muted.Render("No options to evaluate."))
		return
	}
	const nameW = 16
	for _, o := range res.Options {
		r.gap()
		cur := o.Polls[len(o.Polls)-1]
		title := conflict.Options.Label(o.Card.ID) + " " + o.Card.Text
		if len(o.Polls) > 1 {
			title += fmt.Sprintf(" (poll %d)", cur.Poll)
		}
		r.add(wrapIndent(title, "", r.w, s.Heading)...)
		for _, earlier := range o.Polls[:len(o.Polls)-1] {
			r.add(wrapIndent(fmt.Sprintf("poll %d, before the amendment: %s · %d %s, %d %s · %q",
				earlier.Poll, counts(earlier.Distribution), earlier.N, plural(earlier.N, "rating", "ratings"),
				len(earlier.Objections), plural(len(earlier.Objections), "objection", "objections"), earlier.Text), "   ", r.w, s.Muted)...)
			for _, ob := range earlier.Objections {
				r.objection(ob, "     ", s.Muted)
			}
		}
		if cur.N == 0 {
			r.add(s.Muted.Render("   no ratings yet"))
			continue
		}
		line := func(name string, dist conflict.Distribution, n int, style paint) {
			r.add(style.Render(cut(fmt.Sprintf("   %-*s %s  %s (%d)", nameW, cut(name, nameW), spark(dist), counts(dist), n), r.w)))
		}
		line("everyone", cur.Distribution, cur.N, s.Text)
		for _, pd := range cur.Parties {
			line(cmp.Or(pd.Party, "no party"), pd.Distribution, pd.N, s.Subtle)
		}
		for _, ob := range cur.Objections {
			r.objection(ob, "   ", r.gradientStyle(ob.Value))
		}
	}
	r.gap()
	r.heading("In full")
	const labelW = 36
	barMax := min(max(r.w-labelW-8, 4), 30)
	for _, o := range res.Options {
		cur := o.Polls[len(o.Polls)-1]
		if cur.N == 0 {
			continue
		}
		r.add(s.Subtle.Render(cut(conflict.Options.Label(o.Card.ID)+" "+o.Card.Text, r.w)))
		for v := conflict.GradientMin; v <= conflict.GradientMax; v++ {
			count := cur.Distribution[v-conflict.GradientMin]
			bar := strings.Repeat(glyphBar, barLength(count, cur.N, barMax))
			r.add("   " + r.gradientStyle(v).Render(fmt.Sprintf("%-*s", labelW, cut(conflict.Gradient.Label(v), labelW))+bar) +
				s.Text.Render(fmt.Sprintf(" %d", count)))
		}
	}
}

// objection draws a serious disagreement or a block with its comment, and
// who gave it as the anonymity allows (their party, where names are not
// shown but organisations are).
func (r *resultsWriter) objection(ob conflict.Objection, indent string, style paint) {
	glyph := glyphReserve
	if ob.Value == conflict.Block {
		glyph = glyphBlocker
	}
	who := r.who(ob.Person)
	if who == "" && r.anon != exercises.Anonymous {
		who = ob.Party
	}
	text := fmt.Sprintf("%s %s: %s", glyph, conflict.Gradient.Label(ob.Value), cmp.Or(ob.Comment, "(no comment)"))
	if who != "" {
		text += " — " + who
	}
	r.add(wrapIndent(text, indent, r.w, style)...)
}

// agreements draws what was agreed and the open questions.
func (r *resultsWriter) agreements(snap *session.Snapshot, d conflict.Data) {
	s := r.s
	r.heading("Agreements")
	if len(d.Agreements.Items) == 0 {
		r.add(s.Muted.Render("No agreements recorded yet."))
	}
	for _, a := range d.Agreements.Items {
		owner := a.OwnerName
		if !a.Typed() {
			owner = snap.People[a.Owner].Shown()
		}
		line := fmt.Sprintf("%d. %s — %s (%s), %s", a.ID, a.Text, owner, a.Org, a.Due)
		style := s.Text
		if a.Status == exercises.Rejected {
			line, style = glyphRejected+" withdrawn: "+line, s.Muted
		}
		r.add(wrapIndent(line, "", r.w, style)...)
	}
	r.gap()
	r.heading("Open questions")
	if len(d.Questions.Cards) == 0 {
		r.add(s.Muted.Render("None recorded."))
	}
	for _, q := range d.Questions.Cards {
		r.add(wrapIndent(q.Text, conflict.Questions.Label(q.ID)+" ", r.w, s.Text)...)
	}
}
