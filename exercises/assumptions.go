package exercises

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"time"
)

// DefaultCategories are the assumption-mapping categories offered when an
// activity names none.
var DefaultCategories = []string{"the problem", "the people served", "partners", "funding", "what works"}

// Card is an assumption on the wall: a short text with its authors. A card
// merged into another is kept (MergedInto names the survivor) so that the
// log and the report can say what happened to it; the survivor lists every
// author of the cards merged into it.
type Card struct {
	ID         int       `json:"id"` // 1, 2, 3 ... in the order cards were written
	Authors    []string  `json:"authors"`
	Text       string    `json:"text"`
	Category   string    `json:"category,omitempty"`
	Cluster    string    `json:"cluster,omitempty"`
	Hidden     bool      `json:"hidden,omitempty"`      // hidden by the facilitator (moderation)
	MergedInto int       `json:"merged_into,omitempty"` // 0 while the card stands on its own
	At         time.Time `json:"at"`
}

// Live reports whether the card is on the wall: neither merged away nor hidden.
func (c Card) Live() bool { return c.MergedInto == 0 && !c.Hidden }

// Label is the short id a card is shown with on the map: "A1", "A2", ...
func (c Card) Label() string { return "A" + strconv.Itoa(c.ID) }

// HasAuthor reports whether id wrote the card or one merged into it.
func (c Card) HasAuthor(id string) bool {
	for _, a := range c.Authors {
		if a == id {
			return true
		}
	}
	return false
}

// Rating is one participant's view of one card. A skipped card counts as
// seen but adds nothing to the statistics.
type Rating struct {
	Importance int       `json:"importance"` // 1-5; 0 when skipped
	Evidence   int       `json:"evidence"`   // 1-5; 0 when skipped
	Skipped    bool      `json:"skipped,omitempty"`
	At         time.Time `json:"at"`
}

// Rating scale of assumption mapping.
const (
	RateMin = 1
	RateMax = 5
	// RateMid is where the map's axes cross. A card is important when its
	// mean importance is at least RateMid, and has strong evidence only when
	// its mean evidence is above it: a card on the evidence line is tested
	// rather than built on.
	RateMid = 3.0
)

// Validate checks a rating. It returns EInvalid errors.
func (r Rating) Validate() error {
	if r.Skipped {
		if r.Importance != 0 || r.Evidence != 0 {
			return Errorf(EInvalid, "a skipped card has no values")
		}
		return nil
	}
	if r.Importance < RateMin || r.Importance > RateMax || r.Evidence < RateMin || r.Evidence > RateMax {
		return Errorf(EInvalid, "rate importance and evidence from %d to %d", RateMin, RateMax)
	}
	return nil
}

// ValidateCard checks a card's text and category against the activity. The
// text must already be cleaned. It returns EInvalid errors.
func (a Activity) ValidateCard(text, category string) error {
	if text == "" {
		return Errorf(EInvalid, "write the assumption before adding it")
	}
	if textLen(text) > MaxTextLen {
		return Errorf(EInvalid, "an assumption has at most %d characters", MaxTextLen)
	}
	if category == "" {
		return nil
	}
	for _, c := range a.Categories {
		if c == category {
			return nil
		}
	}
	return Errorf(EInvalid, "%q is not one of this activity's categories", category)
}

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
	Card       Card       `json:"card"`
	N          int        `json:"n"`       // ratings with values
	Skipped    int        `json:"skipped"` // people who skipped it
	Importance Axis       `json:"importance"`
	Evidence   Axis       `json:"evidence"`
	Quadrant   Quadrant   `json:"quadrant,omitempty"` // "" until someone rated it
	Spread     float64    `json:"spread"`             // the larger standard deviation of the two axes
	OrgGap     float64    `json:"org_gap"`            // the largest gap between two organisations' means, on either axis
	Orgs       []OrgMeans `json:"orgs"`               // by organisation name
	Contested  bool       `json:"contested"`
}

// Thresholds that mark a card as contested: partners see it differently.
const (
	ContestedSpread = 1.2 // standard deviation on either axis
	ContestedOrgGap = 1.5 // points between two organisations' means
	contestedMinN   = 2   // ratings needed before a card can be contested
)

// SummarizeAssumptions computes every live card's statistics from the
// ratings (card ID -> person ID -> rating) and the people who rated. Cards
// come back in ID order.
func SummarizeAssumptions(cards []Card, ratings map[int]map[string]Rating, people map[string]Person) []CardStats {
	var out []CardStats
	for _, c := range cards {
		if !c.Live() {
			continue
		}
		out = append(out, cardStats(c, ratings[c.ID], people))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Card.ID < out[j].Card.ID })
	return out
}

