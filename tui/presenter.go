package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

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
	// revealing is the step whose early reveal waits for a second r (see
	// revealKey); the wait ends when the status line says something else.
	revealing *revealStep
	// confirming is a move asked for while people are still answering: it
	// waits for its key again, and any other key cancels it.
	confirming *pendingMove
	timing     bool      // the timer's prompt is open (t)
	minutes    lazyInput // how long the timer runs, in minutes
	// bellFor is the end of the running timer this presenter saw with time
	// left: when it reaches zero the bell rings once, and bellFor is reset.
	bellFor time.Time
	people  peoplePanel // the people panel (u)
	agenda  agendaPanel // the agenda panel (g)
}

// pendingMove is a move of the room that waits for its key to be pressed
// again.
type pendingMove struct {
	key  string // the key that asked for it, and confirms it
	move session.Move
}

// revealStep is an activity in one of its phases.
type revealStep struct{ activity, phase int }

func newPresenterState() presenterState {
	return presenterState{
		conditions: newInput("", "conditions for proceeding", exercises.MaxTextLen*4),
		minutes:    newInput("Minutes: ", "minutes", 3),
		people:     newPeoplePanel(),
		agenda:     newAgendaPanel(),
	}
}

// closePanels closes the export panel and the decision form.
func (p *presenterState) closePanels() {
	p.exporting, p.deciding, p.onConditions = false, false, false
	p.confirming = nil
	p.conditions.Clear()
	p.timing = false
	p.minutes.Clear()
}

// newBar returns the participation bar in the palette's colours. It is
// drawn with ViewAs (static), so it never animates.
func newBar(s *Styles) progress.Model {
	return progress.New(progress.WithoutPercentage(), progress.WithColors(s.pal.success),
		progress.WithFillCharacters('█', '░'))
}

// presenterKeys is the facilitator's bindings: the decision form's while
// it is open, the view's alone while one of its forms is, else the view's
// and the common controls. A common control whose key the view takes in
// this phase moves to its fallback keys (yieldTo).
func (m *Model) presenterKeys(act *session.ActivityState, quit binding) keyGroups {
	p, k := &m.pres, m.keys.Decision
	if p.deciding {
		return keyGroups{{
			on(k.Pick, pickOutcome).short().when(!p.onConditions),
			// The help names where Tab goes from here: into the
			// conditions, or back to the outcomes.
			on(k.Switch, func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return m.pres.focusConditions(!m.pres.onConditions) }).
				as(switchText(p.onConditions)).short(),
			on(k.Record, recordDecision).short(),
			on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd { m.pres.closePanels(); return nil }).short(),
			quit,
		}}
	}
	if c := p.confirming; c != nil {
		again := newBinding(keysOf(c.key), c.key, "move on")
		return keyGroups{{
			on(again, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				mv := m.pres.confirming.move
				m.pres.confirming = nil
				return m.do(mv)
			}).short(),
			quit,
		}}
	}
	if p.timing {
		f := m.keys.Form
		return keyGroups{{
			on(f.Submit, startTimer).as("start timer").short(),
			on(f.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
				m.pres.timing = false
				m.pres.minutes.Clear()
				return nil
			}).short(),
			on(m.keys.Global.Help, toggleHelp).short(),
			quit,
		}}
	}
	if p.people.open {
		return m.peopleKeys(quit)
	}
	if p.agenda.open {
		return m.agendaKeys(quit)
	}
	own, modal := m.view.bindings(m, act)
	if modal {
		return append(own, []binding{quit})
	}
	return append(own, m.commonKeys(act, quit).yieldTo(own)...)
}

