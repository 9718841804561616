package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"commonground/etcdstore"
	"commonground/report"
	"commonground/session"
)

// maxMigrateBytes bounds the encoded events one transaction of migrate
// carries, well under etcd's request limit (1.5 MiB by default).
const maxMigrateBytes = 512 << 10

func migrateCommand(cfg *Config) *cobra.Command {
	var from, to string
	c := &cobra.Command{
		Use:   "migrate --from DATA --to etcd://HOST:PORT,...",
		Short: "Copy a data directory's store into an etcd cluster, and verify the copy",
		Long: "Copy the bbolt store of a data directory into an etcd cluster, for servers that\n" +
			"run with --store (docs/SCALING.md): every workshop with its whole log, every\n" +
			"profile, every rejoin PIN. Each workshop is then read back from both stores\n" +
			"and folded: its events and its report must be the same, or the command fails.\n" +
			"Stop the server on the data directory first. A workshop already in the cluster\n" +
			"with the same log is left as it is, so an interrupted migrate can run again.",
		Example: "  commonground migrate --from ./commonground-data --to etcd://10.0.0.1:2379,10.0.0.2:2379,10.0.0.3:2379",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if from == "" {
				from = cfg.Data
			}
			if to != "" {
				cfg.Store = to
			}
			if cfg.Store == "" {
				return errors.New("say which cluster to copy into: --to etcd://HOST:PORT,HOST:PORT")
			}
			return cfg.migrate(from, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&from, "from", "", "data directory whose store to copy (default: --data)")
	c.Flags().StringVar(&to, "to", "", "etcd cluster to copy into, etcd://HOST:PORT,... (default: --store)")
	return c
}

// migrate copies the store of the data directory from into the cluster of
// c.Store and verifies the copy, saying what it did on w.
func (c Config) migrate(from string, w io.Writer) error {
	src := Config{Data: from}
	if err := src.requireStore(); err != nil {
		return err
	}
	bolt, err := session.OpenBoltReadOnly(filepath.Join(from, "commonground.db"), adminOpenTimeout)
	if errors.Is(err, session.ErrLocked) {
		return fmt.Errorf("a server is using %s: stop it first, so that nothing is added while it is copied", from)
	}
	if err != nil {
		return src.storeProblem(err)
	}
	defer bolt.Close()
	dst, err := c.openCluster(nil)
	if err != nil {
		return err
	}
	defer dst.Close()

	metas, err := bolt.Workshops()
	if err != nil {
		return src.storeProblem(err)
	}
	for _, m := range metas {
		n, err := copyWorkshop(bolt, dst, m)
		if err != nil {
			return fmt.Errorf("workshop %q (%s): %w", m.Title, m.Code, err)
		}
		fmt.Fprintf(w, "Copied %q (%s): %d events.\n", m.Title, m.Code, n)
	}
	cohorts, err := bolt.Cohorts()
	if err != nil {
		return src.storeProblem(err)
	}
	for _, m := range cohorts {
		n, err := copyCohort(bolt, dst, m)
		if err != nil {
			return fmt.Errorf("cohort %q: %w", m.Name, err)
		}
		fmt.Fprintf(w, "Copied cohort %q: %d events.\n", m.Name, n)
	}
	profiles, err := bolt.Profiles()
	if err != nil {
		return src.storeProblem(err)
	}
	for _, p := range profiles {
		if err := dst.SaveProfile(p); err != nil {
			return err
		}
	}
	pins, err := bolt.PINs()
	if err != nil {
		return src.storeProblem(err)
	}
	for _, p := range pins {
		if _, err := dst.ClaimPIN(p.Workshop, p.PIN, p.Guest); err != nil {
			return err
		}
		if got, err := dst.GuestByPIN(p.Workshop, p.PIN); err != nil || got != p.Guest {
			return fmt.Errorf("the rejoin PIN %s of workshop %s belongs to %q in the cluster, not %q (%v)", p.PIN, p.Workshop, got, p.Guest, err)
		}
	}
	fmt.Fprintf(w, "Copied %d profiles and %d rejoin PINs.\n", len(profiles), len(pins))
	if err := verify(bolt, dst, metas); err != nil {
		return err
	}
	fmt.Fprintf(w, "Verified: every workshop reads back from %s with the same events and the same report.\n", c.Store)
	return nil
}

// copyWorkshop copies one workshop's entry and log, in transactions of at
// most maxMigrateBytes, keeping every event's number. A workshop the
// cluster has already is checked, not copied again: the same log, or the
// start of it, is carried on.
func copyWorkshop(src *session.BoltStore, dst *etcdstore.Store, m session.WorkshopMeta) (int, error) {
	events, err := src.Events(m.ID)
	if err != nil {
		return 0, err
	}
	for i, ev := range events {
		if ev.Seq != uint64(i+1) {
			return 0, session.Damaged(nil, "its log has event %d where %d should be", ev.Seq, i+1)
		}
	}
	have, err := dst.Events(m.ID)
	switch {
	case errors.Is(err, session.ErrNotFound):
		first := events[0]
		if err := dst.CreateWorkshop(m, first); err != nil {
			return 0, fmt.Errorf("create it in the cluster: %w", err)
		}
		have = []session.Event{first}
	case err != nil:
		return 0, err
	case len(have) > len(events) || !sameEvents(have, events[:len(have)]):
		return 0, errors.New("the cluster has a different workshop under its ID")
	}
	rest := slices.Clone(events[len(have):])
	for len(rest) > 0 {
		n, size := 0, 0
		for n < len(rest) && (n == 0 || size+len(rest[n].Data) < maxMigrateBytes) {
			size += len(rest[n].Data) + 200 // the event's other fields, generously
			n++
		}
		if _, err := dst.AppendAfter(m.ID, rest[0].Seq-1, rest[:n]); err != nil {
			return 0, fmt.Errorf("append events %d to %d: %w", rest[0].Seq, rest[n-1].Seq, err)
		}
		rest = rest[n:]
	}
	return len(events), nil
}

// copyCohort copies one cohort's entry and log, keeping every event's
// number, and reads it back: the same events in both stores. A cohort the
// cluster has already is carried on, as copyWorkshop does.
func copyCohort(src *session.BoltStore, dst *etcdstore.Store, m session.CohortMeta) (int, error) {
	events, err := src.CohortEvents(m.ID)
	if err != nil {
		return 0, err
	}
	have, err := dst.CohortEvents(m.ID)
	switch {
	case errors.Is(err, session.ErrNotFound):
		if err := dst.CreateCohort(m, events[0]); err != nil {
			return 0, fmt.Errorf("create it in the cluster: %w", err)
		}
		have = events[:1]
	case err != nil:
		return 0, err
	case len(have) > len(events) || !sameEvents(have, events[:len(have)]):
		return 0, errors.New("the cluster has a different cohort under its ID")
	}
	if rest := slices.Clone(events[len(have):]); len(rest) > 0 {
		if err := dst.AppendCohort(m.ID, uint64(len(have)), rest); err != nil {
			return 0, fmt.Errorf("append events %d to %d: %w", len(have)+1, len(events), err)
		}
	}
	back, err := dst.CohortEvents(m.ID)
	if err != nil {
		return 0, err
	}
	if !sameEvents(back, events) {
		return 0, errors.New("its log reads back from the cluster with other events")
	}
	return len(events), nil
}

// sameEvents reports whether two logs hold the same events, byte for byte
// as encoded.
func sameEvents(a, b []session.Event) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		ja, err1 := json.Marshal(a[i])
		jb, err2 := json.Marshal(b[i])
		if err1 != nil || err2 != nil || !bytes.Equal(ja, jb) {
			return false
		}
	}
	return true
}

