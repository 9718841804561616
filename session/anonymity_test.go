package session_test

import (
	"context"
	"strings"
	"testing"

	"commonground/exercises"
	"commonground/session"
)

// TestAnonymityOnlyTightensOnceThereIsInput: while nobody has answered the
// facilitator may set any anonymity; after someone has, only one at least
// as private as the most private the activity has had.
func TestAnonymityOnlyTightensOnceThereIsInput(t *testing.T) {
	const ana = "SHA256:ana"
	named, org, anon := exercises.Named, exercises.Organisation, exercises.Anonymous
	tests := []struct {
		name   string
		before []exercises.Anonymity // set before the set under test
		answer bool                  // ana answers before the set under test
		to     exercises.Anonymity
		code   string // "" = accepted
	}{
		{"no input: named to anonymous", nil, false, anon, ""},
		{"no input: anonymous back to named", []exercises.Anonymity{anon}, false, named, ""},
		{"no input: organisation back to named", []exercises.Anonymity{org}, false, named, ""},
		{"input: named to organisation", nil, true, org, ""},
		{"input: named to anonymous", nil, true, anon, ""},
		{"input: organisation to anonymous", []exercises.Anonymity{org}, true, anon, ""},
		{"input: organisation to named", []exercises.Anonymity{org}, true, named, exercises.EInvalid},
		{"input: anonymous to organisation", []exercises.Anonymity{anon}, true, org, exercises.EInvalid},
		{"input: anonymous to named", []exercises.Anonymity{anon}, true, named, exercises.EInvalid},
		{"input: the same setting changes nothing", []exercises.Anonymity{anon}, true, anon, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, w := newWorkshop(t, newStore(t))
			do(t, w, ana, session.Join{Name: "Ana", Org: "Food Bank"})
			do(t, w, facilitatorID, session.Move{Activity: 1, Phase: 0})
			for _, a := range tt.before {
				do(t, w, facilitatorID, session.SetAnonymity{Activity: 1, Anonymity: a})
			}
			if tt.answer {
				do(t, w, ana, exercises.SetAnswer{Activity: 1, Item: 0, Value: 4})
			}
			_, err := w.Do(context.Background(), facilitatorID, session.SetAnonymity{Activity: 1, Anonymity: tt.to})
			if got := exercises.ErrorCode(err); got != tt.code {
				t.Fatalf("err = %v (code %q), want code %q", err, got, tt.code)
			}
			act := w.Snapshot().Activities[1]
			if err != nil {
				if msg := exercises.ErrorMessage(err); !strings.Contains(msg, "more private") || !strings.Contains(msg, "new activity") {
					t.Errorf("message %q: want it to say why and that names need a new activity", msg)
				}
				if act.Activity.Anonymity == tt.to {
					t.Errorf("the refused setting was applied")
				}
				return
			}
			if act.Activity.Anonymity != tt.to || act.Strictest != tt.to {
				t.Errorf("anonymity %s, strictest %s; want both %s", act.Activity.Anonymity, act.Strictest, tt.to)
			}
		})
	}
}
