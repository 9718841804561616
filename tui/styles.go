package tui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Glyphs carry meaning next to colour, so that the screens read the same in
// a terminal without colour.
const (
	glyphDone      = "✓"
	glyphCurrent   = "▶"
	glyphUpcoming  = "·"
	glyphHere      = "●"
	glyphAway      = "○"
	glyphCursor    = "▸"
	glyphComment   = "✎"
	glyphBlocker   = "✗"
	glyphReserve   = "!"
	glyphBar       = "█"
	glyphTimer     = "⏱"
	glyphHidden    = "◌"
	glyphRevealed  = "◉"
	glyphLocked    = "⏸"
	glyphError     = "✗"
	glyphNotice    = "!"
	glyphInfo      = "✓"
	glyphSeparator = "│"
)

// palette names colours by role. Components pick roles, never colours.
type palette struct {
	fg, subtle, muted     color.Color
	primary, accent       color.Color
	success, warning, bad color.Color
	selectedBg            color.Color
}

// newPalette returns the palette for a light or dark terminal background.
// The colours are from the 256-colour cube so they survive the downsampling
// Bubble Tea does for 256- and 16-colour terminals.
func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		fg:         ld(c("#1c1c1c"), c("#e4e4e4")),
		subtle:     ld(c("#585858"), c("#a8a8a8")),
		muted:      ld(c("#8a8a8a"), c("#6c6c6c")),
		primary:    ld(c("#005fd7"), c("#5fafff")),
		accent:     ld(c("#8700af"), c("#d787ff")),
		success:    ld(c("#008700"), c("#5fd75f")),
		warning:    ld(c("#af5f00"), c("#ffaf00")),
		bad:        ld(c("#d70000"), c("#ff5f5f")),
		selectedBg: ld(c("#dadada"), c("#303030")),
	}
}

// Styles are every style the screens use, built from one palette.
type Styles struct {
	Title     paint // workshop title in headers
	Heading   paint // section headings
	Text      paint
	Subtle    paint // secondary text: labels, hints
	Muted     paint // tertiary text: placeholders, upcoming items
	Prompt    paint // the question put to participants
	Selected  paint // the row under the cursor
	Badge     paint // the "PRESENTER" mark
	Timer     paint
	TimerUp   paint // the timer at zero
	Emphasis  paint // the rejoin PIN, big numbers
	Good      paint
	Warn      paint
	Bad       paint
	Separator paint

	// Scale colours per willingness value 0..5; every use also shows the
	// value and its label.
	Scale [6]paint

	Status struct{ Info, Notice, Error paint }

	Input textinput.Styles

	// help draws the help in these styles; each connection copies it
	// with its own width (Model.helpModel).
	help help.Model

	// pal keeps the colours for components that take colours, not styles
	// (the progress bar).
	pal palette
}

// paint is a lipgloss style baked into its escape sequences. Every
// connection draws its view after every message, and painting a line is then
// two concatenations instead of a lipgloss layout pass. Bubble Tea still
// downsamples the colours to each client's profile when it writes the frame.
// It is for single lines of plain text.
type paint struct{ on, off string }

func bake(st lipgloss.Style) paint {
	const probe = "X" // no escape sequence contains it
	out := st.Render(probe)
	i := strings.Index(out, probe)
	return paint{on: out[:i], off: out[i+len(probe):]}
}

// Render paints s.
func (p paint) Render(s string) string {
	if s == "" {
		return ""
	}
	return p.on + s + p.off
}

// newStyles builds the styles for a light or dark background.
func newStyles(dark bool) *Styles {
	p := newPalette(dark)
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := &Styles{
		Title:     bake(fg(p.primary).Bold(true)),
		Heading:   bake(fg(p.fg).Bold(true)),
		Text:      bake(fg(p.fg)),
		Subtle:    bake(fg(p.subtle)),
		Muted:     bake(fg(p.muted)),
		Prompt:    bake(fg(p.fg).Bold(true)),
		Selected:  bake(fg(p.fg).Background(p.selectedBg).Bold(true)),
		Badge:     bake(fg(p.accent).Bold(true)),
		Timer:     bake(fg(p.primary).Bold(true)),
		TimerUp:   bake(fg(p.bad).Bold(true)),
		Emphasis:  bake(fg(p.accent).Bold(true)),
		Good:      bake(fg(p.success)),
		Warn:      bake(fg(p.warning)),
		Bad:       bake(fg(p.bad)),
		Separator: bake(fg(p.muted)),
		pal:       p,
	}
	s.Scale = [6]paint{
		bake(fg(p.bad)), bake(fg(p.bad)), bake(fg(p.warning)),
		bake(fg(p.subtle)), bake(fg(p.success)), bake(fg(p.success)),
	}
	s.Status.Info = bake(fg(p.success))
	s.Status.Notice = bake(fg(p.warning))
	s.Status.Error = bake(fg(p.bad).Bold(true))
	s.help = help.New()
	s.help.Styles = help.DefaultStyles(dark)
	s.Input = textinput.DefaultStyles(dark)
	// A blinking cursor would wake every connection twice a second.
	s.Input.Cursor.Blink = false
	return s
}

// The two style sets are built once and shared by every connection.
var (
	darkStyles  = newStyles(true)
	lightStyles = newStyles(false)
)

// stylesFor returns the shared styles for a background.
func stylesFor(dark bool) *Styles {
	if dark {
		return darkStyles
	}
	return lightStyles
}
