package agenda_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"commonground/agenda"
)

// TestPreworkMarks reads prework windows in a file's time zone, with an
// offset and as dates alone, and writes them back to the same instants.
func TestPreworkMarks(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, zone, opens, due string
		wantOpens, wantDue     time.Time
	}{
		{"UTC by default", "", "2027-01-07T09:00", "2027-01-14T12:00",
			time.Date(2027, 1, 7, 9, 0, 0, 0, time.UTC), time.Date(2027, 1, 14, 12, 0, 0, 0, time.UTC)},
		{"the file's zone", "Europe/Berlin", "2027-01-07T09:00", "2027-01-14T12:00",
			time.Date(2027, 1, 7, 9, 0, 0, 0, berlin), time.Date(2027, 1, 14, 12, 0, 0, 0, berlin)},
		{"an offset wins over the zone", "Europe/Berlin", "2027-01-07T09:00:00-05:00", "2027-01-14T12:00:00Z",
			time.Date(2027, 1, 7, 14, 0, 0, 0, time.UTC), time.Date(2027, 1, 14, 12, 0, 0, 0, time.UTC)},
		{"a due date alone is the end of that day", "Europe/Berlin", "2027-01-07", "2027-01-14",
			time.Date(2027, 1, 7, 0, 0, 0, 0, berlin), time.Date(2027, 1, 15, 0, 0, 0, 0, berlin)},
		{"across a change of summer time", "Europe/Berlin", "2027-03-27T12:00", "2027-03-28T12:00",
			time.Date(2027, 3, 27, 11, 0, 0, 0, time.UTC), time.Date(2027, 3, 28, 10, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "title: T\n"
			if tc.zone != "" {
				file += "timezone: " + tc.zone + "\n"
			}
			file += "activities:\n  - kind: checkin\n  - kind: willingness\n    prework:\n      opens: " + tc.opens + "\n      due: " + tc.due + "\n"
			a, err := agenda.Parse("a.yaml", []byte(file))
			if err != nil {
				t.Fatal(err)
			}
			p := a.Activities[1].Prework
			if p == nil || !p.Opens.Equal(tc.wantOpens) || !p.Due.Equal(tc.wantDue) {
				t.Fatalf("prework %+v, want opens %v, due %v", p, tc.wantOpens, tc.wantDue)
			}
			if a.Activities[0].Prework != nil {
				t.Errorf("the check-in has prework %+v, want none", a.Activities[0].Prework)
			}
			out, err := agenda.Write(a, "")
			if err != nil {
				t.Fatal(err)
			}
			back, err := agenda.Parse("b.yaml", out)
			if err != nil {
				t.Fatalf("the written file does not read back: %v\n%s", err, out)
			}
			q := back.Activities[1].Prework
			if q == nil || !q.Opens.Equal(p.Opens) || !q.Due.Equal(p.Due) || back.TimeZone != a.TimeZone {
				t.Errorf("written and read back: %+v in %q, want %+v in %q\n%s", q, back.TimeZone, p, a.TimeZone, out)
			}
		})
	}
}

// TestPreworkMistakes checks each mistake in prework marks names its line
// and column.
func TestPreworkMistakes(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
	}{
		{"DueBeforeOpens", "title: T\nactivities:\n  - kind: checkin\n  - kind: checkin\n    prework: {opens: 2027-01-14, due: 2027-01-07}\n",
			"a.yaml:5:39: the prework is due before it opens"},
		{"NotATime", "title: T\nactivities:\n  - kind: checkin\n  - kind: checkin\n    prework:\n      opens: soon\n      due: 2027-01-07\n",
			`a.yaml:6:14: opens must be a date and time like 2027-01-14T12:00 (or 2027-01-14, or with an offset: 2027-01-14T12:00:00+01:00), not "soon"`},
		{"MissingDue", "title: T\nactivities:\n  - kind: checkin\n  - kind: checkin\n    prework:\n      opens: 2027-01-07\n",
			`a.yaml:6:7: the prework of activity 2 needs "due": add a line like "due: 2027-01-14T12:00"`},
		{"UnknownKey", "title: T\nactivities:\n  - kind: checkin\n  - kind: checkin\n    prework:\n      opens: 2027-01-07\n      until: 2027-01-08\n",
			"a.yaml:7:7: the prework of activity 2 has no key \"until\" (its keys: opens, due)\n" +
				`a.yaml:6:7: the prework of activity 2 needs "due": add a line like "due: 2027-01-14T12:00"`},
		{"FirstActivity", "title: T\nactivities:\n  - kind: checkin\n    prework: {opens: 2027-01-07, due: 2027-01-08}\n",
			"a.yaml:4:5: the first activity cannot be prework: the live session starts on it (put the prework after a check-in)"},
		{"NothingToDo", "title: T\nactivities:\n  - kind: checkin\n  - kind: funders\n    prework: {opens: 2027-01-07, due: 2027-01-08}\n",
			`a.yaml:5:5: activity 2: "Funder alignment" cannot be prework: its first phase (Goals) asks participants for nothing`},
		{"BadZone", "title: T\ntimezone: Mars/Olympus\nactivities:\n  - kind: checkin\n",
			`a.yaml:2:11: the time zone must be a name like Europe/Berlin or America/New_York, not "Mars/Olympus"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := agenda.Parse("a.yaml", []byte(tc.file))
			var p *agenda.Problems
			if !errors.As(err, &p) {
				t.Fatalf("error %v, want problems", err)
			}
			if got := strings.Join(strings.Split(p.Error(), "\n"), "\n"); got != tc.want {
				t.Errorf("messages:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
