package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"commonground/exercises"
	"commonground/exercises/willingness"
	"commonground/session"
)

// Willingness is what a willingness check revealed.
type Willingness struct {
	Respondents int         `json:"respondents"`
	Statements  []Statement `json:"statements"`
	// Orgs are each organisation's means, by organisation name. In an
	// anonymous activity an organisation with a single respondent is left out.
	Orgs     []OrgProfile `json:"orgs"`
	Concerns []Concern    `json:"concerns"` // blockers first, then by statement and value
	Scale    [6]string    `json:"scale"`    // the meaning of each value, 0-5
}

// Statement is the group's answers to one statement. Means are rounded to
// one decimal, as reports show them.
type Statement struct {
	Statement    string   `json:"statement"`
	Distribution [6]int   `json:"distribution"` // answers per value 0-5
	N            int      `json:"n"`
	Mean         *float64 `json:"mean"` // null without answers
	Min          *int     `json:"min"`  // null without answers
}

// OrgProfile is one organisation's mean per statement.
type OrgProfile struct {
	Org     string     `json:"org"`
	People  int        `json:"people"`
	Means   []*float64 `json:"means"`   // per statement; null where nobody from the organisation answered
	Overall *float64   `json:"overall"` // over all the organisation's answers
}

// Concern is a blocker (0-1) or a reservation (2), with its comment.
type Concern struct {
	Item      int     `json:"item"`
	Statement string  `json:"statement"`
	Value     int     `json:"value"`
	Blocker   bool    `json:"blocker"`
	Author    *Person `json:"author,omitempty"`
	Comment   string  `json:"comment,omitempty"`
}

// willingnessSection is a willingness check's part of the report: the
// answers, and what they reveal (*Willingness, in Activity.Results).
type willingnessSection struct{}

func (willingnessSection) build(snap *session.Snapshot, i int, as *session.ActivityState, out *Activity) {
	out.Answers = buildAnswers(snap, as.Activity, snap.Responses(i), true)
	out.Results = buildWillingness(snap, as.Activity, willingness.ResultOf(snap.Results(i)))
}

// markdown shows the results rather than every answer: the comments that
// matter are under the blockers and reservations.
func (willingnessSection) markdown(buf *bytes.Buffer, a *Activity) {
	willingnessMarkdown(buf, a.Results.(*Willingness), a.Anonymity)
}

// gave is who answered at least one statement.
func (willingnessSection) gave(snap *session.Snapshot, i int, _ *session.ActivityState) map[string]bool {
	return gaveAnswers(snap.Responses(i))
}

// glance counts who answered and the concerns, with the lowest answer in
// words.
func (willingnessSection) glance(a *Activity) string {
	w := a.Results.(*Willingness)
	if w.Respondents == 0 {
		return "no answers yet"
	}
	blockers, reservations, lowest := 0, 0, -1
	for _, c := range w.Concerns {
		if c.Blocker {
			blockers++
		} else {
			reservations++
		}
	}
	for _, st := range w.Statements {
		if st.Min != nil && (lowest < 0 || *st.Min < lowest) {
			lowest = *st.Min
		}
	}
	parts := []string{people(w.Respondents) + " answered",
		count(blockers, "blocker", "blockers") + ", " + count(reservations, "reservation", "reservations")}
	if lowest >= 0 {
		parts = append(parts, "lowest "+md(w.valueWords(lowest)))
	}
	return strings.Join(parts, " · ")
}

func (willingnessSection) results() any                 { return &Willingness{} }
func (willingnessSection) csvColumns() []string         { return answerColumns }
func (willingnessSection) csvRows(a *Activity) []csvRow { return answerRows(a) }

