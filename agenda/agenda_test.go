package agenda_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"commonground/agenda"
	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
	"commonground/exercises/willingness"
)

// TestParseBadFiles reads files a facilitator might write wrongly and
// checks every message, its line and its column.
func TestParseBadFiles(t *testing.T) {
	long := strings.Repeat("x", exercises.MaxTextLen+1)
	for _, tc := range []struct {
		name, file string
		want       []string
	}{
		{"UnknownKind", "title: T\nactivities:\n  - kind: brainstorm\n",
			[]string{`a.yaml:3:11: unknown kind "brainstorm"; the kinds are ` + catalog.KindList()}},
		{"UnknownKindNear", "title: T\nactivities:\n  - kind: willingnes\n",
			[]string{`a.yaml:3:11: unknown kind "willingnes"; the kinds are ` + catalog.KindList() + ` (did you mean "willingness"?)`}},
		{"StatementTooLong", "title: T\nactivities:\n  - kind: willingness\n    statements:\n      - fine\n      - " + long + "\n",
			[]string{`a.yaml:6:9: activity 1: statement 2 must have 1 to 280 characters`}},
		{"MissingStatements", "title: T\nactivities:\n  - kind: willingness\n    statements: []\n",
			[]string{`a.yaml:4:5: activity 1: a willingness check needs 1 to 20 statements, not 0`}},
		{"EmptyGoal", "title: T\nactivities:\n  - kind: funders\n    goals:\n      - Housing\n      - \"\"\n      - Jobs\n",
			[]string{`a.yaml:6:9: activity 1: goal 2 is empty`}},
		{"TooFewGoals", "title: T\nactivities:\n  - kind: funders\n    goals: [Housing]\n",
			[]string{`a.yaml:4:5: activity 1: goals: give 3 to 6 goals, not 1 (or none, to type them in the presenter)`}},
		{"PartyTwice", "title: T\nactivities:\n  - kind: conflict\n    parties:\n      - Food Bank\n      - food  bank\n",
			[]string{`a.yaml:6:9: activity 1: parties: "food bank" is named twice`}},
		{"UnknownKeyNear", "title: T\nactivities:\n  - kind: willingness\n    statments: [a]\n",
			[]string{`a.yaml:4:5: activity 1 (willingness) has no key "statments"; did you mean "statements"?`}},
		{"UnknownKeyFar", "title: T\nactivities:\n  - kind: checkin\n    colour: red\n",
			[]string{`a.yaml:4:5: activity 1 (checkin) has no key "colour" (its keys: kind, title, prompt, anonymity, minutes, results, prework)`}},
		{"BadResults", "title: T\nactivities:\n  - kind: checkin\n    results: later\n",
			[]string{`a.yaml:4:14: results must be "live" (shown as answers come in) or "after reveal" (shown when you reveal them), not "later"`}},
		{"UnknownTopKey", "titel: T\nactivities:\n  - kind: checkin\n",
			[]string{`a.yaml:1:1: the agenda has no key "titel"; did you mean "title"?`,
				`a.yaml:1:1: the agenda needs a title: add a line like "title: Partnership kickoff"`}},
		{"WrongTypeList", "title: T\nactivities:\n  - kind: assumptions\n    categories: Funding\n",
			[]string{`a.yaml:4:17: categories must be a list of texts, not "Funding"`}},
		{"WrongTypeMinutes", "title: T\nactivities:\n  - kind: checkin\n    minutes: soon\n",
			[]string{`a.yaml:4:14: minutes must be a whole number from 0 to 240, not "soon"`}},
		{"WrongTypeActivities", "title: T\nactivities: checkin\n",
			[]string{`a.yaml:2:13: activities must be a list, one "- ..." line per entry, not "checkin"`}},
		{"DuplicateKey", "title: T\nactivities:\n  - kind: checkin\n    prompt: a\n    prompt: b\n",
			[]string{`a.yaml:5:5: "prompt" is given twice in activity 1 (checkin) (first on line 4)`}},
		{"DuplicateTop", "title: T\ntitle: U\nactivities:\n  - kind: checkin\n",
			[]string{`a.yaml:2:1: "title" is given twice in the agenda (first on line 1)`}},
		{"MissingKind", "title: T\nactivities:\n  - title: Hello\n",
			[]string{`a.yaml:3:5: activity 1 needs a kind: add "kind: ..." (kinds: ` + catalog.KindList() + `)`}},
		{"BadAnonymity", "title: T\nactivities:\n  - kind: checkin\n    anonymity: secret\n",
			[]string{`a.yaml:4:16: anonymity must be named, anonymous or organisation, not "secret"`}},
		{"PromptTooLong", "title: T\nactivities:\n  - kind: checkin\n    prompt: " + long + "\n",
			[]string{`a.yaml:4:13: the prompt of activity 1 has 281 characters; at most 280 fit`}},
		{"CategoryEmpty", "title: T\nactivities:\n  - kind: assumptions\n    categories: [Funding, \"\"]\n",
			[]string{`a.yaml:4:27: activity 1: category 2 must have 1 to 60 characters`}},
		{"NoActivities", "title: T\n",
			[]string{`a.yaml:1:1: the agenda needs activities: add "activities:" with one "- kind: ..." per activity (kinds: ` + catalog.KindList() + `)`}},
		{"Empty", "", []string{`a.yaml: the file is empty: an agenda has a title and activities (see commonground agenda show --template kickoff)`}},
		{"NotYAML", "title: T\nactivities:\n  - kind: [checkin\n", []string{`a.yaml:2: this is not valid YAML: did not find expected ',' or ']'`}},
		{"EveryError", "title: T\nactivities:\n  - kind: nope\n  - kind: checkin\n    minutes: -3\n",
			[]string{`a.yaml:3:11: unknown kind "nope"; the kinds are ` + catalog.KindList(),
				`a.yaml:5:14: minutes must be a whole number from 0 to 240, not "-3"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := agenda.Parse("a.yaml", []byte(tc.file))
			var p *agenda.Problems
			if !errors.As(err, &p) {
				t.Fatalf("Parse = %v, want problems", err)
			}
			if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestParse reads a file with every key and checks what it holds; keys
// left out keep the exercise's defaults, and text is cleaned.
func TestParse(t *testing.T) {
	a, err := agenda.Parse("a.yaml", []byte(`# notes for the facilitator
title: "Kickoff \e[31mred"
facilitators: ["SHA256:abc"]
activities:
  - kind: checkin
    minutes: 5
  - kind: willingness
    title: Ready?
    prompt: Rate it
    anonymity: organisation
    results: live
    statements: [One, "Two\u200b"]
  - kind: assumptions
    categories: [Money]
`))
	if err != nil {
		t.Fatal(err)
	}
	checkin, _ := catalog.New("checkin")
	checkin.TimeBox = 5 * time.Minute
	want := agenda.Agenda{Title: "Kickoff red", Facilitators: []string{"SHA256:abc"},
		FacilitatorAt: []agenda.Pos{{Line: 3, Column: 16}},
		Activities: []exercises.Activity{checkin,
			{Kind: willingness.Kind, Title: "Ready?", Prompt: "Rate it", Anonymity: exercises.Organisation, Live: true,
				Settings: willingness.Settings{Statements: []string{"One", "Two"}}},
			{Kind: assumptions.Kind, Title: "Assumption mapping", Prompt: assumptions.Exercise.Defaults().Prompt,
				Anonymity: exercises.Named, Settings: assumptions.Settings{Categories: []string{"Money"}}},
		}}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("Parse =\n%#v\nwant\n%#v", a, want)
	}
}

// TestTemplates checks every embedded template: it has a line about it,
// passes the check, and written out reads back as the same agenda.
func TestTemplates(t *testing.T) {
	if len(agenda.Templates()) == 0 {
		t.Fatal("no templates")
	}
	for _, tm := range agenda.Templates() {
		t.Run(tm.Name, func(t *testing.T) {
			if tm.About == "" {
				t.Error("the template has no first comment line saying what it is")
			}
			a, err := agenda.Parse(tm.Name+".yaml", tm.Data)
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, a)
		})
	}
	if _, err := agenda.TemplateNamed("nope"); err == nil || !strings.Contains(err.Error(), "kickoff") {
		t.Errorf("TemplateNamed(nope) = %v, want the list of templates", err)
	}
}

// roundTrip writes a and reads it back.
func roundTrip(t *testing.T, a agenda.Agenda) {
	t.Helper()
	data, err := agenda.Write(a, "written by a test")
	if err != nil {
		t.Fatal(err)
	}
	b, err := agenda.Parse("written.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	b.FacilitatorAt, a.FacilitatorAt = nil, nil
	if !reflect.DeepEqual(a, b) {
		t.Errorf("read back\n%#v\nwant\n%#v\nfrom\n%s", b, a, data)
	}
}

// TestWriteEveryKind writes one activity of each exercise with its
// defaults and reads them back.
func TestWriteEveryKind(t *testing.T) {
	var a agenda.Agenda
	a.Title = "Every kind"
	a.Facilitators = []string{"SHA256:x"}
	for _, e := range catalog.All() {
		act := e.Defaults()
		act.TimeBox = 7 * time.Minute
		act.Live = len(a.Activities)%2 == 1
		a.Activities = append(a.Activities, act)
	}
	roundTrip(t, a)
}
