package exercises

import (
	"math"
	"sort"
)

// StatementResult is the group's answers to one statement of the
// willingness check.
type StatementResult struct {
	Statement    string            `json:"statement"`
	Distribution [ScaleMax + 1]int `json:"distribution"` // count per value 0..5
	N            int               `json:"n"`            // number of answers
	Mean         float64           `json:"mean"`         // NaN-free: 0 when N == 0
	Min          int               `json:"min"`          // -1 when N == 0
}

// OrgProfile is one organisation's mean per statement.
type OrgProfile struct {
	Org     string    `json:"org"`
	People  int       `json:"people"`  // distinct people who answered anything
	Means   []float64 `json:"means"`   // per statement; -1 where nobody from the org answered
	Overall float64   `json:"overall"` // mean over all its answers; -1 when none
}

// Concern is a low answer the group should hear: a blocker (0-1) or a
// reservation (2), with the comment that explains it.
type Concern struct {
	Statement int    `json:"statement"` // index into the activity's statements
	Value     int    `json:"value"`
	Blocker   bool   `json:"blocker"` // value 0 or 1
	Person    Person `json:"person"`
	Comment   string `json:"comment,omitempty"`
}

// WillingnessResult is what the willingness check reveals.
type WillingnessResult struct {
	Statements  []StatementResult `json:"statements"`
	Orgs        []OrgProfile      `json:"orgs"`     // sorted by organisation name
	Concerns    []Concern         `json:"concerns"` // blockers first, then by statement, value, name
	Respondents int               `json:"respondents"`
}

// Thresholds that turn an answer into a concern.
const (
	BlockerMax     = 1 // 0 and 1 are blockers
	ReservationMax = 2 // 2 is a reservation
)

// SummarizeWillingness folds every response into the willingness check's
// results. Responses for items outside the activity are ignored.
func SummarizeWillingness(a Activity, responses []Response) WillingnessResult {
	n := len(a.Statements)
	res := WillingnessResult{Statements: make([]StatementResult, n)}
	sums := make([]int, n)
	for i := range res.Statements {
		res.Statements[i] = StatementResult{Statement: a.Statements[i], Min: -1}
	}
	type orgAcc struct {
		sums, counts []int
		people       map[string]bool
	}
	orgs := map[string]*orgAcc{}
	people := map[string]bool{}
	for _, r := range responses {
		if r.Item < 0 || r.Item >= n || r.Answer.Value < ScaleMin || r.Answer.Value > ScaleMax {
			continue
		}
		v := r.Answer.Value
		st := &res.Statements[r.Item]
		st.Distribution[v]++
		st.N++
		sums[r.Item] += v
		if st.Min < 0 || v < st.Min {
			st.Min = v
		}
		people[r.Person.ID] = true
		acc := orgs[r.Person.Org]
		if acc == nil {
			acc = &orgAcc{sums: make([]int, n), counts: make([]int, n), people: map[string]bool{}}
			orgs[r.Person.Org] = acc
		}
		acc.sums[r.Item] += v
		acc.counts[r.Item]++
		acc.people[r.Person.ID] = true
		if v <= ReservationMax {
			res.Concerns = append(res.Concerns, Concern{
				Statement: r.Item, Value: v, Blocker: v <= BlockerMax,
				Person: r.Person, Comment: r.Answer.Text,
			})
		}
	}
	for i := range res.Statements {
		if res.Statements[i].N > 0 {
			res.Statements[i].Mean = float64(sums[i]) / float64(res.Statements[i].N)
		}
	}
	res.Respondents = len(people)
	for name, acc := range orgs {
		p := OrgProfile{Org: name, People: len(acc.people), Means: make([]float64, n), Overall: -1}
		total, count := 0, 0
		for i := range n {
			p.Means[i] = -1
			if acc.counts[i] > 0 {
				p.Means[i] = float64(acc.sums[i]) / float64(acc.counts[i])
			}
			total += acc.sums[i]
			count += acc.counts[i]
		}
		if count > 0 {
			p.Overall = float64(total) / float64(count)
		}
		res.Orgs = append(res.Orgs, p)
	}
	sort.Slice(res.Orgs, func(i, j int) bool { return res.Orgs[i].Org < res.Orgs[j].Org })
	sort.SliceStable(res.Concerns, func(i, j int) bool {
		a, b := res.Concerns[i], res.Concerns[j]
		if a.Blocker != b.Blocker {
			return a.Blocker
		}
		if a.Statement != b.Statement {
			return a.Statement < b.Statement
		}
		if a.Value != b.Value {
			return a.Value < b.Value
		}
		return a.Person.Name < b.Person.Name
	})
	return res
}

// Round returns x rounded to one decimal, the precision results are shown in.
func Round(x float64) float64 { return math.Round(x*10) / 10 }

// Outcome is the facilitator's decision after a willingness check.
type Outcome string

// Decision outcomes.
const (
	Proceed           Outcome = "proceed"
	ProceedConditions Outcome = "conditions"
	NotYet            Outcome = "not_yet"
)

// Outcomes lists the outcomes in the order they are offered.
func Outcomes() []Outcome { return []Outcome{Proceed, ProceedConditions, NotYet} }

// Label is how an outcome reads in a report.
func (o Outcome) Label() string {
	switch o {
	case Proceed:
		return "Proceed"
	case ProceedConditions:
		return "Proceed with conditions"
	case NotYet:
		return "Not yet"
	}
	return string(o)
}

// Decision is what the facilitator records at the end of a willingness check.
type Decision struct {
	Outcome    Outcome `json:"outcome"`
	Conditions string  `json:"conditions,omitempty"`
}

// Validate checks a decision: a known outcome, and conditions when the
// outcome is "proceed with conditions". It returns EInvalid errors.
func (d Decision) Validate() error {
	switch d.Outcome {
	case Proceed, NotYet:
	case ProceedConditions:
		if d.Conditions == "" {
			return Errorf(EInvalid, "name the conditions for proceeding")
		}
	default:
		return Errorf(EInvalid, "the decision must be proceed, conditions or not_yet, not %q", d.Outcome)
	}
	if textLen(d.Conditions) > MaxTextLen*4 {
		return Errorf(EInvalid, "conditions are longer than %d characters", MaxTextLen*4)
	}
	return nil
}
