package session_test

import (
	"regexp"
	"strings"
	"testing"

	"commonground/session"
)

// canonicalCode is the only form NormalizeCode returns besides "": two
// groups of four characters of Crockford's base32, lower case, one dash.
var canonicalCode = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$`)

// FuzzNormalizeCode feeds NormalizeCode what people type and what SSH
// clients send as the user name. Whatever it accepts comes out canonical,
// normalising again changes nothing, and the other ways a person may type
// that code (upper case, no dash, spaces, O for 0 and l for 1) lead to it.
func FuzzNormalizeCode(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		code := session.NormalizeCode(s)
		if code == "" {
			return
		}
		if !canonicalCode.MatchString(code) {
			t.Fatalf("NormalizeCode(%q) = %q, not a canonical join code", s, code)
		}
		for _, typed := range []string{
			code,
			strings.ToUpper(code),
			strings.ReplaceAll(code, "-", ""),
			" " + code[:2] + " " + code[2:] + " ",
			strings.NewReplacer("0", "O", "1", "l").Replace(code),
		} {
			if got := session.NormalizeCode(typed); got != code {
				t.Fatalf("NormalizeCode(%q) = %q, but %q (typed as %q) gives %q", s, code, code, typed, got)
			}
		}
	})
}

func TestNewJoinCodeIsCanonical(t *testing.T) {
	for range 1000 {
		code := session.NewJoinCode()
		if !canonicalCode.MatchString(code) || session.NormalizeCode(code) != code {
			t.Fatalf("NewJoinCode() = %q, normalised %q", code, session.NormalizeCode(code))
		}
	}
}
