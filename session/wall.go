package session

import (
	"encoding/json"
	"fmt"
	"slices"

	"commonground/exercises"
)

// applyWall applies the assumption-mapping events: cards, ratings, actions.
func applyWall(st *State, ev Event) (*State, error) {
	switch ev.Type {
	case EvCardAdded:
		var p CardAdded
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		p.Card.Text, p.Card.Cluster = reclean(p.Card.Text), reclean(p.Card.Cluster)
		return withActivity(st, p.Activity, func(a *ActivityState) {
			a.Cards = append(slices.Clip(a.Cards), p.Card)
			a.nextCard = max(a.nextCard, p.Card.ID+1)
		})
	case EvCardEdited:
		var p CardEdited
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withCard(st, p.Activity, p.Card, func(c *exercises.Card) {
			c.Text, c.Category = reclean(p.Text), p.Category
		})
	case EvCardHidden:
		var p CardRef
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withCard(st, p.Activity, p.Card, func(c *exercises.Card) { c.Hidden = p.On })
	case EvCardDeleted:
		var p CardRef
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withActivity(st, p.Activity, func(a *ActivityState) {
			a.Cards = slices.DeleteFunc(slices.Clone(a.Cards), func(c exercises.Card) bool { return c.ID == p.Card })
			// What was given on the card goes with it.
			if _, ok := a.Ratings[p.Card]; ok {
				a.Ratings = cloneMap(a.Ratings)
				delete(a.Ratings, p.Card)
			}
			a.Actions = slices.DeleteFunc(slices.Clone(a.Actions), func(x exercises.ActionItem) bool { return x.CardID == p.Card })
		})
	case EvCardsMerged:
		var p CardsMerged
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withActivity(st, p.Activity, func(a *ActivityState) {
			a.Cards = exercises.Merge(a.Cards, p.Into, p.From, reclean(p.Text))
		})
	case EvCardsClustered:
		var p CardsClustered
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withActivity(st, p.Activity, func(a *ActivityState) {
			a.Cards = slices.Clone(a.Cards)
			for i, c := range a.Cards {
				if slices.Contains(p.Cards, c.ID) {
					a.Cards[i].Cluster = reclean(p.Cluster)
				}
			}
		})
	case EvRatingSet:
		var p RatingSet
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withActivity(st, p.Activity, func(a *ActivityState) {
			a.Ratings = cloneMap(a.Ratings)
			mine := cloneMap(a.Ratings[p.Card])
			mine[p.Person] = p.Rating
			a.Ratings[p.Card] = mine
		})
	case EvActionProposed:
		var p ActionProposed
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		p.Action.Text, p.Action.Org = reclean(p.Action.Text), reclean(p.Action.Org)
		return withActivity(st, p.Activity, func(a *ActivityState) {
			a.Actions = append(slices.Clip(a.Actions), p.Action)
			a.nextAction = max(a.nextAction, p.Action.ID+1)
		})
	case EvActionConfirmed:
		var p ActionConfirmed
		if err := json.Unmarshal(ev.Data, &p); err != nil {
			return nil, err
		}
		return withActivity(st, p.Activity, func(a *ActivityState) {
			a.Actions = slices.Clone(a.Actions)
			for i := range a.Actions {
				if a.Actions[i].ID == p.Action {
					a.Actions[i].Status = exercises.Confirmed
				}
			}
		})
	}
	return nil, fmt.Errorf("not a wall event")
}

// withCard returns a copy of st in which one card of an activity is
// changed. A card that is not there is passed over: the fold is total, and
// whether the card existed was checked when the edit was decided.
func withCard(st *State, activity, card int, change func(*exercises.Card)) (*State, error) {
	return withActivity(st, activity, func(a *ActivityState) {
		a.Cards = slices.Clone(a.Cards)
		for i := range a.Cards {
			if a.Cards[i].ID == card {
				change(&a.Cards[i])
			}
		}
	})
}
