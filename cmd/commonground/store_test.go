package main

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"commonground/exercises"
	"commonground/internal/termtest"
)

// stackDump matches what a Go crash prints: a goroutine header or a source line.
var stackDump = regexp.MustCompile(`goroutine \d+|\.go:\d+|panic:|fatal error`)

// noStackDump fails the test if out shows a crash's stack or a panic.
func noStackDump(t *testing.T, what, out string) {
	t.Helper()
	if stackDump.MatchString(out) {
		t.Errorf("%s shows a stack dump or a panic:\n%s", what, out)
	}
}

// twoWorkshops makes a data directory whose store holds the demo workshop and
// a second one, "Second", and returns it with their join codes. No server
// runs on it when it returns.
func twoWorkshops(t *testing.T, home string) (data, demo, second string) {
	t.Helper()
	data = filepath.Join(t.TempDir(), "data")
	srv := startServer(t, data, home)
	demo = srv.codes[0]
	srv.stop(t)
	out, errOut, status := run(t, environ(home), "--data", data, "workshop", "new", "--title", "Second")
	m := joinLine.FindStringSubmatch(out)
	if status != 0 || m == nil {
		t.Fatalf("workshop new: exit %d\n%s%s", status, out, errOut)
	}
	return data, demo, m[2]
}

// storePath is the bbolt file of a data directory.
func storePath(data string) string { return filepath.Join(data, "commonground.db") }

// viewStore runs fn in a read transaction on the store of a data
// directory no server runs on.
func viewStore(t *testing.T, data string, fn func(tx *bolt.Tx)) {
	t.Helper()
	db, err := bolt.Open(storePath(data), 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error { fn(tx); return nil }); err != nil {
		t.Fatal(err)
	}
}

// firstEvent returns the stored bytes of the first event of the workshop
// with the join code.
func firstEvent(t *testing.T, data, code string) []byte {
	t.Helper()
	var value []byte
	viewStore(t, data, func(tx *bolt.Tx) {
		id := tx.Bucket([]byte("codes")).Get([]byte(code))
		key := []byte{0, 0, 0, 0, 0, 0, 0, 1} // big-endian sequence number 1
		value = bytes.Clone(tx.Bucket([]byte("events")).Bucket(id).Get(key))
	})
	if value == nil {
		t.Fatalf("no first event of %s", code)
	}
	return value
}

// flipEvent inverts 200 bytes in the middle of the stored first event of
// the workshop with the join code, in the file itself.
func flipEvent(t *testing.T, data, code string) {
	t.Helper()
	value := firstEvent(t, data, code)
	if len(value) < 240 {
		t.Fatalf("the first event of %s has only %d bytes", code, len(value))
	}
	file, err := os.ReadFile(storePath(data))
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(file, value)
	if at < 0 || bytes.Count(file, value) != 1 {
		t.Fatalf("the first event of %s is not once in the file", code)
	}
	for i := at + 20; i < at+220; i++ {
		file[i] ^= 0xff
	}
	if err := os.WriteFile(storePath(data), file, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedStoreFile starts the server, and runs check and an admin
// command, on a store file that is empty, cut short, not a bbolt file, or
// another program's bbolt file: each says what is wrong in one message,
// without a stack dump, exits 1, and leaves the file as it was.
func TestDamagedStoreFile(t *testing.T) {
	home := fakeHome(t, termtest.Key{})
	base, _, _ := twoWorkshops(t, home)
	var used int64 // the size of the pages in use: bbolt's high-water mark
	viewStore(t, base, func(tx *bolt.Tx) { used = tx.Size() })
	junk := make([]byte, 65536)
	rand.Read(junk)
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, path string)
		want   string
	}{
		{"Empty", func(t *testing.T, path string) { truncate(t, path, 0) }, "is an empty file"},
		// Only the two header pages: bbolt faulted reading its free list.
		{"HeaderOnly", func(t *testing.T, path string) { truncate(t, path, 8192) }, "is cut short"},
		{"LastPageLost", func(t *testing.T, path string) { truncate(t, path, used-4096) }, "is cut short"},
		{"NotBbolt", func(t *testing.T, path string) { write(t, path, junk) }, "is not a CommonGround store"},
		{"OtherProgram", otherProgramsStore, "is another program's bbolt file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			if err := os.CopyFS(data, os.DirFS(base)); err != nil {
				t.Fatal(err)
			}
			c.damage(t, storePath(data))
			before, err := os.ReadFile(storePath(data))
			if err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"serve", "--addr", "127.0.0.1:0"},
				{"check"},
				{"workshop", "list"},
			} {
				out, errOut, status := run(t, environ(home), append([]string{"--data", data}, args...)...)
				if status != 1 || !strings.Contains(errOut, storePath(data)+" "+c.want) || !strings.Contains(errOut, "backup") {
					t.Errorf("%s: exit %d, want 1 and %q with how to restore a backup; stderr:\n%s", args[0], status, c.want, errOut)
				}
				noStackDump(t, args[0], out+errOut)
				if after, err := os.ReadFile(storePath(data)); err != nil || !bytes.Equal(after, before) {
					t.Errorf("%s changed the store file (%v): %d bytes, was %d", args[0], err, len(after), len(before))
				}
			}
		})
	}
}

