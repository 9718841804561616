package funders

import (
	"cmp"
	"slices"

	"commonground/exercises"
)

// SetGoal adds a goal (Goal 0) or changes goal Goal's text, in the Goals
// phase (facilitator only).
type SetGoal struct {
	Activity int
	Goal     int
	Text     string
}

// RemoveGoal takes a goal off the agenda, in the Goals phase (facilitator
// only).
type RemoveGoal struct {
	Activity int
	Goal     int
}

// AddFunder puts a funder the caller knows on the wall, with their own
// organisation's relationship to it.
type AddFunder struct {
	Activity     int
	Name         string
	Kind         FunderKind
	Focus        string
	Relationship Relationship
}

// EditFunder changes the name, kind and focus of a funder the caller
// added alone, while funders are added.
type EditFunder struct {
	Activity int
	Funder   int
	Name     string
	Kind     FunderKind
	Focus    string
}

// DeleteFunder removes the caller's own funder while funders are added.
type DeleteFunder struct {
	Activity int
	Funder   int
}

// MergeFunders folds the same funder added twice into one (facilitator
// only): the survivor keeps every relationship and, when Name is given,
// takes it as its name.
type MergeFunders struct {
	Activity int
	Into     int
	From     []int
	Name     string
}

// HideFunder hides a funder from the wall, or shows it again (facilitator
// only).
type HideFunder struct {
	Activity int
	Funder   int
	On       bool
}

// RenameFunder corrects a funder's name (facilitator only), while funders
// are added and before anyone rates them.
type RenameFunder struct {
	Activity int
	Funder   int
	Name     string
}

// SetRelationship gives the caller's organisation's relationship to a
// funder: to their own while funders are added, to any while they are
// rated.
type SetRelationship struct {
	Activity     int
	Funder       int
	Relationship Relationship
}

// RateFunder stores the caller's rating of a funder: its alignment with
// goal Goal (0 none ... 3 strong), or its influence (1-5) when Goal is 0;
// DontKnow instead of a value.
type RateFunder struct {
	Activity int
	Funder   int
	Goal     int
	Value    int
	DontKnow bool
}

// ProposeApproach plans who talks to a funder, what they ask for and by
// when. The owner is a participant (Owner), or someone typed as a name and
// an organisation.
type ProposeApproach struct {
	Activity  int
	Funder    int
	Asks      []Ask
	Note      string
	Owner     string
	OwnerName string
	OwnerOrg  string
	Due       string // YYYY-MM-DD
}

// EditApproach changes a proposed or confirmed approach's asks, note,
// owner and date (facilitator only); its status stays.
type EditApproach struct {
	Activity  int
	Action    int
	Asks      []Ask
	Note      string
	Owner     string
	OwnerName string
	OwnerOrg  string
	Due       string
}

// ConfirmApproach confirms a proposed approach (facilitator only).
type ConfirmApproach struct {
	Activity int
	Action   int
}

// RejectApproach rejects an approach (facilitator only); it stays on
// record, marked rejected.
type RejectApproach struct {
	Activity int
	Action   int
}

// Target is the activity each command is about.
func (s SetGoal) Target() int         { return s.Activity }
func (r RemoveGoal) Target() int      { return r.Activity }
func (a AddFunder) Target() int       { return a.Activity }
func (d DeleteFunder) Target() int    { return d.Activity }
func (e EditFunder) Target() int      { return e.Activity }
func (m MergeFunders) Target() int    { return m.Activity }
func (h HideFunder) Target() int      { return h.Activity }
func (r RenameFunder) Target() int    { return r.Activity }
func (s SetRelationship) Target() int { return s.Activity }
func (r RateFunder) Target() int      { return r.Activity }
func (p ProposeApproach) Target() int { return p.Activity }
func (c ConfirmApproach) Target() int { return c.Activity }
func (e EditApproach) Target() int    { return e.Activity }
func (r RejectApproach) Target() int  { return r.Activity }