func buildWillingness(snap *session.Snapshot, act exercises.Activity, res willingness.Result) *Willingness {
	out := &Willingness{Respondents: res.Respondents, Statements: make([]Statement, 0, len(res.Statements)),
		Orgs: make([]OrgProfile, 0, len(res.Orgs)), Concerns: make([]Concern, 0, len(res.Concerns)),
		Scale: [willingness.ScaleMax + 1]string(willingness.Readiness.Labels)}
	for _, st := range res.Statements {
		s := Statement{Statement: clean(st.Statement), Distribution: st.Distribution, N: st.N}
		if st.N > 0 {
			s.Mean = mean(st.Mean)
			s.Min = &st.Min
		}
		out.Statements = append(out.Statements, s)
	}
	for _, o := range res.Orgs {
		if !shownOrg(o.People, act.Anonymity) {
			continue
		}
		p := OrgProfile{Org: clean(o.Org), People: o.People, Means: make([]*float64, len(o.Means))}
		for i, m := range o.Means {
			if m >= 0 {
				p.Means[i] = mean(m)
			}
		}
		if o.Overall >= 0 {
			p.Overall = mean(o.Overall)
		}
		out.Orgs = append(out.Orgs, p)
	}
	for _, c := range res.Concerns {
		out.Concerns = append(out.Concerns, Concern{Item: c.Statement + 1, Statement: clean(itemLabel(act, c.Statement)),
			Value: c.Value, Blocker: c.Blocker, Author: author(snap, c.Person, act.Anonymity), Comment: clean(c.Comment)})
	}
	return out
}

func willingnessMarkdown(buf *bytes.Buffer, w *Willingness, an exercises.Anonymity) {
	if w.Respondents == 0 {
		buf.WriteString(noAnswers)
		return
	}
	fmt.Fprintf(buf, "%s answered.\n\n### Results\n\n", people(w.Respondents))
	table(buf, []string{"Statement", "0", "1", "2", "3", "4", "5", "Mean", "Min", "N"}, 9)
	for _, st := range w.Statements {
		cells := []string{md(st.Statement)}
		for _, n := range st.Distribution {
			cells = append(cells, strconv.Itoa(n))
		}
		minimum := "–"
		if st.Min != nil {
			minimum = md(w.valueWords(*st.Min))
		}
		row(buf, append(cells, decimal(st.Mean), minimum, strconv.Itoa(st.N))...)
	}
	scale := make([]string, len(w.Scale))
	for v, label := range w.Scale {
		scale[v] = fmt.Sprintf("%d %s", v, md(label))
	}
	fmt.Fprintf(buf, "\nScale: %s.\n\n", strings.Join(scale, " · "))

	buf.WriteString("### By organisation\n\n")
	if an == exercises.Anonymous {
		buf.WriteString(singleRespondentNote)
	}
	if len(w.Orgs) == 0 {
		buf.WriteString("No organisation to show.\n")
	} else {
		orgTable(buf, w)
	}
	buf.WriteString("\n### Blockers and reservations\n\n")
	if len(w.Concerns) == 0 {
		buf.WriteString("None: nobody answered 2 or lower.\n\n")
		return
	}
	for _, c := range w.Concerns {
		kind := "Reservation"
		if c.Blocker {
			kind = "Blocker"
		}
		comment := "(no comment)"
		if c.Comment != "" {
			comment = "“" + md(c.Comment) + "”"
		}
		fmt.Fprintf(buf, "- **%s: %s** on “%s”: %s%s\n", kind, md(w.valueWords(c.Value)), md(c.Statement), byline(c.Author), comment)
	}
	buf.WriteString("\n")
}

// valueWords is a value as people read it, with its meaning on the scale:
// "1, serious concerns".
func (w *Willingness) valueWords(v int) string {
	if v < 0 || v >= len(w.Scale) || w.Scale[v] == "" {
		return strconv.Itoa(v)
	}
	return strconv.Itoa(v) + ", " + w.Scale[v]
}

// orgTable writes each organisation's mean per statement.
func orgTable(buf *bytes.Buffer, w *Willingness) {
	buf.WriteString("Mean per statement (number of people); – where nobody from the organisation answered.\n\n")
	header := []string{"Statement"}
	for _, o := range w.Orgs {
		header = append(header, fmt.Sprintf("%s (%d)", md(o.Org), o.People))
	}
	table(buf, header, len(header)-1)
	for i, st := range w.Statements {
		cells := []string{md(st.Statement)}
		for _, o := range w.Orgs {
			cells = append(cells, decimal(o.Means[i]))
		}
		row(buf, cells...)
	}
	overall := []string{"**Overall**"}
	for _, o := range w.Orgs {
		overall = append(overall, decimal(o.Overall))
	}
	row(buf, overall...)
}
