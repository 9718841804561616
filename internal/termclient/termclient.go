// Package termclient is an SSH client that sees what a person would: it
// dials with golang.org/x/crypto/ssh, asks for a PTY (TERM xterm-256color,
// whose sequences Bubble Tea's renderer limits to ones the emulator knows),
// and feeds everything the server sends into a terminal emulator (Charm's
// charmbracelet/x/vt, or the lighter hinshun/vt10x with Options.Compact),
// or with Options.Stream only keeps the text of the stream.
// The load tool drives thousands of them; the test helper internal/termtest
// wraps one per simulated person.
package termclient

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"
)

// Key is a client identity. The zero Key is keyless: it authenticates with
// keyboard-interactive, answering no questions, like a participant without
// an SSH key.
type Key struct {
	Signer ssh.Signer
	ID     string // the server's identity ID for the key: "SHA256:..."
}

// NewKey returns a fresh ed25519 key.
func NewKey() (Key, error) {
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return Key{}, fmt.Errorf("generate key: %w", err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return Key{}, fmt.Errorf("signer: %w", err)
	}
	return Key{Signer: signer, ID: ssh.FingerprintSHA256(signer.PublicKey())}, nil
}

// Dial connects to addr as user with the key, or keyless, giving up after
// timeout. The host key is not checked: the caller dials its own server.
func Dial(addr, user string, key Key, timeout time.Duration) (*ssh.Client, error) {
	auth := ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		return nil, nil
	})
	if key.Signer != nil {
		auth = ssh.PublicKeys(key.Signer)
	}
	cfg := &ssh.ClientConfig{
		User:            user,
		Auth:            []ssh.AuthMethod{auth},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         timeout,
	}
	c, err := ssh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, fmt.Errorf("dial %s as %s: %w", addr, user, err)
	}
	return c, nil
}

// Options tune a Term.
type Options struct {
	Width, Height int  // 80x24 when zero
	KeepRaw       bool // keep every byte received, for Raw
	// Compact reads the screen through hinshun/vt10x, which costs 63 KB
	// instead of x/vt's 4.8 MB: for the load tool's thousands of
	// participants.
	Compact bool
	// Stream reads no screen: Screen is the text of the last few KiB
	// received, escape sequences dropped, and Forget empties it. The load
	// tool's light mode, for thousands of participants on the machine it
	// measures (stream.go).
	Stream bool
	// Shared leaves the client to the caller, for several sessions over one
	// connection as OpenSSH's ControlMaster opens them: Close then ends only
	// the session.
	Shared bool
}

// Term is one interactive SSH session with a PTY, read through a terminal
// emulator. Its methods are safe to call from any goroutine.
type Term struct {
	client *ssh.Client // nil when shared: the caller closes it
	sess   *ssh.Session
	stdin  io.Writer

	mu       sync.Mutex
	vt       emulator
	raw      *bytes.Buffer // nil unless Options.KeepRaw
	received int64
	partial  []byte // the start of a UTF-8 sequence split across reads
	changed  chan struct{}
	// screen is the text Screen last read, while fresh: reading a screen
	// through an emulator costs tens of microseconds, and the load tool reads a
	// thousand of them per change on the machine it measures.
	screen  string
	fresh   bool
	text    []byte        // reused to build screen
	stalled chan struct{} // non-nil while Stall holds the reader

	done      chan struct{} // closed when the session has ended
	exit      int           // exit status, valid once done is closed
	closeOnce sync.Once
}

// Open starts a shell with a PTY on client. The Term owns the client from
// then on, unless opts.Shared: Close closes both.
func Open(client *ssh.Client, opts Options) (*Term, error) {
	if opts.Width == 0 || opts.Height == 0 {
		opts.Width, opts.Height = 80, 24
	}
	sess, err := client.NewSession()
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	t := &Term{client: client, sess: sess, done: make(chan struct{}), changed: make(chan struct{}, 1),
		vt: newEmulator(opts)}
	if opts.Shared {
		t.client = nil
	}
	if opts.KeepRaw {
		t.raw = &bytes.Buffer{}
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.vt.close()
		return nil, fmt.Errorf("stdin: %w", err)
	}
	t.stdin = stdin
	sess.Stdout = (*termWriter)(t)
	sess.Stderr = (*termWriter)(t)
	// RequestPty takes the height before the width.
	if err := sess.RequestPty("xterm-256color", opts.Height, opts.Width, ssh.TerminalModes{}); err != nil {
		t.vt.close()
		return nil, fmt.Errorf("request pty: %w", err)
	}
	if err := sess.Shell(); err != nil {
		t.vt.close()
		return nil, fmt.Errorf("shell: %w", err)
	}
	go func() {
		t.exit = ExitCode(sess.Wait())
		close(t.done)
	}()
	return t, nil
}

// termWriter receives the session's output.
type termWriter Term

func (w *termWriter) Write(p []byte) (int, error) {
	t := (*Term)(w)
	t.mu.Lock()
	stall := t.stalled
	t.mu.Unlock()
	if stall != nil {
		// A client that stopped reading: hold the SSH channel's reader so
		// that its window fills and the server has to cope.
		<-stall
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.received += int64(len(p))
	if t.raw != nil {
		t.raw.Write(p)
	}
	// vt10x mangles a rune split across writes, so hold back an incomplete
	// tail until the rest arrives (x/vt would wait for it itself).
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
	t.fresh = false // even a write that fails may have changed the screen
	if _, err := t.vt.Write(buf[:cut]); err != nil {
		return 0, fmt.Errorf("terminal emulator: %w", err)
	}
	t.partial = append([]byte(nil), buf[cut:]...)
	select {
	case t.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Changed is signalled (capacity 1, coalescing) whenever output arrives.
func (t *Term) Changed() <-chan struct{} { return t.changed }

// Done is closed when the session has ended.
func (t *Term) Done() <-chan struct{} { return t.done }

// Received is how many bytes the server has sent so far.
func (t *Term) Received() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.received
}

// Screen returns the visible text: one line per row, trailing spaces trimmed.
func (t *Term) Screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fresh {
		return t.screen
	}
	text := t.vt.appendScreen(t.text[:0])
	t.text = text
	t.screen, t.fresh = string(text), true
	return t.screen
}

// Forget, with Options.Stream, drops the text received so far, so that
// the next WaitFor sees only what arrives after it. With an emulator it
// does nothing: the screen is what it is.
func (t *Term) Forget() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.vt.(*streamTail); ok {
		s.forget()
		t.fresh = false
	}
}

