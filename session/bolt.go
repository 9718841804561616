package session

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
)

// ErrLocked is returned by OpenBolt when another process holds the file.
var ErrLocked = errors.New("the data file is in use by another process (is a server already running on this data directory?)")

// BoltStore is the Store kept in one bbolt file.
type BoltStore struct {
	db *bolt.DB
}

var _ Store = (*BoltStore)(nil)

// OpenBolt opens (creating if needed) the bbolt file at path. If another
// process holds the file it gives up after timeout with ErrLocked, rather
// than waiting forever.
func OpenBolt(path string, timeout time.Duration) (*BoltStore, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketWorkshops, bucketCodes, bucketEvents, bucketIdentities, bucketPINs} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("initialise %s: %w", path, err)
	}
	return &BoltStore{db: db}, nil
}

// Close closes the file.
func (s *BoltStore) Close() error { return s.db.Close() }

// WriteTo writes a consistent copy of the whole store to w while the server
// keeps running (an online backup).
func (s *BoltStore) WriteTo(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
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
	return s.db.Update(func(tx *bolt.Tx) error {
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
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketWorkshops).ForEach(func(_, v []byte) error {
			var m WorkshopMeta
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("decode workshop: %w", err)
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
	err := s.db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketCodes).Get([]byte(code))
		if id == nil {
			return ErrNotFound
		}
		v := tx.Bucket(bucketWorkshops).Get(id)
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &m)
	})
	return m, err
}

// Append implements Store: one transaction, one fsync, for the whole batch.
func (s *BoltStore) Append(workshopID string, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
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
	var out []Event
	err := s.db.View(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketEvents).Bucket([]byte(workshopID))
		if log == nil {
			return ErrNotFound
		}
		return log.ForEach(func(k, v []byte) error {
			var ev Event
			// Unmarshal copies: nothing of bbolt's memory escapes the transaction.
			if err := json.Unmarshal(v, &ev); err != nil {
				return fmt.Errorf("decode event %x: %w", k, err)
			}
			ev.Seq = binary.BigEndian.Uint64(k)
			out = append(out, ev)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read log of %s: %w", workshopID, err)
	}
	return out, nil
}

// Profile implements Store.
func (s *BoltStore) Profile(id string) (Profile, error) {
	var p Profile
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketIdentities).Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &p)
	})
	return p, err
}

// SaveProfile implements Store.
func (s *BoltStore) SaveProfile(p Profile) error {
	v, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode profile: %w", err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
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
	err := s.db.Update(func(tx *bolt.Tx) error {
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
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPINs).Get([]byte(workshopID + "/" + pin))
		if v == nil {
			return ErrNotFound
		}
		id = string(v)
		return nil
	})
	return id, err
}
