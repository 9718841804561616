package session

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Bucket names of the bbolt store.
var (
	bucketWorkshops  = []byte("workshops")  // workshop ID -> WorkshopMeta JSON
	bucketCodes      = []byte("codes")      // join code -> workshop ID
	bucketEvents     = []byte("events")     // workshop ID -> bucket of big-endian seq -> Event JSON
	bucketIdentities = []byte("identities") // identity ID -> Profile JSON
	bucketPINs       = []byte("pins")       // workshop ID + "/" + PIN -> guest identity ID
	// Cohorts: their metadata, their names and invite codes, their logs.
	bucketCohorts      = []byte("cohorts")       // cohort ID -> CohortMeta JSON
	bucketCohortNames  = []byte("cohort_names")  // name, and "invite/" + invite code -> cohort ID
	bucketCohortEvents = []byte("cohort_events") // cohort ID -> bucket of big-endian seq -> Event JSON
)

// ErrLocked is returned by OpenBolt when another process holds the file.
var ErrLocked = errors.New("the data file is in use by another process (is a server already running on this data directory?)")

// ErrDamaged is wrapped by the error of anything the store cannot read back:
// a file that is empty, cut short or not a store, a page bbolt cannot make
// sense of, a workshop's log that does not decode or replay. The file is
// never changed to repair it: a backup restores it.
var ErrDamaged = errors.New("damaged")

// damage is an ErrDamaged: what is damaged, in plain words, and the cause.
type damage struct {
	what  string // "the store /d/commonground.db is cut short: ..."
	cause error  // bbolt's, the decoder's, or a recovered panic; may be nil
}

func (d *damage) Error() string {
	if d.cause == nil {
		return d.what
	}
	return d.what + " (" + d.cause.Error() + ")"
}

func (d *damage) Is(target error) bool { return target == ErrDamaged }
func (d *damage) Unwrap() error        { return d.cause }

// Damaged returns an ErrDamaged that says what is damaged, in plain words,
// with its cause (which may be nil): for any store's records that cannot
// be read back.
func Damaged(cause error, format string, args ...any) error {
	return &damage{what: fmt.Sprintf(format, args...), cause: cause}
}

// BoltStore is the Store kept in one bbolt file.
type BoltStore struct {
	db   *bolt.DB
	path string
}

var _ Store = (*BoltStore)(nil)

// OpenBolt opens the bbolt file at path, creating it if there is none. If
// another process holds the file it gives up after timeout with ErrLocked,
// rather than waiting forever. A file that is there but is not a store
// (empty, cut short, not bbolt, another program's) is refused with an
// ErrDamaged and left as it is: only a missing file becomes a new store.
func OpenBolt(path string, timeout time.Duration) (*BoltStore, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	existed, err := probe(path, timeout)
	if err != nil {
		return nil, err
	}
	s, err := openDB(path, &bolt.Options{Timeout: timeout})
	if err != nil {
		return nil, err
	}
	err = s.update(func(tx *bolt.Tx) error {
		if existed {
			if err := s.ours(tx); err != nil {
				return err
			}
		}
		for _, b := range buckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return nil
	})
	if errors.Is(err, ErrDamaged) {
		s.db.Close()
		return nil, err // it says which file
	}
	if err != nil {
		s.db.Close()
		return nil, fmt.Errorf("initialise %s: %w", path, err)
	}
	return s, nil
}

