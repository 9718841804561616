package exercises_test

import (
	"commonground/exercises"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrors(t *testing.T) {
	coded := exercises.Errorf(exercises.EClosed, "input is closed for %q", "Check-in")
	wrapped := fmt.Errorf("answer: %w", coded)
	internal := errors.New("disk full at /var/lib/commonground")
	for _, tc := range []struct {
		name string
		err  error
		code string
		msg  string
	}{
		{"Coded", coded, exercises.EClosed, `input is closed for "Check-in"`},
		{"Wrapped", wrapped, exercises.EClosed, `input is closed for "Check-in"`},
		{"Internal", internal, "", "Something went wrong on the server"},
		{"Nil", nil, "", "Something went wrong on the server"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := exercises.ErrorCode(tc.err); got != tc.code {
				t.Errorf("ErrorCode = %q, want %q", got, tc.code)
			}
			if got := exercises.ErrorMessage(tc.err); got != tc.msg && !strings.HasPrefix(got, tc.msg) {
				t.Errorf("ErrorMessage = %q, want %q", got, tc.msg)
			}
		})
	}
	if got := exercises.ErrorMessage(internal); strings.Contains(got, "/var/lib") {
		t.Errorf("ErrorMessage leaks internal details: %q", got)
	}
}
