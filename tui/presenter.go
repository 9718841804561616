package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/session"
)

// defaultTimer is what t starts when the activity has no time box.
const defaultTimer = 5 * time.Minute

// presenterState is the facilitator's own view state.
type presenterState struct {
	screen       bool // screen mode: results only, for the projector
	exporting    bool // the export panel is open
	deciding     bool // the decision form is open
	outcome      int  // index into exercises.Outcomes()
	conditions   lazyInput
	onConditions bool // the conditions input has the focus
	bar          progress.Model
	completion   completionCache
}

func newPresenterState() presenterState {
	return presenterState{
		conditions: newInput("", "conditions for proceeding", exercises.MaxTextLen*4),
	}
}

// closePanels closes the export panel and the decision form.
func (p *presenterState) closePanels() {
	p.exporting, p.deciding, p.onConditions = false, false, false
	p.conditions.Clear()
}

// newBar returns the participation bar in the palette's colours. It is
// drawn with ViewAs (static), so it never animates.
func newBar(s *Styles) progress.Model {
	return progress.New(progress.WithoutPercentage(), progress.WithColors(s.pal.success),
		progress.WithFillCharacters('█', '░'))
}

// presenterKey handles the facilitator's controls.
func (m *Model) presenterKey(msg tea.KeyPressMsg) tea.Cmd {
	p, k := &m.pres, m.keys.Presenter
	if p.deciding {
		return m.decisionKey(msg)
	}
	snap := m.snap
	i, act := snap.Current, snap.CurrentActivity()
	if cmd, ok := m.view.presenterKey(m, msg, act); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		p.screen, p.exporting = false, false
	case key.Matches(msg, k.Screen):
		p.screen = !p.screen
		m.scroll = 0
	case m.scrollKey(msg, true):
	case key.Matches(msg, k.NextPhase):
		return m.stepPhase(+1)
	case key.Matches(msg, k.PrevPhase):
		return m.stepPhase(-1)
	case key.Matches(msg, k.NextActivity):
		return m.stepActivity(+1)
	case key.Matches(msg, k.PrevActivity):
		return m.stepActivity(-1)
	case key.Matches(msg, k.Reveal):
		return m.do(session.Reveal{Activity: i, On: !act.Revealed})
	case key.Matches(msg, k.Lock):
		if !act.PhaseSpec().Input {
			m.status = status{kind: statusNotice, text: "This phase takes no input; there is nothing to lock."}
			return nil
		}
		return m.do(session.Lock{Activity: i, On: !act.Locked})
	case key.Matches(msg, k.TimerStart):
		t := snap.Timer
		if !t.Running && t.Remaining(m.now()) > 0 {
			return m.do(session.SetTimer{Op: session.TimerStart}) // resume
		}
		d := act.Activity.TimeBox
		if d <= 0 {
			d = defaultTimer
		}
		return m.do(session.SetTimer{Op: session.TimerStart, Duration: d})
	case key.Matches(msg, k.TimerPause):
		return m.do(session.SetTimer{Op: session.TimerPause})
	case key.Matches(msg, k.TimerExtend):
		return m.do(session.SetTimer{Op: session.TimerExtend, Duration: time.Minute})
	case key.Matches(msg, k.TimerClear):
		return m.do(session.SetTimer{Op: session.TimerClear})
	case key.Matches(msg, k.Anonymity):
		return m.do(session.SetAnonymity{Activity: i, Anonymity: nextAnonymity(act.Activity.Anonymity)})
	case key.Matches(msg, k.Decide):
		if !act.PhaseSpec().Decide {
			m.status = status{kind: statusNotice, text: "Decisions are recorded in a Decide phase: press n to get there."}
			return nil
		}
		return m.openDecision(act)
	case key.Matches(msg, k.Export):
		p.exporting = !p.exporting
	}
	return nil
}

// nextAnonymity cycles named → organisation → anonymous → named.
func nextAnonymity(a exercises.Anonymity) exercises.Anonymity {
	switch a {
	case exercises.Named:
		return exercises.Organisation
	case exercises.Organisation:
		return exercises.Anonymous
	}
	return exercises.Named
}

