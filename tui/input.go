package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// lazyInput is a one-line text input whose textinput.Model is built the
// first time it is typed into or given a value, and let go when it is
// cleared. A textinput.Model weighs some 18 KB with its key map and cursor,
// a connection has a dozen inputs, and in a room of a thousand most people
// sit in front of a focused input they never type into: they stay a few
// words each. An input not built draws exactly what an untouched one draws
// (the prompt and the placeholder, with the cursor while focused), and one
// not focused ignores messages, as textinput does.
//
// Its methods are textinput's, so that the forms read as they would with a
// textinput.Model.
type lazyInput struct {
	prompt, placeholder string
	limit               int               // the character limit; 0 for none
	width               int               // the width to draw at; 0 to fit the text
	rows                int               // the most lines Lines wraps the text over; 0 or 1 for one scrolling line
	styles              *textinput.Styles // shared by the connections; nil for textinput's defaults
	in                  *textinput.Model  // nil until used
	focused             bool              // while in is nil: focused, to be built by the first key
	empty               emptyView         // what it drew last while empty
}

// emptyView is what an empty input drew, and the settings it drew it with.
// textinput draws a placeholder with half a dozen lipgloss renders, and
// most of a room sits on an empty input while the wall changes around it:
// drawing it afresh was 60% of a participant's View in a load run.
type emptyView struct {
	key  emptyKey
	view string
}

// emptyKey is everything an empty input's drawing depends on; drawn tells
// a drawing from the zero value.
type emptyKey struct {
	drawn, focused bool
	width          int
	styles         *textinput.Styles
}

// newInput returns a text input with the shared settings.
func newInput(prompt, placeholder string, limit int) lazyInput {
	return lazyInput{prompt: prompt, placeholder: placeholder, limit: limit}
}

// blankInput is what an input not built is drawn from: a copy of it takes
// the input's settings for one View, so drawing keeps nothing.
var blankInput = textinput.New()

// configure gives in the input's settings.
func (l *lazyInput) configure(in *textinput.Model) {
	in.Prompt = l.prompt
	in.Placeholder = l.placeholder
	in.CharLimit = l.limit
	// ctrl+v would read the server's clipboard; terminals paste with
	// bracketed paste (tea.PasteMsg) instead.
	in.KeyMap.Paste.SetEnabled(false)
	if l.styles != nil {
		in.SetStyles(*l.styles)
	}
	in.SetWidth(l.width)
}

// model returns the input's model, building it on first use, focused if
// the input was. A model of its own, not a copy of blankInput: each has its
// own cursor.
func (l *lazyInput) model() *textinput.Model {
	if l.in == nil {
		in := textinput.New()
		l.configure(&in)
		if l.focused {
			// Its command starts the cursor's blink, which these inputs
			// do not have (a blink is a frame for every connection).
			_ = in.Focus()
		}
		l.in, l.focused = &in, false
	}
	return l.in
}

// Focus focuses the input; it is built when it is first typed into.
func (l *lazyInput) Focus() tea.Cmd {
	if l.in == nil {
		l.focused = true
		return nil
	}
	return l.in.Focus()
}

// Blur removes the focus.
func (l *lazyInput) Blur() {
	l.focused = false
	if l.in != nil {
		l.in.Blur()
	}
}

// Focused reports whether the input has the focus.
func (l *lazyInput) Focused() bool {
	if l.in == nil {
		return l.focused
	}
	return l.in.Focused()
}

// Value returns the text typed.
func (l *lazyInput) Value() string {
	if l.in == nil {
		return ""
	}
	return l.in.Value()
}

// SetValue replaces the text, building the input unless the text is empty
// and it was not built: an empty input not built is one with no text.
func (l *lazyInput) SetValue(s string) {
	if s == "" && l.in == nil {
		return
	}
	l.model().SetValue(s)
}

// CursorEnd moves the cursor to the end of the text.
func (l *lazyInput) CursorEnd() {
	if l.in != nil {
		l.in.CursorEnd()
	}
}

// Reset empties the input; it keeps the focus.
func (l *lazyInput) Reset() {
	if l.in != nil {
		l.in.Reset()
	}
}

// Clear empties the input and removes the focus, and lets the model go: a
// cleared input is as one never used.
func (l *lazyInput) Clear() { l.in, l.focused = nil, false }

// Update passes a message (a key, a paste) to the input, building it if it
// has the focus.
func (l *lazyInput) Update(msg tea.Msg) tea.Cmd {
	if !l.Focused() {
		return nil // a textinput.Model without the focus ignores it too
	}
	in := l.model()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return cmd
}