func truncate(t *testing.T, path string, size int64) {
	t.Helper()
	if err := os.Truncate(path, size); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// otherProgramsStore replaces path with a bbolt file of another program.
func otherProgramsStore(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte("settings"))
		return err
	})
	if err := errors.Join(err, db.Close()); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedWorkshop starts the server on a store one of whose two
// workshops has 200 flipped bytes in its log: the server starts and says
// which workshop stays closed, the other serves, workshop list marks the
// damaged one, a participant who joins it is told plainly, and check
// reports it. Restoring a backup taken before brings it back.
func TestDamagedWorkshop(t *testing.T) {
	home := fakeHome(t, termtest.Key{})
	data, demo, second := twoWorkshops(t, home)
	backup := filepath.Join(t.TempDir(), "before.db")
	if out, errOut, status := run(t, environ(home), "--data", data, "backup", backup); status != 0 {
		t.Fatalf("backup: exit %d\n%s%s", status, out, errOut)
	}
	flipEvent(t, data, second)

	srv := startServer(t, data, home)
	out := srv.out.String()
	if len(srv.codes) != 1 || srv.codes[0] != demo {
		t.Errorf("the server offers %q to join, want the demo workshop %s alone", srv.codes, demo)
	}
	if !strings.Contains(out, `The workshop "Second" (`+second+`) cannot be opened: its records in the store are damaged`) {
		t.Errorf("the server did not say which workshop is damaged:\n%s", out)
	}
	noStackDump(t, "the server", out)

	list, errOut, status := run(t, environ(home), "--data", data, "workshop", "list")
	if status != 0 || !regexp.MustCompile(second+`\s+Second\s+DAMAGED`).MatchString(list) || !strings.Contains(list, demo) {
		t.Errorf("workshop list: exit %d\n%s%s", status, list, errOut)
	}
	if _, errOut, status := run(t, environ(home), "--data", data, "export", second); status != 1 || !strings.Contains(errOut, "cannot be opened") {
		t.Errorf("export of the damaged workshop: exit %d\n%s", status, errOut)
	}

	good := termtest.Open(t, srv.addr(), demo, termtest.NewKey())
	good.WaitFor(t, "Display name", wait)
	bad := termtest.Open(t, srv.addr(), second, termtest.NewKey())
	bad.WaitFor(t, "cannot be opened: its records on the server are damaged", wait)
	if code := bad.Wait(t, wait); code == 0 {
		t.Error("joining the damaged workshop ended with status 0")
	}
	good.Close()

	report, errOut, status := run(t, environ(home), "--data", data, "check")
	if status != 1 || !regexp.MustCompile(`(?m)^`+demo+`\s+"CommonGround demo": ok`).MatchString(report) ||
		!regexp.MustCompile(`(?m)^`+second+`\s+"Second": DAMAGED`).MatchString(report) {
		t.Errorf("check while serving: exit %d\n%s%s", status, report, errOut)
	}
	noStackDump(t, "check", report+errOut)
	srv.stop(t)

	// The README's way back: stop the server, replace the file with the backup, start.
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	write(t, storePath(data), b)
	srv = startServer(t, data, home)
	if len(srv.codes) != 2 {
		t.Errorf("after restoring the backup the server offers %q, want both workshops", srv.codes)
	}
	srv.stop(t)
}

