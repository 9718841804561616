package admin_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"commonground/admin"
	"commonground/agenda"
	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
	"commonground/exercises/conflict"
	"commonground/exercises/willingness"
	"commonground/session"
)

// newHub returns a hub on a temporary bbolt file; server-wide facilitators
// are the IDs in facs.
func newHub(t *testing.T, facs ...string) *session.Hub {
	t.Helper()
	store, err := session.OpenBolt(filepath.Join(t.TempDir(), "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	hub := session.NewHub(store, session.Options{IsFacilitator: func(id string) bool { return slices.Contains(facs, id) }})
	t.Cleanup(func() {
		hub.Close()
		store.Close()
	})
	return hub
}

// newKey returns a fresh public key's authorized_keys line and identity ID.
func newKey(t *testing.T) (line, id string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sshPub))) + " someone@laptop", gossh.FingerprintSHA256(sshPub)
}

type result struct {
	code           int
	stdout, stderr string
}

func run(hub *session.Hub, c admin.Caller, args ...string) result {
	return runIn(hub, c, "", args...)
}

// runIn runs a command with stdin as its standard input.
func runIn(hub *session.Hub, c admin.Caller, stdin string, args ...string) result {
	var out, errOut bytes.Buffer
	code := admin.Run(hub, c, args, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

var adminCaller = admin.Caller{Admin: true, JoinHost: "example.org", Port: 2299}

// create makes a workshop as admin and returns its join code.
func create(t *testing.T, hub *session.Hub, args ...string) string {
	t.Helper()
	r := run(hub, adminCaller, append([]string{"workshop", "new"}, args...)...)
	if r.code != 0 {
		t.Fatalf("workshop new: %v", r)
	}
	return codeOf(t, r)
}

// join makes id a participant of the workshop with an answer on the first
// activity.
func join(t *testing.T, hub *session.Hub, code, id, name string) {
	t.Helper()
	w, err := hub.Open(code)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := w.Do(ctx, id, session.Join{Name: name, Org: "Org of " + name}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Do(ctx, id, exercises.SetAnswer{Activity: 0, Item: 0, Text: "hello from " + name}); err != nil {
		t.Fatal(err)
	}
}

func TestWorkshopNew(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		hub := newHub(t)
		r := run(hub, adminCaller, "workshop", "new", "--title", "Partnership kickoff")
		if r.code != 0 {
			t.Fatal(r)
		}
		code := create(t, hub, "--title", "Second")
		snap, err := hub.Read(code)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []exercises.Kind
		for _, a := range snap.Activities {
			kinds = append(kinds, a.Activity.Kind)
		}
		if want := catalog.Demo(); !slices.Equal(kinds, want) {
			t.Errorf("default agenda %v, want %v", kinds, want)
		}
		if slices.Contains(kinds, conflict.Kind) {
			t.Errorf("the default agenda %v holds a conflict resolution, which needs a real issue", kinds)
		}
		if !strings.Contains(r.stdout, "\nssh -p 2299 ") || !strings.Contains(r.stdout, "@example.org\n") {
			t.Errorf("no join command on its own line:\n%s", r.stdout)
		}
	})
	t.Run("Conflict", func(t *testing.T) {
		hub := newHub(t)
		code := create(t, hub, "--title", "Dispute", "--activity", "conflict")
		snap, err := hub.Read(code)
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Activities) != 1 || snap.Activities[0].Activity.Kind != conflict.Kind {
			t.Fatalf("agenda %+v, want one conflict resolution", snap.Activities)
		}
	})
	t.Run("ActivitiesInOrderAndCode", func(t *testing.T) {
		hub := newHub(t)
		code := create(t, hub, "--title", "W", "--activity", "willingness", "-a", "checkin", "-a", "willingness", "--code", "K7WQ M3XD")
		if code != "k7wq-m3xd" {
			t.Errorf("code %q, want the normalised k7wq-m3xd", code)
		}
		snap, err := hub.Read(code)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(snap.Activities); n != 3 || snap.Activities[0].Activity.Kind != willingness.Kind {
			t.Errorf("agenda of %d activities starting with %s", n, snap.Activities[0].Activity.Kind)
		}
		r := run(hub, adminCaller, "workshop", "new", "--title", "Again", "--code", "k7wq-m3xd")
		if r.code != 1 || !strings.Contains(r.stderr, "already in use") {
			t.Errorf("taken code: %v", r)
		}
	})
	t.Run("FacilitatorKeys", func(t *testing.T) {
		hub := newHub(t)
		line1, id1 := newKey(t)
		line2, id2 := newKey(t)
		line3, id3 := newKey(t)
		_, id4 := newKey(t)
		file := filepath.Join(t.TempDir(), "keys")
		if err := os.WriteFile(file, []byte("# team\n"+line2+"\n\n"+line3+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		code := create(t, hub, "--title", "Keys", "--facilitator-key", line1, "--facilitator-key", file, "--facilitator-key", id4)
		snap, err := hub.Read(code)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{id1, id2, id3, id4} {
			if snap.Role(id) != session.Facilitator {
				t.Errorf("%s is not a facilitator; facilitators %v", id, snap.Facilitators)
			}
		}
	})
	t.Run("ServerFacilitatorBecomesFacilitator", func(t *testing.T) {
		_, fac := newKey(t)
		hub := newHub(t, fac)
		r := run(hub, admin.Caller{ID: fac, IsFacilitator: func(id string) bool { return id == fac }}, "workshop", "new", "--title", "Mine")
		if r.code != 0 {
			t.Fatal(r)
		}
		list, err := hub.List()
		if err != nil || len(list) != 1 {
			t.Fatalf("list %v, %v", list, err)
		}
		snap, err := hub.Read(list[0].Code)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(snap.Facilitators, fac) {
			t.Errorf("creator %s not among the workshop's facilitators %v", fac, snap.Facilitators)
		}
	})
	t.Run("ErrForbiddenForParticipant", func(t *testing.T) {
		hub := newHub(t)
		_, id := newKey(t)
		r := run(hub, admin.Caller{ID: id}, "workshop", "new", "--title", "Nope")
		if r.code != 1 || !strings.Contains(r.stderr, "only a facilitator of this server") {
			t.Errorf("participant: %v", r)
		}
		if list, _ := hub.List(); len(list) != 0 {
			t.Errorf("a participant created %v", list)
		}
	})
	t.Run("ErrKeyFileOverSSH", func(t *testing.T) {
		_, fac := newKey(t)
		hub := newHub(t, fac)
		r := run(hub, admin.Caller{ID: fac, IsFacilitator: func(string) bool { return true }},
			"workshop", "new", "--title", "X", "--facilitator-key", "/etc/passwd")
		if r.code != 1 || !strings.Contains(r.stderr, "cannot be named by a file") {
			t.Errorf("remote key file: %v", r)
		}
	})
	t.Run("ErrUnknownActivity", func(t *testing.T) {
		r := run(newHub(t), adminCaller, "workshop", "new", "--title", "X", "--activity", "juggling")
		if r.code != 1 || !strings.Contains(r.stderr, `unknown exercise "juggling"`) {
			t.Errorf("unknown activity: %v", r)
		}
	})
}

func TestWorkshopListAndShow(t *testing.T) {
	hub := newHub(t)
	code := create(t, hub, "--title", "Partnership kickoff")
	_, p1 := newKey(t)
	_, p2 := newKey(t)
	join(t, hub, code, p1, "Ana")
	join(t, hub, code, p2, "Ben")

	r := run(hub, adminCaller, "workshop", "list")
	if r.code != 0 {
		t.Fatal(r)
	}
	snap, err := hub.Read(code)
	if err != nil {
		t.Fatal(err)
	}
	activities := strconv.Itoa(len(snap.Activities)) // the default agenda's
	lines := strings.Split(r.stdout, "\n")
	if !strings.HasPrefix(lines[0], "CODE") || !strings.Contains(lines[1], code) ||
		!slices.Equal(strings.Fields(lines[1])[1:6], []string{"Partnership", "kickoff", activities, "2", "0"}) {
		t.Errorf("list:\n%s", r.stdout)
	}

	r = run(hub, adminCaller, "workshop", "show", code)
	if r.code != 0 {
		t.Fatal(r)
	}
	for _, want := range []string{"Partnership kickoff", "ssh -p 2299 " + code + "@example.org", "2 joined",
		"▶ 1. Check-in", "[answer] → round", "2 of 2 answered", "2. Willingness check", "0 of 2 answered (0 all 9 items)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}

	t.Run("ErrForbiddenForParticipant", func(t *testing.T) {
		participant := admin.Caller{ID: p1}
		if r := run(hub, participant, "workshop", "list"); r.code != 1 || !strings.Contains(r.stderr, "only a facilitator") {
			t.Errorf("list: %v", r)
		}
		if r := run(hub, participant, "workshop", "show", code); r.code != 1 || !strings.Contains(r.stderr, "you are not a facilitator of a workshop with the join code") {
			t.Errorf("show: %v", r)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if r := run(hub, adminCaller, "workshop", "show", "zzzz-zzzz"); r.code != 1 || !strings.Contains(r.stderr, "no workshop with the join code") {
			t.Errorf("unknown code: %v", r)
		}
	})
	t.Run("ErrAlikeUnlessServerFacilitator", func(t *testing.T) {
		// Whoever may list the workshops may know which codes exist.
		for _, c := range []struct {
			name   string
			caller admin.Caller
			known  string // the refusal for an existing code; "" when it is the unknown code's
			none   string // for an unknown code
		}{
			{"Participant", admin.Caller{ID: p1}, "", `you are not a facilitator of a workshop with the join code "zzzz-zzzz"`},
			{"Keyless", admin.Caller{}, "", `you are not a facilitator of a workshop with the join code "zzzz-zzzz"`},
			{"ServerFacilitator", admin.Caller{ID: p1, IsFacilitator: func(string) bool { return true }},
				`only a facilitator of "Partnership kickoff" may see it`, `there is no workshop with the join code "zzzz-zzzz"`},
		} {
			known := run(hub, c.caller, "workshop", "show", code)
			none := run(hub, c.caller, "workshop", "show", "zzzz-zzzz")
			if none.code != 1 || !strings.Contains(none.stderr, c.none) {
				t.Errorf("%s, unknown code: %v", c.name, none)
			}
			if c.known == "" && strings.ReplaceAll(known.stderr, code, "zzzz-zzzz") != none.stderr {
				t.Errorf("%s: the existing code's answer differs from the unknown one's:\n%v\n%v", c.name, known, none)
			}
			if c.known != "" && !strings.Contains(known.stderr, c.known) {
				t.Errorf("%s, existing code: %v", c.name, known)
			}
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if r := run(newHub(t), adminCaller, "workshop", "list"); r.code != 0 || !strings.Contains(r.stdout, "No workshops yet") {
			t.Errorf("empty list: %v", r)
		}
	})
}

func TestExport(t *testing.T) {
	_, fac := newKey(t)
	hub := newHub(t)
	code := create(t, hub, "--title", "Report me", "--facilitator-key", fac)
	_, p := newKey(t)
	join(t, hub, code, p, "Ana")

	t.Run("JSON", func(t *testing.T) {
		r := run(hub, admin.Caller{ID: fac}, "export", code, "--format", "json")
		if r.code != 0 || !json.Valid([]byte(r.stdout)) || !strings.Contains(r.stdout, "Report me") {
			t.Errorf("json export by the workshop's facilitator: %v", r)
		}
	})
	t.Run("FileOnHost", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "report.md")
		r := run(hub, adminCaller, "export", code, "-o", file)
		if r.code != 0 || r.stdout != "" {
			t.Fatalf("export -o: %v", r)
		}
		data, err := os.ReadFile(file)
		if err != nil || !strings.Contains(string(data), "Report me") {
			t.Errorf("report file: %q, %v", data, err)
		}
	})
	t.Run("ErrFileOverSSH", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "report.md")
		r := run(hub, admin.Caller{ID: fac}, "export", code, "-o", file)
		if r.code != 1 || !strings.Contains(r.stderr, "-o writes a file on the server") {
			t.Errorf("remote -o: %v", r)
		}
		if _, err := os.Stat(file); err == nil {
			t.Error("a remote caller wrote a file on the server")
		}
	})
	t.Run("ErrForbiddenForParticipant", func(t *testing.T) {
		r := run(hub, admin.Caller{ID: p}, "export", code)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "you are not a facilitator of a workshop with the join code") {
			t.Errorf("participant export: %v", r)
		}
	})
	t.Run("ErrFormat", func(t *testing.T) {
		r := run(hub, adminCaller, "export", code, "--format", "pdf")
		if r.code != 1 || !strings.Contains(r.stderr, `unknown format "pdf"`) {
			t.Errorf("bad format: %v", r)
		}
	})
}

