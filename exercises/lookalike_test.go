package exercises_test

import (
	"testing"

	"commonground/exercises"
)

func TestLookAlike(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"Identical", "Obs1", "Obs1", true},
		{"ZeroWidthSpace", "Obs1", "Obs1\u200b", true},
		{"ZeroWidthJoinerInside", "Obs1", "O\u200dbs1", true},
		{"CyrillicO", "Obs1", "\u041ebs1", true},
		{"DigitZero", "Obs1", "0bs1", true},
		{"LetterL", "Obs1", "Obsl", true},
		{"CapitalI", "Obs1", "ObsI", true},
		{"Case", "Obs1", "OBS1", true},
		{"Fullwidth", "Obs1", "Ｏｂｓ１", true},
		{"MathBold", "Obs1", "𝐎𝐛𝐬𝟏", true},
		{"RnAndM", "Kim", "Kirn", true},
		{"GreekOmicron", "Bob", "B\u03bfb", true},
		{"CyrillicA", "Ana", "\u0410na", true},
		{"Decomposed", "José", "Jose\u0301", true},
		{"ZalgoAgainstFour", "e\u0301\u0302\u0303\u0304", "e\u0301\u0302\u0303\u0304" + "\u0305\u0306", true},
		{"CapitalIAndSmallI", "FACILITATOR", "facilitator", true},
		{"FacilitatorLookAlike", "Facilitator", "F\u0430cilit\u0430tor", true},

		{"DifferentNames", "Obs1", "Obs2", false},
		{"Space", "Obs 1", "Obs1", false},
		{"Accent", "José", "Jose", false},
		{"Vietnamese", "Việt", "Viet", false},
		{"Devanagari", "हिन्दी", "हिंदी", false},
		{"Suffix", "Obs1", "Obs1 (2)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ka, kb := exercises.LookAlike(tc.a), exercises.LookAlike(tc.b)
			if (ka == kb) != tc.same {
				t.Errorf("LookAlike(%q) = %q, LookAlike(%q) = %q; same %v, want %v", tc.a, ka, tc.b, kb, ka == kb, tc.same)
			}
		})
	}
}
