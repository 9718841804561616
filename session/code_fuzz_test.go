package session_test

import (
	"fmt"
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
	f.Fuzz(func(t *testing.T, s string) { checkNormalizer(t, s, session.NormalizeCode, canonicalCode) })
}

// canonicalPIN is the form of a rejoin PIN NormalizePIN returns besides
// "": two groups of four characters of Crockford's base32, upper case, one
// dash; or six digits, as PINs were given before.
var canonicalPIN = regexp.MustCompile(`^([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}|[0-9]{6})$`)

// FuzzNormalizePIN feeds NormalizePIN what people type on the PIN form,
// with the same checks as FuzzNormalizeCode.
func FuzzNormalizePIN(f *testing.F) {
	f.Add("K7WQ-M3XD")
	f.Add("042917")
	f.Fuzz(func(t *testing.T, s string) { checkNormalizer(t, s, session.NormalizePIN, canonicalPIN) })
}

// checkNormalizer checks what normalize makes of s: "", or a canonical
// form that the other ways of typing it lead back to.
func checkNormalizer(t *testing.T, s string, normalize func(string) string, canonical *regexp.Regexp) {
	t.Helper()
	code := normalize(s)
	if code == "" {
		return
	}
	if !canonical.MatchString(code) {
		t.Fatalf("normalize(%q) = %q, not canonical", s, code)
	}
	for _, typed := range []string{
		code,
		strings.ToUpper(code),
		strings.ToLower(code),
		strings.ReplaceAll(code, "-", ""),
		" " + code[:2] + " " + code[2:] + " ",
		strings.NewReplacer("0", "O", "1", "l").Replace(code),
	} {
		if got := normalize(typed); got != code {
			t.Fatalf("normalize(%q) = %q, but %q (typed as %q) gives %q", s, code, code, typed, got)
		}
	}
}

func TestNewJoinCodeIsCanonical(t *testing.T) {
	for range 1000 {
		code := session.NewJoinCode()
		if !canonicalCode.MatchString(code) || session.NormalizeCode(code) != code {
			t.Fatalf("NewJoinCode() = %q, normalised %q", code, session.NormalizeCode(code))
		}
	}
}

func TestNewPINIsCanonical(t *testing.T) {
	hub, w := newWorkshop(t, newStore(t))
	for i := range 200 {
		_, pin, err := hub.NewGuest(w.ID(), fmt.Sprint(i))
		if err != nil {
			t.Fatal(err)
		}
		if !canonicalPIN.MatchString(pin) || len(pin) != 9 || session.NormalizePIN(pin) != pin {
			t.Fatalf("NewGuest gave the PIN %q, normalised %q", pin, session.NormalizePIN(pin))
		}
	}
}