func TestUsage(t *testing.T) {
	hub := newHub(t)
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string // a part of stdout
		stderr string // a part of stderr
	}{
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"workshop", "frobnicate"}, 2, "", `unknown command "frobnicate" for "commonground workshop"`},
		{[]string{"workshop", "list", "--bogus"}, 2, "", "unknown flag: --bogus"},
		{[]string{"workshop", "new"}, 2, "", `a workshop needs a title: give --title, or an agenda file with --agenda`},
		{[]string{"workshop", "new", "--template", "kickoff", "--activity", "checkin"}, 2, "", `the agenda file has the activities: leave out --activity`},
		{[]string{"export"}, 2, "", "accepts 1 arg(s), received 0"},
		{[]string{"workshop"}, 0, "Available Commands:", ""},
		{[]string{"workshop", "new", "--help"}, 0, "--facilitator-key", ""},
		{[]string{"export", "--help"}, 0, "--format", ""},
		{[]string{"help", "export"}, 0, "ssh -p 2222 HOST export", ""},
		{nil, 0, "workshop", ""},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := run(hub, adminCaller, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stdout, tc.stdout) || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("want exit %d, stdout with %q, stderr with %q; got %v", tc.code, tc.stdout, tc.stderr, r)
			}
			if tc.code == 2 && !strings.Contains(r.stderr, "Usage:") {
				t.Errorf("usage error without the usage: %v", r)
			}
		})
	}
}

