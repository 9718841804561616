package conflict

import (
	"cmp"
	"fmt"
	"slices"

	"commonground/exercises"
)

// SetIssue states the issue and the ground rules, in place of the
// settings' (facilitator only).
type SetIssue struct {
	Activity int
	Text     string
	Rules    []string
}

// EditPosition saves the whole new text of a party's position. A
// participant drafts their own party's (Party is ignored); a facilitator
// names the party, which may be one named in the settings with nobody of
// it in the room.
type EditPosition struct {
	Activity int
	Party    string
	Text     string
}

// AddInterest puts an interest behind a position on the wall: a need, a
// fear or a constraint, tagged with the party it belongs to ("" for the
// author's own).
type AddInterest struct {
	Activity int
	Text     string
	Kind     string
	Party    string
}

// EditInterest changes the caller's own interest while interests are
// collected.
type EditInterest struct {
	Activity int
	Card     int
	Text     string
	Kind     string
	Party    string
}

// DeleteInterest takes back the caller's own interest while interests are
// collected; the marks on it go with it.
type DeleteInterest struct {
	Activity int
	Card     int
}

// HideCard hides an interest or an option (List names which), or shows it
// again (facilitator only): moderation.
type HideCard struct {
	Activity int
	List     string
	Card     int
	On       bool
}

// MarkInterest says the caller shares an interest (On), or no longer does.
type MarkInterest struct {
	Activity int
	Card     int
	On       bool
}

// AddOption proposes an option and names the interests it serves.
type AddOption struct {
	Activity int
	Text     string
	Serves   []int
}

// EditOption changes the caller's own option while options are proposed.
type EditOption struct {
	Activity int
	Option   int
	Text     string
	Serves   []int
}

// MergeOptions folds duplicate options into one (facilitator only), before
// they are evaluated.
type MergeOptions struct {
	Activity int
	Into     int
	From     []int
	Text     string
}

// AddCriterion proposes an objective criterion to judge options by.
type AddCriterion struct {
	Activity int
	Text     string
}

// RateOption stores the caller's value on the gradients of agreement for
// an option in its current poll, with an optional comment.
type RateOption struct {
	Activity int
	Option   int
	Value    int
	Comment  string
}

// AmendOption gives an option a new text and polls it again (facilitator
// only); the earlier polls are kept.
type AmendOption struct {
	Activity int
	Option   int
	Text     string
}

// AddAgreement records an agreement (facilitator only): what was agreed,
// its owner (a participant, or a typed name and organisation) and a date.
type AddAgreement struct {
	Activity  int
	Text      string
	Owner     string // identity ID of a participant
	OwnerName string // a typed owner's name, when Owner is ""
	OwnerOrg  string // a typed owner's organisation, when Owner is ""
	Date      string // YYYY-MM-DD
}

// DropAgreement withdraws an agreement recorded by mistake (facilitator
// only); it stays in the report, marked withdrawn.
type DropAgreement struct {
	Activity  int
	Agreement int
}

// AddQuestion records an open question (facilitator only).
type AddQuestion struct {
	Activity int
	Text     string
}

// Target is the activity each command is about.
func (s SetIssue) Target() int       { return s.Activity }
func (e EditPosition) Target() int   { return e.Activity }
func (a AddInterest) Target() int    { return a.Activity }
func (e EditInterest) Target() int   { return e.Activity }
func (d DeleteInterest) Target() int { return d.Activity }
func (h HideCard) Target() int       { return h.Activity }
func (m MarkInterest) Target() int   { return m.Activity }
func (a AddOption) Target() int      { return a.Activity }
func (e EditOption) Target() int     { return e.Activity }
func (m MergeOptions) Target() int   { return m.Activity }
func (a AddCriterion) Target() int   { return a.Activity }
func (r RateOption) Target() int     { return r.Activity }
func (a AmendOption) Target() int    { return a.Activity }
func (a AddAgreement) Target() int   { return a.Activity }
func (d DropAgreement) Target() int  { return d.Activity }
func (a AddQuestion) Target() int    { return a.Activity }