// OpenBoltReadOnly opens the store at path for reading alone, never writing
// to it, as a check does: a missing file is ErrNotFound, and one that is not
// a store is refused as by OpenBolt.
func OpenBoltReadOnly(path string, timeout time.Duration) (*BoltStore, error) {
	existed, err := probe(path, timeout)
	if err != nil {
		return nil, err
	}
	if !existed {
		return nil, fmt.Errorf("open %s: %w", path, ErrNotFound)
	}
	// The free list is read here, where a fault on it is caught, rather
	// than in Tx.Check's own goroutine.
	s, err := openDB(path, &bolt.Options{Timeout: timeout, ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		return nil, err
	}
	if err := s.view(s.ours); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// buckets are the top-level buckets of a store, in the order created.
var buckets = [][]byte{bucketWorkshops, bucketCodes, bucketEvents, bucketIdentities, bucketPINs,
	bucketCohorts, bucketCohortNames, bucketCohortEvents}

// ours refuses a file with buckets of which none is a store's: another
// program's bbolt file. One without any is a store whose creation was cut
// short before its buckets were made.
func (s *BoltStore) ours(tx *bolt.Tx) error {
	if tx.Bucket(bucketWorkshops) != nil {
		return nil
	}
	if k, _ := tx.Cursor().First(); k == nil {
		return nil
	}
	return Damaged(nil, "the store %s is another program's bbolt file, not a CommonGround store", s.path)
}

// probe reports whether there is a file at path, and refuses one bbolt
// would either write over (an empty file: bbolt makes a new store in it) or
// crash on (one cut short: bbolt maps the pages its header names, and
// reading one past the end of the file faults). It opens the file read-only
// for that, reading nothing beyond its header.
func probe(path string, timeout time.Duration) (existed bool, err error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open %s: %w", path, err)
	}
	if info.Size() == 0 {
		return true, Damaged(nil, "the store %s is an empty file, not a store CommonGround made (on a new server: delete it, and the server makes a new store)", path)
	}
	s, err := openDB(path, &bolt.Options{Timeout: timeout, ReadOnly: true})
	if err != nil {
		return true, err
	}
	defer s.db.Close()
	var need int64
	if err := s.view(func(tx *bolt.Tx) error { need = tx.Size(); return nil }); err != nil {
		return true, err
	}
	if need > info.Size() {
		return true, Damaged(nil, "the store %s is cut short: it has %d bytes, and its records need %d", path, info.Size(), need)
	}
	return true, nil
}

// openDB opens the bbolt file at path. An error of the file itself, rather
// than of the system (permissions, locks), is an ErrDamaged.
func openDB(path string, opts *bolt.Options) (*BoltStore, error) {
	s := &BoltStore{path: path}
	err := s.guard(func() error {
		var err error
		s.db, err = bolt.Open(path, 0o600, opts)
		return err
	})
	var errno syscall.Errno
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	case err == nil:
		return s, nil
	case errors.Is(err, ErrDamaged): // it says which file
		return nil, err
	case errors.As(err, new(*fs.PathError)), errors.As(err, &errno):
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return nil, Damaged(err, "the store %s is not a CommonGround store, or its beginning is damaged", path)
}

// guard runs fn, turning a panic into an ErrDamaged: bbolt panics on a page
// it cannot make sense of, and reading a page the file does not have faults
// (SIGBUS, SIGSEGV), which SetPanicOnFault makes a panic. bbolt's View and
// Update roll the transaction back as the panic passes.
func (s *BoltStore) guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = Damaged(fmt.Errorf("%v", p), "the store %s is damaged: a part of it cannot be read", s.path)
		}
	}()
	return fn()
}

// view runs fn in a read transaction, guarded.
func (s *BoltStore) view(fn func(*bolt.Tx) error) error {
	return s.guard(func() error { return s.db.View(fn) })
}

// update runs fn in a write transaction, guarded.
func (s *BoltStore) update(fn func(*bolt.Tx) error) error {
	return s.guard(func() error { return s.db.Update(fn) })
}

// Close closes the file.
func (s *BoltStore) Close() error { return s.db.Close() }

// WriteTo writes a consistent copy of the whole store to w while the server
// keeps running (an online backup).
func (s *BoltStore) WriteTo(w io.Writer) (int64, error) {
	var n int64
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// maxProblems bounds what Check reports: past it, more of the same helps nobody.
const maxProblems = 20

// Check verifies the whole file and returns what it found wrong, at most
// maxProblems: first that every page, key and value can be read (walking
// every bucket, guarded), then bbolt's own consistency check (Tx.Check).
// Tx.Check runs in a goroutine of its own, where a fault would end the
// process, so it runs only once the walk has read every page it visits.
func (s *BoltStore) Check() []error {
	var sum uint32
	err := s.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return readAll(b, &sum) })
	})
	if err != nil {
		return []error{err}
	}
	var problems []error
	err = s.view(func(tx *bolt.Tx) error {
		for err := range tx.Check(bolt.WithKVStringer(keyStringer{})) {
			if len(problems) < maxProblems {
				problems = append(problems, err)
			}
		}
		return nil
	})
	if err != nil {
		problems = append(problems, err)
	}
	return problems
}

// keyStringer shows keys in Check's messages as the store has them: text
// (bucket names, IDs, join codes) quoted, anything else (a log's sequence
// numbers) in hex.
type keyStringer struct{}

func (keyStringer) KeyToString(k []byte) string {
	for _, c := range k {
		if c < ' ' || c > '~' {
			return fmt.Sprintf("%x", k)
		}
	}
	return strconv.Quote(string(k))
}

func (keyStringer) ValueToString(v []byte) string { return fmt.Sprintf("%d bytes", len(v)) }

