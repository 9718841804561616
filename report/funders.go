package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"commonground/exercises"
	"commonground/exercises/funders"
	"commonground/session"
)

// Funders is what a funder alignment produced: the goals, the funders on
// the wall with their kinds and every organisation's relationship, the
// matrix of mean alignments with their counts, the gaps, the quadrants
// and the plan. Funders the facilitator hid are left out and only
// counted; a funder merged into another appears as the one it was merged
// into (Funder.MergedFrom).
type Funders struct {
	Goals   []FunderGoal     `json:"goals"`
	Gaps    []int            `json:"gaps"` // IDs of the goals no funder covers
	Hidden  int              `json:"hidden"`
	Funders []Funder         `json:"funders"` // grouped as the matrix shows them
	Groups  []FunderGroup    `json:"groups"`
	Grid    []QuadrantFunder `json:"quadrants"` // in the quadrants' order
	Plan    []Approach       `json:"plan"`      // in the order proposed
}

// FunderGoal is one of the agenda's goals and its column of the matrix.
type FunderGoal struct {
	ID       int      `json:"id"`
	Text     string   `json:"text"`
	Rated    int      `json:"rated"`    // funders anyone rated on it
	Covering int      `json:"covering"` // funders with a mean of 2 or more on it
	Mean     *float64 `json:"mean"`     // mean of the rated funders' means; null when none
	Gap      bool     `json:"gap"`
}

// Funder is a funder on the wall with its row of the matrix.
type Funder struct {
	Label      string   `json:"label"` // "F1"
	Name       string   `json:"name"`
	Kind       string   `json:"kind"`
	Focus      string   `json:"focus,omitempty"`
	MergedFrom []string `json:"merged_from,omitempty"`
	// Relationships are by organisation, closest first: the closest any
	// of its people gave. People are named only in a named activity.
	Relationships []FunderRelation `json:"relationships"`
	Cells         []FunderCell     `json:"cells"`     // in goal order
	Covers        int              `json:"covers"`    // goals it covers
	Alignment     *float64         `json:"alignment"` // mean over the rated goals, 0-3
	Influence     *float64         `json:"influence"` // mean, 1-5
	InfluenceN    int              `json:"influence_n"`
	InfluenceDK   int              `json:"influence_dont_know"`
	Quadrant      funders.Quadrant `json:"quadrant,omitempty"`
}

// FunderRelation is one organisation's relationship to a funder.
type FunderRelation struct {
	Org          string               `json:"org"`
	Relationship funders.Relationship `json:"relationship"`
	People       []Person             `json:"people,omitempty"`
}

// FunderCell is one funder's alignment with one goal.
type FunderCell struct {
	Goal     int      `json:"goal"`
	N        int      `json:"n"`
	DontKnow int      `json:"dont_know"`
	Mean     *float64 `json:"mean"` // null when nobody gave a value
	Disagree bool     `json:"disagree"`
}

// FunderGroup is funders that cover the same goals.
type FunderGroup struct {
	Goals   []int    `json:"goals"`
	Funders []string `json:"funders"` // labels
}

// QuadrantFunder lists the funders in one quadrant of the grid.
type QuadrantFunder struct {
	Quadrant funders.Quadrant `json:"quadrant"`
	Funders  []string         `json:"funders"` // labels
}

// Approach is who will talk to a funder, asking for what, by when. Its
// owner is named even in an anonymous activity: someone has to go.
type Approach struct {
	Funder string                 `json:"funder"` // label
	Name   string                 `json:"name"`   // the funder's name
	Owner  Person                 `json:"owner"`
	Asks   []funders.Ask          `json:"asks"`
	Note   string                 `json:"note,omitempty"`
	Due    string                 `json:"due"`
	Status exercises.ActionStatus `json:"status"`
}

// fundersSection is a funder alignment's part of the report (*Funders).
type fundersSection struct{}

