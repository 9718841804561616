package sshserver_test

import (
	"strings"
	"testing"
	"time"

	"commonground/internal/termtest"
	"commonground/sshserver"
)

// TestSessionsPerConnection limits the sessions one SSH connection holds
// open, keyless ones included: the reported attack filled a workshop's
// --max-viewers with the sessions of one connection. The session beyond
// the limit is refused as it opens, with the reason; another connection
// still gets in, and closing a session makes room.
func TestSessionsPerConnection(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) {
		c.SessionsPerConn, c.MaxViewers = 3, 5
	}})
	conn := termtest.Dial(t, e.addr, e.code, termtest.Keyless)
	var open []*termtest.Term
	for range 3 {
		term, err := conn.Open(t, bigW, bigH)
		if err != nil {
			t.Fatal(err)
		}
		term.WaitFor(t, "You joined without an SSH key", wait)
		open = append(open, term)
	}
	const refusal = "You already have 3 sessions open over this one connection, the most allowed. Close one, or connect again separately."
	if _, err := conn.Open(t, bigW, bigH); err == nil || !strings.Contains(err.Error(), refusal) {
		t.Fatalf("a fourth session on the connection: err = %v, want the refusal %q", err, refusal)
	}
	e.open(t, termtest.Keyless).WaitFor(t, "You joined without an SSH key", wait)
	open[0].Close()
	// The server counts the session closed once its handler has returned.
	for deadline := time.Now().Add(wait); ; time.Sleep(10 * time.Millisecond) {
		term, err := conn.Open(t, bigW, bigH)
		if err == nil {
			term.WaitFor(t, "You joined without an SSH key", wait)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a session after one closed: %v", err)
		}
	}
}