// FacilitatorOnly marks the commands only a facilitator may give.
func (SetGoal) FacilitatorOnly()         {}
func (RemoveGoal) FacilitatorOnly()      {}
func (MergeFunders) FacilitatorOnly()    {}
func (HideFunder) FacilitatorOnly()      {}
func (RenameFunder) FacilitatorOnly()    {}
func (ConfirmApproach) FacilitatorOnly() {}
func (EditApproach) FacilitatorOnly()    {}
func (RejectApproach) FacilitatorOnly()  {}

// goalsPhase refuses a change of the goals outside the Goals phase: once
// funders are rated against them, a goal reworded would change what the
// ratings meant.
func goalsPhase(c exercises.Context) error {
	if err := c.RequireFacilitator(); err != nil {
		return err
	}
	if !c.Current || c.Phase.Name != PhaseGoals {
		return exercises.Errorf(exercises.EClosed, "goals are set in the Goals phase, before funders are rated against them")
	}
	return nil
}

// Decide adds the goal or changes its text; nothing when it reads the same.
func (s SetGoal) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := goalsPhase(c); err != nil {
		return nil, err
	}
	w := Of(c.Data)
	goals := slices.Clone(Goals(c.Activity, c.Data))
	text, _ := exercises.CleanText(s.Text, MaxGoalLen)
	i := slices.IndexFunc(goals, func(g Goal) bool { return g.ID == s.Goal })
	switch {
	case s.Goal == 0 && len(goals) >= MaxGoals:
		return nil, exercises.Errorf(exercises.EInvalid, "goals: at most %d goals; change or remove one instead", MaxGoals)
	case s.Goal == 0:
		i = len(goals)
		goals = append(goals, Goal{ID: nextGoal(c.Activity, w)})
	case i < 0:
		return nil, exercises.Errorf(exercises.ENotFound, "there is no goal %d", s.Goal)
	case goals[i].Text == text:
		return nil, nil
	case w.goalRated(s.Goal):
		return nil, goalRatedError(i + 1)
	}
	if err := checkGoal(i+1, text); err != nil {
		return nil, err
	}
	goals[i].Text = text
	return exercises.One(EvGoalsSet, GoalsSet{Activity: s.Activity, Goals: goals}), nil
}

// Notice tells the facilitator when the goal was cut.
func (s SetGoal) Notice() string { return exercises.CutNotice(s.Text, MaxGoalLen) }

// goalRated reports whether anyone rated a funder against goal id.
func (d Data) goalRated(id int) bool {
	for t, by := range d.Ratings {
		if t.With == id && len(by) > 0 {
			return true
		}
	}
	return false
}

// goalRatedError refuses to reword or remove goal n once funders are rated
// against it: the ratings would then mean something else, or be lost.
func goalRatedError(n int) error {
	return exercises.Errorf(exercises.EInvalid, "goal %d: funders are rated against it already; add a new goal instead", n)
}

// Decide removes the goal.
func (r RemoveGoal) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := goalsPhase(c); err != nil {
		return nil, err
	}
	goals := Goals(c.Activity, c.Data)
	if !slices.ContainsFunc(goals, func(g Goal) bool { return g.ID == r.Goal }) {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no goal %d", r.Goal)
	}
	if Of(c.Data).goalRated(r.Goal) {
		return nil, goalRatedError(slices.IndexFunc(goals, func(g Goal) bool { return g.ID == r.Goal }) + 1)
	}
	left := slices.DeleteFunc(slices.Clone(goals), func(g Goal) bool { return g.ID == r.Goal })
	return exercises.One(EvGoalsSet, GoalsSet{Activity: r.Activity, Goals: left}), nil
}

