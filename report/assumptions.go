package report

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"commonground/exercises"
	"commonground/exercises/assumptions"
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
	Quadrant  assumptions.Quadrant `json:"quadrant,omitempty"`
	Contested bool                 `json:"contested"` // partners see it differently
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

// assumptionsSection is an assumption map's part of the report: the wall,
// the ratings and the actions (*Assumptions, in Activity.Results).
type assumptionsSection struct{}

func (assumptionsSection) build(snap *session.Snapshot, i int, as *session.ActivityState, out *Activity) {
	out.Results = buildAssumptions(snap, i, as)
}

func (assumptionsSection) results() any { return &Assumptions{} }

func (assumptionsSection) markdown(buf *bytes.Buffer, a *Activity) {
	assumptionsMarkdown(buf, a.Results.(*Assumptions), a.Anonymity)
}

// csvColumns start with text, which the answers have too: a card's text
// goes where an answer's does, and so does an action's. An action's owner
// goes in name and org, where an answer's author does.
func (assumptionsSection) csvColumns() []string {
	return []string{"text", "card", "category", "cluster", "importance", "evidence", "spread", "org_gap", "n",
		"skipped", "quadrant", "contested", "authors", "name", "org", "due", "status"}
}

// csvRows are one "card" row per card on the wall, then one "action" row
// per action.
func (assumptionsSection) csvRows(a *Activity) []csvRow {
	res := a.Results.(*Assumptions)
	rows := make([]csvRow, 0, len(res.Cards)+len(res.Actions))
	for _, c := range res.Cards {
		rows = append(rows, cardRow(c))
	}
	for _, act := range res.Actions {
		rows = append(rows, csvRow{"section": "action", "card": act.Card, "text": act.Text,
			"name": act.Owner.nameAndMark(), "org": act.Owner.Org, "due": act.Due, "status": string(act.Status)})
	}
	return rows
}

// gave is who wrote a card (hidden and merged ones too), rated or skipped
// one, or proposed an action.
func (assumptionsSection) gave(_ *session.Snapshot, _ int, as *session.ActivityState) map[string]bool {
	out := map[string]bool{}
	for _, c := range wall(as) {
		for _, id := range c.Authors {
			out[id] = true
		}
		for _, id := range ratersOf(as, c.ID) {
			out[id] = true
		}
	}
	for _, item := range plannedActions(as) {
		out[item.ProposedBy] = true
	}
	return out
}

// glance counts the cards, the contested ones and the actions.
func (assumptionsSection) glance(a *Activity) string {
	m := a.Results.(*Assumptions)
	if len(m.Cards) == 0 {
		return "no cards yet"
	}
	confirmed, rejected := 0, 0
	for _, act := range m.Actions {
		switch act.Status {
		case exercises.Confirmed:
			confirmed++
		case exercises.Rejected:
			rejected++
		}
	}
	text := fmt.Sprintf("%s rated by %s · %d contested", count(len(m.Cards), "card", "cards"), people(m.Raters), len(m.Contested))
	if len(m.Contested) > 0 {
		text += " (" + strings.Join(m.Contested, ", ") + ")"
	}
	text += fmt.Sprintf(" · %s, %d confirmed", count(len(m.Actions), "action", "actions"), confirmed)
	if rejected > 0 {
		text += fmt.Sprintf(", %d rejected", rejected)
	}
	return text
}

func (assumptionsSection) actions(a *Activity) []Action { return a.Results.(*Assumptions).Actions }

// The map's data is read from the session only through wall, ratersOf,
// plannedActions and cardByID, so that where the session keeps it is known
// in one place.

// wall is every card written, merged and hidden ones included, in order.
func wall(as *session.ActivityState) []exercises.Card { return assumptions.Of(as.Data).Cards() }

// ratersOf is the identities that rated or skipped the card.
func ratersOf(as *session.ActivityState, cardID int) []string {
	return slices.Collect(maps.Keys(assumptions.Of(as.Data).RatingsOf(cardID)))
}

// plannedActions are the actions in the order they were proposed.
func plannedActions(as *session.ActivityState) []exercises.ActionItem {
	return assumptions.Of(as.Data).ActionItems()
}

// cardByID is the card with the ID, or false.
func cardByID(as *session.ActivityState, id int) (exercises.Card, bool) {
	return assumptions.Of(as.Data).Card(id)
}

