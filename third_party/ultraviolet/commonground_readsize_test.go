package uv

// A test of CommonGround's patch 08-small-reads to this copy (see
// ../README.md and ../patches/ultraviolet): it fails on the upstream release.

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
)

// oneByteReader returns its input one byte per Read, as a terminal sends
// key presses.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) { return o.r.Read(p[:min(len(p), 1)]) }

// drain reads everything sendBytes sends until it ends.
func drain(t *testing.T, r io.Reader) ([]byte, uint64) {
	t.Helper()
	d := NewTerminalReader(r, "xterm")
	readc := make(chan []byte)
	got := make(chan []byte)
	go func() {
		var all []byte
		for b := range readc {
			all = append(all, b...)
		}
		got <- all
	}()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := d.sendBytes(context.Background(), readc)
	runtime.ReadMemStats(&after)
	close(readc)
	if err != io.EOF {
		t.Fatalf("sendBytes ended with %v, want io.EOF", err)
	}
	return <-got, after.TotalAlloc - before.TotalAlloc
}

// TestKeyPressesTakeSmallReads: patch 08-small-reads. A key press costs a
// read buffer of 512 bytes, not 4 KiB, and input longer than a buffer (a
// paste) still arrives whole and in order.
func TestKeyPressesTakeSmallReads(t *testing.T) {
	const keys = 2000
	in := strings.Repeat("k", keys)
	got, allocated := drain(t, oneByteReader{strings.NewReader(in)})
	if string(got) != in {
		t.Fatalf("read %d bytes of %d key presses", len(got), keys)
	}
	// The goroutine that drains allocates too; 1 KiB a key leaves room
	// for it and none for a 4 KiB buffer.
	if per := allocated / keys; per > 1024 {
		t.Errorf("%d bytes allocated per key press, want at most 1024", per)
	}

	paste := bytes.Repeat([]byte("a paste of many lines\n"), 500) // 11 KB
	if got, _ := drain(t, bytes.NewReader(paste)); !bytes.Equal(got, paste) {
		t.Errorf("a paste of %d bytes arrived as %d bytes, or out of order", len(paste), len(got))
	}
}
