// Package tui is CommonGround's terminal interface: one Bubble Tea model per
// SSH connection. It onboards the person (rejoin PIN for keyless guests, a
// first-time profile), then shows the participant view, or the presenter view
// and its screen mode for facilitators.
//
// The model never does I/O in Update: every call to the hub runs in a tea.Cmd
// that returns a result message. Newer snapshots arrive as SnapshotMsg from
// the connection's forwarder. Results shared by many viewers are rendered once
// per state, width and audience — and for the assumption map, its view and
// plot height — (see sharedResults).
package tui

import (
	"fmt"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"commonground/exercises"
	"commonground/session"
)

// Options is everything one connection's model needs.
type Options struct {
	Hub      *session.Hub
	Workshop *session.Workshop
	ID       string // identity ID ("SHA256:..."); "" for a participant without a key (keyless)
	// Attach is called (from a tea.Cmd, never from Update) once the identity is known: the
	// sshserver subscribes it and starts the connection's forwarder goroutine. For keyed
	// identities sshserver attaches before the program runs and the model never calls it.
	Attach func(id string) error
	// Rejoin finds the guest identity a rejoin PIN belongs to, and NewGuest
	// creates a guest with its PIN, for a participant without a key: the
	// sshserver counts what each connection and network address tries, and
	// refuses with an *exercises.Error to show as it is (a wrong PIN has the
	// code ENotFound). Both are called from a tea.Cmd; both are needed when
	// ID is "".
	Rejoin   func(pin string) (string, error)
	NewGuest func() (id, pin string, err error)
	Now      func() time.Time // clock; time.Now when nil
	// Host and Port are where participants reach the server, for the
	// commands the presenter's export panel prints: Port is the port the
	// server really listens on (0: the default, 2222), Host "" when not
	// known.
	Host string
	Port int
	// SelfPaced opens the workshop on activity Prework's prework, at the
	// member's own pace (from their cohort's lobby): the screens draw the
	// snapshot as Snapshot.SelfPaced does, until the live session reaches
	// the activity, and then the live workshop.
	SelfPaced bool
	Prework   int
	// Lobby says the person came from their cohort's lobby, where
	// quitting takes them back.
	Lobby bool
	// TimeZone is the person's (an IANA name) when known, for due dates.
	TimeZone string
	// Members lists the workshop's cohort's members, for "12 of 15 did
	// the prework"; nil for a workshop that is no cohort's session. It is
	// called from View, once per version of the workshop, and must be quick.
	Members func() []exercises.Person
}

// SnapshotMsg carries a newer snapshot; the forwarder sends it with Program.Send.
type SnapshotMsg struct{ Snap *session.Snapshot }

// Minimum terminal size every screen is laid out for.
const (
	minWidth  = 80
	minHeight = 24
)

// stage is where a connection stands between arriving and taking part.
type stage uint8

const (
	stageGuest    stage = iota // keyless: type a rejoin PIN or join as a new guest
	stageGuestPIN              // a new guest notes their PIN
	stageLoading               // looking up the profile, or joining
	stageProfile               // first-time profile form
	stageWorkshop              // participant or presenter view
)

// Model is the root model of one connection. Sub-parts are plain structs
// rendered by methods; there are no nested tea.Models.
type Model struct {
	opts   Options
	id     string  // identity; set once a keyless guest is known
	keys   *KeyMap // shared by every connection, never written
	styles *Styles
	// showAll is whether the full help is open; the help is drawn by the
	// styles' help model (helpModel).
	showAll bool
	now     func() time.Time
	// after schedules a message after d; tea.Tick outside tests.
	after func(d time.Duration, msg tea.Msg) tea.Cmd

	width, height int
	snap          *session.Snapshot
	stage         stage
	status        status
	quitText      string // shown outside the alternate screen once the program ends

	guest   guestForm
	profile profileForm
	pres    presenterState // the facilitator's controls, common to every exercise
	view    view           // the current activity's exercise, built for it (view.go)
	back    *lookback      // an earlier activity the participant looks at; nil on the live one

	activity    int      // the activity the view and the scroll belong to
	phase       int      // the phase the status line speaks about
	scroll      int      // first results line shown
	page        pageInfo // the scrolled area as last drawn
	helpCache   helpCache
	headerCache headerCache
	ticking     bool // a timer tick is scheduled
	facilitator bool // the identity runs this workshop (cached: View asks often)
	// prework is the activity whose prework the person does at their own
	// pace, -1 in the live workshop.
	prework int
	// members is the cohort's roster as of the snapshot version membersAt.
	members   []exercises.Person
	membersAt uint64
}

