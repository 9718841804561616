package assumptions

import (
	"cmp"
	"slices"

	"commonground/exercises"
)

// AddCard puts the caller's assumption on the wall during a card phase.
type AddCard struct {
	Activity int
	Text     string
	Category string
}

// EditCard changes the text or category of the caller's own card while
// cards are still being collected.
type EditCard struct {
	Activity int
	Card     int
	Text     string
	Category string
}

// EditCardText changes the text of one card on the wall (facilitator
// only), while cards are collected and grouped: the facilitator moderates
// the wall before the room sees it and before anyone rates it. The card
// keeps its category, authors and cluster.
type EditCardText struct {
	Activity int
	Card     int
	Text     string
}

// DeleteCard removes the caller's own card while cards are still being
// collected; its ratings and actions go with it.
type DeleteCard struct {
	Activity int
	Card     int
}

// MergeCards folds duplicates into one card (facilitator only); the merged
// card keeps every author and, when Text is given, takes it as its text.
type MergeCards struct {
	Activity int
	Into     int
	From     []int
	Text     string
}

// ClusterCards puts cards under a named cluster, or takes them out of any
// cluster when Cluster is empty (facilitator only).
type ClusterCards struct {
	Activity int
	Cards    []int
	Cluster  string
}

// HideCard hides a card from the wall, or shows it again (facilitator only).
type HideCard struct {
	Activity int
	Card     int
	On       bool
}

// RateCard stores the caller's importance and evidence for a card, or a skip.
type RateCard struct {
	Activity   int
	Card       int
	Importance int
	Evidence   int
	Skip       bool
}

// ProposeAction proposes how to test a "test first" card: what, who, by
// when. The owner is a participant (Owner), or, when Owner is empty,
// someone outside the workshop, typed as a name and an organisation.
type ProposeAction struct {
	Activity  int
	Card      int
	Text      string
	Owner     string // identity ID of a participant
	OwnerName string // a typed owner's name, when Owner is ""
	OwnerOrg  string // a typed owner's organisation, when Owner is ""
	Due       string // YYYY-MM-DD
}

// ConfirmAction confirms a proposed action (facilitator only).
type ConfirmAction struct {
	Activity int
	Action   int
}

// EditAction changes a proposed or confirmed action's text, owner and due
// date (facilitator only); its status stays. The owner is given as
// ProposeAction's is.
type EditAction struct {
	Activity  int
	Action    int
	Text      string
	Owner     string
	OwnerName string
	OwnerOrg  string
	Due       string
}

// RejectAction rejects an action (facilitator only). It stays in the log
// and the report, marked rejected.
type RejectAction struct {
	Activity int
	Action   int
}

// Target is the activity each command is about.
func (a AddCard) Target() int       { return a.Activity }
func (e EditCard) Target() int      { return e.Activity }
func (e EditCardText) Target() int  { return e.Activity }
func (d DeleteCard) Target() int    { return d.Activity }
func (m MergeCards) Target() int    { return m.Activity }
func (c ClusterCards) Target() int  { return c.Activity }
func (h HideCard) Target() int      { return h.Activity }
func (r RateCard) Target() int      { return r.Activity }
func (p ProposeAction) Target() int { return p.Activity }
func (c ConfirmAction) Target() int { return c.Activity }
func (e EditAction) Target() int    { return e.Activity }
func (r RejectAction) Target() int  { return r.Activity }

// FacilitatorOnly marks the commands only a facilitator may give.
func (MergeCards) FacilitatorOnly()    {}
func (EditCardText) FacilitatorOnly()  {}
func (ClusterCards) FacilitatorOnly()  {}
func (HideCard) FacilitatorOnly()      {}
func (ConfirmAction) FacilitatorOnly() {}
func (EditAction) FacilitatorOnly()    {}
func (RejectAction) FacilitatorOnly()  {}

// ownCard returns the caller's card in a phase that still takes cards.
func ownCard(c exercises.Context, id int) (exercises.Card, error) {
	if err := c.Open(exercises.TakesCard); err != nil {
		return exercises.Card{}, err
	}
	card, err := Of(c.Data).Deck.Live(id)
	if err != nil {
		return card, err
	}
	if !card.HasAuthor(c.By) {
		return card, exercises.Errorf(exercises.EForbidden, "you can only change your own cards")
	}
	return card, nil
}

// Decide adds the card. A participant's cards are capped (c.CardCap): the
// cards counted are those they wrote that still stand on their own, hidden
// ones included (a facilitator hiding a flood must not make room for more
// of it); deleting one makes room, and so does a card merged into another.
func (a AddCard) Decide(c exercises.Context) ([]exercises.Change, error) {
	w := Of(c.Data)
	if c.CardCap > 0 && !c.Facilitator {
		if n := w.Deck.CardsBy(c.By); n >= c.CardCap {
			return nil, exercises.Errorf(exercises.ELimited, "You have %d cards here, the most one person may: delete one to add another.", n)
		}
	}
	if err := c.Open(exercises.TakesCard); err != nil {
		return nil, err
	}
	text, _ := exercises.CleanText(a.Text, exercises.MaxTextLen)
	if err := ValidateCard(c.Activity, text, a.Category); err != nil {
		return nil, err
	}
	card := exercises.Card{ID: w.Deck.NextID(), Authors: []string{c.By}, Text: text, Category: a.Category, At: c.Now}
	return exercises.One(EvCardAdded, CardAdded{Activity: a.Activity, Card: card}), nil
}