// View draws the input.
func (l *lazyInput) View() string {
	if l.Value() != "" {
		return l.in.View()
	}
	// Empty, it shows the prompt and the placeholder, drawn as the focus,
	// width and styles say: nothing else changes what it draws.
	key := emptyKey{drawn: true, focused: l.Focused(), width: l.width, styles: l.styles}
	if key == l.empty.key {
		return l.empty.view
	}
	var view string
	if l.in != nil {
		view = l.in.View()
	} else {
		in := blankInput
		l.configure(&in)
		if l.focused {
			_ = in.Focus() // a copy for one View: its blink never starts
		}
		view = in.View()
	}
	l.empty = emptyView{key: key, view: view}
	return view
}

// CharLimit returns the most characters the input takes; 0 for no limit.
func (l *lazyInput) CharLimit() int { return l.limit }

// SetCharLimit sets the most characters the input takes.
func (l *lazyInput) SetCharLimit(n int) {
	l.limit = n
	if l.in != nil {
		l.in.CharLimit = n
	}
}

// SetWidth sets the width the input is drawn at.
func (l *lazyInput) SetWidth(w int) {
	l.width = w
	if l.in != nil {
		l.in.SetWidth(w)
	}
}

// SetStyles sets the styles; s is kept, not copied, and must not change.
func (l *lazyInput) SetStyles(s *textinput.Styles) {
	l.styles = s
	if l.in != nil {
		l.in.SetStyles(*s)
	}
}

// wrapping returns the input wrapping its text over up to n lines (Lines),
// for the long answers and cards; the keys stay textinput's, so Enter
// still sends.
func (l lazyInput) wrapping(n int) lazyInput {
	l.rows = n
	return l
}

// Lines draws the input as View does, or, for an input of several rows
// (SetRows) holding text, wrapped at its width over up to that many lines
// under the prompt, the cursor's line always among them. Lines above the
// ones shown begin with "…".
func (l *lazyInput) Lines() []string {
	if l.rows <= 1 || l.width <= 0 || l.Value() == "" {
		return []string{l.View()}
	}
	runes := []rune(l.in.Value())
	pos := min(l.in.Position(), len(runes))
	segs := wrapRunes(runes, l.width)
	cur := len(segs) - 1
	for i, sg := range segs {
		if pos >= sg[0] && pos < sg[1] {
			cur = i
			break
		}
	}
	if last := segs[len(segs)-1]; cur == len(segs)-1 && pos == last[1] && ansi.StringWidth(string(runes[last[0]:last[1]])) >= l.width {
		// The cursor after a full last line starts the next.
		segs = append(segs, [2]int{len(runes), len(runes)})
		cur++
	}
	first := min(max(cur-l.rows+1, 0), max(len(segs)-l.rows, 0))
	st := l.in.Styles().Blurred
	if l.in.Focused() {
		st = l.in.Styles().Focused
	}
	indent := strings.Repeat(" ", ansi.StringWidth(l.prompt))
	out := make([]string, 0, l.rows)
	for i := first; i < min(first+l.rows, len(segs)); i++ {
		prefix := indent
		switch {
		case i == 0:
			prefix = l.prompt
		case i == first && len(indent) >= 2:
			prefix = indent[2:] + "… "
		}
		text := string(runes[segs[i][0]:segs[i][1]])
		if i != cur {
			out = append(out, st.Prompt.Render(prefix)+st.Text.Inline(true).Render(text))
			continue
		}
		// The cursor's line is drawn by a copy of the input holding that
		// line alone: its cursor is drawn as the input draws it.
		line := *l.in
		line.Prompt, line.CharLimit = prefix, 0
		line.SetValue(text)
		line.SetCursor(pos - segs[i][0])
		out = append(out, line.View())
	}
	return out
}

// wrapRunes breaks text into lines at most w cells wide, after the last
// space that fits or, in a word longer than a line, where the line is full:
// the start and end of each line. Every rune is on exactly one line.
func wrapRunes(text []rune, w int) [][2]int {
	var segs [][2]int
	start := 0
	for start < len(text) {
		width, end, space := 0, start, -1
		for end < len(text) {
			cw := ansi.StringWidth(string(text[end]))
			if width+cw > w && end > start {
				break
			}
			if text[end] == ' ' {
				space = end
			}
			width += cw
			end++
		}
		if end < len(text) && space >= start && space+1 < end {
			end = space + 1
		}
		segs = append(segs, [2]int{start, end})
		start = end
	}
	if len(segs) == 0 {
		segs = append(segs, [2]int{0, 0})
	}
	return segs
}
