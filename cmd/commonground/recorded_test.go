package main

import (
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
	"f7904b6": {
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
	},
}

// TestRecordedWorkshopsReplay opens every data directory recorded by an
// earlier release with today's server, and checks that each workshop in it
// is where the recording left it and reports as its golden files say: the
// log is forever. A report that changes on purpose is rewritten with
// -update, and the diff read before it is committed.
func TestRecordedWorkshopsReplay(t *testing.T) {
	for release, types := range recordedReleases {
		t.Run(release, func(t *testing.T) {
			recorded, data := copyRecorded(t, release)
			checkEventTypes(t, data, types)

			home := fakeHome(t, termtest.Key{})
			srv := startServer(t, data, home)
			if len(srv.codes) != 2 {
				t.Fatalf("the server offers %d workshops, want the 2 recorded:\n%s", len(srv.codes), srv.out)
			}
			port := regexp.MustCompile(`-p \d+ `)
			for _, code := range srv.codes {
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
			srv.stop(t)
		})
	}
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

// checkEventTypes fails unless the store's workshops hold every event type
// of the release that recorded it, so that every one of them is replayed.
func checkEventTypes(t *testing.T, data string, want []string) {
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