// Notice tells the author when their text was cut.
func (a AddCard) Notice() string { return exercises.CutNotice(a.Text, exercises.MaxTextLen) }

// Decide changes the card, or nothing when it reads the same.
func (e EditCard) Decide(c exercises.Context) ([]exercises.Change, error) {
	card, err := ownCard(c, e.Card)
	if err != nil {
		return nil, err
	}
	text, _ := exercises.CleanText(e.Text, exercises.MaxTextLen)
	if err := ValidateCard(c.Activity, text, e.Category); err != nil {
		return nil, err
	}
	if card.Text == text && card.Category == e.Category {
		return nil, nil
	}
	return exercises.One(EvCardEdited, CardEdited{Activity: e.Activity, Card: e.Card, Text: text, Category: e.Category}), nil
}

// Notice tells the author when their text was cut.
func (e EditCard) Notice() string { return exercises.CutNotice(e.Text, exercises.MaxTextLen) }

// Decide changes the card's text, or nothing when it reads the same. It is
// recorded as the author's edit is (card.edited), with the card's own
// category.
func (e EditCardText) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	if c.Phase.Name != PhaseCollect && c.Phase.Name != PhaseGroup {
		return nil, exercises.Errorf(exercises.EClosed, "a card's text is edited while cards are collected and grouped, before they are rated")
	}
	card, ok := Of(c.Data).Deck.Card(e.Card)
	if !ok || card.MergedInto != 0 {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no card %s on the wall", Label(e.Card))
	}
	text, _ := exercises.CleanText(e.Text, exercises.MaxTextLen)
	if err := ValidateCard(c.Activity, text, card.Category); err != nil {
		return nil, err
	}
	if card.Text == text {
		return nil, nil
	}
	return exercises.One(EvCardEdited, CardEdited{Activity: e.Activity, Card: e.Card, Text: text, Category: card.Category}), nil
}

// Notice tells the facilitator when their text was cut.
func (e EditCardText) Notice() string { return exercises.CutNotice(e.Text, exercises.MaxTextLen) }

// Decide deletes the caller's own card.
func (d DeleteCard) Decide(c exercises.Context) ([]exercises.Change, error) {
	if _, err := ownCard(c, d.Card); err != nil {
		return nil, err
	}
	return exercises.One(EvCardDeleted, CardRef{Activity: d.Activity, Card: d.Card}), nil
}

// Decide merges the cards, checked against the wall as it stands.
func (m MergeCards) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	text, _ := exercises.CleanText(m.Text, exercises.MaxTextLen)
	if err := Of(c.Data).Deck.CheckMerge(m.Into, m.From, text); err != nil {
		return nil, err
	}
	return exercises.One(EvCardsMerged, CardsMerged{Activity: m.Activity, Into: m.Into, From: slices.Clone(m.From), Text: text}), nil
}

// Decide groups the cards, all of which must be on the wall.
func (cl ClusterCards) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	name, _ := exercises.CleanText(cl.Cluster, exercises.MaxNameLen)
	if len(cl.Cards) == 0 {
		return nil, exercises.Errorf(exercises.EInvalid, "choose the cards to group")
	}
	for _, id := range cl.Cards {
		if _, err := Of(c.Data).Deck.Live(id); err != nil {
			return nil, err
		}
	}
	return exercises.One(EvCardsClustered, CardsClustered{Activity: cl.Activity, Cards: slices.Clone(cl.Cards), Cluster: name}), nil
}

// Decide hides or shows the card, or nothing when it already is.
func (h HideCard) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.RequireFacilitator(); err != nil {
		return nil, err
	}
	card, ok := Of(c.Data).Deck.Card(h.Card)
	if !ok || card.MergedInto != 0 {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no card %s on the wall", Label(h.Card))
	}
	if card.Hidden == h.On {
		return nil, nil
	}
	return exercises.One(EvCardHidden, CardRef(h)), nil
}

// Decide stores the rating, or nothing when it is the same again.
func (r RateCard) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.Open(exercises.TakesRating); err != nil {
		return nil, err
	}
	w := Of(c.Data)
	if _, err := w.Deck.Live(r.Card); err != nil {
		return nil, err
	}
	rating := Rating{Importance: r.Importance, Evidence: r.Evidence, Skipped: r.Skip, At: c.Now}
	if r.Skip {
		rating.Importance, rating.Evidence = 0, 0
	}
	if err := rating.Validate(); err != nil {
		return nil, err
	}
	if old, ok := w.Ratings.Item(r.Card)[c.By]; ok && old.Importance == rating.Importance && old.Evidence == rating.Evidence && old.Skipped == rating.Skipped {
		return nil, nil
	}
	return exercises.One(EvRatingSet, RatingSet{Activity: r.Activity, Card: r.Card, Person: c.By, Rating: rating}), nil
}

