package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// KeyMap is the bindings every screen shares: the onboarding forms, paging
// the results, the facilitator's controls and the decision form. Each
// exercise's own keys live with its view (view.go).
// Every action has a plain key: ESC and modifier combinations are unreliable
// over slow links and on some clients.
type KeyMap struct {
	Global    GlobalKeys
	Form      FormKeys
	Scroll    ScrollKeys
	Presenter PresenterKeys
	Decision  DecisionKeys
	People    PeopleKeys
	Agenda    AgendaKeys
	Profile   key.Binding // a participant corrects their name and organisation
}

// GlobalKeys apply on every screen.
type GlobalKeys struct {
	Quit key.Binding
	Help key.Binding
}

// FormKeys move through and submit a form or a single text input.
type FormKeys struct {
	Next   key.Binding
	Prev   key.Binding
	Submit key.Binding
	Cancel key.Binding
}

// ScrollKeys scroll the results.
type ScrollKeys struct {
	Page   key.Binding // pgup, pgdown: a screen at a time
	Arrows key.Binding // a line at a time, where the arrows are free
}

// PresenterKeys are the facilitator's controls.
type PresenterKeys struct {
	NextPhase    key.Binding
	PrevPhase    key.Binding
	NextActivity key.Binding
	PrevActivity key.Binding
	Reveal       key.Binding
	Lock         key.Binding
	TimerStart   key.Binding
	TimerPause   key.Binding
	TimerExtend  key.Binding
	TimerClear   key.Binding
	Anonymity    key.Binding
	Screen       key.Binding
	Decide       key.Binding
	Export       key.Binding
	People       key.Binding
	Agenda       key.Binding
	Back         key.Binding // leaves screen mode or closes a panel
}

// DecisionKeys drive the decision form.
type DecisionKeys struct {
	Pick   key.Binding // 1-3
	Switch key.Binding
	Record key.Binding
	Cancel key.Binding
}