// readAll reads every key and value of b and of the buckets in it, adding
// them to sum so that the reads happen.
func readAll(b *bolt.Bucket, sum *uint32) error {
	return b.ForEach(func(k, v []byte) error {
		*sum = crc32.Update(crc32.Update(*sum, crc32.IEEETable, k), crc32.IEEETable, v)
		if v == nil {
			return readAll(b.Bucket(k), sum)
		}
		return nil
	})
}

func seqKey(seq uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, seq)
	return k
}

// CreateWorkshop implements Store.
func (s *BoltStore) CreateWorkshop(meta WorkshopMeta, first Event) error {
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("encode workshop: %w", err)
	}
	return s.update(func(tx *bolt.Tx) error {
		codes := tx.Bucket(bucketCodes)
		if codes.Get([]byte(meta.Code)) != nil {
			return ErrCodeTaken
		}
		if err := codes.Put([]byte(meta.Code), []byte(meta.ID)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketWorkshops).Put([]byte(meta.ID), metaJSON); err != nil {
			return err
		}
		log, err := tx.Bucket(bucketEvents).CreateBucket([]byte(meta.ID))
		if err != nil {
			return fmt.Errorf("create log of %s: %w", meta.ID, err)
		}
		evs := []Event{first}
		if err := appendTo(log, evs); err != nil {
			return err
		}
		return nil
	})
}

// Workshops implements Store.
func (s *BoltStore) Workshops() ([]WorkshopMeta, error) {
	var out []WorkshopMeta
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketWorkshops).ForEach(func(k, v []byte) error {
			var m WorkshopMeta
			if err := json.Unmarshal(v, &m); err != nil {
				return Damaged(err, "the list of workshops is damaged at %q", k)
			}
			out = append(out, m)
			return nil
		})
	})
	sortByCreated(out)
	return out, err
}

// WorkshopByCode implements Store.
func (s *BoltStore) WorkshopByCode(code string) (WorkshopMeta, error) {
	var m WorkshopMeta
	err := s.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketCodes).Get([]byte(code))
		if id == nil {
			return ErrNotFound
		}
		v := tx.Bucket(bucketWorkshops).Get(id)
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &m); err != nil {
			return Damaged(err, "the entry of workshop %q is damaged", id)
		}
		return nil
	})
	return m, err
}

// Append implements Store: one transaction, one fsync, for the whole batch.
func (s *BoltStore) Append(workshopID string, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	err := s.update(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketEvents).Bucket([]byte(workshopID))
		if log == nil {
			return fmt.Errorf("workshop %s: %w", workshopID, ErrNotFound)
		}
		return appendTo(log, events)
	})
	if err != nil {
		return fmt.Errorf("append %d events to %s: %w", len(events), workshopID, err)
	}
	return nil
}

// appendTo writes events at the end of a log bucket, setting their Seq.
func appendTo(log *bolt.Bucket, events []Event) error {
	// Logs are only ever appended to: fuller pages waste less space.
	log.FillPercent = 0.9
	for i := range events {
		seq, err := log.NextSequence()
		if err != nil {
			return err
		}
		events[i].Seq = seq
		v, err := json.Marshal(events[i])
		if err != nil {
			return fmt.Errorf("encode event: %w", err)
		}
		if err := log.Put(seqKey(seq), v); err != nil {
			return err
		}
	}
	return nil
}

// Events implements Store.
func (s *BoltStore) Events(workshopID string) ([]Event, error) {
	out, err := s.readLog(bucketEvents, workshopID)
	if err != nil {
		return nil, fmt.Errorf("read the log of workshop %s: %w", workshopID, err)
	}
	return out, nil
}

// readLog reads the log bucket id in the top-level bucket top. A store
// from before that bucket existed (opened read-only, which creates none)
// holds no such log.
func (s *BoltStore) readLog(top []byte, id string) ([]Event, error) {
	var out []Event
	err := s.view(func(tx *bolt.Tx) error {
		logs := tx.Bucket(top)
		if logs == nil {
			return ErrNotFound
		}
		log := logs.Bucket([]byte(id))
		if log == nil {
			return ErrNotFound
		}
		return log.ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return Damaged(nil, "a key is damaged (%x is no sequence number)", k)
			}
			var ev Event
			// Unmarshal copies: nothing of bbolt's memory escapes the transaction.
			if err := json.Unmarshal(v, &ev); err != nil {
				return Damaged(err, "event %d is damaged", binary.BigEndian.Uint64(k))
			}
			ev.Seq = binary.BigEndian.Uint64(k)
			out = append(out, ev)
			return nil
		})
	})
	return out, err
}

