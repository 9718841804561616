package sshserver

import (
	"context"
	"io"
	"sync"

	"charm.land/ssh"
)

// sharedInput hands one session's keys to the programs that run on it one
// after another (a cohort's lobby, the session a member opens from it, the
// lobby again). Bubble Tea's reader of a plain io.Reader cannot be
// cancelled: a program that ends leaves its reader blocked in Read, and
// the key it then reads, the first one meant for the next program, is
// lost. So one goroutine reads the session and each program reads from it
// through a reader of its own, which stops at once when its program has
// ended and leaves what it did not take for the next.
type sharedInput struct {
	chunks chan []byte
	done   chan struct{} // closed when the session's handler returns

	mu   sync.Mutex
	rest []byte // read from the session, not yet taken by a program
}

// shareInput starts reading sess for the programs that run on it. Its
// goroutine ends once the session ends (its Read fails) or stop is called,
// whichever comes first: the handler calls stop as it returns.
func shareInput(sess ssh.Session) (in *sharedInput, stop func()) {
	in = &sharedInput{chunks: make(chan []byte), done: make(chan struct{})}
	go func() {
		defer close(in.chunks)
		buf := make([]byte, 4096)
		for {
			n, err := sess.Read(buf)
			if n > 0 {
				select {
				case in.chunks <- append([]byte(nil), buf[:n]...):
				case <-in.done:
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	var once sync.Once
	return in, func() { once.Do(func() { close(in.done) }) }
}

// reader returns the input of one program, which reads nothing more once
// ctx ends (the program's own, cancelled as it returns).
func (in *sharedInput) reader(ctx context.Context) io.Reader {
	return &programInput{in: in, ctx: ctx}
}

type programInput struct {
	in  *sharedInput
	ctx context.Context
}

func (p *programInput) Read(b []byte) (int, error) {
	if p.ctx.Err() != nil {
		return 0, io.EOF
	}
	in := p.in
	in.mu.Lock()
	if len(in.rest) > 0 {
		n := copy(b, in.rest)
		in.rest = in.rest[n:]
		in.mu.Unlock()
		return n, nil
	}
	in.mu.Unlock()
	select {
	case chunk, ok := <-in.chunks:
		if !ok {
			return 0, io.EOF
		}
		in.mu.Lock()
		defer in.mu.Unlock()
		if p.ctx.Err() != nil {
			// Its program ended meanwhile: the keys are the next one's.
			in.rest = append(in.rest, chunk...)
			return 0, io.EOF
		}
		n := copy(b, chunk)
		in.rest = append(in.rest, chunk[n:]...)
		return n, nil
	case <-p.ctx.Done():
		return 0, io.EOF
	}
}

// inputKey is the context key of a session's *sharedInput.
type inputKey struct{}

// inputOf returns the session's shared input, nil when its one program
// reads the session itself.
func inputOf(sess ssh.Session) *sharedInput {
	in, _ := sess.Context().Value(inputKey{}).(*sharedInput)
	return in
}
