// Package willingness is the willingness check: each organisation rates how
// ready and willing it is on a list of statements (fist to five), the room
// sees the spread and the concerns, and the facilitator records a decision.
package willingness

import (
	"encoding/json"
	"slices"
	"sort"

	"commonground/exercises"
)

// Kind is the willingness check's stored name.
const Kind exercises.Kind = "willingness"

// The willingness check's phases, by their stable names.
const (
	PhaseAnswer = "answer"
	PhaseReveal = "reveal"
	PhaseDecide = "decide"
)

var phases = []exercises.PhaseSpec{
	{Name: PhaseAnswer, Title: "Answer", Input: true, Takes: exercises.TakesAnswer},
	{Name: PhaseReveal, Title: "Reveal", Reveal: true},
	{Name: PhaseDecide, Title: "Decide", Reveal: true, Decide: true},
}

// DefaultStatements are the willingness check's statements, from the
// practice of building inter-organisational partnerships.
var DefaultStatements = []string{
	"Our mission resonates with this goal",
	"We know our parameters for engaging",
	"We see clear value for us",
	"We believe this can be executed",
	"We can commit time and resources for years",
	"We bring resources of our own",
	"We are willing to take some risk and give up some control",
	"We have the capacity to work across organisations",
	"We are ready to commit now",
}

// MaxStatements is how many statements one check may have.
const MaxStatements = 20

// Settings are a willingness check's own: its statements, rated in order.
type Settings struct {
	Statements []string `json:"statements,omitempty"`
}

// Statements returns the activity's statements, none when it is not a
// willingness check. The slice is shared: do not change it.
func Statements(a exercises.Activity) []string {
	s, _ := a.Settings.(Settings)
	return s.Statements
}

// exercise is the willingness check: one answer 0-5 per statement.
type exercise struct {
	exercises.Basics
	exercises.Answering
}

// Exercise is the willingness check, as the catalog lists it.
var Exercise exercises.Exercise = exercise{Basics: exercises.Declare(
	"rate readiness 0-5 on statements; see the spread, then decide", phases,
	exercises.Activity{Kind: Kind, Title: "Willingness check", Anonymity: exercises.Named,
		Prompt:   "How ready and willing is your organisation? 0 = I block, 5 = I will champion it.",
		Settings: Settings{Statements: DefaultStatements}})}

// Clone copies the statements.
func (s Settings) Clone() exercises.Settings { return Settings{Statements: slices.Clone(s.Statements)} }

// ItemsOf are the statements.
func (exercise) ItemsOf(a exercises.Activity) []string { return Statements(a) }

// Progress counts each person's answers against the statements.
func (exercise) Progress(a exercises.Activity, _ exercises.PhaseSpec, d exercises.Data) exercises.Progress {
	return exercises.AnswerProgress(len(Statements(a)), d)
}

func (exercise) Settings(raw json.RawMessage) (exercises.Settings, error) {
	return exercises.ReadSettings[Settings](raw)
}

func (exercise) Validate(a exercises.Activity) error {
	stmts := Statements(a)
	if len(stmts) == 0 || len(stmts) > MaxStatements {
		return exercises.SettingErrorf("statements", 0, "a willingness check needs 1 to %d statements, not %d", MaxStatements, len(stmts))
	}
	for i, s := range stmts {
		if s == "" || exercises.TextLen(s) > exercises.MaxTextLen {
			return exercises.SettingErrorf("statements", i+1, "statement %d must have 1 to %d characters", i+1, exercises.MaxTextLen)
		}
	}
	return nil
}

// ValidateAnswer asks for a value on the scale for one of the statements.
func (exercise) ValidateAnswer(a exercises.Activity, item int, ans exercises.Answer) error {
	if err := exercises.CheckItem(Statements(a), item, a.Title, ans); err != nil {
		return err
	}
	return Readiness.Check(ans.Value)
}

// Derive is the check's results.
func (exercise) Derive(a exercises.Activity, d exercises.Data, people exercises.Roster) any {
	return Summarize(a, exercises.AnswersOf(d).Responses(people))
}

// ResultOf returns the results Derive computed, empty ones for another
// exercise's results.
func ResultOf(results any) Result {
	r, _ := results.(Result)
	return r
}

// Fist-to-five scale of the willingness check.
const (
	ScaleMin = 0
	ScaleMax = 5
)

// Readiness is the fist-to-five scale answers are given on.
var Readiness = exercises.Scale{Name: "readiness", Min: ScaleMin, Max: ScaleMax, Labels: []string{
	"I block",
	"serious concerns",
	"reservations",
	"can live with it",
	"support it",
	"will champion it",
}}

// ScaleLabel returns "3 can live with it" style text for a value.
func ScaleLabel(v int) string { return Readiness.Label(v) }

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
	Statement int              `json:"statement"` // index into the activity's statements
	Value     int              `json:"value"`
	Blocker   bool             `json:"blocker"` // value 0 or 1
	Person    exercises.Person `json:"person"`
	Comment   string           `json:"comment,omitempty"`
}

// Result is what the willingness check reveals.
type Result struct {
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

// Summarize folds every response into the willingness check's
// results. Responses for items outside the activity are ignored.
func Summarize(a exercises.Activity, responses []exercises.Response) Result {
	stmts := Statements(a)
	n := len(stmts)
	res := Result{Statements: make([]StatementResult, n)}
	sums := make([]int, n)
	for i := range res.Statements {
		res.Statements[i] = StatementResult{Statement: stmts[i], Min: -1}
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