// commonKeys is the facilitator's controls of every exercise. The brief
// ones fill the control bar's two lines at 80 columns next to an
// exercise's own; the rest are a ? away.
func (m *Model) commonKeys(act *session.ActivityState, quit binding) keyGroups {
	k, p := m.keys, m.keys.Presenter
	run := func(f func(m *Model) tea.Cmd) func(*Model, tea.KeyPressMsg) tea.Cmd {
		return func(m *Model, _ tea.KeyPressMsg) tea.Cmd { return f(m) }
	}
	timer := func(op session.TimerOp, d time.Duration) func(*Model, tea.KeyPressMsg) tea.Cmd {
		return run(func(m *Model) tea.Cmd { return m.do(session.SetTimer{Op: op, Duration: d}) })
	}
	pause := "pause"
	if t := m.snap.Timer; !t.Running && t.Remaining(m.now()) > 0 {
		pause = "resume"
	}
	return keyGroups{
		{
			on(p.NextPhase, moveKey((*Model).stepPhase, +1)).short(),
			on(p.PrevPhase, moveKey((*Model).stepPhase, -1)),
			on(p.NextActivity, moveKey((*Model).stepActivity, +1)).short(),
			on(p.PrevActivity, moveKey((*Model).stepActivity, -1)),
		},
		{
			on(p.Reveal, run(revealKey)).short(),
			on(p.Lock, run(lockInput)),
			on(p.Anonymity, run(func(m *Model) tea.Cmd {
				next, ok := nextAnonymity(act)
				if !ok {
					// Only an answered anonymous activity has no setting left.
					m.status = status{kind: statusNotice, text: "Answered anonymously: it stays anonymous. For names, add a new activity."}
					return nil
				}
				return m.do(session.SetAnonymity{Activity: m.snap.Current, Anonymity: next})
			})).short().orElse("A"),
			on(p.Screen, run(func(m *Model) tea.Cmd { m.pres.screen, m.scroll = !m.pres.screen, 0; return nil })).short(),
			on(p.Decide, run(openDecisionKey)),
			on(p.Export, run(func(m *Model) tea.Cmd { m.pres.exporting = !m.pres.exporting; return nil })),
			on(p.People, openPeople),
			on(p.Agenda, openAgenda).orElse("G"),
			on(p.Back, run(func(m *Model) tea.Cmd { m.pres.screen, m.pres.exporting = false, false; return nil })).
				when(m.pres.screen || m.pres.exporting),
		},
		{
			on(p.TimerStart, run(openTimer)).short(),
			on(p.TimerPause, run(pauseTimer)).as(pause).short().orElse("P"),
			on(p.TimerExtend, timer(session.TimerExtend, time.Minute)),
			on(p.TimerClear, timer(session.TimerClear, 0)),
		},
		{
			on(k.Scroll.Page, pageKey),
			on(k.Scroll.Arrows, lineKey).orElse("k", "j"),
			on(k.Global.Help, toggleHelp).short(),
			quit,
		},
	}
}

// revealEarlyWarning asks the facilitator to press r again before showing
// results while people can still answer.
// It fits the status line at 80 columns.
const revealEarlyWarning = "Input open: late answerers would read others first. Press r again to reveal."

// revealKey shows or hides the results. Showing them while the phase takes
// input and is not locked asks first, in the status line: a second r
// reveals.
func revealKey(m *Model) tea.Cmd {
	act, p := m.snap.CurrentActivity(), &m.pres
	step := revealStep{m.snap.Current, act.Phase}
	armed := p.revealing != nil && *p.revealing == step && m.status.text == revealEarlyWarning
	p.revealing = nil
	if !act.Revealed && act.InputOpen() && !armed {
		p.revealing = &step
		m.status = status{kind: statusNotice, text: revealEarlyWarning}
		return nil
	}
	return m.do(session.Reveal{Activity: m.snap.Current, On: !act.Revealed})
}

// lockInput pauses or resumes the input of a phase that takes input.
func lockInput(m *Model) tea.Cmd {
	act := m.snap.CurrentActivity()
	if !act.PhaseSpec().Input {
		m.status = status{kind: statusNotice, text: "This phase takes no input; there is nothing to lock."}
		return nil
	}
	return m.do(session.Lock{Activity: m.snap.Current, On: !act.Locked})
}

