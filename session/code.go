package session

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// codeAlphabet is Crockford's base32: no i, l, o or u, so a code read aloud
// or copied by hand is hard to get wrong. Eight characters carry 40 bits.
const codeAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// NewJoinCode returns a random join code such as "k7wq-m3xd".
func NewJoinCode() string { return randomCode() }

// randomCode returns eight random characters of codeAlphabet, a dash in
// the middle.
func randomCode() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // never happens on Linux
	}
	var s strings.Builder
	for i, c := range b {
		if i == 4 {
			s.WriteByte('-')
		}
		s.WriteByte(codeAlphabet[c&31]) // 256 is a multiple of 32: every character is as likely
	}
	return s.String()
}

// NormalizeCode turns what a person typed into the canonical form of a join
// code: lower case, the dash in the middle, and the letters Crockford's
// alphabet leaves out read as the digits they look like (o as 0, i and l as 1).
// It returns "" if the input cannot be a join code.
func NormalizeCode(s string) string {
	c := crockford(s)
	if len(c) != 8 {
		return ""
	}
	return c[:4] + "-" + c[4:]
}

// crockford reads s as Crockford's base32, lower case, without the dashes,
// spaces and underscores a person may type between groups; o reads as 0, i
// and l as 1. It returns "" if s has any other character.
func crockford(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case '-', ' ', '_':
			continue
		case 'o':
			r = '0'
		case 'i', 'l':
			r = '1'
		}
		if !strings.ContainsRune(codeAlphabet, r) {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

// newID returns a random identifier of n bytes in hex.
func newID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	return fmt.Sprintf("%x", b)
}

// A rejoin PIN is eight characters of Crockford's base32 in upper case,
// "K7WQ-M3XD": 40 bits (10^12 PINs), as easy to read aloud and type as a join
// code, and told apart from one by its case. Those given before were six
// digits (10^6 PINs); they still work. The hub's limits on wrong PINs
// (Options.WorkshopPINRate) keep a guesser's chance of finding any guest's
// PIN in a workshop's lifetime negligible.

// newPIN returns a random rejoin PIN in its canonical form.
func newPIN() string { return strings.ToUpper(randomCode()) }

// legacyPINLen is the length of the six-digit PINs of stores written before
// PINs had letters.
const legacyPINLen = 6

// NormalizePIN turns what a person typed into the canonical form of a rejoin
// PIN, as NormalizeCode does for join codes but in upper case: "K7WQ-M3XD",
// or six digits for a PIN given before PINs had letters. It returns "" if
// the input cannot be a PIN.
func NormalizePIN(s string) string {
	c := strings.ToUpper(crockford(s))
	switch {
	case len(c) == legacyPINLen && strings.Trim(c, "0123456789") == "":
		return c
	case len(c) == 8:
		return c[:4] + "-" + c[4:]
	}
	return ""
}

// legacyPIN reports whether a canonical PIN is one of the six-digit PINs
// given before PINs had letters: a million of them, so the hub holds
// guesses at them to a far stricter limit.
func legacyPIN(pin string) bool { return len(pin) == legacyPINLen }

// NewID returns a new random identifier, for a log kept beside the
// workshops' (a cohort's).
func NewID() string { return newID(8) }
