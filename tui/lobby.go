package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"commonground/cohort"
	"commonground/exercises"
)

// LobbyOptions is what a cohort member's lobby needs.
type LobbyOptions struct {
	// Load reads the member's lobby; it is called from a tea.Cmd, when the
	// lobby opens and when they come back to it.
	Load func() (cohort.Lobby, error)
	// Join, when set, puts the person in the cohort whose invite code they
	// came with: the lobby first asks their name and organisation.
	Join func(name, org string) error
	// Cohort is the title of that cohort, for the welcome.
	Cohort string
	Now    func() time.Time // clock; time.Now when nil
}

// LobbyChoice is what the member chose to open: a session, live or (with
// SelfPaced) one activity's prework.
type LobbyChoice struct {
	Code      string
	Activity  int
	SelfPaced bool
	Title     string
}

// Lobby is the model of a cohort member's lobby: their cohorts, each with
// its sessions, the prework open to them with due dates and progress, the
// nudges left for them and the actions they own. Enter on a session joins
// it; on a prework starts it, at their own pace. The program ends with the
// choice (Chosen), which the server opens.
type Lobby struct {
	opts          LobbyOptions
	styles        *Styles
	now           func() time.Time
	width, height int
	lobby         cohort.Lobby
	loaded        bool
	err           string
	cursor        int // which of the rows that can be opened is chosen
	scroll        int
	choice        *LobbyChoice
	// The invite's form: name and organisation.
	form    [2]lazyInput
	field   int
	joining bool
}

// lobbyRow is one line of the lobby; a row with a choice can be opened.
type lobbyRow struct {
	text   string
	choice *LobbyChoice
}

type lobbyLoaded struct {
	lobby cohort.Lobby
	err   error
}

type lobbyJoined struct{ err error }

// NewLobby returns the lobby's model.
func NewLobby(opts LobbyOptions) *Lobby {
	l := &Lobby{opts: opts, styles: stylesFor(true), now: opts.Now}
	if l.now == nil {
		l.now = time.Now
	}
	if opts.Join != nil {
		l.joining = true
		l.form = [2]lazyInput{
			newInput("", "how the cohort will know you", exercises.MaxNameLen),
			newInput("", "your organisation", exercises.MaxNameLen),
		}
	}
	return l
}

// Chosen is what the member opened when the program ended, nil when they
// left.
func (l *Lobby) Chosen() *LobbyChoice { return l.choice }

// Init asks for the background colour and loads the lobby (or focuses the
// invite's form).
func (l *Lobby) Init() tea.Cmd {
	if l.joining {
		return tea.Batch(tea.RequestBackgroundColor, l.form[0].Focus())
	}
	return tea.Batch(tea.RequestBackgroundColor, l.load())
}

func (l *Lobby) load() tea.Cmd {
	return func() tea.Msg {
		lobby, err := l.opts.Load()
		return lobbyLoaded{lobby, err}
	}
}

// Update handles one message.
func (l *Lobby) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		l.width, l.height = msg.Width, msg.Height
		for i := range l.form {
			l.form[i].SetWidth(max(msg.Width-20, 20))
		}
	case tea.BackgroundColorMsg:
		l.styles = stylesFor(msg.IsDark())
	case lobbyLoaded:
		l.loaded, l.err = true, ""
		if msg.err != nil {
			l.err = "Your lobby cannot be read just now. Please try again in a moment."
		}
		l.lobby = msg.lobby
		l.cursor = min(l.cursor, max(len(l.choices())-1, 0))
	case lobbyJoined:
		if msg.err != nil {
			l.err = exercises.ErrorMessage(msg.err)
			return l, nil
		}
		l.joining = false
		return l, l.load()
	case tea.PasteMsg:
		if l.joining {
			return l, l.form[l.field].Update(msg)
		}
	case tea.KeyPressMsg:
		return l, l.key(msg)
	}
	return l, nil
}

func (l *Lobby) key(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.String()
	if k == "ctrl+c" || (k == "q" && !l.joining) || (k == "esc" && !l.joining) {
		return tea.Quit
	}
	if l.joining {
		switch k {
		case "tab", "shift+tab", "down", "up":
			l.form[l.field].Blur()
			l.field = 1 - l.field
			return l.form[l.field].Focus()
		case "enter":
			if l.field == 0 {
				l.form[0].Blur()
				l.field = 1
				return l.form[1].Focus()
			}
			name, org := l.form[0].Value(), l.form[1].Value()
			return func() tea.Msg { return lobbyJoined{l.opts.Join(name, org)} }
		case "esc":
			return tea.Quit
		}
		return l.form[l.field].Update(msg)
	}
	choices := l.choices()
	switch k {
	case "up", "k":
		l.cursor = max(l.cursor-1, 0)
	case "down", "j":
		l.cursor = min(l.cursor+1, max(len(choices)-1, 0))
	case "r":
		return l.load()
	case "enter":
		if l.cursor < len(choices) {
			l.choice = choices[l.cursor]
			return tea.Quit
		}
	}
	return nil
}

// choices are what the lobby offers to open, in order.
func (l *Lobby) choices() []*LobbyChoice {
	var out []*LobbyChoice
	for _, r := range l.build(max(l.width, minWidth)) {
		if r.choice != nil {
			out = append(out, r.choice)
		}
	}
	return out
}

