package admin_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"commonground/admin"
	"commonground/agenda"
	"commonground/exercises/catalog"
)

const riverside = `# My notes
title: Riverside food partnership
activities:
  - kind: checkin
    title: Welcome
    prompt: "In one sentence: what brought you here?"
    minutes: 10
  - kind: willingness
    anonymity: organisation
    minutes: 20
    statements: [We will share visit numbers, We can name a contact]
  - kind: assumptions
    categories: [Need, Money]
`

// TestAgendaOverSSH is what a facilitator of the server does over SSH:
// check a file on standard input, create a workshop from it, write its
// agenda back and create the same agenda again from what was written.
func TestAgendaOverSSH(t *testing.T) {
	_, id := newKey(t)
	hub := newHub(t, id)
	fac := admin.Caller{ID: id, IsFacilitator: func(s string) bool { return s == id }, JoinHost: "example.org", Port: 2299}

	r := runIn(hub, fac, riverside, "agenda", "check", "-")
	if r.code != 0 || r.stdout != "standard input: ok: \"Riverside food partnership\", 3 activities, 30 minutes planned\n" {
		t.Errorf("agenda check: %v", r)
	}
	r = runIn(hub, fac, "title: T\nactivities:\n  - kind: brainstorm\n", "agenda", "check", "-")
	want := "Error: standard input:3:11: unknown kind \"brainstorm\"; the kinds are " + catalog.KindList() + "\n1 error in standard input\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("agenda check of a bad file: %v\nwant stderr %q", r, want)
	}
	r = run(hub, fac, "agenda", "check", "/etc/passwd")
	if r.code != 1 || !strings.Contains(r.stderr, "over SSH the agenda file comes on standard input") {
		t.Errorf("a file named over SSH: %v", r)
	}

	code := codeOf(t, runIn(hub, fac, riverside, "workshop", "new", "--agenda", "-"))
	first, err := hub.Read(code)
	if err != nil {
		t.Fatal(err)
	}
	if first.Title != "Riverside food partnership" || len(first.Activities) != 3 || first.Activities[1].Activity.TimeBox.Minutes() != 20 {
		t.Errorf("created %q with %d activities", first.Title, len(first.Activities))
	}

	shown := run(hub, fac, "agenda", "show", code)
	if shown.code != 0 {
		t.Fatal(shown)
	}
	again := codeOf(t, runIn(hub, fac, shown.stdout, "workshop", "new", "--agenda", "-", "--title", "Second session"))
	second, err := hub.Read(again)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := admin.AgendaOf(first), admin.AgendaOf(second); !reflect.DeepEqual(a.Activities, b.Activities) || second.Title != "Second session" {
		t.Errorf("the agenda written back recreates\n%+v\nnot\n%+v", b.Activities, a.Activities)
	}
	if r := run(hub, fac, "agenda", "show"); r.code != 1 || !strings.Contains(r.stderr, "give a workshop's join code or --template NAME") {
		t.Errorf("agenda show alone: %v", r)
	}
}

// TestTemplatesCreateWorkshops takes every embedded template through
// what a facilitator does with it: listed, written out, checked, used.
func TestTemplatesCreateWorkshops(t *testing.T) {
	hub := newHub(t)
	list := run(hub, adminCaller, "agenda", "templates")
	if list.code != 0 || strings.Count(list.stdout, "\n") != len(agenda.Templates()) {
		t.Errorf("agenda templates: %v, want one line each", list)
	}
	for _, tm := range agenda.Templates() {
		t.Run(tm.Name, func(t *testing.T) {
			if !strings.Contains(list.stdout, tm.Name+" ") || !strings.Contains(list.stdout, tm.About) {
				t.Errorf("agenda templates leaves out %s: %v", tm.Name, list)
			}
			out := run(hub, adminCaller, "agenda", "show", "--template", tm.Name)
			if out.code != 0 || out.stdout != string(tm.Data) {
				t.Fatalf("agenda show --template: %v", out)
			}
			file := filepath.Join(t.TempDir(), tm.Name+".yaml")
			if err := os.WriteFile(file, tm.Data, 0o600); err != nil {
				t.Fatal(err)
			}
			if r := run(hub, adminCaller, "agenda", "check", file); r.code != 0 {
				t.Errorf("agenda check: %v", r)
			}
			want, err := agenda.Parse(tm.Name, tm.Data)
			if err != nil {
				t.Fatal(err)
			}
			snap, err := hub.Read(codeOf(t, run(hub, adminCaller, "workshop", "new", "--template", tm.Name)))
			if err != nil {
				t.Fatal(err)
			}
			if got := admin.AgendaOf(snap); got.Title != want.Title || !reflect.DeepEqual(got.Activities, want.Activities) {
				t.Errorf("the workshop has\n%+v\nwant\n%+v", got, want)
			}
		})
	}
	r := run(hub, adminCaller, "workshop", "new", "--template", "nope")
	if r.code != 1 || !strings.Contains(r.stderr, `there is no template "nope"; the templates are `) {
		t.Errorf("an unknown template: %v", r)
	}
	for _, tm := range agenda.Templates() {
		if !strings.Contains(r.stderr, tm.Name) {
			t.Errorf("the refusal of an unknown template does not name %s: %v", tm.Name, r)
		}
	}
}

// codeOf is the join code workshop new printed.
func codeOf(t *testing.T, r result) string {
	t.Helper()
	for line := range strings.Lines(r.stdout) {
		if code, ok := strings.CutPrefix(strings.TrimSpace(line), "Join code: "); ok {
			return code
		}
	}
	t.Fatalf("no join code in %v", r)
	return ""
}
