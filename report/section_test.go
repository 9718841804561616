package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/exercises/catalog"
)

// Every exercise has its report section, registered once: one that fell
// back to unknownSection would lose its results in every format.
func TestSectionsCoverEveryKind(t *testing.T) {
	var registered []exercises.Kind
	for _, s := range sections {
		if slices.Contains(registered, s.kind) {
			t.Errorf("%s has two sections", s.kind)
		}
		registered = append(registered, s.kind)
	}
	for _, k := range catalog.Kinds() {
		if !slices.Contains(registered, k) {
			t.Errorf("%s has no report section", k)
		}
		if _, ok := sectionFor(k).(unknownSection); ok {
			t.Errorf("sectionFor(%s) falls back to unknownSection", k)
		}
	}
	for _, k := range registered {
		if !slices.Contains(catalog.Kinds(), k) {
			t.Errorf("section for %s, which is not an exercise", k)
		}
	}
}

// An activity of an exercise without a section still has its common parts
// in the report, and in the CSV file only its decision.
func TestReportOfUnknownKind(t *testing.T) {
	r := &Report{Title: "W", Activities: []Activity{{Number: 1, Kind: "poll", Title: "Lunch", Prompt: "Where?",
		Anonymity: exercises.Named, Answers: []Answer{},
		Decision: &Decision{Outcome: exercises.Proceed, Label: exercises.Proceed.Label()}}}}
	var buf bytes.Buffer
	if err := renderMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## 1. Lunch", "**Prompt:** Where?", "cannot be shown in a report yet", "### Decision"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, buf.String())
		}
	}
	buf.Reset()
	if err := renderCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	decision := "decision,1,Lunch,poll" + strings.Repeat(",", len(csvHeader)-5) + "Proceed,\n"
	if got, want := buf.String(), strings.Join(csvHeader, ",")+"\n"+decision; got != want {
		t.Errorf("CSV = %q, want the header and the decision row %q", got, decision)
	}
}

// TestJSONReadsBack reads every golden JSON document into a Report and
// writes it again: the results under each exercise's kind come back as its
// section's own type, byte for byte.
func TestJSONReadsBack(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden JSON documents (%v)", err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var r Report
			if err := json.Unmarshal(want, &r); err != nil {
				t.Fatal(err)
			}
			for _, a := range r.Activities {
				if got, want := a.Results == nil, sectionFor(a.Kind).results() == nil; got != want {
					t.Errorf("activity %d (%s): results %T read back", a.Number, a.Kind, a.Results)
				}
			}
			var buf bytes.Buffer
			if err := renderJSON(&buf, &r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("written again, the document differs:\n%s", buf.String())
			}
		})
	}
}