// stepPhase moves to the next or previous phase; past an activity's last
// phase comes the next activity's first, before its first the previous
// activity's last.
func (m *Model) stepPhase(delta int) tea.Cmd {
	snap := m.snap
	i := snap.Current
	ph := snap.Activities[i].Phase + delta
	switch {
	case ph >= len(snap.Activities[i].Phases()):
		if i+1 >= len(snap.Activities) {
			m.status = status{kind: statusNotice, text: "This is the last phase of the agenda."}
			return nil
		}
		return m.do(session.Move{Activity: i + 1, Phase: 0})
	case ph < 0:
		if i == 0 {
			m.status = status{kind: statusNotice, text: "This is the first phase of the agenda."}
			return nil
		}
		return m.do(session.Move{Activity: i - 1, Phase: len(snap.Activities[i-1].Phases()) - 1})
	}
	return m.do(session.Move{Activity: i, Phase: ph})
}

// stepActivity moves to the next or previous activity, in the phase it
// was left in.
func (m *Model) stepActivity(delta int) tea.Cmd {
	snap := m.snap
	j := snap.Current + delta
	if j < 0 || j >= len(snap.Activities) {
		m.status = status{kind: statusNotice, text: "There is no activity further that way."}
		return nil
	}
	return m.do(session.Move{Activity: j, Phase: snap.Activities[j].Phase})
}

// openDecision opens the decision form, filled with a recorded decision.
func (m *Model) openDecision(act *session.ActivityState) tea.Cmd {
	p := &m.pres
	p.deciding, p.exporting, p.outcome, p.onConditions = true, false, 0, false
	p.conditions.Reset()
	if d := act.Decision; d != nil {
		for i, o := range exercises.Outcomes() {
			if o == d.Outcome {
				p.outcome = i
			}
		}
		p.conditions.SetValue(d.Conditions)
	}
	return nil
}

// decisionKey drives the decision form: 1-3 pick the outcome, tab moves to
// the conditions, Enter records.
func (m *Model) decisionKey(msg tea.KeyPressMsg) tea.Cmd {
	p, k := &m.pres, m.keys.Decision
	outcomes := exercises.Outcomes()
	switch {
	case key.Matches(msg, k.Cancel):
		p.closePanels()
		return nil
	case key.Matches(msg, k.Record):
		d := exercises.Decision{Outcome: outcomes[p.outcome], Conditions: strings.TrimSpace(p.conditions.Value())}
		return m.do(session.Decide{Activity: m.snap.Current, Decision: d})
	case key.Matches(msg, k.Switch):
		return p.focusConditions(!p.onConditions)
	case p.onConditions:
		return p.conditions.Update(msg)
	case key.Matches(msg, k.Pick):
		p.outcome = int(msg.String()[0] - '1')
		if outcomes[p.outcome] == exercises.ProceedConditions {
			return p.focusConditions(true)
		}
	}
	return nil
}

func (p *presenterState) focusConditions(on bool) tea.Cmd {
	p.onConditions = on
	if on {
		return p.conditions.Focus()
	}
	p.conditions.Blur()
	return nil
}

// sidebarWidth is the agenda and participation column's width.
func sidebarWidth(w int) int { return min(max(w/4, 24), 34) }

func (m *Model) renderPresenter() string {
	w, h := m.width, m.height
	top := m.header(w, "PRESENTER")
	bottom := m.footer(w)
	bodyH := h - len(top) - len(bottom)
	lw := sidebarWidth(w)
	rw := w - lw - 3
	body := columns(bodyH, m.sidebar(lw, bodyH), lw, m.presenterMain(rw, bodyH), rw,
		" "+m.styles.Separator.Render(glyphSeparator)+" ")
	return frame(w, h, top, body, bottom)
}

// sidebar is the agenda with progress above the participation panel.
func (m *Model) sidebar(w, h int) []string {
	s, snap := m.styles, m.snap
	out := []string{s.Heading.Render("Agenda")}
	rows := min(len(snap.Activities), max(h/2-2, 1))
	first := min(max(snap.Current-rows/2, 0), len(snap.Activities)-rows)
	for i := first; i < first+rows; i++ {
		a := snap.Activities[i]
		glyph, style := glyphUpcoming, s.Muted
		switch {
		case i == snap.Current:
			glyph, style = glyphCurrent, s.Title
		case i < snap.Current || a.Phase == len(a.Phases())-1:
			glyph, style = glyphDone, s.Good
		}
		out = append(out, style.Render(cut(fmt.Sprintf("%s %d. %s", glyph, i+1, a.Activity.Title), w)))
		if i == snap.Current {
			out = append(out, s.Subtle.Render(cut(fmt.Sprintf("   %s (phase %d/%d)", a.PhaseSpec().Title, a.Phase+1, len(a.Phases())), w)))
		}
	}
	out = append(out, "")
	return append(out, m.participation(w, h-len(out))...)
}

