package report

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"commonground/exercises"
	"commonground/exercises/conflict"
	"commonground/session"
)

// Conflict is what a conflict resolution produced: the issue, the
// positions side by side with how they were drafted, the interests with
// the common ground first, the options with the interests they serve,
// the criteria, every poll of every option, the agreements and the open
// questions. Hidden interests and options are left out.
type Conflict struct {
	Issue      string              `json:"issue"`
	Rules      []string            `json:"rules"`
	Parties    []ConflictParty     `json:"parties"`
	Interests  []ConflictInterest  `json:"interests"` // common ground first
	Options    []ConflictOption    `json:"options"`
	Criteria   []string            `json:"criteria"` // the agenda's, then those proposed
	Agreements []ConflictAgreement `json:"agreements"`
	Questions  []string            `json:"questions"`
}

// ConflictParty is one party with its position and every edit of it.
type ConflictParty struct {
	Name     string         `json:"name"`
	Members  int            `json:"members"`
	Position string         `json:"position"`
	History  []PositionEdit `json:"history"`
}

// PositionEdit is one save of a position; who saved it is shown as the
// activity's anonymity allows.
type PositionEdit struct {
	Text string    `json:"text"`
	By   *Person   `json:"by,omitempty"`
	At   time.Time `json:"at"`
}

// ConflictInterest is one interest with where it stands between the
// parties.
type ConflictInterest struct {
	Label    string            `json:"label"` // "I1"
	Text     string            `json:"text"`
	Kind     string            `json:"kind"` // need, fear or constraint
	Party    string            `json:"party"`
	Standing conflict.Standing `json:"standing"`
	MarkedBy []string          `json:"marked_by"` // the parties whose members marked it
	Marks    int               `json:"marks"`
	Authors  []Person          `json:"authors,omitempty"`
}

// ConflictOption is one option, the interests it serves and its polls.
type ConflictOption struct {
	Label      string         `json:"label"` // "O1"
	Text       string         `json:"text"`
	Serves     []string       `json:"serves"` // labels of the interests
	Authors    []Person       `json:"authors,omitempty"`
	MergedFrom []string       `json:"merged_from,omitempty"`
	Polls      []ConflictPoll `json:"polls"` // earliest first; an amendment starts a new one
}

// ConflictPoll is one poll of an option on the gradients of agreement.
type ConflictPoll struct {
	Poll         int                 `json:"poll"`
	Text         string              `json:"text"` // the option as polled
	N            int                 `json:"n"`
	Distribution [8]int              `json:"distribution"` // ratings per value 1-8
	Parties      []ConflictPartyPoll `json:"parties"`
	Objections   []ConflictObjection `json:"objections"` // blocks first
	Scale        [8]string           `json:"scale"`
}

// ConflictPartyPoll is one party's ratings in a poll.
type ConflictPartyPoll struct {
	Party        string `json:"party"` // "" for people of no party
	N            int    `json:"n"`
	Distribution [8]int `json:"distribution"`
}

// ConflictObjection is a serious disagreement (7) or a block (8) with its
// comment; who gave it is shown as the anonymity allows, and their party
// unless the activity is anonymous.
type ConflictObjection struct {
	Value   int     `json:"value"`
	Label   string  `json:"label"`
	Party   string  `json:"party,omitempty"`
	Author  *Person `json:"author,omitempty"`
	Comment string  `json:"comment,omitempty"`
}

// ConflictAgreement is what was agreed; its owner is always named.
type ConflictAgreement struct {
	Text      string `json:"text"`
	Owner     Person `json:"owner"`
	Date      string `json:"date"` // YYYY-MM-DD
	Withdrawn bool   `json:"withdrawn,omitempty"`
}

// conflictSection is a conflict resolution's part of the report.
type conflictSection struct{}

func (conflictSection) build(snap *session.Snapshot, i int, as *session.ActivityState, out *Activity) {
	out.Results = buildConflict(snap, as, conflict.ResultOf(snap.Results(i)))
}

func (conflictSection) results() any { return &Conflict{} }

