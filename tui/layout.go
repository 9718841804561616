package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"commonground/exercises"
	"commonground/internal/memo"
	"commonground/session"
)

// Widths are measured and cut the way Bubble Tea's renderer counts cells
// (wcwidth), so that a line never spills into the next one.

// widths remembers the width of the lines drawn lately, for every
// connection: in a room most lines of most screens are the same strings,
// and every frame fits each of them to its screen's width.
var widths = memo.New(ansi.StringWidthWc)

// fit pads or cuts s (which may hold styles) to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := widths.Get(s)
	if n > w {
		s = cut(s, w) // may leave cells free before a wide character
		n = widths.Get(s)
	}
	return s + strings.Repeat(" ", w-n)
}

// cut shortens s to at most w cells.
func cut(s string, w int) string {
	// A cell takes at least one byte, so a short string needs no measuring.
	if len(s) <= w || widths.Get(s) <= w {
		return s
	}
	// TruncateWc returns s whole when its width counted by graphemes fits,
	// though emoji sequences are wider in cells ("👩🏾‍🚒" is 2 graphemes wide,
	// 6 cells): padded past w by graphemes, s is cut by cells.
	pad := strings.Repeat(" ", max(w-ansi.StringWidth(s)+1, 0))
	return ansi.TruncateWc(s+pad, max(w, 0), "…")
}

// wrap breaks plain text into lines of at most w cells, each styled.
func wrap(text string, w int, style paint) []string {
	if w <= 0 {
		return nil
	}
	lines := strings.Split(ansi.WrapWc(text, w, ""), "\n")
	for i, l := range lines {
		lines[i] = style.Render(cut(l, w))
	}
	return lines
}

// wrapping is what wrap is given.
type wrapping struct {
	text  string
	w     int
	style paint
}

// wrappedText is wrap, once for every connection, for text that every
// screen in a room shows (a prompt, a notice).
var wrappedText = memo.New(func(k wrapping) []string { return slices.Clip(wrap(k.text, k.w, k.style)) })

// wrapShared is wrap for a text that many screens show: its lines are
// shared, for the caller to read, never to change (they are clipped, so an
// append copies them).
func wrapShared(text string, w int, style paint) []string {
	return wrappedText.Get(wrapping{text, w, style})
}

// wrapIndent wraps text with a hanging indent.
func wrapIndent(text, indent string, w int, style paint) []string {
	lines := wrap(text, w-ansi.StringWidthWc(indent), style)
	for i := range lines {
		lines[i] = indent + lines[i]
	}
	return lines
}

// leftRight puts left and right on one line of width w, cutting left first.
func leftRight(left, right string, w int) string {
	rw := widths.Get(right)
	return fit(left, w-rw-1) + " " + right
}

// center puts s in the middle of a line of width w.
func center(s string, w int) string {
	n := ansi.StringWidthWc(s)
	if n >= w {
		return cut(s, w)
	}
	return strings.Repeat(" ", (w-n)/2) + s
}

// frame stacks lines into a screen of exactly h lines of at most w cells:
// top, then body padded or cut to fill, then bottom. Lines are not padded
// to the width: the renderer clears what a shorter line leaves.
func frame(w, h int, top, body, bottom []string) string {
	bodyH := max(h-len(top)-len(bottom), 0)
	lines := make([]string, 0, len(top)+bodyH+len(bottom))
	lines = append(lines, top...)
	lines = append(lines, body[:min(bodyH, len(body))]...)
	for range bodyH - min(bodyH, len(body)) {
		lines = append(lines, "")
	}
	lines = append(lines, bottom...)
	for i, l := range lines {
		lines[i] = cut(l, w)
	}
	// Joined, the screen is allocated at its exact size: it is the one
	// string every frame allocates, and the renderer keeps it until the
	// next frame.
	return strings.Join(lines, "\n")
}

