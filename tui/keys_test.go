package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
	"commonground/exercises/funders"
	"commonground/session"
)

// keyOpeners are the keys that open a view's lists and forms within a phase
// (a comment, the own cards, a deletion, an edit, the action form and its
// owner field, the merge and cluster prompts, the decision form, the export
// panel, the projector, the timer's prompt, the people panel and what it
// asks, the agenda panel (g, or G where the view takes g) and what it
// asks). Pressed where they mean nothing else they do no
// harm, so every phase is walked with all of them.
var keyOpeners = [][]string{
	nil, {"c"}, {"down"}, {"down", "x"}, {"down", "e"}, {"a"}, {"a", "tab"},
	{"space", "m"}, {"g"}, {"d"}, {"d", "tab"}, {"e"}, {"s"}, {"t"},
	{"u"}, {"u", "down"}, {"u", "x"}, {"u", "h"},
	{"G"}, {"G", "down"}, {"G", "down", "x"}, {"G", "a"}, {"G", "down", "w"},
	{"tab"}, {"tab", "tab", "tab", "tab"}, {"tab", "tab", "tab", "tab", "x"}, {"X"}, {"w"}, {"a", "shift+tab"}, {"down", "X"},
}

// walkKeyStates calls check with a model in every phase of every exercise
// kind, for a participant and for the facilitator, as the phase opens and
// after each of keyOpeners.
func walkKeyStates(t *testing.T, check func(t *testing.T, m *Model)) {
	for _, kind := range catalog.Kinds() {
		f := newFixture(t, kind)
		f.join("SHA256:ana", "Ana Lima", "Food Bank")
		f.join("SHA256:cy", "Cy Diaz", "City Council")
		if kind == assumptions.Kind {
			// Cards of the participant's own on the wall, and one
			// contested card in "test first" for the plan.
			f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
			f.do("SHA256:cy", assumptions.AddCard{Text: "Funders will wait"})
			f.do(facID, session.Move{Phase: ratePhase})
			for _, id := range []string{"SHA256:ana", "SHA256:cy"} {
				imp := 5
				if id == "SHA256:cy" {
					imp = 1
				}
				f.do(id, assumptions.RateCard{Card: 1, Importance: imp, Evidence: 1})
				f.do(id, assumptions.RateCard{Card: 2, Importance: 4, Evidence: 5})
			}
		}
		if kind == funders.Kind {
			// Goals, a funder of each participant's, one rated.
			for _, g := range []string{"Housing", "Jobs", "Health"} {
				f.do(facID, funders.SetGoal{Text: g})
			}
			f.do(facID, session.Move{Phase: fundersPhase})
			f.do("SHA256:ana", funders.AddFunder{Name: "Ford", Kind: funders.Foundation, Relationship: funders.Contact})
			f.do("SHA256:cy", funders.AddFunder{Name: "Gates", Kind: funders.Public, Relationship: funders.NoRelation})
			f.do(facID, session.Move{Phase: funderRatePhase})
			f.do("SHA256:ana", funders.RateFunder{Funder: 1, Goal: 1, Value: 3})
			f.do("SHA256:cy", funders.RateFunder{Funder: 1, Value: 4})
		}
		for ph, spec := range catalog.Phases(kind) {
			f.do(facID, session.Move{Phase: ph})
			for _, who := range []struct{ role, id string }{{"participant", "SHA256:ana"}, {"presenter", facID}} {
				for _, keys := range keyOpeners {
					name := fmt.Sprintf("%s/%s/%s/%s", kind, spec.Name, who.role, strings.Join(keys, "+"))
					t.Run(name, func(t *testing.T) {
						d := f.connect(who.id, 80, 24)
						d.press(keys...)
						check(t, d.m.(*Model))
					})
				}
			}
		}
	}
}

