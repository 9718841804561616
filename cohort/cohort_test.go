package cohort_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"commonground/cohort"
	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/session"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

const (
	ana = "SHA256:ana"
	ben = "SHA256:ben"
	cy  = "SHA256:cy"
	org = "SHA256:organiser"
)

// academy is a cohort of three with one session whose willingness check
// is anonymous prework, on a hub over a real store with a test clock.
type academy struct {
	hub     *session.Hub
	cohorts *cohort.Cohorts
	clock   *clock
	w       *session.Workshop
	st      *cohort.State
	opens   time.Time
	due     time.Time
}

func newAcademy(t *testing.T) *academy {
	t.Helper()
	store, err := session.OpenBolt(filepath.Join(t.TempDir(), "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	a := &academy{clock: &clock{t: time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)},
		opens: time.Date(2027, 1, 7, 9, 0, 0, 0, time.UTC), due: time.Date(2027, 1, 14, 12, 0, 0, 0, time.UTC)}
	a.hub = session.NewHub(store, session.Options{Now: a.clock.now})
	t.Cleanup(a.hub.Close)
	a.cohorts = cohort.Of(a.hub)
	if _, err := a.cohorts.Create(cohort.New{Name: "riverside-2027", Title: "Riverside academy", TimeZone: "Europe/London", CreatedBy: org}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []cohort.Member{{ID: ana, Name: "Ana", Org: "County Health", TimeZone: "America/Chicago"}, {ID: ben, Name: "Ben", Org: "City Council"}, {ID: cy, Name: "Cy", Org: "Food Bank"}} {
		if _, err := a.cohorts.AddMember("riverside-2027", org, m); err != nil {
			t.Fatal(err)
		}
	}
	acts := []exercises.Activity{mustNew(t, checkin.Kind), mustNew(t, willingness.Kind)}
	acts[1].Anonymity = exercises.Anonymous
	acts[1].Settings = willingness.Settings{Statements: willingness.Statements(acts[1])[:2]}
	acts[1].Prework = &exercises.Prework{Opens: a.opens, Due: a.due}
	meta, err := a.hub.Create(session.NewWorkshop{Title: "Session 1", Agenda: acts, CreatedBy: org})
	if err != nil {
		t.Fatal(err)
	}
	a.st, err = a.cohorts.AddSession("riverside-2027", org, cohort.Session{Workshop: meta.ID, Code: meta.Code, Title: meta.Title, Starts: a.due.Add(3 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if a.w, err = a.hub.Open(meta.Code); err != nil {
		t.Fatal(err)
	}
	return a
}

func mustNew(t *testing.T, k exercises.Kind) exercises.Activity {
	t.Helper()
	a, err := catalog.New(k)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (a *academy) answer(t *testing.T, id, name string, item, value int) {
	t.Helper()
	ctx := context.Background()
	if _, err := a.w.Do(ctx, id, session.Join{Name: name, Org: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.w.Do(ctx, id, exercises.SetAnswer{Activity: 1, Item: item, Value: value}); err != nil {
		t.Fatalf("%s's prework: %v", name, err)
	}
}

// statuses is each member's status for the session's one prework.
func (a *academy) statuses(t *testing.T) map[string]exercises.PreworkStatus {
	t.Helper()
	st, err := a.cohorts.Get("riverside-2027")
	if err != nil {
		t.Fatal(err)
	}
	list, err := a.cohorts.Completion(st, a.clock.t)
	if err != nil || len(list) != 1 {
		t.Fatalf("completion: %v, %d preworks", err, len(list))
	}
	out := map[string]exercises.PreworkStatus{}
	for _, r := range list[0].Rows {
		out[r.Member.Name] = r.Status
	}
	return out
}

// TestCompletion follows the completion list through the prework: done,
// in progress, not started, then overdue once the due date passes, and
// after the live session reached the activity.
func TestCompletion(t *testing.T) {
	a := newAcademy(t)
	a.clock.t = a.opens.Add(time.Hour)
	a.answer(t, ana, "Ana", 0, 4)
	a.answer(t, ana, "Ana", 1, 5)
	a.answer(t, ben, "Ben", 0, 1)
	want := map[string]exercises.PreworkStatus{"Ana": exercises.PreworkDone, "Ben": exercises.PreworkInProgress, "Cy": exercises.PreworkNotStarted}
	if got := a.statuses(t); !equal(got, want) {
		t.Errorf("during the prework: %v, want %v", got, want)
	}
	a.clock.t = a.due
	want = map[string]exercises.PreworkStatus{"Ana": exercises.PreworkDone, "Ben": exercises.PreworkOverdue, "Cy": exercises.PreworkOverdue}
	if got := a.statuses(t); !equal(got, want) {
		t.Errorf("past due: %v, want %v", got, want)
	}
	if _, err := a.w.Do(context.Background(), org, session.Move{Activity: 1}); err != nil {
		t.Fatal(err)
	}
	// Ben answered something before the live session: he did the prework.
	want = map[string]exercises.PreworkStatus{"Ana": exercises.PreworkDone, "Ben": exercises.PreworkDone, "Cy": exercises.PreworkOverdue}
	if got := a.statuses(t); !equal(got, want) {
		t.Errorf("live: %v, want %v", got, want)
	}
}

func equal(a, b map[string]exercises.PreworkStatus) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCompletionCSVKeepsAnonymity writes the completion list of an
// anonymous activity: who did it, never what they answered.
func TestCompletionCSVKeepsAnonymity(t *testing.T) {
	a := newAcademy(t)
	a.clock.t = a.opens.Add(time.Hour)
	a.answer(t, ana, "Ana", 0, 0) // a blocker, anonymous
	st, _ := a.cohorts.Get("riverside-2027")
	list, err := a.cohorts.Completion(st, a.clock.t)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := cohort.WriteCSV(&buf, st, list); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 4 || lines[0] != "cohort,session,code,starts,activity,due,name,organisation,status,given,asked" {
		t.Fatalf("csv:\n%s", buf.String())
	}
	if !strings.Contains(lines[1], ",Ana,County Health,in progress,1,2") {
		t.Errorf("Ana's row: %s", lines[1])
	}
	for _, l := range lines {
		// The columns are the header's: none holds an answer.
		if n := len(strings.Split(l, ",")); n != 11 {
			t.Errorf("a row of %d cells: %s", n, l)
		}
	}
}

// TestNudgesAndLobby leaves a nudge, cut to its limit with a notice, and
// finds it in the lobby of the member who has not done the prework, not
// in the lobby of the one who has.
func TestNudgesAndLobby(t *testing.T) {
	a := newAcademy(t)
	a.clock.t = a.opens.Add(time.Hour)
	a.answer(t, ana, "Ana", 0, 4)
	a.answer(t, ana, "Ana", 1, 5)
	long := strings.Repeat("please ", 60) + "\x1b[31m"
	_, notice, err := a.cohorts.LeaveNudge("riverside-2027", org, a.w.Snapshot().Code, 1, long)
	if err != nil || notice != "The nudge was cut to 280 characters." {
		t.Fatalf("nudge: %v, notice %q", err, notice)
	}
	if _, _, err := a.cohorts.LeaveNudge("riverside-2027", org, a.w.Snapshot().Code, 0, "the check-in"); exercises.ErrorCode(err) != exercises.EInvalid {
		t.Errorf("a nudge on an activity that is not prework: %v", err)
	}
	lobby, ok, err := a.cohorts.LobbyOf(ben, a.clock.t)
	if err != nil || !ok || len(lobby.Cohorts) != 1 {
		t.Fatalf("Ben's lobby: %v %v %+v", err, ok, lobby)
	}
	room := lobby.Cohorts[0]
	if n := room.Nudges; len(n) != 1 || n[0].About != "Willingness check" || exercises.TextLen(n[0].Text) > cohort.MaxNudgeLen || exercises.TextLen(n[0].Text) < cohort.MaxNudgeLen-1 || strings.Contains(n[0].Text, "\x1b") {
		t.Errorf("Ben's nudges: %q", room.Nudges)
	}
	if len(room.Prework) != 1 || room.Prework[0].Status != exercises.PreworkNotStarted || room.Prework[0].Asked != 2 {
		t.Errorf("Ben's prework: %+v", room.Prework)
	}
	lobby, _, _ = a.cohorts.LobbyOf(ana, a.clock.t)
	if n := lobby.Cohorts[0].Nudges; len(n) != 0 {
		t.Errorf("Ana did the prework and is nudged: %q", n)
	}
	if lobby.Member.TimeZone != "America/Chicago" {
		t.Errorf("Ana's time zone: %q", lobby.Member.TimeZone)
	}
	if _, ok, _ := a.cohorts.LobbyOf("SHA256:stranger", a.clock.t); ok {
		t.Error("a stranger has a lobby")
	}
}

// TestCohortIsAFold replays a cohort's log from the store: the state is
// the fold of its events, a member added again is updated, and the names
// and invite codes are unique.
func TestCohortIsAFold(t *testing.T) {
	a := newAcademy(t)
	if _, err := a.cohorts.AddMember("riverside-2027", org, cohort.Member{ID: ben, Name: "Ben Okafor", Org: "City Council (Housing)"}); err != nil {
		t.Fatal(err)
	}
	st, err := a.cohorts.Get("riverside-2027")
	if err != nil {
		t.Fatal(err)
	}
	events, err := a.hub.Store().CohortEvents(st.ID)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, ev := range events {
		types[ev.Type]++
	}
	if types[cohort.EvCreated] != 1 || types[cohort.EvMemberAdded] != 4 || types[cohort.EvSessionAdded] != 1 {
		t.Errorf("events: %v", types)
	}
	folded, err := cohort.Fold(events)
	if err != nil {
		t.Fatal(err)
	}
	if len(folded.Members) != 3 || folded.Members[1].Name != "Ben Okafor" || folded.Members[1].Org != "City Council (Housing)" || len(folded.Sessions) != 1 {
		t.Errorf("folded: %+v", folded)
	}
	if _, err := a.cohorts.Create(cohort.New{Name: "riverside-2027"}); exercises.ErrorCode(err) != exercises.EInvalid {
		t.Errorf("a second cohort of the same name: %v", err)
	}
	if _, err := a.cohorts.Create(cohort.New{Name: "Not A Name!"}); exercises.ErrorCode(err) != exercises.EInvalid {
		t.Errorf("a name with spaces: %v", err)
	}
	if got, err := a.cohorts.ByInvite(strings.ToUpper(st.Invite)); err != nil || got.ID != st.ID {
		t.Errorf("by invite code: %v, %v", got, err)
	}
	// Another writer appended first: the store refuses, and the cohort's
	// change is decided again.
	ev, _ := session.NewEvent(cohort.EvMemberAdded, a.clock.t, org, cohort.MemberAdded{Member: cohort.Member{ID: "SHA256:dee", Name: "Dee", Org: "Library"}})
	if err := a.hub.Store().AppendCohort(st.ID, st.Seq-1, []session.Event{ev}); err == nil {
		t.Error("an append behind the log was accepted")
	}
	if _, err := cohort.Apply(nil, session.Event{Type: cohort.EvNudged, Data: []byte(`{}`)}); err == nil {
		t.Error("a log that does not start with cohort.created folds")
	}
}
