// Package review is the action review, a cohort's drumbeat: a session
// starts by going over the open actions from the cohort's earlier
// sessions, by owner and organisation, and each owner marks theirs done,
// in progress, blocked or dropped, with a note. The actions to review are
// the activity's settings, filled in when the session is created (package
// cohort); the marks are its input, kept with every change for the report.
package review

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"commonground/exercises"
)

// Kind is the action review's stored name.
const Kind exercises.Kind = "review"

// The review's phases, by their stable names.
const (
	PhaseReview  = "review"
	PhaseSummary = "summary"
)

// TakesMarks is what the Review phase asks: a mark on each of one's own
// actions.
const TakesMarks exercises.Input = "mark"

var phases = []exercises.PhaseSpec{
	{Name: PhaseReview, Title: "Review", Input: true, Takes: TakesMarks},
	{Name: PhaseSummary, Title: "Summary", Reveal: true},
}

// Status is where an owner says an action stands.
type Status string

// The statuses an owner may give.
const (
	Done       Status = "done"
	InProgress Status = "in progress"
	Blocked    Status = "blocked"
	Dropped    Status = "dropped"
)

// Statuses are the statuses in the order the screens offer them.
var Statuses = []Status{Done, InProgress, Blocked, Dropped}

// Closed reports whether an action with the status needs no more review.
func (s Status) Closed() bool { return s == Done || s == Dropped }

// Item is one action to review, as it stood when the session was created.
type Item struct {
	// Key names the action for good: the workshop ID, the activity ID and
	// the action's ID in it ("3f2a.../2/1").
	Key       string `json:"key"`
	Text      string `json:"text"`
	Owner     string `json:"owner,omitempty"`      // identity ID; "" for a typed owner
	OwnerName string `json:"owner_name,omitempty"` // the owner's name as the cohort knows them, or as typed
	Org       string `json:"org,omitempty"`
	Due       string `json:"due,omitempty"`  // YYYY-MM-DD
	From      string `json:"from,omitempty"` // the session it was planned in
}

// Settings are the actions to review.
type Settings struct {
	Items []Item `json:"items"`
}

// Clone copies the list.
func (s Settings) Clone() exercises.Settings { return Settings{Items: slices.Clone(s.Items)} }

// ItemsOf is an activity's actions to review.
func ItemsOf(a exercises.Activity) []Item {
	s, _ := a.Settings.(Settings)
	return s.Items
}

// Mark is an owner's word on one action: its status and a note.
type Mark struct {
	Item   int       `json:"item"` // position in the items, from 0
	Status Status    `json:"status"`
	Note   string    `json:"note,omitempty"`
	By     string    `json:"by,omitempty"`
	At     time.Time `json:"at"`
}

// Data is the marks given: the newest per item, and every one in order.
type Data struct {
	Marks   map[int]Mark
	History []Mark
}

// Of returns an activity's data, an empty one for another exercise's data.
func Of(d exercises.Data) Data {
	w, _ := d.(Data)
	return w
}

// MaxItems bounds the actions one review carries.
const MaxItems = 200

// exercise is the action review.
type exercise struct{ exercises.Basics }

// Exercise is the action review, as the catalog lists it.
var Exercise exercises.Exercise = exercise{Basics: exercises.Declare(
	"the cohort's open actions from earlier sessions: each owner marks theirs done, in progress, blocked or dropped", phases,
	exercises.Activity{Kind: Kind, Title: "Action review", Anonymity: exercises.Named, Live: true,
		Prompt: "Where do your actions from our earlier sessions stand?", Settings: Settings{}})}

// InDemo keeps the review out of the demo agenda: it needs a cohort's
// earlier sessions.
func (exercise) InDemo() bool { return false }

// Settings reads the actions to review.
func (exercise) Settings(raw json.RawMessage) (exercises.Settings, error) {
	return exercises.ReadSettings[Settings](raw)
}

// Validate checks the actions to review.
func (exercise) Validate(a exercises.Activity) error {
	items := ItemsOf(a)
	if len(items) > MaxItems {
		return exercises.SettingErrorf("items", 0, "a review carries at most %d actions, not %d", MaxItems, len(items))
	}
	for i, it := range items {
		if it.Text == "" || exercises.TextLen(it.Text) > exercises.MaxTextLen {
			return exercises.SettingErrorf("items", i+1, "action %d needs a text of 1 to %d characters", i+1, exercises.MaxTextLen)
		}
		if it.Owner == "" && it.OwnerName == "" && it.Org == "" {
			return exercises.SettingErrorf("items", i+1, "action %d needs an owner", i+1)
		}
	}
	return nil
}

