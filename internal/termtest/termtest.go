// Package termtest drives a real SSH server the way a person would, for
// tests: it wraps internal/termclient (a real SSH client with a PTY whose
// screen is read through a terminal emulator) with helpers that fail the
// test and print the screen when something does not show up. Assertions are
// then on what a person would see, not on the escape sequences the renderer
// happened to choose.
//
// A Key with a signer authenticates with that key; the zero Key (Keyless)
// uses keyboard-interactive authentication answering no questions, like a
// participant without an SSH key.
package termtest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"commonground/internal/termclient"
)

// Timeout bounds dialing and the exec helpers, so a server that hangs fails
// the test instead of the whole test binary.
const Timeout = 30 * time.Second

// Key is a client identity. The zero Key is keyless.
type Key = termclient.Key

// Keyless is the identity of a participant without an SSH key.
var Keyless Key

// NewKey returns a fresh ed25519 key.
func NewKey() Key {
	k, err := termclient.NewKey()
	if err != nil {
		panic(fmt.Sprintf("termtest: %v", err)) // crypto/rand does not fail on supported systems
	}
	return k
}

// Term is one interactive SSH session with a PTY, read through a terminal
// emulator, keeping every byte received (Raw). Its methods are safe to call
// from any goroutine.
type Term struct {
	*termclient.Term
}

// Open connects to addr as user (the join code) with a 80x24 PTY and starts
// a shell. The session is closed when the test ends.
func Open(t testing.TB, addr, user string, key Key) *Term {
	t.Helper()
	return OpenSize(t, addr, user, key, 80, 24)
}

// OpenSize is Open with a terminal of width x height cells.
func OpenSize(t testing.TB, addr, user string, key Key, width, height int) *Term {
	t.Helper()
	client, err := termclient.Dial(addr, user, key, Timeout)
	if err != nil {
		t.Fatal(err)
	}
	term, err := termclient.Open(client, termclient.Options{Width: width, Height: height, KeepRaw: true})
	if err != nil {
		_ = client.Close()
		t.Fatal(err)
	}
	t.Cleanup(term.Close)
	return &Term{term}
}

// WaitFor waits until the screen contains text and returns that screen. On
// timeout, or when the session ends first, it fails the test and prints the
// screen it last saw.
func (t *Term) WaitFor(tb testing.TB, text string, timeout time.Duration) string {
	tb.Helper()
	screen, err := t.Term.WaitFor(text, timeout)
	if err != nil {
		tb.Fatalf("%v; the screen shows:\n%s", err, frame(screen))
	}
	return screen
}

// frame draws a border around a screen so its edges show in test output.
func frame(screen string) string {
	var b strings.Builder
	b.WriteString("+" + strings.Repeat("-", 80) + "\n")
	for _, l := range strings.Split(screen, "\n") {
		b.WriteString("|" + l + "\n")
	}
	b.WriteString("+" + strings.Repeat("-", 80))
	return b.String()
}

// Press sends each named key (see termclient.KeySequence). It panics on an
// unknown name: a mistake in the test.
func (t *Term) Press(names ...string) {
	if err := t.Term.Press(names...); err != nil {
		panic("termtest: " + err.Error())
	}
}

// Conn is one SSH connection that carries several sessions, as OpenSSH's
// ControlMaster multiplexes them. It is closed when the test ends.
type Conn struct {
	client *ssh.Client
}

