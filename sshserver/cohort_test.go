package sshserver_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"commonground/cohort"
	"commonground/exercises"
	"commonground/internal/termtest"
	"commonground/session"
)

// testClock is the hub's clock in a test that moves it on between days.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// TestAcademyPrework walks a cohort through a session's prework over real
// SSH on a test clock: two members do the willingness check at their own
// pace on different days, in the lobby's self-paced mode (their answers
// hidden, the group's phases closed); the facilitator leaves a nudge,
// which the member who did nothing finds in their lobby; the live session
// opens on the activity with both answers there and hidden, the presenter
// says 2 of 3 did the prework and who did not, and the facilitator
// reveals them to the room.
func TestAcademyPrework(t *testing.T) {
	opens := time.Date(2027, 1, 7, 9, 0, 0, 0, time.UTC)
	due := time.Date(2027, 1, 13, 18, 0, 0, 0, time.UTC)
	clock := &testClock{t: opens.Add(-24 * time.Hour)}
	agenda := checkInAndWillingness(t)
	agenda[1].Prework = &exercises.Prework{Opens: opens, Due: due}
	e := startTuned(t, agenda, setup{hub: func(o *session.Options) { o.Now = clock.now }})
	w := e.workshop(t)

	cohorts := cohort.Of(e.hub)
	if _, err := cohorts.Create(cohort.New{Name: "riverside-2027", Title: "Riverside academy", TimeZone: "Europe/London", CreatedBy: e.fac.ID}); err != nil {
		t.Fatal(err)
	}
	ana, ben, cy := termtest.NewKey(), termtest.NewKey(), termtest.NewKey()
	for _, m := range []cohort.Member{
		{ID: ana.ID, Name: "Ana Ruiz", Org: "County Health", TimeZone: "America/Chicago"},
		{ID: ben.ID, Name: "Ben Okafor", Org: "City Council"},
		{ID: cy.ID, Name: "Cy Lind", Org: "Food Bank", TimeZone: "Europe/Berlin"},
	} {
		if _, err := cohorts.AddMember("riverside-2027", e.fac.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	snap := w.Snapshot()
	if _, err := cohorts.AddSession("riverside-2027", e.fac.ID, cohort.Session{Workshop: snap.ID, Code: snap.Code, Title: snap.Title, Starts: due.Add(21 * time.Hour)}); err != nil {
		t.Fatal(err)
	}

	// The day before it opens: the prework is listed, not open yet.
	early := termtest.OpenSize(t, e.addr, "ana", ana, bigW, bigH)
	screen := early.WaitFor(t, "Prework", wait)
	for _, want := range []string{"Ana Ruiz · County Health", "Riverside academy", "Thu 14 Jan 2027 09:00 CST · enter to join", "Willingness check · Partnership kickoff", "opens Thu 7 Jan 2027 03:00 CST"} {
		if !strings.Contains(screen, want) {
			t.Errorf("Ana's lobby before the prework opens lacks %q:\n%s", want, screen)
		}
	}
	early.Close()

	// Day 1: Ana does all of it, at her own pace, due in her time zone.
	clock.set(opens.Add(24 * time.Hour))
	anaTerm := termtest.OpenSize(t, e.addr, "ana", ana, bigW, bigH)
	anaTerm.WaitFor(t, "due Wed 13 Jan 2027 12:00 CST (in 5 days)", wait)
	anaTerm.WaitFor(t, "0 of 3 not started", wait)
	anaTerm.Press("down", "enter")
	screen = anaTerm.WaitFor(t, "At your own pace until Wed 13 Jan 2027 12:00 CST", wait)
	for _, want := range []string{"PREWORK", "Activity 2/2: Willingness check", "Results appear here when the facilitator reveals them."} {
		if !strings.Contains(screen, want) {
			t.Errorf("Ana's self-paced screen lacks %q:\n%s", want, screen)
		}
	}
	rate(t, anaTerm, 4, 1, 5)
	anaTerm.Press("ctrl+c")
	anaTerm.WaitFor(t, "3 of 3 done", wait)
	anaTerm.Close()

	// Day 3: Ben starts and leaves after one statement.
	clock.set(opens.Add(72 * time.Hour))
	benTerm := termtest.OpenSize(t, e.addr, "ben", ben, bigW, bigH)
	benTerm.WaitFor(t, "0 of 3 not started", wait)
	benTerm.Press("down", "enter")
	screen = benTerm.WaitFor(t, "At your own pace until Wed 13 Jan 2027 18:00 UTC", wait)
	if strings.Contains(screen, "[4]") || !strings.Contains(screen, "Results appear here when the facilitator reveals them.") {
		t.Errorf("Ben's self-paced screen shows Ana's answers:\n%s", screen)
	}
	rate(t, benTerm, 2)
	benTerm.Press("ctrl+c")
	benTerm.WaitFor(t, "1 of 3 in progress", wait)
	benTerm.Close()

	// The facilitator nudges over SSH; Cy, who did nothing, finds it.
	out, errOut, code := termtest.Run(t, e.addr, "", e.fac, `cohort nudge riverside-2027 --session `+snap.Code+` --activity 2 "Ten minutes before Thursday, please"`)
	if code != 0 || !strings.Contains(out, "the 2 members who have not done it will see it") {
		t.Fatalf("cohort nudge: exit %d\n%s%s", code, out, errOut)
	}
	cyTerm := termtest.OpenSize(t, e.addr, "cy", cy, bigW, bigH)
	screen = cyTerm.WaitFor(t, "From your facilitator, on Willingness check: Ten minutes before Thursday, please", wait)
	if !strings.Contains(screen, "due Wed 13 Jan 2027 19:00 CET") {
		t.Errorf("Cy's lobby does not show the due date in her time zone:\n%s", screen)
	}
	cyTerm.Close()
	show, errOut, code := termtest.Run(t, e.addr, "", e.fac, "cohort show riverside-2027 --format csv")
	for _, want := range []string{"Ana Ruiz,County Health,done,3,3", "Ben Okafor,City Council,in progress,1,3", "Cy Lind,Food Bank,not started,0,3"} {
		if code != 0 || !strings.Contains(show, want) {
			t.Errorf("cohort show --format csv lacks %q: exit %d\n%s%s", want, code, show, errOut)
		}
	}

	// Past the due date Ben's next answer is refused, and kept.
	clock.set(due.Add(time.Minute))
	benTerm = termtest.OpenSize(t, e.addr, "ben", ben, bigW, bigH)
	screen = benTerm.WaitFor(t, "Prework", wait)
	if strings.Contains(screen, "Willingness check · Partnership kickoff") {
		t.Errorf("a prework past its due date is still offered:\n%s", screen)
	}
	benTerm.Close()

	// The live session: the facilitator reaches the activity; both
	// answers are there, hidden; the presenter counts the prework.
	clock.set(due.Add(21 * time.Hour))
	e.moveTo(t, 1, 0)
	fac := termtest.OpenSize(t, e.addr, e.code, e.fac, bigW, bigH)
	screen = fac.WaitFor(t, "2 of 3 did the prework", wait)
	if !strings.Contains(screen, "not yet: Cy Lind") || !strings.Contains(screen, "hidden from participants") {
		t.Errorf("the presenter does not say who did not do the prework, or shows the results:\n%s", screen)
	}
	if got := len(w.Snapshot().Responses(1)); got != 4 {
		t.Errorf("%d prework answers in the live session, want Ana's 3 and Ben's 1", got)
	}
	anaTerm = termtest.OpenSize(t, e.addr, "ana", ana, bigW, bigH)
	anaTerm.WaitFor(t, "Partnership kickoff · live now", wait)
	anaTerm.Press("enter")
	screen = anaTerm.WaitFor(t, "Activity 2/2: Willingness check", wait)
	if !strings.Contains(screen, "[4]") || !strings.Contains(screen, "Results appear here when the facilitator reveals them.") {
		t.Errorf("Ana's live screen lacks her prework, or shows results before the reveal:\n%s", screen)
	}
	// Ben and Cy have not finished: the reveal asks first.
	fac.Press("r")
	fac.WaitFor(t, "Press r again to reveal", wait)
	fac.Press("r")
	eventually(t, w, "the prework revealed", func(s *session.Snapshot) bool { return s.Activities[1].Revealed })
	anaTerm.WaitFor(t, "At a glance", wait)
}

// TestInviteCodeJoinsTheCohort: a key nobody knows comes with the
// cohort's invite code, gives a name and an organisation, is a member,
// and from then on finds the lobby with no code at all; a keyless
// connection is told it needs a key, and someone in no cohort how to join
// a workshop.
func TestInviteCodeJoinsTheCohort(t *testing.T) {
	e := start(t)
	cohorts := cohort.Of(e.hub)
	st, err := cohorts.Create(cohort.New{Name: "eastside", Title: "Eastside academy", CreatedBy: e.fac.ID})
	if err != nil {
		t.Fatal(err)
	}
	snap := e.workshop(t).Snapshot()
	if _, err := cohorts.AddSession("eastside", e.fac.ID, cohort.Session{Workshop: snap.ID, Code: snap.Code, Title: snap.Title, Starts: time.Now().Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	dee := termtest.NewKey()
	term := termtest.OpenSize(t, e.addr, st.Invite, dee, bigW, bigH)
	term.WaitFor(t, "Welcome to Eastside academy", wait)
	term.Type("Dee Park\x1b[31m")
	term.Press("enter")
	term.Type("Riverside Food Bank")
	term.Press("enter")
	screen := term.WaitFor(t, "Partnership kickoff ·", wait)
	if !strings.Contains(screen, "Dee Park · Riverside Food Bank") || !strings.Contains(screen, "enter to join") {
		t.Errorf("Dee's lobby after joining:\n%s", screen)
	}
	term.Press("enter") // join the session: the cohort gave her name, no form
	term.WaitFor(t, "Activity 1/2: Check-in", wait)
	term.Close()
	st, _ = cohorts.Get("eastside")
	if m, ok := st.Member(dee.ID); !ok || m.Name != "Dee Park" || m.Org != "Riverside Food Bank" {
		t.Errorf("Dee in the cohort: %+v %v", m, ok)
	}
	again := termtest.OpenSize(t, e.addr, "dee", dee, bigW, bigH)
	again.WaitFor(t, "Eastside academy", wait)
	again.Close()

	if _, out, _ := termtest.Shell(t, e.addr, st.Invite, termtest.Keyless); !strings.Contains(out, "connect with your SSH key") {
		t.Errorf("a keyless connection with the invite code is told %q", out)
	}
	if _, out, _ := termtest.Shell(t, e.addr, "someone", termtest.NewKey()); !strings.Contains(out, "To join a workshop, put its join code in front of the address") {
		t.Errorf("a key in no cohort is told %q", out)
	}
}
