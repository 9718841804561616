package conflict

import (
	"cmp"
	"slices"

	"commonground/exercises"
)

// The gradients of agreement, from whole-hearted endorsement to a block.
const (
	GradientMin = 1
	GradientMax = 8
	// SeriousMin is where objections start: 7 (serious disagreement) and
	// 8 (block) are listed with their comments, and the screens ask for a
	// comment when one is given (it stays optional).
	SeriousMin = 7
	Block      = 8
)

// Gradient is the scale an option is rated on.
var Gradient = exercises.Scale{Name: "agreement", Min: GradientMin, Max: GradientMax, Labels: []string{
	"whole-hearted endorsement",
	"agree with a minor point",
	"support with reservations",
	"abstain",
	"more discussion needed",
	"don't like it but will not block",
	"serious disagreement",
	"block",
}}

// Standing is where an interest stands between the parties.
type Standing string

// Standings, in the order they rank.
const (
	// Shared: members of MinShared or more parties marked it.
	Shared Standing = "shared"
	// Compatible: members of one party marked it, and that party is not
	// the one it is tagged with: another party accepts it, its own has not
	// marked it. Counting its own party, two parties hold it.
	Compatible Standing = "compatible"
	// PartyOnly: nobody outside the party it is tagged with marked it.
	PartyOnly Standing = "party"
)

// rank orders the standings: shared first.
func (s Standing) rank() int {
	switch s {
	case Shared:
		return 0
	case Compatible:
		return 1
	}
	return 2
}

// Label is how a standing reads on the screens and in the report.
func (s Standing) Label() string {
	switch s {
	case Shared:
		return "Common ground (shared)"
	case Compatible:
		return "Compatible"
	}
	return "One party's"
}

// StandingOf is where an interest tagged with party stands, given the
// parties (by key) of the members who marked it. People of no party add
// no party.
func StandingOf(party string, markerParties []string) Standing {
	distinct := map[string]bool{}
	for _, p := range markerParties {
		if p != "" {
			distinct[p] = true
		}
	}
	switch {
	case len(distinct) >= MinShared:
		return Shared
	case len(distinct) == 1 && !distinct[PartyKey(party)]:
		return Compatible
	}
	return PartyOnly
}

// PartyResult is one party: its members in the workshop and its position.
type PartyResult struct {
	Party
	Members  int    `json:"members"`
	Position string `json:"position"` // "" while it has none
	Edits    []Edit `json:"edits"`    // every save, in order
}

// InterestResult is one live interest with where it stands.
type InterestResult struct {
	Card     exercises.Card `json:"card"`
	Party    string         `json:"party"`
	Standing Standing       `json:"standing"`
	Parties  []string       `json:"parties"` // the names of the parties whose members marked it, in party order
	Marks    int            `json:"marks"`   // how many people marked it
}

// Objection is a serious disagreement (7) or a block (8), with its comment.
type Objection struct {
	Value   int              `json:"value"`
	Person  exercises.Person `json:"person"`
	Party   string           `json:"party"`
	Comment string           `json:"comment,omitempty"`
}

// Distribution counts the ratings per value on the gradients: [0] is 1.
type Distribution [GradientMax]int

// PartyDistribution is one party's ratings in a poll.
type PartyDistribution struct {
	Party        string       `json:"party"`
	Distribution Distribution `json:"distribution"`
	N            int          `json:"n"`
}

// PollResult is one poll of an option.
type PollResult struct {
	Poll         int                 `json:"poll"`
	Text         string              `json:"text"` // the option as polled
	N            int                 `json:"n"`
	Distribution Distribution        `json:"distribution"`
	Parties      []PartyDistribution `json:"parties"`    // in party order; "" last for people of no party
	Objections   []Objection         `json:"objections"` // blocks first, then by party and name
}

// OptionResult is one live option: the interests it serves and its polls,
// earliest first.
type OptionResult struct {
	Card   exercises.Card `json:"card"`
	Serves []int          `json:"serves"`
	Polls  []PollResult   `json:"polls"`
}

// Result is what a conflict resolution shows.
type Result struct {
	// Room is every party an interest may be tagged with: those the
	// settings name and the organisations of everyone who joined, in the
	// order they joined; worked out once per version of the workshop, not
	// by every screen.
	Room      []Party          `json:"room"`
	Parties   []PartyResult    `json:"parties"`
	Interests []InterestResult `json:"interests"` // common ground first (Rank)
	Options   []OptionResult   `json:"options"`
}