// columns joins two blocks side by side into h lines, with a separator.
func columns(h int, left []string, lw int, right []string, rw int, sep string) []string {
	out := make([]string, h)
	for i := range h {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = fit(l, lw) + sep + cut(r, rw)
	}
	return out
}

// window returns at most h lines of lines starting at *offset, clamping the
// offset so the last page is full.
func window(lines []string, offset *int, h int) []string {
	if h <= 0 {
		return nil
	}
	*offset = min(max(*offset, 0), max(len(lines)-h, 0))
	return lines[*offset:min(*offset+h, len(lines))]
}

// statusKind says what a status line reports.
type statusKind uint8

const (
	statusNone statusKind = iota
	statusInfo
	statusNotice
	statusError
)

// status is the one-line message under a view: a confirmation, a notice
// about the input (cut to 280 characters), or an error.
type status struct {
	kind statusKind
	text string
}

func (m *Model) setError(err error) {
	m.status = status{kind: statusError, text: errorText(err)}
}

// renderStatus draws the status line with a symbol for its kind.
func (m *Model) renderStatus(w int) string {
	s := m.styles.Status
	switch m.status.kind {
	case statusInfo:
		return s.Info.Render(cut(glyphInfo+" "+m.status.text, w))
	case statusNotice:
		return s.Notice.Render(cut(glyphNotice+" "+m.status.text, w))
	case statusError:
		return s.Error.Render(cut(glyphError+" "+m.status.text, w))
	}
	return ""
}

// header is the top of the workshop views: title, activity, phase, timer.
// badge (the presenter mark) sits before the timer.
func (m *Model) header(w int, badge string) []string {
	s, snap := m.styles, m.snap
	act := snap.CurrentActivity()
	key := headerKey{w: w, styles: s, badge: badge, right: m.timerText(), title: snap.Title,
		current: snap.Position(snap.Current), activities: len(snap.Plan), activity: act.Activity.Title, kind: act.Activity.Kind,
		phase: act.Phase, open: act.InputOpen(), input: act.PhaseSpec().Input}
	if key == m.headerCache.key && m.headerCache.lines != nil {
		return m.headerCache.lines
	}
	right := key.right
	if badge != "" {
		right = strings.TrimSpace(s.Badge.Render(badge) + "  " + right)
	}
	title := s.Title.Render("CommonGround") + s.Separator.Render(" "+glyphSeparator+" ") + s.Heading.Render(snap.Title)
	where := fmt.Sprintf("Activity %d/%d: %s", key.current+1, key.activities, act.Activity.Title)
	phase := fmt.Sprintf("Phase %d/%d: %s", act.Phase+1, len(act.Phases()), act.PhaseSpec().Title)
	lines := []string{
		leftRight(title, right, w),
		leftRight(s.Text.Render(where)+s.Subtle.Render(" · "+phase), m.inputStateText(key.open, key.input), w),
		s.Separator.Render(strings.Repeat("─", w)),
	}
	m.headerCache = headerCache{key: key, lines: lines}
	return lines
}

// headerCache keeps the header last drawn and what it was drawn from. It
// changes with the activity, the phase, the input and the timer, not with
// the wall, and every connection drew it afresh on every View: a fifth of
// what a participant's View allocated.
type headerCache struct {
	key   headerKey
	lines []string
}

// headerKey is everything the header shows.
type headerKey struct {
	w                   int
	styles              *Styles
	badge, right, title string
	current, activities int
	activity            string
	kind                exercises.Kind
	phase               int // with the kind, the phase's title and the count of phases
	open, input         bool
}

// inputStateText says whether participants may answer now: open is
// whether input is open, input whether the phase takes input at all.
func (m *Model) inputStateText(open, input bool) string {
	s := m.styles
	switch {
	case open:
		return s.Good.Render("✎ input open")
	case input:
		return s.Warn.Render(glyphLocked + " input paused")
	}
	return s.Subtle.Render("input closed")
}