// FacilitatorOnly marks the commands only a facilitator may give.
func (SetIssue) FacilitatorOnly()      {}
func (HideCard) FacilitatorOnly()      {}
func (MergeOptions) FacilitatorOnly()  {}
func (AmendOption) FacilitatorOnly()   {}
func (AddAgreement) FacilitatorOnly()  {}
func (DropAgreement) FacilitatorOnly() {}
func (AddQuestion) FacilitatorOnly()   {}

// inPhase refuses a facilitator's command outside the named phases of the
// current activity.
func inPhase(c exercises.Context, what string, names ...string) error {
	if err := c.RequireFacilitator(); err != nil {
		return err
	}
	if !c.Current || !slices.Contains(names, c.Phase.Name) {
		return exercises.Errorf(exercises.EClosed, "%s in the %s phase of %q", what, phaseTitles(names), c.Activity.Title)
	}
	return nil
}

// phaseTitles names phases as the headers do: "Options or Criteria".
func phaseTitles(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += " or "
		}
		if j := PhaseIndex(n); j >= 0 {
			out += phases[j].Title
		}
	}
	return out
}

// openIn refuses input outside the named phase: interests and criteria
// are both cards.
func openIn(c exercises.Context, takes exercises.Input, phase string) error {
	if err := c.Open(takes); err != nil {
		return err
	}
	if c.Phase.Name != phase {
		return exercises.Errorf(exercises.EClosed, "this is not the time for that in %q", c.Activity.Title)
	}
	return nil
}

// cleanText cleans and checks a text a person typed: not empty, within
// limit. what names it in the message.
func cleanText(text, what string, limit int) (string, error) {
	t, _ := exercises.CleanText(text, limit)
	if t == "" {
		return "", exercises.Errorf(exercises.EInvalid, "write the %s first", what)
	}
	if exercises.TextLen(t) > limit {
		return "", exercises.Errorf(exercises.EInvalid, "a %s has at most %d characters", what, limit)
	}
	return t, nil
}

// peopleOf lists the workshop's people for Parties, in a stable order.
func peopleOf(c exercises.Context) []exercises.Person {
	out := make([]exercises.Person, 0, len(c.People))
	for _, p := range c.People {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b exercises.Person) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// party finds the party name stands for among the activity's parties.
func party(c exercises.Context, name string) (Party, error) {
	k := PartyKey(name)
	for _, p := range Parties(c.Activity, peopleOf(c)) {
		if p.Key == k {
			return p, nil
		}
	}
	return Party{}, exercises.Errorf(exercises.EInvalid, "%q is not a party here", name)
}

// ownParty is the party of whoever asks, or an error saying how to get one.
func ownParty(c exercises.Context) (Party, error) {
	org := c.People[c.By].Org
	if PartyKey(org) == "" {
		return Party{}, exercises.Errorf(exercises.EInvalid, "you belong to no party: add your organisation (i) first")
	}
	return party(c, org)
}

// Decide records the issue and rules, or nothing when they read the same.
func (s SetIssue) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	// Positions, interests and votes answer the issue as it stood: once
	// anyone gave any, rewording it would change what they answered.
	if (exercise{}).HasInput(c.Data) {
		return nil, exercises.Errorf(exercises.EInvalid, "issue: people have already answered it; to discuss another, add an activity")
	}
	text, _ := exercises.CleanText(s.Text, MaxIssueLen)
	var rules []string
	for _, r := range s.Rules {
		if r, _ := exercises.CleanText(r, exercises.MaxTextLen); r != "" {
			rules = append(rules, r)
		}
	}
	if text == "" {
		return nil, exercises.Errorf(exercises.EInvalid, "issue: write the issue first")
	}
	if err := checkList("rules", "rule", rules, MaxRules, exercises.MaxTextLen); err != nil {
		return nil, err
	}
	if old := IssueOf(c.Activity, Of(c.Data)); old.Text == text && slices.Equal(old.Rules, rules) {
		return nil, nil
	}
	return exercises.One(EvIssueSet, IssueSet{Activity: s.Activity, Text: text, Rules: rules}), nil
}

// Notice tells the facilitator when the issue was cut.
func (s SetIssue) Notice() string {
	if n := exercises.CutNotice(s.Text, MaxIssueLen); n != "" {
		return n
	}
	for _, r := range s.Rules {
		if exercises.CutNotice(r, exercises.MaxTextLen) != "" {
			return fmt.Sprintf("A ground rule was cut to %d characters.", exercises.MaxTextLen)
		}
	}
	return ""
}