// newBinding is a binding on keys, shown in the help as helpKey and desc.
func newBinding(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// defaultKeys are the bindings every connection reads: a KeyMap is nearly
// 3 KB, too much to hold once per connection in a room of thousands.
var defaultKeys = DefaultKeyMap()

// DefaultKeyMap returns the bindings CommonGround ships with.
func DefaultKeyMap() KeyMap {
	b, k := newBinding, keysOf
	return KeyMap{
		Global: GlobalKeys{
			Quit: b(k("ctrl+c"), "ctrl+c", "quit"),
			Help: b(k("?"), "?", "more"),
		},
		Form: FormKeys{
			Next:   b(k("tab", "down"), "tab", "next field"),
			Prev:   b(k("shift+tab", "up"), "shift+tab", "previous field"),
			Submit: b(k("enter"), "enter", "continue"),
			Cancel: b(k("esc"), "esc", "cancel"),
		},
		Scroll: ScrollKeys{
			Page:   b(k("pgup", "pgdown"), "pgup/pgdn", "results"),
			Arrows: b(k("up", "k", "down", "j"), "↑/↓", "scroll"),
		},
		// Where an exercise gives space, a or the arrows to its own keys
		// (assumption mapping marks cards with space and proposes actions
		// with a), P, A and k/j still reach these: see commonKeys.
		Presenter: PresenterKeys{
			NextPhase:    b(k("n"), "n/p", "phase"),
			PrevPhase:    b(k("p"), "p", "previous phase"),
			NextActivity: b(k("]"), "]/[", "activity"),
			PrevActivity: b(k("["), "[", "previous activity"),
			Reveal:       b(k("r"), "r", "reveal"),
			Lock:         b(k("l"), "l", "lock"),
			TimerStart:   b(k("t"), "t", "timer"),
			TimerPause:   b(k("space", "P"), "space", "pause"),
			TimerExtend:  b(k("+", "="), "+", "+1 min"),
			TimerClear:   b(k("x"), "x", "clear"),
			Anonymity:    b(k("a", "A"), "a", "names"),
			Screen:       b(k("s"), "s", "screen"),
			Decide:       b(k("d"), "d", "decide"),
			Export:       b(k("e"), "e", "export"),
			People:       b(k("u"), "u", "people"),
			Agenda:       b(k("g", "G"), "g", "agenda"),
			Back:         b(k("esc"), "esc", "back"),
		},
		Decision: DecisionKeys{
			Pick:   b(k("1", "2", "3"), "1-3", "outcome"),
			Switch: b(k("tab", "shift+tab"), "tab", "outcome/conditions"),
			Record: b(k("enter"), "enter", "record"),
			Cancel: b(k("esc"), "esc", "cancel"),
		},
		People: PeopleKeys{
			Select:        b(k("up", "k", "down", "j"), "↑/↓", "select"),
			Mute:          b(k("m"), "m", "mute/unmute"),
			Remove:        b(k("x"), "x", "remove"),
			CoFacilitator: b(k("f"), "f", "co-facilitator"),
			HandOver:      b(k("h"), "h", "hand over"),
			Close:         b(k("esc", "u"), "esc", "close"),
		},
		Agenda: AgendaKeys{
			Select:  b(k("up", "k", "down", "j"), "↑/↓", "select"),
			Earlier: b(k("<", ","), "<", "earlier"),
			Later:   b(k(">", "."), ">", "later"),
			Add:     b(k("a"), "a", "add"),
			Remove:  b(k("x"), "x", "remove"),
			Prompt:  b(k("w"), "w", "edit prompt"),
			Close:   b(k("esc", "g", "G"), "esc", "close"),
		},
		Profile: b(k("i"), "i", "your name"),
	}
}

// keysOf lists keys, for newBinding.
func keysOf(keys ...string) []string { return keys }

// binding is one key of a screen and what it does. A screen's keys are a
// list of bindings in the groups its full help shows: the key handling walks
// that list and the help is drawn from it, so the two cannot drift apart.
type binding struct {
	key.Binding
	do func(m *Model, msg tea.KeyPressMsg) tea.Cmd
	// brief puts the binding on the one-line help (the presenter's bar);
	// every enabled binding is in the full help, ?.
	brief bool
	// fallback is the binding's keys where the exercise takes one of them
	// (see commonKeys); nil for a binding that never gives a key up.
	fallback *key.Binding
}

// on binds b to do.
func on(b key.Binding, do func(m *Model, msg tea.KeyPressMsg) tea.Cmd) binding {
	return binding{Binding: b, do: do}
}

// short puts the binding on the one-line help too.
func (b binding) short() binding {
	b.brief = true
	return b
}

// when enables the binding only if ok: a disabled binding takes no key and
// is left out of the help.
func (b binding) when(ok bool) binding {
	b.SetEnabled(ok)
	return b
}

// as describes the binding for one screen.
func (b binding) as(desc string) binding {
	b.Binding = relabel(b.Binding, desc)
	return b
}

// orElse gives the binding the keys it keeps where an exercise takes one of
// its keys.
func (b binding) orElse(keys ...string) binding {
	f := key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(keys, "/"), b.Help().Desc))
	b.fallback = &f
	return b
}

// keyGroups is a screen's bindings, in the groups its full help shows.
type keyGroups [][]binding

// all is every enabled binding, in order.
func (g keyGroups) all() []binding {
	var out []binding
	for _, grp := range g {
		for _, b := range grp {
			if b.Enabled() {
				out = append(out, b)
			}
		}
	}
	return out
}

// handle runs the binding msg is for, if any.
func (g keyGroups) handle(m *Model, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	for _, b := range g.all() {
		if key.Matches(msg, b.Binding) {
			return b.do(m, msg), true
		}
	}
	return nil, false
}

// yieldTo returns the groups with each binding that shares a key with
// taken on its fallback keys. A binding without a fallback keeps its keys:
// the clash is left for TestNoTwoBindingsShareAKey to find.
func (g keyGroups) yieldTo(taken keyGroups) keyGroups {
	used := map[string]bool{}
	for _, b := range taken.all() {
		for _, k := range b.Keys() {
			used[k] = true
		}
	}
	out := make(keyGroups, len(g))
	for i, grp := range g {
		out[i] = slices.Clone(grp)
		for j, b := range out[i] {
			if b.fallback != nil && b.Enabled() && slices.ContainsFunc(b.Keys(), func(k string) bool { return used[k] }) {
				out[i][j].Binding = *b.fallback
			}
		}
	}
	return out
}

