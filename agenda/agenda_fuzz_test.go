package agenda_test

import (
	"errors"
	"testing"

	"commonground/agenda"
	"commonground/exercises"
)

// FuzzParse reads arbitrary files as agendas: Parse never panics, refuses
// only with problems at places in the file, and an agenda it accepts is
// clean text, valid, and written back reads as the same agenda.
func FuzzParse(f *testing.F) {
	for _, t := range agenda.Templates() {
		f.Add(t.Data)
	}
	f.Add([]byte("title: T\nactivities:\n  - kind: willingness\n    statements: [a, b]\n    results: live\n"))
	f.Add([]byte("title: &a T\nactivities: *a\n"))
	f.Add([]byte("title: \"\\e[31mred\\u202e\"\nactivities: [{kind: checkin, prompt: \"x\\ty\"}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := agenda.Parse("f.yaml", data)
		if err != nil {
			var p *agenda.Problems
			if !errors.As(err, &p) || len(p.List) == 0 {
				t.Fatalf("Parse refused with %v, not problems", err)
			}
			return
		}
		for _, s := range append([]string{a.Title}, a.Facilitators...) {
			if c, _ := exercises.CleanText(s, 0); c != s {
				t.Fatalf("text %q is not clean", s)
			}
		}
		roundTrip(t, a)
	})
}
