package exercises_test

import (
	"commonground/exercises"
	"math"
	"strings"
	"testing"
)

func TestRound(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{10.0 / 3, 3.3}, {5.0 / 3, 1.7}, {2.25, 2.3}, {4, 4}, {0, 0},
	} {
		if got := exercises.Round(tc.in); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Round(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestDecisionValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    exercises.Decision
		code string
		msg  string
	}{
		{"OKProceed", exercises.Decision{Outcome: exercises.Proceed}, "", ""},
		{"OKNotYet", exercises.Decision{Outcome: exercises.NotYet, Conditions: "revisit in May"}, "", ""},
		{"OKConditions", exercises.Decision{Outcome: exercises.ProceedConditions, Conditions: "a budget by June"}, "", ""},
		{"OKConditionsEmojiAtLimit", exercises.Decision{Outcome: exercises.ProceedConditions,
			Conditions: strings.Repeat("🇳🇱", exercises.MaxTextLen*4)}, "", ""},
		{"ErrConditionsMissing", exercises.Decision{Outcome: exercises.ProceedConditions}, exercises.EInvalid, "name the conditions"},
		{"ErrUnknownOutcome", exercises.Decision{Outcome: "maybe"}, exercises.EInvalid, `not "maybe"`},
		{"ErrNoOutcome", exercises.Decision{}, exercises.EInvalid, "must be proceed, conditions or not_yet"},
		{"ErrConditionsTooLong", exercises.Decision{Outcome: exercises.ProceedConditions,
			Conditions: strings.Repeat("x", exercises.MaxTextLen*4+1)}, exercises.EInvalid, "longer than 1120"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.d.Validate()
			if exercises.ErrorCode(err) != tc.code || (err != nil && !strings.Contains(err.Error(), tc.msg)) {
				t.Fatalf("Validate() = %v (code %q), want code %q and %q", err, exercises.ErrorCode(err), tc.code, tc.msg)
			}
		})
	}
}

func TestOutcomeLabel(t *testing.T) {
	want := map[exercises.Outcome]string{
		exercises.Proceed:           "Proceed",
		exercises.ProceedConditions: "Proceed with conditions",
		exercises.NotYet:            "Not yet",
	}
	if got := exercises.Outcomes(); len(got) != len(want) {
		t.Fatalf("Outcomes() = %v, want %d outcomes", got, len(want))
	}
	for _, o := range exercises.Outcomes() {
		if got := o.Label(); got != want[o] {
			t.Errorf("%q.Label() = %q, want %q", o, got, want[o])
		}
	}
	if got := exercises.Outcome("other").Label(); got != "other" {
		t.Errorf("unknown outcome label = %q, want the outcome itself", got)
	}
}