// CheckFunder checks a funder's cleaned name, kind, focus and
// relationship. It returns EInvalid errors.
func CheckFunder(name string, kind FunderKind, focus string, r Relationship) error {
	if name == "" {
		return exercises.Errorf(exercises.EInvalid, "type the funder's name before adding it")
	}
	if exercises.TextLen(name) > MaxNameLen {
		return exercises.Errorf(exercises.EInvalid, "a funder's name has at most %d characters", MaxNameLen)
	}
	if !slices.Contains(FunderKinds(), kind) {
		return exercises.Errorf(exercises.EInvalid, "kind: choose foundation, public, corporate, individual or other, not %q", kind)
	}
	if exercises.TextLen(focus) > MaxFocusLen {
		return exercises.Errorf(exercises.EInvalid, "focus areas have at most %d characters", MaxFocusLen)
	}
	return checkRelationship(r)
}

func checkRelationship(r Relationship) error {
	if !slices.Contains(Relationships(), r) {
		return exercises.Errorf(exercises.EInvalid, "relationship: choose none, knows_of, contact or funded, not %q", r)
	}
	return nil
}

// Decide adds the funder. A participant's funders are capped as cards
// are (c.CardCap).
func (a AddFunder) Decide(c exercises.Context) ([]exercises.Change, error) {
	w := Of(c.Data)
	if c.CardCap > 0 && !c.Facilitator {
		if n := w.Deck.CardsBy(c.By); n >= c.CardCap {
			return nil, exercises.Errorf(exercises.ELimited, "You have added %d funders, the most one person may: delete one to add another.", n)
		}
	}
	if err := c.Open(exercises.TakesCard); err != nil {
		return nil, err
	}
	name, _ := exercises.CleanText(a.Name, MaxNameLen)
	focus, _ := exercises.CleanText(a.Focus, MaxFocusLen)
	if err := CheckFunder(name, a.Kind, focus, a.Relationship); err != nil {
		return nil, err
	}
	card := exercises.Card{ID: w.Deck.NextID(), Authors: []string{c.By}, Text: name, Category: string(a.Kind), At: c.Now}
	return exercises.One(EvFunderAdded, FunderAdded{Activity: a.Activity, Funder: card, Focus: focus, Relationship: a.Relationship}), nil
}

// Notice tells the adder when the name or the focus was cut.
func (a AddFunder) Notice() string {
	return cmp.Or(exercises.CutNotice(a.Name, MaxNameLen), exercises.CutNotice(a.Focus, MaxFocusLen))
}

// ownFunder returns a funder the caller added alone, while funders are
// added: once merged, it is others' too.
func ownFunder(c exercises.Context, id int, verb string) (exercises.Card, error) {
	if err := c.Open(exercises.TakesCard); err != nil {
		return exercises.Card{}, err
	}
	f, err := Of(c.Data).Deck.Live(id)
	if err != nil {
		return f, err
	}
	if len(f.Authors) != 1 || f.Authors[0] != c.By {
		return f, exercises.Errorf(exercises.EForbidden, "you can only %s a funder you added alone", verb)
	}
	if Of(c.Data).rated(id) {
		return f, ratedError(id, verb)
	}
	return f, nil
}

// ratedError refuses to change a funder people rated: the room went back
// to the Funders phase, but the ratings are of the funder as it was.
func ratedError(id int, verb string) error {
	return exercises.Errorf(exercises.EInvalid, "%s has been rated: it stays as people rated it; to %s it, add the funder anew", Label(id), verb)
}

// Decide deletes the caller's own funder while funders are added.
func (d DeleteFunder) Decide(c exercises.Context) ([]exercises.Change, error) {
	if _, err := ownFunder(c, d.Funder, "delete"); err != nil {
		return nil, err
	}
	return exercises.One(EvFunderDeleted, FunderRef{Activity: d.Activity, Funder: d.Funder}), nil
}

