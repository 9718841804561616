package main

import (
	"strings"
	"testing"

	"commonground/internal/termtest"
)

// TestCommandLineConventions: the binary follows Charm's command-line
// conventions (fang): help, --version, a man page and shell completions,
// each with exit status 0, and bad usage exits 2 saying what was wrong.
func TestCommandLineConventions(t *testing.T) {
	env := environ(fakeHome(t, termtest.Key{}))
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"USAGE", "workshop", "export", "COMMONGROUND_DATA"}},
		{[]string{"--version"}, []string{"commonground version dev"}},
		{[]string{"man"}, []string{".TH COMMONGROUND 1", ".SH COMMANDS", "export"}},
		{[]string{"completion", "bash"}, []string{"bash completion", "__start_commonground"}},
		{[]string{"completion", "zsh"}, []string{"#compdef commonground"}},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errOut, status := run(t, env, c.args...)
			if status != 0 {
				t.Fatalf("exit %d\n%s", status, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%.2000s", w, out)
				}
			}
		})
	}
	t.Run("bad usage", func(t *testing.T) {
		_, errOut, status := run(t, env, "export", "--format")
		if status != 2 || !strings.Contains(errOut, "flag needs an argument") || !strings.Contains(errOut, "--help") {
			t.Errorf("exit %d, want 2 with the mistake and where to look:\n%s", status, errOut)
		}
	})
}
