package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/session"
)

// eagerInput is a text input as the forms built it before lazyInput: a
// textinput.Model set up at once. lazyInput must draw and behave as it does.
func eagerInput(prompt, placeholder string, limit, width int, styles *textinput.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt, in.Placeholder, in.CharLimit = prompt, placeholder, limit
	in.KeyMap.Paste.SetEnabled(false)
	in.SetStyles(*styles)
	in.SetWidth(width)
	return in
}

func typeKeys(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// An input not built draws what an untouched textinput.Model draws, and
// once used the same as one used alike: the cursor, the text, the width,
// the limit, the styles.
func TestLazyInputDrawsLikeATextInput(t *testing.T) {
	inputs := []struct {
		name, prompt, placeholder string
		limit, width              int
	}{
		{"pin", "PIN: ", "K7WQ-M3XD", pinLimit, pinLimit + 2},
		{"no prompt", "", "how the group will know you", exercises.MaxNameLen, 42},
		{"no placeholder", "> ", "", exercises.MaxTextLen, 56},
		{"narrower than its placeholder", "✎ ", "why? (optional)", exercises.MaxTextLen, 5},
		{"no width", "We believe that ", "… one assumption per card", exercises.MaxTextLen, 0},
	}
	backspace := tea.KeyPressMsg{Code: tea.KeyBackspace}
	uses := []struct {
		name    string
		focus   bool
		msgs    []tea.Msg
		blur    bool
		resize  int  // a new width at the end, if not 0
		restyle bool // the other background's styles at the end
	}{
		{name: "untouched"},
		{name: "focused", focus: true},
		{name: "typed", focus: true, msgs: typeKeys("ana lima, food bank and friends")},
		{name: "typed and left", focus: true, msgs: typeKeys("Ask ten families"), blur: true},
		{name: "emptied", focus: true, msgs: append(typeKeys("ab"), backspace, backspace)},
		{name: "emptied and left", focus: true, msgs: append(typeKeys("ab"), backspace, backspace), blur: true},
		{name: "pasted", focus: true, msgs: []tea.Msg{tea.PasteMsg{Content: strings.Repeat("paste ", 60)}}},
		{name: "typed while not focused", msgs: typeKeys("lost")},
		{name: "focused and resized", focus: true, resize: 30},
		{name: "untouched and resized", resize: 3},
		{name: "focused and restyled", focus: true, restyle: true},
	}
	for _, in := range inputs {
		for _, use := range uses {
			for _, dark := range []bool{true, false} {
				styles := &stylesFor(dark).Input
				want := eagerInput(in.prompt, in.placeholder, in.limit, in.width, styles)
				got := newInput(in.prompt, in.placeholder, in.limit)
				// The layout and the styles arrive before the first use.
				got.SetWidth(in.width)
				got.SetStyles(styles)
				// Drawn after every step: an empty input's drawing is kept
				// and must follow the focus, the width and the styles.
				check := func(step string) {
					t.Helper()
					if g, w := got.View(), want.View(); g != w {
						t.Errorf("%s, %s, dark %v, %s: View() = %q, want %q", in.name, use.name, dark, step, g, w)
					}
				}
				check("new")
				if use.focus {
					want.Focus()
					got.Focus()
					check("focused")
				}
				for i, msg := range use.msgs {
					want, _ = want.Update(msg)
					got.Update(msg)
					check(fmt.Sprintf("message %d", i))
				}
				if use.blur {
					want.Blur()
					got.Blur()
					check("left")
				}
				if use.resize != 0 {
					want.SetWidth(use.resize)
					got.SetWidth(use.resize)
					check("resized")
				}
				if use.restyle {
					other := &stylesFor(!dark).Input
					want.SetStyles(*other)
					got.SetStyles(other)
					check("restyled")
				}
				if g, w := got.Value(), want.Value(); g != w {
					t.Errorf("%s, %s, dark %v: Value() = %q, want %q", in.name, use.name, dark, g, w)
				}
			}
		}
	}
}

// Only typing into a focused input or giving it a value builds it;
// clearing lets it go. Everything else, focusing included, leaves an input
// not built as it is.
func TestLazyInputIsBuiltOnlyWhenUsed(t *testing.T) {
	for _, c := range []struct {
		name  string
		use   func(*lazyInput)
		built bool
	}{
		{"nothing", func(*lazyInput) {}, false},
		{"View", func(l *lazyInput) { _ = l.View() }, false},
		{"Value", func(l *lazyInput) { _ = l.Value() }, false},
		{"Focused", func(l *lazyInput) { _ = l.Focused() }, false},
		{"Blur", (*lazyInput).Blur, false},
		{"Reset", (*lazyInput).Reset, false},
		{"CursorEnd", (*lazyInput).CursorEnd, false},
		{"Update", func(l *lazyInput) { l.Update(tea.KeyPressMsg{Code: 'x', Text: "x"}) }, false},
		{"SetWidth", func(l *lazyInput) { l.SetWidth(30) }, false},
		{"SetStyles", func(l *lazyInput) { l.SetStyles(&darkStyles.Input) }, false},
		{"SetCharLimit", func(l *lazyInput) { l.SetCharLimit(3) }, false},
		{"Focus", func(l *lazyInput) { l.Focus() }, false},
		{"Focus then Update", func(l *lazyInput) { l.Focus(); l.Update(tea.KeyPressMsg{Code: 'x', Text: "x"}) }, true},
		{"Focus, Blur then Update", func(l *lazyInput) {
			l.Focus()
			l.Blur()
			l.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
		}, false},
		{"SetValue", func(l *lazyInput) { l.SetValue("kept") }, true},
		{"SetValue empty", func(l *lazyInput) { l.SetValue("") }, false},
		{"Focus then Clear", func(l *lazyInput) { l.Focus(); l.Clear() }, false},
		{"SetValue then Reset", func(l *lazyInput) { l.SetValue("kept"); l.Reset() }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newInput("> ", "type your answer", exercises.MaxTextLen)
			c.use(&l)
			if built := l.in != nil; built != c.built {
				t.Fatalf("built = %v, want %v", built, c.built)
			}
		})
	}
}