// openTimer asks how many minutes the timer should run, offering the
// activity's time box.
func openTimer(m *Model) tea.Cmd {
	d := m.snap.CurrentActivity().Activity.TimeBox
	if d <= 0 {
		d = defaultTimer
	}
	p := &m.pres
	p.timing, p.exporting = true, false
	p.minutes.SetValue(strconv.Itoa(int((d + time.Minute - 1) / time.Minute)))
	p.minutes.CursorEnd()
	m.status = status{}
	return p.minutes.Focus()
}

// maxTimerMinutes is the longest timer the prompt takes (the session's
// cap is four hours).
const maxTimerMinutes = 240

// startTimer starts the timer for the minutes the prompt holds.
func startTimer(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	n, err := strconv.Atoi(strings.TrimSpace(m.pres.minutes.Value()))
	if err != nil || n < 1 || n > maxTimerMinutes {
		m.status = status{kind: statusError, text: fmt.Sprintf("Give the minutes as a whole number from 1 to %d.", maxTimerMinutes)}
		return nil
	}
	m.pres.timing = false
	m.pres.minutes.Clear()
	return m.do(session.SetTimer{Op: session.TimerStart, Duration: time.Duration(n) * time.Minute})
}

// pauseTimer pauses a running timer, or resumes a paused one.
func pauseTimer(m *Model) tea.Cmd {
	t := m.snap.Timer
	switch {
	case t.Running:
		return m.do(session.SetTimer{Op: session.TimerPause})
	case t.Remaining(m.now()) > 0:
		return m.do(session.SetTimer{Op: session.TimerStart}) // resume
	}
	m.status = status{kind: statusNotice, text: "No timer is running: press t to start one."}
	return nil
}

// timerPanel is the timer's prompt.
func (m *Model) timerPanel(w int) []string {
	s := m.styles
	return []string{
		s.Heading.Render("Start the timer"),
		cut(m.pres.minutes.View(), w),
		s.Subtle.Render(cut("enter starts it, esc cancels", w)),
	}
}

// timerBell rings the terminal's bell, once, when a timer this presenter
// saw running reaches zero, and says so on the status line. Only the
// facilitator's own terminal (the presenter, or the projector it drives in
// screen mode) rings: the room hears the projector, and a bell in every
// participant's terminal would ring in their pockets and laptops unasked.
func (m *Model) timerBell() tea.Cmd {
	t, p := m.snap.Timer, &m.pres
	switch {
	case !m.facilitator || !t.Running:
		p.bellFor = time.Time{}
	case t.Remaining(m.now()) > 0:
		p.bellFor = t.EndsAt // armed
	case !p.bellFor.IsZero() && p.bellFor.Equal(t.EndsAt):
		p.bellFor = time.Time{}
		m.status = status{kind: statusNotice, text: "Time is up."}
		return tea.Raw(bell)
	}
	return nil
}

// bell is the terminal's bell (BEL).
const bell = "\a"

// openDecisionKey opens the decision form in a Decide phase.
func openDecisionKey(m *Model) tea.Cmd {
	act := m.snap.CurrentActivity()
	if !act.PhaseSpec().Decide {
		m.status = status{kind: statusNotice, text: "Decisions are recorded in a Decide phase: press n to get there."}
		return nil
	}
	return m.openDecision(act)
}

// nextAnonymity cycles named → organisation → anonymous → named through
// the settings the activity allows: once anyone has given input, only the
// more private ones (session.ActivityState.CanSetAnonymity). It returns
// false when there is none to go to.
func nextAnonymity(act *session.ActivityState) (exercises.Anonymity, bool) {
	a := act.Activity.Anonymity
	for range 2 {
		switch a {
		case exercises.Named:
			a = exercises.Organisation
		case exercises.Organisation:
			a = exercises.Anonymous
		default:
			a = exercises.Named
		}
		if act.CanSetAnonymity(a) {
			return a, true
		}
	}
	return "", false
}

