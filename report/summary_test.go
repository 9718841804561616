package report_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/report"
	"commonground/session"
)

// summaryOf is the Markdown report's summary, up to the participants.
func summaryOf(t *testing.T, md string) string {
	t.Helper()
	start, end := strings.Index(md, "## Summary\n"), strings.Index(md, "## Participants\n")
	if start < 0 || end < start {
		t.Fatalf("no summary before the participants:\n%s", md)
	}
	return md[start:end]
}

func TestSummary(t *testing.T) {
	f := newMapFixture(t)
	f.runMap(t)
	got := summaryOf(t, write(t, f.w.Snapshot(), "md"))
	for _, want := range []string{
		"- **Date:** 2 March 2026\n",
		// The facilitator never joined: no name to show.
		"- **Facilitators:** 1 facilitator\n",
		"- **Took part:** 4 people: City 2, Food Bank 2\n",
		"- **Decisions:** none yet\n",
		"- **Actions:** 2 actions planned, 1 confirmed by the facilitator\n",
		// Only Ana checked in: the others are named, as the check-in is.
		"| 1. Check-in | Ben Ode (Food Bank), Cy Park (City), Di Ross (City) | 1 answer | – |\n",
		"| 2. Assumption mapping | everyone took part | 5 cards rated by 4 people · 2 contested (A1, A6) · 2 actions, 1 confirmed | – |\n",
		"| 2 | A1 | Ask 20 families at the pantry | Cy Park (City) | 2027-01-31 | confirmed |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
}

func TestSummaryWordsTheWillingnessScale(t *testing.T) {
	f := newFixture(t)
	f.runWorkshop(t)
	got := summaryOf(t, write(t, f.w.Snapshot(), "md"))
	for _, want := range []string{
		"- **Took part:** 3 people: Beta Fund 2, Alpha Trust 1\n",
		"- **Decisions:** 1 of 2 activities decided\n",
		"- **Actions:** none planned\n",
		"| 2. Willingness check | everyone took part | 3 people answered · 2 blockers, 1 reservation · lowest 0, I block | " +
			"Proceed with conditions: Board approval \\| a budget by June |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
}

// A facilitator who joined is named, unless every activity is anonymous;
// who did not answer an anonymous activity is only counted, and an
// organisation of one is not named.
func TestSummaryAnonymity(t *testing.T) {
	f := newFixture(t)
	f.do(t, facilitator, session.Join{Name: "Fay Moss", Org: "Convenor"})
	f.runWorkshop(t)
	f.do(t, "SHA256:dee", session.Join{Name: "Dee Late", Org: "Beta Fund"})

	got := summaryOf(t, write(t, f.w.Snapshot(), "md"))
	for _, want := range []string{
		"- **Facilitators:** Fay Moss (Convenor)",
		"- **Took part:** 4 people: Beta Fund 3, Alpha Trust 1\n",
		"| 1. Check-in | Dee Late (Beta Fund) | 3 answers |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("named summary lacks %q:\n%s", want, got)
		}
	}

	f.setAnonymity(t, exercises.Organisation)
	got = summaryOf(t, write(t, f.w.Snapshot(), "md"))
	if !strings.Contains(got, "| 1. Check-in | 1 person | 3 answers |") || strings.Contains(got, "Dee Late") {
		t.Errorf("organisation-only summary does not only count who did not answer:\n%s", got)
	}

	f.setAnonymity(t, exercises.Anonymous)
	doc := write(t, f.w.Snapshot(), "md")
	got = summaryOf(t, doc)
	for _, name := range []string{"Fay Moss", "Dee Late", "Alpha Trust"} {
		if strings.Contains(got, name) {
			t.Errorf("anonymous summary contains %s:\n%s", name, got)
		}
	}
	for _, want := range []string{
		"- **Facilitators:** 1 facilitator\n",
		"- **Took part:** 4 people: Beta Fund 3, 1 person from organisations of one, not named\n",
		"| 1. Check-in | 1 person | 3 answers |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("anonymous summary lacks %q:\n%s", want, got)
		}
	}

	var r report.Report
	if err := json.Unmarshal([]byte(write(t, f.w.Snapshot(), "json")), &r); err != nil {
		t.Fatal(err)
	}
	if r.FacilitatorCount != 1 || r.Facilitators != nil || r.Activities[0].NotAnsweredCount != 1 || r.Activities[0].NotAnswered != nil ||
		!slices.Equal(r.Organisations, []report.OrgCount{{Org: "Beta Fund", People: 3}, {Org: "", People: 1}}) {
		t.Errorf("anonymous JSON summary: facilitators %d %v, not answered %d %v, organisations %v", r.FacilitatorCount,
			r.Facilitators, r.Activities[0].NotAnsweredCount, r.Activities[0].NotAnswered, r.Organisations)
	}
}
