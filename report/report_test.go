package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/exercises/willingness"
	"commonground/report"
	"commonground/session"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const (
	facilitator = "SHA256:facilitator"
	ana         = "SHA256:ana"
	ben         = "SHA256:ben"
	cai         = "SHA256:cai"
	code        = "k7wq-m3xd"

	// hostile is a comment that tries to break out of a Markdown table and
	// to run as a spreadsheet formula.
	hostile = "=cmd|' /C calc'!A0 | *bold* <b>x</b> [link](http://evil.example)"
)

var statements = []string{
	"Our mission resonates with this goal",
	"We see clear value for us",
	"We are ready to commit now",
}

// clock ticks one minute per reading, so every event has its own time and
// the check-in round has a known order.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

type fixture struct {
	store *session.BoltStore
	hub   *session.Hub
	w     *session.Workshop
}

// newFixture creates a workshop with a check-in and a three-statement
// willingness check on a real bbolt file, and opens it.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	will := newActivity(t, willingness.Kind)
	will.Settings = willingness.Settings{Statements: statements}
	return newWorkshop(t, "Kickoff: Riverside partnership", newActivity(t, checkin.Kind), will)
}

// newWorkshop creates a workshop with the agenda on a real bbolt file, and
// opens it.
func newWorkshop(t *testing.T, title string, agenda ...exercises.Activity) *fixture {
	t.Helper()
	store, err := session.OpenBolt(filepath.Join(t.TempDir(), "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	clk := &clock{t: time.Date(2026, 3, 2, 8, 59, 0, 0, time.UTC)}
	hub := session.NewHub(store, session.Options{Now: clk.now})
	t.Cleanup(hub.Close)
	_, err = hub.Create(session.NewWorkshop{Title: title, Code: code, Agenda: agenda, Facilitators: []string{facilitator}})
	if err != nil {
		t.Fatal(err)
	}
	w, err := hub.Open(code)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{store: store, hub: hub, w: w}
}

func newActivity(t *testing.T, kind exercises.Kind) exercises.Activity {
	t.Helper()
	a, err := catalog.New(kind)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (f *fixture) do(t *testing.T, id string, a session.Action) {
	t.Helper()
	if _, err := f.w.Do(context.Background(), id, a); err != nil {
		t.Fatalf("%T %+v by %s: %v", a, a, id, err)
	}
}

// runWorkshop plays a whole workshop: three people check in, rate the
// statements, and the facilitator decides.
func (f *fixture) runWorkshop(t *testing.T) {
	t.Helper()
	f.do(t, ana, session.Join{Name: "Ana Silva", Org: "Alpha Trust"})
	f.do(t, ben, session.Join{Name: "Ben *Okafor*", Org: "Beta Fund"})
	f.do(t, cai, session.Join{Name: "Cai Wen", Org: "Beta Fund"})

	// Check-in, answered in the order cai, ana, ben.
	f.do(t, cai, exercises.SetAnswer{Activity: 0, Text: "Shared data on who we reach"})
	f.do(t, ana, exercises.SetAnswer{Activity: 0, Text: "More trust between funders"})
	f.do(t, ben, exercises.SetAnswer{Activity: 0, Text: "@channel -1 +1 =SUM(A1:A9)"})
	f.do(t, facilitator, session.Reveal{Activity: 0, On: true})

	f.do(t, facilitator, session.Move{Activity: 1, Phase: 0})
	for _, a := range []struct {
		id     string
		values [3]int
		texts  [3]string
	}{
		{ana, [3]int{5, 4, 2}, [3]string{"", "", "Need board approval first"}},
		{ben, [3]int{1, 3, 0}, [3]string{hostile, "", "We cannot commit staff before 2027"}},
		{cai, [3]int{4, 4, 3}, [3]string{}},
	} {
		for item := range statements {
			f.do(t, a.id, exercises.SetAnswer{Activity: 1, Item: item, Value: a.values[item], Text: a.texts[item]})
		}
	}
	f.do(t, facilitator, session.Move{Activity: 1, Phase: 1})
	f.do(t, facilitator, session.Move{Activity: 1, Phase: 2})
	f.do(t, facilitator, session.Decide{Activity: 1, Decision: exercises.Decision{
		Outcome: exercises.ProceedConditions, Conditions: "Board approval | a budget by June"}})
}

func (f *fixture) setAnonymity(t *testing.T, an exercises.Anonymity) {
	t.Helper()
	for i := range f.w.Snapshot().Activities {
		f.do(t, facilitator, session.SetAnonymity{Activity: i, Anonymity: an})
	}
}

func write(t *testing.T, snap *session.Snapshot, format string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, snap, format); err != nil {
		t.Fatalf("Write %s: %v", format, err)
	}
	return buf.String()
}

// checkGolden compares a report with testdata/name, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("report differs from %s (run with -update after checking):\n%s", golden, got)
	}
}

