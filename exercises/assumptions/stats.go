package assumptions

import (
	"math"
	"sort"

	"commonground/exercises"
)

// Quadrant is a region of the assumption map.
type Quadrant string

// The four quadrants, by importance (y) and evidence (x).
const (
	TestFirst Quadrant = "test first" // important, little evidence
	BuildOn   Quadrant = "build on"   // important, strong evidence
	Watch     Quadrant = "watch"      // less important, little evidence
	Park      Quadrant = "park"       // less important, strong evidence
)

// Quadrants lists the quadrants in the order a report shows them.
func Quadrants() []Quadrant { return []Quadrant{TestFirst, BuildOn, Watch, Park} }

// QuadrantOf places a card by its mean importance and evidence.
func QuadrantOf(importance, evidence float64) Quadrant {
	important := importance >= RateMid
	strong := evidence > RateMid
	switch {
	case important && !strong:
		return TestFirst
	case important:
		return BuildOn
	case !strong:
		return Watch
	}
	return Park
}

// Axis statistics of one card on one axis.
type Axis struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"` // population standard deviation
}

// OrgMeans are one organisation's means for a card.
type OrgMeans struct {
	Org        string  `json:"org"`
	N          int     `json:"n"`
	Importance float64 `json:"importance"`
	Evidence   float64 `json:"evidence"`
}

// CardStats is what the group's ratings say about one card.
type CardStats struct {
	Card       exercises.Card `json:"card"`
	N          int            `json:"n"`       // ratings with values
	Skipped    int            `json:"skipped"` // people who skipped it
	Importance Axis           `json:"importance"`
	Evidence   Axis           `json:"evidence"`
	Quadrant   Quadrant       `json:"quadrant,omitempty"` // "" until someone rated it
	Spread     float64        `json:"spread"`             // the larger standard deviation of the two axes
	OrgGap     float64        `json:"org_gap"`            // the largest gap between two organisations' means, on either axis
	Orgs       []OrgMeans     `json:"orgs"`               // by organisation name
	Contested  bool           `json:"contested"`          // partners see it differently: ContestedRule
}

// Thresholds that mark a card as contested: partners see it differently.
// A card past a threshold is only a candidate: at most one rated card in
// ContestedShare (rounded up) is marked, the most divided first (see
// Contested), so that with a few raters, whose ratings spread easily, the
// mark still picks out the cards that stand out.
const (
	ContestedSpread = 1.2 // standard deviation on either axis
	ContestedOrgGap = 1.5 // points between two organisations' means
	ContestedShare  = 3   // at most one rated card in three is contested
	contestedMinN   = 2   // ratings needed before a card can be contested
)

// ContestedRule says in words when a card is contested, for the screens'
// help and the report: "A card is " + ContestedRule + ".".
const ContestedRule = "contested when at least 2 people rated it, their ratings spread widely " +
	"(a standard deviation of 1.2 or more) or two organisations' means lie 1.5 points or more apart, " +
	"and it is among the most divided third of the rated cards"

// Summarize computes every live card's statistics from the
// ratings (card ID -> person ID -> rating) and the people who rated. Cards
// come back in ID order.
func Summarize(cards []exercises.Card, ratings exercises.Ratings[Rating], people map[string]exercises.Person) []CardStats {
	var out []CardStats
	for _, c := range cards {
		if !c.Live() {
			continue
		}
		out = append(out, cardStats(c, ratings.Item(c.ID), people))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Card.ID < out[j].Card.ID })
	markContested(out)
	return out
}

// markContested marks the contested cards (ContestedRule): of the cards
// past a threshold, the most divided, at most one rated card in
// ContestedShare, rounded up. Ties go to the earlier card.
func markContested(stats []CardStats) {
	rated := 0
	var candidates []*CardStats
	for i := range stats {
		s := &stats[i]
		if s.N > 0 {
			rated++
		}
		if s.N >= contestedMinN && (s.Spread >= ContestedSpread || s.OrgGap >= ContestedOrgGap) {
			candidates = append(candidates, s)
		}
	}
	sort.SliceStable(candidates, func(i, j int) bool { return moreDivided(*candidates[i], *candidates[j]) })
	limit := (rated + ContestedShare - 1) / ContestedShare
	for _, s := range candidates[:min(limit, len(candidates))] {
		s.Contested = true
	}
}

