package exercises_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"commonground/exercises"
)

// mustActivity returns the default activity of kind k.
func mustActivity(t *testing.T, k exercises.Kind) exercises.Activity {
	t.Helper()
	a, err := exercises.NewActivity(k)
	if err != nil {
		t.Fatalf("NewActivity(%q): %v", k, err)
	}
	return a
}

// checkErr fails unless err carries the code and a message containing msg;
// an empty code means err must be nil.
func checkErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if got := exercises.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
	if got := exercises.ErrorMessage(err); !strings.Contains(got, msg) {
		t.Fatalf("error message = %q, want it to contain %q", got, msg)
	}
}

func TestNewActivity(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, k := range exercises.Kinds() {
			a := mustActivity(t, k)
			if a.Kind != k || a.Title == "" || a.Prompt == "" || a.Anonymity != exercises.Named {
				t.Errorf("NewActivity(%q) = %+v, want kind, title, prompt and named anonymity", k, a)
			}
			if err := a.Validate(); err != nil {
				t.Errorf("default %q activity is invalid: %v", k, err)
			}
			if len(exercises.Phases(k)) == 0 {
				t.Errorf("Phases(%q) is empty", k)
			}
		}
	})
	t.Run("WillingnessStatementsAreACopy", func(t *testing.T) {
		a := mustActivity(t, exercises.Willingness)
		if !slices.Equal(a.Statements, exercises.DefaultStatements) {
			t.Fatalf("statements = %q, want the defaults", a.Statements)
		}
		a.Statements[0] = "changed"
		if exercises.DefaultStatements[0] == "changed" {
			t.Fatal("changing an activity's statements changed DefaultStatements")
		}
	})
	t.Run("ENotFound", func(t *testing.T) {
		_, err := exercises.NewActivity("poll")
		checkErr(t, err, exercises.ENotFound, `unknown exercise "poll"`)
	})
}

func TestActivityItems(t *testing.T) {
	checkin := mustActivity(t, exercises.CheckIn)
	will := mustActivity(t, exercises.Willingness)
	for _, tc := range []struct {
		name  string
		a     exercises.Activity
		items int
		label string // of item 0
	}{
		{"CheckIn", checkin, 1, checkin.Prompt},
		{"Willingness", will, len(exercises.DefaultStatements), exercises.DefaultStatements[0]},
		{"Unknown", exercises.Activity{Kind: "poll", Prompt: "p"}, 0, "p"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Items(); got != tc.items {
				t.Errorf("Items() = %d, want %d", got, tc.items)
			}
			if got := tc.a.ItemLabel(0); got != tc.label {
				t.Errorf("ItemLabel(0) = %q, want %q", got, tc.label)
			}
		})
	}
	t.Run("OutOfRangeLabelIsThePrompt", func(t *testing.T) {
		if got := will.ItemLabel(len(will.Statements)); got != will.Prompt {
			t.Errorf("ItemLabel(past the end) = %q, want the prompt", got)
		}
	})
}

