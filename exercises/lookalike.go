package exercises

import (
	"strings"

	"go.mau.fi/util/confusable"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// fold is Unicode case folding; the Caser is stateless, so one serves
// every goroutine.
var fold = cases.Fold()

// LookAlike returns the key two texts share when a reader could take one
// for the other: the text cleaned (CleanText, so invisible characters are
// gone), in compatibility form (NFKC: fullwidth "Ｏｂｓ１" and
// mathematical "𝐎𝐛𝐬𝟏" become "Obs1"), mapped to the skeleton of Unicode's
// confusables (UTS #39: the Cyrillic "О" and the digit "0" become "O", the
// capital "I" and the digit "1" become "l", "rn" and "m" meet), case
// folded and mapped again, for the letters folding made (a capital "І"
// folds to "і", which looks like "i"). Since a capital I reads as a small
// L and folds to a small i, i and l meet as well: a key errs towards
// calling two texts alike, which for names costs no more than a number.
// The key is for comparing, never for showing: it mixes scripts freely.
func LookAlike(s string) string {
	s, _ = CleanText(s, 0)
	s = fold.String(confusable.Skeleton(norm.NFKC.String(s)))
	return strings.ReplaceAll(fold.String(confusable.Skeleton(s)), "i", "l")
}
