package sshserver_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/willingness"
	"commonground/internal/termtest"
	"commonground/session"
)

// Terminal size for the walk-through: room for every result without
// scrolling, so the assertions read like what a person sees at a glance.
const (
	bigW = 110
	bigH = 64
)

// person is a participant at their terminal.
type person struct {
	name, org string
	key       termtest.Key
	term      *termtest.Term
}

// arrive connects a participant with a roomy terminal and fills in the
// first-time profile form.
func (e *env) arrive(t *testing.T, name, org string) *person {
	t.Helper()
	return e.arriveAt(t, name, org, bigW, bigH)
}

// arriveAt connects a participant with a terminal of width × height cells
// and fills in the first-time profile form.
func (e *env) arriveAt(t *testing.T, name, org string, width, height int) *person {
	t.Helper()
	p := &person{name: name, org: org, key: termtest.NewKey()}
	p.term = termtest.OpenSize(t, e.addr, e.code, p.key, width, height)
	e.fillProfile(t, p.term, name, org)
	return p
}

// fillProfile answers the first-time form and waits for the workshop view:
// the header naming the workshop's current activity.
func (e *env) fillProfile(t *testing.T, term *termtest.Term, name, org string) {
	t.Helper()
	snap := e.workshop(t).Snapshot()
	landing := fmt.Sprintf("Activity %d/%d: %s", snap.Current+1, len(snap.Activities), snap.CurrentActivity().Activity.Title)
	term.WaitFor(t, "Tell the group who you are", wait)
	term.Type(name)
	term.Press("enter")
	term.Type(org)
	term.Press("enter")
	term.WaitFor(t, landing, wait)
}