// gave is who drafted a position, wrote an interest, an option or a
// criterion, marked an interest or rated an option.
func (conflictSection) gave(_ *session.Snapshot, _ int, as *session.ActivityState) map[string]bool {
	return conflict.Of(as.Data).Givers()
}

// glance counts the common ground, the options and blocks, and the
// agreements.
func (conflictSection) glance(a *Activity) string {
	c := a.Results.(*Conflict)
	shared, blocks := 0, 0
	for _, ir := range c.Interests {
		if ir.Standing == conflict.Shared {
			shared++
		}
	}
	for _, o := range c.Options {
		if n := len(o.Polls); n > 0 {
			for _, ob := range o.Polls[n-1].Objections {
				if ob.Value == conflict.Block {
					blocks++
				}
			}
		}
	}
	agreed := 0
	for _, ag := range c.Agreements {
		if !ag.Withdrawn {
			agreed++
		}
	}
	return fmt.Sprintf("%d of %s shared · %s, %s · %s", shared, count(len(c.Interests), "interest", "interests"),
		count(len(c.Options), "option", "options"), count(blocks, "block", "blocks"), count(agreed, "agreement", "agreements"))
}

func buildConflict(snap *session.Snapshot, as *session.ActivityState, res conflict.Result) *Conflict {
	an := as.Activity.Anonymity
	d := conflict.Of(as.Data)
	is := conflict.IssueOf(as.Activity, d)
	out := &Conflict{Issue: clean(is.Text), Rules: []string{}, Parties: []ConflictParty{}, Interests: []ConflictInterest{},
		Options: []ConflictOption{}, Criteria: []string{}, Agreements: []ConflictAgreement{}, Questions: []string{}}
	for _, r := range is.Rules {
		out.Rules = append(out.Rules, clean(r))
	}
	for _, p := range res.Parties {
		cp := ConflictParty{Name: clean(p.Name), Members: p.Members, Position: clean(p.Position), History: []PositionEdit{}}
		for _, e := range p.Edits {
			cp.History = append(cp.History, PositionEdit{Text: clean(e.Text), By: author(snap, snap.People[e.Person], an), At: e.At.UTC()})
		}
		out.Parties = append(out.Parties, cp)
	}
	for _, ir := range res.Interests {
		ci := ConflictInterest{Label: conflict.Interests.Label(ir.Card.ID), Text: clean(ir.Card.Text), Kind: ir.Card.Category,
			Party: clean(ir.Party), Standing: ir.Standing, MarkedBy: []string{}, Marks: ir.Marks, Authors: cardAuthors(snap, ir.Card.Authors, an)}
		for _, p := range ir.Parties {
			ci.MarkedBy = append(ci.MarkedBy, clean(p))
		}
		out.Interests = append(out.Interests, ci)
	}
	for _, o := range res.Options {
		co := ConflictOption{Label: conflict.Options.Label(o.Card.ID), Text: clean(o.Card.Text), Serves: []string{},
			Authors: cardAuthors(snap, o.Card.Authors, an), Polls: []ConflictPoll{}}
		for _, id := range o.Serves {
			co.Serves = append(co.Serves, conflict.Interests.Label(id))
		}
		for _, c := range d.Options.Cards {
			if c.MergedInto == o.Card.ID {
				co.MergedFrom = append(co.MergedFrom, conflict.Options.Label(c.ID))
			}
		}
		for _, p := range o.Polls {
			co.Polls = append(co.Polls, buildPoll(snap, p, an))
		}
		out.Options = append(out.Options, co)
	}
	for _, c := range conflict.SettingsOf(as.Activity).Criteria {
		out.Criteria = append(out.Criteria, clean(c))
	}
	for _, c := range d.Criteria.Cards {
		if c.Live() {
			out.Criteria = append(out.Criteria, clean(c.Text))
		}
	}
	for _, a := range d.Agreements.Items {
		out.Agreements = append(out.Agreements, ConflictAgreement{Text: clean(a.Text), Owner: owner(snap, a), Date: a.Due,
			Withdrawn: a.Status == exercises.Rejected})
	}
	for _, q := range d.Questions.Cards {
		out.Questions = append(out.Questions, clean(q.Text))
	}
	return out
}