// build lays the lobby out in rows for width w: a row that can be
// opened is one line, its details wrap on the lines under it.
func (l *Lobby) build(w int) []lobbyRow {
	s, now, tz := l.styles, l.now(), l.lobby.Member.TimeZone
	var rows []lobbyRow
	add := func(text string, c *LobbyChoice) { rows = append(rows, lobbyRow{text, c}) }
	detail := func(text string, indent string, style paint) {
		for _, line := range wrapIndent(text, indent, w-2, style) {
			add(line, nil)
		}
	}
	for _, room := range l.lobby.Cohorts {
		add(s.Heading.Render(room.Title), nil)
		for _, n := range room.Nudges {
			detail("✉ From your facilitator, on "+n.About+": "+n.Text, "  ", s.Warn)
		}
		add(s.Subtle.Render("  Sessions"), nil)
		if len(room.Sessions) == 0 {
			add(s.Muted.Render("    none planned yet"), nil)
		}
		for _, e := range room.Sessions {
			when := exercises.InZone(e.Starts, tz)
			if e.Past {
				add(fmt.Sprintf("    %s %s", s.Good.Render(glyphDone), e.Title), nil)
				detail(when+" · "+e.Summary, "        ", s.Subtle)
				continue
			}
			glyph, state := glyphUpcoming, exercises.Until(now, e.Starts)
			if e.Live {
				glyph, state = s.Good.Render(glyphHere), s.Good.Render("live now")
			}
			add(fmt.Sprintf("    %s %s · %s", glyph, e.Title, state), &LobbyChoice{Code: e.Code, Title: e.Title})
			detail(when+" · enter to join", "        ", s.Subtle)
		}
		add(s.Subtle.Render("  Prework"), nil)
		if len(room.Prework) == 0 {
			add(s.Muted.Render("    nothing to do before the next session"), nil)
		}
		for _, p := range room.Prework {
			head := fmt.Sprintf("    %s · %s", p.Title, p.Session.Title)
			if p.State == exercises.NotYetOpen {
				add(head, nil)
				detail("opens "+exercises.InZone(p.Window.Opens, tz), "        ", s.Muted)
				continue
			}
			add(head, &LobbyChoice{Code: p.Session.Code, Activity: p.Activity, SelfPaced: true, Title: p.Title})
			detail(fmt.Sprintf("due %s (%s)", exercises.InZone(p.Window.Due, tz), exercises.Until(now, p.Window.Due)), "        ", s.Text)
			add("        "+progressBar(s, p.Given, p.Asked, 20)+" "+s.Subtle.Render(string(p.Status)), nil)
		}
		if len(room.Actions) > 0 {
			add(s.Subtle.Render("  Your actions"), nil)
		}
		for _, a := range room.Actions {
			detail(fmt.Sprintf("• %s · due %s · from %s", a.Text, a.Due, a.From), "    ", s.Text)
		}
		add("", nil)
	}
	return rows
}

// progressBar draws given of asked as a bar of w cells with the counts, so
// that it reads without colour.
func progressBar(s *Styles, given, asked, w int) string {
	filled := 0
	if asked > 0 {
		filled = min(given*w/asked, w)
	}
	return s.Good.Render(strings.Repeat(glyphBar, filled)) + s.Muted.Render(strings.Repeat("░", w-filled)) +
		fmt.Sprintf(" %d of %d", min(given, asked), asked)
}

// View draws the lobby.
func (l *Lobby) View() tea.View {
	v := tea.NewView(l.render())
	v.AltScreen = true
	v.WindowTitle = "CommonGround"
	return v
}

func (l *Lobby) render() string {
	w, h := l.width, l.height
	if w == 0 || h == 0 {
		return ""
	}
	if w < minWidth || h < minHeight {
		return tooSmallScreen(l.styles, w, h)
	}
	s := l.styles
	who := l.lobby.Member.Name
	if org := l.lobby.Member.Org; org != "" {
		who += " · " + org
	}
	top := []string{
		leftRight(s.Title.Render("CommonGround")+s.Separator.Render(" "+glyphSeparator+" ")+s.Heading.Render("Your lobby"), s.Subtle.Render(who), w),
		s.Separator.Render(strings.Repeat("─", w)),
	}
	help := "↑/↓ choose · enter open · r refresh · q leave"
	if l.joining {
		help = "tab next field · enter join · esc leave"
	}
	var status []string
	if l.err != "" {
		status = wrap(glyphError+" "+l.err, w, s.Status.Error)
	}
	bottom := append(status, s.Separator.Render(strings.Repeat("─", w)), s.Subtle.Render(cut(help, w)))
	var body []string
	switch {
	case l.joining:
		body = append(body, s.Heading.Render("Welcome to "+l.opts.Cohort), "",
			s.Text.Render("You do this once: the cohort and its sessions remember it for your key."), "")
		for i, label := range []string{"Your name, as the cohort will know you:", "Your organisation:"} {
			mark := "  "
			if i == l.field {
				mark = glyphCursor + " "
			}
			body = append(body, mark+s.Text.Render(label), "    "+l.form[i].View(), "")
		}
	case !l.loaded:
		body = []string{s.Subtle.Render("Opening your lobby…")}
	default:
		k, at := 0, -1 // the choices passed, and the row of the chosen one
		for _, r := range l.build(w) {
			line := cut(r.text, w-2)
			switch {
			case r.choice != nil && k == l.cursor:
				line, at = s.Selected.Render(glyphCursor+" "+ansi.Strip(line)), len(body)
				k++
			case r.choice != nil:
				line = "  " + line
				k++
			default:
				line = "  " + line
			}
			body = append(body, line)
		}
		room := max(h-len(top)-len(bottom), 1)
		if at >= 0 {
			if at < l.scroll {
				l.scroll = at
			} else if at+2 >= l.scroll+room {
				l.scroll = at + 3 - room // the chosen row with its details
			}
		}
		body = window(body, &l.scroll, room)
	}
	return frame(w, h, top, body, bottom)
}