// TestCheck runs check on a good data directory, directly and through a
// running server, and where there is no store.
func TestCheck(t *testing.T) {
	home := fakeHome(t, termtest.Key{})
	data, demo, second := twoWorkshops(t, home)
	for _, serving := range []bool{false, true} {
		var srv *server
		if serving {
			srv = startServer(t, data, home)
		}
		out, errOut, status := run(t, environ(home), "--data", data, "check")
		if status != 0 || !strings.Contains(out, "(bbolt's consistency check): ok") ||
			!regexp.MustCompile(`(?m)^`+demo+`\s+"CommonGround demo": ok`).MatchString(out) ||
			!regexp.MustCompile(`(?m)^`+second+`\s+"Second": ok`).MatchString(out) {
			t.Errorf("check (server running: %v): exit %d\n%s%s", serving, status, out, errOut)
		}
		if srv != nil {
			srv.stop(t)
		}
	}
	empty := filepath.Join(t.TempDir(), "none")
	if _, errOut, status := run(t, environ(home), "--data", empty, "check"); status != 1 || !strings.Contains(errOut, "there is no CommonGround store in "+empty) {
		t.Errorf("check without a store: exit %d\n%s", status, errOut)
	}
}

// TestBackup takes a backup while the server runs and participants answer,
// opens the copy, and takes another from the store once the server stopped.
// Only the server's administrator may take one.
func TestBackup(t *testing.T) {
	srv, data, home, room := checkedIn(t)
	code := srv.codes[0]
	if _, errOut, status := termtest.Run(t, srv.addr(), "x", room.fac, "backup -"); status != 1 || !strings.Contains(errOut, "only the server's administrator may take a backup") {
		t.Errorf("backup by a facilitator over SSH: exit %d\n%s", status, errOut)
	}

	copyDir := filepath.Join(t.TempDir(), "copy")
	file := storePath(copyDir)
	if err := os.Mkdir(copyDir, 0o700); err != nil {
		t.Fatal(err)
	}
	_, errOut, status := run(t, environ(home), "--data", data, "backup", file)
	if status != 0 || !strings.Contains(errOut, "Wrote "+file) {
		t.Fatalf("backup while serving: exit %d\n%s", status, errOut)
	}
	room.pb.Type("Funding that lasts") // the server goes on
	room.pb.Press("enter")
	room.pb.WaitFor(t, "Saved", wait)
	if out, errOut, status := run(t, environ(home), "--data", copyDir, "check"); status != 0 {
		t.Errorf("check of the backup: exit %d\n%s%s", status, out, errOut)
	}
	if got := exercises.AnswersOf(readStore(t, copyDir, code).Activities[0].Data)[room.ana.ID]; len(got) != 1 || got[0].Text != "Clean rivers for everyone" {
		t.Errorf("the backup has Ana's check-in as %v", got)
	}
	srv.stop(t)

	offline := filepath.Join(t.TempDir(), "offline.db")
	if _, errOut, status := run(t, environ(home), "--data", data, "backup", offline); status != 0 {
		t.Fatalf("backup of the stopped server's store: exit %d\n%s", status, errOut)
	}
	b, err := os.ReadFile(offline)
	if err != nil {
		t.Fatal(err)
	}
	write(t, file, b)
	if got := exercises.AnswersOf(readStore(t, copyDir, code).Activities[0].Data)[room.ben.ID]; len(got) != 1 || got[0].Text != "Funding that lasts" {
		t.Errorf("the second backup has Ben's check-in as %v", got)
	}
}