// New returns the model for one connection.
func New(opts Options) tea.Model {
	m := &Model{
		opts:   opts,
		id:     opts.ID,
		keys:   &defaultKeys,
		styles: stylesFor(true),
		now:    opts.Now,
		after: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		},
		prework: -1,
	}
	if opts.SelfPaced {
		m.prework = opts.Prework
	}
	m.snap = m.shown(opts.Workshop.Snapshot())
	if m.now == nil {
		m.now = time.Now
	}
	m.guest = newGuestForm()
	m.profile = newProfileForm()
	m.pres = newPresenterState()
	m.view = newView(m.snap.CurrentActivity().Activity.Kind)
	m.applyStyles()
	m.setRole()
	if m.id == "" {
		m.stage = stageGuest
	} else {
		// Everyone, facilitators too, gives a profile once: a
		// facilitator who meets the form on a later visit, or meets the
		// presenter where they expected it, would type into one or the
		// other by mistake.
		m.stage = stageLoading
	}
	return m
}

// Init asks the client for its background colour and starts onboarding.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	switch m.stage {
	case stageGuest:
		cmds = append(cmds, m.guest.pin.Focus())
	case stageLoading:
		cmds = append(cmds, m.loadProfile())
	}
	return tea.Batch(cmds...)
}

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		m.styles = stylesFor(msg.IsDark())
		m.applyStyles()
	case SnapshotMsg:
		return m, m.setSnapshot(msg.Snap)
	case tickMsg:
		m.ticking = false
		return m, tea.Batch(m.timerBell(), m.scheduleTick())
	case guestMsg:
		return m, m.handleGuest(msg)
	case attachedMsg:
		return m, m.handleAttached(msg)
	case profileMsg:
		return m, m.handleProfile(msg)
	case joinedMsg:
		return m, m.handleJoined(msg)
	case actionMsg:
		return m, m.handleAction(msg)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.PasteMsg:
		return m, m.updateFocusedInput(msg)
	}
	return m, nil
}

// handleKey routes a key press to the stage or view that has focus.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Global.Quit) {
		return tea.Quit
	}
	if m.tooSmall() || m.snap.Closing {
		return nil
	}
	switch m.stage {
	case stageGuest:
		return m.guestKey(msg)
	case stageGuestPIN:
		if key.Matches(msg, m.keys.Form.Submit) {
			m.stage = stageLoading
			return m.attach(m.guest.newID)
		}
	case stageProfile:
		return m.profileKey(msg)
	case stageWorkshop:
		return m.workshopKey(msg)
	}
	return nil
}

// updateFocusedInput passes a message (a paste) to whichever text input has
// the focus.
func (m *Model) updateFocusedInput(msg tea.Msg) tea.Cmd {
	var in *lazyInput
	switch {
	case m.stage == stageGuest:
		in = &m.guest.pin
	case m.stage == stageProfile:
		in = &m.profile.inputs[m.profile.focus]
	case m.stage != stageWorkshop:
		return nil
	case m.facilitator && m.pres.deciding:
		in = &m.pres.conditions
	case m.facilitator && m.pres.timing:
		in = &m.pres.minutes
	case m.facilitator && m.pres.people.ask == askMessage:
		in = &m.pres.people.message
	case m.facilitator && m.pres.agenda.ask == agendaAskPrompt:
		in = &m.pres.agenda.prompt
	default:
		if in = m.focusedInput(); in == nil {
			return nil
		}
	}
	before := in.Value()
	cmd := in.Update(msg)
	if paste, ok := msg.(tea.PasteMsg); ok && in.CharLimit() > 0 {
		// The input keeps what fits and drops the rest without a word:
		// say so, so a long paste is not lost unnoticed.
		if utf8.RuneCountInString(before)+utf8.RuneCountInString(paste.Content) > in.CharLimit() {
			m.status = status{kind: statusNotice, text: fmt.Sprintf("The paste was cut: this field takes at most %d characters.", in.CharLimit())}
		}
	}
	return cmd
}