func buildPoll(snap *session.Snapshot, p conflict.PollResult, an exercises.Anonymity) ConflictPoll {
	cp := ConflictPoll{Poll: p.Poll, Text: clean(p.Text), N: p.N, Distribution: p.Distribution,
		Parties: []ConflictPartyPoll{}, Objections: []ConflictObjection{}, Scale: [8]string(conflict.Gradient.Labels)}
	for _, pd := range p.Parties {
		cp.Parties = append(cp.Parties, ConflictPartyPoll{Party: clean(pd.Party), N: pd.N, Distribution: pd.Distribution})
	}
	for _, ob := range p.Objections {
		o := ConflictObjection{Value: ob.Value, Label: conflict.Gradient.Label(ob.Value), Author: author(snap, ob.Person, an), Comment: clean(ob.Comment)}
		if an != exercises.Anonymous {
			o.Party = clean(ob.Party)
		}
		cp.Objections = append(cp.Objections, o)
	}
	return cp
}

func (conflictSection) markdown(buf *bytes.Buffer, a *Activity) {
	c := a.Results.(*Conflict)
	if c.Issue == "" {
		buf.WriteString("**Issue:** not stated.\n\n")
	} else {
		fmt.Fprintf(buf, "**Issue:** %s\n\n", md(c.Issue))
	}
	if len(c.Rules) > 0 {
		buf.WriteString("Ground rules:\n\n")
		for i, r := range c.Rules {
			fmt.Fprintf(buf, "%d. %s\n", i+1, md(r))
		}
		buf.WriteString("\n")
	}
	conflictPositions(buf, c)
	conflictInterests(buf, c)
	conflictOptions(buf, c)
	buf.WriteString("### Agreements\n\n")
	if len(c.Agreements) == 0 {
		buf.WriteString("No agreements recorded.\n\n")
	} else {
		table(buf, []string{"Agreement", "Owner", "Organisation", "Date"}, 0)
		for _, ag := range c.Agreements {
			text := md(ag.Text)
			if ag.Withdrawn {
				text = "~~" + text + "~~ (withdrawn)"
			}
			row(buf, text, md(ag.Owner.nameAndMark()), md(ag.Owner.Org), ag.Date)
		}
		buf.WriteString("\n")
	}
	buf.WriteString("### Open questions\n\n")
	if len(c.Questions) == 0 {
		buf.WriteString("None recorded.\n\n")
	} else {
		for _, q := range c.Questions {
			fmt.Fprintf(buf, "- %s\n", md(q))
		}
		buf.WriteString("\n")
	}
}

// conflictPositions writes the positions side by side, one column per
// party, then how each was drafted.
func conflictPositions(buf *bytes.Buffer, c *Conflict) {
	buf.WriteString("### Positions\n\n")
	if len(c.Parties) == 0 {
		buf.WriteString("No parties.\n\n")
		return
	}
	names, cells := make([]string, len(c.Parties)), make([]string, len(c.Parties))
	for i, p := range c.Parties {
		names[i] = md(p.Name)
		cells[i] = "*no position*"
		if p.Position != "" {
			cells[i] = md(p.Position)
		}
	}
	table(buf, names, 0)
	row(buf, cells...)
	buf.WriteString("\n")
	for _, p := range c.Parties {
		if len(p.History) < 2 {
			continue
		}
		fmt.Fprintf(buf, "How %s's position was drafted (%s):\n\n", md(p.Name), count(len(p.History), "edit", "edits"))
		for _, e := range p.History {
			by := ""
			if e.By != nil {
				by = " — " + md(e.By.String())
			}
			fmt.Fprintf(buf, "- %s%s: “%s”\n", e.At.Format("15:04"), by, md(e.Text))
		}
		buf.WriteString("\n")
	}
}