// eventually waits until the workshop's newest snapshot satisfies cond.
func eventually(t *testing.T, w *session.Workshop, what string, cond func(*session.Snapshot) bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond(w.Snapshot()) {
		if time.Now().After(deadline) {
			t.Fatalf("the workshop never reached: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rate answers the first willingness statements in order, one value each,
// and waits until the screen counts them.
func rate(t *testing.T, term *termtest.Term, values ...int) {
	t.Helper()
	for i, v := range values {
		if i > 0 {
			term.Press("down")
		}
		term.Press(strconv.Itoa(v))
		term.WaitFor(t, fmt.Sprintf("%d of %d answered", i+1, statements), wait)
	}
}

// comment adds a comment to the selected statement.
func comment(t *testing.T, term *termtest.Term, item int, text string) {
	t.Helper()
	term.Press("c")
	term.WaitFor(t, fmt.Sprintf("Comment on %d:", item+1), wait)
	term.Type(text)
	term.Press("enter")
}

// TestWillingnessCheck walks a facilitator and three participants from two
// organisations through the check-in and the whole willingness check.
func TestWillingnessCheck(t *testing.T) {
	e := start(t)
	w := e.workshop(t)

	fac := termtest.OpenSize(t, e.addr, e.code, e.fac, bigW, bigH)
	fac.WaitFor(t, "PRESENTER", wait)
	fac.WaitFor(t, "0 of 0 answered", wait)

	ada := e.arrive(t, "Ada", "Food Bank")
	ben := e.arrive(t, "Ben", "Food Bank")
	cleo := e.arrive(t, "Cleo", "City Council")
	people := []*person{ada, ben, cleo}
	fac.WaitFor(t, "3 of 3 here", wait)

	// Check-in: everyone answers; the round shows when revealed.
	for _, p := range people {
		p.term.Type("Hoping for fewer hungry kids, says " + p.name)
		p.term.Press("enter")
		p.term.WaitFor(t, "Your answer:", wait)
	}
	fac.WaitFor(t, "3 of 3 answered", wait)
	fac.Press("n") // Round: revealed to everyone
	ada.term.WaitFor(t, "says Cleo", wait)
	ada.term.WaitFor(t, "— Cleo (City Council)", wait)

	// Willingness check: answer phase.
	fac.Press("n")
	for _, p := range people {
		p.term.WaitFor(t, "Activity 2/2: Willingness check", wait)
	}
	// Ada blocks the third statement, Ben has a reservation on the second.
	rate(t, ada.term, 5, 4, 1)
	comment(t, ada.term, 2, "We lack staff for this")
	rate(t, ben.term, 4, 2, 3)
	ben.term.Press("up")
	comment(t, ben.term, 1, "The budget is unclear")
	rate(t, cleo.term, 3, 5, 4)
	eventually(t, w, "every answer and both comments stored", func(s *session.Snapshot) bool {
		a := exercises.AnswersOf(s.Activities[1].Data)
		return len(s.Responses(1)) == 9 &&
			a[ada.key.ID][2].Text == "We lack staff for this" && a[ben.key.ID][1].Text == "The budget is unclear"
	})

	// Before the reveal only the facilitator sees results.
	fac.WaitFor(t, "3 of 3 answered", wait)
	screen := fac.WaitFor(t, "hidden from participants", wait)
	if !strings.Contains(screen, "mean 4.0") {
		t.Errorf("the presenter does not show the live results:\n%s", screen)
	}
	for _, p := range people {
		screen := p.term.WaitFor(t, "Results appear here when the facilitator reveals them.", wait)
		if strings.Contains(screen, "mean ") || strings.Contains(screen, "Blockers") {
			t.Errorf("%s sees results before the reveal:\n%s", p.name, screen)
		}
	}

	// Reveal: distribution, mean and minimum per statement, organisation
	// profiles, blockers and reservations with their comments.
	fac.Press("n")
	fac.WaitFor(t, "revealed to participants", wait)
	for _, p := range people {
		screen := p.term.WaitFor(t, "Blockers (0–1): 1", wait)
		for _, want := range []string{
			"3 people answered",
			"mean 4.0 · minimum 3 can live with it · 3 answers", // 5, 4, 3
			"mean 3.7 · minimum 2 reservations · 3 answers",     // 4, 2, 5
			"mean 2.7 · minimum 1 serious concerns · 3 answers", // 1, 3, 4
			"5 will champion it",
			"City Council",
			"Food Bank",
			"Ada (Food Bank): “We lack staff for this”",
			"Reservations (2): 1",
			"Ben (Food Bank): “The budget is unclear”",
		} {
			if !strings.Contains(screen, want) {
				t.Errorf("%s's screen after the reveal lacks %q:\n%s", p.name, want, screen)
			}
		}
	}
	// The distribution of the first statement: one each of 3, 4 and 5.
	screen = ada.term.Screen()
	if !regexp.MustCompile(`(?m)^\s*3 can live with it\s+█+ 1$`).MatchString(screen) {
		t.Errorf("no bar with a count of 1 for value 3 on the first statement:\n%s", screen)
	}

	// Decide: the facilitator records the decision with conditions.
	fac.Press("n")
	fac.WaitFor(t, "press d to record the decision", wait)
	fac.Press("d")
	fac.WaitFor(t, "Record the decision", wait)
	fac.Press("2")
	fac.Type("Staff support for Food Bank by June")
	fac.Press("enter")
	for _, p := range people {
		p.term.WaitFor(t, "Proceed with conditions", wait)
		p.term.WaitFor(t, "Conditions: Staff support for Food Bank by June", wait)
	}

	// The hub holds what the screens showed.
	snap := w.Snapshot()
	act := snap.Activities[1]
	if act.Decision == nil || act.Decision.Outcome != exercises.ProceedConditions ||
		act.Decision.Conditions != "Staff support for Food Bank by June" {
		t.Errorf("decision = %+v, want proceed with conditions", act.Decision)
	}
	res := willingness.ResultOf(snap.Results(1))
	if res.Respondents != 3 || res.Statements[0].Min != 3 || res.Statements[2].Min != 1 {
		t.Errorf("willingness result = %+v", res)
	}
	if len(res.Orgs) != 2 || res.Orgs[0].Org != "City Council" || res.Orgs[1].People != 2 {
		t.Errorf("organisations = %+v, want City Council (1) and Food Bank (2)", res.Orgs)
	}
	if got := len(snap.Participants()); got != 3 {
		t.Errorf("%d participants, want 3", got)
	}
	for _, p := range people {
		if got := snap.People[p.key.ID]; got.Name != p.name || got.Org != p.org {
			t.Errorf("person %s = %+v", p.name, got)
		}
	}
}
