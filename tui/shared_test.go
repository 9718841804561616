package tui

import (
	"testing"
	"unsafe"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// TestParticipantsShareTheirScreens: participants who hold nothing of their
// own on the check-in's screen are given one drawing of it; typing, an
// answer, another size or a message of their own make a screen the
// person's own, drawn for them and showing what is theirs alone.
func TestParticipantsShareTheirScreens(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:bo", "Bo Chen", "City Council")
	f.join("SHA256:cy", "Cy Diaz", "River Trust")
	f.do(facID, session.Reveal{Activity: 0, On: true})
	for i, text := range []string{"Fewer hungry kids", "A shared van", "Data we trust"} {
		id := "SHA256:dee" + string(rune('a'+i))
		f.join(id, "Dee "+string(rune('A'+i)), "Food Bank")
		f.do(id, exercises.SetAnswer{Activity: 0, Text: text})
	}
	ana, bo, cy := f.connect("SHA256:ana", 80, 24), f.connect("SHA256:bo", 80, 24), f.connect("SHA256:cy", 80, 24)
	content := func(d *driver) string { return d.m.View().Content }
	same := func(a, b *driver) bool {
		ca, cb := content(a), content(b)
		return unsafe.StringData(ca) == unsafe.StringData(cb)
	}
	if !same(ana, bo) || !same(bo, cy) {
		t.Fatal("three participants on one screen each drew it")
	}
	ana.mustSee("A shared van", "type your answer")

	tests := []struct {
		name   string
		change func()
		undo   func()
		theirs string // on the changed screen only; "" for none
	}{
		{"typing", func() { bo.typeText("Trust") }, func() { bo.press("backspace", "backspace", "backspace", "backspace", "backspace") }, "> Trust"},
		{"another size", func() { bo.send(tea.WindowSizeMsg{Width: 100, Height: 30}) }, func() { bo.send(tea.WindowSizeMsg{Width: 80, Height: 24}) }, ""},
		{"a message of their own", func() { bo.press("enter") }, func() { bo.m.(*Model).status = status{} }, "Type your answer, then press Enter."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.change()
			if same(ana, bo) {
				t.Fatal("a changed screen was still the shared one")
			}
			if tc.theirs != "" {
				bo.mustSee(tc.theirs)
				ana.mustNotSee(tc.theirs)
			}
			tc.undo()
		})
	}

	t.Run("an answer", func(t *testing.T) {
		cy.typeText("Clean rivers")
		cy.press("enter")
		f.do("SHA256:bo", exercises.SetAnswer{Activity: 0, Text: "Bo's own"})
		for _, d := range []*driver{ana, bo, cy} {
			d.refresh()
		}
		if same(ana, cy) {
			t.Fatal("a participant who answered was shown the shared screen")
		}
		cy.mustSee("Your answer:", "Clean rivers")
		ana.mustNotSee("Your answer:")
		bo.mustSee("Bo's own")
	})
}
