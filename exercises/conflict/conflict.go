// Package conflict is conflict resolution by interest-based negotiation:
// the facilitator states the issue, each party (an organisation) drafts
// its position, participants name the interests behind the positions and
// mark those they share, propose options that serve them, optionally agree
// the criteria to judge them by, rate each option on the gradients of
// agreement, and the facilitator records what was agreed.
package conflict

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"commonground/exercises"
)

// Kind is conflict resolution's stored name.
const Kind exercises.Kind = "conflict"

// Conflict resolution's phases, by their stable names.
const (
	PhaseIssue     = "issue"
	PhasePositions = "positions"
	PhaseInterests = "interests"
	PhaseCommon    = "common"
	PhaseOptions   = "options"
	PhaseCriteria  = "criteria"
	PhaseEvaluate  = "evaluate"
	PhaseAgree     = "agree"
)

// What participants give in conflict resolution's phases, besides the
// shared blocks' cards.
const (
	TakesPosition exercises.Input = "position" // a party's position, drafted together
	TakesMark     exercises.Input = "mark"     // marks on the interests a person shares
	TakesOption   exercises.Input = "option"   // options, each naming the interests it serves
	TakesGradient exercises.Input = "gradient" // a value on the gradients of agreement per option
)

var phases = []exercises.PhaseSpec{
	// Everyone reads the issue and the ground rules.
	{Name: PhaseIssue, Title: "Issue", Reveal: true},
	// A party's draft is seen by its own members only until revealed.
	{Name: PhasePositions, Title: "Positions", Input: true, Takes: TakesPosition},
	// Private until revealed, as cards are in assumption mapping.
	{Name: PhaseInterests, Title: "Interests", Input: true, Takes: exercises.TakesCard},
	// Everyone reads every interest to mark those they share; the ranking
	// is the result, hidden until revealed so that marks do not follow it.
	{Name: PhaseCommon, Title: "Common ground", Input: true, Takes: TakesMark},
	// Options and criteria start private, as every input does; the
	// facilitator reveals them to build on.
	{Name: PhaseOptions, Title: "Options", Input: true, Takes: TakesOption},
	// Optional: the facilitator may move from Options to Evaluate at once.
	{Name: PhaseCriteria, Title: "Criteria", Input: true, Takes: exercises.TakesCard},
	{Name: PhaseEvaluate, Title: "Evaluate", Input: true, Takes: TakesGradient},
	{Name: PhaseAgree, Title: "Agree", Reveal: true},
}

// PhaseIndex is the position of the named phase, or -1.
func PhaseIndex(name string) int {
	return slices.IndexFunc(phases, func(p exercises.PhaseSpec) bool { return p.Name == name })
}

// The lists of cards of a conflict resolution.
var (
	Interests = exercises.CardList{Name: "interests", Prefix: "I"}
	Options   = exercises.CardList{Name: "options", Prefix: "O"}
	Criteria  = exercises.CardList{Name: "criteria", Prefix: "C"}
	Questions = exercises.CardList{Name: "questions", Prefix: "Q"}
)

// The kinds of interest behind a position, as an interest card's category.
const (
	Need       = "need"
	Fear       = "fear"
	Constraint = "constraint"
)

// InterestKinds are the kinds an interest may have, in the order offered.
var InterestKinds = []string{Need, Fear, Constraint}

// Limits on a conflict resolution's settings and inputs.
const (
	MaxIssueLen  = 4 * exercises.MaxTextLen // characters in the issue
	MaxRules     = 10                       // ground rules
	MaxParties   = 20                       // parties named in the settings
	MaxCriteria  = 12                       // criteria named in the settings
	MaxPosition  = 4 * exercises.MaxTextLen // characters in a party's position
	MaxServes    = 20                       // interests one option names
	MinShared    = 2                        // parties whose members mark an interest for it to be shared
	MaxAgreement = 2 * exercises.MaxTextLen // characters in an agreement
)

// Settings are a conflict resolution's own, any of which an agenda may
// preset: the issue, the ground rules, parties named even if nobody of
// them joins, and criteria to start the Criteria phase from.
type Settings struct {
	Issue    string   `json:"issue,omitempty"`
	Rules    []string `json:"rules,omitempty"`
	Parties  []string `json:"parties,omitempty"`
	Criteria []string `json:"criteria,omitempty"`
}

// Clone copies the lists.
func (s Settings) Clone() exercises.Settings {
	return Settings{Issue: s.Issue, Rules: slices.Clone(s.Rules), Parties: slices.Clone(s.Parties), Criteria: slices.Clone(s.Criteria)}
}

// SettingsOf returns the activity's settings, none when it is not a
// conflict resolution. The slices are shared: do not change them.
func SettingsOf(a exercises.Activity) Settings {
	s, _ := a.Settings.(Settings)
	return s
}

// exercise is conflict resolution.
type exercise struct{ exercises.Basics }

// Exercise is conflict resolution, as the catalog lists it.
var Exercise exercises.Exercise = exercise{exercises.Declare(
	"from positions to interests to common ground to an agreement", phases,
	exercises.Activity{Kind: Kind, Title: "Conflict resolution", Anonymity: exercises.Anonymous,
		Prompt:   "Look behind each party's position for the interests that drive it, and find options that serve them.",
		Settings: Settings{}})}

