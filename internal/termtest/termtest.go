// Package termtest drives a real SSH server the way a person would: it dials
// with golang.org/x/crypto/ssh, asks for a PTY (TERM xterm-256color), feeds
// everything the server sends into a terminal emulator (hinshun/vt10x), and
// lets a test read the screen, type, press keys and resize. Assertions are
// then on what a person would see, not on the escape sequences the renderer
// happened to choose.
//
// A Key with a signer authenticates with that key; the zero Key (Keyless)
// uses keyboard-interactive authentication answering no questions, like a
// participant without an SSH key.
package termtest

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hinshun/vt10x"
	"golang.org/x/crypto/ssh"
)

// Timeout bounds dialing and the exec helpers, so a server that hangs fails
// the test instead of the whole test binary.
const Timeout = 30 * time.Second

// Key is a client identity. The zero Key is keyless.
type Key struct {
	Signer ssh.Signer
	ID     string // the server's identity ID for the key: "SHA256:..."
}

// Keyless is the identity of a participant without an SSH key.
var Keyless Key

// NewKey returns a fresh ed25519 key.
func NewKey() Key {
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		panic(fmt.Sprintf("termtest: generate key: %v", err)) // crypto/rand does not fail on supported systems
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		panic(fmt.Sprintf("termtest: signer: %v", err))
	}
	return Key{Signer: signer, ID: ssh.FingerprintSHA256(signer.PublicKey())}
}

// dial connects to addr as user with the key, or keyless.
func dial(addr, user string, key Key) (*ssh.Client, error) {
	auth := ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		return nil, nil
	})
	if key.Signer != nil {
		auth = ssh.PublicKeys(key.Signer)
	}
	cfg := &ssh.ClientConfig{
		User:            user,
		Auth:            []ssh.AuthMethod{auth},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), // a test server with a fresh host key
		Timeout:         Timeout,
	}
	c, err := ssh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, fmt.Errorf("dial %s as %s: %w", addr, user, err)
	}
	return c, nil
}

// Term is one interactive SSH session with a PTY, read through a terminal
// emulator. Its methods are safe to call from any goroutine.
type Term struct {
	client *ssh.Client
	sess   *ssh.Session
	stdin  io.Writer

	mu      sync.Mutex
	vt      vt10x.Terminal
	raw     bytes.Buffer
	partial []byte // the start of a UTF-8 sequence split across reads

	done      chan struct{} // closed when the session has ended
	exit      int           // exit status, valid once done is closed
	closeOnce sync.Once
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
	client, err := dial(addr, user, key)
	if err != nil {
		t.Fatal(err)
	}
	term, err := start(client, width, height)
	if err != nil {
		_ = client.Close()
		t.Fatal(err)
	}
	t.Cleanup(term.Close)
	return term
}

func start(client *ssh.Client, width, height int) (*Term, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	term := &Term{client: client, sess: sess, done: make(chan struct{}),
		vt: vt10x.New(vt10x.WithSize(width, height))}
	stdin, err := sess.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("stdin: %w", err)
	}
	term.stdin = stdin
	sess.Stdout = (*termWriter)(term)
	sess.Stderr = (*termWriter)(term)
	// RequestPty takes the height before the width.
	if err := sess.RequestPty("xterm-256color", height, width, ssh.TerminalModes{}); err != nil {
		return nil, fmt.Errorf("request pty: %w", err)
	}
	if err := sess.Shell(); err != nil {
		return nil, fmt.Errorf("shell: %w", err)
	}
	go func() {
		term.exit = exitCode(sess.Wait())
		close(term.done)
	}()
	return term, nil
}

// termWriter receives the session's output.
type termWriter Term

func (w *termWriter) Write(p []byte) (int, error) {
	t := (*Term)(w)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.raw.Write(p)
	// vt10x mangles a rune split across writes, so hold back an incomplete
	// tail until the rest arrives.
	buf := append(t.partial, p...)
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	if _, err := t.vt.Write(buf[:cut]); err != nil {
		return 0, fmt.Errorf("terminal emulator: %w", err)
	}
	t.partial = append([]byte(nil), buf[cut:]...)
	return len(p), nil
}

// Screen returns the visible text: one line per row, trailing spaces trimmed.
func (t *Term) Screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.vt.Lock()
	defer t.vt.Unlock()
	cols, rows := t.vt.Size()
	lines := make([]string, rows)
	var line strings.Builder
	for y := range rows {
		line.Reset()
		for x := range cols {
			c := t.vt.Cell(x, y).Char
			if c == 0 { // never written: vt10x leaves some cells unset
				c = ' '
			}
			line.WriteRune(c)
		}
		lines[y] = strings.TrimRight(line.String(), " ")
	}
	return strings.Join(lines, "\n")
}

