package sshserver_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/internal/termtest"
	"commonground/session"
)

func TestUnknownCode(t *testing.T) {
	e := start(t)
	t.Run("Terminal", func(t *testing.T) {
		term := termtest.Open(t, e.addr, "zzzz-zzzz", termtest.NewKey())
		term.WaitFor(t, `No workshop has the code "zzzz-zzzz"`, wait)
		term.WaitFor(t, "ssh -p", wait)
		if code := term.Wait(t, wait); code == 0 {
			t.Errorf("exit status 0, want non-zero")
		}
	})
	t.Run("NoCode", func(t *testing.T) {
		// "ssh -p 2222 host" sends the person's login name: they are told
		// how to join, not that no workshop has the code "root".
		term := termtest.Open(t, e.addr, "root", termtest.NewKey())
		term.WaitFor(t, "To join a workshop, put its join code in front of the address:", wait)
		term.WaitFor(t, "CODE@", wait)
		term.WaitFor(t, "like k7wq-m3xd", wait)
		if code := term.Wait(t, wait); code == 0 {
			t.Errorf("exit status 0, want non-zero")
		}
	})
	t.Run("NotACode", func(t *testing.T) {
		// Any SSH user name reaches the server: one that tries to move the
		// cursor gets the same answer, and nothing of it is echoed.
		_, stderr, code := termtest.Shell(t, e.addr, "root\x1b[2J", termtest.NewKey())
		if code == 0 {
			t.Errorf("exit status 0, want non-zero")
		}
		if !strings.Contains(stderr, "To join a workshop, put its join code") || strings.Contains(stderr, "\x1b") || strings.Contains(stderr, "root") {
			t.Errorf("stderr = %q, want how to join, without escape sequences or the name sent", stderr)
		}
	})
}

func TestNoPTY(t *testing.T) {
	e := start(t)
	stdout, stderr, code := termtest.Shell(t, e.addr, e.code, termtest.NewKey())
	if code == 0 {
		t.Errorf("exit status 0, want non-zero")
	}
	want := "CommonGround needs an interactive terminal. Connect with: ssh -t -p"
	if !strings.Contains(stderr, want) || !strings.Contains(stderr, e.code+"@host") {
		t.Errorf("stdout %q, stderr %q; want %q with the code", stdout, stderr, want)
	}
}

func TestParticipantRefusedFacilitatorActions(t *testing.T) {
	e := start(t)
	participant := termtest.NewKey()
	w := e.workshop(t)
	ctx := context.Background()
	if _, err := w.Do(ctx, participant.ID, session.Join{Name: "Ada", Org: "Food Bank"}); err != nil {
		t.Fatal(err)
	}
	for name, action := range map[string]session.Action{
		"Move":   session.Move{Activity: 1, Phase: 0},
		"Reveal": session.Reveal{Activity: 0, On: true},
		"Lock":   session.Lock{Activity: 0, On: true},
		"Timer":  session.SetTimer{Op: session.TimerStart, Duration: time.Minute},
	} {
		_, err := w.Do(ctx, participant.ID, action)
		if exercises.ErrorCode(err) != exercises.EForbidden {
			t.Errorf("%s by a participant: err = %v, want code %q", name, err, exercises.EForbidden)
		}
	}
	if _, err := w.Do(ctx, e.fac.ID, session.Move{Activity: 1, Phase: 0}); err != nil {
		t.Errorf("the facilitator's move failed: %v", err)
	}

	t.Run("Export", func(t *testing.T) {
		cmd := "export " + e.code + " --format md"
		stdout, stderr, code := termtest.Run(t, e.addr, "anyone", participant, cmd)
		if code == 0 {
			t.Errorf("participant's export exited 0, want a refusal; stdout %q", stdout)
		}
		if stderr == "" || strings.Contains(stdout, "Partnership kickoff") {
			t.Errorf("participant's export: stdout %q, stderr %q; want a refusal on stderr and no report", stdout, stderr)
		}
		stdout, stderr, code = termtest.Run(t, e.addr, "anyone", e.fac, cmd)
		if code != 0 || !strings.Contains(stdout, "Partnership kickoff") {
			t.Errorf("facilitator's export: exit %d, stdout %q, stderr %q; want the report", code, stdout, stderr)
		}
		_, _, code = termtest.Run(t, e.addr, "anyone", termtest.Keyless, cmd)
		if code == 0 {
			t.Errorf("keyless export exited 0, want a refusal")
		}
	})
}
