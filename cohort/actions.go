package cohort

import (
	"fmt"
	"time"

	"commonground/exercises"
	"commonground/exercises/review"
	"commonground/session"
)

// OpenActions are the actions of the cohort's sessions that start before
// before, confirmed there and not since marked done or dropped in an
// action review (the newest mark counts), as the items a new session's
// review carries: by owner, with their organisation, named as the cohort
// knows them.
func (c *Cohorts) OpenActions(st *State, before time.Time) ([]review.Item, error) {
	var items []review.Item
	marks := map[string]review.Status{}
	for _, s := range st.Sessions {
		if !s.Starts.Before(before) {
			continue
		}
		snap, err := c.hub.Read(s.Code)
		if err != nil {
			return nil, fmt.Errorf("session %s: %w", s.Code, err)
		}
		for _, i := range snap.Plan {
			act := snap.Activities[i]
			if act.Activity.Kind == review.Kind {
				reviewed := review.ItemsOf(act.Activity)
				for j, mk := range review.Of(act.Data).Marks {
					if j >= 0 && j < len(reviewed) {
						marks[reviewed[j].Key] = mk.Status
					}
				}
				continue
			}
			for _, a := range actionsOf(act.Data) {
				if a.Status != exercises.Confirmed {
					continue
				}
				items = append(items, itemOf(st, snap, s, i, a))
			}
		}
	}
	open := items[:0]
	for _, it := range items {
		if !marks[it.Key].Closed() {
			open = append(open, it)
		}
	}
	return open, nil
}

// itemOf is an action of activity i of a session, as a review carries it.
func itemOf(st *State, snap *session.Snapshot, s Session, i int, a exercises.ActionItem) review.Item {
	it := review.Item{Key: fmt.Sprintf("%s/%d/%d", s.Workshop, i, a.ID), Text: a.Text, Owner: a.Owner,
		OwnerName: a.OwnerName, Org: a.Org, Due: a.Due, From: s.Title}
	if a.Owner != "" {
		if m, ok := st.Member(a.Owner); ok {
			it.OwnerName = m.Name
		} else {
			it.OwnerName = snap.People[a.Owner].Name
		}
	}
	return it
}

// WithReview fills in the actions to review of every action review on
// a new session's agenda that names none, from the cohort's sessions
// before it starts.
func (c *Cohorts) WithReview(st *State, starts time.Time, agenda []exercises.Activity) ([]exercises.Activity, error) {
	out := make([]exercises.Activity, len(agenda))
	copy(out, agenda)
	for i, a := range out {
		if a.Kind != review.Kind || len(review.ItemsOf(a)) > 0 {
			continue
		}
		items, err := c.OpenActions(st, starts)
		if err != nil {
			return nil, err
		}
		a.Settings = review.Settings{Items: items}
		out[i] = a
	}
	return out, nil
}