func TestMarkdown(t *testing.T) {
	f := newFixture(t)
	f.runWorkshop(t)
	got := write(t, f.w.Snapshot(), "md")
	checkGolden(t, "kickoff.md", got)

	for _, want := range []string{
		"# Kickoff: Riverside partnership\n",
		"join code `k7wq-m3xd` · 2 March 2026",
		"| Ana Silva | Alpha Trust |\n| Ben \\*Okafor\\* | Beta Fund |\n| Cai Wen | Beta Fund |\n",
		// The round in the order the answers came in.
		"1. **Cai Wen (Beta Fund):** “Shared data on who we reach”\n" +
			"2. **Ana Silva (Alpha Trust):** “More trust between funders”\n" +
			"3. **Ben \\*Okafor\\* (Beta Fund):** “@channel -1 +1 =SUM(A1:A9)”\n",
		"| Our mission resonates with this goal | 0 | 1 | 0 | 0 | 1 | 1 | 3.3 | 1, serious concerns | 3 |\n",
		"| We are ready to commit now | 1 | 0 | 1 | 1 | 0 | 0 | 1.7 | 0, I block | 3 |\n",
		"| Statement | Alpha Trust (1) | Beta Fund (2) |\n",
		"| We see clear value for us | 4.0 | 3.5 |\n",
		"| **Overall** | 3.7 | 2.5 |\n",
		"- **Blocker: 0, I block** on “We are ready to commit now”: **Ben \\*Okafor\\* (Beta Fund):** “We cannot commit staff before 2027”\n",
		"**Proceed with conditions.** Conditions: Board approval \\| a budget by June\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}

	// Blockers come before reservations.
	blocker := strings.Index(got, "**Blocker: 1, serious concerns**")
	reservation := strings.Index(got, "**Reservation: 2, reservations** on “We are ready to commit now”: **Ana Silva (Alpha Trust):** “Need board approval first”")
	if blocker < 0 || reservation < 0 || reservation < blocker {
		t.Errorf("want the blocker (at %d) listed before the reservation (at %d)", blocker, reservation)
	}

	// The hostile comment cannot close a table cell, emphasise, link or open HTML.
	escaped := "“=cmd\\|' /C calc'!A0 \\| \\*bold\\* \\<b\\>x\\</b\\> \\[link\\](http://evil.example)”"
	if !strings.Contains(got, escaped) {
		t.Errorf("Markdown lacks the escaped hostile comment %q", escaped)
	}
	for _, raw := range []string{"| *bold*", "<b>", "[link]"} {
		if strings.Contains(got, raw) {
			t.Errorf("Markdown contains unescaped %q", raw)
		}
	}
}

func TestMarkdownAnonymity(t *testing.T) {
	f := newFixture(t)
	f.runWorkshop(t)

	f.setAnonymity(t, exercises.Organisation)
	got := write(t, f.w.Snapshot(), "md")
	for _, name := range []string{"Ana Silva", "Cai Wen"} {
		// Listed once, among the participants (not every activity is anonymous).
		if n := strings.Count(got, name); n != 1 {
			t.Errorf("organisation-only report names %s %d times, want once (participants)", name, n)
		}
	}
	for _, want := range []string{
		"1. **Beta Fund:** “Shared data on who we reach”",
		"on “We are ready to commit now”: **Beta Fund:** “We cannot commit staff before 2027”",
		"*Exercise: willingness · authors: organisations shown, names hidden*",
		// Only anonymous activities leave out organisations with one respondent.
		"| Statement | Alpha Trust (1) | Beta Fund (2) |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("organisation-only report lacks %q", want)
		}
	}

	f.setAnonymity(t, exercises.Anonymous)
	got = write(t, f.w.Snapshot(), "md")
	// Ana is the only one from Alpha Trust: its means would be hers.
	for _, name := range []string{"Ana Silva", "Okafor", "Cai Wen", "Alpha Trust"} {
		if strings.Contains(got, name) {
			t.Errorf("anonymous report contains %s", name)
		}
	}
	for _, want := range []string{
		"3 people took part. Names are not listed because every activity was anonymous.",
		"1. “Shared data on who we reach”\n",
		"on “We are ready to commit now”: “We cannot commit staff before 2027”\n",
		"*Exercise: checkin · authors: anonymous*",
		"Organisations with a single respondent are left out: the activity is anonymous.\n\n" +
			"Mean per statement (number of people); – where nobody from the organisation answered.\n\n" +
			"| Statement | Beta Fund (2) |\n",
		"| We see clear value for us | 3.5 |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("anonymous report lacks %q", want)
		}
	}
}

