package loadtest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/internal/termclient"
	"commonground/loadtest"
	"commonground/session"
	"commonground/sshserver"
)

// TestRunAgainstARealServer runs the load tool, small, against a real
// server, reading screens through emulators and in the light mode: every
// participant connects and completes its profile, every reading
// participant sees every change, and the figures are filled in.
func TestRunAgainstARealServer(t *testing.T) {
	for _, light := range []bool{false, true} {
		mode := map[bool]string{false: "screens", true: "light"}[light]
		t.Run(mode, func(t *testing.T) { runAgainstARealServer(t, light, mode) })
	}
}

func runAgainstARealServer(t *testing.T, light bool, mode string) {
	dir := t.TempDir()
	store, err := session.OpenBolt(filepath.Join(dir, "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	hub := session.NewHub(store, session.Options{})
	fac, err := termclient.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	checkIn, err := catalog.New(checkin.Kind)
	if err != nil {
		t.Fatal(err)
	}
	meta, err := hub.Create(session.NewWorkshop{Title: "Load", Agenda: []exercises.Activity{checkIn}, Facilitators: []string{fac.ID}})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sshserver.New(sshserver.Config{Addr: "127.0.0.1:0", HostKeyPath: filepath.Join(dir, "ssh", "host"), Hub: hub})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()

	res, err := loadtest.Run(context.Background(), loadtest.Config{
		Addr: srv.Addr().String(), Code: meta.Code, Participants: 6, Slow: 1,
		Duration: 500 * time.Millisecond, Changes: 3, ChangeTimeout: 20 * time.Second,
		Facilitator: fac.Signer, Light: light, PID: os.Getpid(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.ConnectFailed != 0 || res.Connect.N != 6 {
		t.Errorf("connect: %d failed, %d measured (%s)", res.ConnectFailed, res.Connect.N, res.FirstError)
	}
	if res.Changes != 3 || res.Missed != 0 || res.Fanout.N != 3*6 {
		t.Errorf("fan-out: %d changes, %d missed, %d measured", res.Changes, res.Missed, res.Fanout.N)
	}
	if res.BytesPerChange <= 0 {
		t.Errorf("bytes per change = %v: the screens changed, so bytes arrived", res.BytesPerChange)
	}
	// Three answers, by three participants, each timed on the screens of
	// those who have not answered yet: 5, 4 and 3 of them.
	if res.Answers != 3 || res.AnswersMissed != 0 || res.AnswerFanout.N != 5+4+3 || res.AnswersSkipped != "" {
		t.Errorf("answers: %d answered, %d missed, %d measured, skipped: %q", res.Answers, res.AnswersMissed, res.AnswerFanout.N, res.AnswersSkipped)
	}
	if res.BytesPerAnswer <= 0 {
		t.Errorf("bytes per answer = %v: the counts changed, so bytes arrived", res.BytesPerAnswer)
	}
	// The first to answer replaces their answer three times, timed on the
	// five other screens.
	if res.Replaced != 3 || res.ReplacedMissed != 0 || res.ReplaceFanout.N != 3*5 || res.BytesPerReplace <= 0 {
		t.Errorf("replaced: %d replaced, %d missed, %d measured, %.0f B each", res.Replaced, res.ReplacedMissed, res.ReplaceFanout.N, res.BytesPerReplace)
	}
	// The server runs in this process, so its CPU is this test's.
	if res.CPUPerChangeReceiver <= 0 || res.CPUPerAnswerReceiver <= 0 || res.CPUPerReplaceReceiver <= 0 {
		t.Errorf("CPU per receiver: %.1f / %.1f / %.1f µs, want each measured", res.CPUPerChangeReceiver, res.CPUPerAnswerReceiver, res.CPUPerReplaceReceiver)
	}
	if res.Mode != mode {
		t.Errorf("mode %q, want %q", res.Mode, mode)
	}
	snap, err := hub.Read(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(snap.Participants()); got != 7 {
		t.Errorf("%d participants joined the workshop, want 7 (6 reading, 1 slow)", got)
	}
	answers := exercises.AnswersOf(snap.Activities[0].Data)
	if got := len(answers); got != 3 {
		t.Errorf("the check-in holds %d answers, want the 3 the load tool typed", got)
	}
	var replaced bool
	for _, a := range answers {
		replaced = replaced || a[0].Text == "load answer 1, take 4"
	}
	if !replaced {
		t.Errorf("no answer holds the last replacement: %v", answers)
	}
}
