package funders

import (
	"strings"
	"unicode"

	"commonground/exercises"
)

// fillerWords are words a funder's name is written with or without, or
// shortened: "The Ford Foundation", "Ford Fdn" and "Ford" are one funder.
var fillerWords = map[string]bool{
	"the": true, "of": true, "and": true, "for": true,
	"foundation": true, "fdn": true, "found": true, "fund": true, "trust": true, "giving": true,
	"inc": true, "ltd": true, "llc": true, "corp": true, "corporation": true, "co": true,
}

// NameKey is what two names of the same funder are likely to share: its
// words without fillerWords, compared as look-alikes (exercises.LookAlike,
// so case and confusable letters do not matter); "" for a name of filler
// words alone, which is like no other.
func NameKey(name string) string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if !fillerWords[w] {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return ""
	}
	return exercises.LookAlike(strings.Join(words, " "))
}

// LikelySame returns, for each funder on the wall whose name has the
// NameKey of one added before it, that earlier funder: the facilitator's
// hint of what to merge. Funders merged away or hidden are left out.
func LikelySame(funders []exercises.Card) map[int]int {
	first := map[string]int{}
	out := map[int]int{}
	for _, c := range funders {
		if !c.Live() {
			continue
		}
		k := NameKey(c.Text)
		if k == "" {
			continue
		}
		if id, ok := first[k]; ok {
			out[c.ID] = id
			continue
		}
		first[k] = c.ID
	}
	return out
}
