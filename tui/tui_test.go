package tui

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/session"
)

func TestNewParticipantFillsProfileAndJoins(t *testing.T) {
	f := newFixture(t, checkin.Kind, willingness.Kind)
	d := f.connect("SHA256:ana", 80, 24)
	d.mustSee("Welcome to Partnership kickoff", "Display name", "Organisation")

	d.press("tab", "enter") // the last field, still empty
	d.mustSee("Please give a display name.")

	d.typeText("Ana Lima")
	d.press("enter")
	d.typeText("Food Bank")
	d.press("enter")

	got := f.w.Snapshot().People["SHA256:ana"]
	if got.Name != "Ana Lima" || got.Org != "Food Bank" {
		t.Fatalf("joined as %+v", got)
	}
	p, err := f.hub.Profile("SHA256:ana")
	if err != nil || p.Name != "Ana Lima" || p.Org != "Food Bank" {
		t.Fatalf("profile %+v, %v", p, err)
	}
	d.mustSee("Activity 1/2: Check-in", "Phase 1/2: Answer", "what do you hope this partnership will change?")
	d.mustNotSee("Display name")
}

func TestReturningParticipantLandsOnCurrentStepWithOwnAnswers(t *testing.T) {
	f := newFixture(t, checkin.Kind, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.do(facID, session.Move{Activity: 1})
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 1, Item: 2, Value: 4, Text: "if the board agrees"})

	d := f.connect("SHA256:ana", 80, 24)
	d.mustNotSee("Display name")
	d.mustSee("Activity 2/2: Willingness check", "[4] ✎ 3. We see clear value for us", "1 of 9 answered")
}

func TestKeylessGuestGetsPINAndRejoinsWithIt(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	d := f.connect("", 80, 24)
	d.mustSee("You joined without an SSH key. Type your rejoin PIN, or press Enter to join")

	d.press("enter")
	pin := regexp.MustCompile(`Your rejoin PIN is ([0-9A-Z]{4}-[0-9A-Z]{4}) — note it to get back in as yourself`).FindStringSubmatch(d.screen())
	if pin == nil {
		t.Fatalf("no PIN shown:\n%s", d.screen())
	}
	if len(d.attached) != 0 {
		t.Fatal("attached before the guest saw their PIN")
	}
	d.press("enter")
	if len(d.attached) != 1 || !strings.HasPrefix(d.attached[0], "guest:") {
		t.Fatalf("attached %v", d.attached)
	}
	d.mustSee("Display name")
	d.typeText("Cy")
	d.press("tab")
	d.typeText("Youth Club")
	d.press("enter")
	d.mustSee("Activity 1/1: Check-in")

	again := f.connect("", 80, 24)
	again.typeText(pin[1])
	again.press("enter")
	if len(again.attached) != 1 || again.attached[0] != d.attached[0] {
		t.Fatalf("rejoined as %v, want %v", again.attached, d.attached)
	}
	again.mustNotSee("Display name")
	again.mustSee("Activity 1/1: Check-in")
}

// TestWrongPINStaysOnTheForm shows what the hub says of a PIN that is not
// a PIN and of a wrong one, where the PIN is typed; the form stays, to
// type another or to join as a new guest.
func TestWrongPINStaysOnTheForm(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	d := f.connect("", 80, 24)
	d.typeText("12")
	d.press("enter")
	d.mustSee("A rejoin PIN has eight letters and digits, like K7WQ-M3XD")
	d.typeText("34-5678")
	d.press("enter")
	d.mustSee("That PIN is not known in this workshop.", "PIN: K7WQ-M3XD") // the input is empty again
	if d.quit || len(d.attached) != 0 {
		t.Fatalf("a wrong PIN: quit %v, attached %v", d.quit, d.attached)
	}
	d.press("enter")
	d.mustSee("Your rejoin PIN is ")
}

func TestWillingnessAnswersAreSavedInTheHub(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	answer := func(item int) (exercises.Answer, bool) {
		a, ok := exercises.AnswersOf(f.w.Snapshot().Activities[0].Data)["SHA256:ana"][item]
		return a, ok
	}

	d.press("down", "4")
	if a, ok := answer(1); !ok || a.Value != 4 {
		t.Fatalf("statement 2: %+v %v", a, ok)
	}
	d.mustSee("[4]   2. We know our parameters for engaging", "1 of 9 answered")

	d.press("right", "c")
	d.typeText("We need a budget line")
	d.press("enter")
	if a, _ := answer(1); a.Value != 5 || a.Text != "We need a budget line" {
		t.Fatalf("statement 2 after comment: %+v", a)
	}
	d.mustSee("[5] ✎ 2. We know our parameters for engaging")

	d.press("up", "c")
	d.mustSee("Comment on 1:")
	d.press("esc")
	d.mustNotSee("Comment on 1:")

	f.do(facID, session.Lock{Activity: 0, On: true})
	d.refresh()
	d.mustSee("The facilitator paused input.")
	d.press("3")
	if _, ok := answer(0); ok {
		t.Fatal("answer saved while input was paused")
	}
}

