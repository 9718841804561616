package funders

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"commonground/exercises"
)

// Thresholds of the matrix and the grid.
const (
	// CoverMean is the mean alignment at which a funder covers a goal; a
	// goal no funder covers is a gap.
	CoverMean = 2.0
	// DisagreeGap is how far apart two organisations' mean alignments on
	// one cell must lie for the cell to be marked: organisations disagree
	// when one says "strong" (3) and another "weak" (1) or less.
	DisagreeGap = 2.0
	// InfluenceHigh is the mean influence (1-5) from which a funder counts
	// as influential: the middle of the scale.
	InfluenceHigh = 3.0
	// AlignmentHigh is the mean alignment over the goals (0-3) from which a
	// funder counts as aligned: the middle of the scale.
	AlignmentHigh = 1.5
)

// DisagreeRule says in words when a cell is marked, for the screens' help
// and the report: "Organisations disagree on a cell when " + DisagreeRule.
const DisagreeRule = "two organisations' mean alignments lie 2 points or more apart"

// Quadrant is a region of the influence × alignment grid.
type Quadrant string

// The four quadrants, by influence (y) and alignment (x).
const (
	ApproachEarly Quadrant = "approach early" // influential and aligned
	Cultivate     Quadrant = "cultivate"      // influential, not yet aligned
	Allies        Quadrant = "allies"         // aligned, less influential
	KeepInformed  Quadrant = "keep informed"  // neither
)

// atLeast reports whether v reaches threshold, allowing for the rounding
// of means of means: 2.8 - 0.8 is 1.9999999999999998 in floating point,
// and the mean of 2, 13/6 and 1/3 is 1.4999999999999998; both are on the
// threshold, which counts as above it.
func atLeast(v, threshold float64) bool { return v >= threshold-1e-9 }

// Quadrants lists the quadrants in the order the screens and the report
// show them.
func Quadrants() []Quadrant { return []Quadrant{ApproachEarly, Cultivate, Allies, KeepInformed} }

// QuadrantOf places a funder by its mean influence and alignment; on a
// threshold counts as above it.
func QuadrantOf(influence, alignment float64) Quadrant {
	high, aligned := atLeast(influence, InfluenceHigh), atLeast(alignment, AlignmentHigh)
	switch {
	case high && aligned:
		return ApproachEarly
	case high:
		return Cultivate
	case aligned:
		return Allies
	}
	return KeepInformed
}

// Axis is the statistics of one axis of one funder: the mean of the values
// given, how many gave one, and how many said "don't know", which is not 0
// and counts in no mean.
type Axis struct {
	N        int     `json:"n"`
	DontKnow int     `json:"dont_know"`
	Mean     float64 `json:"mean"`
}

// meanOf is the statistics of the scores.
func meanOf(scores map[string]exercises.Score) Axis {
	var m Axis
	sum := 0
	for _, s := range scores {
		if s.DontKnow {
			m.DontKnow++
			continue
		}
		m.N++
		sum += s.Value
	}
	if m.N > 0 {
		m.Mean = float64(sum) / float64(m.N)
	}
	return m
}

// OrgMean is one organisation's mean alignment on a cell.
type OrgMean struct {
	Org  string  `json:"org"`
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
}

// Cell is one funder's alignment with one goal.
type Cell struct {
	Goal int `json:"goal"`
	Axis
	Orgs     []OrgMean `json:"orgs,omitempty"` // by organisation name
	Disagree bool      `json:"disagree"`       // DisagreeRule
}

// Covers reports whether the funder covers the goal: a mean of CoverMean
// or more.
func (c Cell) Covers() bool { return c.N > 0 && atLeast(c.Mean, CoverMean) }

// OrgRelation is one organisation's relationship to a funder: the closest
// any of its people gave, and who gave one (identity IDs, for the
// facilitator's view; the others see the organisation only).
type OrgRelation struct {
	Org          string       `json:"org"`
	Relationship Relationship `json:"relationship"`
	People       []string     `json:"people"`
}