// Decide saves the position, or nothing when it reads the same.
func (e EditPosition) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.Open(TakesPosition); err != nil {
		return nil, err
	}
	p, err := ownParty(c)
	if c.Facilitator && e.Party != "" {
		p, err = party(c, e.Party)
	}
	if err != nil {
		return nil, err
	}
	text, err := cleanText(e.Text, "position", MaxPosition)
	if err != nil {
		return nil, err
	}
	if last, n := Of(c.Data).Position(p.Key); n > 0 && last.Text == text {
		return nil, nil
	}
	return exercises.One(EvPositionEdited, PositionEdited{Activity: e.Activity,
		Edit: Edit{Party: p.Key, Text: text, Person: c.By, At: c.Now}}), nil
}

// Notice tells the author when the position was cut.
func (e EditPosition) Notice() string { return exercises.CutNotice(e.Text, MaxPosition) }

// checkInterest cleans and checks an interest's text, kind and party.
func checkInterest(c exercises.Context, text, kind, partyName string) (string, Party, error) {
	t, err := cleanText(text, "interest", exercises.MaxTextLen)
	if err != nil {
		return "", Party{}, err
	}
	if !slices.Contains(InterestKinds, kind) {
		return "", Party{}, exercises.Errorf(exercises.EInvalid, "an interest is a need, a fear or a constraint, not %q", kind)
	}
	var p Party
	if partyName == "" {
		p, err = ownParty(c)
	} else {
		p, err = party(c, partyName)
	}
	return t, p, err
}

// Decide adds the interest. A participant's interests are capped
// (c.CardCap) as cards are in assumption mapping.
func (a AddInterest) Decide(c exercises.Context) ([]exercises.Change, error) {
	d := Of(c.Data)
	if c.CardCap > 0 && !c.Facilitator {
		if n := d.Interests.CardsBy(c.By); n >= c.CardCap {
			return nil, exercises.Errorf(exercises.ELimited, "You have %d interests here, the most one person may: delete one to add another.", n)
		}
	}
	if err := openIn(c, exercises.TakesCard, PhaseInterests); err != nil {
		return nil, err
	}
	text, p, err := checkInterest(c, a.Text, a.Kind, a.Party)
	if err != nil {
		return nil, err
	}
	card := exercises.Card{ID: d.Interests.NextID(), Authors: []string{c.By}, Text: text, Category: a.Kind, Cluster: p.Name, At: c.Now}
	return exercises.One(EvInterestAdded, CardAdded{Activity: a.Activity, Card: card}), nil
}

// Notice tells the author when their text was cut.
func (a AddInterest) Notice() string { return exercises.CutNotice(a.Text, exercises.MaxTextLen) }

// ownCard returns the caller's card on deck in the phase that collects it.
func ownCard(c exercises.Context, deck exercises.Deck, id int, takes exercises.Input, phase string) (exercises.Card, error) {
	if err := openIn(c, takes, phase); err != nil {
		return exercises.Card{}, err
	}
	card, err := deck.Live(id)
	if err != nil {
		return card, err
	}
	if !card.HasAuthor(c.By) {
		return card, exercises.Errorf(exercises.EForbidden, "you can only change your own")
	}
	return card, nil
}

// interestTaken refuses to change an interest someone else marked as
// shared, or that an option serves: they answered it as it reads (the room
// may have gone back to Interests).
func (d Data) interestTaken(id int, by, verb string) error {
	for person, marks := range d.Marks {
		if person != by && marks[id] > 0 {
			return exercises.Errorf(exercises.EInvalid, "%s is marked as shared by others: it stays as they read it; to %s it, add a new interest", d.Interests.Label(id), verb)
		}
	}
	for _, serves := range d.Serves {
		if slices.Contains(serves, id) {
			return exercises.Errorf(exercises.EInvalid, "an option serves %s: it stays as the option names it; to %s it, add a new interest", d.Interests.Label(id), verb)
		}
	}
	return nil
}

// polled reports whether anyone rated the option in any of its polls.
func (d Data) polled(option int) bool {
	for t, by := range d.Votes {
		if t.Item == option && len(by) > 0 {
			return true
		}
	}
	return false
}

