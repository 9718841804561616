package exercises

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// Characters that draw nothing themselves but may change how the text
// around them is drawn; visible keeps them only where they do.
const (
	zwnj      = '\u200c' // zero-width non-joiner
	zwj       = '\u200d' // zero-width joiner
	blackFlag = '\U0001F3F4'
	tagFirst  = '\U000E0020' // TAG SPACE
	tagCancel = '\U000E007F' // CANCEL TAG, the end of a tag sequence
)

// MaxMarks is how many combining marks one character keeps. Vietnamese
// needs two, Devanagari and Thai three, Tibetan stacks and pointed Hebrew
// four; a stack of hundreds only smears over the lines around it.
const MaxMarks = 4

// maxFlagTags bounds a subdivision flag's tag letters ("gbsct" is five):
// tags carry seven bits each and a long run would be a hidden message.
const maxFlagTags = 8

// isInvisible reports whether r is a default-ignorable code point (as
// Unicode derives the property) or an interlinear annotation character, and
// not one of those visible weighs in context (joiners, variation
// selectors, tags).
func isInvisible(r rune) bool {
	switch {
	case r < 0x115F: // most text: below the Hangul fillers only these are default-ignorable
		return r == 0xAD || r == 0x34F || r == 0x61C
	case r > 0x3164 && r < 0xFE00: // CJK, Hangul syllables: none are
		return false
	case r == zwj, r == zwnj, isTag(r), unicode.Is(unicode.Variation_Selector, r):
		return false
	case r >= 0x13430 && r <= 0x13440: // Egyptian hieroglyph format controls shape what is drawn
		return false
	case unicode.Is(unicode.Prepended_Concatenation_Mark, r): // visible signs spanning the digits after them
		return false
	}
	return unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Cf) && !unicode.Is(unicode.White_Space, r)
}

func isTag(r rune) bool { return r >= tagFirst && r <= tagCancel }

// isJoinControl reports whether r is ZWJ or ZWNJ.
func isJoinControl(r rune) bool { return r == zwj || r == zwnj }

// isBase reports whether r is a character marks and variation selectors
// may sit on: anything drawn that is not itself a mark or a space.
func isBase(r rune) bool {
	return r != ' ' && !unicode.Is(unicode.M, r) && !isJoinControl(r) && !isTag(r)
}

// joiningScripts are the scripts whose letters change shape with a joiner
// or non-joiner between them: the cursive ones and the Indic ones.
var joiningScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian, unicode.Mandaic, unicode.Manichaean,
	unicode.Psalter_Pahlavi, unicode.Adlam, unicode.Hanifi_Rohingya, unicode.Sogdian, unicode.Old_Uyghur,
	unicode.Phags_Pa, unicode.Devanagari, unicode.Bengali, unicode.Gurmukhi, unicode.Gujarati, unicode.Oriya,
	unicode.Tamil, unicode.Telugu, unicode.Kannada, unicode.Malayalam, unicode.Sinhala, unicode.Khmer,
	unicode.Myanmar, unicode.Tibetan,
}

// joinsWith reports whether a and b are letters of one joining script.
func joinsWith(a, b rune) bool {
	if !unicode.IsLetter(a) || !unicode.IsLetter(b) {
		return false
	}
	for _, t := range joiningScripts {
		if unicode.Is(t, a) {
			return unicode.Is(t, b)
		}
	}
	return false
}

// isVirama reports whether r is a virama (canonical combining class 9),
// after which a joiner picks a conjunct's form (RFC 5892, appendix A).
func isVirama(r rune) bool {
	var buf [utf8.UTFMax]byte
	return norm.NFC.Properties(buf[:utf8.EncodeRune(buf[:], r)]).CCC() == 9
}

// needsContext reports whether s holds a rune visible must judge in
// context: a mark (variation selectors are marks too), a joiner or a tag.
func needsContext(s string) bool {
	for _, r := range s {
		if r >= 0x300 && (unicode.Is(unicode.M, r) || isJoinControl(r) || isTag(r)) {
			return true
		}
	}
	return false
}

// visible drops from once-cleaned text the invisible characters that only
// make sense in context, where they do not: it keeps
//
//   - a ZWJ that joins the emoji on either side into one (the grapheme
//     cluster goes on past it: UAX #29 rule GB11), or follows a virama;
//   - a ZWNJ after a virama;
//   - either between two letters of a joining script (Arabic, Syriac,
//     Mongolian, the Indic scripts...), with only marks after the first;
//   - one variation selector right after a character (an emoji's text or
//     emoji form, an ideograph's variant);
//   - tag characters only as a subdivision flag: 🏴, two to eight tags,
//     CANCEL TAG, and nothing else in the cluster;
//   - at most MaxMarks combining marks after a character, and no
//     nonspacing mark twice in a row.
//
// Each choice depends on what was kept before it and on the rune after it,
// which is never dropped if it is a letter: cleaning clean text changes
// nothing. Spaces left doubled or at the ends by a drop are collapsed.
func visible(s string) string {
	if !needsContext(s) {
		return s
	}
	runes := []rune(s)
	out := make([]rune, 0, len(runes))
	// Which runes end a grapheme cluster, and which are the tags of a flag
	// that stays, as UAX #29 segments the text; only a ZWJ or a tag asks.
	last := make([]bool, len(runes))
	flagTags := make([]bool, len(runes))
	i := 0
	segment := strings.ContainsRune(s, zwj) || strings.ContainsFunc(s, isTag)
	for rest, state := s, -1; segment && rest != ""; {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		n := utf8.RuneCountInString(cluster)
		last[i+n-1] = true
		if isSubdivisionFlag(cluster) {
			for j := range n {
				flagTags[i+j] = true
			}
		}
		i += n
	}
	marks, base := 0, rune(-1) // marks kept since the last base, and that base
	onlyMarks := false         // everything kept since base is a mark
	for i, r := range runes {
		prev := rune(-1)
		if len(out) > 0 {
			prev = out[len(out)-1]
		}
		var next rune = -1
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		keep := true
		switch {
		case r == ' ':
			keep = prev != -1 && prev != ' '
		case isJoinControl(r):
			joinsEmoji := r == zwj && !last[i] && isBase(next)
			keep = !isJoinControl(prev) && (joinsEmoji || isVirama(prev) || onlyMarks && joinsWith(base, next))
		case isTag(r):
			keep = flagTags[i]
		case unicode.Is(unicode.Variation_Selector, r):
			keep = prev != -1 && isBase(prev)
		case unicode.Is(unicode.M, r):
			keep = marks < MaxMarks && !(r == prev && unicode.Is(unicode.Mn, r))
		}
		if !keep {
			continue
		}
		out = append(out, r)
		switch {
		case isBase(r) || r == ' ':
			marks, base, onlyMarks = 0, r, true
		case unicode.Is(unicode.M, r) && !unicode.Is(unicode.Variation_Selector, r):
			marks++
		default:
			onlyMarks = false
		}
	}
	return strings.TrimRight(string(out), " ")
}

// isSubdivisionFlag reports whether a grapheme cluster is an emoji tag
// sequence for a flag: 🏴, two to maxFlagTags tag characters, CANCEL TAG.
func isSubdivisionFlag(cluster string) bool {
	r, size := utf8.DecodeRuneInString(cluster)
	if r != blackFlag {
		return false
	}
	tags := []rune(cluster[size:])
	if len(tags) < 3 || len(tags) > maxFlagTags+1 || tags[len(tags)-1] != tagCancel {
		return false
	}
	for _, t := range tags[:len(tags)-1] {
		if t < tagFirst || t >= tagCancel {
			return false
		}
	}
	return true
}