func TestCSV(t *testing.T) {
	f := newFixture(t)
	f.runWorkshop(t)
	f.do(t, facilitator, session.SetAnonymity{Activity: 1, Anonymity: exercises.Organisation})

	rows, err := csvRows(write(t, f.w.Snapshot(), "csv"))
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	header := []string{"section", "activity", "title", "kind", "item", "statement", "value", "text", "name", "org", "at",
		"card", "category", "cluster", "importance", "evidence", "spread", "org_gap", "n", "skipped", "quadrant", "contested", "authors",
		"due", "status", "focus", "goal", "mean", "dont_know", "disagree", "gap", "alignment", "influence", "relationship", "asks",
		"planned_minutes", "actual_minutes", "outcome", "conditions"}
	if !slices.Equal(rows[0], header) {
		t.Fatalf("header = %q, want %q", rows[0], header)
	}
	rows = rows[1:]
	if len(rows) != 3+3*len(statements)+1 {
		t.Fatalf("%d rows, want 12 answers and the decision", len(rows))
	}
	col := func(row []string, name string) string { return row[slices.Index(header, name)] }

	// The willingness check's decision comes after its answers.
	decision := rows[len(rows)-1]
	rows = rows[:len(rows)-1]
	if col(decision, "section") != "decision" || col(decision, "activity") != "2" || col(decision, "kind") != "willingness" ||
		col(decision, "outcome") != "Proceed with conditions" || col(decision, "conditions") == "" || col(decision, "text") != "" {
		t.Errorf("decision row = %q", decision)
	}

	// The check-in is named and comes first, in round order; the cell that
	// would run as a formula is defused.
	first, third := rows[0], rows[2]
	if col(first, "name") != "Cai Wen" || col(first, "org") != "Beta Fund" || col(first, "kind") != "checkin" || col(first, "value") != "" {
		t.Errorf("first row = %q, want Cai Wen's check-in without a value", first)
	}
	if got := col(third, "text"); got != "'@channel -1 +1 =SUM(A1:A9)" {
		t.Errorf("check-in text starting with @ = %q, want a leading quote", got)
	}
	if _, err := time.Parse(time.RFC3339, col(first, "at")); err != nil {
		t.Errorf("at %q: %v", col(first, "at"), err)
	}

	// The willingness check is organisation-only: no names, organisations kept.
	var hostileRow []string
	for _, row := range rows[3:] {
		if col(row, "name") != "" || col(row, "org") == "" {
			t.Errorf("organisation-only row %q shows a name or lacks the organisation", row)
		}
		if strings.Contains(col(row, "text"), "cmd") {
			hostileRow = row
		}
	}
	want := []string{"answer", "2", "Willingness check", "willingness", "1", statements[0], "1", "'" + hostile, "", "Beta Fund"}
	if hostileRow == nil || !slices.Equal(hostileRow[:len(want)], want) {
		t.Errorf("hostile row = %q, want %q", hostileRow, want)
	}
}