func cardStats(c Card, ratings map[string]Rating, people map[string]Person) CardStats {
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
	for i := range st.Orgs {
		for j := i + 1; j < len(st.Orgs); j++ {
			a, b := st.Orgs[i], st.Orgs[j]
			st.OrgGap = math.Max(st.OrgGap, math.Max(math.Abs(a.Importance-b.Importance), math.Abs(a.Evidence-b.Evidence)))
		}
	}
	st.Contested = st.N >= contestedMinN && (st.Spread >= ContestedSpread || st.OrgGap >= ContestedOrgGap)
	return st
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
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].OrgGap != out[j].OrgGap {
			return out[i].OrgGap > out[j].OrgGap
		}
		return out[i].Spread > out[j].Spread
	})
	return out
}

// RatingProgress is how far one participant is through rating the wall.
type RatingProgress struct {
	Rated, Skipped, Total int
}

// Done reports whether every card was rated or skipped.
func (p RatingProgress) Done() bool { return p.Total > 0 && p.Rated+p.Skipped >= p.Total }

// ProgressOf counts a participant's ratings over the live cards.
func ProgressOf(cards []Card, ratings map[int]map[string]Rating, id string) RatingProgress {
	var p RatingProgress
	for _, c := range cards {
		if !c.Live() {
			continue
		}
		p.Total++
		if r, ok := ratings[c.ID][id]; ok {
			if r.Skipped {
				p.Skipped++
			} else {
				p.Rated++
			}
		}
	}
	return p
}

// CheckMerge checks a merge against the rules of the wall as it stands:
// the target and every card merged into it are on the wall and not merged
// already, there is something to merge, a card is not merged into itself,
// and the new text (cleaned) fits. It returns EInvalid or ENotFound errors.
// It is checked when a merge is decided, never when one is folded (Merge).
func CheckMerge(cards []Card, into int, from []int, text string) error {
	live := func(id int) bool {
		for _, c := range cards {
			if c.ID == id {
				return c.MergedInto == 0
			}
		}
		return false
	}
	if !live(into) {
		return Errorf(ENotFound, "there is no card %s on the wall", Card{ID: into}.Label())
	}
	if len(from) == 0 {
		return Errorf(EInvalid, "choose the cards to merge into %s", Card{ID: into}.Label())
	}
	for _, id := range from {
		if !live(id) {
			return Errorf(ENotFound, "there is no card %s on the wall", Card{ID: id}.Label())
		}
		if id == into {
			return Errorf(EInvalid, "a card cannot be merged into itself")
		}
	}
	if textLen(text) > MaxTextLen {
		return Errorf(EInvalid, "an assumption has at most %d characters", MaxTextLen)
	}
	return nil
}

// Merge folds the cards named in from into the card into: into keeps its
// text unless text is given, gains every author of the merged cards, and
// each merged card, and every card merged into it before, is marked with
// MergedInto. It returns the new card list; the input is not changed. It
// is total, as the fold of a log must be: the rules are CheckMerge's, and a
// card it cannot find is passed over.
func Merge(cards []Card, into int, from []int, text string) []Card {
	ti := slices.IndexFunc(cards, func(c Card) bool { return c.ID == into })
	if ti < 0 {
		return cards
	}
	out := slices.Clone(cards)
	target := out[ti]
	target.Authors = slices.Clone(target.Authors)
	for _, id := range from {
		fi := slices.IndexFunc(out, func(c Card) bool { return c.ID == id })
		if fi < 0 || id == into {
			continue
		}
		for _, a := range out[fi].Authors {
			if !target.HasAuthor(a) {
				target.Authors = append(target.Authors, a)
			}
		}
		out[fi].MergedInto = into
		// Cards merged earlier into the one merged now follow it.
		for i := range out {
			if out[i].MergedInto == id {
				out[i].MergedInto = into
			}
		}
	}
	if text != "" {
		target.Text = text
	}
	out[ti] = target
	return out
}

// Clusters returns the live cards grouped by cluster name, clusters in the
// order they first appear among the cards and unclustered cards last under "".
func Clusters(cards []Card) (names []string, byName map[string][]Card) {
	byName = map[string][]Card{}
	for _, c := range cards {
		if !c.Live() {
			continue
		}
		if _, seen := byName[c.Cluster]; !seen && c.Cluster != "" {
			names = append(names, c.Cluster)
		}
		byName[c.Cluster] = append(byName[c.Cluster], c)
	}
	if len(byName[""]) > 0 {
		names = append(names, "")
	}
	return names, byName
}
