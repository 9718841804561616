package logthrottle

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// timers stands in for time.AfterFunc: fire runs what is due by then.
type timers struct {
	due []*timer
}

type timer struct {
	at      time.Duration // since t0
	f       func()
	stopped bool
}

func (ts *timers) after(now func() time.Duration) func(time.Duration, func()) func() bool {
	return func(d time.Duration, f func()) func() bool {
		t := &timer{at: now() + d, f: f}
		ts.due = append(ts.due, t)
		return func() bool {
			was := !t.stopped
			t.stopped = true
			return was
		}
	}
}

func (ts *timers) fire(by time.Duration) {
	for _, t := range ts.due {
		if !t.stopped && t.at <= by {
			t.stopped = true
			t.f()
		}
	}
}

var t0 = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

// step is a record logged at a time since t0, a timer firing ("fire"), or
// a Flush ("flush").
type step struct {
	at     time.Duration
	msg    string
	remote string
}

// newTest returns a handler writing text lines without times to buf, with
// its timers under the test's control.
func newTest(opts Options, clock *time.Duration) (*Handler, *bytes.Buffer, *timers) {
	var buf bytes.Buffer
	text := slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}})
	h := New(text, opts)
	ts := &timers{}
	h.st.after = ts.after(func() time.Duration { return *clock })
	return h, &buf, ts
}

func TestHandler(t *testing.T) {
	minute := Options{Burst: 2, Interval: time.Minute, Keys: []string{"remote"}}
	for _, c := range []struct {
		name  string
		opts  Options
		steps []step
		want  []string
	}{
		{"UnderBurst", minute,
			[]step{{0, "refused", "a"}, {time.Second, "refused", "a"}},
			[]string{`level=WARN msg=refused remote=a n=0`, `level=WARN msg=refused remote=a n=1`}},
		{"OverBurstSummarisedWhenTheIntervalEnds", minute,
			[]step{{0, "refused", "a"}, {0, "refused", "a"}, {0, "refused", "a"}, {time.Second, "refused", "a"}, {time.Minute, "fire", ""}},
			[]string{`level=WARN msg=refused remote=a n=0`, `level=WARN msg=refused remote=a n=1`,
				`level=WARN msg=refused remote=a suppressed=2 window=1m0s`}},
		{"KeysApart", minute,
			[]step{{0, "refused", "a"}, {0, "refused", "a"}, {0, "refused", "a"}, {0, "refused", "b"}, {time.Minute, "fire", ""}},
			[]string{`level=WARN msg=refused remote=a n=0`, `level=WARN msg=refused remote=a n=1`, `level=WARN msg=refused remote=b n=3`,
				`level=WARN msg=refused remote=a suppressed=1 window=1m0s`}},
		{"MessagesApart", Options{Burst: 1},
			[]step{{0, "session start", "a"}, {0, "session end", "a"}, {0, "session start", "b"}},
			[]string{`level=WARN msg="session start" remote=a n=0`, `level=WARN msg="session end" remote=a n=1`}},
		{"NextIntervalAfterTheLateSummary", Options{Burst: 1, Interval: time.Minute},
			[]step{{0, "refused", "a"}, {time.Second, "refused", "a"}, {time.Minute, "refused", "a"}},
			[]string{`level=WARN msg=refused remote=a n=0`, `level=WARN msg=refused suppressed=1 window=1m0s`,
				`level=WARN msg=refused remote=a n=2`}},
		{"FlushSummarisesNow", minute,
			[]step{{0, "refused", "a"}, {0, "refused", "a"}, {0, "refused", "a"}, {time.Second, "flush", ""}, {time.Minute, "fire", ""}},
			[]string{`level=WARN msg=refused remote=a n=0`, `level=WARN msg=refused remote=a n=1`,
				`level=WARN msg=refused remote=a suppressed=1 window=1m0s`}},
		{"Off", Options{},
			[]step{{0, "refused", "a"}, {0, "refused", "a"}, {0, "refused", "a"}},
			[]string{`level=WARN msg=refused remote=a n=0`, `level=WARN msg=refused remote=a n=1`, `level=WARN msg=refused remote=a n=2`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var clock time.Duration
			h, buf, ts := newTest(c.opts, &clock)
			for i, s := range c.steps {
				clock = s.at
				switch s.msg {
				case "fire":
					ts.fire(s.at)
				case "flush":
					if err := h.Flush(); err != nil {
						t.Fatal(err)
					}
				default:
					r := slog.NewRecord(t0.Add(s.at), slog.LevelWarn, s.msg, 0)
					r.AddAttrs(slog.String("remote", s.remote), slog.Int("n", i))
					if err := h.Handle(context.Background(), r); err != nil {
						t.Fatal(err)
					}
				}
			}
			if got := strings.Split(strings.TrimSpace(buf.String()), "\n"); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("logged:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestDerivedHandlers counts records through WithAttrs and WithGroup apart
// from the parent's, in the same state.
func TestDerivedHandlers(t *testing.T) {
	var clock time.Duration
	h, buf, _ := newTest(Options{Burst: 1}, &clock)
	log := slog.New(h)
	for range 2 {
		log.Info("hello")
		log.With("workshop", "w1").Info("hello")
		log.WithGroup("g").Info("hello", "k", "v")
	}
	want := "level=INFO msg=hello\nlevel=INFO msg=hello workshop=w1\nlevel=INFO msg=hello g.k=v\n"
	if got := stripTimes(buf.String()); got != want {
		t.Errorf("logged:\n%s\nwant:\n%s", got, want)
	}
}

// stripTimes drops the time slog.Logger stamps on each line.
func stripTimes(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if _, rest, ok := strings.Cut(line, " "); ok && strings.HasPrefix(line, "time=") {
			line = rest
		}
		b.WriteString(line)
	}
	return b.String()
}

// TestSweep forgets the kinds whose interval ended with nothing left out,
// so that one line per connection does not grow the map for ever.
func TestSweep(t *testing.T) {
	var clock time.Duration
	h, _, _ := newTest(Options{Burst: 1, Interval: time.Minute, Keys: []string{"remote"}}, &clock)
	log := func(at time.Duration, remote string) {
		r := slog.NewRecord(t0.Add(at), slog.LevelInfo, "session start", 0)
		r.AddAttrs(slog.String("remote", remote))
		if err := h.Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	for i := range minSweep {
		log(0, fmt.Sprint(i))
	}
	log(time.Minute, "late")
	if n := len(h.st.kinds); n != 1 {
		t.Errorf("%d kinds kept after the sweep, want 1", n)
	}
}