// CreateCohort implements Store.
func (s *BoltStore) CreateCohort(meta CohortMeta, first Event) error {
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("encode cohort: %w", err)
	}
	return s.update(func(tx *bolt.Tx) error {
		names := tx.Bucket(bucketCohortNames)
		invite := []byte("invite/" + meta.Invite)
		if names.Get([]byte(meta.Name)) != nil || names.Get(invite) != nil {
			return ErrNameTaken
		}
		if err := names.Put([]byte(meta.Name), []byte(meta.ID)); err != nil {
			return err
		}
		if err := names.Put(invite, []byte(meta.ID)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketCohorts).Put([]byte(meta.ID), metaJSON); err != nil {
			return err
		}
		log, err := tx.Bucket(bucketCohortEvents).CreateBucket([]byte(meta.ID))
		if err != nil {
			return fmt.Errorf("create log of cohort %s: %w", meta.ID, err)
		}
		return appendTo(log, []Event{first})
	})
}

// Cohorts implements Store.
func (s *BoltStore) Cohorts() ([]CohortMeta, error) {
	var out []CohortMeta
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCohorts)
		if b == nil {
			return nil // a store from before cohorts, opened read-only
		}
		return b.ForEach(func(k, v []byte) error {
			var m CohortMeta
			if err := json.Unmarshal(v, &m); err != nil {
				return Damaged(err, "the list of cohorts is damaged at %q", k)
			}
			out = append(out, m)
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b CohortMeta) int { return a.Created.Compare(b.Created) })
	return out, err
}

// AppendCohort implements Store: one transaction, checked against after.
func (s *BoltStore) AppendCohort(cohortID string, after uint64, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	err := s.update(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketCohortEvents).Bucket([]byte(cohortID))
		if log == nil {
			return ErrNotFound
		}
		if log.Sequence() != after {
			return ErrConflict
		}
		return appendTo(log, events)
	})
	if err != nil {
		return fmt.Errorf("append %d events to cohort %s: %w", len(events), cohortID, err)
	}
	return nil
}

// CohortEvents implements Store.
func (s *BoltStore) CohortEvents(cohortID string) ([]Event, error) {
	out, err := s.readLog(bucketCohortEvents, cohortID)
	if err != nil {
		return nil, fmt.Errorf("read the log of cohort %s: %w", cohortID, err)
	}
	return out, nil
}

// Profile implements Store.
func (s *BoltStore) Profile(id string) (Profile, error) {
	var p Profile
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketIdentities).Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &p); err != nil {
			return Damaged(err, "the profile of %s is damaged", id)
		}
		return nil
	})
	return p, err
}

// SaveProfile implements Store.
func (s *BoltStore) SaveProfile(p Profile) error {
	v, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode profile: %w", err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketIdentities).Put([]byte(p.ID), v)
	})
	if err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// ClaimPIN implements Store.
func (s *BoltStore) ClaimPIN(workshopID, pin, id string) (bool, error) {
	ok := false
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPINs)
		k := []byte(workshopID + "/" + pin)
		if b.Get(k) != nil {
			return nil
		}
		ok = true
		return b.Put(k, []byte(id))
	})
	if err != nil {
		return false, fmt.Errorf("claim PIN: %w", err)
	}
	return ok, nil
}

// GuestByPIN implements Store.
func (s *BoltStore) GuestByPIN(workshopID, pin string) (string, error) {
	var id string
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPINs).Get([]byte(workshopID + "/" + pin))
		if v == nil {
			return ErrNotFound
		}
		id = string(v)
		return nil
	})
	return id, err
}

// Profiles returns every profile the store holds, for a copy into another
// store (commonground migrate).
func (s *BoltStore) Profiles() ([]Profile, error) {
	var out []Profile
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketIdentities).ForEach(func(k, v []byte) error {
			var p Profile
			if err := json.Unmarshal(v, &p); err != nil {
				return Damaged(err, "the profile of %s is damaged", k)
			}
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the profiles: %w", err)
	}
	return out, nil
}

// PINClaim is a rejoin PIN bound to a guest identity in a workshop
// (Store.ClaimPIN).
type PINClaim struct {
	Workshop, PIN, Guest string
}

// PINs returns every rejoin PIN the store holds, for a copy into another
// store (commonground migrate).
func (s *BoltStore) PINs() ([]PINClaim, error) {
	var out []PINClaim
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPINs).ForEach(func(k, v []byte) error {
			ws, pin, ok := strings.Cut(string(k), "/")
			if !ok {
				return Damaged(nil, "a rejoin PIN's key is damaged (%q names no workshop)", k)
			}
			out = append(out, PINClaim{Workshop: ws, PIN: pin, Guest: string(v)})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the rejoin PINs: %w", err)
	}
	return out, nil
}