// FunderStats is what the room's ratings say about one funder.
type FunderStats struct {
	Funder    exercises.Card `json:"funder"`
	Kind      FunderKind     `json:"kind"`
	Focus     string         `json:"focus,omitempty"`
	Relations []OrgRelation  `json:"relations"` // closest first, then by organisation
	Cells     []Cell         `json:"cells"`     // in goal order
	Covered   []int          `json:"covered"`   // the goals it covers, in goal order
	// Alignment is the mean of its cells' means, over the goals anyone
	// rated; Rated says there was one.
	Alignment float64  `json:"alignment"`
	Rated     bool     `json:"rated"`
	Influence Axis     `json:"influence"`
	Quadrant  Quadrant `json:"quadrant,omitempty"` // "" until both axes have a value
	Group     int      `json:"group"`              // its place in Groups
}

// GoalStats is one goal's column of the matrix.
type GoalStats struct {
	Goal     Goal    `json:"goal"`
	Rated    int     `json:"rated"`    // funders anyone rated on it
	Covering int     `json:"covering"` // funders that cover it
	Mean     float64 `json:"mean"`     // mean of the rated funders' means
	Gap      bool    `json:"gap"`      // no funder covers it
}

// Group is funders that cover the same goals: a possible coalition to
// bring the partnership's case to together.
type Group struct {
	Goals   []int `json:"goals"` // none for the funders that cover no goal
	Funders []int `json:"funders"`
}

// Results are funder alignment's results.
type Results struct {
	Goals   []GoalStats   `json:"goals"`
	Funders []FunderStats `json:"funders"` // by group, then by funder ID
	Groups  []Group       `json:"groups"`  // the largest first; the uncovering last
}

// Gaps are the goals no funder covers.
func (r Results) Gaps() []Goal {
	var out []Goal
	for _, g := range r.Goals {
		if g.Gap {
			out = append(out, g.Goal)
		}
	}
	return out
}

// Funder returns the statistics of funder id, or false.
func (r Results) Funder(id int) (FunderStats, bool) {
	i := slices.IndexFunc(r.Funders, func(f FunderStats) bool { return f.Funder.ID == id })
	if i < 0 {
		return FunderStats{}, false
	}
	return r.Funders[i], true
}

// Summarize computes the results of the live funders against the goals.
func Summarize(goals []Goal, d Data, people map[string]exercises.Person, an exercises.Anonymity) Results {
	res := Results{}
	for _, c := range d.Deck.Cards {
		if c.Live() {
			res.Funders = append(res.Funders, funderStats(c, goals, d, people, an))
		}
	}
	for gi, g := range goals {
		st := GoalStats{Goal: g}
		sum := 0.0
		for _, f := range res.Funders {
			cell := f.Cells[gi]
			if cell.N == 0 {
				continue
			}
			st.Rated++
			sum += cell.Mean
			if cell.Covers() {
				st.Covering++
			}
		}
		if st.Rated > 0 {
			st.Mean = sum / float64(st.Rated)
		}
		st.Gap = st.Covering == 0
		res.Goals = append(res.Goals, st)
	}
	group(&res)
	return res
}

// group puts funders that cover the same goals together: the groups by
// size, then by the goals they cover; the funders that cover none last.
func group(res *Results) {
	byKey := map[string]*Group{}
	var groups []*Group
	for _, f := range res.Funders {
		parts := make([]string, len(f.Covered))
		for i, g := range f.Covered {
			parts[i] = strconv.Itoa(g)
		}
		k := strings.Join(parts, ",")
		g := byKey[k]
		if g == nil {
			g = &Group{Goals: f.Covered}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.Funders = append(g.Funders, f.Funder.ID)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if (len(a.Goals) == 0) != (len(b.Goals) == 0) {
			return len(b.Goals) == 0
		}
		return len(a.Funders) > len(b.Funders)
	})
	place := map[int]int{}
	for i, g := range groups {
		res.Groups = append(res.Groups, *g)
		for _, id := range g.Funders {
			place[id] = i
		}
	}
	for i := range res.Funders {
		res.Funders[i].Group = place[res.Funders[i].Funder.ID]
	}
	sort.SliceStable(res.Funders, func(i, j int) bool { return res.Funders[i].Group < res.Funders[j].Group })
}