// WaitFor polls the screen until it contains text and returns that screen.
// On timeout it fails the test and prints the screen it last saw.
func (t *Term) WaitFor(tb testing.TB, text string, timeout time.Duration) string {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		// Whether the session had ended is read before the screen, so that
		// an ended session's screen is known to be final.
		ended := t.ended()
		screen := t.Screen()
		switch {
		case strings.Contains(screen, text):
			return screen
		case ended:
			tb.Fatalf("session ended (exit %d) before the screen showed %q; it shows:\n%s", t.exit, text, frame(screen))
		case time.Now().After(deadline):
			tb.Fatalf("screen did not show %q within %v; it shows:\n%s", text, timeout, frame(screen))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ended reports whether the session has ended and all its output was read.
func (t *Term) ended() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// frame draws a border around a screen so its edges show in test output.
func frame(screen string) string {
	lines := strings.Split(screen, "\n")
	width := 0
	for _, l := range lines {
		width = max(width, utf8.RuneCountInString(l))
	}
	rule := "+" + strings.Repeat("-", width)
	return rule + "\n|" + strings.Join(lines, "\n|") + "\n" + rule
}

// Type sends s as typed text, byte for byte (escape sequences included).
func (t *Term) Type(s string) {
	_, _ = t.stdin.Write([]byte(s)) // a closed session shows up in the next WaitFor
}

// keys maps key names, as Bubble Tea spells them, to what a terminal sends.
var keys = map[string]string{
	"enter": "\r", "esc": "\x1b", "tab": "\t", "shift+tab": "\x1b[Z",
	"backspace": "\x7f", "delete": "\x1b[3~", "space": " ",
	"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
	"home": "\x1b[H", "end": "\x1b[F", "pgup": "\x1b[5~", "pgdown": "\x1b[6~",
}

// Press sends each named key: "enter", "esc", "tab", "shift+tab",
// "backspace", "delete", "space", "up", "down", "left", "right", "home",
// "end", "pgup", "pgdown", "ctrl+a" ... "ctrl+z", or a single character.
// It panics on an unknown name, a mistake in the test.
//
// A terminal sends "esc" as a lone ESC byte; followed at once by another key
// it may be read as alt+key, so wait for the effect of "esc" before typing on.
func (t *Term) Press(names ...string) {
	for _, name := range names {
		seq, ok := keys[name]
		switch {
		case ok:
		case len(name) == len("ctrl+x") && strings.HasPrefix(name, "ctrl+") && name[5] >= 'a' && name[5] <= 'z':
			seq = string(rune(name[5] - 'a' + 1))
		case utf8.RuneCountInString(name) == 1:
			seq = name
		default:
			panic(fmt.Sprintf("termtest: unknown key %q", name))
		}
		t.Type(seq)
	}
}

// Resize changes the terminal's size, as a person dragging the window would.
func (t *Term) Resize(width, height int) {
	t.mu.Lock()
	t.vt.Resize(width, height)
	t.mu.Unlock()
	_ = t.sess.WindowChange(height, width) // height first, as in RequestPty
}

// Raw returns a copy of every byte received so far.
func (t *Term) Raw() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return bytes.Clone(t.raw.Bytes())
}

// Wait waits for the server to end the session and returns its exit status
// (-1 when the server sent none). It fails the test on timeout.
func (t *Term) Wait(tb testing.TB, timeout time.Duration) int {
	tb.Helper()
	select {
	case <-t.done:
		return t.exit
	case <-time.After(timeout):
		tb.Fatalf("session still open after %v; the screen shows:\n%s", timeout, frame(t.Screen()))
		return 0
	}
}

// Close ends the session and the connection and waits until the output has
// been read. It is safe to call more than once.
func (t *Term) Close() {
	t.closeOnce.Do(func() {
		_ = t.sess.Close()
		_ = t.client.Close()
		<-t.done
	})
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

func run(tb testing.TB, addr, user string, key Key, command string) (string, string, int) {
	tb.Helper()
	client, err := dial(addr, user, key)
	if err != nil {
		tb.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		tb.Fatalf("new session: %v", err)
	}
	defer sess.Close()
	var stdout, stderr bytes.Buffer
	sess.Stdout, sess.Stderr = &stdout, &stderr
	if command == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(command)
	}
	if err != nil {
		tb.Fatalf("start %q: %v", command, err)
	}
	ended := make(chan int, 1)
	go func() { ended <- exitCode(sess.Wait()) }()
	select {
	case code := <-ended:
		return stdout.String(), stderr.String(), code
	case <-time.After(Timeout):
		_ = client.Close()
		<-ended
		tb.Fatalf("%q did not end within %v", command, Timeout)
		return "", "", 0
	}
}

// exitCode turns the result of Session.Wait into an exit status: -1 when the
// session ended without one (connection lost, or no exit-status sent).
func exitCode(err error) int {
	var exit *ssh.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitStatus()
	default:
		return -1
	}
}