// Decide changes the caller's own funder, or nothing when it reads the
// same.
func (e EditFunder) Decide(c exercises.Context) ([]exercises.Change, error) {
	f, err := ownFunder(c, e.Funder, "edit")
	if err != nil {
		return nil, err
	}
	name, _ := exercises.CleanText(e.Name, MaxNameLen)
	focus, _ := exercises.CleanText(e.Focus, MaxFocusLen)
	if err := CheckFunder(name, e.Kind, focus, NoRelation); err != nil {
		return nil, err
	}
	if name == f.Text && string(e.Kind) == f.Category && focus == Of(c.Data).Focus[e.Funder] {
		return nil, nil
	}
	return exercises.One(EvFunderEdited, FunderEdited{Activity: e.Activity, Funder: e.Funder, Name: name, Kind: e.Kind, Focus: focus}), nil
}

// Notice tells the adder when the name or the focus was cut.
func (e EditFunder) Notice() string {
	return cmp.Or(exercises.CutNotice(e.Name, MaxNameLen), exercises.CutNotice(e.Focus, MaxFocusLen))
}

// Notice tells the facilitator when the merged name was cut.
func (m MergeFunders) Notice() string { return exercises.CutNotice(m.Name, MaxNameLen) }

// Decide merges the funders while they are added and reviewed, before
// anyone rated them.
func (m MergeFunders) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	if !c.Current || c.Phase.Name != PhaseFunders {
		return nil, exercises.Errorf(exercises.EClosed, "funders are merged in the Funders phase, before they are rated")
	}
	name, _ := exercises.CleanText(m.Name, MaxNameLen)
	if err := Of(c.Data).Deck.CheckMerge(m.Into, m.From, name); err != nil {
		return nil, err
	}
	for _, id := range append([]int{m.Into}, m.From...) {
		if Of(c.Data).rated(id) {
			return nil, ratedError(id, "merge")
		}
	}
	return exercises.One(EvFundersMerged, FundersMerged{Activity: m.Activity, Into: m.Into, From: slices.Clone(m.From), Name: name}), nil
}

// Decide hides or shows the funder, or nothing when it already is.
func (h HideFunder) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	f, ok := Of(c.Data).Deck.Card(h.Funder)
	if !ok || f.MergedInto != 0 {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no funder %s on the wall", Label(h.Funder))
	}
	if f.Hidden == h.On {
		return nil, nil
	}
	return exercises.One(EvFunderHidden, FunderRef(h)), nil
}

// Decide renames the funder, or nothing when the name is the same.
func (r RenameFunder) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	if !c.Current || c.Phase.Name != PhaseFunders {
		return nil, exercises.Errorf(exercises.EClosed, "funders are renamed in the Funders phase, before they are rated")
	}
	f, ok := Of(c.Data).Deck.Card(r.Funder)
	if !ok || f.MergedInto != 0 {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no funder %s on the wall", Label(r.Funder))
	}
	if Of(c.Data).rated(r.Funder) {
		return nil, ratedError(r.Funder, "rename")
	}
	name, _ := exercises.CleanText(r.Name, MaxNameLen)
	if err := CheckFunder(name, FunderKind(f.Category), "", NoRelation); err != nil {
		return nil, err
	}
	if name == f.Text {
		return nil, nil
	}
	return exercises.One(EvFunderEdited, FunderEdited{Activity: r.Activity, Funder: r.Funder, Name: name,
		Kind: FunderKind(f.Category), Focus: Of(c.Data).Focus[r.Funder]}), nil
}

// Notice tells the facilitator when the name was cut.
func (r RenameFunder) Notice() string { return exercises.CutNotice(r.Name, MaxNameLen) }