// upward says whether a scrolling key goes up: the Page and Arrows
// bindings each take both directions, told apart by the key's name.
func upward(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "up", "k", "pgup":
		return true
	}
	return false
}

// pageKey pages the results a screen at a time.
func pageKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	d := max(m.page.height-1, 1)
	if upward(msg) {
		d = -d
	}
	m.scrollBy(d)
	return nil
}

// lineKey scrolls the results a line at a time.
func lineKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	d := 1
	if upward(msg) {
		d = -1
	}
	m.scrollBy(d)
	return nil
}

// scrollBy scrolls the results by d lines, within them.
func (m *Model) scrollBy(d int) {
	m.scroll = min(max(m.scroll+d, 0), max(m.page.total-m.page.height, 0))
}

// toggleHelp opens or closes the full help.
func toggleHelp(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	m.showAll = !m.showAll
	return nil
}

// quitKey ends the program, on every screen.
func quitKey(*Model, tea.KeyPressMsg) tea.Cmd { return tea.Quit }

// workshopKeys is every binding of the workshop screen in front of the
// person now: the view's for the phase, role and open form, and the common
// ones. Both the keys and the help are read from it.
func (m *Model) workshopKeys() keyGroups {
	act := m.snap.CurrentActivity()
	k := m.keys
	quit := on(k.Global.Quit, quitKey).short()
	if m.opts.Lobby {
		quit = quit.as("back to your lobby")
	}
	if m.facilitator {
		return m.presenterKeys(act, quit)
	}
	var own keyGroups
	if m.back == nil {
		own, _ = m.view.bindings(m, act)
	}
	own = append(own, m.lookBindings()...)
	return append(own, []binding{
		on(k.Scroll.Page, pageKey).short(),
		// While an input has the focus, i is typed.
		on(k.Profile, editProfile).short().when(m.view.focused() == nil),
		// While an input has the focus, ? is typed.
		on(k.Global.Help, toggleHelp).short().when(m.focusedInput() == nil),
		quit,
	})
}

// ShortHelp implements help.KeyMap: the brief keys of the screen in front
// of the person.
func (m *Model) ShortHelp() []key.Binding {
	short, _ := m.helpKeys()
	return short
}

// FullHelp implements help.KeyMap: every key of the screen in front of the
// person, in groups.
func (m *Model) FullHelp() [][]key.Binding {
	_, groups := m.helpKeys()
	return groups
}

// helpKeys are the brief keys and every key, in groups, of the screen in
// front of the person, from one walk of its bindings: every View of every
// connection asks for them.
func (m *Model) helpKeys() (short []key.Binding, groups [][]key.Binding) {
	if m.stage != stageWorkshop {
		groups = m.formHelp()
		for _, g := range groups {
			short = append(short, g...)
		}
		return short, groups
	}
	for _, g := range m.workshopKeys() {
		var grp []key.Binding
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			grp = append(grp, b.Binding)
			if b.brief {
				short = append(short, b.Binding)
			}
		}
		if len(grp) > 0 {
			groups = append(groups, grp)
		}
	}
	return short, groups
}

// formHelp is the keys of the screens before the workshop.
func (m *Model) formHelp() [][]key.Binding {
	k := m.keys
	switch m.stage {
	case stageGuest:
		return [][]key.Binding{{relabel(k.Form.Submit, "rejoin / new guest"), k.Global.Quit}}
	case stageGuestPIN:
		return [][]key.Binding{{k.Form.Submit, k.Global.Quit}}
	case stageProfile:
		if m.profile.editing {
			return [][]key.Binding{{k.Form.Next, relabel(k.Form.Submit, "save"), relabel(k.Form.Cancel, "back"), k.Global.Quit}}
		}
		return [][]key.Binding{{k.Form.Next, k.Form.Submit, k.Global.Quit}}
	}
	return [][]key.Binding{{k.Global.Quit}}
}

