package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"commonground/exercises"
	"commonground/internal/termtest"
)

// TestRestart stops the server with SIGTERM, as a service manager does,
// while a facilitator and participants are connected: each sees that the
// server is restarting, and the process exits with status 0 — which it
// does only when every connection ended within its shutdownTimeout (5 s),
// since Shutdown fails otherwise. Started again on the same data, the
// server resumes the workshop at the same step with every answer.
func TestRestart(t *testing.T) {
	srv, data, home, room := checkedIn(t)
	code := srv.codes[0]
	presenter, pa, pb, ana := room.presenter, room.pa, room.pb, room.ana
	// On to the willingness check: the second participant has not
	// answered, so the move waits for ] again.
	presenter.Press("]")
	presenter.WaitFor(t, "1 person has not finished: Ben (0 of 1)", wait)
	presenter.Press("]")
	pa.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	pb.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	pa.Press("4")
	pa.WaitFor(t, "Saved: 4", wait)

	stopping := time.Now()
	srv.stop(t) // SIGTERM; fails the test unless the exit status is 0
	t.Logf("the server stopped %v after SIGTERM", time.Since(stopping).Round(time.Millisecond))
	for _, term := range []*termtest.Term{presenter, pa, pb} {
		term.WaitForFarewell(t, "The server is restarting", wait)
	}

	srv = startServer(t, data, home)
	again := termtest.Open(t, srv.addr(), code, ana)
	screen := again.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	if !strings.Contains(screen, "[4]") {
		t.Errorf("after the restart Ana's answer is not on her screen:\n%s", screen)
	}
	again.Close()
	srv.stop(t)

	snap := readStore(t, data, code)
	if snap.Current != 1 {
		t.Errorf("the workshop is on activity %d after the restart, want 2", snap.Current+1)
	}
	if got := exercises.AnswersOf(snap.Activities[0].Data)[ana.ID][0].Text; got != "Clean rivers for everyone" {
		t.Errorf("Ana's check-in is %q", got)
	}
	if got := exercises.AnswersOf(snap.Activities[1].Data)[ana.ID]; len(got) != 1 || got[0].Value != 4 {
		t.Errorf("Ana's willingness answers are %v, want 4 on the first statement", got)
	}
}

// TestLimitsFromEnvironment runs a server whose limit comes from the
// environment and checks that the server applies it.
func TestLimitsFromEnvironment(t *testing.T) {
	home := fakeHome(t, termtest.Key{})
	srv := startServer(t, filepath.Join(t.TempDir(), "data"), home, envPrefix+"SESSIONS_PER_KEY=1")
	key := termtest.NewKey()
	first := termtest.OpenSize(t, srv.addr(), srv.codes[0], key, 100, 30)
	first.WaitFor(t, "Tell the group who you are", wait)
	second := termtest.OpenSize(t, srv.addr(), srv.codes[0], key, 100, 30)
	second.WaitFor(t, "You already have a session open with this key; close it first.", wait)
	first.Close()
	second.Close()
	srv.stop(t)
}

// TestServerFlags checks the limits' defaults, their environment
// variables, and the refusal of negative values.
func TestServerFlags(t *testing.T) {
	parse := func(args []string, env map[string]string) (Config, error) {
		cfg := DefaultConfig()
		fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
		serverFlags(fs, &cfg)
		if err := fs.Parse(args); err != nil {
			return cfg, err
		}
		err := applyEnv(fs, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
		return cfg, err
	}
	cfg, err := parse(nil, nil)
	if err != nil || cfg.IdleTimeout != 10*time.Minute || cfg.Heartbeat != time.Minute || cfg.MaxLag != 30*time.Second ||
		cfg.ConnRate != 20 || cfg.ConnBurst != 200 || cfg.SessionsPerKey != 5 || cfg.MaxViewers != 5000 ||
		cfg.SubmitRate != 5 || cfg.SubmitBurst != 20 || cfg.GreetingTimeout != 10*time.Second || cfg.HandshakeTimeout != 2*time.Minute ||
		cfg.CommandRate != 1 || cfg.CommandBurst != 10 || cfg.LogRepeats != 10 || cfg.SessionsPerConn != 10 || cfg.GuestsPerConn != 3 ||
		cfg.GuestRate != 0.2 || cfg.GuestBurst != 200 || cfg.PINRate != 0.05 || cfg.PINBurst != 30 ||
		cfg.WorkshopPINRate != 0.1 || cfg.WorkshopPINBurst != 100 || cfg.CardsPerActivity != 10 {
		t.Errorf("defaults: %+v, %v", cfg, err)
	}
	cfg, err = parse([]string{"--max-viewers", "300"}, map[string]string{
		envPrefix + "MAX_VIEWERS":  "9", // the flag wins
		envPrefix + "IDLE_TIMEOUT": "5m",
		envPrefix + "CONN_RATE":    "0.5",
		envPrefix + "SUBMIT_BURST": "0",
		envPrefix + "COMMAND_RATE": "3",
		envPrefix + "LOG_REPEATS":  "0",
		envPrefix + "PIN_RATE":     "0.01",
	})
	if err != nil || cfg.MaxViewers != 300 || cfg.IdleTimeout != 5*time.Minute || cfg.ConnRate != 0.5 || cfg.SubmitBurst != 0 ||
		cfg.CommandRate != 3 || cfg.LogRepeats != 0 || cfg.PINRate != 0.01 {
		t.Errorf("flags and environment: %+v, %v", cfg, err)
	}
	if _, err := parse(nil, map[string]string{envPrefix + "MAX_LAG": "soon"}); err == nil || !strings.Contains(err.Error(), envPrefix+"MAX_LAG") {
		t.Errorf("an unreadable %sMAX_LAG: err = %v, want one naming it", envPrefix, err)
	}
	cfg, _ = parse([]string{"--sessions-per-key", "-1"}, nil)
	if err := cfg.checkLimits(); err == nil || !strings.Contains(err.Error(), "--sessions-per-key") {
		t.Errorf("a negative --sessions-per-key: err = %v", err)
	}
}
