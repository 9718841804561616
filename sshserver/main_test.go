package sshserver_test

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/internal/termtest"
	"commonground/session"
	"commonground/sshserver"
	"commonground/tui"
)

// wait is how long a test waits for a screen or a session: generous, as the
// test machine is small and shared. No test asserts how fast anything is.
const wait = 10 * time.Second

// statements is how many statements the willingness check has: three, as a
// workshop may edit them, so every result fits on one screen and the tests
// read what a person sees without scrolling.
const statements = 3

// TestMain fails the run if any goroutine of the server, the hub, Bubble Tea
// or the SSH library is still running once every test has cleaned up.
func TestMain(m *testing.M) {
	// Every shared participant screen is checked against the connection's
	// own drawing of it, unless benchmarks run: they measure what a server
	// pays.
	flag.Parse()
	if flag.Lookup("test.bench").Value.String() == "" {
		tui.VerifySharedFrames()
	}
	code := m.Run()
	if code == 0 {
		if leaks := leakedGoroutines(wait); leaks != "" {
			fmt.Fprintf(os.Stderr, "goroutines still running after the tests:\n%s\n", leaks)
			code = 1
		}
	}
	os.Exit(code)
}

// leakedGoroutines waits up to timeout for every goroutine of ours or of
// the libraries we drive to end, and returns the stacks of those that did not.
func leakedGoroutines(timeout time.Duration) string {
	deadline := time.Now().Add(timeout)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var leaks []string
		// The first stack is this goroutine's own.
		for _, g := range strings.Split(string(buf), "\n\n")[1:] {
			for _, pkg := range []string{"commonground/", "charm.land/", "golang.org/x/crypto/ssh"} {
				if strings.Contains(g, pkg) {
					leaks = append(leaks, g)
					break
				}
			}
		}
		if len(leaks) == 0 || time.Now().After(deadline) {
			return strings.Join(leaks, "\n\n")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// env is a running server with one workshop whose facilitator is fac.
type env struct {
	hub  *session.Hub
	srv  *sshserver.Server
	addr string
	code string
	fac  termtest.Key
	// admin is the key the server treats as its admin key.
	admin termtest.Key
	logs  *termtest.Buffer // the server's and the hub's log
}

// start runs a real server with the check-in and willingness workshop.
func start(t testing.TB) *env {
	t.Helper()
	return startWith(t, checkInAndWillingness(t))
}

// checkInAndWillingness is the agenda of start: a check-in, then a
// willingness check of a few statements.
func checkInAndWillingness(t testing.TB) []exercises.Activity {
	t.Helper()
	agenda := activities(t, checkin.Kind, willingness.Kind)
	agenda[1].Settings = willingness.Settings{Statements: willingness.Statements(agenda[1])[:statements]}
	return agenda
}

// activities returns one activity of each kind, with its default settings.
func activities(t testing.TB, kinds ...exercises.Kind) []exercises.Activity {
	t.Helper()
	var agenda []exercises.Activity
	for _, k := range kinds {
		a, err := catalog.New(k)
		if err != nil {
			t.Fatal(err)
		}
		agenda = append(agenda, a)
	}
	return agenda
}

// startWith runs a real server on a random port over a bbolt file in a
// temporary directory, with one workshop on the agenda. It is shut down
// when the test ends, after the test's clients were closed, and its log is
// printed if the test failed.
func startWith(t testing.TB, agenda []exercises.Activity) *env {
	t.Helper()
	return startTuned(t, agenda, setup{})
}

// setup adjusts a test server before it starts; the zero setup is
// startWith's. hub and server change the settings startWith fills in,
// ready runs between the server's New and Start.
type setup struct {
	hub    func(*session.Options)
	server func(*sshserver.Config)
	ready  func(*sshserver.Server)
}

// startTuned is startWith with the hub and the server adjusted by set.
func startTuned(t testing.TB, agenda []exercises.Activity, set setup) *env {
	t.Helper()
	dir := t.TempDir()
	store, err := session.OpenBolt(filepath.Join(dir, "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	logs := &termtest.Buffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	opts := session.Options{Logger: logger}
	if set.hub != nil {
		set.hub(&opts)
	}
	hub := session.NewHub(store, opts)
	e := &env{hub: hub, fac: termtest.NewKey(), admin: termtest.NewKey(), logs: logs}
	meta, err := hub.Create(session.NewWorkshop{Title: "Partnership kickoff", Agenda: agenda, Facilitators: []string{e.fac.ID}})
	if err != nil {
		t.Fatal(err)
	}
	e.code = meta.Code
	// The facilitator gave their profile on an earlier visit: they go
	// straight to the presenter.
	if err := hub.SaveProfile(session.Profile{ID: e.fac.ID, Name: "Fran Host", Org: "CommonGround"}); err != nil {
		t.Fatal(err)
	}
	cfg := sshserver.Config{
		Addr:        "127.0.0.1:0",
		HostKeyPath: filepath.Join(dir, "ssh", "host_ed25519"),
		Hub:         hub,
		AdminID:     e.admin.ID,
		Logger:      logger,
		IdleTimeout: time.Minute,
	}
	if set.server != nil {
		set.server(&cfg)
	}
	e.srv, err = sshserver.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if set.ready != nil {
		set.ready(e.srv)
	}
	if err := e.srv.Start(); err != nil {
		t.Fatal(err)
	}
	e.addr = e.srv.Addr().String()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		if err := e.srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := store.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs)
		}
	})
	return e
}

// workshop returns the live workshop of the env.
func (e *env) workshop(t testing.TB) *session.Workshop {
	t.Helper()
	w, err := e.hub.Open(e.code)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
