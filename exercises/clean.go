package exercises

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// CleanText makes text a participant typed safe to store and to show on
// other people's terminals, and cuts it to at most max characters
// (grapheme clusters, so an emoji or an accented letter is never split).
// It reports whether the text was cut, so the person can be told.
//
// Removed: escape sequences (CSI, OSC, DCS, SOS, PM, APC and two-character
// escapes) together with their parameters, whether introduced by ESC or by
// the 8-bit C1 introducers (a lone U+009B is a CSI to many terminals); every
// other C0 and C1 control character and DEL; bidirectional embedding,
// override and isolate characters (which can make text read backwards);
// invalid UTF-8. Tabs and line breaks become single spaces, runs of spaces
// collapse, and the ends are trimmed: every text is one line.
//
// Invisible characters go too, so that two texts that look the same are
// the same, and nothing rides hidden in a text: every default-ignorable
// code point (zero-width space, word joiner, byte order mark, soft hyphen,
// Hangul fillers, the Mongolian vowel separator, invisible operators, the
// combining grapheme joiner, tag characters...) and the interlinear
// annotation characters, except where they change how visible text is
// drawn (see visible): joiners in emoji sequences and in the scripts that
// join, a variation selector right after a character, and the tags of a
// subdivision flag. At most four combining marks stay on one character (as
// UTS #39 §5.4 suggests), and a nonspacing mark is not doubled; accented
// text in any script needs no more. The text is not normalised: what stays
// is what was typed.
func CleanText(s string, max int) (clean string, cut bool) {
	var b strings.Builder
	b.Grow(len(s))
	const (
		ground    = iota
		escape    // after ESC
		csi       // inside a control sequence, until a final byte 0x40-0x7E
		str       // inside OSC/DCS/SOS/PM/APC, until BEL or ST
		strEscape // ESC seen inside a string: ST if '\' follows
	)
	state := ground
	space := false // a space is pending (collapsed), written before the next visible rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size <= 1 {
			continue // invalid UTF-8: drop the byte
		}
		switch state {
		case escape:
			switch r {
			case '[':
				state = csi
			case ']', 'P', 'X', '^', '_':
				state = str
			default:
				// Two-character escape (ESC c, ESC 7, ESC ( B takes one
				// more): intermediates 0x20-0x2F continue the sequence.
				if r >= 0x20 && r <= 0x2F {
					continue
				}
				state = ground
			}
			continue
		case csi:
			if r >= 0x40 && r <= 0x7E { // final byte ends the sequence
				state = ground
				continue
			}
			if r >= 0x20 && r <= 0x3F { // parameter or intermediate byte
				continue
			}
			// Anything else breaks the sequence: end it and treat this rune
			// as ordinary input below (ESC starts a new sequence there).
			state = ground
		case str:
			switch r {
			case 0x07, 0x9C:
				state = ground
			case 0x1B:
				state = strEscape
			}
			continue
		case strEscape:
			if r == '\\' {
				state = ground
			} else {
				state = str
			}
			continue
		}
		switch {
		case r == 0x1B:
			state = escape
			continue
		case r == 0x9B:
			state = csi
			continue
		case r == 0x9D || r == 0x90 || r == 0x98 || r == 0x9E || r == 0x9F:
			state = str
			continue
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || unicode.IsSpace(r) && r != 0x85:
			space = b.Len() > 0
			continue
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F):
			continue
		case isBidiControl(r), isInvisible(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return cutGraphemes(visible(b.String()), max)
}

// isBidiControl reports whether r changes the direction of the text around
// it: embeddings, overrides, isolates and the implicit marks.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069, // LRI, RLI, FSI, PDI
		r == 0x200E, r == 0x200F,   // LRM, RLM
		r == 0x061C: // ALM
		return true
	}
	return false
}

// cutGraphemes returns s limited to max grapheme clusters, and whether it
// was cut. A max of zero or less means no limit.
func cutGraphemes(s string, max int) (string, bool) {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s, false
	}
	g := uniseg.NewGraphemes(s)
	n := 0
	for g.Next() {
		if n == max {
			from, _ := g.Positions()
			return strings.TrimRight(s[:from], " "), true
		}
		n++
	}
	return s, false
}