// timerText is the server-side countdown, or "" when none is set.
func (m *Model) timerText() string {
	t := m.snap.Timer
	if !t.Set() {
		return ""
	}
	left := t.Remaining(m.now())
	text := glyphTimer + " " + clock(left)
	switch {
	case left <= 0:
		return m.styles.TimerUp.Render(text + " time is up")
	case !t.Running:
		return m.styles.Subtle.Render(text + " paused")
	}
	return m.styles.Timer.Render(text)
}

// clock formats a duration as mm:ss, rounding up so that 0:00 means done.
func clock(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	return fmt.Sprintf("%02d:%02d", secs/60, secs%60)
}

// footer is the status line and the help line(s).
func (m *Model) footer(w int) []string {
	return append([]string{m.renderStatus(w)}, m.helpLines()...)
}

func (m *Model) renderTooSmall() string { return tooSmallScreen(m.styles, m.width, m.height) }

// tooSmallScreen asks for a terminal of at least minWidth×minHeight.
func tooSmallScreen(s *Styles, w, h int) string {
	msg := fmt.Sprintf("Please enlarge your terminal to at least %d×%d (now %d×%d)", minWidth, minHeight, w, h)
	lines := wrap(msg, max(w-2, 10), s.Warn)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

// closingText is what everyone is left with when the server shuts down.
const closingText = "The server is restarting — reconnect in a moment. Everything you sent is saved."

func (m *Model) renderLoading() string {
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
		m.styles.Subtle.Render("Joining "+m.snap.Title+" …")+"\n\n"+m.renderStatus(m.width))
}

// personLabel shows who gave an input as the activity's anonymity allows:
// "Name (Org)" with the server's mark, "Org", or "" when anonymous. The
// facilitator always sees names.
func personLabel(snap *session.Snapshot, p exercises.Person, anon exercises.Anonymity, facilitator bool) string {
	switch {
	case facilitator || anon == exercises.Named:
		return namedLabel(snap, p)
	case anon == exercises.Organisation:
		return p.Org
	}
	return ""
}

// namedLabel is a person as everyone sees them where names are shown: the
// name that tells them apart from look-alikes, their organisation, and the
// mark the server gives facilitators, or gives a participant whose name
// reads like one (session.Snapshot.Mark).
func namedLabel(snap *session.Snapshot, p exercises.Person) string {
	return withMark(p.Shown()+" ("+p.Org+")", snap, p)
}

// withMark puts the server's mark for p after text.
func withMark(text string, snap *session.Snapshot, p exercises.Person) string {
	if mark := snap.Mark(p); mark != "" {
		return text + " " + mark
	}
	return text
}

// anonymityNotice tells a participant who is giving input how the activity
// shows who gave it: the one wording of every exercise's input screen. It
// is honest about the facilitator, whose own screen always shows names
// (personLabel), and, where the phase takes actions, about their owners,
// who are named in every activity: an action needs someone to do it.
func anonymityNotice(a exercises.Anonymity, takes exercises.Input) string {
	var text string
	switch a {
	case exercises.Anonymous:
		text = "Anonymous: others and the report never see your name (the facilitator does)"
	case exercises.Organisation:
		text = "Organisation only: others see your organisation, the facilitator your name"
	default:
		return "Named: others see your name and organisation."
	}
	if takes == exercises.TakesAction {
		text += ". An action names its owner, who will do it"
	}
	return text + "."
}

// anonymityLines is the anonymity notice for a participant while the
// activity's phase takes input, wrapped to w; none otherwise. It follows
// the most private setting the activity has had (Strictest), which is what
// everyone is shown by.
func (m *Model) anonymityLines(act *session.ActivityState, w int) []string {
	spec := act.PhaseSpec()
	if !spec.Input {
		return nil
	}
	return wrapShared(anonymityNotice(act.Strictest, spec.Takes), w, m.styles.Subtle)
}
