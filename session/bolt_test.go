package session_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"commonground/exercises/checkin"
	"commonground/session"
)

// storeWith makes a store file holding the workshops, closed, and returns
// its path and the workshops.
func storeWith(t *testing.T, specs ...session.NewWorkshop) (string, []session.WorkshopMeta) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "store.db")
	store, err := session.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	hub := session.NewHub(store, session.Options{})
	metas := make([]session.WorkshopMeta, len(specs))
	for i, spec := range specs {
		if metas[i], err = hub.Create(spec); err != nil {
			t.Fatal(err)
		}
	}
	hub.Close()
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	return path, metas
}

// twoWorkshopStore makes a store file holding two workshops, First and Second.
func twoWorkshopStore(t *testing.T) (string, []session.WorkshopMeta) {
	t.Helper()
	return storeWith(t, session.NewWorkshop{Title: "First", Agenda: agenda(t, checkin.Kind)},
		session.NewWorkshop{Title: "Second", Agenda: agenda(t, checkin.Kind)})
}

// rawView runs fn in a read transaction on the bbolt file at path, which
// nothing holds.
func rawView(t *testing.T, path string, fn func(tx *bolt.Tx)) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error { fn(tx); return nil }); err != nil {
		t.Fatal(err)
	}
}

// replaceAll replaces every old in the file at path with new, of the same length.
func replaceAll(t *testing.T, path string, old, new []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, old) {
		t.Fatalf("%q is not in %s", old, path)
	}
	if err := os.WriteFile(path, bytes.ReplaceAll(b, old, new), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOpenBoltRefusesWhatIsNotAStore(t *testing.T) {
	good, _ := twoWorkshopStore(t)
	var used int64
	rawView(t, good, func(tx *bolt.Tx) { used = tx.Size() })
	for _, c := range []struct {
		name   string
		damage func(path string) error
		want   string
	}{
		{"Empty", func(path string) error { return os.Truncate(path, 0) }, "is an empty file"},
		{"HeaderOnly", func(path string) error { return os.Truncate(path, 8192) }, "is cut short"},
		{"LastPageLost", func(path string) error { return os.Truncate(path, used-4096) }, "is cut short"},
		{"NotBbolt", func(path string) error {
			return os.WriteFile(path, bytes.Repeat([]byte("not a store "), 8000), 0o600)
		}, "is not a CommonGround store"},
		{"OtherProgram", func(path string) error {
			if err := os.Remove(path); err != nil {
				return err
			}
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				return err
			}
			err = db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("settings")); return err })
			return errors.Join(err, db.Close())
		}, "is another program's bbolt file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "store.db")
			b, err := os.ReadFile(good)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := c.damage(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			for name, open := range map[string]func(string, time.Duration) (*session.BoltStore, error){
				"OpenBolt": session.OpenBolt, "OpenBoltReadOnly": session.OpenBoltReadOnly,
			} {
				s, err := open(path, time.Second)
				if err == nil {
					s.Close()
				}
				if !errors.Is(err, session.ErrDamaged) || !strings.Contains(err.Error(), path+" "+c.want) {
					t.Errorf("%s: err = %v, want an ErrDamaged saying %q", name, err, c.want)
				}
				if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
					t.Errorf("%s changed the file: %d bytes, were %d", name, len(after), len(before))
				}
			}
		})
	}
}

func TestOpenBoltNewStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.db")
	if _, err := session.OpenBoltReadOnly(path, time.Second); !errors.Is(err, session.ErrNotFound) {
		t.Errorf("OpenBoltReadOnly of a missing file: err = %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenBoltReadOnly made a file: %v", err)
	}
	// A bbolt file without buckets: a store whose making was cut short.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := session.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatalf("OpenBolt of a bbolt file without buckets: %v", err)
	}
	defer s.Close()
	if list, err := s.Workshops(); err != nil || len(list) != 0 {
		t.Errorf("Workshops = %v, %v; want none", list, err)
	}
}