func (fundersSection) build(snap *session.Snapshot, i int, as *session.ActivityState, out *Activity) {
	out.Results = buildFunders(snap, i, as)
}

func (fundersSection) results() any { return &Funders{} }

func (fundersSection) markdown(buf *bytes.Buffer, a *Activity) {
	fundersMarkdown(buf, a.Results.(*Funders))
}

// csvColumns share with assumption mapping's the columns that mean the
// same: a funder's label goes in card, its kind in category, its name (an
// approach's note) in text, its quadrant in quadrant; an approach's owner
// in name and org.
func (fundersSection) csvColumns() []string {
	return []string{"text", "card", "category", "n", "quadrant", "name", "org", "due", "status",
		"focus", "goal", "mean", "dont_know", "disagree", "gap", "alignment", "influence", "relationship", "asks"}
}

// csvRows are a "goal" row per goal, a "funder" row per funder, a "cell"
// row per funder and goal, a "relationship" row per organisation and
// funder, and an "approach" row per approach.
func (fundersSection) csvRows(a *Activity) []csvRow {
	res := a.Results.(*Funders)
	var rows []csvRow
	goalText := map[int]string{}
	for _, g := range res.Goals {
		goalText[g.ID] = g.Text
		rows = append(rows, csvRow{"section": "goal", "goal": g.Text, "mean": decimal(g.Mean),
			"n": strconv.Itoa(g.Rated), "gap": yesNo(g.Gap)})
	}
	for _, f := range res.Funders {
		rows = append(rows, csvRow{"section": "funder", "card": f.Label, "text": f.Name, "category": f.Kind,
			"focus": f.Focus, "alignment": decimal(f.Alignment), "influence": decimal(f.Influence),
			"quadrant": string(f.Quadrant)})
		for _, c := range f.Cells {
			rows = append(rows, csvRow{"section": "cell", "card": f.Label, "goal": goalText[c.Goal], "mean": decimal(c.Mean),
				"n": strconv.Itoa(c.N), "dont_know": strconv.Itoa(c.DontKnow), "disagree": yesNo(c.Disagree)})
		}
		for _, r := range f.Relationships {
			rows = append(rows, csvRow{"section": "relationship", "card": f.Label, "org": r.Org, "relationship": string(r.Relationship)})
		}
	}
	for _, p := range res.Plan {
		asks := make([]string, len(p.Asks))
		for i, a := range p.Asks {
			asks[i] = string(a)
		}
		rows = append(rows, csvRow{"section": "approach", "card": p.Funder, "text": p.Note, "name": p.Owner.nameAndMark(),
			"org": p.Owner.Org, "asks": strings.Join(asks, "; "), "due": p.Due, "status": string(p.Status)})
	}
	return rows
}

// plural is one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// gave is who added a funder, gave a relationship, rated or proposed an
// approach.
func (fundersSection) gave(_ *session.Snapshot, _ int, as *session.ActivityState) map[string]bool {
	w := funders.Of(as.Data)
	out := map[string]bool{}
	for _, c := range w.Funders() {
		for _, id := range c.Authors {
			out[id] = true
		}
	}
	for _, rel := range w.Relations {
		for id := range rel {
			out[id] = true
		}
	}
	for _, byPerson := range w.Ratings {
		for id := range byPerson {
			out[id] = true
		}
	}
	for _, item := range w.Actions.Items {
		out[item.ProposedBy] = true
	}
	return out
}

// glance counts the funders, the gaps and the approaches.
func (fundersSection) glance(a *Activity) string {
	f := a.Results.(*Funders)
	if len(f.Funders) == 0 {
		return "no funders yet"
	}
	confirmed := 0
	for _, p := range f.Plan {
		if p.Status == exercises.Confirmed {
			confirmed++
		}
	}
	return fmt.Sprintf("%s against %s · %s · %s, %d confirmed", count(len(f.Funders), "funder", "funders"),
		count(len(f.Goals), "goal", "goals"), count(len(f.Gaps), "gap", "gaps"), count(len(f.Plan), "approach", "approaches"), confirmed)
}