// Empty is a review nobody has marked.
func (exercise) Empty() exercises.Data { return Data{} }

// EvMarked records an owner's mark.
const EvMarked = "review.marked"

// Marked is the payload of EvMarked.
type Marked struct {
	Activity int    `json:"activity"`
	Item     int    `json:"item"`
	Status   Status `json:"status"`
	Note     string `json:"note,omitempty"`
}

// Events are the review's event types.
func (exercise) Events() []string { return []string{EvMarked} }

// Fold applies a mark, with who gave it and when. It is total: an item
// it cannot find is kept all the same, as it was checked when the mark was
// decided.
func (exercise) Fold(d exercises.Data, ev exercises.Record) (exercises.Data, error) {
	if ev.Type != EvMarked {
		return d, nil
	}
	var p Marked
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return nil, fmt.Errorf("read %s: %w", ev.Type, err)
	}
	w := Of(d)
	m := Mark{Item: p.Item, Status: p.Status, Note: exercises.Reclean(p.Note), By: ev.Actor, At: ev.At}
	w.Marks = maps.Clone(w.Marks)
	if w.Marks == nil {
		w.Marks = map[int]Mark{}
	}
	w.Marks[p.Item] = m
	w.History = append(slices.Clip(w.History), m)
	return w, nil
}

// CountsMarks is what the Review phase counts: owners who marked all
// their actions.
var CountsMarks = exercises.Counted{Verb: "reviewed", Headline: "Actions reviewed by %d of %d people"}

// Progress counts, per person, whether they marked every action they own;
// one who owns none is never counted done, having given nothing.
func (exercise) Progress(a exercises.Activity, phase exercises.PhaseSpec, d exercises.Data) exercises.Progress {
	if phase.Takes != TakesMarks {
		return exercises.NewProgress(CountsMarks, 0, nil)
	}
	items, w := ItemsOf(a), Of(d)
	return exercises.NewProgress(CountsMarks, 1, func(id string) int {
		owns := false
		for i, it := range items {
			if it.Owner == id {
				if _, ok := w.Marks[i]; !ok {
					return 0
				}
				owns = true
			}
		}
		if owns {
			return 1
		}
		return 0
	})
}

// HasInput reports whether anyone marked an action.
func (exercise) HasInput(d exercises.Data) bool { return len(Of(d).History) > 0 }

// Derive computes nothing: the marks are the results.
func (exercise) Derive(exercises.Activity, exercises.Data, exercises.Roster) any { return nil }

// SetMark is an owner's mark on one of their actions; the facilitator may
// mark any, a typed owner's too.
type SetMark struct {
	Activity int
	Item     int
	Status   Status
	Note     string
}

// Target is the review's activity.
func (s SetMark) Target() int { return s.Activity }

// Decide checks the mark: the phase takes marks, the action is the
// caller's (or they facilitate), the status is one of the four, and the
// note is cleaned and cut.
func (s SetMark) Decide(c exercises.Context) ([]exercises.Change, error) {
	if err := c.Open(TakesMarks); err != nil {
		return nil, err
	}
	items := ItemsOf(c.Activity)
	if s.Item < 0 || s.Item >= len(items) {
		return nil, exercises.Errorf(exercises.ENotFound, "there is no action %d to review", s.Item+1)
	}
	if items[s.Item].Owner != c.By && !c.Facilitator {
		return nil, exercises.Errorf(exercises.EForbidden, "only its owner or the facilitator marks that action")
	}
	if !slices.Contains(Statuses, s.Status) {
		return nil, exercises.Errorf(exercises.EInvalid, "an action is done, in progress, blocked or dropped, not %q", exercises.Reclean(string(s.Status)))
	}
	note, _ := exercises.CleanText(s.Note, exercises.MaxTextLen)
	if old, ok := Of(c.Data).Marks[s.Item]; ok && old.Status == s.Status && old.Note == note {
		return nil, nil
	}
	return exercises.One(EvMarked, Marked{Activity: s.Activity, Item: s.Item, Status: s.Status, Note: note}), nil
}

// Notice says when the note was cut to its limit.
func (s SetMark) Notice() string {
	if _, cut := exercises.CleanText(s.Note, exercises.MaxTextLen); cut {
		return fmt.Sprintf("Your note was cut to %d characters.", exercises.MaxTextLen)
	}
	return ""
}
