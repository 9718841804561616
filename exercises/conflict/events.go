package conflict

import (
	"maps"
	"slices"

	"commonground/exercises"
)

// Conflict resolution's events, as stored. They never change meaning once
// released (see session.Event).
const (
	EvIssueSet         = "conflict.issue.set"
	EvPositionEdited   = "conflict.position.edited"
	EvInterestAdded    = "conflict.interest.added"
	EvInterestEdited   = "conflict.interest.edited"
	EvInterestDeleted  = "conflict.interest.deleted"
	EvInterestMarked   = "conflict.interest.marked"
	EvOptionAdded      = "conflict.option.added"
	EvOptionEdited     = "conflict.option.edited"
	EvOptionsMerged    = "conflict.options.merged"
	EvOptionAmended    = "conflict.option.amended"
	EvCriterionAdded   = "conflict.criterion.added"
	EvGradientSet      = "conflict.gradient.set"
	EvAgreementAdded   = "conflict.agreement.added"
	EvQuestionAdded    = "conflict.question.added"
	EvCardHidden       = "conflict.card.hidden"
	EvAgreementDropped = "conflict.agreement.dropped"
)

// Payloads of the events, one per type. Activity is the activity's
// position on the workshop's recorded agenda; cards are named by their
// IDs, which are never reused, and parties by their keys (PartyKey).
type (
	// IssueSet is the issue and ground rules typed by the facilitator.
	IssueSet struct {
		Activity int      `json:"activity"`
		Text     string   `json:"text"`
		Rules    []string `json:"rules,omitempty"`
	}
	// PositionEdited is one save of a party's position: its whole new text.
	PositionEdited struct {
		Activity int  `json:"activity"`
		Edit     Edit `json:"edit"`
	}
	// CardAdded puts an interest, an option (with the interests it
	// serves), a criterion or an open question on its list.
	CardAdded struct {
		Activity int            `json:"activity"`
		Card     exercises.Card `json:"card"`
		Serves   []int          `json:"serves,omitempty"`
	}
	// CardEdited changes an interest's text, kind (category) and party
	// (cluster), or an option's text and the interests it serves.
	CardEdited struct {
		Activity int    `json:"activity"`
		Card     int    `json:"card"`
		Text     string `json:"text"`
		Category string `json:"category,omitempty"`
		Cluster  string `json:"cluster,omitempty"`
		Serves   []int  `json:"serves,omitempty"`
	}
	// CardRef names one card: an interest deleted by its author, or an
	// interest (List "interests") or option (List "options") hidden or
	// shown by the facilitator.
	CardRef struct {
		Activity int    `json:"activity"`
		List     string `json:"list,omitempty"`
		Card     int    `json:"card"`
		On       bool   `json:"on,omitempty"`
	}
	// InterestMarked says a person shares an interest (On) or no longer does.
	InterestMarked struct {
		Activity int    `json:"activity"`
		Card     int    `json:"card"`
		Person   string `json:"person"`
		On       bool   `json:"on"`
	}
	// OptionsMerged folds duplicate options into one: it keeps every
	// author and serves every interest any of them served.
	OptionsMerged struct {
		Activity int    `json:"activity"`
		Into     int    `json:"into"`
		From     []int  `json:"from"`
		Text     string `json:"text,omitempty"`
	}
	// OptionAmended gives an option a new text and starts poll Poll of it;
	// the earlier polls are kept.
	OptionAmended struct {
		Activity int    `json:"activity"`
		Option   int    `json:"option"`
		Text     string `json:"text"`
		Poll     int    `json:"poll"`
	}
	// GradientSet stores a person's rating of an option in one poll.
	GradientSet struct {
		Activity int    `json:"activity"`
		Option   int    `json:"option"`
		Poll     int    `json:"poll"`
		Person   string `json:"person"`
		Vote     Vote   `json:"vote"`
	}
	// AgreementAdded records an agreement: its text, owner, owner's
	// organisation and date (the action item's due date).
	AgreementAdded struct {
		Activity  int                  `json:"activity"`
		Agreement exercises.ActionItem `json:"agreement"`
	}
	// AgreementDropped marks an agreement recorded by mistake as
	// withdrawn; it stays in the log and the report.
	AgreementDropped struct {
		Activity  int `json:"activity"`
		Agreement int `json:"agreement"`
	}
)

func (exercise) Events() []string {
	return []string{EvIssueSet, EvPositionEdited, EvInterestAdded, EvInterestEdited, EvInterestDeleted,
		EvInterestMarked, EvOptionAdded, EvOptionEdited, EvOptionsMerged, EvOptionAmended, EvCriterionAdded,
		EvGradientSet, EvAgreementAdded, EvQuestionAdded, EvCardHidden, EvAgreementDropped}
}

// cleanCard cleans a card's texts from the log again (exercises.Reclean).
func cleanCard(c exercises.Card) exercises.Card {
	c.Text, c.Category, c.Cluster = exercises.Reclean(c.Text), exercises.Reclean(c.Category), exercises.Reclean(c.Cluster)
	return c
}

// withServes returns the serves with option's set to ids; s is not changed.
func withServes(s map[int][]int, option int, ids []int) map[int][]int {
	out := maps.Clone(s)
	if out == nil {
		out = map[int][]int{}
	}
	out[option] = slices.Clone(ids)
	return out
}