// TestUnreadablePageIsDamage points the events bucket at a page far beyond
// the file: reading it faults, which must come back as an ErrDamaged from
// the store, from the hub and from Check, not end the process.
func TestUnreadablePageIsDamage(t *testing.T) {
	path, metas := twoWorkshopStore(t)
	var header []byte // the events bucket's entry in the root bucket: its root page and sequence
	rawView(t, path, func(tx *bolt.Tx) {
		b := tx.Bucket([]byte("events"))
		header = binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64([]byte("events"), uint64(b.Root())), b.Sequence())
	})
	far := binary.LittleEndian.AppendUint64([]byte("events"), 1<<28) // a page 1 TiB in
	far = append(far, header[len(far):]...)
	replaceAll(t, path, header, far)

	s, err := session.OpenBoltReadOnly(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Events(metas[0].ID); !errors.Is(err, session.ErrDamaged) {
		t.Errorf("Events = %v, want ErrDamaged", err)
	}
	hub := session.NewHub(s, session.Options{})
	defer hub.Close()
	if _, err := hub.Open(metas[1].Code); !errors.Is(err, session.ErrDamaged) {
		t.Errorf("Open = %v, want ErrDamaged", err)
	}
	problems := s.Check()
	if len(problems) == 0 || !errors.Is(problems[0], session.ErrDamaged) {
		t.Errorf("Check = %v, want the unreadable page", problems)
	}
}

// TestDamagedLog flips 200 bytes of one workshop's first event: that
// workshop stays closed, listed as damaged; the other opens.
func TestDamagedLog(t *testing.T) {
	path, metas := twoWorkshopStore(t)
	var value []byte
	rawView(t, path, func(tx *bolt.Tx) {
		value = bytes.Clone(tx.Bucket([]byte("events")).Bucket([]byte(metas[1].ID)).Get([]byte{0, 0, 0, 0, 0, 0, 0, 1}))
	})
	if len(value) < 220 {
		t.Fatalf("the first event has %d bytes", len(value))
	}
	flipped := bytes.Clone(value)
	for i := 20; i < 220; i++ {
		flipped[i] ^= 0xff
	}
	replaceAll(t, path, value, flipped)

	s, err := session.OpenBolt(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hub := session.NewHub(s, session.Options{})
	defer hub.Close()
	if _, err := hub.Open(metas[1].Code); !errors.Is(err, session.ErrDamaged) || !strings.Contains(err.Error(), "event 1 is damaged") {
		t.Errorf("Open of the damaged workshop = %v, want ErrDamaged naming event 1", err)
	}
	if _, err := hub.Open(metas[0].Code); err != nil {
		t.Errorf("Open of the other workshop: %v", err)
	}
	list, err := hub.List()
	if err != nil || len(list) != 2 || list[0].Damaged != nil || !errors.Is(list[1].Damaged, session.ErrDamaged) {
		t.Errorf("List = %+v, %v; want the second workshop alone marked damaged", list, err)
	}
	if problems := s.Check(); len(problems) != 0 {
		t.Errorf("Check = %v: bad JSON in a value is no fault of the file's structure", problems)
	}
}

// TestCheckReportsKeyOrder swaps two join codes in the file, so that the
// index of codes is out of order: bbolt's consistency check finds it, and
// says which keys, as text; the list marks the workshops it cannot find.
func TestCheckReportsKeyOrder(t *testing.T) {
	// Enough workshops that the index of codes has a page of its own,
	// which Tx.Check orders (it skips buckets kept inline).
	specs := make([]session.NewWorkshop, 40)
	for i := range specs {
		specs[i] = session.NewWorkshop{Title: "W", Agenda: agenda(t, checkin.Kind), Code: fmt.Sprintf("c%03d-0000", i)}
	}
	path, _ := storeWith(t, specs...)
	replaceAll(t, path, []byte("c000-0000"), []byte("swapped!!"))
	replaceAll(t, path, []byte("c039-0000"), []byte("c000-0000"))
	replaceAll(t, path, []byte("swapped!!"), []byte("c039-0000"))

	store, err := session.OpenBoltReadOnly(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	problems := store.Check()
	if len(problems) == 0 || !strings.Contains(fmt.Sprint(problems), `"c039-0000"`) {
		t.Errorf("Check = %v, want the keys out of order, named as text", problems)
	}
	hub := session.NewHub(store, session.Options{})
	defer hub.Close()
	list, err := hub.List()
	if err != nil || len(list) != 40 {
		t.Fatalf("List = %d workshops, %v", len(list), err)
	}
	bad := 0
	for _, s := range list {
		if s.Damaged != nil {
			bad++
		}
	}
	if bad == 0 {
		t.Error("List marks no workshop damaged, but two codes lead to the wrong workshop or nowhere")
	}
}