func funderStats(c exercises.Card, goals []Goal, d Data, people map[string]exercises.Person, an exercises.Anonymity) FunderStats {
	st := FunderStats{Funder: c, Kind: FunderKind(c.Category), Focus: d.Focus[c.ID],
		Relations: orgRelations(d.RelationsOf(c.ID), people)}
	sum := 0.0
	rated := 0
	for _, g := range goals {
		cell := cellOf(g.ID, d.Ratings.Of(exercises.Target{Item: c.ID, With: g.ID}), people, an)
		st.Cells = append(st.Cells, cell)
		if cell.N > 0 {
			rated++
			sum += cell.Mean
		}
		if cell.Covers() {
			st.Covered = append(st.Covered, g.ID)
		}
	}
	if rated > 0 {
		st.Alignment, st.Rated = sum/float64(rated), true
	}
	st.Influence = meanOf(d.Ratings.Of(exercises.On(c.ID)))
	if st.Rated && st.Influence.N > 0 {
		st.Quadrant = QuadrantOf(st.Influence.Mean, st.Alignment)
	}
	return st
}

// cellOf is one cell's statistics: the mean, and each organisation's.
func cellOf(goal int, scores map[string]exercises.Score, people map[string]exercises.Person, an exercises.Anonymity) Cell {
	cell := Cell{Goal: goal, Axis: meanOf(scores)}
	type acc struct{ n, sum int }
	orgs := map[string]*acc{}
	for id, s := range scores {
		if s.DontKnow {
			continue
		}
		org := people[id].Org
		a := orgs[org]
		if a == nil {
			a = &acc{}
			orgs[org] = a
		}
		a.n++
		a.sum += s.Value
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	compared := 0
	for name, a := range orgs {
		m := float64(a.sum) / float64(a.n)
		cell.Orgs = append(cell.Orgs, OrgMean{Org: name, N: a.n, Mean: m})
		// In an anonymous activity a lone rater's organisation would show
		// that person's own rating through the mark: it is left out.
		if an == exercises.Anonymous && a.n < 2 {
			continue
		}
		compared++
		lo, hi = math.Min(lo, m), math.Max(hi, m)
	}
	sort.Slice(cell.Orgs, func(i, j int) bool { return cell.Orgs[i].Org < cell.Orgs[j].Org })
	cell.Disagree = compared > 1 && atLeast(hi-lo, DisagreeGap)
	return cell
}

// orgRelations groups the relationships by organisation: each has the
// closest any of its people gave. People who gave "none" count, so that
// the room sees that an organisation was asked and has no way in.
func orgRelations(rel map[string]Relationship, people map[string]exercises.Person) []OrgRelation {
	byOrg := map[string]*OrgRelation{}
	for id, r := range rel {
		org := people[id].Org
		o := byOrg[org]
		if o == nil {
			o = &OrgRelation{Org: org, Relationship: r}
			byOrg[org] = o
		}
		if r.Closeness() > o.Relationship.Closeness() {
			o.Relationship = r
		}
		o.People = append(o.People, id)
	}
	out := make([]OrgRelation, 0, len(byOrg))
	for _, o := range byOrg {
		sort.Strings(o.People)
		out = append(out, *o)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := out[i].Relationship.Closeness(), out[j].Relationship.Closeness(); a != b {
			return a > b
		}
		return out[i].Org < out[j].Org
	})
	return out
}

// BestPlaced is the organisation best placed to approach a funder: the
// closest relationship, "" when no organisation has more than none.
func (f FunderStats) BestPlaced() string {
	if len(f.Relations) == 0 || f.Relations[0].Relationship.Closeness() == 0 {
		return ""
	}
	return f.Relations[0].Org
}