// folds are how each event changes the data. Every one is total: a card
// it cannot find is passed over, since whether it existed was checked
// when the event was decided.
var folds = exercises.Folds[Data]{
	EvIssueSet: exercises.Payload(func(d Data, p IssueSet) Data {
		rules := make([]string, len(p.Rules))
		for i, r := range p.Rules {
			rules[i] = exercises.Reclean(r)
		}
		d.Issue = &Issue{Text: exercises.Reclean(p.Text), Rules: rules}
		return d
	}),
	EvPositionEdited: exercises.Payload(func(d Data, p PositionEdited) Data {
		p.Edit.Text, p.Edit.Party = exercises.Reclean(p.Edit.Text), PartyKey(exercises.Reclean(p.Edit.Party))
		d.Edits = append(slices.Clip(d.Edits), p.Edit)
		return d
	}),
	EvInterestAdded: exercises.Payload(func(d Data, p CardAdded) Data {
		d.Interests = d.Interests.Added(cleanCard(p.Card))
		return d
	}),
	EvInterestEdited: exercises.Payload(func(d Data, p CardEdited) Data {
		d.Interests = d.Interests.Changed([]int{p.Card}, func(c *exercises.Card) {
			c.Text, c.Category, c.Cluster = exercises.Reclean(p.Text), exercises.Reclean(p.Category), exercises.Reclean(p.Cluster)
		})
		return d
	}),
	EvInterestDeleted: exercises.Payload(func(d Data, p CardRef) Data {
		// The marks on it go with it.
		d.Interests = d.Interests.Deleted(p.Card)
		for person, mine := range d.Marks {
			if _, ok := mine[p.Card]; ok {
				d.Marks = d.Marks.With(person, p.Card, 0)
			}
		}
		return d
	}),
	EvCardHidden: exercises.Payload(func(d Data, p CardRef) Data {
		hide := func(c *exercises.Card) { c.Hidden = p.On }
		if p.List == Options.Name {
			d.Options = d.Options.Changed([]int{p.Card}, hide)
		} else {
			d.Interests = d.Interests.Changed([]int{p.Card}, hide)
		}
		return d
	}),
	EvInterestMarked: exercises.Payload(func(d Data, p InterestMarked) Data {
		n := 0
		if p.On {
			n = 1
		}
		d.Marks = d.Marks.With(p.Person, p.Card, n)
		return d
	}),
	EvOptionAdded: exercises.Payload(func(d Data, p CardAdded) Data {
		d.Options = d.Options.Added(cleanCard(p.Card))
		d.Serves = withServes(d.Serves, p.Card.ID, p.Serves)
		return d
	}),
	EvOptionEdited: exercises.Payload(func(d Data, p CardEdited) Data {
		if _, ok := d.Options.Card(p.Card); !ok {
			return d
		}
		d.Options = d.Options.Changed([]int{p.Card}, func(c *exercises.Card) { c.Text = exercises.Reclean(p.Text) })
		d.Serves = withServes(d.Serves, p.Card, p.Serves)
		return d
	}),
	EvOptionsMerged: exercises.Payload(func(d Data, p OptionsMerged) Data {
		if _, ok := d.Options.Card(p.Into); !ok {
			return d
		}
		served := slices.Clone(d.Serves[p.Into])
		for _, id := range p.From {
			if _, ok := d.Options.Card(id); !ok || id == p.Into {
				continue
			}
			for _, i := range d.Serves[id] {
				if !slices.Contains(served, i) {
					served = append(served, i)
				}
			}
		}
		slices.Sort(served)
		d.Options = d.Options.Merged(p.Into, p.From, exercises.Reclean(p.Text))
		d.Serves = withServes(d.Serves, p.Into, served)
		return d
	}),
	EvOptionAmended: exercises.Payload(func(d Data, p OptionAmended) Data {
		card, ok := d.Options.Card(p.Option)
		if !ok {
			return d
		}
		texts := d.Polls[p.Option]
		if len(texts) == 0 {
			texts = []string{card.Text}
		}
		text := exercises.Reclean(p.Text)
		d.Polls = maps.Clone(d.Polls)
		if d.Polls == nil {
			d.Polls = map[int][]string{}
		}
		d.Polls[p.Option] = append(slices.Clip(texts), text)
		d.Options = d.Options.Changed([]int{p.Option}, func(c *exercises.Card) { c.Text = text })
		return d
	}),
	EvCriterionAdded: exercises.Payload(func(d Data, p CardAdded) Data {
		d.Criteria = d.Criteria.Added(cleanCard(p.Card))
		return d
	}),
	EvGradientSet: exercises.Payload(func(d Data, p GradientSet) Data {
		p.Vote.Comment = exercises.Reclean(p.Vote.Comment)
		d.Votes = d.Votes.With(exercises.Target{Item: p.Option, With: max(p.Poll, 1)}, p.Person, p.Vote)
		return d
	}),
	EvAgreementAdded: exercises.Payload(func(d Data, p AgreementAdded) Data {
		a := p.Agreement
		a.Text, a.OwnerName, a.Org = exercises.Reclean(a.Text), exercises.Reclean(a.OwnerName), exercises.Reclean(a.Org)
		d.Agreements = d.Agreements.Added(a)
		return d
	}),
	EvAgreementDropped: exercises.Payload(func(d Data, p AgreementDropped) Data {
		d.Agreements = d.Agreements.Rejected(p.Agreement)
		return d
	}),
	EvQuestionAdded: exercises.Payload(func(d Data, p CardAdded) Data {
		d.Questions = d.Questions.Added(cleanCard(p.Card))
		return d
	}),
}

// Fold applies one of the activity's events. An event of another exercise
// is passed over.
func (exercise) Fold(d exercises.Data, ev exercises.Record) (exercises.Data, error) {
	return folds.Apply(d, Of, ev)
}