func TestJSON(t *testing.T) {
	f := newFixture(t)
	f.runWorkshop(t)
	f.do(t, facilitator, session.SetAnonymity{Activity: 0, Anonymity: exercises.Anonymous})

	out := write(t, f.w.Snapshot(), "json")
	if !strings.HasPrefix(out, "{\n  \"schema\": 1,\n") {
		t.Errorf("JSON is not indented or does not start with the schema version:\n%.80s", out)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	if r.Schema != report.SchemaVersion || r.Title != "Kickoff: Riverside partnership" || r.Code != code ||
		!r.Date.Equal(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) || r.ParticipantCount != 3 || len(r.Participants) != 3 {
		t.Errorf("report header = %+v", r)
	}
	if len(r.Activities) != 2 {
		t.Fatalf("%d activities, want 2", len(r.Activities))
	}

	checkin := r.Activities[0]
	if checkin.Anonymity != exercises.Anonymous || len(checkin.Answers) != 3 || checkin.Results != nil {
		t.Fatalf("check-in = %+v", checkin)
	}
	for _, a := range checkin.Answers {
		if a.Author != nil || a.Value != nil || a.Text == "" {
			t.Errorf("anonymous check-in answer = %+v, want text only", a)
		}
	}
	if checkin.Answers[0].Text != "Shared data on who we reach" {
		t.Errorf("round starts with %q, want the first answer given", checkin.Answers[0].Text)
	}

	will := r.Activities[1]
	w, _ := will.Results.(*report.Willingness)
	if will.Number != 2 || will.Kind != willingness.Kind || w == nil || w.Respondents != 3 || len(will.Answers) != 9 {
		t.Fatalf("willingness = %+v", will)
	}
	st := w.Statements[0]
	if st.Statement != statements[0] || st.Distribution != [6]int{0, 1, 0, 0, 1, 1} || st.N != 3 || *st.Mean != 3.3 || *st.Min != 1 {
		t.Errorf("statement 1 = %+v (mean %v, min %v)", st, *st.Mean, *st.Min)
	}
	if len(w.Orgs) != 2 || w.Orgs[0].Org != "Alpha Trust" || w.Orgs[1].People != 2 || *w.Orgs[1].Means[2] != 1.5 || *w.Orgs[0].Overall != 3.7 {
		t.Errorf("orgs = %+v", w.Orgs)
	}
	if len(w.Concerns) != 3 || !w.Concerns[0].Blocker || w.Concerns[0].Comment != hostile ||
		w.Concerns[0].Author == nil || w.Concerns[0].Author.Name != "Ben *Okafor*" || w.Concerns[2].Blocker {
		t.Errorf("concerns = %+v", w.Concerns)
	}
	if v := will.Answers[0].Value; v == nil || *v != 5 || will.Answers[0].Author.String() != "Ana Silva (Alpha Trust)" {
		t.Errorf("first willingness answer = %+v, want Ana's 5", will.Answers[0])
	}
	if d := will.Decision; d == nil || d.Outcome != exercises.ProceedConditions || d.Label != "Proceed with conditions" ||
		d.Conditions != "Board approval | a budget by June" {
		t.Errorf("decision = %+v", will.Decision)
	}
}

func TestEmptyWorkshop(t *testing.T) {
	f := newFixture(t)
	snap := f.w.Snapshot()

	md := write(t, snap, "md")
	for _, want := range []string{"Nobody has joined yet.", "No answers yet."} {
		if !strings.Contains(md, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
	if strings.Contains(md, "### Decision") {
		t.Error("empty report shows a decision")
	}

	var r report.Report
	if err := json.Unmarshal([]byte(write(t, snap, "json")), &r); err != nil {
		t.Fatal(err)
	}
	st := r.Activities[1].Results.(*report.Willingness).Statements[0]
	if st.N != 0 || st.Mean != nil || st.Min != nil || r.Activities[0].Answers == nil {
		t.Errorf("empty statement = %+v, answers %v: want no mean, no minimum, an empty list", st, r.Activities[0].Answers)
	}

	rows, err := csvRows(write(t, snap, "csv"))
	if err != nil || len(rows) != 1 {
		t.Errorf("empty CSV = %q (%v), want the header only", rows, err)
	}
}

// TestReportIsAFoldOfTheLog checks that the report from a replayed log is
// the report of the live workshop.
func TestReportIsAFoldOfTheLog(t *testing.T) {
	for _, tc := range []struct {
		name string
		play func(t *testing.T) *fixture
	}{
		{"kickoff", func(t *testing.T) *fixture { f := newFixture(t); f.runWorkshop(t); return f }},
		{"assumption map", func(t *testing.T) *fixture { f := newMapFixture(t); f.runMap(t); return f }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.play(t)
			live := map[string]string{}
			for _, format := range report.Formats() {
				live[format] = write(t, f.w.Snapshot(), format)
			}

			// A second hub on the same store has no live owner: Read folds the log.
			snap, err := session.NewHub(f.store, session.Options{}).Read(code)
			if err != nil {
				t.Fatal(err)
			}
			for _, format := range report.Formats() {
				if got := write(t, snap, format); got != live[format] {
					t.Errorf("%s report after replay differs from the live one:\n%s\nwant\n%s", format, got, live[format])
				}
			}
		})
	}
}

// TestGolden compares every format of the two workshops, named and with
// authors hidden, with the files in testdata: a change to what a report
// says, in any format, shows in review.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		play func(t *testing.T) *fixture
		an   exercises.Anonymity
	}{
		{"kickoff", func(t *testing.T) *fixture { f := newFixture(t); f.runWorkshop(t); return f }, exercises.Named},
		{"kickoff-anonymous", func(t *testing.T) *fixture { f := newFixture(t); f.runWorkshop(t); return f }, exercises.Anonymous},
		{"map", func(t *testing.T) *fixture { f := newMapFixture(t); f.runMap(t); return f }, exercises.Named},
		{"map-organisation", func(t *testing.T) *fixture { f := newMapFixture(t); f.runMap(t); return f }, exercises.Organisation},
		{"funders", func(t *testing.T) *fixture { f := newFundersFixture(t); f.runFunders(t); return f }, exercises.Named},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.play(t)
			f.setAnonymity(t, tc.an)
			for _, format := range report.Formats() {
				checkGolden(t, tc.name+"."+format, write(t, f.w.Snapshot(), format))
			}
		})
	}
}