// TestHostForward checks what the server host sends to a running server:
// key files read here, -o kept here, the server's exit code passed on.
func TestHostForward(t *testing.T) {
	line, id := newKey(t)
	file := filepath.Join(t.TempDir(), "key.pub")
	if err := os.WriteFile(file, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var (
		sent   [][]string
		sentIn []string
	)
	serverCode := 0
	host := &admin.Host{
		Open: func() (*session.Hub, admin.Caller, func() error, error) {
			return nil, admin.Caller{}, nil, fmt.Errorf("open db: %w", session.ErrLocked)
		},
		Forward: func(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
			in, _ := io.ReadAll(stdin)
			sent, sentIn = append(sent, args), append(sentIn, string(in))
			fmt.Fprint(stdout, "from the server")
			return serverCode, nil
		},
		Files: true,
	}
	exec := func(args ...string) result {
		root := &cobra.Command{Use: "commonground"}
		root.AddCommand(admin.Commands(host)...)
		var out, errOut bytes.Buffer
		code := admin.Execute(root, args, &out, &errOut)
		return result{code, out.String(), errOut.String()}
	}

	r := exec("workshop", "new", "--title", "It's \"quoted\"", "--facilitator-key", file, "-a", "checkin")
	want := []string{"workshop", "new", "--title=It's \"quoted\"", "--activity=checkin", "--facilitator-key=" + id}
	if r.code != 0 || r.stdout != "from the server" || !slices.Equal(sent[0], want) {
		t.Errorf("workshop new sent %q, want %q; %v", sent[0], want, r)
	}

	out := filepath.Join(t.TempDir(), "r.json")
	r = exec("export", "k7wq-m3xd", "--format", "json", "-o", out)
	if want := []string{"export", "--format=json", "--", "k7wq-m3xd"}; r.code != 0 || !slices.Equal(sent[1], want) {
		t.Errorf("export sent %q, want %q; %v", sent[1], want, r)
	}
	if data, err := os.ReadFile(out); err != nil || string(data) != "from the server" {
		t.Errorf("-o file holds %q, %v", data, err)
	}

	backup := filepath.Join(t.TempDir(), "copy.db")
	r = exec("backup", backup)
	if want := []string{"backup", "-"}; r.code != 0 || !slices.Equal(sent[2], want) {
		t.Errorf("backup sent %q, want %q; %v", sent[2], want, r)
	}
	if info, err := os.Stat(backup); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the backup: %v, %v; want a file for its owner alone", info, err)
	}

	// An agenda file is read here, its key files too, and sent on
	// standard input with the keys as fingerprints.
	agendaFile := filepath.Join(t.TempDir(), "a.yaml")
	if err := os.WriteFile(agendaFile, []byte("title: From a file\nfacilitators: ["+file+"]\nactivities:\n  - kind: checkin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = exec("workshop", "new", "--agenda", agendaFile)
	if len(sent) != 4 {
		t.Fatalf("workshop new --agenda sent nothing: %v", r)
	}
	if want := []string{"workshop", "new", "--title=From a file", "--agenda=-"}; r.code != 0 || !slices.Equal(sent[3], want) {
		t.Errorf("workshop new --agenda sent %q, want %q; %v", sent[3], want, r)
	}
	if a, err := agenda.Parse("sent", []byte(sentIn[3])); err != nil || !slices.Equal(a.Facilitators, []string{id}) || a.Title != "From a file" {
		t.Errorf("workshop new --agenda sent the agenda %q (%v), want its key as %s", sentIn[3], err, id)
	}

	serverCode = 1
	if r := exec("workshop", "list"); r.code != 1 || r.stderr != "" {
		t.Errorf("the server's exit code 1 became %v", r)
	}
	// A failed command leaves no file, not even a part of one.
	failed := filepath.Join(t.TempDir(), "failed.db")
	if r := exec("backup", failed); r.code != 1 {
		t.Errorf("a backup the server failed: %v", r)
	}
	if names, _ := filepath.Glob(failed + "*"); len(names) != 0 {
		t.Errorf("a failed backup left %q", names)
	}
}

// TestBackup takes a backup on the server host and over SSH: the copy
// opens as a store with the workshop; only the administrator may take one.
func TestBackup(t *testing.T) {
	_, fac := newKey(t)
	hub := newHub(t, fac)
	code := create(t, hub, "--title", "Keep me")
	file := filepath.Join(t.TempDir(), "copy.db")
	if r := run(hub, adminCaller, "backup", file); r.code != 0 || !strings.Contains(r.stderr, "Wrote "+file) {
		t.Fatalf("backup FILE: %v", r)
	}
	r := run(hub, adminCaller, "backup", "-")
	if r.code != 0 || len(r.stdout) == 0 {
		t.Fatalf("backup -: %v", r)
	}
	if written, err := os.ReadFile(file); err != nil || !bytes.Equal(written, []byte(r.stdout)) {
		t.Errorf("backup FILE and backup - differ (%v)", err)
	}
	copied, err := session.OpenBolt(file, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	if m, err := copied.WorkshopByCode(code); err != nil || m.Title != "Keep me" {
		t.Errorf("the copy has %+v, %v", m, err)
	}
	for _, args := range [][]string{{"backup", "-"}, {"backup", filepath.Join(t.TempDir(), "x.db")}} {
		if r := run(hub, admin.Caller{ID: fac, IsFacilitator: func(string) bool { return true }}, args...); r.code != 1 || r.stdout != "" ||
			!strings.Contains(r.stderr, "only the server's administrator may take a backup") {
			t.Errorf("%q by a facilitator: %v", args, r)
		}
	}
}

func TestJoinCommand(t *testing.T) {
	for _, tc := range []struct {
		host string
		port int
		want string
	}{
		{"", 0, "ssh -p 2222 k7wq-m3xd@localhost"},
		{"example.org", 3000, "ssh -p 3000 k7wq-m3xd@example.org"},
		{"10.0.0.5", 22, "ssh k7wq-m3xd@10.0.0.5"},
		{"::1", 2222, "ssh -p 2222 k7wq-m3xd@::1"},
	} {
		if got := admin.JoinCommand(tc.host, tc.port, "k7wq-m3xd"); got != tc.want {
			t.Errorf("JoinCommand(%q, %d) = %q, want %q", tc.host, tc.port, got, tc.want)
		}
	}
}

func TestParseAuthorizedKeys(t *testing.T) {
	line1, id1 := newKey(t)
	line2, id2 := newKey(t)
	data := "# facilitators\n\n" + line1 + "\nnot a key at all\n" + `no-pty,from="10.0.0.1" ` + line2 + "\n"
	ids, err := admin.ParseAuthorizedKeys([]byte(data))
	if !slices.Equal(ids, []string{id1, id2}) {
		t.Errorf("ids %v, want %v", ids, []string{id1, id2})
	}
	if err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("error %v, want one naming line 4", err)
	}
}

// TestShowCountsAnAssumptionMap: `workshop show` counts an assumption map
// as the presenter does, by cards while they are written and by ratings of
// every card after, not by answers (it said "0 of 4 answered" for a map
// that all four had rated in full).
func TestShowCountsAnAssumptionMap(t *testing.T) {
	const fac = "SHA256:facilitator"
	hub := newHub(t, fac)
	code := create(t, hub, "--title", "Map", "--activity", "assumptions")
	w, err := hub.Open(code)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	do := func(id string, a session.Action) {
		t.Helper()
		if _, err := w.Do(ctx, id, a); err != nil {
			t.Fatalf("%s: %T: %v", id, a, err)
		}
	}
	show := func() string {
		t.Helper()
		r := run(hub, adminCaller, "workshop", "show", code)
		if r.code != 0 {
			t.Fatal(r)
		}
		return r.stdout
	}
	people := []string{"SHA256:ana", "SHA256:ben", "SHA256:cy", "SHA256:dee"}
	for i, id := range people {
		do(id, session.Join{Name: id[7:], Org: "Org " + id[7:]})
		if i < 3 {
			do(id, assumptions.AddCard{Text: "Families know where to find help, says " + id[7:]})
		}
	}
	if out := show(); !strings.Contains(out, "3 of 4 wrote cards") {
		t.Errorf("while cards are written, show says:\n%s", out)
	}
	do(fac, session.Move{Phase: 2}) // rate
	for _, id := range people {
		for card := 1; card <= 3; card++ {
			do(id, assumptions.RateCard{Card: card, Importance: 4, Evidence: 2})
		}
	}
	if out := show(); !strings.Contains(out, "4 of 4 done rating") {
		t.Errorf("once everyone rated every card, show says:\n%s", out)
	}
}