// conflictInterests writes the interests ranked, common ground first, and
// then by party.
func conflictInterests(buf *bytes.Buffer, c *Conflict) {
	buf.WriteString("### Interests, common ground first\n\n")
	if len(c.Interests) == 0 {
		buf.WriteString("No interests.\n\n")
		return
	}
	var last conflict.Standing
	for _, ir := range c.Interests {
		if ir.Standing != last {
			if last != "" {
				buf.WriteString("\n")
			}
			fmt.Fprintf(buf, "**%s**\n\n", ir.Standing.Label())
			last = ir.Standing
		}
		line := fmt.Sprintf("- **%s** *%s* (%s) “%s”", ir.Label, ir.Kind, md(ir.Party), md(ir.Text))
		if len(ir.MarkedBy) > 0 {
			line += fmt.Sprintf(" · marked by %s of %s", people(ir.Marks), md(strings.Join(ir.MarkedBy, ", ")))
		}
		buf.WriteString(line + "\n")
	}
	buf.WriteString("\n")
	buf.WriteString("By party:\n\n")
	// In the parties' order, then any party an interest names that has
	// none of its own in the report.
	var parties []string
	for _, p := range c.Parties {
		parties = append(parties, p.Name)
	}
	by := map[string][]string{}
	for _, ir := range c.Interests {
		if !slices.Contains(parties, ir.Party) {
			parties = append(parties, ir.Party)
		}
		by[ir.Party] = append(by[ir.Party], ir.Label)
	}
	for _, p := range parties {
		if len(by[p]) > 0 {
			fmt.Fprintf(buf, "- %s: %s\n", md(p), strings.Join(by[p], ", "))
		}
	}
	buf.WriteString("\n")
}

// conflictOptions writes the options with the interests they serve, the
// criteria, and every poll with its distribution per party and its
// objections.
func conflictOptions(buf *bytes.Buffer, c *Conflict) {
	buf.WriteString("### Options\n\n")
	if len(c.Options) == 0 {
		buf.WriteString("No options.\n\n")
	}
	for _, o := range c.Options {
		line := fmt.Sprintf("- **%s** “%s” · serves %s", o.Label, md(o.Text), strings.Join(o.Serves, ", "))
		if len(o.MergedFrom) > 0 {
			line += " · merged from " + strings.Join(o.MergedFrom, ", ")
		}
		buf.WriteString(line + "\n")
	}
	if len(c.Options) > 0 {
		buf.WriteString("\n")
	}
	buf.WriteString("### Criteria\n\n")
	if len(c.Criteria) == 0 {
		buf.WriteString("None agreed (the phase was skipped or left empty).\n\n")
	} else {
		for i, cr := range c.Criteria {
			fmt.Fprintf(buf, "%d. %s\n", i+1, md(cr))
		}
		buf.WriteString("\n")
	}
	buf.WriteString("### Evaluation on the gradients of agreement\n\n")
	buf.WriteString("1 whole-hearted endorsement · 2 agree with a minor point · 3 support with reservations · 4 abstain · " +
		"5 more discussion needed · 6 don't like it but will not block · 7 serious disagreement · 8 block\n\n")
	for _, o := range c.Options {
		for _, p := range o.Polls {
			fmt.Fprintf(buf, "**%s, poll %d** “%s” · %s\n\n", o.Label, p.Poll, md(p.Text), count(p.N, "rating", "ratings"))
			if p.N == 0 {
				continue
			}
			table(buf, []string{"", "1", "2", "3", "4", "5", "6", "7", "8", "n"}, 9)
			distRow := func(name string, dist [8]int, n int) {
				cells := []string{name}
				for _, v := range dist {
					cells = append(cells, strconv.Itoa(v))
				}
				row(buf, append(cells, strconv.Itoa(n))...)
			}
			distRow("everyone", p.Distribution, p.N)
			for _, pp := range p.Parties {
				distRow(md(cmp.Or(pp.Party, "no party")), pp.Distribution, pp.N)
			}
			buf.WriteString("\n")
			for _, ob := range p.Objections {
				who := ob.Author.String()
				if who == "" {
					who = ob.Party
				}
				line := "- " + ob.Label
				if who != "" {
					line += " — " + md(who)
				}
				if ob.Comment != "" {
					line += ": “" + md(ob.Comment) + "”"
				}
				buf.WriteString(line + "\n")
			}
			if len(p.Objections) > 0 {
				buf.WriteString("\n")
			}
		}
	}
}

