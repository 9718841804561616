package exercises_test

import (
	"testing"
	"time"

	"commonground/exercises"
)

// TestPreworkWindowAndStatus is the due-date rules: the window includes
// its opening and ends at the due instant, whatever the zone it was
// written in; a person's status follows what they gave and the clock.
func TestPreworkWindowAndStatus(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	// Due at noon in Chicago is 18:00 UTC in January.
	p := exercises.Prework{Opens: time.Date(2027, 1, 7, 9, 0, 0, 0, time.UTC), Due: time.Date(2027, 1, 14, 12, 0, 0, 0, chicago)}
	for _, tc := range []struct {
		name         string
		at           time.Time
		given, asked int
		window       exercises.Window
		status       exercises.PreworkStatus
	}{
		{"before it opens", time.Date(2027, 1, 7, 8, 59, 59, 0, time.UTC), 0, 9, exercises.NotYetOpen, exercises.PreworkNotStarted},
		{"as it opens", time.Date(2027, 1, 7, 9, 0, 0, 0, time.UTC), 0, 9, exercises.OpenNow, exercises.PreworkNotStarted},
		{"started", time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), 3, 9, exercises.OpenNow, exercises.PreworkInProgress},
		{"done before the due date", time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), 9, 9, exercises.OpenNow, exercises.PreworkDone},
		{"a second before it is due, in UTC", time.Date(2027, 1, 14, 17, 59, 59, 0, time.UTC), 3, 9, exercises.OpenNow, exercises.PreworkInProgress},
		{"the due instant passes during prework", time.Date(2027, 1, 14, 18, 0, 0, 0, time.UTC), 3, 9, exercises.PastDue, exercises.PreworkOverdue},
		{"never started, past due", time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), 0, 9, exercises.PastDue, exercises.PreworkOverdue},
		{"done stays done past due", time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), 9, 9, exercises.PastDue, exercises.PreworkDone},
		{"nothing asked is never done", time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), 0, 0, exercises.OpenNow, exercises.PreworkNotStarted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.At(tc.at); got != tc.window {
				t.Errorf("window at %v: %v, want %v", tc.at, got, tc.window)
			}
			if got := p.StatusOf(tc.at, tc.given, tc.asked); got != tc.status {
				t.Errorf("status at %v with %d of %d: %q, want %q", tc.at, tc.given, tc.asked, got, tc.status)
			}
		})
	}
}

// TestInZone shows one instant in each member's time zone, and in UTC,
// named so, when the zone is unknown.
func TestInZone(t *testing.T) {
	at := time.Date(2027, 1, 14, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ tz, want string }{
		{"", "Thu 14 Jan 2027 15:00 UTC"},
		{"Europe/Berlin", "Thu 14 Jan 2027 16:00 CET"},
		{"America/Chicago", "Thu 14 Jan 2027 09:00 CST"},
		{"Asia/Kolkata", "Thu 14 Jan 2027 20:30 IST"},
		{"Not/AZone", "Thu 14 Jan 2027 15:00 UTC"},
	} {
		if got := exercises.InZone(at, tc.tz); got != tc.want {
			t.Errorf("InZone(%q) = %q, want %q", tc.tz, got, tc.want)
		}
	}
}

// TestCheckPrework refuses marks that cannot work.
func TestCheckPrework(t *testing.T) {
	answer := exercises.PhaseSpec{Name: "answer", Title: "Answer", Input: true, Takes: exercises.TakesAnswer}
	goals := exercises.PhaseSpec{Name: "goals", Title: "Goals"}
	day := time.Date(2027, 1, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		p     *exercises.Prework
		first exercises.PhaseSpec
		ok    bool
	}{
		{"none", nil, goals, true},
		{"a week", &exercises.Prework{Opens: day, Due: day.AddDate(0, 0, 7)}, answer, true},
		{"due before it opens", &exercises.Prework{Opens: day, Due: day.AddDate(0, 0, -1)}, answer, false},
		{"due as it opens", &exercises.Prework{Opens: day, Due: day}, answer, false},
		{"no due date", &exercises.Prework{Opens: day}, answer, false},
		{"a first phase that asks nothing", &exercises.Prework{Opens: day, Due: day.AddDate(0, 0, 7)}, goals, false},
	} {
		err := exercises.Activity{Title: "A", Prework: tc.p}.CheckPrework(tc.first)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
