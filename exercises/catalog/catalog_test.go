package catalog_test

import (
	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/exercises/conflict"
	"commonground/exercises/review"
	"commonground/exercises/willingness"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// mustActivity returns the default activity of kind k.
func mustActivity(t *testing.T, k exercises.Kind) exercises.Activity {
	t.Helper()
	a, err := catalog.New(k)
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
		for _, k := range catalog.Kinds() {
			a := mustActivity(t, k)
			// Most exercises start named; conflict resolution starts
			// anonymous, as its interests are by default.
			if a.Kind != k || a.Title == "" || a.Prompt == "" || a.CheckAnonymity() != nil {
				t.Errorf("NewActivity(%q) = %+v, want kind, title, prompt and a known anonymity", k, a)
			}
			if err := catalog.Validate(a); err != nil {
				t.Errorf("default %q activity is invalid: %v", k, err)
			}
			if len(catalog.Phases(k)) == 0 {
				t.Errorf("Phases(%q) is empty", k)
			}
		}
	})
	t.Run("WillingnessStatementsAreACopy", func(t *testing.T) {
		a := mustActivity(t, willingness.Kind)
		if !slices.Equal(willingness.Statements(a), willingness.DefaultStatements) {
			t.Fatalf("statements = %q, want the defaults", willingness.Statements(a))
		}
		willingness.Statements(a)[0] = "changed"
		if willingness.DefaultStatements[0] == "changed" {
			t.Fatal("changing an activity's statements changed DefaultStatements")
		}
	})
	t.Run("ENotFound", func(t *testing.T) {
		_, err := catalog.New("poll")
		checkErr(t, err, exercises.ENotFound, `unknown exercise "poll"`)
	})
}

// The demo agenda is the exercises in the order offered, less those that
// need a real workshop's settings: conflict resolution needs an issue, the
// action review a cohort's earlier sessions.
func TestDemo(t *testing.T) {
	demo := catalog.Demo()
	want := slices.DeleteFunc(catalog.Kinds(), func(k exercises.Kind) bool { return k == conflict.Kind || k == review.Kind })
	if !slices.Equal(demo, want) {
		t.Fatalf("Demo() = %v, want %v", demo, want)
	}
	for _, k := range []exercises.Kind{checkin.Kind, willingness.Kind, conflict.Kind} {
		if _, err := catalog.New(k); err != nil {
			t.Errorf("New(%q): %v", k, err)
		}
	}
}

func TestActivityItems(t *testing.T) {
	checkIn := mustActivity(t, checkin.Kind)
	will := mustActivity(t, willingness.Kind)
	for _, tc := range []struct {
		name  string
		a     exercises.Activity
		items int
		label string // of item 0
	}{
		{"CheckIn", checkIn, 1, checkIn.Prompt},
		{"Willingness", will, len(willingness.DefaultStatements), willingness.DefaultStatements[0]},
		{"Unknown", exercises.Activity{Kind: "poll", Prompt: "p"}, 0, "p"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := catalog.Get(tc.a.Kind)
			items := 0
			if x, ok := e.(exercises.Itemised); ok {
				items = len(x.ItemsOf(tc.a))
			}
			if items != tc.items {
				t.Errorf("items = %d, want %d", items, tc.items)
			}
			if got := exercises.ItemLabel(e, tc.a, 0); got != tc.label {
				t.Errorf("ItemLabel(0) = %q, want %q", got, tc.label)
			}
		})
	}
	t.Run("OutOfRangeLabelIsThePrompt", func(t *testing.T) {
		if got := exercises.ItemLabel(willingness.Exercise, will, len(willingness.Statements(will))); got != will.Prompt {
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
		{"OK", mustActivity(t, willingness.Kind), "", ""},
		{"OKAnonymous", with(checkin.Kind, func(a *exercises.Activity) { a.Anonymity = exercises.Anonymous }), "", ""},
		{"OKOrganisation", with(willingness.Kind, func(a *exercises.Activity) { a.Anonymity = exercises.Organisation }), "", ""},
		{"OKTwentyStatements", with(willingness.Kind, func(a *exercises.Activity) { a.Settings = willingness.Settings{Statements: tooMany[:20]} }), "", ""},
		{"OKLongEmojiStatement", with(willingness.Kind, func(a *exercises.Activity) {
			a.Settings = willingness.Settings{Statements: []string{strings.Repeat("👍🏽", exercises.MaxTextLen)}}
		}), "", ""},
		{"ErrUnknownKind", exercises.Activity{Kind: "poll", Anonymity: exercises.Named}, exercises.EInvalid, `unknown exercise "poll"`},
		{"ErrAnonymity", with(checkin.Kind, func(a *exercises.Activity) { a.Anonymity = "secret" }), exercises.EInvalid, `not "secret"`},
		{"ErrAnonymityEmpty", with(checkin.Kind, func(a *exercises.Activity) { a.Anonymity = "" }), exercises.EInvalid, "anonymity must be"},
		{"ErrNoStatements", with(willingness.Kind, func(a *exercises.Activity) { a.Settings = willingness.Settings{Statements: nil} }), exercises.EInvalid, "1 to 20 statements, not 0"},
		{"ErrTooManyStatements", with(willingness.Kind, func(a *exercises.Activity) { a.Settings = willingness.Settings{Statements: tooMany} }), exercises.EInvalid, "not 21"},
		{"ErrEmptyStatement", with(willingness.Kind, func(a *exercises.Activity) { a.Settings = willingness.Settings{Statements: []string{"a", ""}} }), exercises.EInvalid, "statement 2 must have"},
		{"ErrLongStatement", with(willingness.Kind, func(a *exercises.Activity) {
			a.Settings = willingness.Settings{Statements: []string{strings.Repeat("x", exercises.MaxTextLen+1)}}
		}), exercises.EInvalid, "statement 1 must have 1 to 280"},
		{"ErrTimeBox", with(checkin.Kind, func(a *exercises.Activity) { a.TimeBox = -1 }), exercises.EInvalid, "time box"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkErr(t, catalog.Validate(tc.a), tc.code, tc.msg) })
	}
}

