package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key binding of the screens, grouped by where it applies.
// Every action has a plain key: ESC and modifier combinations are unreliable
// over slow links and on some clients.
type KeyMap struct {
	Global    GlobalKeys
	Form      FormKeys
	Rate      RateKeys
	Scroll    ScrollKeys
	Presenter PresenterKeys
	Decision  DecisionKeys
	Wall      WallKeys
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

// RateKeys answer the willingness check's statements.
type RateKeys struct {
	Up      key.Binding
	Down    key.Binding
	Value   key.Binding // 0-5
	Lower   key.Binding
	Raise   key.Binding
	Comment key.Binding
}

// ScrollKeys scroll the results.
type ScrollKeys struct {
	PageUp   key.Binding
	PageDown key.Binding
	Up       key.Binding // presenter only: participants use up/down for statements
	Down     key.Binding
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
	Back         key.Binding // leaves screen mode or closes a panel
}

// DecisionKeys drive the decision form.
type DecisionKeys struct {
	Pick   key.Binding // 1-3
	Switch key.Binding
	Record key.Binding
	Cancel key.Binding
}

// WallKeys drive assumption mapping: writing cards, grouping the wall,
// rating, planning actions. Only arrows move the selection: letters type
// into the card input.
type WallKeys struct {
	Up           key.Binding
	Down         key.Binding
	Add          key.Binding // add the card, or save the one being edited
	Category     key.Binding
	PrevCategory key.Binding
	Edit         key.Binding
	Delete       key.Binding
	Yes          key.Binding // confirms a deletion
	Cancel       key.Binding
	Mark         key.Binding
	Merge        key.Binding
	Group        key.Binding
	Hide         key.Binding
	Score        key.Binding // 1-5 on the focused axis
	Axis         key.Binding
	Save         key.Binding
	Skip         key.Binding
	Orgs         key.Binding
	Propose      key.Binding
	Confirm      key.Binding
	NextField    key.Binding
	PrevField    key.Binding
	Submit       key.Binding // the facilitator's prompt and the action form
}

// DefaultKeyMap returns the bindings CommonGround ships with.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	k := func(keys ...string) []string { return keys }
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
		Rate: RateKeys{
			Up:      b(k("up", "k"), "↑/↓", "move"),
			Down:    b(k("down", "j"), "↓/j", "next statement"),
			Value:   b(k("0", "1", "2", "3", "4", "5"), "0-5", "answer"),
			Lower:   b(k("left"), "←/→", "lower/raise"),
			Raise:   b(k("right"), "→", "raise"),
			Comment: b(k("c", "enter"), "c", "comment"),
		},
		Scroll: ScrollKeys{
			PageUp:   b(k("pgup"), "pgup/pgdn", "results"),
			PageDown: b(k("pgdown"), "pgdn", "scroll down"),
			Up:       b(k("up", "k"), "↑/↓", "scroll"),
			Down:     b(k("down", "j"), "↓/j", "scroll down"),
		},
		// P and A stand in for space and a where assumption mapping gives
		// those keys to the wall (marking cards, proposing actions).
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
			Back:         b(k("esc"), "esc", "back"),
		},
		Decision: DecisionKeys{
			Pick:   b(k("1", "2", "3"), "1-3", "outcome"),
			Switch: b(k("tab", "shift+tab"), "tab", "outcome/conditions"),
			Record: b(k("enter"), "enter", "record"),
			Cancel: b(k("esc"), "esc", "cancel"),
		},
		Wall: WallKeys{
			Up:           b(k("up"), "↑/↓", "select"),
			Down:         b(k("down"), "↓", "next"),
			Add:          b(k("enter"), "enter", "add card"),
			Category:     b(k("tab"), "tab", "category"),
			PrevCategory: b(k("shift+tab"), "shift+tab", "previous category"),
			Edit:         b(k("e"), "e", "edit"),
			Delete:       b(k("x"), "x", "delete"),
			Yes:          b(k("y"), "y", "yes"),
			Cancel:       b(k("esc"), "esc", "cancel"),
			Mark:         b(k("space"), "space", "mark"),
			Merge:        b(k("m"), "m", "merge marked"),
			Group:        b(k("g"), "g", "group"),
			Hide:         b(k("h"), "h", "hide/show"),
			Score:        b(k("1", "2", "3", "4", "5"), "1-5", "value"),
			Axis:         b(k("tab", "shift+tab", "left", "right"), "tab/←/→", "axis"),
			Save:         b(k("enter"), "enter", "save"),
			Skip:         b(k("s"), "s", "skip"),
			Orgs:         b(k("o"), "o", "by organisation"),
			Propose:      b(k("a"), "a", "propose action"),
			Confirm:      b(k("c"), "c", "confirm action"),
			NextField:    b(k("tab"), "tab", "next field"),
			PrevField:    b(k("shift+tab"), "shift+tab", "previous field"),
			Submit:       b(k("enter"), "enter", "save"),
		},
	}
}