// Summarize computes the results: the parties with their positions, the
// interests ranked, and every poll of every option.
func Summarize(a exercises.Activity, d Data, roster exercises.Roster) Result {
	// The parties are those the settings name and those of the people who
	// gave anything: the roster holds the facilitators too, whose
	// organisation is no party to the conflict unless one of its members
	// takes part.
	gave := d.Givers()
	people := make([]exercises.Person, 0, len(gave))
	for _, id := range roster.Order {
		if gave[id] {
			people = append(people, roster.People[id])
		}
	}
	parties := Parties(a, people)
	everyone := make([]exercises.Person, 0, len(roster.Order))
	for _, id := range roster.Order {
		everyone = append(everyone, roster.People[id])
	}
	res := Result{Room: Parties(a, everyone), Parties: make([]PartyResult, len(parties))}
	order := map[string]int{}
	names := map[string]string{}
	for i, p := range parties {
		order[p.Key], names[p.Key] = i, p.Name
		res.Parties[i] = PartyResult{Party: p, Edits: []Edit{}}
	}
	for _, id := range roster.Order {
		if i, ok := order[PartyKey(roster.People[id].Org)]; ok {
			res.Parties[i].Members++
		}
	}
	for _, e := range d.Edits {
		if i, ok := order[e.Party]; ok {
			res.Parties[i].Edits = append(res.Parties[i].Edits, e)
			res.Parties[i].Position = e.Text
		}
	}
	partyOf := func(id string) string { return PartyKey(roster.People[id].Org) }
	res.Interests = rankInterests(d, parties, order, partyOf)
	for _, o := range d.Options.Cards {
		if !o.Live() {
			continue
		}
		or := OptionResult{Card: o, Serves: slices.Clone(d.Serves[o.ID])}
		texts := d.Polls[o.ID]
		if len(texts) == 0 {
			texts = []string{o.Text}
		}
		for n := 1; n <= len(texts); n++ {
			or.Polls = append(or.Polls, poll(d.Votes.Of(exercises.Target{Item: o.ID, With: n}), n, texts[n-1], parties, order, roster, partyOf))
		}
		res.Options = append(res.Options, or)
	}
	return res
}

// Givers are the people who gave anything: an edit of a position, an
// interest, a mark, an option, a criterion or a rating.
func (d Data) Givers() map[string]bool {
	out := map[string]bool{}
	for _, e := range d.Edits {
		out[e.Person] = true
	}
	for _, deck := range []exercises.Deck{d.Interests, d.Options, d.Criteria} {
		for _, c := range deck.Cards {
			for _, a := range c.Authors {
				out[a] = true
			}
		}
	}
	for id := range d.Marks {
		out[id] = true
	}
	for _, votes := range d.Votes {
		for id := range votes {
			out[id] = true
		}
	}
	return out
}

// rankInterests is every live interest with its standing, common ground
// first: by standing, then by how many parties and people marked it, then
// in the order written.
func rankInterests(d Data, parties []Party, order map[string]int, partyOf func(string) string) []InterestResult {
	marked := map[int][]string{} // interest -> people who marked it
	for person, mine := range d.Marks {
		for card, n := range mine {
			if n > 0 {
				marked[card] = append(marked[card], person)
			}
		}
	}
	out := []InterestResult{}
	for _, c := range d.Interests.Cards {
		if !c.Live() {
			continue
		}
		var keys []string
		seen := map[string]bool{}
		for _, person := range marked[c.ID] {
			k := partyOf(person)
			keys = append(keys, k)
			if _, known := order[k]; known && !seen[k] {
				seen[k] = true
			}
		}
		ir := InterestResult{Card: c, Party: Spelled(parties, PartyOf(c)), Standing: StandingOf(PartyOf(c), keys), Marks: len(marked[c.ID]), Parties: []string{}}
		for _, p := range parties {
			if seen[p.Key] {
				ir.Parties = append(ir.Parties, p.Name)
			}
		}
		out = append(out, ir)
	}
	slices.SortStableFunc(out, func(a, b InterestResult) int {
		return cmp.Or(cmp.Compare(a.Standing.rank(), b.Standing.rank()), cmp.Compare(len(b.Parties), len(a.Parties)),
			cmp.Compare(b.Marks, a.Marks), cmp.Compare(a.Card.ID, b.Card.ID))
	})
	return out
}

// poll sums one poll's votes, overall and per party, and lists the
// objections.
func poll(votes map[string]Vote, n int, text string, parties []Party, order map[string]int, roster exercises.Roster, partyOf func(string) string) PollResult {
	pr := PollResult{Poll: n, Text: text, Parties: []PartyDistribution{}, Objections: []Objection{}}
	byParty := make([]PartyDistribution, len(parties)+1) // the last: people of no party
	for i, p := range parties {
		byParty[i].Party = p.Name
	}
	for _, id := range roster.Order {
		v, ok := votes[id]
		if !ok || Gradient.Check(v.Value) != nil {
			continue
		}
		pr.N++
		pr.Distribution[v.Value-GradientMin]++
		i, known := order[partyOf(id)]
		if !known {
			i = len(parties)
		}
		byParty[i].Distribution[v.Value-GradientMin]++
		byParty[i].N++
		if v.Value >= SeriousMin {
			pr.Objections = append(pr.Objections, Objection{Value: v.Value, Person: roster.People[id], Party: byParty[i].Party, Comment: v.Comment})
		}
	}
	for _, pd := range byParty {
		if pd.N > 0 {
			pr.Parties = append(pr.Parties, pd)
		}
	}
	slices.SortStableFunc(pr.Objections, func(a, b Objection) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(order[PartyKey(a.Party)], order[PartyKey(b.Party)]),
			cmp.Compare(a.Person.Name, b.Person.Name))
	})
	return pr
}