// InDemo is false: a conflict resolution needs a real issue, so the demo
// agenda leaves it out.
func (exercise) InDemo() bool { return false }

func (exercise) Settings(raw json.RawMessage) (exercises.Settings, error) {
	return exercises.ReadSettings[Settings](raw)
}

// checkList refuses a list of a setting longer than limit or with an
// entry empty or longer than size characters.
func checkList(field, what string, list []string, limit, size int) error {
	if len(list) > limit {
		return exercises.SettingErrorf(field, 0, "%s: at most %d, not %d", field, limit, len(list))
	}
	for i, s := range list {
		if strings.TrimSpace(s) == "" || exercises.TextLen(s) > size {
			return exercises.SettingErrorf(field, i+1, "%s: %s %d must have 1 to %d characters", field, what, i+1, size)
		}
	}
	return nil
}

// Validate checks the settings against the limits. It returns EInvalid
// errors naming the field and the limit.
func (exercise) Validate(a exercises.Activity) error {
	s := SettingsOf(a)
	if exercises.TextLen(s.Issue) > MaxIssueLen {
		return exercises.SettingErrorf("issue", 0, "issue: at most %d characters", MaxIssueLen)
	}
	if err := checkList("rules", "rule", s.Rules, MaxRules, exercises.MaxTextLen); err != nil {
		return err
	}
	if err := checkList("parties", "party", s.Parties, MaxParties, exercises.MaxNameLen); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, p := range s.Parties {
		if seen[PartyKey(p)] {
			return exercises.SettingErrorf("parties", i+1, "parties: %q is named twice", p)
		}
		seen[PartyKey(p)] = true
	}
	return checkList("criteria", "criterion", s.Criteria, MaxCriteria, exercises.MaxTextLen)
}

// PartyKey is how two spellings of one organisation are told to be the
// same party: case and runs of spaces do not count ("Food  bank" is "Food
// Bank"). An empty organisation is no party.
func PartyKey(org string) string { return strings.ToLower(strings.Join(strings.Fields(org), " ")) }

// Party is one party to the conflict: an organisation named in the
// settings or of someone in the room, by its first spelling.
type Party struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// Parties are the parties of an activity: those its settings name, in
// their order, then the organisations of the people given, in their order.
// People without an organisation belong to no party.
func Parties(a exercises.Activity, people []exercises.Person) []Party {
	var out []Party
	seen := map[string]bool{}
	add := func(name string) {
		k := PartyKey(name)
		if k == "" || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, Party{Key: k, Name: strings.Join(strings.Fields(name), " ")})
	}
	for _, p := range SettingsOf(a).Parties {
		add(p)
	}
	for _, p := range people {
		add(p.Org)
	}
	return out
}

// Spelled is how a party's name is shown among the parties: the first
// spelling of the organisation, whatever spelling name has.
func Spelled(parties []Party, name string) string {
	for _, p := range parties {
		if p.Key == PartyKey(name) {
			return p.Name
		}
	}
	return name
}

// Member reports whether the person belongs to the party: their
// organisation is the party's, however spelled.
func Member(p exercises.Person, party string) bool {
	return PartyKey(p.Org) != "" && PartyKey(p.Org) == PartyKey(party)
}

// Edit is one save of a party's position: the whole new text and who
// saved it. Every edit is kept, so that the report can show how the
// position was drafted; the last one is the position.
type Edit struct {
	Party  string    `json:"party"` // the party's key
	Text   string    `json:"text"`
	Person string    `json:"person"` // identity ID of who saved it
	At     time.Time `json:"at"`
}

// Issue is the issue and ground rules the facilitator typed in the
// presenter, in place of the settings'.
type Issue struct {
	Text  string   `json:"text"`
	Rules []string `json:"rules,omitempty"`
}

// Vote is one person's rating of one option in one poll, on the gradients
// of agreement, with an optional comment.
type Vote struct {
	Value   int       `json:"value"`
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
}

// Data is one conflict resolution as its events fold it. A value,
// immutable once published.
type Data struct {
	Issue     *Issue // nil while the settings' issue stands
	Edits     []Edit // every save of every position, in order
	Interests exercises.Deck
	Marks     exercises.Votes // 1 on each interest a person shares
	Options   exercises.Deck
	Serves    map[int][]int // the interests each option serves, by option ID
	Criteria  exercises.Deck
	// Polls are the texts each amended option was polled with, poll 1
	// first; an option never amended has none and is in poll 1.
	Polls      map[int][]string
	Votes      exercises.Ratings[Vote] // by option and poll (Target.With)
	Agreements exercises.Actions
	Questions  exercises.Deck
}

// Of returns an activity's data, empty data for another exercise's.
func Of(d exercises.Data) Data {
	c, ok := d.(Data)
	if !ok {
		return empty()
	}
	return c
}

func empty() Data {
	return Data{Interests: exercises.Deck{List: Interests}, Options: exercises.Deck{List: Options},
		Criteria: exercises.Deck{List: Criteria}, Questions: exercises.Deck{List: Questions}}
}