// verify reads every workshop back from both stores: the same events, and
// folded, the same report.
func verify(src *session.BoltStore, dst *etcdstore.Store, metas []session.WorkshopMeta) error {
	hubs := []*session.Hub{session.NewHub(src, session.Options{}), session.NewHub(dst, session.Options{})}
	defer hubs[0].Close()
	defer hubs[1].Close()
	for _, m := range metas {
		a, err := src.Events(m.ID)
		if err != nil {
			return err
		}
		b, err := dst.Events(m.ID)
		if err != nil {
			return fmt.Errorf("verify %q (%s): %w", m.Title, m.Code, err)
		}
		if !sameEvents(a, b) {
			return fmt.Errorf("verify %q (%s): the cluster's log differs from the data directory's", m.Title, m.Code)
		}
		var reports [2]bytes.Buffer
		for i, h := range hubs {
			snap, err := h.Read(m.Code)
			if err != nil {
				return fmt.Errorf("verify %q (%s): %w", m.Title, m.Code, err)
			}
			if err := report.Write(&reports[i], snap, "json"); err != nil {
				return fmt.Errorf("verify %q (%s): %w", m.Title, m.Code, err)
			}
		}
		if !bytes.Equal(reports[0].Bytes(), reports[1].Bytes()) {
			return fmt.Errorf("verify %q (%s): the workshop folds to a different report from the cluster", m.Title, m.Code)
		}
	}
	return nil
}
