package etcdstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	clientv3 "go.etcd.io/etcd/client/v3"

	"commonground/session"
)

// A cohort is kept as a workshop is: its entry, the keys that make its name
// and its invite code unique, and its log, an eventLog of its own.

func (s *Store) cohortKey(id string) string       { return s.prefix + "cohort/" + id }
func (s *Store) cohortNameKey(name string) string { return s.prefix + "cohort-name/" + name }
func (s *Store) inviteKey(code string) string     { return s.prefix + "cohort-invite/" + code }

// CreateCohort implements session.Store: the name, the invite code, the
// entry and the first event, in one transaction that fails if the name or
// the invite code is taken.
func (s *Store) CreateCohort(meta session.CohortMeta, first session.Event) error {
	v, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("encode cohort: %w", err)
	}
	ctx, cancel := s.ctx()
	defer cancel()
	ok, err := s.cohorts.create(ctx, meta.ID, []session.Event{first},
		[]clientv3.Cmp{
			clientv3.Compare(clientv3.CreateRevision(s.cohortNameKey(meta.Name)), "=", 0),
			clientv3.Compare(clientv3.CreateRevision(s.inviteKey(meta.Invite)), "=", 0),
		},
		clientv3.OpPut(s.cohortNameKey(meta.Name), meta.ID), clientv3.OpPut(s.inviteKey(meta.Invite), meta.ID),
		clientv3.OpPut(s.cohortKey(meta.ID), string(v)))
	if err != nil {
		return fmt.Errorf("create cohort: %w", err)
	}
	if !ok {
		return session.ErrNameTaken
	}
	return nil
}

// Cohorts implements session.Store.
func (s *Store) Cohorts() ([]session.CohortMeta, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	resp, err := s.cli.Get(ctx, s.prefix+"cohort/", clientv3.WithPrefix())
	if err != nil {
		return nil, fmt.Errorf("list cohorts: %w", err)
	}
	out := make([]session.CohortMeta, 0, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		var m session.CohortMeta
		if err := json.Unmarshal(kv.Value, &m); err != nil {
			return nil, session.Damaged(err, "the list of cohorts is damaged at %q", kv.Key)
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b session.CohortMeta) int { return a.Created.Compare(b.Created) })
	return out, nil
}

// AppendCohort implements session.Store.
func (s *Store) AppendCohort(cohortID string, after uint64, events []session.Event) error {
	ctx, cancel := s.ctx()
	defer cancel()
	_, err := s.cohorts.appendAfter(ctx, cohortID, after, events, s.node, 0)
	if errors.Is(err, session.ErrMoved) {
		return session.ErrConflict
	}
	return err
}

// CohortEvents implements session.Store.
func (s *Store) CohortEvents(cohortID string) ([]session.Event, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	events, _, err := s.cohorts.after(ctx, cohortID, 0)
	return events, err
}
