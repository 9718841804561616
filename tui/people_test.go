package tui

import (
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// peopleFixture is a check-in with Ana, Ben and a guest joined and open.
func peopleFixture(t *testing.T) *fixture {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:ben", "Ben Ode", "City Council")
	f.join(session.GuestPrefix+"cy", "Cy Diaz", "Library")
	f.do(facID, session.Move{Phase: 0})
	f.do("SHA256:ana", exercises.SetAnswer{Activity: 0, Text: "Glad to be here"})
	return f
}

// TestPeoplePanel: u lists who joined, who is here and done, the guest;
// m mutes, and the muted participant's screen and commands say so.
func TestPeoplePanel(t *testing.T) {
	f := peopleFixture(t)
	sub, err := f.w.Subscribe("SHA256:ana") // Ana is here
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	waitPresent(t, f.w, "SHA256:ana")
	ana := f.connect("SHA256:ana", 100, 30)
	d := f.connect(facID, 120, 30)
	d.press("u")
	d.mustSee("People", "● ✓ Ana Lima (Food Bank)", "○ – Ben Ode (City Council)", "Cy Diaz (Library)  guest",
		"m mute/unmute", "x remove", "f co-facilitator", "h hand over", "esc close")
	d.press("down", "m")
	if !f.w.Snapshot().IsMuted("SHA256:ben") {
		t.Fatal("m did not mute the selected Ben")
	}
	d.mustSee("Input of Ben Ode paused.", "Ben Ode (City Council)  ⏸ muted")
	d.press("up", "m")
	if !f.w.Snapshot().IsMuted("SHA256:ana") {
		t.Fatal("m did not mute Ana")
	}
	ana.refresh()
	ana.mustSee(session.MutedText)
	ana.typeText("more")
	ana.press("enter")
	ana.mustSee(session.MutedText)
	d.press("m")
	ana.refresh()
	ana.press("enter") // what was refused is still there, and goes now
	ana.mustNotSee(session.MutedText)
	if r := f.w.Snapshot().Responses(0); len(r) != 1 || r[0].Answer.Text != "Glad to be heremore" {
		t.Errorf("answers %+v", r)
	}
	d.press("esc")
	d.mustNotSee("m mute/unmute")
}

// TestRemoveAsksForAMessageAndEndsTheirScreens: x asks for a message,
// then to confirm; the removed participant's screens end with it, and a
// new connection of theirs ends at once. Their answer stays.
func TestRemoveAsksForAMessageAndEndsTheirScreens(t *testing.T) {
	f := peopleFixture(t)
	ana := f.connect("SHA256:ana", 100, 30)
	d := f.connect(facID, 120, 30)
	d.press("u", "x")
	d.mustSee("Remove Ana Lima: a message they read as they leave", "enter continue", "esc cancel")
	d.typeText("Thanks Ana, see you next time.")
	d.press("enter")
	d.mustSee("Remove Ana Lima? Their screens end with: Thanks Ana, see you next time.", "enter remove")
	if _, gone := f.w.Snapshot().IsRemoved("SHA256:ana"); gone {
		t.Fatal("removed before the confirm")
	}
	d.press("enter")
	if msg, gone := f.w.Snapshot().IsRemoved("SHA256:ana"); !gone || msg != "Thanks Ana, see you next time." {
		t.Fatalf("removed %v with %q", gone, msg)
	}
	d.mustSee("Ana Lima was removed; what they gave stays.", "✗ removed")
	ana.refresh()
	if !ana.quit {
		t.Fatal("the removed participant's screen goes on")
	}
	ana.mustSee(session.RemovedText, "Thanks Ana, see you next time.", "What you gave stays")
	again := f.connect("SHA256:ana", 100, 30)
	if !again.quit {
		t.Fatal("a removed participant's new connection goes on")
	}
	again.mustSee(session.RemovedText)
	if n := len(f.w.Snapshot().Responses(0)); n != 1 {
		t.Errorf("%d answers, want Ana's kept", n)
	}
}

// TestEscBacksOutOfARemoval: esc at the message or the confirm removes
// nobody.
func TestEscBacksOutOfARemoval(t *testing.T) {
	f := peopleFixture(t)
	d := f.connect(facID, 120, 30)
	d.press("u", "x", "esc", "x", "enter", "esc")
	if _, gone := f.w.Snapshot().IsRemoved("SHA256:ana"); gone {
		t.Fatal("esc removed")
	}
	d.mustSee("x remove")
}

// TestCoFacilitatorAndHandOver: f makes Ben a co-facilitator, whose screen
// becomes the presenter; h hands over after a confirm, and the first
// facilitator, whom the workshop made one, takes part as a participant.
func TestCoFacilitatorAndHandOver(t *testing.T) {
	f := peopleFixture(t)
	ben := f.connect("SHA256:ben", 120, 30)
	d := f.connect(facID, 120, 30)
	d.press("u", "down", "f")
	if f.w.Snapshot().Role("SHA256:ben") != session.Facilitator {
		t.Fatal("f did not make Ben a facilitator")
	}
	d.mustSee("Ben Ode facilitates this workshop too.")
	ben.refresh()
	ben.mustSee("PRESENTER")
	d.press("up", "h")
	d.mustSee("Hand the facilitator's role over to Ana Lima?")
	d.press("enter")
	snap := f.w.Snapshot()
	if snap.Role("SHA256:ana") != session.Facilitator || snap.Role(facID) != session.Participant {
		t.Fatalf("roles: Ana %v, the first facilitator %v", snap.Role("SHA256:ana"), snap.Role(facID))
	}
	d.mustNotSee("PRESENTER")
	if _, joined := f.w.Snapshot().People[facID]; !joined {
		t.Error("the former facilitator did not join as a participant")
	}
}

// TestParticipantCorrectsTheirName: i opens the profile form filled in;
// enter saves the new name, esc goes back unchanged.
func TestParticipantCorrectsTheirName(t *testing.T) {
	f := peopleFixture(t)
	f.do(facID, session.Move{Phase: 1})
	ana := f.connect("SHA256:ana", 100, 30)
	ana.mustSee("i your name")
	ana.press("i")
	ana.mustSee("Correct how the group sees you", "Ana Lima", "esc back")
	ana.press("esc")
	ana.mustSee("i your name")
	ana.press("i")
	for range len("Ana Lima") {
		ana.press("backspace")
	}
	ana.typeText("Ana Lima-Soto")
	ana.press("enter", "enter")
	if got := f.w.Snapshot().People["SHA256:ana"].Name; got != "Ana Lima-Soto" {
		t.Fatalf("name %q", got)
	}
	ana.mustSee("Your name and organisation are updated.")
}

// waitPresent waits until the workshop counts the identity as here.
func waitPresent(t *testing.T, w *session.Workshop, id string) {
	t.Helper()
	for range 1000 {
		if w.Snapshot().Connected(id) {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal(id + " never counted as here")
}
