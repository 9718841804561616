package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/session"
)

const facID = "SHA256:facilitator"

// t0 is the time on every clock in these tests: the hub's and the models'.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func clock0() time.Time { return t0 }

// fixture is a real hub on a temporary bbolt file with one live workshop.
type fixture struct {
	t      testing.TB
	hub    *session.Hub
	w      *session.Workshop
	closed bool
}

// newFixture creates a workshop with one activity per kind, run by facID.
func newFixture(t testing.TB, kinds ...exercises.Kind) *fixture {
	t.Helper()
	return newFixtureWith(t, session.Options{}, kinds...)
}

// newFixtureWith is newFixture with a hub of those options, on the tests'
// clock.
func newFixtureWith(t testing.TB, opts session.Options, kinds ...exercises.Kind) *fixture {
	t.Helper()
	var agenda []exercises.Activity
	for _, k := range kinds {
		a, err := catalog.New(k)
		if err != nil {
			t.Fatal(err)
		}
		agenda = append(agenda, a)
	}
	return newFixtureOf(t, opts, agenda)
}

// newFixtureAgenda is newFixture with the agenda given.
func newFixtureAgenda(t testing.TB, agenda []exercises.Activity) *fixture {
	t.Helper()
	return newFixtureOf(t, session.Options{}, agenda)
}

// newFixtureOf is a fixture of the agenda with a hub of those options, on
// the tests' clock.
func newFixtureOf(t testing.TB, opts session.Options, agenda []exercises.Activity) *fixture {
	t.Helper()
	store, err := session.OpenBolt(filepath.Join(t.TempDir(), "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	opts.Now = clock0
	hub := session.NewHub(store, opts)
	f := &fixture{t: t, hub: hub}
	t.Cleanup(func() {
		if !f.closed {
			hub.Close()
		}
		if err := store.Close(); err != nil {
			t.Error(err)
		}
	})
	meta, err := hub.Create(session.NewWorkshop{Title: "Partnership kickoff", Agenda: agenda, Facilitators: []string{facID}})
	if err != nil {
		t.Fatal(err)
	}
	if f.w, err = hub.Open(meta.Code); err != nil {
		t.Fatal(err)
	}
	// The facilitator has given their profile before: they go straight to
	// the presenter (TestFacilitatorGivesAProfileOnce starts without it).
	if err := hub.SaveProfile(session.Profile{ID: facID, Name: "Fran Host", Org: "CommonGround"}); err != nil {
		t.Fatal(err)
	}
	return f
}

// close shuts the hub down, as the server does when it stops.
func (f *fixture) close() {
	f.closed = true
	f.hub.Close()
}

// do carries out an action directly in the hub, as another connection would.
func (f *fixture) do(id string, a session.Action) {
	f.t.Helper()
	if _, err := f.w.Do(context.Background(), id, a); err != nil {
		f.t.Fatalf("%T: %v", a, err)
	}
}

// join makes id a participant with a saved profile.
func (f *fixture) join(id, name, org string) {
	f.t.Helper()
	if err := f.hub.SaveProfile(session.Profile{ID: id, Name: name, Org: org}); err != nil {
		f.t.Fatal(err)
	}
	f.do(id, session.Join{Name: name, Org: org})
}

// driver runs one connection's real model: it feeds messages to Update and
// runs the commands Update returns, feeding their messages back.
type driver struct {
	t        testing.TB
	f        *fixture
	m        tea.Model
	quit     bool
	attached []string
	w, h     int // the terminal size last sent
}

// connect opens a model for id ("" for a keyless guest) on a w×h terminal.
func (f *fixture) connect(id string, w, h int) *driver {
	f.t.Helper()
	d := &driver{t: f.t, f: f}
	wid := f.w.ID()
	d.m = New(Options{Hub: f.hub, Workshop: f.w, ID: id, Attach: func(id string) error {
		d.attached = append(d.attached, id)
		return nil
	},
		Rejoin:   func(pin string) (string, error) { return f.hub.GuestByPIN(wid, pin, "test") },
		NewGuest: func() (string, string, error) { return f.hub.NewGuest(wid, "test") },
		Now:      clock0})
	// A running timer would schedule real ticks; tests never wait for time.
	d.m.(*Model).after = func(time.Duration, tea.Msg) tea.Cmd { return nil }
	d.run(d.m.Init())
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

// send delivers msg and everything the resulting commands produce.
func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		d.w, d.h = size.Width, size.Height
	}
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0; n++ {
		if n > 1000 {
			d.t.Fatal("the model keeps producing messages")
		}
		var cmd tea.Cmd
		d.m, cmd = d.m.Update(queue[0])
		queue = append(queue[1:], d.collect(cmd)...)
	}
}

// run executes a command and delivers its messages.
func (d *driver) run(cmd tea.Cmd) {
	d.t.Helper()
	for _, msg := range d.collect(cmd) {
		d.send(msg)
	}
}

// collect runs cmd, expanding batches, and returns the messages.
func (d *driver) collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, d.collect(c)...)
		}
		return out
	case tea.QuitMsg:
		d.quit = true
		return nil
	default:
		return []tea.Msg{msg}
	}
}

// refresh delivers the workshop's newest snapshot, as the forwarder would.
func (d *driver) refresh() { d.send(SnapshotMsg{Snap: d.f.w.Snapshot()}) }

// press sends named keys ("enter", "tab", "down", "4", "space").
func (d *driver) press(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.send(keyPress(k))
	}
}

// typeText types s one character at a time.
func (d *driver) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyPress(name string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc":       {Code: tea.KeyEscape},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"pgdown":    {Code: tea.KeyPgDown},
		"pgup":      {Code: tea.KeyPgUp},
		"space":     {Code: tea.KeySpace, Text: " "},
		"backspace": {Code: tea.KeyBackspace},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	}
	if k, ok := special[name]; ok {
		return k
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// screen is what the person sees, without styles. It fails the test if the
// frame does not fit the terminal: a line too wide would wrap and shift
// everything under it.
func (d *driver) screen() string {
	d.t.Helper()
	content := d.m.View().Content
	lines := strings.Split(content, "\n")
	if !d.quit && len(lines) != d.h {
		d.t.Fatalf("%d lines on a terminal of %d:\n%s", len(lines), d.h, ansi.Strip(content))
	}
	for i, l := range lines {
		if n := ansi.StringWidthWc(l); n > d.w {
			d.t.Fatalf("line %d is %d cells on a terminal of %d: %q", i+1, n, d.w, ansi.Strip(l))
		}
	}
	return ansi.Strip(content)
}

// mustSee fails unless every text is on the screen.
func (d *driver) mustSee(texts ...string) {
	d.t.Helper()
	s := d.screen()
	for _, text := range texts {
		if !strings.Contains(s, text) {
			d.t.Fatalf("screen lacks %q:\n%s", text, s)
		}
	}
}

// mustNotSee fails if any text is on the screen.
func (d *driver) mustNotSee(texts ...string) {
	d.t.Helper()
	s := d.screen()
	for _, text := range texts {
		if strings.Contains(s, text) {
			d.t.Fatalf("screen shows %q:\n%s", text, s)
		}
	}
}
