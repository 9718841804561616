package exercises_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"commonground/exercises"
)

func TestCleanText(t *testing.T) {
	long := strings.Repeat("word ", 200)
	for _, tc := range []struct {
		name string
		in   string
		max  int
		want string
		cut  bool
	}{
		{"Plain", "We can commit staff", 0, "We can commit staff", false},
		{"Empty", "", 10, "", false},

		// Escape sequences go with their parameters.
		{"OSCWithBEL", "a\x1b]0;x\x07b", 0, "ab", false},
		{"OSCWithST", "a\x1b]0;pwned title\x1b\\b", 0, "ab", false},
		{"OSCHyperlink", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", 0, "click", false},
		{"OSCUnterminatedSwallowsTheRest", "a\x1b]0;x and more", 0, "a", false},
		{"CSIClearScreen", "\x1b[2Jclear", 0, "clear", false},
		{"CSICursorAndPrivate", "\x1b[?1049h\x1b[10;20Hx", 0, "x", false},
		{"SGR", "\x1b[1;31mred\x1b[0m text", 0, "red text", false},
		{"CSIBrokenByESC", "\x1b[31\x1b[0mx", 0, "x", false},
		{"CSIBrokenByText", "\x1b[31é", 0, "é", false},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", 0, "ab", false},
		{"APCAndPMAndSOS", "a\x1b_apc\x1b\\b\x1b^pm\x07c\x1bXsos\x1b\\d", 0, "abcd", false},
		{"TwoCharEscape", "a\x1bcb\x1b7c\x1b=d", 0, "abcd", false},
		{"EscapeWithIntermediate", "\x1b(Bx\x1b#8y", 0, "xy", false},
		{"TrailingESC", "abc\x1b", 0, "abc", false},

		// 8-bit C1 introducers act like ESC sequences on many terminals.
		{"LoneCSIC1AtEnd", "ab\u009b", 0, "ab", false},
		{"LoneCSIC1BeforeText", "a\u009bé", 0, "aé", false},
		{"CSIC1WithParameters", "a\u009b1;31mb", 0, "ab", false},
		{"CSIC1ClearScreen", "\u009b2Jx", 0, "x", false},
		{"OSCC1", "a\u009d0;title\u0007b", 0, "ab", false},
		{"OSCC1WithC1ST", "a\u009d0;title\u009cb", 0, "ab", false},
		{"DCSC1", "a\u0090q\u009cb", 0, "ab", false},
		{"OtherC1", "a\u0080\u0084\u0085\u008d\u008e\u008f\u0099\u009a\u009cb", 0, "ab", false},

		// Control characters.
		{"C0", "a\x00b\x01c\x07d\x08e\x1ff", 0, "abcdef", false},
		{"DEL", "a\x7fb", 0, "ab", false},

		// Text that reads backwards or hides itself.
		{"BidiEmbeddingsAndOverrides", "a\u202ab\u202bc\u202cd\u202de\u202ef", 0, "abcdef", false},
		{"BidiIsolates", "a\u2066b\u2067c\u2068d\u2069e", 0, "abcde", false},
		{"BidiMarks", "a\u200eb\u200fc\u061cd", 0, "abcd", false},
		{"TrojanSource", "access\u202e \u2066// check later\u2069 \u2066", 0, "access // check later", false},

		// One line, single spaces, trimmed.
		{"TabsAndNewlines", "a\tb\nc\r\nd\ve\ff", 0, "a b c d e f", false},
		{"RunsCollapse", "a \t\n  b", 0, "a b", false},
		{"UnicodeSpaces", "a\u00a0b\u2028c\u3000d", 0, "a b c d", false},
		{"Trimmed", " \t a b \n ", 0, "a b", false},
		{"OnlySpace", " \t\n ", 0, "", false},
		{"SpaceAroundRemovedControls", "a \x1b[0m b", 0, "a b", false},

		// Invalid UTF-8 goes; a real U+FFFD stays.
		{"InvalidUTF8", "a\xffb\xc3", 0, "ab", false},
		{"TruncatedSequence", "\xe2\x82x", 0, "x", false},
		{"ReplacementCharKept", "a\ufffdb", 0, "a\ufffdb", false},

		// Cutting counts what a person sees as one character.
		{"UnderLimit", "abc", 3, "abc", false},
		{"OverLimit", "abcd", 3, "abc", true},
		{"CutTrimsSpace", "ab cd", 3, "ab", true},
		{"Accents", "héllo wörld", 4, "héll", true},
		{"CombiningAccents", "e\u0301e\u0301e\u0301", 2, "e\u0301e\u0301", true},
		{"CombiningAccentsFit", "e\u0301e\u0301", 2, "e\u0301e\u0301", false},
		{"SkinTones", "👍🏽👍🏿👍🏻", 2, "👍🏽👍🏿", true},
		{"SkinTonesFit", "👍🏽👍🏿", 2, "👍🏽👍🏿", false},
		{"ZWJFamily", "👩‍👩‍👧‍👦👨‍👨‍👦", 1, "👩‍👩‍👧‍👦", true},
		{"ZWJProfessionWithTone", "👩🏾‍🚒x", 1, "👩🏾‍🚒", true},
		{"Flags", "🇳🇱🇩🇪🇫🇷", 2, "🇳🇱🇩🇪", true},
		{"VariationSelector", "❤️❤️", 1, "❤️", true},
		{"CJK", "日本語のテキスト", 3, "日本語", true},
		{"CJKKept", "共同の基盤", 0, "共同の基盤", false},
		{"Hangul", "\u1100\u1161\u11a8\u1100\u1161", 1, "\u1100\u1161\u11a8", true},
		{"UnlimitedZero", long, 0, strings.TrimSpace(long), false},
		{"UnlimitedNegative", long, -1, strings.TrimSpace(long), false},
		{"CutAfterCleaning", "\x1b[31mabcdef", 3, "abc", true},

		// Invisible characters go, so that look-alikes are the same text.
		{"ZeroWidthSpace", "Obs1\u200b", 0, "Obs1", false},
		{"ZeroWidthSpaceInside", "O\u200bbs\u200b1", 0, "Obs1", false},
		{"WordJoinerAndBOM", "\ufeffa\u2060b\u2061c\u2064d", 0, "abcd", false},
		{"SoftHyphen", "co\u00adop", 0, "coop", false},
		{"HangulFillers", "\u3164a\u115f\u1160b\uffa0", 0, "ab", false},
		{"HangulFillerAsName", "\u3164", 0, "", false},
		{"MongolianVowelSeparator", "a\u180eb", 0, "ab", false},
		{"CombiningGraphemeJoiner", "a\u034fb", 0, "ab", false},
		{"KhmerInherentVowels", "\u1780\u17b4\u17b5", 0, "\u1780", false},
		{"InterlinearAnnotation", "a\ufff9hidden\ufffab\ufffb", 0, "ahiddenb", false},
		{"LanguageTag", "a\U000e0001b", 0, "ab", false},
		{"InvisibleBetweenSpaces", "a \u200b b", 0, "a b", false},
		{"OnlyInvisible", "\u200b\u200d\u2060", 0, "", false},
		{"PrependedConcatenationMarkKept", "\u0600\u0661\u0662", 0, "\u0600\u0661\u0662", false},

		// Joiners stay where they shape the text, and only there.
		{"ZWJBetweenLatinLetters", "O\u200dbs1", 0, "Obs1", false},
		{"ZWNJBetweenLatinLetters", "O\u200cbs1", 0, "Obs1", false},
		{"ZWJFamilyKept", "👩\u200d👩\u200d👧", 0, "👩\u200d👩\u200d👧", false},
		{"ZWJWithToneKept", "👩🏾\u200d🚒", 0, "👩🏾\u200d🚒", false},
		{"ZWJWithSelectorKept", "❤\ufe0f\u200d🔥", 0, "❤\ufe0f\u200d🔥", false},
		{"ZWJTrailing", "👩\u200d", 0, "👩", false},
		{"ZWJDoubled", "👩\u200d\u200d👩", 0, "👩👩", false},
		{"ZWJBeforeSpace", "👩\u200d x", 0, "👩 x", false},
		{"ZWJAfterSpace", "a \u200d b", 0, "a b", false},
		{"ZWJLeading", "\u200d a", 0, "a", false},
		{"ZWJBetweenMarks", "e\u0301\u200d\u0300", 0, "e\u0301\u0300", false},
		{"DevanagariHalfForm", "क्\u200dष", 0, "क्\u200dष", false},
		{"DevanagariZWNJAfterVirama", "क्\u200cष", 0, "क्\u200cष", false},
		{"PersianZWNJ", "می\u200cخواهم", 0, "می\u200cخواهم", false},
		{"PersianZWNJDoubled", "می\u200c\u200cخواهم", 0, "می\u200cخواهم", false},
		{"ArabicZWNJBeforeLatin", "م\u200cx", 0, "مx", false},
		{"ArabicZWNJAfterHaraka", "بَ\u200cب", 0, "بَ\u200cب", false},

		// Variation selectors: one, right after a character.
		{"EmojiPresentationKept", "☺\ufe0f", 0, "☺\ufe0f", false},
		{"TextPresentationKept", "☺\ufe0e", 0, "☺\ufe0e", false},
		{"KeycapKept", "1\ufe0f\u20e3", 0, "1\ufe0f\u20e3", false},
		{"IdeographicVariantKept", "葛\U000e0100", 0, "葛\U000e0100", false},
		{"MongolianFreeVariationKept", "\u1820\u180b", 0, "\u1820\u180b", false},
		{"SelectorsStacked", "👍\ufe0f\ufe00\ufe01\U000e0100\U000e0101", 0, "👍\ufe0f", false},
		{"SelectorAtStart", "\ufe0fa", 0, "a", false},
		{"SelectorAfterSpace", "a \ufe0fb", 0, "a b", false},
		{"SelectorAfterMark", "e\u0301\ufe0f", 0, "e\u0301", false},

		// Tags: only a subdivision flag keeps them.
		{"ScotlandFlag", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 0,
			"🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", false},
		{"ScotlandFlagCountsAsOne", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007fx", 1,
			"🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", true},
		{"TagsSmuggled", "hi\U000e0068\U000e0069\U000e007f", 0, "hi", false},
		{"TagsOnFlagTooLong", "🏴" + strings.Repeat("\U000e0061", 20) + "\U000e007f", 0, "🏴", false},
		{"TagsOnFlagUnterminated", "🏴\U000e0067\U000e0062", 0, "🏴", false},

		// Combining marks: real accents in any script stay, stacks go.
		{"VietnameseDecomposed", "Vie\u0323\u0302t", 0, "Vie\u0323\u0302t", false},
		{"VietnamesePrecomposed", "Việt Nam", 0, "Việt Nam", false},
		{"Devanagari", "क़ीं हिन्दी", 0, "क़ीं हिन्दी", false},
		{"Thai", "กี่ น้ำ", 0, "กี่ น้ำ", false},
		{"Tibetan", "བསྒྲུབས", 0, "བསྒྲུབས", false},
		{"PointedHebrew", "בְּרֵאשִׁית", 0, "בְּרֵאשִׁית", false},
		{"FourMarksKept", "a\u0300\u0301\u0302\u0303", 0, "a\u0300\u0301\u0302\u0303", false},
		{"FifthMarkDropped", "a\u0300\u0301\u0302\u0303\u0304b", 0, "a\u0300\u0301\u0302\u0303b", false},
		{"Zalgo280", "Hi" + strings.Repeat("\u0301\u0316", 140), 0, "Hi\u0301\u0316\u0301\u0316", false},
		{"SameMarkTwice", "e\u0301\u0301", 0, "e\u0301", false},
		{"SameMarkStacked", "e" + strings.Repeat("\u0301", 280), 0, "e\u0301", false},
		{"MarksAtStart", strings.Repeat("\u0300\u0301", 5) + "a", 0, "\u0300\u0301\u0300\u0301a", false},
		{"MarksAfterSpace", "a \u0301\u0300\u0302\u0303\u0304", 0, "a \u0301\u0300\u0302\u0303", false},
		{"MarksCountAcrossDroppedInvisible", "a\u0300\u200b\u0301\u0302\u0303\u0304", 0, "a\u0300\u0301\u0302\u0303", false},
		{"KeycapAndTone", "#\ufe0f\u20e3👋🏽", 0, "#\ufe0f\u20e3👋🏽", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, cut := exercises.CleanText(tc.in, tc.max)
			if got != tc.want || cut != tc.cut {
				t.Errorf("CleanText(%q, %d) = %q, %v; want %q, %v", tc.in, tc.max, got, cut, tc.want, tc.cut)
			}
		})
	}
}