// moveKey moves the room the way step finds, once the facilitator has
// confirmed it while people are still answering: a stray key never moves
// the room on without that check.
func moveKey(step func(m *Model, delta int) (session.Move, bool), delta int) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
		mv, ok := step(m, delta)
		if !ok {
			return nil
		}
		if len(m.unfinished()) > 0 {
			m.pres.confirming = &pendingMove{key: msg.String(), move: mv}
			m.status = status{}
			return nil
		}
		return m.do(mv)
	}
}

// unfinished is the participants who have not finished what the current
// phase asks of them, as the one count of progress has it; none when the
// phase takes no input.
func (m *Model) unfinished() []exercises.Person {
	snap := m.snap
	if !snap.CurrentActivity().PhaseSpec().Input {
		return nil
	}
	prog := m.completion(snap.Current)
	var out []exercises.Person
	for _, p := range snap.Participants() {
		if _, gone := snap.IsRemoved(p.ID); !gone && !prog.Done(p.ID) {
			out = append(out, p)
		}
	}
	return out
}

// confirmPanel asks the facilitator to confirm a move while people are
// still answering, naming them and how far each is.
func (m *Model) confirmPanel(w int) []string {
	s, c := m.styles, m.pres.confirming
	people := m.unfinished()
	again := fmt.Sprintf(" — press %s again to move on, any other key to stay", c.key)
	if len(people) == 0 {
		return wrap("Everyone has finished"+again+".", w, s.Emphasis)
	}
	prog := m.completion(m.snap.Current)
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = fmt.Sprintf("%s (%d of %d)", p.Shown(), prog.Given(p.ID), prog.Asked)
	}
	who := "1 person has not finished"
	if len(people) > 1 {
		who = fmt.Sprintf("%d people have not finished", len(people))
	}
	return wrap(who+": "+strings.Join(names, ", ")+again+".", w, s.Warn)
}

// stepPhase finds the next or previous phase; past an activity's last
// phase comes the next activity's first, before its first the previous
// activity's last. false when there is none that way.
func (m *Model) stepPhase(delta int) (session.Move, bool) {
	snap := m.snap
	i := snap.Current
	ph := snap.Activities[i].Phase + delta
	switch {
	case ph >= len(snap.Activities[i].Phases()):
		next, ok := snap.Step(i, +1)
		if !ok {
			m.status = status{kind: statusNotice, text: "This is the last phase of the agenda."}
			return session.Move{}, false
		}
		return session.Move{Activity: next, Phase: 0}, true
	case ph < 0:
		prev, ok := snap.Step(i, -1)
		if !ok {
			m.status = status{kind: statusNotice, text: "This is the first phase of the agenda."}
			return session.Move{}, false
		}
		return session.Move{Activity: prev, Phase: len(snap.Activities[prev].Phases()) - 1}, true
	}
	return session.Move{Activity: i, Phase: ph}, true
}