// ShortHelp implements help.KeyMap: the keys of the screen in front of the
// person, one line.
func (m *Model) ShortHelp() []key.Binding {
	if m.stage == stageWorkshop && !m.facilitator {
		if short := m.view.participantShortHelp(m, m.snap.CurrentActivity()); short != nil {
			return short
		}
	}
	var out []key.Binding
	for _, g := range m.FullHelp() {
		out = append(out, g...)
	}
	return out
}

// FullHelp implements help.KeyMap: every key of the screen in front of the
// person, in groups.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	switch m.stage {
	case stageGuest:
		return [][]key.Binding{{relabel(k.Form.Submit, "rejoin / new guest"), k.Global.Quit}}
	case stageGuestPIN:
		return [][]key.Binding{{k.Form.Submit, k.Global.Quit}}
	case stageProfile:
		return [][]key.Binding{{k.Form.Next, k.Form.Submit, k.Global.Quit}}
	case stageLoading:
		return [][]key.Binding{{k.Global.Quit}}
	}
	if m.facilitator {
		return m.presenterHelp()
	}
	return m.view.participantHelp(m, m.snap.CurrentActivity())
}

// presenterHelp is the facilitator's control bar, one group per line.
func (m *Model) presenterHelp() [][]key.Binding {
	k, p := m.keys, m.keys.Presenter
	switch {
	case m.pres.deciding:
		return [][]key.Binding{{k.Decision.Pick, k.Decision.Switch, k.Decision.Record, k.Decision.Cancel, k.Global.Quit}}
	case m.pres.screen:
		return [][]key.Binding{{relabel(p.Screen, "leave screen mode"), k.Global.Quit}}
	}
	if own := m.view.presenterHelp(m, m.snap.CurrentActivity()); own != nil {
		return own
	}
	return [][]key.Binding{
		{p.NextPhase, p.NextActivity, p.Reveal, p.Lock, p.Anonymity, p.Screen, k.Scroll.Up},
		{p.TimerStart, p.TimerPause, p.TimerExtend, p.TimerClear, p.Decide, p.Export, k.Global.Quit},
	}
}

// relabel returns a copy of b described for one screen.
func relabel(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// rekey returns a copy of b shown with another of its keys.
func rekey(b key.Binding, k string) key.Binding {
	b.SetHelp(k, b.Help().Desc)
	return b
}

// helpCache keeps the help lines last drawn. The keys change only with the
// screen, and drawing them takes a lipgloss pass per key, on every View of
// every connection.
type helpCache struct {
	sig   string // the keys, the width, the mode and the styles drawn
	lines []string
}

// helpLines draws the help: the presenter's control bar one group per line,
// elsewhere bubbles/help's short or full view.
func (m *Model) helpLines() []string {
	bar := m.stage == stageWorkshop && m.facilitator
	groups := m.FullHelp()
	var b strings.Builder
	fmt.Fprintf(&b, "%d %t %t %p|", m.width, m.help.ShowAll, bar, m.styles)
	for _, g := range groups {
		for _, k := range g {
			h := k.Help()
			b.WriteString(h.Key + "\x00" + h.Desc + "\x00")
		}
		b.WriteByte('|')
	}
	if sig := b.String(); sig != m.helpCache.sig {
		var lines []string
		if bar {
			for _, g := range groups {
				lines = append(lines, m.help.ShortHelpView(g))
			}
		} else {
			lines = strings.Split(m.help.View(m), "\n")
		}
		m.helpCache = helpCache{sig: sig, lines: lines}
	}
	return m.helpCache.lines
}