func buildAssumptions(snap *session.Snapshot, i int, as *session.ActivityState) *Assumptions {
	an := as.Activity.Anonymity
	out := &Assumptions{Clusters: []string{}, Cards: []Card{}, Contested: []string{}, Actions: []Action{}}
	mergedFrom := map[int][]string{}
	for _, c := range wall(as) {
		switch {
		case c.MergedInto != 0:
			mergedFrom[c.MergedInto] = append(mergedFrom[c.MergedInto], assumptions.Label(c.ID))
		case c.Hidden:
			out.Hidden++
		}
	}
	stats := assumptions.StatsOf(snap.Results(i))
	raters := map[string]bool{}
	for _, st := range stats {
		for _, id := range ratersOf(as, st.Card.ID) {
			raters[id] = true
		}
		out.Cards = append(out.Cards, buildCard(snap, st, mergedFrom[st.Card.ID], an))
	}
	out.Raters = len(raters)
	names, _ := exercises.Clusters(wall(as))
	for _, name := range names {
		out.Clusters = append(out.Clusters, clean(name))
	}
	for _, st := range assumptions.Contested(stats) {
		out.Contested = append(out.Contested, assumptions.Label(st.Card.ID))
	}
	for _, item := range plannedActions(as) {
		c, _ := cardByID(as, item.CardID)
		if c.MergedInto != 0 {
			// One step is enough: merging keeps every merged card pointing
			// at the card that survives.
			c, _ = cardByID(as, c.MergedInto)
		}
		if c.Hidden {
			// The action would tell what the hidden card said.
			continue
		}
		out.Actions = append(out.Actions, Action{Card: assumptions.Label(c.ID), Text: clean(item.Text),
			Owner: owner(snap, item),
			Due:   item.Due, Status: item.Status})
	}
	return out
}

func buildCard(snap *session.Snapshot, st assumptions.CardStats, mergedFrom []string, an exercises.Anonymity) Card {
	c := st.Card
	out := Card{Label: assumptions.Label(c.ID), Text: clean(c.Text), Category: clean(c.Category), Cluster: clean(c.Cluster),
		Authors: cardAuthors(snap, c.Authors, an), MergedFrom: mergedFrom, N: st.N, Skipped: st.Skipped,
		Quadrant: st.Quadrant, Contested: st.Contested, Orgs: []OrgMeans{}}
	var shown []assumptions.OrgMeans
	for _, o := range st.Orgs {
		if shownOrg(o.N, an) {
			shown = append(shown, o)
			out.Orgs = append(out.Orgs, OrgMeans{Org: clean(o.Org), N: o.N,
				Importance: exercises.Round(o.Importance), Evidence: exercises.Round(o.Evidence)})
		}
	}
	if st.N > 0 {
		out.Importance, out.Evidence = mean(st.Importance.Mean), mean(st.Evidence.Mean)
		out.Spread, out.OrgGap = mean(st.Spread), mean(st.OrgGap)
		switch {
		case len(shown) == len(st.Orgs):
		case len(shown) < 2:
			// No gap to tell without the organisations left out: one with
			// a single rater would tell that person's rating.
			out.OrgGap = nil
		default:
			out.OrgGap = mean(assumptions.OrgGap(shown))
		}
	}
	return out
}