// moreDivided orders cards by how contested they are: the larger
// organisation gap first, then the larger spread.
func moreDivided(a, b CardStats) bool {
	if a.OrgGap != b.OrgGap {
		return a.OrgGap > b.OrgGap
	}
	return a.Spread > b.Spread
}

func cardStats(c exercises.Card, ratings map[string]Rating, people map[string]exercises.Person) CardStats {
	st := CardStats{Card: c}
	var imp, ev []float64
	type acc struct{ n, imp, ev int }
	orgs := map[string]*acc{}
	for id, r := range ratings {
		if r.Skipped {
			st.Skipped++
			continue
		}
		imp = append(imp, float64(r.Importance))
		ev = append(ev, float64(r.Evidence))
		org := people[id].Org
		a := orgs[org]
		if a == nil {
			a = &acc{}
			orgs[org] = a
		}
		a.n++
		a.imp += r.Importance
		a.ev += r.Evidence
	}
	st.N = len(imp)
	if st.N == 0 {
		return st
	}
	st.Importance = axis(imp)
	st.Evidence = axis(ev)
	st.Quadrant = QuadrantOf(st.Importance.Mean, st.Evidence.Mean)
	st.Spread = math.Max(st.Importance.SD, st.Evidence.SD)
	for name, a := range orgs {
		st.Orgs = append(st.Orgs, OrgMeans{Org: name, N: a.n,
			Importance: float64(a.imp) / float64(a.n), Evidence: float64(a.ev) / float64(a.n)})
	}
	sort.Slice(st.Orgs, func(i, j int) bool { return st.Orgs[i].Org < st.Orgs[j].Org })
	st.OrgGap = OrgGap(st.Orgs)
	return st
}

// OrgGap is the largest gap between two of the organisations' means, on
// either axis; 0 for fewer than two. Where organisations with a single
// rater are left out (an anonymous activity), it is taken over the others
// only, so that it tells nothing of one person's rating.
func OrgGap(orgs []OrgMeans) float64 {
	gap := 0.0
	for i := range orgs {
		for j := i + 1; j < len(orgs); j++ {
			a, b := orgs[i], orgs[j]
			gap = math.Max(gap, math.Max(math.Abs(a.Importance-b.Importance), math.Abs(a.Evidence-b.Evidence)))
		}
	}
	return gap
}

func axis(xs []float64) Axis {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	sq := 0.0
	for _, x := range xs {
		sq += (x - mean) * (x - mean)
	}
	return Axis{Mean: mean, SD: math.Sqrt(sq / float64(len(xs)))}
}

// Contested returns the contested cards, most contested first (largest
// organisation gap, then largest spread).
func Contested(stats []CardStats) []CardStats {
	var out []CardStats
	for _, s := range stats {
		if s.Contested {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return moreDivided(out[i], out[j]) })
	return out
}

// RatingProgress is how far one participant is through rating the wall.
type RatingProgress struct {
	Rated, Skipped, Total int
}

// Done reports whether every card was rated or skipped.
func (p RatingProgress) Done() bool { return p.Total > 0 && p.Rated+p.Skipped >= p.Total }

// ProgressOf counts a participant's ratings over the live cards.
func ProgressOf(cards []exercises.Card, ratings exercises.Ratings[Rating], id string) RatingProgress {
	var p RatingProgress
	for _, c := range cards {
		if !c.Live() {
			continue
		}
		p.Total++
		if r, ok := ratings.Item(c.ID)[id]; ok {
			if r.Skipped {
				p.Skipped++
			} else {
				p.Rated++
			}
		}
	}
	return p
}