// Decide stores the relationship, or nothing when it is the same again.
func (s SetRelationship) Decide(c exercises.Context) ([]exercises.Change, error) {
	takes := exercises.TakesRating
	if c.Phase.Name == PhaseFunders {
		takes = exercises.TakesCard
	}
	if err := c.Open(takes); err != nil {
		return nil, err
	}
	w := Of(c.Data)
	f, err := w.Deck.Live(s.Funder)
	if err != nil {
		return nil, err
	}
	if takes == exercises.TakesCard && !f.HasAuthor(c.By) {
		// Others' funders are private until the wall is revealed.
		return nil, exercises.Errorf(exercises.EForbidden, "while funders are added, you give relationships to your own; all of them when rating")
	}
	if err := checkRelationship(s.Relationship); err != nil {
		return nil, err
	}
	if old, ok := w.RelationsOf(s.Funder)[c.By]; ok && old == s.Relationship {
		return nil, nil
	}
	changes := []exercises.Change{{Type: EvRelationshipSet,
		Payload: RelationshipSet{Activity: s.Activity, Funder: s.Funder, Person: c.By, Relationship: s.Relationship}}}
	// What the person gave on a funder merged into this one counts too (the
	// closest wins, RelationsOf): it is set alike, or a relationship could
	// never be lowered after a merge.
	for _, m := range w.Deck.Cards {
		if _, gave := w.Relations[m.ID][c.By]; gave && m.MergedInto == s.Funder {
			changes = append(changes, exercises.Change{Type: EvRelationshipSet,
				Payload: RelationshipSet{Activity: s.Activity, Funder: m.ID, Person: c.By, Relationship: s.Relationship}})
		}
	}
	return changes, nil
}

// Decide stores the rating, or nothing when it is the same again.
func (r RateFunder) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.Open(exercises.TakesRating); err != nil {
		return nil, err
	}
	w := Of(c.Data)
	if _, err := w.Deck.Live(r.Funder); err != nil {
		return nil, err
	}
	scale := Influence
	if r.Goal != 0 {
		scale = Alignment
		if !slices.ContainsFunc(Goals(c.Activity, c.Data), func(g Goal) bool { return g.ID == r.Goal }) {
			return nil, exercises.Errorf(exercises.ENotFound, "there is no goal %d", r.Goal)
		}
	}
	score := exercises.Score{Value: r.Value, DontKnow: r.DontKnow}
	if r.DontKnow {
		score.Value = 0
	}
	if err := scale.CheckScore(score); err != nil {
		return nil, exercises.Errorf(exercises.EInvalid, "%s: %s", scale.Name, exercises.ErrorMessage(err))
	}
	t := exercises.Target{Item: r.Funder, With: r.Goal}
	if old, ok := w.Ratings.Of(t)[c.By]; ok && old == score {
		return nil, nil
	}
	return exercises.One(EvFunderRated, FunderRated{Activity: r.Activity, Funder: r.Funder, Goal: r.Goal, Person: c.By, Score: score}), nil
}

func (p ProposeApproach) owner() exercises.ActionOwner {
	return exercises.ActionOwner{ID: p.Owner, Name: p.OwnerName, Org: p.OwnerOrg}
}

// Decide proposes the approach to a funder on the wall.
func (p ProposeApproach) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.Open(exercises.TakesAction); err != nil {
		return nil, err
	}
	w := Of(c.Data)
	if _, err := w.Deck.Live(p.Funder); err != nil {
		return nil, err
	}
	asks, note, owner, err := checkApproach(c, p.Asks, p.Note, p.owner(), p.Due)
	if err != nil {
		return nil, err
	}
	item := exercises.ActionItem{ID: w.Actions.NextID(), CardID: p.Funder, Text: note,
		Due: p.Due, Status: exercises.Proposed, ProposedBy: c.By, At: c.Now}
	owner.Set(&item, c.People)
	return exercises.One(EvApproachProposed, ApproachProposed{Activity: p.Activity, Action: item, Asks: asks}), nil
}

