package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/report"
	"commonground/session"
	"commonground/tui"
)

// TestCatalogIsComplete walks the catalog and fails when an exercise lacks
// what every exercise must have: valid defaults that survive being stored,
// phases with stable names, events of its own that fold from empty data, a
// view in the terminal, a section in the report, and a row in the README's
// table of exercises with its phases in order.
func TestCatalogIsComplete(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	workshopEvents := []string{session.EvWorkshopCreated, session.EvJoined, session.EvMoved, session.EvRevealSet,
		session.EvLockSet, session.EvAnonymitySet, session.EvTimerSet, session.EvDecisionSet,
		session.EvRemoved, session.EvMuted, session.EvFacilitatorAdded, session.EvFacilitatorRemoved}
	seenEvents := map[string]exercises.Kind{}
	for _, e := range catalog.All() {
		k := e.Kind()
		t.Run(string(k), func(t *testing.T) {
			t.Run("defaults", func(t *testing.T) {
				a := e.Defaults()
				if a.Kind != k || a.Title == "" || a.Prompt == "" || e.About() == "" {
					t.Fatalf("defaults %+v, about %q: want the kind, a title, a prompt and a line about it", a, e.About())
				}
				if err := catalog.Validate(a); err != nil {
					t.Fatalf("the defaults are invalid: %v", err)
				}
				raw, err := json.Marshal(a)
				if err != nil {
					t.Fatal(err)
				}
				back, err := catalog.Decode(raw)
				if err != nil || !reflect.DeepEqual(back, a) {
					t.Fatalf("stored as %s, read back as %+v (%v), want %+v", raw, back, err, a)
				}
			})
			t.Run("phases", func(t *testing.T) {
				phases := e.Phases()
				if len(phases) == 0 {
					t.Fatal("no phases")
				}
				names := map[string]bool{}
				for _, p := range phases {
					if p.Name == "" || p.Title == "" || names[p.Name] || p.Input != (p.Takes != "") {
						t.Errorf("phase %+v: want a unique name, a title, and what it takes exactly when it takes input", p)
					}
					names[p.Name] = true
				}
			})
			t.Run("events", func(t *testing.T) {
				if len(e.Events()) == 0 {
					t.Fatal("folds no events")
				}
				a, empty := e.Defaults(), e.Empty()
				for _, typ := range e.Events() {
					if slices.Contains(workshopEvents, typ) {
						t.Errorf("event %s is the workshop's own", typ)
					}
					if other, ok := seenEvents[typ]; ok && other != k && typ != exercises.EvAnswerSet {
						t.Errorf("event %s is folded by %s too", typ, other)
					}
					seenEvents[typ] = k
					if _, err := e.Fold(empty, exercises.Record{Type: typ, Data: json.RawMessage(`{"activity":0}`)}); err != nil {
						t.Errorf("fold of an empty %s on empty data: %v", typ, err)
					}
				}
				for _, p := range e.Phases() {
					if got := e.Progress(a, p, empty); got.Given("anyone") != 0 {
						t.Errorf("phase %s: someone has given %d before anyone gave anything", p.Name, got.Given("anyone"))
					}
				}
				if e.HasInput(empty) {
					t.Error("HasInput says someone gave input before anyone gave anything")
				}
				e.Derive(a, empty, exercises.Roster{})
			})
			t.Run("view", func(t *testing.T) {
				if !tui.Draws(k) {
					t.Error("the terminal has no view for it (tui/view.go)")
				}
			})
			t.Run("report", func(t *testing.T) {
				if !report.Covers(k) {
					t.Error("the report has no section for it (report/section.go)")
				}
			})
			t.Run("readme", func(t *testing.T) {
				names := make([]string, 0, len(e.Phases()))
				for _, p := range e.Phases() {
					names = append(names, p.Name)
				}
				row := regexp.MustCompile(fmt.Sprintf("(?m)^\\| `%s` \\| ([^|]*) \\|", regexp.QuoteMeta(string(k))))
				m := row.FindSubmatch(readme)
				if m == nil {
					t.Fatalf("no row for %q in the README's table of exercises", k)
				}
				if got, want := strings.TrimSpace(string(m[1])), strings.Join(names, " · "); got != want {
					t.Errorf("the README gives its phases as %q, want %q", got, want)
				}
			})
		})
	}
}