// relabel returns a copy of b described for one screen.
func relabel(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// helpCache keeps the help lines last drawn. The keys change only with the
// screen, and drawing them takes a lipgloss pass per key, on every View of
// every connection.
type helpCache struct {
	width    int
	all, bar bool
	styles   *Styles
	keys     []key.Help // the keys drawn, groups ended by an empty one, then the brief keys
	lines    []string
	scratch  []key.Help // the buffer the next signature is built in
}

// barLines is how many lines the presenter's control bar takes: the room
// the screen leaves it at 80×24. What does not fit is in the full help.
const barLines = 2

// helpModel is bubbles/help's model for this connection's screen. The
// model is kept once per set of styles, not per connection (it is 4.6 KB,
// mostly styles), and copied when the help is drawn anew.
func (m *Model) helpModel() help.Model {
	h := m.styles.help
	h.SetWidth(m.width)
	h.ShowAll = m.showAll
	return h
}

// helpLines draws the help: the full help with ?, else bubbles/help's short
// view, which on the presenter's control bar runs over barLines lines.
// Where ? is typed into a participant's input, the line is all the help
// there is: it names every key, over barLines lines.
func (m *Model) helpLines() []string {
	short, groups := m.helpKeys()
	bar := m.stage == stageWorkshop && m.facilitator && !m.showAll
	if m.stage == stageWorkshop && !m.facilitator && m.focusedInput() != nil {
		bar, short = true, short[:0:0]
		for _, g := range groups {
			short = append(short, g...)
		}
	}
	c := &m.helpCache
	sig := c.scratch[:0]
	for _, g := range groups {
		for _, k := range g {
			sig = append(sig, k.Help())
		}
		sig = append(sig, key.Help{})
	}
	for _, k := range short {
		sig = append(sig, k.Help())
	}
	if c.lines != nil && c.width == m.width && c.all == m.showAll && c.bar == bar && c.styles == m.styles && slices.Equal(c.keys, sig) {
		c.scratch = sig
		return c.lines
	}
	var lines []string
	if bar {
		h := m.helpModel()
		for _, line := range packHelp(short, m.width, barLines) {
			lines = append(lines, h.ShortHelpView(line))
		}
	} else if m.showAll {
		lines = m.fullHelpLines(groups)
	} else {
		lines = []string{m.helpModel().ShortHelpView(short)}
	}
	// The buffers swap: what was drawn is kept, the old one is reused.
	c.scratch, c.keys = c.keys, sig
	c.width, c.all, c.bar, c.styles, c.lines = m.width, m.showAll, bar, m.styles, lines
	return lines
}

// fullHelpLines draws the full help as bubbles/help's columns, one column
// per group, starting a new row of columns where the next would not fit the
// width: bubbles/help would drop it.
func (m *Model) fullHelpLines(groups [][]key.Binding) []string {
	wide := m.helpModel()
	wide.SetWidth(0) // measured whole, never cut
	fits := func(gs [][]key.Binding) bool {
		for _, l := range strings.Split(wide.FullHelpView(gs), "\n") {
			if ansi.StringWidth(l) > m.width {
				return false
			}
		}
		return true
	}
	var lines []string
	var row [][]key.Binding
	flush := func() {
		if len(row) > 0 {
			lines = append(lines, strings.Split(wide.FullHelpView(row), "\n")...)
		}
	}
	for _, g := range groups {
		if len(row) > 0 && !fits(append(slices.Clone(row), g)) {
			flush()
			row = nil
		}
		row = append(row, g)
	}
	flush()
	return lines
}

// packHelp fills at most n lines of width w with the bindings, in order,
// as bubbles/help's short view draws them; ? (more) goes first so that the
// way to the rest is always shown.
func packHelp(bs []key.Binding, w, n int) [][]key.Binding {
	more := slices.IndexFunc(bs, func(b key.Binding) bool { return b.Help().Key == "?" })
	if more > 0 {
		bs = append(append([]key.Binding{bs[more]}, bs[:more]...), bs[more+1:]...)
	}
	const sep = 3 // " • "
	var lines [][]key.Binding
	used := 0
	for _, b := range bs {
		h := b.Help()
		cell := ansi.StringWidth(h.Key) + 1 + ansi.StringWidth(h.Desc)
		switch {
		case len(lines) > 0 && used+sep+cell <= w:
			lines[len(lines)-1] = append(lines[len(lines)-1], b)
			used += sep + cell
		case len(lines) < n:
			lines = append(lines, []key.Binding{b})
			used = cell
		}
	}
	return lines
}
