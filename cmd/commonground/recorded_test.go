package main

import (
	"cmp"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"commonground/internal/termtest"
	"commonground/session"
)

var update = flag.Bool("update", false, "rewrite the golden files of the recorded data directories")

// recordedReleases are the data directories in testdata/recorded, each
// recorded by the release it is named after (testdata/recorded/README.md
// says how), with the event types that release wrote.
var recordedReleases = map[string][]string{
	"faf5631": {
		"workshop.created", "participant.joined", "answer.set", "agenda.moved", "results.revealed",
		"input.locked", "anonymity.set", "timer.set", "decision.recorded", "card.added", "card.edited",
		"card.deleted", "cards.merged", "cards.clustered", "card.hidden", "rating.set",
		"action.proposed", "action.confirmed",
	},
	"e688e83": {
		"workshop.created", "participant.joined", "answer.set", "agenda.moved", "results.revealed",
		"input.locked", "anonymity.set", "timer.set", "decision.recorded", "card.added", "card.edited",
		"card.deleted", "cards.merged", "cards.clustered", "card.hidden", "rating.set",
		"action.proposed", "action.confirmed", "action.edited", "action.rejected",
		"participant.removed", "participant.muted", "facilitator.added", "facilitator.removed",
	},
	"f7904b6": typesF7904b6,
	// f7904b6's recording with an academy cohort on top (issue 15): its
	// log, two sessions with prework and an action review.
	"9e03e4b": append(slices.Clone(typesF7904b6),
		"review.marked", "cohort.created", "cohort.member_added", "cohort.session_added", "cohort.nudged"),
}

// typesF7904b6 are the event types of release f7904b6.
var typesF7904b6 = []string{
	"workshop.created", "participant.joined", "answer.set", "agenda.moved", "results.revealed",
	"input.locked", "anonymity.set", "timer.set", "decision.recorded", "card.added", "card.edited",
	"card.deleted", "cards.merged", "cards.clustered", "card.hidden", "rating.set",
	"action.proposed", "action.confirmed", "action.edited", "action.rejected",
	"participant.removed", "participant.muted", "facilitator.added", "facilitator.removed",
	"agenda.activity_added", "agenda.activity_removed", "agenda.reordered", "agenda.prompt_edited",
	"goals.set", "funder.added", "funder.deleted", "funders.merged", "funder.hidden", "funder.edited",
	"relationship.set", "funder.rated", "approach.proposed", "approach.confirmed", "approach.rejected",
	"approach.edited",
	"conflict.issue.set", "conflict.position.edited", "conflict.interest.added", "conflict.interest.edited",
	"conflict.interest.deleted", "conflict.interest.marked", "conflict.option.added", "conflict.option.edited",
	"conflict.options.merged", "conflict.option.amended", "conflict.criterion.added", "conflict.gradient.set",
	"conflict.agreement.added", "conflict.question.added", "conflict.card.hidden", "conflict.agreement.dropped",
}

// recordedOver names the recording a directory was recorded on top of:
// the golden files of that one's workshops stay in its own directory.
var recordedOver = map[string]string{"9e03e4b": "f7904b6"}

// recordedWorkshops is how many workshops a recording holds where it is
// not two.
var recordedWorkshops = map[string]int{"9e03e4b": 4}

// TestRecordedWorkshopsReplay opens every data directory recorded by an
// earlier release with today's server, and checks that each workshop in it
// is where the recording left it and reports as its golden files say: the
// log is forever. A report that changes on purpose is rewritten with
// -update, and the diff read before it is committed.
func TestRecordedWorkshopsReplay(t *testing.T) {
	for release, types := range recordedReleases {
		t.Run(release, func(t *testing.T) {
			recorded, data := copyRecorded(t, release)
			cohorts := checkEventTypes(t, data, types)

			home := fakeHome(t, termtest.Key{})
			srv := startServer(t, data, home)
			want := cmp.Or(recordedWorkshops[release], 2)
			if len(srv.codes) != want {
				t.Fatalf("the server offers %d workshops, want the %d recorded:\n%s", len(srv.codes), want, srv.out)
			}
			port := regexp.MustCompile(`-p \d+ `)
			for _, code := range srv.codes {
				recorded := goldenDir(release, recorded, code)
				show, errOut, status := run(t, environ(home), "--data", data, "workshop", "show", code)
				if status != 0 {
					t.Fatalf("workshop show %s: exit %d\n%s", code, status, errOut)
				}
				golden(t, filepath.Join(recorded, code+".show.txt"), port.ReplaceAllString(show, "-p PORT "))
				for _, format := range []string{"md", "csv", "json", "html"} {
					out, errOut, status := run(t, environ(home), "--data", data, "export", code, "--format", format)
					if status != 0 {
						t.Fatalf("export %s --format %s: exit %d\n%s", code, format, status, errOut)
					}
					golden(t, filepath.Join(recorded, code+"."+format), out)
				}
			}
			for _, name := range cohorts {
				for file, args := range map[string][]string{".cohort.txt": nil, ".cohort.csv": {"--format", "csv"}} {
					out, errOut, status := run(t, environ(home), append([]string{"--data", data, "cohort", "show", name}, args...)...)
					if status != 0 {
						t.Fatalf("cohort show %s %v: exit %d\n%s", name, args, status, errOut)
					}
					golden(t, filepath.Join(recorded, name+file), port.ReplaceAllString(out, "-p PORT "))
				}
			}
			srv.stop(t)
		})
	}
}

// goldenDir is where a recorded workshop's golden files are: those of
// the recording below when the release recorded over another's store.
func goldenDir(release, recorded, code string) string {
	if base := recordedOver[release]; base != "" {
		if _, err := os.Stat(filepath.Join("testdata", "recorded", base, code+".show.txt")); err == nil {
			return filepath.Join("testdata", "recorded", base)
		}
	}
	return recorded
}

// copyRecorded copies the store recorded by release into a new data
// directory, and returns the recording's directory and the new one.
func copyRecorded(t *testing.T, release string) (recorded, data string) {
	t.Helper()
	recorded = filepath.Join("testdata", "recorded", release)
	data = filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(recorded, "commonground.db"), filepath.Join(data, "commonground.db"))
	return recorded, data
}

// checkEventTypes fails unless the store's workshops and cohorts hold
// every event type of the release that recorded it, so that every one of
// them is replayed, and returns the names of its cohorts.
func checkEventTypes(t *testing.T, data string, want []string) (cohorts []string) {
	t.Helper()
	store, err := session.OpenBolt(filepath.Join(data, "commonground.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	metas, err := store.Workshops()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range metas {
		events, err := store.Events(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			seen[ev.Type]++
		}
	}
	groups, err := store.Cohorts()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range groups {
		cohorts = append(cohorts, c.Name)
		events, err := store.CohortEvents(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			seen[ev.Type]++
		}
	}
	for _, typ := range want {
		if seen[typ] == 0 {
			t.Errorf("the recording holds no %s event", typ)
		}
	}
	for typ := range seen {
		if !slices.Contains(want, typ) {
			t.Errorf("the recording holds %s, which its release did not write", typ)
		}
	}
	return cohorts
}

// golden compares got with the file, or rewrites the file with -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from what the recorded workshop reports now:\n--- want\n%s\n--- got\n%s", file, want, got)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