func TestCheckInAnswerCanBeEdited(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	d.typeText("More kids fed")
	d.press("enter")
	d.mustSee("Your answer:", "More kids fed", "saved · to change it, edit it above")
	// The input holds the answer: editing starts from it.
	d.press("backspace", "backspace")
	d.typeText("ed and warm")
	d.mustSee("edited · press Enter to save your changes")
	d.press("enter")
	if a := exercises.AnswersOf(f.w.Snapshot().Activities[0].Data)["SHA256:ana"][0]; a.Text != "More kids fed and warm" {
		t.Fatalf("answer %+v", a)
	}
	d.mustSee("saved · to change it")
}

func TestResultsAreHiddenUntilRevealed(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:bo", "Bo Chen", "City Council")
	f.do("SHA256:bo", exercises.SetAnswer{Activity: 0, Item: 2, Value: 0, Text: "No budget this year"})
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Item: 2, Value: 2})

	d := f.connect("SHA256:ana", 100, 140)
	d.mustSee("Results appear here when the facilitator reveals them.")
	d.mustNotSee("Blockers", "No budget this year", "mean")

	f.do(facID, session.Reveal{Activity: 0, On: true})
	d.refresh()
	d.mustSee("2 people answered", "3. We see clear value for us", "mean 1.0 · minimum 0 I block · 2 answers",
		"By organisation", "City Council", "Blockers (0–1): 1", "Bo Chen (City Council): “No budget this year”",
		"Reservations (2): 1", "Ana Lima (Food Bank)")
}

func TestResultsScrollInASmallTerminal(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Item: 0, Value: 3})
	f.do(facID, session.Move{Activity: 0, Phase: 1}) // reveal phase
	d := f.connect("SHA256:ana", 80, 24)
	d.mustSee("lines 1–", "At a glance", "1. Our mission resonates with this goal")
	d.press("pgdown", "pgdown")
	d.mustNotSee("lines 1–", "At a glance")
	d.press("pgup", "pgup")
	d.mustSee("lines 1–")
}

func TestPresenterSeesParticipation(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:bo", "Bo Chen", "City Council")
	f.join("SHA256:cy", "Cy Diaz", "Youth Club")
	for item := range 9 {
		f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Item: item, Value: 4})
	}
	for item := range 3 {
		f.do("SHA256:bo", exercises.SetAnswer{Activity: 0, Item: item, Value: 2})
	}
	sub, err := f.w.Subscribe("SHA256:ana")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	waitForPresence(t, f.w, "SHA256:ana")

	d := f.connect(facID, 80, 24)
	d.mustSee("PRESENTER", "1 of 3 answered", "1 of 3 here", "● ✓", "Ana Lima", "○ 3/9", "Bo Chen",
		"hidden from participants", "Live results")
	d.mustNotSee("Display name")
	// The facilitator joins, so that the log says who facilitated, but
	// is not a participant: no count includes them.
	snap := f.w.Snapshot()
	if _, ok := snap.People[facID]; !ok {
		t.Error("the facilitator's name is not in the workshop")
	}
	if slices.ContainsFunc(snap.Participants(), func(p exercises.Person) bool { return p.ID == facID }) {
		t.Fatal("the facilitator joined as a participant")
	}
}

