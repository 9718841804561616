package tui

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// drawOrPanic calls get and reports whether it panicked, as a connection's
// program would (Bubble Tea recovers it and the connection ends).
func drawOrPanic(c *sharedCache[resultsKey, drawing], k resultsKey, render func() drawing) (d drawing, panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	return c.get(k, render), false
}

// TestResultsCacheRedrawsAfterAPanic: when the first reader's drawing
// panics, the entry is not left drawn and empty; the next reader of the
// key draws it again and gets the whole drawing.
func TestResultsCacheRedrawsAfterAPanic(t *testing.T) {
	c := newSharedCache[resultsKey, drawing](4)
	k := resultsKey{state: stateID{"w", 1}, width: 80}
	want := []string{"3 answers", "• Fewer hungry kids"}
	if _, panicked := drawOrPanic(c, k, func() drawing { panic("a bug in a drawing") }); !panicked {
		t.Fatal("the panic of the first drawing did not reach its reader")
	}
	d, panicked := drawOrPanic(c, k, func() drawing { return drawing{lines: want} })
	if panicked || !slices.Equal(d.lines, want) {
		t.Fatalf("the next reader got %q (panicked: %v), want %q", d.lines, panicked, want)
	}
	again, _ := drawOrPanic(c, k, func() drawing { t.Error("a drawn entry was drawn again"); return drawing{} })
	if !slices.Equal(again.lines, want) {
		t.Fatalf("a later reader got %q, want %q", again.lines, want)
	}
}

// TestResultsCacheConcurrentReadersAfterAPanic: many connections ask for a
// key at once and the first drawing panics. Only the reader whose drawing
// panicked fails; one other draws it again, and every other reader gets
// that drawing. Run it with -race.
func TestResultsCacheConcurrentReadersAfterAPanic(t *testing.T) {
	const readers = 64
	c := newSharedCache[resultsKey, drawing](4)
	k := resultsKey{state: stateID{"w", 1}, width: 80}
	want := []string{"3 answers"}
	var draws atomic.Int32
	render := func() drawing {
		if draws.Add(1) == 1 {
			panic("a bug in a drawing")
		}
		return drawing{lines: want}
	}
	var (
		wg       sync.WaitGroup
		start    = make(chan struct{})
		panicked atomic.Int32
		wrong    atomic.Int32
	)
	for range readers {
		wg.Go(func() {
			<-start
			d, p := drawOrPanic(c, k, render)
			switch {
			case p:
				panicked.Add(1)
			case !slices.Equal(d.lines, want):
				wrong.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if panicked.Load() != 1 || wrong.Load() != 0 || draws.Load() != 2 {
		t.Fatalf("of %d readers %d panicked and %d got another drawing, in %d draws; want 1 panic, 0 others, 2 draws",
			readers, panicked.Load(), wrong.Load(), draws.Load())
	}
}

// TestPanicInSharedResultsSparesOtherConnections: the results drawing that
// two participants at one width share panics while the first one's screen
// draws it. That first screen fails (its connection ends); the second
// participant still sees every answer, not a blank block.
func TestPanicInSharedResultsSparesOtherConnections(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	f.join("SHA256:bo", "Bo Chen", "City Council")
	f.do("SHA256:ana", exercises.SetAnswer{Text: "Fewer hungry kids"})
	f.do("SHA256:bo", exercises.SetAnswer{Text: "A shared van"})
	f.do(facID, session.Reveal{Activity: 0, On: true})
	a := f.connect("SHA256:ana", 80, 24)
	b := f.connect("SHA256:bo", 80, 24)

	var armed atomic.Bool
	armed.Store(true)
	sharedResults.beforeDraw = func(k resultsKey) {
		if k.state.workshop == f.w.ID() && armed.CompareAndSwap(true, false) {
			panic("a bug in a drawing")
		}
	}
	t.Cleanup(func() { sharedResults.beforeDraw = nil })
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the first screen drew its results without the injected panic")
			}
		}()
		a.screen()
	}()
	b.mustSee("2 answers", "Fewer hungry kids", "A shared van")
}