func (exercise) Empty() exercises.Data { return empty() }

// IssueOf is the issue and ground rules everyone sees: the facilitator's
// when typed, else the settings'.
func IssueOf(a exercises.Activity, d Data) Issue {
	if d.Issue != nil {
		return *d.Issue
	}
	s := SettingsOf(a)
	return Issue{Text: s.Issue, Rules: s.Rules}
}

// Position is a party's position as it stands: its last edit, and how many
// edits made it.
func (d Data) Position(party string) (Edit, int) {
	k := PartyKey(party)
	var last Edit
	n := 0
	for _, e := range d.Edits {
		if e.Party == k {
			last, n = e, n+1
		}
	}
	return last, n
}

// PartyOf is the party an interest card is tagged with: its cluster.
func PartyOf(c exercises.Card) string { return c.Cluster }

// Poll is the poll an option is in now: 1, then one more per amendment.
func (d Data) Poll(option int) int { return max(len(d.Polls[option]), 1) }

// HasInput reports whether anyone drafted a position, wrote an interest,
// an option or a criterion, marked an interest or rated an option.
func (exercise) HasInput(d exercises.Data) bool {
	c := Of(d)
	return len(c.Edits) > 0 || c.Interests.NextID() > 1 || c.Options.NextID() > 1 || c.Criteria.NextID() > 1 ||
		len(c.Marks) > 0 || len(c.Votes) > 0
}

// What progress counts in the phases that are conflict resolution's own.
var (
	CountsPositions = exercises.Counted{Verb: "have a position", Headline: "Positions: the parties of %d of %d people have one"}
	CountsMarks     = exercises.Counted{Verb: "marked", Headline: "Common ground marked by %d of %d people"}
	CountsOptions   = exercises.Counted{Verb: "proposed", Headline: "Options from %d of %d people"}
	CountsGradients = exercises.Counted{Verb: "done rating", Headline: "Evaluate: %d of %d people done"}
	// CountsNothing is the Issue's and the Agree's, which ask nothing of
	// participants: the projector names the room before a reveal.
	CountsNothing = exercises.Counted{Verb: "here", Headline: "%[2]d people in the room"}
)

// Progress counts, per phase: edits of a position, interests written, marks given, options proposed,
// criteria proposed, and options rated in their current poll.
func (exercise) Progress(_ exercises.Activity, phase exercises.PhaseSpec, d exercises.Data) exercises.Progress {
	c := Of(d)
	authored := func(deck exercises.Deck, counts exercises.Counted) exercises.Progress {
		n := map[string]int{}
		for _, card := range deck.Cards {
			if card.Live() && len(card.Authors) > 0 {
				n[card.Authors[0]]++
			}
		}
		return exercises.NewProgress(counts, 1, func(id string) int { return n[id] })
	}
	switch phase.Name {
	case PhasePositions:
		n := map[string]int{}
		for _, e := range c.Edits {
			n[e.Person] = 1
		}
		return exercises.NewProgress(CountsPositions, 1, func(id string) int { return n[id] })
	case PhaseInterests:
		return authored(c.Interests, exercises.CountsCards)
	case PhaseCommon:
		return exercises.NewProgress(CountsMarks, 1, func(id string) int { return min(len(c.Marks[id]), 1) })
	case PhaseOptions:
		return authored(c.Options, CountsOptions)
	case PhaseCriteria:
		return authored(c.Criteria, exercises.CountsCards)
	case PhaseEvaluate:
		live := 0
		n := map[string]int{}
		for _, o := range c.Options.Cards {
			if !o.Live() {
				continue
			}
			live++
			for id := range c.Votes.Of(exercises.Target{Item: o.ID, With: c.Poll(o.ID)}) {
				n[id]++
			}
		}
		return exercises.NewProgress(CountsGradients, live, func(id string) int { return n[id] })
	}
	return exercises.NewProgress(CountsNothing, 0, nil)
}

// ProgressWith is Progress, but in Positions a person is done once their
// party has a position, whoever of it typed it: the party drafts one.
func (e exercise) ProgressWith(a exercises.Activity, phase exercises.PhaseSpec, d exercises.Data, people exercises.Roster) exercises.Progress {
	if phase.Name != PhasePositions {
		return e.Progress(a, phase, d)
	}
	drafted := map[string]bool{}
	for _, ed := range Of(d).Edits {
		drafted[ed.Party] = true
	}
	return exercises.NewProgress(CountsPositions, 1, func(id string) int {
		if drafted[PartyKey(people.People[id].Org)] {
			return 1
		}
		return 0
	})
}

// Derive is the activity's results.
func (exercise) Derive(a exercises.Activity, d exercises.Data, people exercises.Roster) any {
	return Summarize(a, Of(d), people)
}

// ResultOf returns the results Derive computed, empty ones for another
// exercise's results.
func ResultOf(results any) Result {
	r, _ := results.(Result)
	return r
}

// ActionItems are the agreements recorded, in order (exercises.Planner).
func (d Data) ActionItems() []exercises.ActionItem { return d.Agreements.Items }