// participation shows who is here and who has answered the current
// activity.
func (m *Model) participation(w, h int) []string {
	s, snap := m.styles, m.snap
	i := snap.Current
	prog := m.completion(i)
	people := snap.Participants()
	complete, ratio := prog.Tally(people)
	here := 0
	for _, p := range people {
		if snap.Connected(p.ID) {
			here++
		}
	}
	bar := m.pres.bar
	bar.SetWidth(w)
	out := []string{
		s.Heading.Render("Participation"),
		s.Text.Render(fmt.Sprintf("%d of %d %s", complete, len(people), prog.verb)),
		bar.ViewAs(ratio),
		s.Subtle.Render(fmt.Sprintf("%d of %d here", here, len(people))),
	}
	for k, p := range people {
		if len(out) >= h-1 && k < len(people)-1 {
			out = append(out, s.Muted.Render(fmt.Sprintf("… and %d more", len(people)-k)))
			break
		}
		presence := s.Muted.Render(glyphAway)
		if snap.Connected(p.ID) {
			presence = s.Good.Render(glyphHere)
		}
		var mark string
		switch n := prog.Given(p.ID); {
		case prog.Done(p.ID):
			mark = s.Good.Render(glyphDone)
		case n > 0:
			mark = s.Warn.Render(fmt.Sprintf("%d/%d", n, prog.Asked))
		default:
			mark = s.Muted.Render("–")
		}
		out = append(out, presence+" "+fit(mark, 5)+" "+s.Text.Render(withMark(p.Shown(), snap, p)))
	}
	return out
}

// presenterMain is the current activity's state, open panels, and its live
// results.
func (m *Model) presenterMain(w, h int) []string {
	s, p := m.styles, &m.pres
	act := m.snap.CurrentActivity()
	vis := s.Warn.Render(glyphHidden+" hidden from participants") + s.Subtle.Render(" · r reveals")
	if act.Revealed {
		vis = s.Good.Render(glyphRevealed+" revealed to participants") + s.Subtle.Render(" · r hides")
	}
	anon := "Anonymity: " + anonymityLabel(act.Activity.Anonymity)
	if act.Activity.Anonymity != exercises.Named {
		anon += " · you still see names"
	}
	out := []string{vis, s.Subtle.Render(anon)}
	if act.PhaseSpec().Decide && act.Decision == nil && !p.deciding {
		out = append(out, s.Emphasis.Render("Decide phase: press d to record the decision."))
	}
	out = append(out, "")
	if p.exporting {
		out = append(out, m.exportPanel(w)...)
		out = append(out, "")
	}
	if p.deciding {
		out = append(out, m.decisionPanel(w)...)
		out = append(out, "")
	}
	return append(out, m.view.presenterMain(m, act, w, h-len(out))...)
}

// exportPanel tells the facilitator how to get the report. The model does
// not know the server's address, so the SSH form names it "host".
func (m *Model) exportPanel(w int) []string {
	s, code := m.styles, m.snap.Code
	out := []string{
		s.Heading.Render("Export the report"),
		s.Subtle.Render("On the server:"),
		s.Text.Render("  commonground export " + code + " --format md"),
		s.Subtle.Render("Over SSH, with your server's host and port:"),
		s.Text.Render("  ssh -p 2222 host export " + code + " --format md"),
	}
	return append(out, wrap("Add > report.md to save it. Formats: md, csv, json. e closes this.", w, s.Subtle)...)
}

// decisionPanel is the decision form.
func (m *Model) decisionPanel(w int) []string {
	s, p := m.styles, &m.pres
	out := []string{s.Heading.Render("Record the decision")}
	for i, o := range exercises.Outcomes() {
		line := fmt.Sprintf("  %d %s", i+1, o.Label())
		if i == p.outcome {
			line = s.Title.Render(glyphCursor) + s.Selected.Render(fmt.Sprintf(" %d %s", i+1, o.Label()))
		}
		out = append(out, line)
	}
	label := s.Subtle.Render("Conditions: ")
	if p.onConditions {
		label = s.Heading.Render("Conditions: ")
	}
	return append(out, cut(label+p.conditions.View(), w))
}
