// Package checkin is the check-in exercise: everyone answers one question
// in a sentence, and the answers go round the room in the order given.
package checkin

import (
	"encoding/json"
	"sort"
	"time"

	"commonground/exercises"
)

// Kind is the check-in's stored name.
const Kind exercises.Kind = "checkin"

// The check-in's phases, by their stable names.
const (
	PhaseAnswer = "answer"
	PhaseRound  = "round"
)

var phases = []exercises.PhaseSpec{
	{Name: PhaseAnswer, Title: "Answer", Input: true, Takes: exercises.TakesAnswer},
	{Name: PhaseRound, Title: "Round", Reveal: true},
}

// exercise is the check-in: one item, its prompt, answered with a text.
type exercise struct {
	exercises.Basics
	exercises.Answering
}

// Exercise is the check-in, as the catalog lists it.
var Exercise exercises.Exercise = exercise{Basics: exercises.Declare(
	"everyone answers one question; the answers go round the room", phases,
	exercises.Activity{Kind: Kind, Title: "Check-in", Anonymity: exercises.Named,
		Prompt: "In one sentence: what do you hope this partnership will change?"})}

// items are the one question of a check-in: its prompt.
func items(a exercises.Activity) []string { return []string{a.Prompt} }

// ItemsOf is the one item of a check-in.
func (exercise) ItemsOf(a exercises.Activity) []string { return items(a) }

// Progress counts who answered.
func (exercise) Progress(a exercises.Activity, _ exercises.PhaseSpec, d exercises.Data) exercises.Progress {
	return exercises.AnswerProgress(1, d)
}

// Settings: a check-in has none of its own.
func (exercise) Settings(json.RawMessage) (exercises.Settings, error) { return nil, nil }

func (exercise) Validate(exercises.Activity) error { return nil }

// ValidateAnswer asks for a text on the one item.
func (exercise) ValidateAnswer(a exercises.Activity, item int, ans exercises.Answer) error {
	if err := exercises.CheckItem(items(a), item, a.Title, ans); err != nil {
		return err
	}
	if ans.Text == "" {
		return exercises.Errorf(exercises.EInvalid, "write an answer before sending it")
	}
	return nil
}

// Derive is the round: the answers in the order they were given.
func (exercise) Derive(_ exercises.Activity, d exercises.Data, people exercises.Roster) any {
	return Round(exercises.AnswersOf(d).Responses(people))
}

// RoundOf returns the round Derive computed, none for another exercise's
// results.
func RoundOf(results any) []exercises.Response {
	r, _ := results.([]exercises.Response)
	return r
}

// Round returns the check-in answers in the order they were first given,
// each with its author, ready to be shown as the round. A replaced answer
// keeps its place: the round reads in the order people spoke, and a
// screen showing it rewrites only that answer's rows rather than shifting
// every row below it. Empty answers and items other than the prompt are
// left out.
func Round(responses []exercises.Response) []exercises.Response {
	var out []exercises.Response
	for _, r := range responses {
		if r.Item == 0 && r.Answer.Text != "" {
			out = append(out, r)
		}
	}
	first := func(a exercises.Answer) time.Time {
		if a.First.IsZero() { // an answer built outside the fold
			return a.At
		}
		return a.First
	}
	sort.SliceStable(out, func(i, j int) bool { return first(out[i].Answer).Before(first(out[j].Answer)) })
	return out
}
