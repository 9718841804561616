package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/session"
)

// TestMovingOnWhilePeopleAnswerAsksFirst: n, p, ] and [ in a phase that
// takes input move the room only when pressed twice while someone has not
// finished; the first press names who and how far they are, and any other
// key stays.
func TestMovingOnWhilePeopleAnswerAsksFirst(t *testing.T) {
	f := wallFixture(t)
	f.do("SHA256:ana", assumptions.AddCard{Text: "Families know which services exist"})
	f.do("SHA256:ben", assumptions.AddCard{Text: "Funders will wait"})
	f.do(facID, session.Move{Phase: ratePhase})
	f.do("SHA256:ana", assumptions.RateCard{Card: 1, Importance: 4, Evidence: 2})
	f.do("SHA256:ben", assumptions.RateCard{Card: 1, Importance: 4, Evidence: 2})
	f.do("SHA256:ben", assumptions.RateCard{Card: 2, Skip: true})
	d := f.connect(facID, 160, 40)
	phase := func() int { return f.w.Snapshot().CurrentActivity().Phase }

	for _, k := range []string{"n", "p"} {
		d.press(k)
		d.mustSee("3 people have not finished: Ana Lima (1 of 2), Cy Diaz (0 of 2), Di Park (0 of 2)",
			"press "+k+" again to move on", k+" move on")
		d.mustNotSee("Ben Ode (")
		if phase() != ratePhase {
			t.Fatalf("one %s moved the room to phase %d", k, phase())
		}
		d.press("j") // any other key stays
		d.mustSee("Staying in this phase.")
		d.mustNotSee("have not finished")
		if phase() != ratePhase {
			t.Fatalf("%s then j moved the room to phase %d", k, phase())
		}
	}
	d.press("n", "n")
	if phase() != mapPhase {
		t.Fatalf("n twice: phase %d, want the map", phase())
	}
	// The map takes no input: one key moves.
	d.press("p")
	if phase() != ratePhase {
		t.Fatalf("p from the map: phase %d, want rate", phase())
	}
}

// TestActivityKeysAskFirstToo: ] leaves an activity with answers missing
// only on the second press; once everyone is done one press moves.
func TestActivityKeysAskFirstToo(t *testing.T) {
	f := newFixture(t, checkin.Kind, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect(facID, 80, 24)
	d.press("]")
	d.mustSee("1 person has not finished: Ana Lima (0 of")
	if cur := f.w.Snapshot().Current; cur != 0 {
		t.Fatalf("one ] moved to activity %d", cur+1)
	}
	d.press("]")
	if cur := f.w.Snapshot().Current; cur != 1 {
		t.Fatalf("] twice: activity %d, want 2", cur+1)
	}
	for i := range f.w.Snapshot().Progress(1).Asked {
		f.do("SHA256:ana", exercises.SetAnswer{Activity: 1, Item: i, Text: "Fine"})
	}
	d.refresh()
	d.press("[")
	if cur := f.w.Snapshot().Current; cur != 0 {
		t.Fatalf("[ with everyone done: activity %d, want 1", cur+1)
	}
}

// TestTimerAsksForMinutes: t offers the activity's time box (else five
// minutes) and starts what is typed; space pauses and resumes, as the
// help line names it; + adds a minute and x clears.
func TestTimerAsksForMinutes(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	a, err := catalog.New(checkin.Kind)
	if err != nil {
		t.Fatal(err)
	}
	a.TimeBox = 12 * time.Minute
	meta, err := f.hub.Create(session.NewWorkshop{Title: "Boxed", Agenda: []exercises.Activity{a}, Facilitators: []string{facID}})
	if err != nil {
		t.Fatal(err)
	}
	boxed, err := f.hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}

	d := f.connect(facID, 80, 24)
	d.press("t")
	d.mustSee("Start the timer", "Minutes: 5", "enter start timer", "esc cancel")
	d.press("esc")
	d.mustNotSee("Start the timer")
	if f.w.Snapshot().Timer.Set() {
		t.Fatal("esc started the timer")
	}
	d.press("t", "backspace")
	d.typeText("x3")
	d.press("enter")
	d.mustSee("Give the minutes as a whole number")
	d.press("backspace", "backspace")
	d.typeText("3")
	d.press("enter")
	d.mustSee("⏱ 03:00", "space pause")
	d.press("space")
	d.mustSee("⏱ 03:00 paused", "space resume")
	d.press("space")
	d.mustSee("space pause")
	if tm := f.w.Snapshot().Timer; !tm.Running || tm.Left != 3*time.Minute {
		t.Fatalf("timer %+v, want 3 minutes running", tm)
	}
	d.press("+")
	d.mustSee("⏱ 04:00")
	d.press("x")
	d.mustNotSee("⏱")

	f.w = boxed
	d = f.connect(facID, 80, 24)
	d.press("t")
	d.mustSee("Minutes: 12")
}

// TestTimerBellRingsOnceForThePresenterOnly: at zero the presenter's
// terminal gets one BEL and the status says time is up; a participant's
// terminal gets none, and sees "time is up" in the header.
func TestTimerBellRingsOnceForThePresenterOnly(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.do(facID, session.SetTimer{Op: session.TimerStart, Duration: time.Minute})
	bells := func(d *driver) int {
		n := 0
		m := d.m.(*Model)
		m.now = func() time.Time { return t0.Add(2 * time.Minute) }
		for range 2 { // two ticks after zero: one bell
			var cmd tea.Cmd
			d.m, cmd = d.m.Update(tickMsg{})
			for _, msg := range d.collect(cmd) {
				if raw, ok := msg.(tea.RawMsg); ok && raw.Msg == "\a" {
					n++
				}
			}
		}
		return n
	}
	pres := f.connect(facID, 80, 24)
	if n := bells(pres); n != 1 {
		t.Fatalf("the presenter's terminal rang %d times, want once", n)
	}
	pres.mustSee("Time is up.", "time is up")
	ana := f.connect("SHA256:ana", 80, 24)
	if n := bells(ana); n != 0 {
		t.Fatalf("a participant's terminal rang %d times", n)
	}
	ana.mustSee("time is up")
}

// TestExportPanelNamesTheServersPort: the export panel prints the port
// the server listens on and its host, as the server passes them.
func TestExportPanelNamesTheServersPort(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	d := f.connect(facID, 80, 24)
	d.press("e")
	d.mustSee("ssh -p 2222 host export") // not known: the default port
	d.press("e")
	m := d.m.(*Model)
	m.opts.Host, m.opts.Port = "cg.example.org", 2301
	d.press("e")
	d.mustSee("ssh -p 2301 cg.example.org export "+f.w.Snapshot().Code, "--format md", "Over SSH:")
	d.press("e")
	m.opts.Port = 22
	d.press("e")
	d.mustSee("ssh cg.example.org export")
}