func TestActivityValidate(t *testing.T) {
	with := func(k exercises.Kind, change func(*exercises.Activity)) exercises.Activity {
		a := mustActivity(t, k)
		change(&a)
		return a
	}
	tooMany := make([]string, 21)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("statement %d", i+1)
	}
	for _, tc := range []struct {
		name string
		a    exercises.Activity
		code string
		msg  string
	}{
		{"OK", mustActivity(t, exercises.Willingness), "", ""},
		{"OKAnonymous", with(exercises.CheckIn, func(a *exercises.Activity) { a.Anonymity = exercises.Anonymous }), "", ""},
		{"OKOrganisation", with(exercises.Willingness, func(a *exercises.Activity) { a.Anonymity = exercises.Organisation }), "", ""},
		{"OKTwentyStatements", with(exercises.Willingness, func(a *exercises.Activity) { a.Statements = tooMany[:20] }), "", ""},
		{"OKLongEmojiStatement", with(exercises.Willingness, func(a *exercises.Activity) {
			a.Statements = []string{strings.Repeat("👍🏽", exercises.MaxTextLen)}
		}), "", ""},
		{"ErrUnknownKind", exercises.Activity{Kind: "poll", Anonymity: exercises.Named}, exercises.EInvalid, `unknown exercise "poll"`},
		{"ErrAnonymity", with(exercises.CheckIn, func(a *exercises.Activity) { a.Anonymity = "secret" }), exercises.EInvalid, `not "secret"`},
		{"ErrAnonymityEmpty", with(exercises.CheckIn, func(a *exercises.Activity) { a.Anonymity = "" }), exercises.EInvalid, "anonymity must be"},
		{"ErrNoStatements", with(exercises.Willingness, func(a *exercises.Activity) { a.Statements = nil }), exercises.EInvalid, "1 to 20 statements, not 0"},
		{"ErrTooManyStatements", with(exercises.Willingness, func(a *exercises.Activity) { a.Statements = tooMany }), exercises.EInvalid, "not 21"},
		{"ErrEmptyStatement", with(exercises.Willingness, func(a *exercises.Activity) { a.Statements = []string{"a", ""} }), exercises.EInvalid, "statement 2 must have"},
		{"ErrLongStatement", with(exercises.Willingness, func(a *exercises.Activity) {
			a.Statements = []string{strings.Repeat("x", exercises.MaxTextLen+1)}
		}), exercises.EInvalid, "statement 1 must have 1 to 280"},
		{"ErrTimeBox", with(exercises.CheckIn, func(a *exercises.Activity) { a.TimeBox = -1 }), exercises.EInvalid, "time box"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkErr(t, tc.a.Validate(), tc.code, tc.msg) })
	}
}

func TestValidateAnswer(t *testing.T) {
	checkin := mustActivity(t, exercises.CheckIn)
	will := mustActivity(t, exercises.Willingness)
	last := len(will.Statements) - 1
	long := strings.Repeat("x", exercises.MaxTextLen+1)
	for _, tc := range []struct {
		name string
		a    exercises.Activity
		item int
		ans  exercises.Answer
		code string
		msg  string
	}{
		{"OKCheckIn", checkin, 0, exercises.Answer{Text: "More trust"}, "", ""},
		{"OKWillingnessMin", will, 0, exercises.Answer{Value: exercises.ScaleMin}, "", ""},
		{"OKWillingnessMaxWithComment", will, last, exercises.Answer{Value: exercises.ScaleMax, Text: "yes"}, "", ""},
		{"OKTextAtLimit", checkin, 0, exercises.Answer{Text: strings.Repeat("x", exercises.MaxTextLen)}, "", ""},
		// CleanText cuts to MaxTextLen grapheme clusters; what it lets through
		// must pass, even when a cluster is several runes.
		{"OKEmojiAtLimit", checkin, 0, exercises.Answer{Text: strings.Repeat("👍🏽", exercises.MaxTextLen)}, "", ""},
		{"ErrItemNegative", will, -1, exercises.Answer{Value: 3}, exercises.ENotFound, "no item 0"},
		{"ErrItemPastEnd", will, last + 1, exercises.Answer{Value: 3}, exercises.ENotFound, fmt.Sprintf("no item %d", last+2)},
		{"ErrCheckInSecondItem", checkin, 1, exercises.Answer{Text: "x"}, exercises.ENotFound, "no item 2"},
		{"ErrTextTooLong", will, 0, exercises.Answer{Value: 3, Text: long}, exercises.EInvalid, "longer than 280"},
		{"ErrValueBelow", will, 0, exercises.Answer{Value: -1}, exercises.EInvalid, "from 0 to 5"},
		{"ErrValueAbove", will, 0, exercises.Answer{Value: 6}, exercises.EInvalid, "from 0 to 5"},
		{"ErrCheckInEmpty", checkin, 0, exercises.Answer{}, exercises.EInvalid, "write an answer"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkErr(t, tc.a.ValidateAnswer(tc.item, tc.ans), tc.code, tc.msg) })
	}
}

func TestScaleLabel(t *testing.T) {
	for _, tc := range []struct {
		v    int
		want string
	}{
		{0, "0 I block"},
		{1, "1 serious concerns"},
		{2, "2 reservations"},
		{3, "3 can live with it"},
		{4, "4 support it"},
		{5, "5 will champion it"},
		{-1, "-1"},
		{6, "6"},
	} {
		if got := exercises.ScaleLabel(tc.v); got != tc.want {
			t.Errorf("ScaleLabel(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

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