// Dial connects to addr as user with the key, or keyless.
func Dial(t testing.TB, addr, user string, key Key) *Conn {
	t.Helper()
	client, err := termclient.Dial(addr, user, key, Timeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return &Conn{client: client}
}

// Open starts one more terminal session of width x height cells over the
// connection; closing it leaves the connection open. It returns the
// server's refusal when the session could not open.
func (c *Conn) Open(t testing.TB, width, height int) (*Term, error) {
	t.Helper()
	term, err := termclient.Open(c.client, termclient.Options{Width: width, Height: height, KeepRaw: true, Shared: true})
	if err != nil {
		return nil, err
	}
	t.Cleanup(term.Close)
	return &Term{term}, nil
}

// Wait waits for the server to end the session and returns its exit status
// (-1 when the server sent none). It fails the test on timeout.
func (t *Term) Wait(tb testing.TB, timeout time.Duration) int {
	tb.Helper()
	code, err := t.Term.Wait(timeout)
	if err != nil {
		tb.Fatalf("%v; the screen shows:\n%s", err, frame(t.Screen()))
	}
	return code
}

// Run executes command over SSH without a PTY, as `ssh host command` does
// with its output redirected, and returns what it wrote and its exit status.
func Run(tb testing.TB, addr, user string, key Key, command string) (stdout, stderr string, code int) {
	tb.Helper()
	return run(tb, addr, user, key, command)
}

// Shell opens a session without a PTY and without a command, as `ssh -T host`
// does, and returns what the server wrote and its exit status once it ends.
func Shell(tb testing.TB, addr, user string, key Key) (stdout, stderr string, code int) {
	tb.Helper()
	return run(tb, addr, user, key, "")
}

// RunInput is Run with stdin sent as the command's standard input, as
// `ssh host command < file` does.
func RunInput(tb testing.TB, addr, user string, key Key, command, stdin string) (stdout, stderr string, code int) {
	tb.Helper()
	client, err := termclient.Dial(addr, user, key, Timeout)
	if err != nil {
		tb.Fatal(err)
	}
	defer client.Close()
	return runOn(tb, client, command, strings.NewReader(stdin))
}

func run(tb testing.TB, addr, user string, key Key, command string) (string, string, int) {
	tb.Helper()
	return RunInput(tb, addr, user, key, command, "")
}

// Connect opens one SSH connection to addr as user with the key, closed
// when the test ends, for a test that runs several sessions on it as a
// client that multiplexes its sessions does (RunOn).
func Connect(tb testing.TB, addr, user string, key Key) *ssh.Client {
	tb.Helper()
	client, err := termclient.Dial(addr, user, key, Timeout)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = client.Close() })
	return client
}

// RunOn is Run in a new session of an open connection; "" opens a shell
// as Shell does. A command that does not end within Timeout closes the
// connection and fails the test.
func RunOn(tb testing.TB, client *ssh.Client, command string) (stdout, stderr string, code int) {
	tb.Helper()
	return runOn(tb, client, command, nil)
}

func runOn(tb testing.TB, client *ssh.Client, command string, stdin io.Reader) (stdout, stderr string, code int) {
	tb.Helper()
	sess, err := client.NewSession()
	if err != nil {
		tb.Fatalf("new session: %v", err)
	}
	defer sess.Close()
	var out, errOut bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = stdin, &out, &errOut
	if command == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(command)
	}
	if err != nil {
		tb.Fatalf("start %q: %v", command, err)
	}
	ended := make(chan int, 1)
	go func() { ended <- termclient.ExitCode(sess.Wait()) }()
	select {
	case code := <-ended:
		return out.String(), errOut.String(), code
	case <-time.After(Timeout):
		_ = client.Close()
		<-ended
		tb.Fatalf("%q did not end within %v", command, Timeout)
		return "", "", 0
	}
}

// WaitForFarewell waits for the server to end the session and checks that
// it left text on the terminal: what a program prints as it ends, outside
// its full-screen view. An emulator may wipe that from its screen on the
// keyboard reset that follows it (vt10x did), so the check is on the bytes
// every terminal receives. It returns the exit status.
func (t *Term) WaitForFarewell(tb testing.TB, text string, timeout time.Duration) int {
	tb.Helper()
	code := t.Wait(tb, timeout)
	if !bytes.Contains(t.Raw(), []byte(text)) {
		tb.Fatalf("the session ended (exit %d) without leaving %q on the terminal", code, text)
	}
	return code
}

// Buffer is a bytes.Buffer safe for concurrent use: a server's log or a
// subprocess's output, written by its goroutines while the test reads it.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