// TestNoTwoBindingsShareAKey fails when two bindings active on the same
// screen (the view's, the facilitator's common controls, quit and help)
// answer to one key: only one of them could ever run.
func TestNoTwoBindingsShareAKey(t *testing.T) {
	walkKeyStates(t, func(t *testing.T, m *Model) {
		owner := map[string]key.Help{}
		for _, b := range m.workshopKeys().all() {
			if len(b.Keys()) == 0 {
				t.Errorf("%q %q has no key", b.Help().Key, b.Help().Desc)
			}
			for _, k := range b.Keys() {
				if prev, ok := owner[k]; ok {
					t.Errorf("%q is both %q (%s) and %q (%s)", k, prev.Desc, prev.Key, b.Help().Desc, b.Help().Key)
				}
				owner[k] = b.Help()
			}
		}
	})
}

// TestHelpShowsExactlyTheActiveBindings checks that the full help (?) is
// the enabled bindings of the screen, every one of them drawn, and that the
// help line is some of them with the way to the rest.
func TestHelpShowsExactlyTheActiveBindings(t *testing.T) {
	shown := func(bs []key.Binding) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
		return out
	}
	walkKeyStates(t, func(t *testing.T, m *Model) {
		var active []key.Binding
		for _, b := range m.workshopKeys().all() {
			active = append(active, b.Binding)
		}
		var full []key.Binding
		for _, g := range m.FullHelp() {
			full = append(full, g...)
		}
		if want, got := shown(active), shown(full); !slices.Equal(want, got) {
			t.Errorf("full help %q, want the active bindings %q", got, want)
		}
		for _, b := range m.ShortHelp() {
			if !slices.Contains(shown(full), shown([]key.Binding{b})[0]) {
				t.Errorf("the help line has %q, which is not active", shown([]key.Binding{b}))
			}
		}

		m.showAll = true
		drawn := ansi.Strip(strings.Join(m.helpLines(), "\n"))
		for _, b := range full {
			if h := b.Help(); !strings.Contains(drawn, h.Key) || !strings.Contains(drawn, h.Desc) {
				t.Errorf("the full help lacks %q %q:\n%s", h.Key, h.Desc, drawn)
			}
		}
		m.showAll = false
		if line := ansi.Strip(strings.Join(m.helpLines(), "\n")); m.view.focused() == nil && !m.pres.deciding && m.pres.people.ask != askMessage && m.pres.agenda.ask != agendaAskPrompt &&
			!strings.Contains(line, "? more") && !strings.Contains(line, "…") {
			t.Errorf("the help line does not lead to the rest:\n%s", line)
		}
	})
}

// TestFullHelpInGroupListsEveryKey is issue 16's example: the Group bar
// left out l, +, x and e; the bar may be brief, but ? lists them, with
// the wall's own keys.
func TestFullHelpInGroupListsEveryKey(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do(facID, session.Move{Phase: groupPhase})
	d := f.connect(facID, 80, 24)
	d.press("?")
	// The full help's columns pad each key: read them one space apart.
	shown := strings.Join(strings.Fields(d.screen()), " ")
	for _, k := range []string{"l lock", "+ +1 min", "x clear", "e export", "w edit text", "h hide/show", "m merge",
		"g group", "space mark", "r reveal", "n/p phase", "p previous phase", "t timer", "P pause", "d decide"} {
		if !strings.Contains(shown, k) {
			t.Errorf("? does not list %q:\n%s", k, d.screen())
		}
	}
	d.press("?")
	d.mustSee("? more")
}

// TestWithoutHelpKeyTheLineListsEveryKey: where ? is typed into an input
// (or a form has the keys) the help line is all there is, so it names
// every key that works.
func TestWithoutHelpKeyTheLineListsEveryKey(t *testing.T) {
	walkKeyStates(t, func(t *testing.T, m *Model) {
		for _, b := range m.workshopKeys().all() {
			if b.Help().Key == "?" {
				return
			}
		}
		line := ansi.Strip(strings.Join(m.helpLines(), "\n"))
		for _, g := range m.FullHelp() {
			for _, b := range g {
				if h := b.Help(); !strings.Contains(line, h.Key+" "+h.Desc) {
					t.Errorf("no ? here, and the help line lacks %q %q:\n%s", h.Key, h.Desc, line)
				}
			}
		}
	})
}