// View renders the screen for the current state.
func (m *Model) View() tea.View {
	if m.quitText != "" {
		// Outside the alternate screen the last frame stays on the terminal
		// after the program ends, so the person can read why.
		w := m.width
		if w <= 0 {
			w = minWidth
		}
		// Wrapped, so that a long reason is read whole on a narrow terminal.
		return tea.NewView(ansi.WrapWc(m.quitText, w, "") + "\n")
	}
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.snap.Title
	return v
}

func (m *Model) render() string {
	switch {
	case m.width == 0 || m.height == 0:
		return "" // the size arrives with the first message
	case m.tooSmall():
		return m.renderTooSmall()
	}
	switch m.stage {
	case stageGuest, stageGuestPIN:
		return m.renderGuest()
	case stageProfile:
		return m.renderProfile()
	case stageLoading:
		return m.renderLoading()
	}
	if m.facilitator {
		if m.pres.screen {
			return m.renderScreen()
		}
		return m.renderPresenter()
	}
	return m.renderParticipant()
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// setRole records the identity's role in the current snapshot.
func (m *Model) setRole() { m.facilitator = m.id != "" && m.snap.Role(m.id) == session.Facilitator }

// resize lays the inputs out for a new terminal size.
func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	inner := max(w-24, 20)
	m.guest.pin.SetWidth(pinLimit + 2)
	for i := range m.profile.inputs {
		m.profile.inputs[i].SetWidth(min(inner, exercises.MaxNameLen+2))
	}
	m.pres.conditions.SetWidth(max(w-sidebarWidth(w)-3-14, 10))
	m.pres.minutes.SetWidth(5)
	m.pres.people.message.SetWidth(max(w-sidebarWidth(w)-3-12, 10))
	m.pres.agenda.prompt.SetWidth(max(w-sidebarWidth(w)-3-10, 10))
	m.view.resize(m.viewWidth())
}

// viewWidth is the width of the area the view draws in: the whole terminal
// for a participant, the presenter's main column for the facilitator.
func (m *Model) viewWidth() int {
	if m.facilitator {
		return m.width - sidebarWidth(m.width) - 3
	}
	return m.width
}

// applyStyles gives the components the styles of the current background.
func (m *Model) applyStyles() {
	m.pres.bar = newBar(m.styles)
	for _, in := range m.inputs() {
		in.SetStyles(&m.styles.Input)
	}
}

// inputs lists every text input of the model.
func (m *Model) inputs() []*lazyInput {
	return append([]*lazyInput{&m.guest.pin, &m.profile.inputs[0], &m.profile.inputs[1],
		&m.pres.conditions, &m.pres.minutes, &m.pres.people.message, &m.pres.agenda.prompt}, m.view.inputs()...)
}

// setSnapshot takes a newer snapshot and brings the per-activity state in
// line with it. Snapshots can arrive out of order (an action's reply and the
// forwarder race); versions only grow, so older ones are dropped.
func (m *Model) setSnapshot(s *session.Snapshot) tea.Cmd {
	if s == nil || s.Version < m.snap.Version {
		return nil
	}
	m.snap = m.shown(s)
	if s.Closing {
		// End the program rather than wait for the connection to drop: the
		// terminal is restored and the message stays on it.
		return m.quit(closingText)
	}
	if text, gone := m.removed(); gone {
		return m.quit(text)
	}
	was := m.facilitator
	m.setRole()
	if m.stage != stageWorkshop {
		return nil
	}
	if was != m.facilitator {
		return m.roleChanged()
	}
	return tea.Batch(m.syncActivity(), m.timerBell(), m.scheduleTick())
}

