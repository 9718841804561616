package session_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/session"
)

const (
	ana   = "SHA256:ana"
	ben   = "SHA256:ben"
	boss  = "SHA256:boss" // a facilitator of the whole server
	guest = session.GuestPrefix + "cy"
)

// peopleWorkshop is a check-in + willingness workshop run by facilitatorID,
// on a server whose facilitators file names boss, with Ana, Ben and a
// guest joined and the check-in open.
func peopleWorkshop(t *testing.T) *session.Workshop {
	t.Helper()
	hub := session.NewHub(newStore(t), session.Options{IsFacilitator: func(id string) bool { return id == boss }})
	t.Cleanup(hub.Close)
	w := openNew(t, hub, "checkin", "willingness")
	do(t, w, ana, session.Join{Name: "Ana", Org: "Food Bank"})
	do(t, w, ben, session.Join{Name: "Ben", Org: "City Council"})
	do(t, w, guest, session.Join{Name: "Cy", Org: "Library"})
	do(t, w, boss, session.Join{Name: "Bo", Org: "Host"})
	return w
}

func TestPeopleRules(t *testing.T) {
	answer := exercises.SetAnswer{Activity: 0, Text: "hello"}
	type step struct {
		by   string
		a    session.Action
		code string // "" = accepted
	}
	tests := []struct {
		name  string
		steps []step
		check func(t *testing.T, s *session.Snapshot)
	}{
		{"a participant may not remove, mute or make facilitators", []step{
			{ana, session.Remove{Person: ben}, exercises.EForbidden},
			{ana, session.Mute{Person: ben, On: true}, exercises.EForbidden},
			{ana, session.AddFacilitator{Person: ana}, exercises.EForbidden},
			{ana, session.HandOver{To: ben}, exercises.EForbidden},
		}, nil},
		{"nobody of that identity", []step{
			{facilitatorID, session.Remove{Person: "SHA256:nobody"}, exercises.ENotFound},
			{facilitatorID, session.Mute{Person: "SHA256:nobody", On: true}, exercises.ENotFound},
			{facilitatorID, session.AddFacilitator{Person: "SHA256:nobody"}, exercises.ENotFound},
			{facilitatorID, session.HandOver{To: "SHA256:nobody"}, exercises.ENotFound},
		}, nil},
		{"a facilitator cannot be removed or muted", []step{
			{facilitatorID, session.Remove{Person: boss}, exercises.EInvalid},
			{facilitatorID, session.Mute{Person: boss, On: true}, exercises.EInvalid},
			{boss, session.HandOver{To: boss}, exercises.EInvalid},
		}, nil},
		{"removed: refused everything, input kept", []step{
			{ana, answer, ""},
			{facilitatorID, session.Remove{Person: ana, Message: "Thanks, Ana — we need the room now."}, ""},
			{facilitatorID, session.Remove{Person: ana}, ""}, // changes nothing more
			{ana, session.Join{Name: "Ana", Org: "Food Bank"}, exercises.EForbidden},
			{ana, session.Join{Name: "Ana B", Org: "Food Bank"}, exercises.EForbidden},
			{ana, exercises.SetAnswer{Activity: 0, Text: "again"}, exercises.EForbidden},
			{facilitatorID, session.Mute{Person: ana, On: true}, exercises.EInvalid},
			{facilitatorID, session.AddFacilitator{Person: ana}, exercises.EInvalid},
			{ben, answer, ""},
		}, func(t *testing.T, s *session.Snapshot) {
			if msg, ok := s.IsRemoved(ana); !ok || msg != "Thanks, Ana — we need the room now." {
				t.Errorf("removed %v with %q", ok, msg)
			}
			if n := len(s.Responses(0)); n != 2 {
				t.Errorf("%d answers, want Ana's and Ben's", n)
			}
		}},
		{"a guest can be removed", []step{
			{facilitatorID, session.Remove{Person: guest}, ""},
			{guest, answer, exercises.EForbidden},
		}, nil},
		{"muted: exercise input refused, name kept changeable", []step{
			{facilitatorID, session.Mute{Person: ana, On: true}, ""},
			{facilitatorID, session.Mute{Person: ana, On: true}, ""},
			{ana, answer, exercises.EForbidden},
			{ana, session.Join{Name: "Ana Lima", Org: "Food Bank"}, ""},
			{ben, answer, ""},
			{facilitatorID, session.Mute{Person: ana}, ""},
			{ana, answer, ""},
		}, func(t *testing.T, s *session.Snapshot) {
			if s.IsMuted(ana) || s.People[ana].Name != "Ana Lima" {
				t.Errorf("muted %v, name %q", s.IsMuted(ana), s.People[ana].Name)
			}
		}},
		{"a co-facilitator", []step{
			{facilitatorID, session.AddFacilitator{Person: ben}, ""},
			{facilitatorID, session.AddFacilitator{Person: ben}, ""},
			{ben, session.Move{Activity: 1, Phase: 0}, ""},
			{ben, session.Mute{Person: ana, On: true}, ""},
		}, func(t *testing.T, s *session.Snapshot) {
			if s.Role(ben) != session.Facilitator || s.Role(facilitatorID) != session.Facilitator {
				t.Error("both should facilitate")
			}
			if slices.ContainsFunc(s.Participants(), func(p exercises.Person) bool { return p.ID == ben }) {
				t.Error("Ben is still listed as a participant")
			}
		}},
		{"a workshop's facilitator hands over", []step{
			{facilitatorID, session.HandOver{To: ben}, ""},
			{facilitatorID, session.Move{Activity: 1, Phase: 0}, exercises.EForbidden},
			{ben, session.Move{Activity: 1, Phase: 0}, ""},
		}, func(t *testing.T, s *session.Snapshot) {
			if s.Role(ben) != session.Facilitator || s.Role(facilitatorID) != session.Participant {
				t.Errorf("roles: Ben %v, the first facilitator %v", s.Role(ben), s.Role(facilitatorID))
			}
		}},
		{"a server's facilitator hands over and keeps the role", []step{
			{boss, session.HandOver{To: ana}, ""},
			{boss, session.Move{Activity: 1, Phase: 0}, ""},
			{ana, session.Lock{Activity: 1, On: true}, ""},
		}, func(t *testing.T, s *session.Snapshot) {
			if s.Role(boss) != session.Facilitator || s.Role(ana) != session.Facilitator {
				t.Error("both should facilitate")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := peopleWorkshop(t)
			do(t, w, facilitatorID, session.Move{Activity: 0, Phase: 0})
			for i, s := range tt.steps {
				_, err := w.Do(context.Background(), s.by, s.a)
				if got := exercises.ErrorCode(err); got != s.code {
					t.Fatalf("step %d, %T by %s: err %v, want code %q", i, s.a, s.by, err, s.code)
				}
			}
			if tt.check != nil {
				tt.check(t, w.Snapshot())
			}
		})
	}
}

func TestPeopleMessages(t *testing.T) {
	w := peopleWorkshop(t)
	do(t, w, facilitatorID, session.Mute{Person: ana, On: true})
	_, err := w.Do(context.Background(), ana, exercises.SetAnswer{Activity: 0, Text: "hello"})
	if got := exercises.ErrorMessage(err); got != session.MutedText {
		t.Errorf("muted: %q, want %q", got, session.MutedText)
	}
	do(t, w, facilitatorID, session.Remove{Person: ben})
	_, err = w.Do(context.Background(), ben, session.Join{Name: "Ben", Org: "City Council"})
	if got := exercises.ErrorMessage(err); got != session.RemovedText {
		t.Errorf("removed: %q, want %q", got, session.RemovedText)
	}
	if res := do(t, w, boss, session.HandOver{To: guest}); !strings.Contains(res.Notice, "You stay a facilitator") {
		t.Errorf("the server's facilitator is told %q", res.Notice)
	}
	if res := do(t, w, facilitatorID, session.HandOver{To: ana}); !strings.Contains(res.Notice, "participant") {
		t.Errorf("the workshop's facilitator is told %q", res.Notice)
	}
}

// TestSomeoneRemovedIsNotCounted: progress counts those in the room, so
// nobody waits for someone the facilitator removed; they still took part.
func TestSomeoneRemovedIsNotCounted(t *testing.T) {
	w := peopleWorkshop(t)
	old := w.Snapshot()
	before := len(old.InTheRoom())
	do(t, w, facilitatorID, session.Remove{Person: ben})
	snap := w.Snapshot()
	if got := len(snap.InTheRoom()); got != before-1 {
		t.Errorf("%d in the room after a removal, want %d", got, before-1)
	}
	// Each snapshot computes its room once: the earlier one keeps its own.
	if got := len(old.InTheRoom()); got != before {
		t.Errorf("the snapshot before the removal now has %d in the room, want %d", got, before)
	}
	for _, p := range snap.InTheRoom() {
		if p.ID == ben {
			t.Error("the removed participant is still counted in the room")
		}
	}
	if !slices.ContainsFunc(snap.Participants(), func(p exercises.Person) bool { return p.ID == ben }) {
		t.Error("the removed participant no longer took part")
	}
}

// TestOnlyPeopleJoined tells a change of who has joined from every other
// change: after each action, the snapshot before and the one after.
func TestOnlyPeopleJoined(t *testing.T) {
	for _, c := range []struct {
		name string
		by   string
		a    session.Action
		only bool
	}{
		{"someone new joins", "SHA256:dee", session.Join{Name: "Dee", Org: "Clinic"}, true},
		{"someone renames themselves", ana, session.Join{Name: "Ana Lima", Org: "Food Bank"}, true},
		{"an answer", ana, exercises.SetAnswer{Activity: 0, Text: "hello"}, false},
		{"a reveal", facilitatorID, session.Reveal{Activity: 0, On: true}, false},
		{"a move", facilitatorID, session.Move{Activity: 1}, false},
		{"a mute", facilitatorID, session.Mute{Person: ben, On: true}, false},
		{"a removal", facilitatorID, session.Remove{Person: ben}, false},
		{"a new facilitator", facilitatorID, session.AddFacilitator{Person: ben}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := peopleWorkshop(t)
			before := w.Snapshot()
			do(t, w, c.by, c.a)
			after := w.Snapshot()
			if after.State == before.State {
				t.Fatal("the action changed nothing")
			}
			if got := session.OnlyPeopleJoined(before.State, after.State); got != c.only {
				t.Errorf("OnlyPeopleJoined = %v, want %v", got, c.only)
			}
		})
	}
	if session.OnlyPeopleJoined(nil, peopleWorkshop(t).Snapshot().State) {
		t.Error("a first snapshot is more than people joining")
	}
}
