package sshserver_test

import (
	"strings"
	"testing"

	"commonground/internal/termtest"
	"commonground/sshserver"
)

// tooManyCommands is what a caller over the command rate is told, with
// "key" or "connection".
const tooManyCommands = "Too many commands at once from this "

// TestCommandRate floods one connection with exec commands, as a script
// guessing join codes would: a burst is answered, then each command is
// refused with a plain message. The limit follows the key to a new
// connection; a connection without a key has a budget of its own; the
// server's admin key and its facilitators are not limited.
func TestCommandRate(t *testing.T) {
	organiser := termtest.NewKey() // a facilitator of the whole server
	e := startTuned(t, checkInAndWillingness(t), setup{server: func(c *sshserver.Config) {
		c.CommandRate, c.CommandBurst = 0.0001, 3 // no token comes back during the test
		c.IsFacilitator = func(id string) bool { return id == organiser.ID }
	}})
	guess := "workshop show zzzz-zzzz"
	limited := func(t *testing.T, stderr string, code int, from string) bool {
		t.Helper()
		if !strings.Contains(stderr, tooManyCommands) {
			return false
		}
		if want := tooManyCommands + from + ". Please wait a few seconds and try again."; code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("refused with exit %d and %q, want exit 1 and %q", code, stderr, want)
		}
		return true
	}
	for _, c := range []struct {
		name string
		key  termtest.Key
		from string
	}{{"Key", termtest.NewKey(), "key"}, {"Keyless", termtest.Keyless, "connection"}} {
		t.Run(c.name, func(t *testing.T) {
			conn := termtest.Connect(t, e.addr, "x", c.key)
			for i := range 3 {
				if _, stderr, code := termtest.RunOn(t, conn, guess); limited(t, stderr, code, c.from) {
					t.Fatalf("command %d of a burst of 3 was refused", i+1)
				}
			}
			if _, stderr, code := termtest.RunOn(t, conn, guess); !limited(t, stderr, code, c.from) {
				t.Fatalf("the 4th command on one connection: exit %d, stderr %q; want it refused", code, stderr)
			}
			_, stderr, code := termtest.Run(t, e.addr, "x", c.key, guess)
			if again := limited(t, stderr, code, c.from); again != (c.key.Signer != nil) {
				t.Errorf("the same key on a new connection refused: %v; want %v", again, c.key.Signer != nil)
			}
		})
	}
	t.Run("Trusted", func(t *testing.T) {
		for name, key := range map[string]termtest.Key{"admin": e.admin, "facilitator": organiser} {
			conn := termtest.Connect(t, e.addr, "x", key)
			for i := range 5 {
				if _, stderr, code := termtest.RunOn(t, conn, "workshop list"); code != 0 {
					t.Fatalf("the %s key's command %d: exit %d, stderr %q", name, i+1, code, stderr)
				}
			}
		}
	})
}

// TestCodesAlikeWhenNotYours runs every command that takes a join code
// with an existing code and with an unknown one, as a caller who is not
// the workshop's facilitator: the answers are the same, and neither names
// the workshop. The admin key still hears that a code is unknown.
func TestCodesAlikeWhenNotYours(t *testing.T) {
	e := start(t)
	const unknown = "zzzz-zzzz"
	for _, key := range []termtest.Key{termtest.NewKey(), termtest.Keyless} {
		for _, cmd := range []string{"workshop show %s", "export %s", "export %s --format csv"} {
			_, known, code1 := termtest.Run(t, e.addr, "x", key, strings.Replace(cmd, "%s", e.code, 1))
			_, other, code2 := termtest.Run(t, e.addr, "x", key, strings.Replace(cmd, "%s", unknown, 1))
			if code1 != 1 || code2 != 1 || strings.ReplaceAll(known, e.code, unknown) != other {
				t.Errorf("%q: an existing code answers (exit %d) %q, an unknown one (exit %d) %q; want the same refusal",
					cmd, code1, known, code2, other)
			}
			if strings.Contains(known, "Partnership kickoff") {
				t.Errorf("%q names the workshop to a stranger: %q", cmd, known)
			}
		}
	}
	if _, stderr, _ := termtest.Run(t, e.addr, "x", e.admin, "workshop show "+unknown); !strings.Contains(stderr, `there is no workshop with the join code "zzzz-zzzz"`) {
		t.Errorf("the admin key's unknown code: %q", stderr)
	}
}