// shown is the snapshot as this person's screens draw it: the live one,
// or while they do an activity's prework at their own pace its self-paced
// view. Once the live session reaches the activity they are in the live
// workshop, and told so.
func (m *Model) shown(s *session.Snapshot) *session.Snapshot {
	if m.prework < 0 || m.prework >= len(s.Activities) {
		return s
	}
	if act := s.Activities[m.prework]; !act.InPrework() || act.Removed {
		m.status = status{kind: statusInfo, text: fmt.Sprintf("The live session has reached %q: you are in it now.", act.Activity.Title)}
		m.prework = -1
		return s
	}
	return s.SelfPaced(m.prework)
}

// removed reports whether the facilitator took this identity out of the
// workshop, with what its screens end showing.
func (m *Model) removed() (string, bool) {
	if m.id == "" || m.snap.Role(m.id) == session.Facilitator {
		return "", false
	}
	msg, gone := m.snap.IsRemoved(m.id)
	if !gone {
		return "", false // no text drawn for everyone still here, on every change
	}
	return removedText(msg), true
}

// roleChanged starts the screen of the identity's new role: the
// presenter for a new facilitator; the participant's for one who handed
// the role over, who joins first if they never had.
func (m *Model) roleChanged() tea.Cmd {
	m.pres.closePanels()
	m.pres.people.close()
	m.pres.screen = false
	m.showAll = false
	if _, joined := m.snap.People[m.id]; !m.facilitator && !joined {
		m.stage = stageLoading
		return m.loadProfile()
	}
	return m.enterWorkshop()
}

// enterWorkshop starts the participant or presenter view.
func (m *Model) enterWorkshop() tea.Cmd {
	m.stage = stageWorkshop
	m.activity = -1 // force the per-activity reset
	return tea.Batch(m.syncActivity(), m.timerBell(), m.scheduleTick())
}

// syncActivity builds a fresh view when the workshop moves to another
// activity, lets the view clear its phase when the phase changes, and has it
// open or close inputs as the phase allows.
func (m *Model) syncActivity() tea.Cmd {
	act := m.snap.CurrentActivity()
	switch {
	case m.snap.Current != m.activity:
		m.activity, m.phase = m.snap.Current, act.Phase
		m.status = status{} // it spoke about the step the workshop has left
		if m.back != nil {
			m.back.scroll = 0 // the person stays where they look; the live results start at the top
		} else {
			m.scroll = 0
		}
		m.pres.closePanels()
		m.view = newView(act.Activity.Kind)
		for _, in := range m.view.inputs() {
			in.SetStyles(&m.styles.Input)
		}
		m.view.resize(m.viewWidth())
	case act.Phase != m.phase:
		m.phase = act.Phase
		m.status = status{}
		m.pres.confirming = nil // it was about the phase the workshop has left
		m.view.phaseChanged(m)
	}
	if m.facilitator && m.pres.deciding && !act.PhaseSpec().Decide {
		m.pres.closePanels()
	}
	m.syncLookback()
	return m.view.sync(m, act)
}

// tickMsg redraws the timer, and the presenter's time so far.
type tickMsg struct{}

// scheduleTick keeps one tick in flight while the timer runs, timed to the
// next change of the seconds shown, or each second for a facilitator once
// the workshop has started (the agenda's time so far), and none otherwise.
func (m *Model) scheduleTick() tea.Cmd {
	t := m.snap.Timer
	if m.ticking || m.stage != stageWorkshop {
		return nil
	}
	left := t.Remaining(m.now())
	// The presenter's agenda counts the current activity's time too, once
	// the workshop has started.
	counting := m.facilitator && !m.snap.Started.IsZero()
	if (!t.Running || left <= 0) && !counting {
		return nil
	}
	d := left % time.Second
	if d == 0 || !t.Running {
		d = time.Second
	}
	m.ticking = true
	return m.after(d+10*time.Millisecond, tickMsg{})
}
