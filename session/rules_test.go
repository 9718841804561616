package session_test

import (
	"context"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestTimer(t *testing.T) {
	start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		steps   []session.SetTimer
		advance time.Duration // between steps
		running bool
		left    time.Duration // remaining at the end
	}{
		{"start", []session.SetTimer{{Op: session.TimerStart, Duration: 5 * time.Minute}}, time.Minute, true, 4 * time.Minute},
		{"pause keeps what is left", []session.SetTimer{{Op: session.TimerStart, Duration: 5 * time.Minute}, {Op: session.TimerPause}}, time.Minute, false, 4 * time.Minute},
		{"resume after pause", []session.SetTimer{{Op: session.TimerStart, Duration: 5 * time.Minute}, {Op: session.TimerPause}, {Op: session.TimerStart}}, time.Minute, true, 3 * time.Minute},
		{"extend a running timer", []session.SetTimer{{Op: session.TimerStart, Duration: 2 * time.Minute}, {Op: session.TimerExtend, Duration: time.Minute}}, time.Minute, true, time.Minute},
		{"extend a paused timer", []session.SetTimer{{Op: session.TimerStart, Duration: 2 * time.Minute}, {Op: session.TimerPause}, {Op: session.TimerExtend, Duration: time.Minute}}, time.Minute, false, 2 * time.Minute},
		{"clear", []session.SetTimer{{Op: session.TimerStart, Duration: 2 * time.Minute}, {Op: session.TimerClear}}, time.Second, false, 0},
		{"never negative", []session.SetTimer{{Op: session.TimerStart, Duration: time.Minute}}, 5 * time.Minute, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &clock{t: start}
			hub := session.NewHub(newStore(t), session.Options{Now: c.now})
			defer hub.Close()
			meta, err := hub.Create(session.NewWorkshop{Title: "T", Agenda: agenda(t, checkin.Kind), CreatedBy: facilitatorID})
			if err != nil {
				t.Fatal(err)
			}
			w, err := hub.Open(meta.Code)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.steps {
				do(t, w, facilitatorID, s)
				c.t = c.t.Add(tt.advance)
			}
			tm := w.Snapshot().Timer
			if tm.Running != tt.running || tm.Remaining(c.t) != tt.left {
				t.Fatalf("running %v, %v left; want %v, %v", tm.Running, tm.Remaining(c.t), tt.running, tt.left)
			}
		})
	}
}

func TestPhaseRules(t *testing.T) {
	const ana = "SHA256:ana"
	answer := exercises.SetAnswer{Activity: 1, Item: 0, Value: 4}
	tests := []struct {
		name     string
		setup    []session.Action // by the facilitator
		revealed bool
		code     string // of ana's answer; "" = accepted
	}{
		{"answer phase is open and hidden", []session.Action{session.Move{Activity: 1, Phase: 0}}, false, ""},
		{"not the current activity", nil, false, exercises.EClosed},
		{"locked", []session.Action{session.Move{Activity: 1, Phase: 0}, session.Lock{Activity: 1, On: true}}, false, exercises.EClosed},
		{"unlocked again", []session.Action{session.Move{Activity: 1, Phase: 0}, session.Lock{Activity: 1, On: true}, session.Lock{Activity: 1}}, false, ""},
		{"reveal phase shows results and closes input", []session.Action{session.Move{Activity: 1, Phase: 1}}, true, exercises.EClosed},
		{"facilitator hides in a reveal phase", []session.Action{session.Move{Activity: 1, Phase: 1}, session.Reveal{Activity: 1}}, false, exercises.EClosed},
		{"facilitator reveals early", []session.Action{session.Move{Activity: 1, Phase: 0}, session.Reveal{Activity: 1, On: true}}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, w := newWorkshop(t, newStore(t))
			do(t, w, ana, session.Join{Name: "Ana", Org: "Food Bank"})
			for _, a := range tt.setup {
				do(t, w, facilitatorID, a)
			}
			if got := w.Snapshot().Activities[1].Revealed; got != tt.revealed {
				t.Errorf("revealed = %v, want %v", got, tt.revealed)
			}
			_, err := w.Do(context.Background(), ana, answer)
			if got := exercises.ErrorCode(err); got != tt.code {
				t.Errorf("answer: err %v (code %q), want code %q", err, got, tt.code)
			}
		})
	}
}

func TestAnswerInput(t *testing.T) {
	const ana = "SHA256:ana"
	_, w := newWorkshop(t, newStore(t))
	if _, err := w.Do(context.Background(), ana, exercises.SetAnswer{Activity: 0, Text: "hi"}); exercises.ErrorCode(err) != exercises.EForbidden {
		t.Fatalf("answer before joining: %v", err)
	}
	do(t, w, ana, session.Join{Name: "Ana\x1b[31m", Org: "Food\u202eBank"})
	if p := w.Snapshot().People[ana]; p.Name != "Ana" || p.Org != "FoodBank" {
		t.Fatalf("profile not cleaned: %+v", p)
	}
	long := make([]byte, 1<<20)
	for i := range long {
		long[i] = 'x'
	}
	res := do(t, w, ana, exercises.SetAnswer{Activity: 0, Text: "\x1b]0;x\x07" + string(long)})
	if res.Notice == "" {
		t.Error("a cut answer gave no notice")
	}
	got := exercises.AnswersOf(w.Snapshot().Activities[0].Data)[ana][0].Text
	if len(got) != exercises.MaxTextLen || got[0] != 'x' {
		t.Fatalf("stored %d bytes starting %q", len(got), got[:min(len(got), 8)])
	}
	v := w.Snapshot().Version
	do(t, w, ana, exercises.SetAnswer{Activity: 0, Text: got})
	if w.Snapshot().Version != v {
		t.Error("the same answer again published a new version")
	}
}

// TestTimerDoesNotCarryOverToTheNextActivity: a move to another activity
// clears the timer, as a timer.set event in the log; a move between the
// phases of one activity keeps it.
func TestTimerDoesNotCarryOverToTheNextActivity(t *testing.T) {
	for _, tt := range []struct {
		name  string
		move  session.Move
		timer bool // the timer is still set after the move
	}{
		{"next phase keeps it", session.Move{Activity: 0, Phase: 1}, true},
		{"next activity clears it", session.Move{Activity: 1, Phase: 0}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(t)
			hub := session.NewHub(store, session.Options{})
			defer hub.Close()
			meta, err := hub.Create(session.NewWorkshop{Title: "T", Agenda: agenda(t, checkin.Kind, checkin.Kind), CreatedBy: facilitatorID})
			if err != nil {
				t.Fatal(err)
			}
			w, err := hub.Open(meta.Code)
			if err != nil {
				t.Fatal(err)
			}
			do(t, w, facilitatorID, session.SetTimer{Op: session.TimerStart, Duration: 5 * time.Minute})
			do(t, w, facilitatorID, tt.move)
			if got := w.Snapshot().Timer.Set(); got != tt.timer {
				t.Fatalf("timer set %v after %+v, want %v", got, tt.move, tt.timer)
			}
			evs, err := store.Events(w.ID())
			if err != nil {
				t.Fatal(err)
			}
			last := evs[len(evs)-1]
			if !tt.timer && (last.Type != session.EvTimerSet || string(last.Data) != `{"running":false,"left":0}`) {
				t.Fatalf("last event %s %s, want the timer cleared", last.Type, last.Data)
			}
			if tt.timer && last.Type != session.EvMoved {
				t.Fatalf("last event %s, want the move alone", last.Type)
			}
		})
	}
}