// actions are the approaches, as the summary lists every activity's
// actions: who talks to which funder, asking for what, by when.
func (fundersSection) actions(a *Activity) []Action {
	plan := a.Results.(*Funders).Plan
	out := make([]Action, len(plan))
	for i, p := range plan {
		asks := make([]string, len(p.Asks))
		for j, ask := range p.Asks {
			asks[j] = ask.Words()
		}
		text := "Approach " + p.Name + " for " + strings.Join(asks, "; ")
		if p.Note != "" {
			text += ": " + p.Note
		}
		out[i] = Action{Card: p.Funder, Text: text, Owner: p.Owner, Due: p.Due, Status: p.Status}
	}
	return out
}

func buildFunders(snap *session.Snapshot, i int, as *session.ActivityState) *Funders {
	an := as.Strictest
	w := funders.Of(as.Data)
	res := funders.ResultsOf(snap.Results(i))
	out := &Funders{Goals: []FunderGoal{}, Gaps: []int{}, Funders: []Funder{}, Groups: []FunderGroup{}, Grid: []QuadrantFunder{}, Plan: []Approach{}}
	mergedFrom := map[int][]string{}
	for _, c := range w.Funders() {
		switch {
		case c.MergedInto != 0:
			mergedFrom[c.MergedInto] = append(mergedFrom[c.MergedInto], funders.Label(c.ID))
		case c.Hidden:
			out.Hidden++
		}
	}
	for _, g := range res.Goals {
		fg := FunderGoal{ID: g.Goal.ID, Text: clean(g.Goal.Text), Rated: g.Rated, Covering: g.Covering, Gap: g.Gap}
		if g.Rated > 0 {
			fg.Mean = mean(g.Mean)
		}
		out.Goals = append(out.Goals, fg)
		if g.Gap {
			out.Gaps = append(out.Gaps, g.Goal.ID)
		}
	}
	inQuadrant := map[funders.Quadrant][]string{}
	for _, f := range res.Funders {
		label := funders.Label(f.Funder.ID)
		rf := Funder{Label: label, Name: clean(f.Funder.Text), Kind: string(f.Kind), Focus: clean(f.Focus),
			MergedFrom: mergedFrom[f.Funder.ID], Relationships: []FunderRelation{}, Cells: []FunderCell{},
			Covers: len(f.Covered), InfluenceN: f.Influence.N, InfluenceDK: f.Influence.DontKnow, Quadrant: f.Quadrant}
		for _, r := range f.Relations {
			fr := FunderRelation{Org: clean(r.Org), Relationship: r.Relationship}
			if an == exercises.Named {
				for _, id := range r.People {
					fr.People = append(fr.People, named(snap, snap.People[id]))
				}
			}
			rf.Relationships = append(rf.Relationships, fr)
		}
		for _, c := range f.Cells {
			fc := FunderCell{Goal: c.Goal, N: c.N, DontKnow: c.DontKnow, Disagree: c.Disagree}
			if c.N > 0 {
				fc.Mean = mean(c.Mean)
			}
			rf.Cells = append(rf.Cells, fc)
		}
		if f.Rated {
			rf.Alignment = mean(f.Alignment)
		}
		if f.Influence.N > 0 {
			rf.Influence = mean(f.Influence.Mean)
		}
		if f.Quadrant != "" {
			inQuadrant[f.Quadrant] = append(inQuadrant[f.Quadrant], label)
		}
		out.Funders = append(out.Funders, rf)
	}
	for _, g := range res.Groups {
		fg := FunderGroup{Goals: g.Goals, Funders: []string{}}
		if fg.Goals == nil {
			fg.Goals = []int{}
		}
		for _, id := range g.Funders {
			fg.Funders = append(fg.Funders, funders.Label(id))
		}
		out.Groups = append(out.Groups, fg)
	}
	for _, q := range funders.Quadrants() {
		out.Grid = append(out.Grid, QuadrantFunder{Quadrant: q, Funders: append([]string{}, inQuadrant[q]...)})
	}
	for _, item := range w.Actions.Items {
		f, ok := res.Funder(item.CardID)
		if !ok {
			continue // the funder was hidden: the approach would tell of it
		}
		out.Plan = append(out.Plan, Approach{Funder: funders.Label(item.CardID), Name: clean(f.Funder.Text),
			Owner: owner(snap, item), Asks: append([]funders.Ask{}, w.Asks[item.ID]...), Note: clean(item.Text),
			Due: item.Due, Status: item.Status})
	}
	return out
}

