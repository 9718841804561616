package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestCutAndFitCountCells(t *testing.T) {
	firefighter := "👩🏾\u200d🚒" // 2 cells as one grapheme, 6 counted rune by rune as the renderer does
	for _, tc := range []struct {
		name string
		s    string
		w    int
	}{
		{"ASCII", strings.Repeat("x", 30), 20},
		{"FitsAlready", "short", 20},
		{"EmojiSequenceFitsAsGraphemes", "ab" + strings.Repeat(firefighter, 5), 14},
		{"StyledEmojiSequence", "\x1b[37mWe believe\x1b[m " + strings.Repeat(firefighter, 9) + "\x1b[7m \x1b[m", 28},
		{"CJK", strings.Repeat("日本語", 10), 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := ansi.StringWidthWc(cut(tc.s, tc.w)); n > tc.w {
				t.Errorf("cut(%q, %d) is %d cells", tc.s, tc.w, n)
			}
			if n := ansi.StringWidthWc(fit(tc.s, tc.w)); n != tc.w {
				t.Errorf("fit(%q, %d) is %d cells", tc.s, tc.w, n)
			}
		})
	}
}