func TestFormats(t *testing.T) {
	if got := report.Formats(); !slices.Equal(got, []string{"md", "csv", "json", "html"}) {
		t.Errorf("Formats() = %q", got)
	}
	snap := newFixture(t).w.Snapshot()
	var buf bytes.Buffer
	err := report.Write(&buf, snap, "pdf")
	if exercises.ErrorCode(err) != exercises.EInvalid || !strings.Contains(exercises.ErrorMessage(err), `"pdf" (known: md, csv, json, html)`) {
		t.Errorf("Write pdf = %v, want an EInvalid error naming the known formats", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Write pdf wrote %q", buf.String())
	}
}

// TestReportFollowsTheMostPrivateAnonymity replays a log in which an older
// release loosened an answered activity's anonymity again: the event still
// applies, but the report stays as private as the activity ever was.
func TestReportFollowsTheMostPrivateAnonymity(t *testing.T) {
	f := newFixture(t)
	f.runWorkshop(t)
	f.setAnonymity(t, exercises.Anonymous)
	private := map[string]string{}
	for _, format := range report.Formats() {
		private[format] = write(t, f.w.Snapshot(), format)
	}

	ws, err := f.store.WorkshopByCode(code)
	if err != nil {
		t.Fatal(err)
	}
	var loosen []session.Event
	for i := range f.w.Snapshot().Activities {
		data, _ := json.Marshal(session.AnonymitySet{Activity: i, Anonymity: exercises.Named})
		// At the log's last moment: the time the activities took stays.
		loosen = append(loosen, session.Event{Type: session.EvAnonymitySet, V: 1, At: f.w.Snapshot().Last,
			Actor: facilitator, Data: data})
	}
	if err := f.store.Append(ws.ID, loosen); err != nil {
		t.Fatal(err)
	}
	snap, err := session.NewHub(f.store, session.Options{}).Read(code)
	if err != nil {
		t.Fatal(err)
	}
	if a := snap.Activities[1]; a.Activity.Anonymity != exercises.Named || a.Strictest != exercises.Anonymous {
		t.Fatalf("anonymity %s, strictest %s after replay; want named as recorded, anonymous shown", a.Activity.Anonymity, a.Strictest)
	}
	for _, format := range report.Formats() {
		if got := write(t, snap, format); got != private[format] {
			t.Errorf("%s report after a loosening event differs from the anonymous one:\n%s\nwant\n%s", format, got, private[format])
		}
	}
}

// TestAnonymousAnswersHaveNoTimes: an answer's time could tell who gave it,
// so an anonymous activity's answers carry none, in any format.
func TestAnonymousAnswersHaveNoTimes(t *testing.T) {
	for _, tc := range []struct {
		an    exercises.Anonymity
		times bool
	}{{exercises.Named, true}, {exercises.Organisation, true}, {exercises.Anonymous, false}} {
		t.Run(string(tc.an), func(t *testing.T) {
			f := newFixture(t)
			f.runWorkshop(t)
			f.setAnonymity(t, tc.an)
			snap := f.w.Snapshot()
			for format, mark := range map[string]string{"json": `"at": "2026-03-02T09:`, "csv": ",2026-03-02T09:"} {
				if has := strings.Contains(write(t, snap, format), mark); has != tc.times {
					t.Errorf("%s report has answer times: %v, want %v", format, has, tc.times)
				}
			}
			if md := write(t, snap, "md"); strings.Contains(md, "T09:") {
				t.Error("the Markdown report has answer times")
			}
		})
	}
}

// csvRows reads a CSV report without its "time" rows, which every
// activity that was ever current has (see TestTimeInReport).
func csvRows(text string) ([][]string, error) {
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	return slices.DeleteFunc(rows, func(r []string) bool { return r[0] == "time" }), err
}
