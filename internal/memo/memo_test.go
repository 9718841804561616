package memo

import (
	"fmt"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestGetIsTheComputedValue(t *testing.T) {
	m := New(ansi.StringWidthWc)
	for _, s := range []string{
		"", "plain", "\x1b[1;38;5;205mstyled\x1b[m text", "Bienvenue à tous", "食品银行", "👩🏾‍🚒 fire", "tab\there",
	} {
		for range 2 { // measured, then remembered
			if got, want := m.Get(s), ansi.StringWidthWc(s); got != want {
				t.Errorf("Width(%q) = %d, want %d", s, got, want)
			}
		}
	}
}

// TestMemoIsBounded: however many lines are drawn, the memo keeps at most
// two generations per shard, and a line drawn all along stays remembered.
func TestMemoIsBounded(t *testing.T) {
	m := New(ansi.StringWidthWc)
	const often = "a line on every frame"
	for i := range 100_000 {
		m.Get(fmt.Sprintf("typed %d", i))
		m.Get(often)
	}
	for i := range m.shards {
		if sh := &m.shards[i]; len(sh.cur) > genSize || len(sh.prev) > genSize {
			t.Fatalf("shard %d holds %d + %d lines, want at most %d each", i, len(sh.cur), len(sh.prev), genSize)
		}
	}
	sh := m.shardOf(often)
	_, inCur := sh.cur[often]
	_, inPrev := sh.prev[often]
	if !inCur && !inPrev {
		t.Error("a line drawn on every frame was forgotten")
	}
}

// TestConcurrentWidths: connections measure at once (run with -race).
func TestConcurrentWidths(t *testing.T) {
	m := New(ansi.StringWidthWc)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				s := fmt.Sprintf("line %d", i%(100*(g+1)))
				if m.Get(s) != len(s) {
					t.Errorf("Width(%q) wrong", s)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkWidth(b *testing.B) {
	line := "\x1b[38;5;245m• load answer 17\x1b[m \x1b[2m— load 17 (Org 3)\x1b[m  and some more text to make a row"
	b.Run("measured", func(b *testing.B) {
		for b.Loop() {
			ansi.StringWidthWc(line)
		}
	})
	b.Run("memo", func(b *testing.B) {
		m := New(ansi.StringWidthWc)
		for b.Loop() {
			m.Get(line)
		}
	})
}