// polledError refuses to change an option people rated: their ratings are
// of the option as it read. The facilitator amends it instead, which
// starts a new poll.
func (d Data) polledError(id int) error {
	return exercises.Errorf(exercises.EInvalid, "%s has been rated: it stays as people rated it; the facilitator can amend it, which polls it again", d.Options.Label(id))
}

// Decide changes the interest, or nothing when it reads the same.
func (e EditInterest) Decide(c exercises.Context) ([]exercises.Change, error) {
	card, err := ownCard(c, Of(c.Data).Interests, e.Card, exercises.TakesCard, PhaseInterests)
	if err != nil {
		return nil, err
	}
	if err := Of(c.Data).interestTaken(e.Card, c.By, "reword"); err != nil {
		return nil, err
	}
	text, p, err := checkInterest(c, e.Text, e.Kind, e.Party)
	if err != nil {
		return nil, err
	}
	if card.Text == text && card.Category == e.Kind && card.Cluster == p.Name {
		return nil, nil
	}
	return exercises.One(EvInterestEdited, CardEdited{Activity: e.Activity, Card: e.Card, Text: text, Category: e.Kind, Cluster: p.Name}), nil
}

// Notice tells the author when their text was cut.
func (e EditInterest) Notice() string { return exercises.CutNotice(e.Text, exercises.MaxTextLen) }

// Decide deletes the caller's own interest.
func (d DeleteInterest) Decide(c exercises.Context) ([]exercises.Change, error) {
	if _, err := ownCard(c, Of(c.Data).Interests, d.Card, exercises.TakesCard, PhaseInterests); err != nil {
		return nil, err
	}
	if err := Of(c.Data).interestTaken(d.Card, c.By, "delete"); err != nil {
		return nil, err
	}
	return exercises.One(EvInterestDeleted, CardRef{Activity: d.Activity, Card: d.Card}), nil
}

// Decide hides or shows the card, or nothing when it already is.
func (h HideCard) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	deck := Of(c.Data).Interests
	if h.List == Options.Name {
		deck = Of(c.Data).Options
	} else if h.List != Interests.Name && h.List != "" {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no list %q", h.List)
	}
	card, ok := deck.Card(h.Card)
	if !ok || card.MergedInto != 0 {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no card %s", deck.Label(h.Card))
	}
	if card.Hidden == h.On {
		return nil, nil
	}
	return exercises.One(EvCardHidden, CardRef{Activity: h.Activity, List: deck.List.Name, Card: h.Card, On: h.On}), nil
}

// Decide marks or unmarks the interest, or nothing when it already is.
func (m MarkInterest) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.Open(TakesMark); err != nil {
		return nil, err
	}
	d := Of(c.Data)
	if _, err := d.Interests.Live(m.Card); err != nil {
		return nil, err
	}
	if (d.Marks[c.By][m.Card] > 0) == m.On {
		return nil, nil
	}
	return exercises.One(EvInterestMarked, InterestMarked{Activity: m.Activity, Card: m.Card, Person: c.By, On: m.On}), nil
}

