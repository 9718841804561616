package tui

import (
	"errors"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/funders"
	"commonground/exercises/willingness"
	"commonground/session"
)

// Script runes that stand for something other than typing the rune itself
// (FuzzKeys). Every other rune, control characters included, is a key press
// with that rune as its text.
var fuzzKeys = map[rune]string{
	0x01: "up", 0x02: "down", 0x03: "left", 0x04: "right", 0x05: "pgup", 0x06: "pgdown",
	0x07: "shift+tab", 0x08: "backspace", '\t': "tab", '\r': "enter", 0x1b: "esc", ' ': "space",
}

const (
	fuzzPaste    = 0x0e // paste the paste argument (bracketed paste)
	fuzzKeyText  = 0x0f // a key press whose text is the whole paste argument
	fuzzMoveOn   = 0x10 // the facilitator, elsewhere, moves the workshop to its next phase
	fuzzRefresh  = 0x11 // the forwarder delivers the newest snapshot
	fuzzResize   = 0x12 // the terminal switches between the fuzzed size and 80×24
	fuzzMaxSteps = 400  // script runes acted on; a run stays short
)

// FuzzKeys drives one connection's real model with arbitrary keys, pastes
// and terminal sizes, as a participant new to the server, a participant who
// joined before, the facilitator, or a guest without a key, while the
// workshop moves on around them. Update never panics, every frame fits the
// terminal, and everything the hub stores from what was typed is clean
// text (see exercises.CleanText).
func FuzzKeys(f *testing.F) {
	f.Fuzz(func(t *testing.T, script, paste string, role, width, height uint8) {
		fx := newFixture(t, checkin.Kind, willingness.Kind, assumptions.Kind, funders.Kind)
		fx.join("SHA256:ben", "Ben", "City") // someone else's input on the screens
		fx.do("SHA256:ben", exercises.SetAnswer{Text: "Shared data"})
		id := []string{"SHA256:ana", "SHA256:cy", facID, ""}[role%4]
		if id == "SHA256:cy" {
			fx.join(id, "Cy", "Youth Club")
		}
		w, h := 20+int(width)%160, 5+int(height)%60
		d := fx.connect(id, w, h)
		d.screen()
		steps := 0
		for _, r := range script {
			if steps++; steps > fuzzMaxSteps {
				break
			}
			switch r {
			case fuzzPaste:
				d.send(tea.PasteMsg{Content: paste})
			case fuzzKeyText:
				code, _ := utf8.DecodeRuneInString(paste)
				d.send(tea.KeyPressMsg{Code: code, Text: paste})
			case fuzzMoveOn:
				fx.do(facID, nextPhase(fx.w.Snapshot()))
				d.refresh()
			case fuzzRefresh:
				d.refresh()
			case fuzzResize:
				if d.w == w && d.h == h {
					d.send(tea.WindowSizeMsg{Width: minWidth, Height: minHeight})
				} else {
					d.send(tea.WindowSizeMsg{Width: w, Height: h})
				}
			default:
				if name, ok := fuzzKeys[r]; ok {
					d.press(name)
				} else {
					d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
				}
			}
			d.screen()
		}
		checkStoredClean(t, fx, append([]string{id}, d.attached...))
	})
}

// nextPhase is the facilitator's move to the next phase, or to the next
// activity (the first after the last) when the current one has no more.
func nextPhase(snap *session.Snapshot) session.Move {
	act := snap.CurrentActivity()
	if act.Phase+1 < len(act.Phases()) {
		return session.Move{Activity: snap.Current, Phase: act.Phase + 1}
	}
	return session.Move{Activity: (snap.Current + 1) % len(snap.Activities)}
}

// checkStoredClean fails unless every text in the workshop and in the
// profiles of ids is clean: CleanText leaves it as it is.
func checkStoredClean(t *testing.T, fx *fixture, ids []string) {
	t.Helper()
	snap := fx.w.Snapshot()
	texts := []string{snap.Title}
	for _, p := range snap.People {
		texts = append(texts, p.Name, p.Org)
	}
	for _, id := range ids {
		p, err := fx.hub.Profile(id)
		if errors.Is(err, session.ErrNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, p.Name, p.Org)
	}
	for _, a := range snap.Activities {
		for _, mine := range exercises.AnswersOf(a.Data) {
			for _, ans := range mine {
				texts = append(texts, ans.Text)
			}
		}
		for _, c := range assumptions.Of(a.Data).Cards() {
			texts = append(texts, c.Text, c.Category, c.Cluster)
		}
		for _, act := range assumptions.Of(a.Data).ActionItems() {
			texts = append(texts, act.Text, act.Org, act.Due)
		}
		if a.Decision != nil {
			texts = append(texts, a.Decision.Conditions)
		}
	}
	for _, s := range texts {
		if clean, _ := exercises.CleanText(s, 0); clean != s {
			t.Fatalf("stored %q, which cleans to %q", s, clean)
		}
	}
}
