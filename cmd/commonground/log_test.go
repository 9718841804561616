package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"commonground/internal/termtest"
)

// TestRefusedFloodLog floods one connection over the connection rate with
// sessions, each refused, as the attack that wrote 38 MB of log in ten
// seconds did: the log shows the first few refusals and, by the time the
// server has stopped, how many more there were, instead of a line for each.
func TestRefusedFloodLog(t *testing.T) {
	home := fakeHome(t, termtest.Key{})
	srv := startServer(t, filepath.Join(t.TempDir(), "data"), home, envPrefix+"CONN_RATE=0.0001", envPrefix+"CONN_BURST=1")
	termtest.Run(t, srv.addr(), "x", termtest.Keyless, "--help") // the address's one connection
	conn := termtest.Connect(t, srv.addr(), "x", termtest.Keyless)
	start := len(srv.out.String())
	const flood = 1000
	for i := range flood {
		if _, stderr, _ := termtest.RunOn(t, conn, "--help"); !strings.Contains(stderr, "Too many new connections") {
			t.Fatalf("session %d was not refused: %q", i+1, stderr)
		}
	}
	conn.Close()
	srv.stop(t)
	logged := srv.out.String()[start:]
	const refusal = `msg="refused: too many new connections"`
	shown, counted := 0, 0
	for line := range strings.Lines(logged) {
		if !strings.Contains(line, refusal) {
			continue
		}
		if m := regexp.MustCompile(` suppressed=(\d+)`).FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			counted += n
		} else {
			shown++
		}
	}
	if shown+counted != flood || len(logged) > 100*flood/20 {
		t.Errorf("%d refused sessions: %d bytes of log, %d refusals shown and %d counted; want at most %d bytes accounting for all",
			flood, len(logged), shown, counted, 100*flood/20)
	}
}
