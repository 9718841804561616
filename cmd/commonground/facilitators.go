package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"commonground/admin"
)

// facilitatorsPoll is how often the server looks for changes to the
// facilitators file.
const facilitatorsPoll = 2 * time.Second

// facilitators is the server-wide facilitator set, kept in step with its
// file: a key added to the file facilitates within a few seconds, without
// a restart. Has is safe for concurrent use and cheap (the hub asks it for
// every role check).
type facilitators struct {
	path string
	log  *slog.Logger
	set  atomic.Pointer[keySet]
	seen fileStamp // of the file last read; only the watcher's goroutine uses it after start
}

// fileStamp tells whether a file changed since it was read.
type fileStamp struct {
	exists  bool
	size    int64
	modTime time.Time
}

func (s fileStamp) same(o fileStamp) bool {
	return s.exists == o.exists && s.size == o.size && s.modTime.Equal(o.modTime)
}

func stampOf(path string) fileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{exists: true, size: fi.Size(), modTime: fi.ModTime()}
}

// newFacilitators reads the facilitators file at path.
func newFacilitators(path string, log *slog.Logger) (*facilitators, error) {
	f := &facilitators{path: path, log: log}
	if err := f.reload(); err != nil {
		return nil, err
	}
	return f, nil
}

// Has reports whether id is a server-wide facilitator.
func (f *facilitators) Has(id string) bool { return (*f.set.Load()).Has(id) }

// Len returns how many keys the file holds.
func (f *facilitators) Len() int { return len(*f.set.Load()) }

// reload reads the file again. Lines that are not keys are logged.
func (f *facilitators) reload() error {
	f.seen = stampOf(f.path)
	set, warn, err := loadFacilitators(f.path)
	if err != nil {
		return err
	}
	if warn != nil {
		f.log.Warn("facilitators file: lines skipped", "err", warn)
	}
	f.set.Store(&set)
	return nil
}

// watch reloads the file whenever it changes, until ctx ends. A file that
// cannot be read keeps the keys read last.
func (f *facilitators) watch(ctx context.Context) {
	defer func() {
		if p := recover(); p != nil {
			f.log.Error("facilitators watcher crashed; the file is no longer re-read", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	t := time.NewTicker(facilitatorsPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if stampOf(f.path).same(f.seen) {
			continue
		}
		if err := f.reload(); err != nil {
			f.log.Error("facilitators file changed but cannot be read; keeping the keys read before", "err", err)
			continue
		}
		f.log.Info("facilitators file re-read", "path", f.path, "keys", f.Len())
	}
}

// keySet is a set of identity IDs.
type keySet map[string]struct{}

// Has reports whether id is in the set; a nil set holds nobody.
func (s keySet) Has(id string) bool {
	_, ok := s[id]
	return ok
}

// loadFacilitators reads the facilitators file. A missing file is an empty
// set, not an error; lines that are not keys are skipped and reported in
// warn.
func loadFacilitators(path string) (set keySet, warn, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return keySet{}, nil, nil
	}
	if err != nil {
		return keySet{}, nil, fmt.Errorf("read the facilitators file: %w", err)
	}
	ids, warn := admin.ParseAuthorizedKeys(data)
	set = make(keySet, len(ids))
	for _, id := range ids {
		set[id] = struct{}{}
	}
	if warn != nil {
		warn = fmt.Errorf("%s: %w", path, warn)
	}
	return set, warn, nil
}

// facilitatorsHeader starts a facilitators file we create.
const facilitatorsHeader = `# CommonGround facilitators: one public key per line, as in authorized_keys.
# A key listed here facilitates every workshop on this server. The server
# reads this file again when it changes.
`

// createFacilitators writes the facilitators file from the public keys in
// home/.ssh/*.pub, unless the file exists or there are none. It returns the
// key files it used; none means it wrote nothing.
func createFacilitators(path, home string) ([]string, error) {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil, err // there is a file already (or we cannot tell)
	}
	if home == "" {
		return nil, nil
	}
	files, err := filepath.Glob(filepath.Join(home, ".ssh", "*.pub"))
	if err != nil {
		return nil, fmt.Errorf("look for public keys: %w", err)
	}
	slices.Sort(files)
	var used []string
	var out bytes.Buffer
	out.WriteString(facilitatorsHeader)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // an unreadable file is not a key we can offer
		}
		pub, comment, _, _, err := gossh.ParseAuthorizedKey(data)
		if err != nil {
			continue
		}
		line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub)))
		if comment != "" {
			line += " " + comment
		}
		fmt.Fprintf(&out, "%s\n", line)
		used = append(used, f)
	}
	if len(used) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the facilitators file: %w", err)
	}
	// O_EXCL: never overwrite a file someone wrote since we looked.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create the facilitators file: %w", err)
	}
	if _, err := f.Write(out.Bytes()); err != nil {
		f.Close()
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return used, nil
}