// stepActivity finds the next or previous activity, in the phase it was
// left in; false when there is none that way.
func (m *Model) stepActivity(delta int) (session.Move, bool) {
	snap := m.snap
	j, ok := snap.Step(snap.Current, delta)
	if !ok {
		m.status = status{kind: statusNotice, text: "There is no activity further that way."}
		return session.Move{}, false
	}
	return session.Move{Activity: j, Phase: snap.Activities[j].Phase}, true
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

// pickOutcome picks the decision's outcome by its number; proceeding with
// conditions moves on to them.
func pickOutcome(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	p := &m.pres
	p.outcome = int(msg.String()[0] - '1')
	if exercises.Outcomes()[p.outcome] == exercises.ProceedConditions {
		return p.focusConditions(true)
	}
	return nil
}

// switchText is what Tab does in the decision form, from where the focus is.
func switchText(onConditions bool) string {
	if onConditions {
		return "back to outcome"
	}
	return "write conditions"
}

// decisionUnbound takes a key no binding of the decision form took: typed
// into the conditions when they have the focus. On the outcomes a
// printable key is not typed anywhere: the person is told where Tab goes,
// so that nothing they meant to write is dropped unseen.
func (m *Model) decisionUnbound(msg tea.KeyPressMsg) tea.Cmd {
	p := &m.pres
	if p.onConditions {
		return p.conditions.Update(msg)
	}
	if msg.Text != "" {
		m.status = status{kind: statusNotice, text: "The focus is on the outcome (1-3): press tab to write the conditions."}
	}
	return nil
}

// decided closes the decision form once the decision it holds is recorded.
// Conditions typed on while it was being recorded keep it open: they are
// saved with the next Enter, not lost with the form.
func (m *Model) decided(d session.Decide) {
	p := &m.pres
	if p.deciding && strings.TrimSpace(p.conditions.Value()) != d.Decision.Conditions {
		m.status = status{kind: statusNotice, text: "Decision recorded; what you typed since is not: press enter to record it too."}
		return
	}
	p.closePanels()
}

// recordDecision records the decision the form holds.
func recordDecision(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	p := &m.pres
	d := exercises.Decision{Outcome: exercises.Outcomes()[p.outcome], Conditions: strings.TrimSpace(p.conditions.Value())}
	return m.do(session.Decide{Activity: m.snap.Current, Decision: d})
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
	cur := snap.Position(snap.Current)
	rows := min(len(snap.Plan), max(h/2-3, 1))
	first := min(max(cur-rows/2, 0), len(snap.Plan)-rows)
	for pos := first; pos < first+rows; pos++ {
		i := snap.Plan[pos]
		a, t := snap.Activities[i], m.agendaTime(i)
		glyph, style := glyphUpcoming, s.Muted
		switch {
		case i == snap.Current:
			glyph, style = glyphCurrent, s.Title
		case a.Entered || a.Phase == len(a.Phases())-1:
			glyph, style = glyphDone, s.Good
		}
		planned := " " + t.planned
		out = append(out, style.Render(fit(cut(fmt.Sprintf("%s %d. %s", glyph, pos+1, a.Activity.Title), w-len(planned)), w-len(planned)))+s.Subtle.Render(planned))
		if i == snap.Current {
			out = append(out, s.Subtle.Render(cut(fmt.Sprintf("   %s (phase %d/%d)", a.PhaseSpec().Title, a.Phase+1, len(a.Phases())), w)))
			out = append(out, s.Subtle.Render(cut(m.currentTimeText(t), w)))
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
	people := snap.InTheRoom()
	complete, ratio := prog.Tally(people)
	here := 0
	for _, p := range people {
		if snap.Connected(p.ID) {
			here++
		}
	}
	bar := m.pres.bar
	bar.SetWidth(w)
	tally, gauge := s.Text.Render(fmt.Sprintf("%d of %d %s", complete, len(people), prog.Counts.Verb)), bar.ViewAs(ratio)
	if prog.Asked == 0 {
		// A phase that asks participants for nothing (funder alignment's
		// goals): "0 of 4 added funders" would read as everyone behind.
		tally, gauge = s.Subtle.Render("Nothing asked now"), ""
	}
	out := []string{s.Heading.Render("Participation"), tally, gauge,
		s.Subtle.Render(fmt.Sprintf("%d of %d here", here, len(people)))}
	out = append(out, m.preworkTally(w)...)
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
		name := s.Text.Render(withMark(p.Shown(), snap, p))
		if _, gone := snap.IsRemoved(p.ID); gone {
			name = s.Muted.Render(p.Shown() + " " + glyphBlocker)
		} else if snap.IsMuted(p.ID) {
			name += " " + s.Warn.Render(glyphLocked)
		}
		out = append(out, presence+" "+fit(mark, 5)+" "+name)
	}
	return out
}

// preworkTally says how many of the cohort did the current activity's
// prework, and names who did not: who did it, never what they gave, so it
// holds in an anonymous activity too. Nothing for an activity that is not
// prework.
func (m *Model) preworkTally(w int) []string {
	act := m.snap.CurrentActivity()
	if act.Activity.Prework == nil {
		return nil
	}
	roster := m.roster()
	var missing []string
	for _, p := range roster {
		if !act.PreworkBy[p.ID] {
			missing = append(missing, p.Name+" ("+p.Org+")")
		}
	}
	s := m.styles
	out := []string{s.Text.Render(cut(fmt.Sprintf("%d of %d did the prework", len(roster)-len(missing), len(roster)), w))}
	if len(missing) > 0 {
		out = append(out, wrap("not yet: "+strings.Join(missing, ", "), w, s.Subtle)...)
	}
	return out
}

// roster is who was asked to do the prework: the cohort's members, or
// where the workshop is no cohort's session, everyone in the room.
func (m *Model) roster() []exercises.Person {
	if m.opts.Members == nil {
		return m.snap.InTheRoom()
	}
	if m.members == nil || m.membersAt != m.snap.Version {
		m.members, m.membersAt = m.opts.Members(), m.snap.Version
	}
	return m.members
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
	anon := "Anonymity: " + act.Activity.Anonymity.Words()
	if act.Strictest != act.Activity.Anonymity {
		anon += " · shown as " + act.Strictest.Words() + ", as people answered"
	}
	if act.Strictest != exercises.Named {
		anon += " · you still see names"
	}
	out := []string{vis, s.Subtle.Render(anon)}
	if act.PhaseSpec().Decide && act.Decision == nil && !p.deciding {
		out = append(out, s.Emphasis.Render("Decide phase: press d to record the decision."))
	}
	out = append(out, "")
	if p.confirming != nil {
		out = append(out, m.confirmPanel(w)...)
		out = append(out, "")
	}
	if p.exporting {
		out = append(out, m.exportPanel(w)...)
		out = append(out, "")
	}
	if p.deciding {
		out = append(out, m.decisionPanel(w)...)
		out = append(out, "")
	}
	if p.timing {
		out = append(out, m.timerPanel(w)...)
		out = append(out, "")
	}
	if p.people.open {
		out = append(out, m.peoplePanel(w)...)
	}
	if p.agenda.open {
		out = append(out, m.agendaPanelView(w)...)
	}
	return append(out, m.view.presenterMain(m, act, w, h-len(out))...)
}

// defaultPort is the server's port unless told otherwise (admin.DefaultPort).
const defaultPort = 2222

// exportPanel tells the facilitator how to get the report, over SSH with
// the port the server listens on; the host as the server names it, else
// "host".
func (m *Model) exportPanel(w int) []string {
	s, code := m.styles, m.snap.Code
	host, over := m.opts.Host, "Over SSH:"
	if host == "" {
		host, over = "host", "Over SSH, with your server's host:"
	}
	ssh := "ssh "
	switch port := m.opts.Port; port {
	case 0:
		ssh += fmt.Sprintf("-p %d ", defaultPort)
	case 22:
	default:
		ssh += fmt.Sprintf("-p %d ", port)
	}
	out := []string{
		s.Heading.Render("Export the report"),
		s.Subtle.Render("On the server:"),
		s.Text.Render("  commonground export " + code + " --format md"),
		s.Subtle.Render(over),
	}
	// Wrapped, not cut: a long host name still shows the whole command.
	out = append(out, wrap("  "+ssh+host+" export "+code+" --format md", w, s.Text)...)
	return append(out, wrap("Add > report.md to save it. Formats: md, csv, json, html. e closes this.", w, s.Subtle)...)
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