// ErrEnded is returned by WaitFor and WaitUntil when the session ended
// first.
var ErrEnded = errors.New("session ended")

// WaitFor waits until the screen contains text and returns that screen. On
// timeout, or if the session ends first, it returns the last screen with an
// error.
func (t *Term) WaitFor(text string, timeout time.Duration) (string, error) {
	screen, err := t.WaitUntil(func(s string) bool { return strings.Contains(s, text) }, timeout)
	if err != nil {
		return screen, fmt.Errorf("waiting for %q: %w", text, err)
	}
	return screen, nil
}

// WaitUntil waits until shows holds for the screen and returns that screen.
// On timeout, or if the session ends first, it returns the last screen with
// an error.
func (t *Term) WaitUntil(shows func(screen string) bool, timeout time.Duration) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		screen := t.Screen()
		if shows(screen) {
			return screen, nil
		}
		select {
		case <-t.changed:
		case <-t.done:
			// The last output and the end can arrive together: look once
			// more at the final screen before giving up.
			if screen := t.Screen(); shows(screen) {
				return screen, nil
			}
			return t.Screen(), fmt.Errorf("%w (exit %d)", ErrEnded, t.exit)
		case <-deadline.C:
			return screen, fmt.Errorf("the screen did not show it within %v", timeout)
		}
	}
}

// Type sends s as typed text, byte for byte (escape sequences included).
// A closed session shows up in the next WaitFor.
func (t *Term) Type(s string) { _, _ = t.stdin.Write([]byte(s)) }

// keys maps key names, as Bubble Tea spells them, to what a terminal sends.
var keys = map[string]string{
	"enter": "\r", "esc": "\x1b", "tab": "\t", "shift+tab": "\x1b[Z",
	"backspace": "\x7f", "delete": "\x1b[3~", "space": " ",
	"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
	"home": "\x1b[H", "end": "\x1b[F", "pgup": "\x1b[5~", "pgdown": "\x1b[6~",
}

// KeySequence returns what a terminal sends for a named key: "enter", "esc",
// "tab", "shift+tab", "backspace", "delete", "space", "up", "down", "left",
// "right", "home", "end", "pgup", "pgdown", "ctrl+a" ... "ctrl+z", or a
// single character.
func KeySequence(name string) (string, error) {
	seq, ok := keys[name]
	switch {
	case ok:
		return seq, nil
	case len(name) == len("ctrl+x") && strings.HasPrefix(name, "ctrl+") && name[5] >= 'a' && name[5] <= 'z':
		return string(rune(name[5] - 'a' + 1)), nil
	case utf8.RuneCountInString(name) == 1 && utf8.ValidString(name) && name != string(utf8.RuneError):
		// U+FFFD is what a terminal shows for bytes it could not read, not
		// a key; the server reads it back as three.
		return name, nil
	}
	return "", fmt.Errorf("unknown key %q", name)
}

// Press sends each named key (see KeySequence).
//
// A terminal sends "esc" as a lone ESC byte; followed at once by another key
// it may be read as alt+key, so wait for the effect of "esc" before typing on.
func (t *Term) Press(names ...string) error {
	for _, name := range names {
		seq, err := KeySequence(name)
		if err != nil {
			return err
		}
		t.Type(seq)
	}
	return nil
}

// Resize changes the terminal's size, as a person dragging the window would.
func (t *Term) Resize(width, height int) {
	t.mu.Lock()
	t.vt.Resize(width, height)
	t.fresh = false
	t.mu.Unlock()
	_ = t.sess.WindowChange(height, width) // height first, as in RequestPty
}

// Raw returns a copy of every byte received so far (Options.KeepRaw).
func (t *Term) Raw() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.raw == nil {
		return nil
	}
	return bytes.Clone(t.raw.Bytes())
}

// Stall stops reading the server's output, as a frozen laptop would, until
// Close.
func (t *Term) Stall() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stalled == nil {
		t.stalled = make(chan struct{})
	}
}

// Wait waits for the server to end the session and returns its exit status
// (-1 when the server sent none).
func (t *Term) Wait(timeout time.Duration) (int, error) {
	select {
	case <-t.done:
		return t.exit, nil
	case <-time.After(timeout):
		return 0, fmt.Errorf("session still open after %v", timeout)
	}
}

// Close ends the session, and the connection unless it is shared, and waits
// until the output has been read. It is safe to call more than once.
func (t *Term) Close() {
	t.closeOnce.Do(func() {
		t.mu.Lock()
		if t.stalled != nil {
			close(t.stalled)
		}
		t.mu.Unlock()
		_ = t.sess.Close()
		if t.client != nil {
			_ = t.client.Close()
		}
		<-t.done
		t.mu.Lock()
		t.vt.close()
		t.mu.Unlock()
	})
}

// ExitCode turns the result of Session.Wait into an exit status: -1 when the
// session ended without one (connection lost, or no exit-status sent).
func ExitCode(err error) int {
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
