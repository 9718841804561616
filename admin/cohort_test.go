package admin_test

import (
	"strings"
	"testing"

	"commonground/admin"
)

// TestCohortCommands runs the cohort commands as they run over SSH: who
// may do what, and what each says.
func TestCohortCommands(t *testing.T) {
	_, facID := newKey(t)
	anaLine, anaID := newKey(t)
	_, strangerID := newKey(t)
	hub := newHub(t)
	fac := admin.Caller{ID: facID, IsFacilitator: func(id string) bool { return id == facID }, JoinHost: "example.org", Port: 2299}
	stranger := admin.Caller{ID: strangerID, IsFacilitator: fac.IsFacilitator, JoinHost: "example.org", Port: 2299}
	expect := func(r result, code int, want string) {
		t.Helper()
		if r.code != code || !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("want exit %d and %q, got %s", code, want, r)
		}
	}

	expect(run(hub, stranger, "cohort", "new", "riverside-2027"), 1, "only a facilitator of this server may create cohorts")
	expect(run(hub, fac, "cohort", "new", "Riverside 2027"), 1, "a cohort's name has 2 to 40 lower-case letters")
	expect(run(hub, fac, "cohort", "new", "riverside-2027", "--tz", "Mars/Olympus"), 1, `"Mars/Olympus" is not a time zone`)
	expect(run(hub, fac, "cohort", "new", "riverside-2027", "--title", "Riverside academy", "--tz", "Europe/London"), 0, "ssh -p 2299 ")
	expect(run(hub, fac, "cohort", "new", "riverside-2027"), 1, "there is a cohort named riverside-2027 already")

	expect(run(hub, stranger, "cohort", "add", "riverside-2027", "--key", anaLine, "--name", "Ana", "--org", "County"), 1, `you do not organise a cohort named "riverside-2027"`)
	expect(run(hub, stranger, "cohort", "show", "no-such"), 1, `you do not organise a cohort named "no-such"`)
	expect(run(hub, fac, "cohort", "add", "riverside-2027", "--key", "ana.pub", "--name", "Ana", "--org", "County"), 1, "over SSH a key cannot be named by a file")
	expect(run(hub, fac, "cohort", "add", "riverside-2027", "--key", anaLine, "--name", "Ana Ruiz", "--org", "County Health"), 0, "Ana Ruiz (County Health) is a member of riverside-2027: 1 member.")
	expect(run(hub, fac, "cohort", "add", "riverside-2027", "--key", anaID, "--name", "Ana Ruiz", "--org", "County Health Dept", "--tz", "America/Chicago"), 0, "1 member.")
	expect(run(hub, fac, "cohort", "add", "riverside-2027", "--name", "Ben"), 2, `required flag(s) "key", "org" not set`)

	file := "title: Session 1\nactivities:\n  - kind: checkin\n  - kind: willingness\n    prework: {opens: 2027-01-07, due: 2027-01-13}\n"
	r := runIn(hub, fac, file, "workshop", "new", "--agenda", "-", "--cohort", "riverside-2027", "--starts", "2027-01-14T15:00")
	expect(r, 0, "It is a session of riverside-2027 (1 in all), starting Thu 14 Jan 2027 15:00 GMT.")
	expect(runIn(hub, fac, file, "workshop", "new", "--agenda", "-", "--cohort", "riverside-2027"), 2, "a cohort's session needs both --cohort and --starts")
	expect(runIn(hub, fac, file, "workshop", "new", "--agenda", "-", "--cohort", "riverside-2027", "--starts", "soon"), 1, "--starts must be a date and time like 2027-01-14T15:00 (in Europe/London)")
	code := ""
	for _, l := range strings.Split(r.stdout, "\n") {
		if c, ok := strings.CutPrefix(l, "Join code: "); ok {
			code = c
		}
	}

	show := run(hub, fac, "cohort", "show", "riverside-2027")
	for _, want := range []string{"Riverside academy (riverside-2027)", "Ana Ruiz  County Health Dept  America/Chicago", code + "  Session 1  Thu 14 Jan 2027 15:00 GMT",
		code + ", Willingness check: due Thu 14 Jan 2027 00:00 GMT, 0 of 1 did it", "Ana Ruiz  County Health Dept  not started  0 of 9"} {
		expect(show, 0, want)
	}
	expect(run(hub, fac, "cohort", "show", "riverside-2027", "--format", "xml"), 1, `--format is text or csv, not "xml"`)
	expect(run(hub, fac, "cohort", "show", "riverside-2027", "--format", "csv"), 0, "riverside-2027,Session 1,"+code+",2027-01-14T15:00:00Z,Willingness check,2027-01-14T00:00:00Z,Ana Ruiz,County Health Dept,not started,0,9")
	expect(run(hub, fac, "cohort", "nudge", "riverside-2027", "--session", code, "--activity", "1", "hello"), 1, "activity 1 of "+code+" is not prework")
	expect(run(hub, fac, "cohort", "nudge", "riverside-2027", "--session", code, "--activity", "2", strings.Repeat("x", 300)), 0,
		"The nudge was cut to 280 characters.\nLeft the nudge: the 1 member who has not done it will see it in their lobby.")
	expect(run(hub, stranger, "cohort", "list"), 1, "only a facilitator of this server may list its cohorts")
	expect(run(hub, fac, "cohort", "list"), 0, "riverside-2027  Riverside academy  1        1")
}