// checkAction cleans an action's text and owner and checks them and the
// due date against the workshop.
func checkAction(c exercises.Context, text string, owner exercises.ActionOwner, due string) (string, exercises.ActionOwner, error) {
	text, _ = exercises.CleanText(text, exercises.MaxTextLen)
	owner, _ = owner.Cleaned()
	who := owner.ID
	if who == "" {
		who = owner.Name + owner.Org // "" when nothing was typed
	}
	if err := exercises.ValidateAction(text, who, due); err != nil {
		return "", owner, err
	}
	if err := owner.Validate(c.People); err != nil {
		return "", owner, err
	}
	return text, owner, nil
}

// Decide proposes the action on a "test first" card, owned by someone in
// the workshop or by a typed name and organisation.
func (p ProposeAction) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.Open(exercises.TakesAction); err != nil {
		return nil, err
	}
	w := Of(c.Data)
	card, err := w.Deck.Live(p.Card)
	if err != nil {
		return nil, err
	}
	stats := Summarize([]exercises.Card{card}, w.Ratings, c.People)
	if len(stats) == 0 || stats[0].Quadrant != TestFirst {
		return nil, exercises.Errorf(exercises.EInvalid, "actions are planned for \"test first\" cards; %s is not one", Label(card.ID))
	}
	text, owner, err := checkAction(c, p.Text, p.owner(), p.Due)
	if err != nil {
		return nil, err
	}
	item := exercises.ActionItem{ID: w.Actions.NextID(), CardID: p.Card, Text: text,
		Due: p.Due, Status: exercises.Proposed, ProposedBy: c.By, At: c.Now}
	owner.Set(&item, c.People)
	return exercises.One(EvActionProposed, ActionProposed{Activity: p.Activity, Action: item}), nil
}

func (p ProposeAction) owner() exercises.ActionOwner {
	return exercises.ActionOwner{ID: p.Owner, Name: p.OwnerName, Org: p.OwnerOrg}
}

// Notice tells the proposer when their text was cut.
func (p ProposeAction) Notice() string {
	return cmp.Or(exercises.CutNotice(p.Text, exercises.MaxTextLen), p.owner().CutNotice())
}

// Decide confirms the action, or nothing when it already is. A rejected
// action is not confirmed.
func (cf ConfirmAction) Decide(c exercises.Context) ([]exercises.Change, error) {
	item, err := facilitatorsAction(c, cf.Action)
	if err != nil {
		return nil, err
	}
	switch item.Status {
	case exercises.Confirmed:
		return nil, nil
	case exercises.Rejected:
		return nil, exercises.Errorf(exercises.EInvalid, "action %d was rejected", cf.Action)
	}
	return exercises.One(EvActionConfirmed, ActionConfirmed(cf)), nil
}

func (e EditAction) owner() exercises.ActionOwner {
	return exercises.ActionOwner{ID: e.Owner, Name: e.OwnerName, Org: e.OwnerOrg}
}

// Decide changes the action, or nothing when it reads the same. A
// rejected action is not edited.
func (e EditAction) Decide(c exercises.Context) ([]exercises.Change, error) {
	item, err := facilitatorsAction(c, e.Action)
	if err != nil {
		return nil, err
	}
	if item.Status == exercises.Rejected {
		return nil, exercises.Errorf(exercises.EInvalid, "action %d was rejected", e.Action)
	}
	text, owner, err := checkAction(c, e.Text, e.owner(), e.Due)
	if err != nil {
		return nil, err
	}
	edited := item
	edited.Text, edited.Due = text, e.Due
	owner.Set(&edited, c.People)
	if edited == item {
		return nil, nil
	}
	return exercises.One(EvActionEdited, ActionEdited{Activity: e.Activity, Action: e.Action, Text: edited.Text,
		Owner: edited.Owner, OwnerName: edited.OwnerName, Org: edited.Org, Due: edited.Due}), nil
}

// Notice tells the facilitator when their text was cut.
func (e EditAction) Notice() string {
	return cmp.Or(exercises.CutNotice(e.Text, exercises.MaxTextLen), e.owner().CutNotice())
}

// Decide rejects the action, or nothing when it already is.
func (r RejectAction) Decide(c exercises.Context) ([]exercises.Change, error) {
	item, err := facilitatorsAction(c, r.Action)
	if err != nil {
		return nil, err
	}
	if item.Status == exercises.Rejected {
		return nil, nil
	}
	return exercises.One(EvActionRejected, ActionRejected(r)), nil
}

// facilitatorsAction returns action id for a facilitator to confirm, edit
// or reject, and refuses anyone else.
func facilitatorsAction(c exercises.Context, id int) (exercises.ActionItem, error) {
	if err := c.RequireFacilitator(); err != nil {
		return exercises.ActionItem{}, err
	}
	item, ok := Of(c.Data).Actions.Find(id)
	if !ok {
		return item, exercises.Errorf(exercises.ENotFound, "there is no action %d", id)
	}
	return item, nil
}