func TestPresenterControls(t *testing.T) {
	f := newFixture(t, checkin.Kind, willingness.Kind)
	d := f.connect(facID, 80, 24)
	pos := func() (int, int) {
		s := f.w.Snapshot()
		return s.Current, s.CurrentActivity().Phase
	}
	steps := []struct {
		key           string
		activity, ph  int
		screenContent string
	}{
		{"n", 0, 1, "Phase 2/2: Round"},
		{"n", 1, 0, "Activity 2/2: Willingness check"},
		{"p", 0, 1, "Activity 1/2: Check-in"},
		{"]", 1, 0, "Phase 1/3: Answer"},
		{"[", 0, 1, "Phase 2/2: Round"},
		{"]", 1, 0, "Phase 1/3: Answer"},
	}
	for _, st := range steps {
		d.press(st.key)
		if a, ph := pos(); a != st.activity || ph != st.ph {
			t.Fatalf("after %s: activity %d phase %d, want %d %d", st.key, a, ph, st.activity, st.ph)
		}
		d.mustSee(st.screenContent)
	}

	d.press("r") // input is open: it asks first
	d.mustSee("Input open: late answerers")
	d.press("r")
	if !f.w.Snapshot().Activities[1].Revealed {
		t.Fatal("r r did not reveal")
	}
	d.mustSee("revealed to participants")
	d.press("l")
	if !f.w.Snapshot().Activities[1].Locked {
		t.Fatal("l did not lock")
	}
	d.mustSee("input paused")
	d.press("a")
	if a := f.w.Snapshot().Activities[1].Activity.Anonymity; a != exercises.Organisation {
		t.Fatalf("anonymity %s", a)
	}

	d.press("t") // asks for the minutes, offering the default
	d.mustSee("Minutes: 5")
	d.press("enter")
	d.mustSee("⏱ 05:00")
	d.press("space")
	d.mustSee("⏱ 05:00 paused")
	d.press("+")
	d.mustSee("⏱ 06:00 paused")
	d.press("x")
	d.mustNotSee("⏱")

	d.press("d")
	d.mustSee("Decisions are recorded in a Decide phase")
	d.press("n", "n", "d")
	d.mustSee("Record the decision")
	d.press("2")
	d.typeText("A budget line by May")
	d.press("enter")
	dec := f.w.Snapshot().Activities[1].Decision
	if dec == nil || dec.Outcome != exercises.ProceedConditions || dec.Conditions != "A budget line by May" {
		t.Fatalf("decision %+v", dec)
	}
	d.mustNotSee("Record the decision")
	d.mustSee("Proceed with conditions", "Conditions: A budget line by May")

	d.press("e")
	d.mustSee("commonground export "+f.w.Snapshot().Code+" --format md", "ssh -p 2222 host export")
	d.press("n")
	d.mustSee("This is the last phase of the agenda.")
}

func TestScreenModeFollowsAnonymity(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:bo", "Bo Chen", "City Council")
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Item: 0, Text: "More kids fed"})
	d := f.connect(facID, 80, 24)

	d.press("s")
	d.mustSee("Waiting for answers: 1 of 2")
	d.mustNotSee("More kids fed", "PRESENTER", "reveal")

	d.press("n") // Bo has not answered: the move waits for n again, named by count only
	d.mustSee("1 person has not finished — press n again to move on")
	d.mustNotSee("Bo Chen")
	d.press("n") // the round reveals; the presenter's keys work unseen
	d.mustSee("More kids fed", "Ana Lima (Food Bank)")

	d.press("a") // organisation only
	d.mustSee("More kids fed", "Food Bank")
	d.mustNotSee("Ana Lima")

	d.press("a") // anonymous
	d.mustSee("More kids fed")
	d.mustNotSee("Ana Lima", "Food Bank")

	d.press("esc") // the presenter always sees who said what
	d.mustSee("PRESENTER", "More kids fed", "Ana Lima (Food Bank)", "you still see names")

	p := f.connect("SHA256:bo", 80, 24)
	p.mustSee("More kids fed")
	p.mustNotSee("Ana Lima", "Food Bank")
}

func TestSmallTerminalAsksToEnlarge(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 60, 20)
	d.mustSee("Please enlarge your terminal to at least 80×24 (now 60×20)")
	d.mustNotSee("Check-in")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 23})
	d.mustSee("(now 80×23)")
	d.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	d.mustNotSee("Please enlarge")
	d.mustSee("Activity 1/1: Check-in")
}

func TestClosingServerIsAnnounced(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	f.close()
	d.refresh()
	d.mustSee("The server is restarting — reconnect in a moment")
}

func TestActionErrorsShowInTheStatusLine(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	d := f.connect("SHA256:ana", 80, 24)
	// The facilitator closes input after this participant's view last
	// updated: the hub refuses the answer and says why.
	f.do(facID, session.Move{Activity: 0, Phase: 1})
	d.typeText("Late answer")
	d.press("enter")
	d.mustSee("✗ input is closed for \"Check-in\" right now")
}

