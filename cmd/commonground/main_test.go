package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"commonground/exercises"
	"commonground/internal/termtest"
	"commonground/session"
)

// wait bounds every wait for a server, a screen or a command: generous,
// because the test machine is small and shared. No test asserts how fast
// anything is.
const wait = 30 * time.Second

// binary is the commonground command, built once for every test.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "commonground-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "commonground")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// environ is the environment of a command under test: ours without
// COMMONGROUND_* settings, with HOME set to home.
func environ(home string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix) && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(append(env, "HOME="+home), extra...)
}

// fakeHome returns a home directory whose ~/.ssh/id_ed25519.pub is key's
// public key; the zero key gives a home without keys.
func fakeHome(t *testing.T, key termtest.Key) string {
	t.Helper()
	home := t.TempDir()
	if key.Signer == nil {
		return home
	}
	if err := os.Mkdir(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key.Signer.PublicKey()))) + " facilitator@test\n"
	if err := os.WriteFile(filepath.Join(home, ".ssh", "id_ed25519.pub"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	return home
}

// server is a `commonground serve` running as a subprocess.
type server struct {
	cmd   *exec.Cmd
	out   *termtest.Buffer // stdout and stderr
	port  int
	codes []string // the join codes it printed, in order
	done  chan struct{}
	err   error // of Wait, once done is closed
}

var joinLine = regexp.MustCompile(`(?m)^ssh -p (\d+) (\S+)@localhost$`)

// startServer runs `commonground serve` on a random port over the data
// directory, with the extra environment variables, and returns once it
// printed its join commands. It is killed when the test ends if it still
// runs.
func startServer(t *testing.T, data, home string, extra ...string) *server {
	t.Helper()
	s := &server{out: &termtest.Buffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(binary, "serve", "--addr", "127.0.0.1:0", "--data", data)
	s.cmd.Env = environ(home, extra...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.done
		if t.Failed() {
			t.Logf("server output:\n%s", s.out)
		}
	})
	deadline := time.Now().Add(wait)
	for {
		out := s.out.String()
		// The join commands follow "listening"; the last is complete once
		// its line ends.
		if strings.Contains(out, "is listening on") && joinLine.MatchString(out) {
			for _, m := range joinLine.FindAllStringSubmatch(out, -1) {
				s.port, _ = strconv.Atoi(m[1])
				s.codes = append(s.codes, m[2])
			}
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("the server ended (%v) before printing a join command:\n%s", s.err, out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no join command within %v:\n%s", wait, out)
		}
	}
}

func (s *server) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// stop ends the server with SIGTERM, as a service manager would, and
// fails the test unless it exits with status 0.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(wait):
		t.Fatalf("the server did not stop within %v", wait)
	}
	if s.err != nil {
		t.Fatalf("the server ended with %v after SIGTERM", s.err)
	}
}

// crash kills the server with SIGKILL: no cleanup of any kind.
func (s *server) crash(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.done
}

// run runs the commonground command with args in the environment env and
// returns its output and exit status.
func run(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && ctx.Err() == nil:
		code = exit.ExitCode()
	default:
		t.Fatalf("commonground %q: %v\nstderr:\n%s", args, err, errOut.String())
	}
	return out.String(), errOut.String(), code
}

// hostKey returns the host key the server at addr shows a client.
func hostKey(t *testing.T, addr string) string {
	t.Helper()
	var seen gossh.PublicKey
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "nobody",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(termtest.NewKey().Signer)},
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			seen = key
			return nil
		},
		Timeout: wait,
	})
	if err != nil {
		t.Fatal(err)
	}
	client.Close()
	return gossh.FingerprintSHA256(seen)
}

// joinAs goes through a participant's first visit: name and organisation.
func joinAs(t *testing.T, term *termtest.Term, name, org string) {
	t.Helper()
	term.WaitFor(t, "Display name", wait)
	term.Type(name)
	term.Press("tab")
	term.Type(org)
	term.Press("enter")
	term.WaitFor(t, "Activity 1/", wait)
}

// room is a workshop with its facilitator's presenter view open and two
// participants joined: Ana of River Trust and Ben of City Fund.
type room struct {
	presenter, pa, pb *termtest.Term
	fac, ana, ben     termtest.Key
}

