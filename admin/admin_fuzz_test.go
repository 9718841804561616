package admin_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"commonground/admin"
	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// The fuzzed server: two workshops with fixed codes (so that the corpus can
// name them), each with a participant whose name, and answer, only a
// facilitator of that workshop may read.
const (
	fuzzServerFac = "SHA256:server-facilitator"
	fuzzWorkshop  = "SHA256:workshop-facilitator" // facilitates the first workshop only
	fuzzAna       = "SHA256:ana"                  // a participant of the first
	fuzzCode1     = "k7wq-m3xd"
	fuzzCode2     = "m3xd-k7wq"
	fuzzSecret1   = "Secretname" // in the first workshop's participant's name and answer
	fuzzSecret2   = "Hiddenname" // the same in the second workshop
)

// fuzzCallers are the remote callers, by the role the fuzz input picks. The
// server's own admin key is not among them: it may read and write the
// server's files, which a fuzzer must not.
var fuzzCallers = []struct {
	id      string
	creates bool     // may create workshops
	secrets []string // what its output must never show, unless its arguments do
}{
	{fuzzServerFac, true, nil},
	{fuzzWorkshop, false, []string{fuzzSecret2, fuzzCode2}},
	{fuzzAna, false, []string{fuzzSecret1, fuzzSecret2, fuzzCode2}},
	{"SHA256:stranger", false, []string{fuzzSecret1, fuzzSecret2, fuzzCode2}},
	{"", false, []string{fuzzSecret1, fuzzSecret2, fuzzCode2}}, // keyless
}

// FuzzRun runs arbitrary command lines, as SSH clients send them, for every
// kind of remote caller. Run never panics and exits 0, 1 or 2; it writes no
// file for a remote caller; only server facilitators create workshops;
// nobody reads a workshop they do not facilitate; and nothing the caller
// did not type puts a control character on their terminal. In the input,
// NUL separates the arguments.
func FuzzRun(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string, role uint8) {
		args := strings.Split(line, "\x00")
		who := fuzzCallers[int(role)%len(fuzzCallers)]
		dir := t.TempDir()
		t.Chdir(dir) // a file written by a relative name would land here

		hub := newHub(t, fuzzServerFac)
		for _, w := range []struct{ code, facilitator, id, name string }{
			{fuzzCode1, fuzzWorkshop, fuzzAna, "Ana " + fuzzSecret1},
			{fuzzCode2, "SHA256:someone-else", "SHA256:zed", "Zed " + fuzzSecret2},
		} {
			if _, err := hub.Create(session.NewWorkshop{Title: "Kickoff", Agenda: newAgenda(t, checkin.Kind),
				Facilitators: []string{w.facilitator}, Code: w.code}); err != nil {
				t.Fatal(err)
			}
			join(t, hub, w.code, w.id, w.name)
		}
		before := workshopCount(t, hub)

		caller := admin.Caller{ID: who.id, IsFacilitator: func(id string) bool { return id == fuzzServerFac },
			JoinHost: "example.org", Port: 2222}
		r := run(hub, caller, args...)

		if r.code < 0 || r.code > 2 {
			t.Fatalf("exit code %d for %q by %q:\n%v", r.code, args, who.id, r)
		}
		if files, err := os.ReadDir(dir); err != nil || len(files) > 0 {
			t.Fatalf("%q by %q wrote files %v (%v)", args, who.id, files, err)
		}
		if n := workshopCount(t, hub); n != before && !who.creates {
			t.Fatalf("%q by %q made %d workshops of %d:\n%v", args, who.id, n, before, r)
		}
		out := r.stdout + r.stderr
		for _, s := range who.secrets {
			if strings.Contains(out, s) && !strings.Contains(line, s) {
				t.Fatalf("%q by %q shows %q:\n%v", args, who.id, s, r)
			}
		}
		if hasControl(out) && !slices.ContainsFunc(args, hasControl) {
			t.Fatalf("%q by %q writes control characters:\n%q", args, who.id, out)
		}
	})
}

// newAgenda is the agenda of kinds with their default settings.
func newAgenda(t *testing.T, kinds ...exercises.Kind) []exercises.Activity {
	t.Helper()
	agenda, err := admin.NewAgenda(kinds...)
	if err != nil {
		t.Fatal(err)
	}
	return agenda
}

func workshopCount(t *testing.T, hub *session.Hub) int {
	t.Helper()
	list, err := hub.List()
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// hasControl reports whether s holds a control character other than a
// line break or tab, or text that changes its direction.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r))
	})
}