func TestParticipantsShareRenderedResults(t *testing.T) {
	f := newFixture(t, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:bo", "Bo Chen", "City Council")
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Item: 0, Value: 3})
	f.do(facID, session.Reveal{Activity: 0, On: true})
	a := f.connect("SHA256:ana", 80, 24).m.(*Model)
	b := f.connect("SHA256:bo", 80, 24).m.(*Model)
	la, lb := a.resultLines(0, 80, audPublic, drawWillingness), b.resultLines(0, 80, audPublic, drawWillingness)
	if len(la) == 0 || &la[0] != &lb[0] {
		t.Fatal("two participants at one width rendered the results twice")
	}
	// A presence change makes a new snapshot of the same state: no redraw.
	sub, err := f.w.Subscribe("SHA256:ana")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	waitForPresence(t, f.w, "SHA256:ana")
	a.snap = f.w.Snapshot()
	if lc := a.resultLines(0, 80, audPublic, drawWillingness); &lc[0] != &la[0] {
		t.Fatal("a presence change redrew the results")
	}
}

// waitForPresence waits until the owner has counted a subscription: the
// hub applies presence asynchronously.
func waitForPresence(t *testing.T, w *session.Workshop, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !w.Snapshot().Connected(id) {
		if ctx.Err() != nil {
			t.Fatal("presence never arrived")
		}
		time.Sleep(time.Millisecond)
	}
}

// BenchmarkView measures what every connection pays after every message.
func BenchmarkView(b *testing.B) {
	f := newFixture(b, willingness.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:bo", "Bo Chen", "City Council")
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Item: 0, Value: 3})
	f.do("SHA256:bo", exercises.SetAnswer{Activity: 0, Item: 0, Value: 1, Text: "No budget"})
	f.do(facID, session.Reveal{Activity: 0, On: true})
	for _, c := range []struct {
		name string
		id   string
	}{{"participant", "SHA256:ana"}, {"presenter", facID}} {
		b.Run(c.name, func(b *testing.B) {
			d := f.connect(c.id, 80, 24)
			for b.Loop() {
				_ = d.m.View()
			}
		})
	}
}

// BenchmarkConnectionMemory reports the heap one connection keeps (B/conn):
// its model, once connected on an 80×24 terminal, with the small test
// driver around it. The hub and the snapshot, which all connections share,
// are left out. Run it with a fixed count, so that every figure is an
// average over as many connections:
//
//	go test -run '^$' -bench ConnectionMemory -benchtime 1000x ./tui
func BenchmarkConnectionMemory(b *testing.B) {
	for _, c := range []struct {
		name string
		kind exercises.Kind
		id   string
	}{
		{"guest", checkin.Kind, ""},
		{"willingness", willingness.Kind, "SHA256:ana"},
		{"check-in", checkin.Kind, "SHA256:ana"},
		{"assumptions", assumptions.Kind, "SHA256:ana"},
		{"presenter", willingness.Kind, facID},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := newFixture(b, c.kind)
			if c.id != "" && c.id != facID {
				f.join(c.id, "Ana Lima", "Food Bank")
			}
			var conns []*driver
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for b.Loop() {
				conns = append(conns, f.connect(c.id, 80, 24))
			}
			// Each join made a new snapshot: give every connection the
			// latest, as the forwarder would, so that one is counted once.
			for _, d := range conns {
				d.refresh()
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(len(conns)), "B/conn")
			runtime.KeepAlive(conns)
		})
	}
}

// BenchmarkAnswerFrame is what each participant's connection pays when
// someone's new check-in answer arrives, as in the load tool's room: the
// snapshot's Update and the View that follows, for a participant whose
// input is open, with 30 answers revealed. It alternates between two
// snapshots, so that the results, drawn once per state for the whole room,
// are shared as they are in a room.
func BenchmarkAnswerFrame(b *testing.B) {
	f := newFixture(b, checkin.Kind)
	for i := range 31 {
		f.join(fmt.Sprintf("SHA256:p%d", i), fmt.Sprintf("load %d", i), fmt.Sprintf("Org %d", i%7))
	}
	for i := range 29 {
		f.do(fmt.Sprintf("SHA256:p%d", i+1), exercises.SetAnswer{Activity: 0, Text: fmt.Sprintf("load answer %d", i+1)})
	}
	f.do(facID, session.Reveal{Activity: 0, On: true})
	before := f.w.Snapshot()
	f.do("SHA256:p30", exercises.SetAnswer{Activity: 0, Text: "load answer 30"})
	after := f.w.Snapshot()
	d := f.connect("SHA256:p0", 80, 24)
	snaps := []*session.Snapshot{before, after}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		d.m, _ = d.m.Update(SnapshotMsg{Snap: snaps[i%2]})
		_ = d.m.View()
		i++
	}
}