// quadrantWords say what each quadrant of the grid holds.
var quadrantWords = map[funders.Quadrant]string{
	funders.ApproachEarly: "influential and aligned with the agenda",
	funders.Cultivate:     "influential, not yet aligned",
	funders.Allies:        "aligned, less influential",
	funders.KeepInformed:  "less influential, less aligned",
}

func fundersMarkdown(buf *bytes.Buffer, f *Funders) {
	buf.WriteString("### Goals\n\n")
	if len(f.Goals) == 0 {
		buf.WriteString("No goals set.\n\n")
	}
	for i, g := range f.Goals {
		gap := ""
		if g.Gap {
			gap = " — **gap: no funder covers it**"
		}
		fmt.Fprintf(buf, "%d. %s%s\n", i+1, md(g.Text), gap)
	}
	if len(f.Goals) > 0 {
		buf.WriteString("\n")
	}
	if f.Hidden > 0 {
		fmt.Fprintf(buf, "Left out of this report: %s hidden by the facilitator.\n\n", count(f.Hidden, "funder", "funders"))
	}
	if len(f.Funders) == 0 {
		buf.WriteString("No funders on the wall yet.\n\n")
		return
	}
	fundersListMarkdown(buf, f)
	matrixMarkdown(buf, f)
	gridMarkdown(buf, f)
	planMarkdown(buf, f)
}

// fundersListMarkdown lists the funders with their kinds, focus and
// relationships.
func fundersListMarkdown(buf *bytes.Buffer, f *Funders) {
	buf.WriteString("### Funders and who knows them\n\n")
	for _, fu := range f.Funders {
		fmt.Fprintf(buf, "- **%s** %s · *%s*", fu.Label, md(fu.Name), fu.Kind)
		if fu.Focus != "" {
			fmt.Fprintf(buf, " · focus: %s", md(fu.Focus))
		}
		if len(fu.MergedFrom) > 0 {
			fmt.Fprintf(buf, " · merged from %s", strings.Join(fu.MergedFrom, ", "))
		}
		buf.WriteString("\n")
		for _, r := range fu.Relationships {
			org := md(r.Org)
			if org == "" {
				org = "No organisation given"
			}
			fmt.Fprintf(buf, "  - %s: %s", org, r.Relationship.Words())
			if len(r.People) > 0 {
				names := make([]string, len(r.People))
				for i := range r.People {
					names[i] = md(r.People[i].nameAndMark())
				}
				fmt.Fprintf(buf, " (%s)", strings.Join(names, ", "))
			}
			buf.WriteString("\n")
		}
	}
	buf.WriteString("\n")
}