// fuzzMaxes are the limits every fuzz input is cleaned with: unlimited,
// tiny ones that force cuts inside clusters, and the real limits.
var fuzzMaxes = []int{0, 1, 2, 7, exercises.MaxNameLen, exercises.MaxTextLen}

func FuzzCleanText(f *testing.F) {
	// The hostile inputs live in testdata/fuzz/FuzzCleanText; these add
	// ordinary text the mutator can start from.
	for _, s := range []string{"", "We can commit staff", "héllo 日本語 👩🏾‍🚒 🇳🇱"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, max := range fuzzMaxes {
			clean, cut := exercises.CleanText(s, max)
			checkClean(t, s, max, clean)
			if again, cutAgain := exercises.CleanText(clean, max); again != clean || cutAgain {
				t.Fatalf("not idempotent with max %d: CleanText(%q) = %q, then %q (cut %v)", max, s, clean, again, cutAgain)
			}
			// A cut keeps a prefix of the whole cleaned text, and happens
			// exactly when that text is over the limit.
			full, _ := exercises.CleanText(s, 0)
			if !strings.HasPrefix(full, clean) {
				t.Fatalf("CleanText(%q, %d) = %q is not a prefix of the uncut %q", s, max, clean, full)
			}
			if over := max > 0 && uniseg.GraphemeClusterCount(full) > max; cut != over {
				t.Fatalf("CleanText(%q, %d) reports cut %v for %q (uncut %q)", s, max, cut, clean, full)
			}
		}
		plain := plainText(s)
		if got, cut := exercises.CleanText(plain, 0); got != plain || cut {
			t.Fatalf("plain text changed: CleanText(%q) = %q, cut %v", plain, got, cut)
		}
		if n := uniseg.GraphemeClusterCount(plain); n > 0 {
			if got, cut := exercises.CleanText(plain, n); got != plain || cut {
				t.Fatalf("plain text at its own length %d changed: CleanText(%q) = %q, cut %v", n, plain, got, cut)
			}
		}
	})
}