// What was typed stays through a blur and a new focus; the limit set last
// holds, whether set before or after the input was built; Reset keeps the
// focus and Clear does not.
func TestLazyInputKeepsValuesAndLimits(t *testing.T) {
	for _, c := range []struct {
		name        string
		use         func(*lazyInput)
		value       string
		focused     bool
		limit       int
		placeholder bool // it draws its placeholder
	}{
		{"typed, left and back", func(l *lazyInput) {
			l.Focus()
			typeInto(l, "Shared data")
			l.Blur()
			l.Focus()
			typeInto(l, "!")
		}, "Shared data!", true, exercises.MaxTextLen, false},
		{"set and left", func(l *lazyInput) { l.SetValue("if the board agrees"); l.CursorEnd() },
			"if the board agrees", false, exercises.MaxTextLen, false},
		{"limit before building", func(l *lazyInput) {
			l.SetCharLimit(3)
			l.Focus()
			typeInto(l, "abcdef")
		}, "abc", true, 3, false},
		{"limit after building", func(l *lazyInput) {
			l.Focus()
			l.SetCharLimit(4)
			typeInto(l, "abcdef")
		}, "abcd", true, 4, false},
		{"limit kept through Clear", func(l *lazyInput) {
			l.SetCharLimit(2)
			l.Focus()
			l.Clear()
			l.Focus()
			typeInto(l, "abc")
		}, "ab", true, 2, false},
		{"Reset", func(l *lazyInput) { l.Focus(); typeInto(l, "gone"); l.Reset() }, "", true, exercises.MaxTextLen, true},
		{"Clear", func(l *lazyInput) { l.Focus(); typeInto(l, "gone"); l.Clear() }, "", false, exercises.MaxTextLen, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newInput("> ", "type your answer", exercises.MaxTextLen)
			l.SetWidth(30) // with no width a placeholder shows its first character only
			l.SetStyles(&darkStyles.Input)
			c.use(&l)
			if got := l.Value(); got != c.value {
				t.Errorf("Value() = %q, want %q", got, c.value)
			}
			if got := l.Focused(); got != c.focused {
				t.Errorf("Focused() = %v, want %v", got, c.focused)
			}
			if got := l.CharLimit(); got != c.limit {
				t.Errorf("CharLimit() = %d, want %d", got, c.limit)
			}
			if got := strings.Contains(l.View(), "ype your answer"); got != c.placeholder {
				t.Errorf("View() = %q: placeholder shown %v, want %v", l.View(), got, c.placeholder)
			}
		})
	}
}

func typeInto(l *lazyInput, s string) {
	for _, msg := range typeKeys(s) {
		l.Update(msg)
	}
}

// A connection builds the inputs its person types into and lets them go
// when they close: nothing else stays built, not even an input that has
// the focus.
func TestConnectionBuildsOnlyTheInputsInUse(t *testing.T) {
	type step struct {
		do    func(*driver)
		built []string // the placeholders of the inputs built after the step
	}
	press := func(keys ...string) func(*driver) { return func(d *driver) { d.press(keys...) } }
	for _, c := range []struct {
		name  string
		id    string
		steps []step
	}{
		{"returning participant", "SHA256:ana", []step{
			{func(*driver) {}, nil}, // the profile filled for a retry is let go
			{press("c"), nil},
			{press("x"), []string{"why? (optional)"}},
			{press("esc"), nil},
			{func(d *driver) {
				d.f.do(facID, session.Move{Activity: 1})
				d.refresh()
				d.mustSee("type your answer") // focused, not built
			}, nil},
			{press("x"), []string{"type your answer"}},
		}},
		{"new participant", "SHA256:bo", []step{
			{func(*driver) {}, nil},
			{func(d *driver) {
				d.typeText("Bo Chen")
				d.press("tab")
			}, []string{"how the group will know you"}},
			{func(d *driver) {
				d.press("shift+tab")
				d.mustSee("Bo Chen") // kept through leaving the field
				d.press("tab")
				d.typeText("City Council")
				d.press("enter")
				d.mustSee("Willingness check")
			}, nil},
		}},
		{"keyless guest", "", []step{
			{func(*driver) {}, nil},
			{press("1"), []string{"K7WQ-M3XD"}},
			{press("backspace", "enter"), nil},
		}},
		{"facilitator", facID, []step{
			{func(*driver) {}, nil},
			{press("n", "n", "n", "d"), nil}, // Ana has not answered: n twice; the decision form opens on the outcomes
			{press("tab"), nil},
			{press("x"), []string{"conditions for proceeding"}},
			{press("esc"), nil},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, willingness.Kind, checkin.Kind)
			f.join("SHA256:ana", "Ana Lima", "Food Bank")
			d := f.connect(c.id, 80, 24)
			for i, s := range c.steps {
				s.do(d)
				var built []string
				for _, in := range d.m.(*Model).inputs() {
					if in.in != nil {
						built = append(built, in.placeholder)
					}
				}
				if !slices.Equal(built, s.built) {
					t.Fatalf("after step %d: built %q, want %q", i+1, built, s.built)
				}
			}
		})
	}
}
