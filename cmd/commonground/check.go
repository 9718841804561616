package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"commonground/cohort"
	"commonground/session"
)

func checkCommand(ctx context.Context, cfg *Config) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify the store: the file itself and every workshop's records",
		Long: "Verify the store of the data directory without changing it: bbolt's consistency\n" +
			"check of the file, then every workshop's log, read back and replayed. It prints\n" +
			"what it found for each workshop and exits with status 1 if anything is damaged.\n" +
			"While a server runs, it checks a copy of the store taken through the server, as\n" +
			"commonground backup does.",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return cfg.check(ctx, c.OutOrStdout(), c.ErrOrStderr()) },
	}
}

// check runs the check command, writing its report to w; stderr gets what
// the running server says if it cannot make a copy.
func (c Config) check(ctx context.Context, w, stderr io.Writer) error {
	if err := c.requireStore(); err != nil {
		return err
	}
	path := c.dbPath()
	store, err := session.OpenBoltReadOnly(path, adminOpenTimeout)
	if errors.Is(err, session.ErrLocked) {
		var remove func()
		path, remove, err = c.copyFromServer(ctx, stderr)
		if err != nil {
			return err
		}
		defer remove()
		fmt.Fprintf(w, "A server is running on %s: checking a copy of its store taken through it.\n", c.Data)
		store, err = session.OpenBoltReadOnly(path, adminOpenTimeout)
	}
	if errors.Is(err, session.ErrDamaged) {
		return fmt.Errorf("%w.\n%s", err, c.restoreAdvice())
	}
	if err != nil {
		return err
	}
	defer store.Close()

	damaged := false
	if problems := store.Check(); len(problems) > 0 {
		damaged = true
		fmt.Fprintf(w, "The file's structure (bbolt's consistency check): DAMAGED\n")
		for _, p := range problems {
			fmt.Fprintf(w, "  %v\n", p)
		}
	} else {
		fmt.Fprintf(w, "The file's structure (bbolt's consistency check): ok\n")
	}
	hub := c.hubOver(store)
	defer hub.Close()
	list, err := hub.List()
	if err != nil {
		return fmt.Errorf("the list of workshops cannot be read: %w.\n%s", err, c.restoreAdvice())
	}
	bad := 0
	for _, s := range list {
		if s.Damaged != nil {
			bad++
			fmt.Fprintf(w, "%s  %q: DAMAGED: %v\n", s.Code, s.Title, s.Damaged)
			continue
		}
		fmt.Fprintf(w, "%s  %q: ok (%d activities, %d participants)\n", s.Code, s.Title, s.Activities, s.Participants)
	}
	cohorts, badCohorts, err := checkCohorts(w, store)
	if err != nil {
		return fmt.Errorf("the list of cohorts cannot be read: %w.\n%s", err, c.restoreAdvice())
	}
	switch {
	case bad > 0:
		return fmt.Errorf("%d of %d workshops cannot be opened.\n%s", bad, len(list), c.restoreAdvice())
	case badCohorts > 0:
		return fmt.Errorf("%d of %d cohorts cannot be read.\n%s", badCohorts, cohorts, c.restoreAdvice())
	case damaged:
		return fmt.Errorf("every workshop can be read, but the file has the problems above.\n%s", c.restoreAdvice())
	}
	noun := "workshops"
	if len(list) == 1 {
		noun = "workshop"
	}
	if cohorts > 0 {
		noun += fmt.Sprintf(", %d cohort", cohorts)
		if cohorts > 1 {
			noun += "s"
		}
	}
	fmt.Fprintf(w, "Everything in the store can be read: %d %s.\n", len(list), noun)
	return nil
}

// checkCohorts reads every cohort's log back and folds it, one line each,
// and returns how many there are and how many cannot be read.
func checkCohorts(w io.Writer, store session.Store) (all, bad int, err error) {
	metas, err := store.Cohorts()
	if err != nil {
		return 0, 0, err
	}
	for _, m := range metas {
		events, err := store.CohortEvents(m.ID)
		var st *cohort.State
		if err == nil {
			st, err = cohort.Fold(events)
		}
		if err != nil {
			bad++
			fmt.Fprintf(w, "cohort %s: DAMAGED: %v\n", m.Name, err)
			continue
		}
		fmt.Fprintf(w, "cohort %s: ok (%d members, %d sessions)\n", m.Name, len(st.Members), len(st.Sessions))
	}
	return len(metas), bad, nil
}

// copyFromServer takes a backup through the running server into a file
// beside the store, and returns it with a function that removes it.
func (c Config) copyFromServer(ctx context.Context, stderr io.Writer) (string, func(), error) {
	f, err := os.CreateTemp(c.Data, ".check-*.db")
	if err != nil {
		return "", nil, fmt.Errorf("make room for a copy of the store: %w", err)
	}
	remove := func() { os.Remove(f.Name()) }
	code, err := c.forward(ctx, []string{"backup", "-"}, nil, f, stderr)
	err = errors.Join(err, f.Close())
	if err == nil && code != 0 {
		err = fmt.Errorf("the running server could not make a copy of its store (exit status %d)", code)
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("copy the store through the running server: %w", err)
	}
	return f.Name(), remove, nil
}
