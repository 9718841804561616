package sshserver_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"commonground/internal/termtest"
	"commonground/sshserver"
)

// openSockets opens n TCP connections to addr that send hello, if
// anything, and then nothing more, and returns once the server has
// answered each with its SSH version line: the server has accepted them.
func openSockets(t *testing.T, addr string, n int, hello string) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	for range n {
		c, err := net.DialTimeout("tcp", addr, wait)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if _, err := io.WriteString(c, hello); err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(wait))
		if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(line, "SSH-2.0-") {
			t.Fatalf("the server's version line: %q, %v", line, err)
		}
		conns = append(conns, c)
	}
	return conns
}

// hungUp reports whether the server closed c within timeout.
func hungUp(c net.Conn, timeout time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(timeout))
	_, err := io.Copy(io.Discard, c) // what the server sent before closing
	return err == nil || !errors.Is(err, os.ErrDeadlineExceeded)
}

// TestSilentSocketsDoNotCount opens more sockets than one address's
// connection burst, some that never start the SSH handshake and some that
// stop after their version line, as a flood from a venue's NAT address
// would: a participant behind that address still gets in, and the server
// hangs up on each socket after its greeting or handshake timeout instead
// of keeping it until the idle timeout.
func TestSilentSocketsDoNotCount(t *testing.T) {
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) {
		c.ConnRate, c.ConnBurst = 0.0001, 3 // no token comes back during the test
		c.GreetingTimeout = 500 * time.Millisecond
		c.HandshakeTimeout = 3 * time.Second
	}})
	silent := openSockets(t, e.addr, 5, "")
	stalled := openSockets(t, e.addr, 5, "SSH-2.0-stalled\r\n")

	e.open(t, termtest.Keyless).WaitFor(t, "You joined without an SSH key", wait)

	// The idle timeout is a minute: only the new timeouts end them sooner.
	for i, c := range append(silent, stalled...) {
		if !hungUp(c, 2*wait) {
			t.Fatalf("socket %d of 10 was still open after %v", i+1, 2*wait)
		}
	}
	// Connections that complete the handshake still count: the burst of
	// three is the participant's and two more.
	for range 2 {
		if _, stderr, code := termtest.Run(t, e.addr, "x", termtest.Keyless, "--help"); code != 0 {
			t.Fatalf("a connection within the burst: exit %d, stderr %q", code, stderr)
		}
	}
	if _, stderr, _ := termtest.Run(t, e.addr, "x", termtest.Keyless, "--help"); !strings.Contains(stderr, "Too many new connections") {
		t.Errorf("the fourth connection that completed its handshake: stderr %q, want the refusal", stderr)
	}
}