func TestValidateAnswer(t *testing.T) {
	checkIn := mustActivity(t, checkin.Kind)
	will := mustActivity(t, willingness.Kind)
	last := len(willingness.Statements(will)) - 1
	long := strings.Repeat("x", exercises.MaxTextLen+1)
	for _, tc := range []struct {
		name string
		a    exercises.Activity
		item int
		ans  exercises.Answer
		code string
		msg  string
	}{
		{"OKCheckIn", checkIn, 0, exercises.Answer{Text: "More trust"}, "", ""},
		{"OKWillingnessMin", will, 0, exercises.Answer{Value: willingness.ScaleMin}, "", ""},
		{"OKWillingnessMaxWithComment", will, last, exercises.Answer{Value: willingness.ScaleMax, Text: "yes"}, "", ""},
		{"OKTextAtLimit", checkIn, 0, exercises.Answer{Text: strings.Repeat("x", exercises.MaxTextLen)}, "", ""},
		// CleanText cuts to MaxTextLen grapheme clusters; what it lets through
		// must pass, even when a cluster is several runes.
		{"OKEmojiAtLimit", checkIn, 0, exercises.Answer{Text: strings.Repeat("👍🏽", exercises.MaxTextLen)}, "", ""},
		{"ErrItemNegative", will, -1, exercises.Answer{Value: 3}, exercises.ENotFound, "no item 0"},
		{"ErrItemPastEnd", will, last + 1, exercises.Answer{Value: 3}, exercises.ENotFound, fmt.Sprintf("no item %d", last+2)},
		{"ErrCheckInSecondItem", checkIn, 1, exercises.Answer{Text: "x"}, exercises.ENotFound, "no item 2"},
		{"ErrTextTooLong", will, 0, exercises.Answer{Value: 3, Text: long}, exercises.EInvalid, "longer than 280"},
		{"ErrValueBelow", will, 0, exercises.Answer{Value: -1}, exercises.EInvalid, "from 0 to 5"},
		{"ErrValueAbove", will, 0, exercises.Answer{Value: 6}, exercises.EInvalid, "from 0 to 5"},
		{"ErrCheckInEmpty", checkIn, 0, exercises.Answer{}, exercises.EInvalid, "write an answer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := catalog.Get(tc.a.Kind)
			checkErr(t, e.(exercises.AnswerRules).ValidateAnswer(tc.a, tc.item, tc.ans), tc.code, tc.msg)
		})
	}
}

// TestInputPhasesDoNotRevealOnEntry: results shown while people still
// answer let late answerers read the others first, so a phase that takes
// input starts hidden, unless the exercise needs otherwise and says why
// (assumption mapping's Plan phase plans on the map, whose ratings are
// closed by then).
func TestInputPhasesDoNotRevealOnEntry(t *testing.T) {
	revealsWithInput := map[string]bool{"assumptions/plan": true, "funders/plan": true}
	for _, e := range catalog.All() {
		for _, p := range e.Phases() {
			name := string(e.Kind()) + "/" + p.Name
			if got := p.Input && p.Reveal; got != revealsWithInput[name] {
				t.Errorf("phase %s takes input and reveals on entry: %v, want %v", name, got, revealsWithInput[name])
			}
		}
	}
}
