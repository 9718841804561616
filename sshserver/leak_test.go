package sshserver_test

import (
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"commonground/internal/termclient"
	"commonground/internal/termtest"
)

// A person who presses ESC and closes the terminal at once leaves an
// incomplete escape sequence in their program's input. Nothing of that
// connection may outlive it: TestMain's leak check fails the run otherwise.
// (Bubble Tea's input reader used to block forever handing that ESC to the
// program that had already stopped; third_party/ultraviolet carries the fix.)
func TestLoneEscapeAtDisconnectLeaksNothing(t *testing.T) {
	e := start(t)
	for range 10 {
		term := termtest.Open(t, e.addr, e.code, termtest.NewKey())
		term.WaitFor(t, "Display name", wait)
		term.Press("esc")
		term.Close()
	}
}

// A client that asks for a PTY, never for a shell, and sends window
// changes leaves nothing behind either (TestMain's leak check). No program
// ever runs to take those changes, and charm.land/ssh's request loop waits
// until each is taken, with the connection's packet loop behind it: the
// server stopped reading the connection, even its end, for good.
func TestResizingWithoutShellLeaksNothing(t *testing.T) {
	e := start(t)
	client, err := termclient.Dial(e.addr, e.code, termtest.NewKey(), termtest.Timeout)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	// More than every buffer between the request loop and the socket.
	for i := range 100 {
		if err := sess.WindowChange(24, 80+i%2); err != nil {
			t.Fatal(err)
		}
	}
	// A request that wants a reply is answered only once the server has
	// read every change before it.
	answered := make(chan error, 1)
	go func() {
		_, err := sess.SendRequest("env", true, gossh.Marshal(struct{ Name, Value string }{"LANG", "C"}))
		answered <- err
	}()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatalf("the server ended the connection: %v", err)
		}
	case <-time.After(wait):
		t.Fatalf("the server stopped reading the connection: no answer within %v", wait)
	}
}