// matrixMarkdown is the funders × goals table: each cell's mean and
// count, a mark where organisations disagree, and the totals.
func matrixMarkdown(buf *bytes.Buffer, f *Funders) {
	fmt.Fprintf(buf, "### The matrix\n\nMean alignment from 0 (none) to 3 (strong), with the number of ratings; \"don't know\" counts in no mean. "+
		"A funder covers a goal at a mean of %.0f or more. ‼ marks a cell where %s.\n\n", funders.CoverMean, funders.DisagreeRule)
	header := []string{"Funder"}
	for i := range f.Goals {
		header = append(header, fmt.Sprintf("Goal %d", i+1))
	}
	header = append(header, "Covers", "Alignment", "Influence")
	table(buf, header, len(header)-1)
	for _, fu := range f.Funders {
		cells := []string{fu.Label + " " + md(fu.Name)}
		for _, c := range fu.Cells {
			text := decimal(c.Mean) + " (" + strconv.Itoa(c.N) + ")"
			if c.Disagree {
				text += " ‼"
			}
			cells = append(cells, text)
		}
		cells = append(cells, strconv.Itoa(fu.Covers), decimal(fu.Alignment), decimal(fu.Influence)+" ("+strconv.Itoa(fu.InfluenceN)+")")
		row(buf, cells...)
	}
	total := []string{"**Covered by**"}
	for _, g := range f.Goals {
		total = append(total, fmt.Sprintf("%d of %d · %s", g.Covering, g.Rated, decimal(g.Mean)))
	}
	row(buf, append(total, "", "", "")...)
	buf.WriteString("\n")
	if len(f.Gaps) > 0 {
		buf.WriteString("**Gaps**, goals no funder covers: ")
		var names []string
		for _, g := range f.Goals {
			if g.Gap {
				names = append(names, md(g.Text))
			}
		}
		buf.WriteString(strings.Join(names, "; ") + ".\n\n")
	}
	buf.WriteString("Funders covering the same goals:\n\n")
	for _, g := range f.Groups {
		if len(g.Goals) == 0 {
			fmt.Fprintf(buf, "- no goal: %s\n", strings.Join(g.Funders, ", "))
			continue
		}
		goals := make([]string, len(g.Goals))
		for i, id := range g.Goals {
			goals[i] = goalNumber(f, id)
		}
		fmt.Fprintf(buf, "- %s %s: %s\n", plural(len(goals), "goal", "goals"), strings.Join(goals, ", "), strings.Join(g.Funders, ", "))
	}
	buf.WriteString("\n")
}

// goalNumber is a goal's number as the report lists the goals.
func goalNumber(f *Funders, id int) string {
	for i, g := range f.Goals {
		if g.ID == id {
			return strconv.Itoa(i + 1)
		}
	}
	return "?"
}

// gridMarkdown lists the funders by quadrant.
func gridMarkdown(buf *bytes.Buffer, f *Funders) {
	fmt.Fprintf(buf, "### Influence and alignment\n\nInfluential from a mean influence of %.0f (of 5); aligned from a mean alignment of %.1f (of 3).\n\n",
		funders.InfluenceHigh, funders.AlignmentHigh)
	byLabel := map[string]Funder{}
	for _, fu := range f.Funders {
		byLabel[fu.Label] = fu
	}
	for _, q := range f.Grid {
		fmt.Fprintf(buf, "- **%s%s** (%s): ", strings.ToUpper(string(q.Quadrant[:1])), q.Quadrant[1:], quadrantWords[q.Quadrant])
		if len(q.Funders) == 0 {
			buf.WriteString("none\n")
			continue
		}
		names := make([]string, len(q.Funders))
		for i, l := range q.Funders {
			names[i] = l + " " + md(byLabel[l].Name)
		}
		buf.WriteString(strings.Join(names, ", ") + "\n")
	}
	buf.WriteString("\n")
}

// planMarkdown lists the approaches.
func planMarkdown(buf *bytes.Buffer, f *Funders) {
	buf.WriteString("### Plan\n\n")
	if len(f.Plan) == 0 {
		buf.WriteString("No approaches planned.\n\n")
		return
	}
	table(buf, []string{"Funder", "Who", "Asks for", "Note", "By", "Status"}, 0)
	for _, p := range f.Plan {
		asks := make([]string, len(p.Asks))
		for i, a := range p.Asks {
			asks[i] = a.Words()
		}
		row(buf, p.Funder+" "+md(p.Name), md(p.Owner.String()), strings.Join(asks, "; "), md(p.Note), p.Due, string(p.Status))
	}
	buf.WriteString("\n")
}