// openPresenter opens the presenter view with fac, as Fay of Facilitation
// Co: every facilitator gives a profile once, as participants do.
func openPresenter(t *testing.T, addr, code string, fac termtest.Key) *termtest.Term {
	t.Helper()
	p := termtest.Open(t, addr, code, fac)
	p.WaitFor(t, "Display name", wait)
	p.Type("Fay")
	p.Press("tab")
	p.Type("Facilitation Co")
	p.Press("enter")
	p.WaitFor(t, "Agenda", wait)
	return p
}

// joinRoom opens the presenter view with fac and joins Ana and Ben.
func joinRoom(t *testing.T, addr, code string, fac termtest.Key) room {
	t.Helper()
	r := room{fac: fac, ana: termtest.NewKey(), ben: termtest.NewKey()}
	r.presenter = openPresenter(t, addr, code, fac)
	r.pa = termtest.Open(t, addr, code, r.ana)
	joinAs(t, r.pa, "Ana", "River Trust")
	r.pb = termtest.Open(t, addr, code, r.ben)
	joinAs(t, r.pb, "Ben", "City Fund")
	return r
}

// checkedIn starts a server on a new data directory, whose demo workshop
// it returns with its room open, Ana's check-in "Clean rivers for
// everyone" acknowledged on her screen, and the home its facilitator's
// key is in.
func checkedIn(t *testing.T) (srv *server, data, home string, r room) {
	t.Helper()
	fac := termtest.NewKey()
	home = fakeHome(t, fac) // the facilitators file is made from it
	data = filepath.Join(t.TempDir(), "data")
	srv = startServer(t, data, home)
	if len(srv.codes) != 1 {
		t.Fatalf("want the demo workshop's join command alone, got %q", srv.codes)
	}
	r = joinRoom(t, srv.addr(), srv.codes[0], fac)
	r.pa.Type("Clean rivers for everyone")
	r.pa.Press("enter")
	r.pa.WaitFor(t, "Saved", wait)
	return srv, data, home, r
}

// TestCrash kills the server with SIGKILL after participants' answers were
// acknowledged on their screens, restarts it on the same data, and finds
// every answer, the current step and the host key as they were.
func TestCrash(t *testing.T) {
	srv, data, home, room := checkedIn(t)
	code := srv.codes[0]
	key := hostKey(t, srv.addr())
	presenter, pa, pb, ana, ben := room.presenter, room.pa, room.pb, room.ana, room.ben

	pb.Type("Funding that lasts")
	pb.Press("enter")
	pb.WaitFor(t, "Saved", wait)

	// Everyone has answered, as the presenter sees: one ] moves on.
	presenter.WaitFor(t, "2 of 2 answered", wait)
	presenter.Press("]") // on to the willingness check
	pa.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	pb.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	pa.Press("4")
	pa.WaitFor(t, "Saved: 4", wait)
	pa.Press("down", "2")
	pa.WaitFor(t, "Saved: 2", wait)
	pb.Press("0")
	pb.WaitFor(t, "Saved: 0", wait)

	srv.crash(t)
	for _, term := range []*termtest.Term{presenter, pa, pb} {
		term.Close()
	}

	srv = startServer(t, data, home)
	if got := hostKey(t, srv.addr()); got != key {
		t.Errorf("host key %s after the restart, was %s", got, key)
	}
	if len(srv.codes) != 1 || srv.codes[0] != code {
		t.Errorf("after the restart the server lists %q, want %q", srv.codes, code)
	}
	// A participant comes back to the current step.
	pa = termtest.Open(t, srv.addr(), code, ana)
	pa.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	pa.Close()

	// The report, through the running server, has the answers.
	out, errOut, status := run(t, environ(home), "--data", data, "export", code, "--format", "json")
	if status != 0 || !json.Valid([]byte(out)) {
		t.Fatalf("export through the server: exit %d, stderr %s\n%s", status, errOut, out)
	}
	for _, want := range []string{"Clean rivers for everyone", "Funding that lasts"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}

	// Every acknowledged answer is in the store, exactly.
	srv.stop(t)
	snap := readStore(t, data, code)
	if snap.Current != 1 || snap.Activities[1].Phase != 0 {
		t.Errorf("the workshop is on activity %d phase %d, want the willingness check's first phase", snap.Current, snap.Activities[1].Phase)
	}
	checkin, rate := exercises.AnswersOf(snap.Activities[0].Data), exercises.AnswersOf(snap.Activities[1].Data)
	if got := checkin[ana.ID][0].Text; got != "Clean rivers for everyone" {
		t.Errorf("Ana's check-in is %q", got)
	}
	if got := checkin[ben.ID][0].Text; got != "Funding that lasts" {
		t.Errorf("Ben's check-in is %q", got)
	}
	if a := rate[ana.ID]; len(a) != 2 || a[0].Value != 4 || a[1].Value != 2 {
		t.Errorf("Ana's willingness answers are %v, want 4 and 2 on the first two statements", a)
	}
	if b := rate[ben.ID]; len(b) != 1 || b[0].Value != 0 {
		t.Errorf("Ben's willingness answers are %v, want 0 on the first statement", b)
	}
}