// owner is who will do an action, always named, with the organisation
// they were in when it was planned; or the name and organisation typed for
// someone not in the workshop.
func owner(snap *session.Snapshot, item exercises.ActionItem) Person {
	if item.Typed() {
		return Person{Name: clean(item.OwnerName), Org: clean(item.Org)}
	}
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

// quadrantNotes say what each quadrant of the map holds.
var quadrantNotes = map[assumptions.Quadrant]string{
	assumptions.TestFirst: "important, little evidence",
	assumptions.BuildOn:   "important, strong evidence",
	assumptions.Watch:     "less important, little evidence",
	assumptions.Park:      "less important, strong evidence",
}

func assumptionsMarkdown(buf *bytes.Buffer, a *Assumptions, an exercises.Anonymity) {
	if a.Hidden > 0 {
		fmt.Fprintf(buf, "Left out of this report: %s hidden by the facilitator.\n\n", count(a.Hidden, "card", "cards"))
	}
	if len(a.Cards) == 0 {
		buf.WriteString("No cards on the wall yet.\n\n")
		return
	}
	fmt.Fprintf(buf, "%s on the wall, rated by %s.\n\n", count(len(a.Cards), "card", "cards"), people(a.Raters))
	wallMarkdown(buf, a)
	quadrantsMarkdown(buf, a)
	contestedMarkdown(buf, a, an)
	actionsMarkdown(buf, a)
}

// wallMarkdown lists the cards by cluster.
func wallMarkdown(buf *bytes.Buffer, a *Assumptions) {
	buf.WriteString("### The wall\n\n")
	for _, name := range a.Clusters {
		heading := md(name)
		if name == "" {
			heading = "Not grouped"
		}
		fmt.Fprintf(buf, "#### %s\n\n", heading)
		for _, c := range a.Cards {
			if c.Cluster == name {
				fmt.Fprintf(buf, "- %s\n", cardLine(c))
			}
		}
		buf.WriteString("\n")
	}
}

// quadrantsMarkdown lists the cards by quadrant, with their statistics, and
// then the cards nobody rated.
func quadrantsMarkdown(buf *bytes.Buffer, a *Assumptions) {
	buf.WriteString("### The map\n\nMeans from 1 (low) to 5 (high); the spread is the larger standard deviation of importance and evidence.\n\n")
	for _, q := range assumptions.Quadrants() {
		fmt.Fprintf(buf, "#### %s%s: %s\n\n", strings.ToUpper(string(q[:1])), q[1:], quadrantNotes[q])
		var cards []Card
		for _, c := range a.Cards {
			if c.Quadrant == q {
				cards = append(cards, c)
			}
		}
		if len(cards) == 0 {
			buf.WriteString("No cards.\n\n")
			continue
		}
		// The most important first: that is where to start.
		slices.SortStableFunc(cards, func(x, y Card) int { return cmp.Compare(*y.Importance, *x.Importance) })
		table(buf, []string{"Card", "Assumption", "Contested", "Importance", "Evidence", "Spread", "Ratings", "Skipped"}, 5)
		for _, c := range cards {
			contested := ""
			if c.Contested {
				contested = "yes"
			}
			row(buf, c.Label, md(c.Text), contested, decimal(c.Importance), decimal(c.Evidence), decimal(c.Spread),
				strconv.Itoa(c.N), strconv.Itoa(c.Skipped))
		}
		buf.WriteString("\n")
	}
	var unrated []Card
	for _, c := range a.Cards {
		if c.Quadrant == "" {
			unrated = append(unrated, c)
		}
	}
	if len(unrated) > 0 {
		buf.WriteString("#### Not rated\n\n")
		for _, c := range unrated {
			fmt.Fprintf(buf, "- **%s** “%s”", c.Label, md(c.Text))
			if c.Skipped > 0 {
				fmt.Fprintf(buf, ": skipped by %s", people(c.Skipped))
			}
			buf.WriteString("\n")
		}
		buf.WriteString("\n")
	}
}

// contestedMarkdown shows how each organisation rated the contested cards.
func contestedMarkdown(buf *bytes.Buffer, a *Assumptions, an exercises.Anonymity) {
	fmt.Fprintf(buf, "### Contested cards\n\nWhere partners see the system differently. A card is %s.\n\n", assumptions.ContestedRule)
	if len(a.Contested) == 0 {
		buf.WriteString("None: the ratings agree.\n\n")
	} else if an == exercises.Anonymous {
		buf.WriteString(singleRespondentNote)
	}
	byLabel := map[string]Card{}
	for _, c := range a.Cards {
		byLabel[c.Label] = c
	}
	for _, label := range a.Contested {
		c := byLabel[label]
		fmt.Fprintf(buf, "#### %s “%s”\n\nOrganisation gap %s · spread %s · importance %s · evidence %s · %s\n\n",
			c.Label, md(c.Text), decimal(c.OrgGap), decimal(c.Spread), decimal(c.Importance), decimal(c.Evidence),
			count(c.N, "rating", "ratings"))
		if len(c.Orgs) == 0 {
			buf.WriteString("No organisation to show.\n\n")
			continue
		}
		table(buf, []string{"Organisation", "Ratings", "Importance", "Evidence"}, 3)
		for _, o := range c.Orgs {
			row(buf, md(o.Org), strconv.Itoa(o.N), decimal(&o.Importance), decimal(&o.Evidence))
		}
		buf.WriteString("\n")
	}
}

// actionsMarkdown lists the planned tests.
func actionsMarkdown(buf *bytes.Buffer, a *Assumptions) {
	buf.WriteString("### Actions\n\n")
	if len(a.Actions) == 0 {
		buf.WriteString("No actions planned.\n\n")
		return
	}
	table(buf, []string{"Card", "Action", "Owner", "Due", "Status"}, 0)
	for _, act := range a.Actions {
		row(buf, act.Card, md(act.Text), md(act.Owner.String()), act.Due, string(act.Status))
	}
	buf.WriteString("\n")
}

// cardLine describes a card on the wall: label, text, category, authors,
// and the cards merged into it.
func cardLine(c Card) string {
	parts := []string{"**" + c.Label + "** “" + md(c.Text) + "”"}
	if c.Category != "" {
		parts = append(parts, "*"+md(c.Category)+"*")
	}
	if len(c.Authors) > 0 {
		names := make([]string, len(c.Authors))
		for i := range c.Authors {
			names[i] = md(c.Authors[i].String())
		}
		parts = append(parts, strings.Join(names, ", "))
	}
	if len(c.MergedFrom) > 0 {
		parts = append(parts, "merged from "+strings.Join(c.MergedFrom, ", "))
	}
	return strings.Join(parts, " · ")
}

func cardRow(c Card) csvRow {
	authors := make([]string, len(c.Authors))
	for i := range c.Authors {
		authors[i] = c.Authors[i].String()
	}
	contested := "no"
	if c.Contested {
		contested = "yes"
	}
	row := csvRow{"section": "card", "card": c.Label, "text": c.Text, "category": c.Category, "cluster": c.Cluster,
		"n": strconv.Itoa(c.N), "skipped": strconv.Itoa(c.Skipped), "quadrant": string(c.Quadrant),
		"contested": contested, "authors": strings.Join(authors, "; ")}
	if c.N > 0 {
		row["importance"], row["evidence"] = decimal(c.Importance), decimal(c.Evidence)
		row["spread"], row["org_gap"] = decimal(c.Spread), decimal(c.OrgGap)
	}
	return row
}