// checkClean fails unless clean is safe to show: valid UTF-8, one trimmed
// line, no control, bidi or invisible characters, no stack of marks, within
// max characters.
func checkClean(t *testing.T, in string, max int, clean string) {
	t.Helper()
	if !utf8.ValidString(clean) {
		t.Fatalf("CleanText(%q, %d) = %q: invalid UTF-8", in, max, clean)
	}
	for _, r := range clean {
		switch {
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			t.Fatalf("CleanText(%q, %d) = %q: contains control %U", in, max, clean, r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			t.Fatalf("CleanText(%q, %d) = %q: contains bidi control %U", in, max, clean, r)
		}
	}
	marks := 0
	for _, r := range clean {
		switch {
		case unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r),
			unicode.Is(unicode.Cf, r) && r != 0x200c && r != 0x200d && !(r >= 0xe0020 && r <= 0xe007f) &&
				!unicode.Is(unicode.Prepended_Concatenation_Mark, r) && !(r >= 0x13430 && r <= 0x13440):
			t.Fatalf("CleanText(%q, %d) = %q: contains invisible %U", in, max, clean, r)
		case unicode.Is(unicode.Variation_Selector, r):
		case unicode.Is(unicode.M, r):
			if marks++; marks > exercises.MaxMarks {
				t.Fatalf("CleanText(%q, %d) = %q: more than %d marks on one character", in, max, clean, exercises.MaxMarks)
			}
		default:
			marks = 0
		}
	}
	if strings.TrimSpace(clean) != clean || strings.Contains(clean, "  ") {
		t.Fatalf("CleanText(%q, %d) = %q: untrimmed or double spaces", in, max, clean)
	}
	if n := uniseg.GraphemeClusterCount(clean); max > 0 && n > max {
		t.Fatalf("CleanText(%q, %d) = %q: %d characters", in, max, clean, n)
	}
}

// plainText keeps the printable runes of s (letters, digits, punctuation
// and symbols that are not default-ignorable, each with at most one
// combining mark) and turns everything else into single spaces between
// words: text CleanText must leave as it is.
func plainText(s string) string {
	var b strings.Builder
	mark := false // a mark may follow
	for _, r := range s {
		switch {
		case r != utf8.RuneError && unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) &&
			!unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
			b.WriteRune(r)
			mark = true
		case unicode.Is(unicode.M, r):
			if mark && !unicode.In(r, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point) {
				b.WriteRune(r)
			}
			mark = false
		default:
			b.WriteByte(' ')
			mark = false
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
