package sshserver_test

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"commonground/exercises"
	"commonground/internal/termtest"
	"commonground/session"
)

// TestLookAlikeNames has three participants join under names that look the
// same ("Obs1", "Obs1" with a zero-width space, "Оbs1" with a Cyrillic О)
// and one who calls themselves "Facilitator (host)" from "CommonGround",
// while the real facilitator takes part under their own name. The
// presenter's screen and the Markdown report must tell all of them apart
// and mark the real facilitator only; the invisible character and a stack
// of 280 combining marks reach neither.
func TestLookAlikeNames(t *testing.T) {
	e := start(t)
	w := e.workshop(t)
	// The facilitator takes part too, under the name their profile gives
	// (the presenter joins them with it): the server marks them, whatever
	// anyone types.
	if err := e.hub.SaveProfile(session.Profile{ID: e.fac.ID, Name: "Ana", Org: "Food Bank"}); err != nil {
		t.Fatal(err)
	}
	fac := termtest.OpenSize(t, e.addr, e.code, e.fac, bigW, bigH)
	fac.WaitFor(t, "PRESENTER", wait)

	first := e.arrive(t, "Obs1", "Food Bank")
	hidden := e.arrive(t, "Obs1\u200b", "Food Bank")
	cyrillic := e.arrive(t, "\u041ebs1", "City Council")
	fake := e.arrive(t, "Facilitator (host)", "CommonGround")
	fac.WaitFor(t, "4 of 4 here", wait)

	zalgo := "Hi" + strings.Repeat("\u0301\u0316", 140)
	for _, p := range []*person{first, hidden, cyrillic} {
		p.term.Type("Here for the kids, from " + p.org)
		p.term.Press("enter")
		p.term.WaitFor(t, "Your answer:", wait)
	}
	fake.term.Type(zalgo)
	fake.term.Press("enter")
	fake.term.WaitFor(t, "Your answer:", wait)
	if _, err := w.Do(context.Background(), e.fac.ID, exercises.SetAnswer{Activity: 0, Item: 0, Text: "Welcome, everyone"}); err != nil {
		t.Fatal(err)
	}
	fac.WaitFor(t, "4 of 4 answered", wait)
	screen := fac.WaitFor(t, "— Ana (Food Bank) ★ facilitator", wait)

	// The participation panel: each look-alike gets a number in the order
	// they joined. The live results: everyone's byline, the impostor shown
	// as what they are, and the facilitator's mark on the facilitator only.
	showsAll(t, "the participation panel", panel(screen),
		"Obs1\n", // the first keeps the name as typed
		"Obs1 (2)\n",
		"\u041ebs1 (3)\n")
	showsAll(t, "the presenter's results", screen,
		"— Obs1 (Food Bank)",
		"— Obs1 (2) (Food Bank)",
		"— \u041ebs1 (3) (City Council)",
		"— Facilitator (host) (CommonGround) ✗ not a facilitator")
	checkShown(t, "the presenter's screen", screen, 1)

	stdout, stderr, code := termtest.Run(t, e.addr, "x", e.fac, "export "+e.code+" --format md")
	if code != 0 {
		t.Fatalf("export: exit %d, stderr %q", code, stderr)
	}
	showsAll(t, "the report", stdout,
		"| Obs1 | Food Bank |",
		"| Obs1 (2) | Food Bank |",
		"| \u041ebs1 (3) | City Council |",
		"| Facilitator (host) ✗ not a facilitator | CommonGround |",
		"**Ana (Food Bank) ★ facilitator:** “Welcome, everyone”",
		"**Obs1 (2) (Food Bank):** “Here for the kids, from Food Bank”",
		"**Facilitator (host) (CommonGround) ✗ not a facilitator:** “Hi\u0301\u0316\u0301\u0316”",
		"- **Facilitators:** Ana (Food Bank) ★ facilitator\n")
	// The facilitator is marked in the summary and on her answer.
	checkShown(t, "the report", stdout, 2)
}

// showsAll fails for each of wants that text lacks.
func showsAll(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%s lacks %q:\n%s", where, want, text)
		}
	}
}

// panel returns the presenter's left column, where the participation
// panel is, one line per screen line.
func panel(screen string) string {
	var b strings.Builder
	for _, l := range strings.Split(screen, "\n") {
		if i := strings.Index(l, "│"); i >= 0 {
			l = l[:i]
		}
		b.WriteString(strings.TrimRight(l, " ") + "\n")
	}
	return b.String()
}

// checkShown fails unless text shows the facilitator's mark the times
// given (on the one facilitator), and holds no zero-width space and no
// more than four combining marks on one character.
func checkShown(t *testing.T, where, text string, marked int) {
	t.Helper()
	if n := strings.Count(text, session.FacilitatorMark); n != marked {
		t.Errorf("the facilitator's mark shows %d times in %s, want %d:\n%s", n, where, marked, text)
	}
	if strings.ContainsRune(text, '\u200b') {
		t.Errorf("%s holds a zero-width space:\n%q", where, text)
	}
	marks := 0
	for _, r := range text {
		if !unicode.Is(unicode.Mn, r) {
			marks = 0
			continue
		}
		if marks++; marks > 4 {
			t.Errorf("%s holds a stack of more than four combining marks", where)
			return
		}
	}
}
