package exercises

import (
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"time"
)

// Answer is a participant's input on one item of an activity: a value on
// the exercise's scale with an optional comment (the willingness check), or
// the text of an answer (the check-in, where Value is unused).
type Answer struct {
	Value int       `json:"value"`
	Text  string    `json:"text,omitempty"`
	At    time.Time `json:"at"`
	// First is when the person first answered the item. The fold keeps it
	// when an answer is replaced; it is never stored, as the log's first
	// answer to the item says it.
	First time.Time `json:"-"`
}

// Response is one person's answer on one item, the unit every aggregation
// folds over.
type Response struct {
	Person Person `json:"person"`
	Item   int    `json:"item"`
	Answer Answer `json:"answer"`
}

// Answers are everyone's answers in one activity, by identity ID and then
// item: the shared "answers" block. Inner maps are replaced, never changed,
// once published.
type Answers map[string]map[int]Answer

// EvAnswerSet is the event that stores or replaces an answer.
const EvAnswerSet = "answer.set"

// AnswerSet is the payload of EvAnswerSet.
type AnswerSet struct {
	Activity int    `json:"activity"`
	Item     int    `json:"item"`
	Person   string `json:"person"`
	Answer   Answer `json:"answer"`
}

// With returns the answers with one answer set; s is not changed.
func (s Answers) With(person string, item int, ans Answer) Answers {
	return WithInner(s, person, item, ans)
}

// WithInner returns a copy of m in which m[outer][inner] is v: both the
// outer map and the one inner map changed are new, the others shared (copy
// on write, for an exercise's fold).
func WithInner[M ~map[K1]map[K2]V, K1, K2 comparable, V any](m M, outer K1, inner K2, v V) M {
	n := make(M, len(m)+1)
	maps.Copy(n, m)
	in := make(map[K2]V, len(m[outer])+1)
	maps.Copy(in, m[outer])
	in[inner] = v
	n[outer] = in
	return n
}

// Responses lists every answer, by person in the roster's order and then
// by item.
func (s Answers) Responses(r Roster) []Response {
	var out []Response
	for _, id := range r.Order {
		mine := s[id]
		items := make([]int, 0, len(mine))
		for item := range mine {
			items = append(items, item)
		}
		sort.Ints(items)
		for _, item := range items {
			out = append(out, Response{Person: r.People[id], Item: item, Answer: mine[item]})
		}
	}
	return out
}

// Answering is the part of an exercise that takes answers to a list of
// items, shared by the check-in and the willingness check: its data is
// Answers and its one event EvAnswerSet. An exercise embeds it, says what
// its items are (Itemised) and counts progress with AnswerProgress.
type Answering struct{}

// Empty is an activity's answers before anyone answered.
func (Answering) Empty() Data { return Answers{} }

// Events are the events the answers block folds.
func (Answering) Events() []string { return []string{EvAnswerSet} }

// Fold stores an answer.
func (Answering) Fold(d Data, ev Record) (Data, error) {
	var p AnswerSet
	if err := json.Unmarshal(ev.Data, &p); err != nil {
		return nil, fmt.Errorf("read %s: %w", ev.Type, err)
	}
	p.Answer.Text = Reclean(p.Answer.Text)
	p.Answer.First = p.Answer.At
	if old, ok := AnswersOf(d)[p.Person][p.Item]; ok {
		p.Answer.First = old.First
	}
	return AnswersOf(d).With(p.Person, p.Item, p.Answer), nil
}

// HasInput reports whether anyone gave an answer (answers are replaced,
// never taken back).
func (Answering) HasInput(d Data) bool { return len(AnswersOf(d)) > 0 }

// AnswerProgress counts each person's answers against the items asked.
func AnswerProgress(items int, d Data) Progress {
	answers := AnswersOf(d)
	return NewProgress(CountsAnswers, items, func(id string) int { return len(answers[id]) })
}

// AnswersOf returns an activity's answers, none for data of another block.
func AnswersOf(d Data) Answers {
	s, _ := d.(Answers)
	return s
}

// AnswerRules are what an exercise that takes answers says about them.
type AnswerRules interface {
	// ValidateAnswer checks one answer, its text already cleaned. It
	// returns EInvalid or ENotFound errors.
	ValidateAnswer(a Activity, item int, ans Answer) error
}

// SetAnswer stores or replaces the caller's answer on one item of an
// activity. Text is cleaned and cut to MaxTextLen.
type SetAnswer struct {
	Activity int
	Item     int
	Value    int
	Text     string
}

// Target is the activity answered.
func (s SetAnswer) Target() int { return s.Activity }

// Decide checks the answer against the rules of the activity's exercise.
func (s SetAnswer) Decide(c Context) ([]Change, error) {
	if !c.Joined {
		return nil, Errorf(EForbidden, "join the workshop before answering")
	}
	if !c.Current || !c.InputOpen {
		return nil, Errorf(EClosed, "input is closed for %q right now", c.Activity.Title)
	}
	rules, ok := c.Exercise.(AnswerRules)
	if !ok {
		return nil, Errorf(ENotFound, "no item %d in %q", s.Item+1, c.Activity.Title)
	}
	text, _ := CleanText(s.Text, MaxTextLen)
	ans := Answer{Value: s.Value, Text: text, At: c.Now}
	if err := rules.ValidateAnswer(c.Activity, s.Item, ans); err != nil {
		return nil, err
	}
	if old, ok := AnswersOf(c.Data)[c.By][s.Item]; ok && old.Value == ans.Value && old.Text == ans.Text {
		return nil, nil // the same answer again: nothing to store
	}
	return One(EvAnswerSet, AnswerSet{Activity: s.Activity, Item: s.Item, Person: c.By, Answer: ans}), nil
}

// Notice tells the person when their text was cut.
func (s SetAnswer) Notice() string { return CutNotice(s.Text, MaxTextLen) }

// CutNotice tells a person their text was cut to limit, or is "" when it
// fit.
func CutNotice(text string, limit int) string {
	if _, cut := CleanText(text, limit); cut {
		return fmt.Sprintf("Your text was cut to %d characters.", limit)
	}
	return ""
}

// CheckItem refuses an item outside the list or a text over the limit:
// the checks every answer takes.
func CheckItem(items []string, item int, title string, ans Answer) error {
	if item < 0 || item >= len(items) {
		return Errorf(ENotFound, "no item %d in %q", item+1, title)
	}
	if TextLen(ans.Text) > MaxTextLen {
		return Errorf(EInvalid, "text is longer than %d characters", MaxTextLen)
	}
	return nil
}

// Reclean cleans text from the log again as CleanText cleans input today.
// Every text was cleaned before it was stored, but by the rules of its
// day: a log written before invisible characters or stacks of marks were
// removed still holds them, and what the state holds is drawn on other
// people's screens. Cleaning never fails, so a fold stays total, and it
// changes nothing in text stored since (CleanText is idempotent).
func Reclean(s string) string {
	c, _ := CleanText(s, 0)
	return c
}

// Itemised is an exercise whose participants answer a list of items.
type Itemised interface {
	// ItemsOf are the activity's items, each with the text shown next to
	// its input.
	ItemsOf(a Activity) []string
}

// ItemLabel returns the text of item i of an activity of exercise e, as
// shown next to its input: the item's text, or the activity's prompt where
// the exercise has no such item.
func ItemLabel(e Exercise, a Activity, i int) string {
	if x, ok := e.(Itemised); ok {
		if items := x.ItemsOf(a); i >= 0 && i < len(items) {
			return items[i]
		}
	}
	return a.Prompt
}