// csvColumns are columns the other sections have already: a party goes in
// cluster, an interest's kind in category and its standing in status, the
// interests an option serves in category, a poll's number in item.
func (conflictSection) csvColumns() []string {
	return []string{"item", "text", "card", "category", "cluster", "value", "n", "status", "authors", "name", "org", "at", "due"}
}

// csvRows are, in order: "issue" and "rule"; a "position" row per party
// and an "edit" row per save of it; an "interest" row per interest,
// common ground first; an "option" row per option with a "rating" row
// for each value given in each poll, overall (cluster empty) and per
// party, and an "objection" row per 7 or 8; a "criterion" row each; an
// "agreement" and a "question" row each.
func (conflictSection) csvRows(a *Activity) []csvRow {
	c := a.Results.(*Conflict)
	rows := []csvRow{{"section": "issue", "text": c.Issue}}
	for i, r := range c.Rules {
		rows = append(rows, csvRow{"section": "rule", "item": strconv.Itoa(i + 1), "text": r})
	}
	for _, p := range c.Parties {
		rows = append(rows, csvRow{"section": "position", "cluster": p.Name, "text": p.Position, "n": strconv.Itoa(len(p.History))})
		for _, e := range p.History {
			row := csvRow{"section": "edit", "cluster": p.Name, "text": e.Text}
			if e.By != nil {
				row["name"], row["org"], row["at"] = e.By.nameAndMark(), e.By.Org, e.At.Format(time.RFC3339)
			}
			rows = append(rows, row)
		}
	}
	for _, ir := range c.Interests {
		authors := make([]string, len(ir.Authors))
		for i := range ir.Authors {
			authors[i] = ir.Authors[i].String()
		}
		rows = append(rows, csvRow{"section": "interest", "card": ir.Label, "text": ir.Text, "category": ir.Kind,
			"cluster": ir.Party, "status": string(ir.Standing), "n": strconv.Itoa(ir.Marks), "authors": strings.Join(authors, "; ")})
	}
	for _, o := range c.Options {
		rows = append(rows, csvRow{"section": "option", "card": o.Label, "text": o.Text, "category": strings.Join(o.Serves, "; ")})
		for _, p := range o.Polls {
			add := func(party string, dist [8]int) {
				for v, n := range dist {
					if n > 0 {
						rows = append(rows, csvRow{"section": "rating", "card": o.Label, "item": strconv.Itoa(p.Poll), "cluster": party,
							"value": strconv.Itoa(v + conflict.GradientMin), "n": strconv.Itoa(n)})
					}
				}
			}
			add("", p.Distribution)
			for _, pp := range p.Parties {
				add(cmp.Or(pp.Party, "no party"), pp.Distribution)
			}
			for _, ob := range p.Objections {
				row := csvRow{"section": "objection", "card": o.Label, "item": strconv.Itoa(p.Poll), "value": strconv.Itoa(ob.Value),
					"cluster": ob.Party, "text": ob.Comment}
				if ob.Author != nil {
					row["name"], row["org"] = ob.Author.nameAndMark(), ob.Author.Org
				}
				rows = append(rows, row)
			}
		}
	}
	for _, cr := range c.Criteria {
		rows = append(rows, csvRow{"section": "criterion", "text": cr})
	}
	for _, ag := range c.Agreements {
		status := string(exercises.Confirmed)
		if ag.Withdrawn {
			status = "withdrawn"
		}
		rows = append(rows, csvRow{"section": "agreement", "text": ag.Text, "name": ag.Owner.nameAndMark(), "org": ag.Owner.Org,
			"due": ag.Date, "status": status})
	}
	for _, q := range c.Questions {
		rows = append(rows, csvRow{"section": "question", "text": q})
	}
	return rows
}
