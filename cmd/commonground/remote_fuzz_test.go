package main

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	shlex "github.com/anmitsu/go-shlex"
)

// FuzzShellQuote checks that a command line forwarded to the running server
// arrives as it was typed: the server (charm.land/ssh) splits the command
// it receives with go-shlex in POSIX mode, which must give back exactly the
// arguments shellQuote joined, less the empty ones go-shlex always drops.
// In the input, NUL separates the arguments.
func FuzzShellQuote(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) {
			return // the server's lexer reads runes: invalid UTF-8 cannot arrive as it was
		}
		args := strings.Split(line, "\x00")
		quoted := shellQuote(args)
		got, err := shlex.Split(quoted, true)
		want := slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == "" })
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("shellQuote(%q) = %s, which the server splits into %q (%v)", args, quoted, got, err)
		}
	})
}
