package sshserver_test

import (
	"testing"

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