// readStore returns a workshop as stored in the data directory of a
// server that is not running.
func readStore(t *testing.T, data, code string) *session.Snapshot {
	t.Helper()
	store, err := session.OpenBolt(filepath.Join(data, "commonground.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	hub := session.NewHub(store, session.Options{})
	defer hub.Close()
	snap, err := hub.Read(code)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestSecondServer starts a second server on the data directory of a
// running one: it must give up with a clear message, and leave the first
// one alone.
func TestSecondServer(t *testing.T) {
	home := fakeHome(t, termtest.Key{})
	data := filepath.Join(t.TempDir(), "data")
	first := startServer(t, data, home)
	_, errOut, status := run(t, environ(home), "serve", "--addr", "127.0.0.1:0", "--data", data)
	if status != 1 || !strings.Contains(errOut, "another CommonGround server is using "+data+"; stop it or pass --data") {
		t.Errorf("second server: exit %d, stderr:\n%s", status, errOut)
	}
	// The first still serves, and its server.json is intact.
	if out, errOut, status := run(t, environ(home), "--data", data, "workshop", "list"); status != 0 || !strings.Contains(out, first.codes[0]) {
		t.Errorf("workshop list after the second server failed: exit %d\n%s%s", status, out, errOut)
	}
	first.stop(t)
}

// TestAdminCommands runs workshop new, list and show and export on the
// server host, through a running server and then directly on its store.
func TestAdminCommands(t *testing.T) {
	home := fakeHome(t, termtest.Key{})
	data := filepath.Join(t.TempDir(), "data")

	_, errOut, status := run(t, environ(home), "--data", data, "workshop", "list")
	if status != 1 || !strings.Contains(errOut, "there is no CommonGround store in "+data) {
		t.Errorf("list before any server: exit %d, stderr:\n%s", status, errOut)
	}
	if _, err := os.Stat(data); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an admin command created the data directory: %v", err)
	}

	srv := startServer(t, data, home)
	title := `Partner's "kickoff" 2`
	out, errOut, status := run(t, environ(home), "--data", data, "workshop", "new", "--title", title, "--activity", "willingness")
	m := joinLine.FindStringSubmatch(out)
	if status != 0 || m == nil || m[1] != strconv.Itoa(srv.port) {
		t.Fatalf("workshop new through the server: exit %d, want a join command with port %d:\n%s%s", status, srv.port, out, errOut)
	}
	code := m[2]
	out, _, status = run(t, environ(home), "--data", data, "workshop", "list")
	if status != 0 || !strings.Contains(out, srv.codes[0]) || !strings.Contains(out, code+"  "+title) {
		t.Errorf("workshop list through the server: exit %d\n%s", status, out)
	}
	out, _, status = run(t, environ(home), "--data", data, "workshop", "show", code)
	if status != 0 || !strings.Contains(out, "1. Willingness check") {
		t.Errorf("workshop show through the server: exit %d\n%s", status, out)
	}
	file := filepath.Join(t.TempDir(), "report.json")
	if _, errOut, status := run(t, environ(home), "--data", data, "export", code, "--format", "json", "-o", file); status != 0 {
		t.Errorf("export -o through the server: exit %d\n%s", status, errOut)
	}
	if b, err := os.ReadFile(file); err != nil || !json.Valid(b) || !strings.Contains(string(b), "kickoff") {
		t.Errorf("the report written through the server: %v\n%s", err, b)
	}
	if _, errOut, status := run(t, environ(home), "--data", data, "export", "zzzz-zzzz"); status != 1 || !strings.Contains(errOut, "no workshop with the join code") {
		t.Errorf("export of an unknown workshop through the server: exit %d\n%s", status, errOut)
	}
	srv.stop(t)
	if _, err := os.Stat(filepath.Join(data, "server.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("server.json outlived the server: %v", err)
	}

	// Directly on the store; the data directory from the environment.
	direct := func(args ...string) (string, string, int) {
		t.Helper()
		return run(t, environ(home, envPrefix+"DATA="+data), args...)
	}
	out, errOut, status = direct("workshop", "new", "--title", "Offline")
	if status != 0 || !strings.Contains(out, "ssh -p 2222 ") {
		t.Errorf("workshop new on the store: exit %d\n%s%s", status, out, errOut)
	}
	out, _, status = direct("workshop", "list")
	if status != 0 || !strings.Contains(out, "Offline") || !strings.Contains(out, code) {
		t.Errorf("workshop list on the store: exit %d\n%s", status, out)
	}
	out, _, status = direct("export", code, "--format", "md")
	if status != 0 || !strings.Contains(out, "kickoff") {
		t.Errorf("export on the store: exit %d\n%s", status, out)
	}
	if _, errOut, status := direct("workshop", "nonsense"); status != 2 || !strings.Contains(errOut, "Usage:") {
		t.Errorf("unknown command: exit %d\n%s", status, errOut)
	}
}

// TestFacilitatorsFile checks the first run: the facilitators file is made
// from the user's public keys, or the server says how to add one; and a
// key added to the file later facilitates without a restart.
func TestFacilitatorsFile(t *testing.T) {
	t.Run("FromHome", func(t *testing.T) {
		key := termtest.NewKey()
		home := fakeHome(t, key)
		data := filepath.Join(t.TempDir(), "data")
		srv := startServer(t, data, home)
		if !strings.Contains(srv.out.String(), "Created the facilitators file "+filepath.Join(data, "facilitators")) {
			t.Errorf("the server did not say it created the facilitators file:\n%s", srv.out)
		}
		b, err := os.ReadFile(filepath.Join(data, "facilitators"))
		pub := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key.Signer.PublicKey())))
		if err != nil || !strings.Contains(string(b), pub+" facilitator@test\n") {
			t.Errorf("facilitators file (%v):\n%s", err, b)
		}
		if out, errOut, status := termtest.Run(t, srv.addr(), "x", key, "workshop list"); status != 0 {
			t.Errorf("the key from home is no facilitator: exit %d\n%s%s", status, out, errOut)
		}
		srv.stop(t)
	})
	t.Run("NoKeysThenAdded", func(t *testing.T) {
		home := fakeHome(t, termtest.Key{})
		data := filepath.Join(t.TempDir(), "data")
		file := filepath.Join(data, "facilitators")
		srv := startServer(t, data, home)
		if !strings.Contains(srv.out.String(), "add your public key (~/.ssh/id_ed25519.pub) to "+file) {
			t.Errorf("the server did not say how to become a facilitator:\n%s", srv.out)
		}
		key := termtest.NewKey()
		if _, _, status := termtest.Run(t, srv.addr(), "x", key, "workshop list"); status != 1 {
			t.Errorf("a key not in the file listed workshops: exit %d", status)
		}
		line := gossh.MarshalAuthorizedKey(key.Signer.PublicKey())
		if err := os.WriteFile(file, line, 0o600); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(wait)
		for {
			_, errOut, status := termtest.Run(t, srv.addr(), "x", key, "workshop list")
			if status == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the key added to the facilitators file is still refused after %v: exit %d\n%s", wait, status, errOut)
			}
			time.Sleep(200 * time.Millisecond)
		}
		srv.stop(t)
	})
}