// checkApproach checks what an approach asks for, in the order offered
// and each once, and cleans and checks its note, owner and date.
func checkApproach(c exercises.Context, given []Ask, note string, owner exercises.ActionOwner, due string) ([]Ask, string, exercises.ActionOwner, error) {
	if len(given) == 0 {
		return nil, "", owner, exercises.Errorf(exercises.EInvalid, "choose what to ask the funder for: insight, introductions, funding or data")
	}
	for _, a := range given {
		if !slices.Contains(Asks(), a) {
			return nil, "", owner, exercises.Errorf(exercises.EInvalid, "ask: choose insight, introductions, funding or data, not %q", a)
		}
	}
	asks := slices.DeleteFunc(Asks(), func(a Ask) bool { return !slices.Contains(given, a) })
	note, _ = exercises.CleanText(note, exercises.MaxTextLen)
	owner, _ = owner.Cleaned()
	if err := owner.Validate(c.People); err != nil {
		return nil, "", owner, err
	}
	if err := exercises.CheckDate(due, "date"); err != nil {
		return nil, "", owner, err
	}
	return asks, note, owner, nil
}

// approachNotice tells whoever typed it when a note or a typed owner was
// cut.
func approachNotice(note string, owner exercises.ActionOwner) string {
	if n := exercises.CutNotice(note, exercises.MaxTextLen); n != "" {
		return n
	}
	return owner.CutNotice()
}

// Notice tells the proposer when their note or typed owner was cut.
func (p ProposeApproach) Notice() string { return approachNotice(p.Note, p.owner()) }

// Decide changes the approach, or nothing when it reads the same. A
// rejected approach is not edited.
func (e EditApproach) Decide(c exercises.Context) ([]exercises.Change, error) {
	item, err := facilitatorsApproach(c, e.Action)
	if err != nil {
		return nil, err
	}
	if item.Status == exercises.Rejected {
		return nil, exercises.Errorf(exercises.EInvalid, "approach %d was rejected", e.Action)
	}
	asks, note, owner, err := checkApproach(c, e.Asks, e.Note, e.owner(), e.Due)
	if err != nil {
		return nil, err
	}
	edited := item
	edited.Text, edited.Due = note, e.Due
	owner.Set(&edited, c.People)
	if edited == item && slices.Equal(asks, Of(c.Data).Asks[e.Action]) {
		return nil, nil
	}
	return exercises.One(EvApproachEdited, ApproachEdited{Activity: e.Activity, Action: e.Action, Text: edited.Text,
		Owner: edited.Owner, OwnerName: edited.OwnerName, Org: edited.Org, Due: edited.Due, Asks: asks}), nil
}

func (e EditApproach) owner() exercises.ActionOwner {
	return exercises.ActionOwner{ID: e.Owner, Name: e.OwnerName, Org: e.OwnerOrg}
}

// Notice tells the facilitator when the note or the typed owner was cut.
func (e EditApproach) Notice() string { return approachNotice(e.Note, e.owner()) }

// facilitatorsApproach returns approach id for a facilitator to confirm or
// reject, and refuses anyone else.
func facilitatorsApproach(c exercises.Context, id int) (exercises.ActionItem, error) {
	if err := c.RequireFacilitator(); err != nil {
		return exercises.ActionItem{}, err
	}
	item, ok := Of(c.Data).Actions.Find(id)
	if !ok {
		return item, exercises.Errorf(exercises.ENotFound, "there is no approach %d", id)
	}
	return item, nil
}

// Decide confirms the approach, or nothing when it already is. A rejected
// one is not confirmed.
func (cf ConfirmApproach) Decide(c exercises.Context) ([]exercises.Change, error) {
	item, err := facilitatorsApproach(c, cf.Action)
	if err != nil {
		return nil, err
	}
	switch item.Status {
	case exercises.Confirmed:
		return nil, nil
	case exercises.Rejected:
		return nil, exercises.Errorf(exercises.EInvalid, "approach %d was rejected", cf.Action)
	}
	return exercises.One(EvApproachConfirmed, ApproachRef(cf)), nil
}

// Decide rejects the approach, or nothing when it already is.
func (r RejectApproach) Decide(c exercises.Context) ([]exercises.Change, error) {
	item, err := facilitatorsApproach(c, r.Action)
	if err != nil {
		return nil, err
	}
	if item.Status == exercises.Rejected {
		return nil, nil
	}
	return exercises.One(EvApproachRejected, ApproachRef(r)), nil
}