// checkServes refuses serves that name no interest, one twice, too many,
// or one not on the wall; it returns them sorted.
func checkServes(d Data, serves []int) ([]int, error) {
	if len(serves) == 0 {
		return nil, exercises.Errorf(exercises.EInvalid, "name the interests the option serves")
	}
	if len(serves) > MaxServes {
		return nil, exercises.Errorf(exercises.EInvalid, "an option names at most %d interests", MaxServes)
	}
	out := slices.Sorted(slices.Values(serves))
	if len(slices.Compact(slices.Clone(out))) != len(out) {
		return nil, exercises.Errorf(exercises.EInvalid, "an interest is named twice")
	}
	for _, id := range out {
		if _, err := d.Interests.Live(id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Decide adds the option.
func (a AddOption) Decide(c exercises.Context) ([]exercises.Change, error) {
	d := Of(c.Data)
	if c.CardCap > 0 && !c.Facilitator {
		if n := d.Options.CardsBy(c.By); n >= c.CardCap {
			return nil, exercises.Errorf(exercises.ELimited, "You have %d options here, the most one person may.", n)
		}
	}
	if err := c.Open(TakesOption); err != nil {
		return nil, err
	}
	text, err := cleanText(a.Text, "option", exercises.MaxTextLen)
	if err != nil {
		return nil, err
	}
	serves, err := checkServes(d, a.Serves)
	if err != nil {
		return nil, err
	}
	card := exercises.Card{ID: d.Options.NextID(), Authors: []string{c.By}, Text: text, At: c.Now}
	return exercises.One(EvOptionAdded, CardAdded{Activity: a.Activity, Card: card, Serves: serves}), nil
}

// Notice tells the author when their text was cut.
func (a AddOption) Notice() string { return exercises.CutNotice(a.Text, exercises.MaxTextLen) }

// Decide changes the caller's option, or nothing when it reads the same.
func (e EditOption) Decide(c exercises.Context) ([]exercises.Change, error) {
	d := Of(c.Data)
	card, err := ownCard(c, d.Options, e.Option, TakesOption, PhaseOptions)
	if err != nil {
		return nil, err
	}
	if len(card.Authors) > 1 {
		// A merged option's text is the facilitator's, for all its authors.
		return nil, exercises.Errorf(exercises.EForbidden, "%s was merged from several people's: the facilitator words it", d.Options.Label(e.Option))
	}
	if d.polled(e.Option) {
		return nil, d.polledError(e.Option)
	}
	text, err := cleanText(e.Text, "option", exercises.MaxTextLen)
	if err != nil {
		return nil, err
	}
	serves, err := checkServes(d, e.Serves)
	if err != nil {
		return nil, err
	}
	if card.Text == text && slices.Equal(d.Serves[e.Option], serves) {
		return nil, nil
	}
	return exercises.One(EvOptionEdited, CardEdited{Activity: e.Activity, Card: e.Option, Text: text, Serves: serves}), nil
}

// Notice tells the author when their text was cut.
func (e EditOption) Notice() string { return exercises.CutNotice(e.Text, exercises.MaxTextLen) }

// Notice tells the facilitator when the merged text was cut.
func (m MergeOptions) Notice() string { return exercises.CutNotice(m.Text, exercises.MaxTextLen) }

// Decide merges the options, checked against the list as it stands.
func (m MergeOptions) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := inPhase(c, "options are merged", PhaseOptions, PhaseCriteria); err != nil {
		return nil, err
	}
	text, _ := exercises.CleanText(m.Text, exercises.MaxTextLen)
	if err := Of(c.Data).Options.CheckMerge(m.Into, m.From, text); err != nil {
		return nil, err
	}
	for _, id := range append([]int{m.Into}, m.From...) {
		if Of(c.Data).polled(id) {
			return nil, Of(c.Data).polledError(id)
		}
	}
	return exercises.One(EvOptionsMerged, OptionsMerged{Activity: m.Activity, Into: m.Into, From: slices.Clone(m.From), Text: text}), nil
}

// Decide adds the criterion.
func (a AddCriterion) Decide(c exercises.Context) ([]exercises.Change, error) {
	d := Of(c.Data)
	if c.CardCap > 0 && !c.Facilitator && d.Criteria.CardsBy(c.By) >= c.CardCap {
		return nil, exercises.Errorf(exercises.ELimited, "You have proposed %d criteria, the most one person may.", d.Criteria.CardsBy(c.By))
	}
	if err := openIn(c, exercises.TakesCard, PhaseCriteria); err != nil {
		return nil, err
	}
	text, err := cleanText(a.Text, "criterion", exercises.MaxTextLen)
	if err != nil {
		return nil, err
	}
	card := exercises.Card{ID: d.Criteria.NextID(), Authors: []string{c.By}, Text: text, At: c.Now}
	return exercises.One(EvCriterionAdded, CardAdded{Activity: a.Activity, Card: card}), nil
}

// Notice tells the author when their text was cut.
func (a AddCriterion) Notice() string { return exercises.CutNotice(a.Text, exercises.MaxTextLen) }

// Decide stores the rating in the option's current poll, or nothing when
// it is the same again.
func (r RateOption) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.Open(TakesGradient); err != nil {
		return nil, err
	}
	d := Of(c.Data)
	if _, err := d.Options.Live(r.Option); err != nil {
		return nil, err
	}
	if err := Gradient.Check(r.Value); err != nil {
		return nil, err
	}
	comment, _ := exercises.CleanText(r.Comment, exercises.MaxTextLen)
	poll := d.Poll(r.Option)
	if old, ok := d.Votes.Of(exercises.Target{Item: r.Option, With: poll})[c.By]; ok && old.Value == r.Value && old.Comment == comment {
		return nil, nil
	}
	return exercises.One(EvGradientSet, GradientSet{Activity: r.Activity, Option: r.Option, Poll: poll, Person: c.By,
		Vote: Vote{Value: r.Value, Comment: comment, At: c.Now}}), nil
}

// Notice tells the person when their comment was cut.
func (r RateOption) Notice() string { return exercises.CutNotice(r.Comment, exercises.MaxTextLen) }

// Decide amends the option and starts its next poll.
func (a AmendOption) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := inPhase(c, "options are amended", PhaseEvaluate); err != nil {
		return nil, err
	}
	d := Of(c.Data)
	card, err := d.Options.Live(a.Option)
	if err != nil {
		return nil, err
	}
	text, err := cleanText(a.Text, "option", exercises.MaxTextLen)
	if err != nil {
		return nil, err
	}
	if text == card.Text {
		return nil, exercises.Errorf(exercises.EInvalid, "the amended option reads the same: change its text to poll it again")
	}
	return exercises.One(EvOptionAmended, OptionAmended{Activity: a.Activity, Option: a.Option, Text: text, Poll: d.Poll(a.Option) + 1}), nil
}

