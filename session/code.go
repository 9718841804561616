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
func NewJoinCode() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // never happens on Linux
	}
	var s strings.Builder
	for i, c := range b {
		if i == 4 {
			s.WriteByte('-')
		}
		s.WriteByte(codeAlphabet[c&31])
	}
	return s.String()
}

// NormalizeCode turns what a person typed into the canonical form of a join
// code: lower case, the dash in the middle, and the letters Crockford's
// alphabet leaves out read as the digits they look like (o as 0, i and l as 1).
// It returns "" if the input cannot be a join code.
func NormalizeCode(s string) string {
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
	c := b.String()
	if len(c) != 8 {
		return ""
	}
	return c[:4] + "-" + c[4:]
}

// newID returns a random identifier of n bytes in hex.
func newID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	return fmt.Sprintf("%x", b)
}

// newPIN returns a random six-digit rejoin PIN.
func newPIN() string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	n := (uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])) % 1000000
	return fmt.Sprintf("%06d", n)
}
