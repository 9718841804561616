package report

import (
	"slices"

	"commonground/exercises"
	"commonground/session"
)

// Assumptions is what an assumption map produced. Only the cards on the wall
// are in it: a card merged into another appears as the card it was merged
// into (see Card.MergedFrom), and cards the facilitator hid are left out and
// only counted, as the report may be sent to every participant.
type Assumptions struct {
	Raters int `json:"raters"` // people who rated or skipped at least one card
	Hidden int `json:"hidden"` // cards hidden by the facilitator, left out
	// Clusters are the cluster names in the order of the wall; "" stands for
	// the cards in no cluster and comes last.
	Clusters  []string `json:"clusters"`
	Cards     []Card   `json:"cards"`     // in the order they were written
	Contested []string `json:"contested"` // labels of the contested cards, most contested first
	Actions   []Action `json:"actions"`   // in the order they were proposed
}

// Card is an assumption on the wall with what the group's ratings say about
// it. Means and spreads are rounded to one decimal and are null until someone
// rated the card.
type Card struct {
	Label    string `json:"label"` // "A1", as on the map
	Text     string `json:"text"`
	Category string `json:"category,omitempty"`
	Cluster  string `json:"cluster,omitempty"`
	// Authors of the card and of every card merged into it, as the
	// activity's anonymity shows them: each person when named, each distinct
	// organisation when organisation-only, and none when anonymous.
	Authors    []Person `json:"authors,omitempty"`
	MergedFrom []string `json:"merged_from,omitempty"` // labels of the cards merged into this one
	N          int      `json:"n"`                     // ratings with values
	Skipped    int      `json:"skipped"`               // people who skipped the card
	Importance *float64 `json:"importance"`            // mean, 1-5
	Evidence   *float64 `json:"evidence"`              // mean, 1-5
	Spread     *float64 `json:"spread"`                // the larger standard deviation of the two axes
	OrgGap     *float64 `json:"org_gap"`               // the largest gap between two organisations' means, on either axis
	// Quadrant is where the means place the card; absent until it is rated.
	Quadrant  exercises.Quadrant `json:"quadrant,omitempty"`
	Contested bool               `json:"contested"` // partners see it differently
	// Orgs are each organisation's means, by organisation name. In an
	// anonymous activity an organisation with a single rater is left out.
	Orgs []OrgMeans `json:"orgs"`
}

// OrgMeans are one organisation's mean ratings of a card.
type OrgMeans struct {
	Org        string  `json:"org"`
	N          int     `json:"n"` // ratings from the organisation
	Importance float64 `json:"importance"`
	Evidence   float64 `json:"evidence"`
}

// Action is a planned test of an assumption. Its owner is named even in an
// anonymous activity: an action needs someone who will do it.
type Action struct {
	Card   string                 `json:"card"` // label of the card it tests
	Text   string                 `json:"text"` // what will be done
	Owner  Person                 `json:"owner"`
	Due    string                 `json:"due"` // YYYY-MM-DD
	Status exercises.ActionStatus `json:"status"`
}

func buildAssumptions(snap *session.Snapshot, i int, as *session.ActivityState) *Assumptions {
	an := as.Activity.Anonymity
	out := &Assumptions{Clusters: []string{}, Cards: []Card{}, Contested: []string{}, Actions: []Action{}}
	mergedFrom := map[int][]string{}
	for _, c := range as.Cards {
		switch {
		case c.MergedInto != 0:
			mergedFrom[c.MergedInto] = append(mergedFrom[c.MergedInto], c.Label())
		case c.Hidden:
			out.Hidden++
		}
	}
	stats := snap.CardStats(i)
	raters := map[string]bool{}
	for _, st := range stats {
		for id := range as.Ratings[st.Card.ID] {
			raters[id] = true
		}
		out.Cards = append(out.Cards, buildCard(snap, st, mergedFrom[st.Card.ID], an))
	}
	out.Raters = len(raters)
	names, _ := exercises.Clusters(as.Cards)
	for _, name := range names {
		out.Clusters = append(out.Clusters, clean(name))
	}
	for _, st := range exercises.Contested(stats) {
		out.Contested = append(out.Contested, st.Card.Label())
	}
	for _, item := range as.Actions {
		c, _ := as.Card(item.CardID)
		if c.MergedInto != 0 {
			// One step is enough: merging keeps every merged card pointing
			// at the card that survives.
			c, _ = as.Card(c.MergedInto)
		}
		if c.Hidden {
			// The action would tell what the hidden card said.
			continue
		}
		out.Actions = append(out.Actions, Action{Card: c.Label(), Text: clean(item.Text),
			Owner: owner(snap, item),
			Due:   item.Due, Status: item.Status})
	}
	return out
}

func buildCard(snap *session.Snapshot, st exercises.CardStats, mergedFrom []string, an exercises.Anonymity) Card {
	c := st.Card
	out := Card{Label: c.Label(), Text: clean(c.Text), Category: clean(c.Category), Cluster: clean(c.Cluster),
		Authors: cardAuthors(snap, c.Authors, an), MergedFrom: mergedFrom, N: st.N, Skipped: st.Skipped,
		Quadrant: st.Quadrant, Contested: st.Contested, Orgs: []OrgMeans{}}
	if st.N > 0 {
		out.Importance, out.Evidence = mean(st.Importance.Mean), mean(st.Evidence.Mean)
		out.Spread, out.OrgGap = mean(st.Spread), mean(st.OrgGap)
	}
	for _, o := range st.Orgs {
		if shownOrg(o.N, an) {
			out.Orgs = append(out.Orgs, OrgMeans{Org: clean(o.Org), N: o.N,
				Importance: exercises.Round(o.Importance), Evidence: exercises.Round(o.Evidence)})
		}
	}
	return out
}

// owner is who will do an action, always named, with the organisation
// they were in when it was planned.
func owner(snap *session.Snapshot, item exercises.ActionItem) Person {
	p := named(snap, snap.People[item.Owner])
	p.Org = clean(item.Org)
	return p
}

// cardAuthors returns a card's authors as the anonymity shows them, each
// once: a merged card has several, possibly from one organisation.
func cardAuthors(snap *session.Snapshot, ids []string, an exercises.Anonymity) []Person {
	var out []Person
	for _, id := range ids {
		// A facilitator who never joined has no name or organisation to
		// show, and is left out rather than shown as a blank.
		p := author(snap, snap.People[id], an)
		if p == nil || *p == (Person{}) || slices.Contains(out, *p) {
			continue
		}
		out = append(out, *p)
	}
	return out
}

// shownOrg reports whether an organisation's own results may be shown. In
// an anonymous activity an organisation with a single respondent would show
// that person's answers, so it is left out.
func shownOrg(respondents int, an exercises.Anonymity) bool {
	return an != exercises.Anonymous || respondents > 1
}