// Notice tells the facilitator when the text was cut.
func (a AmendOption) Notice() string { return exercises.CutNotice(a.Text, exercises.MaxTextLen) }

func (a AddAgreement) owner() exercises.ActionOwner {
	return exercises.ActionOwner{ID: a.Owner, Name: a.OwnerName, Org: a.OwnerOrg}
}

// Decide records the agreement, owned by someone in the workshop or by a
// typed name and organisation, on a real date.
func (a AddAgreement) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := inPhase(c, "agreements are recorded", PhaseAgree); err != nil {
		return nil, err
	}
	text, err := cleanText(a.Text, "agreement", MaxAgreement)
	if err != nil {
		return nil, err
	}
	owner, _ := a.owner().Cleaned()
	if err := owner.Validate(c.People); err != nil {
		return nil, err
	}
	if err := exercises.CheckDate(a.Date, "date"); err != nil {
		return nil, err
	}
	d := Of(c.Data)
	item := exercises.ActionItem{ID: d.Agreements.NextID(), Text: text, Due: a.Date, Status: exercises.Confirmed, ProposedBy: c.By, At: c.Now}
	owner.Set(&item, c.People)
	return exercises.One(EvAgreementAdded, AgreementAdded{Activity: a.Activity, Agreement: item}), nil
}

// Notice tells the facilitator when the text or the owner was cut.
func (a AddAgreement) Notice() string {
	if n := exercises.CutNotice(a.Text, MaxAgreement); n != "" {
		return n
	}
	return a.owner().CutNotice()
}

// Decide withdraws the agreement, or nothing when it already is.
func (dr DropAgreement) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := inPhase(c, "agreements are withdrawn", PhaseAgree); err != nil {
		return nil, err
	}
	item, ok := Of(c.Data).Agreements.Find(dr.Agreement)
	if !ok {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no agreement %d", dr.Agreement)
	}
	if item.Status == exercises.Rejected {
		return nil, nil
	}
	return exercises.One(EvAgreementDropped, AgreementDropped(dr)), nil
}

// Decide records the open question.
func (a AddQuestion) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := inPhase(c, "open questions are recorded", PhaseAgree); err != nil {
		return nil, err
	}
	text, err := cleanText(a.Text, "question", exercises.MaxTextLen)
	if err != nil {
		return nil, err
	}
	d := Of(c.Data)
	card := exercises.Card{ID: d.Questions.NextID(), Authors: []string{c.By}, Text: text, At: c.Now}
	return exercises.One(EvQuestionAdded, CardAdded{Activity: a.Activity, Card: card}), nil
}

// Notice tells the facilitator when the text was cut.
func (a AddQuestion) Notice() string { return exercises.CutNotice(a.Text, exercises.MaxTextLen) }
