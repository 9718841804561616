package exercises_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"commonground/exercises"
)

// FuzzValidateInput checks what participants type against the rules, the
// way the hub does: cleaned and cut first (CleanText), then validated. Text
// cut to a limit always passes the check against that limit, so the only
// refusals are the rules themselves; refusals are coded errors a person can
// be shown; and a due date is accepted only in the form it is shown in.
func FuzzValidateInput(f *testing.F) {
	f.Fuzz(func(t *testing.T, text, category, due string, value int) {
		clean, _ := exercises.CleanText(text, exercises.MaxTextLen)
		check := func(what string, err error, ok bool, code string) {
			t.Helper()
			if (err == nil) != ok {
				t.Fatalf("%s of %q: err %v, want ok %v", what, clean, err, ok)
			}
			if err != nil && exercises.ErrorCode(err) != code {
				t.Fatalf("%s of %q: %v has code %q, want %q", what, clean, err, exercises.ErrorCode(err), code)
			}
		}

		assumptions := newActivity(t, exercises.Assumptions)
		check("card", assumptions.ValidateCard(clean, category),
			clean != "" && (category == "" || slices.Contains(assumptions.Categories, category)), exercises.EInvalid)

		checkIn := newActivity(t, exercises.CheckIn)
		check("check-in answer", checkIn.ValidateAnswer(0, exercises.Answer{Text: clean}), clean != "", exercises.EInvalid)
		check("check-in answer to item 2", checkIn.ValidateAnswer(1, exercises.Answer{Text: clean}), false, exercises.ENotFound)

		willingness := newActivity(t, exercises.Willingness)
		check("willingness answer", willingness.ValidateAnswer(0, exercises.Answer{Value: value, Text: clean}),
			value >= exercises.ScaleMin && value <= exercises.ScaleMax, exercises.EInvalid)

		err := exercises.ValidateAction(clean, "SHA256:ana", due)
		if err == nil {
			d, perr := time.Parse(exercises.DateLayout, due)
			if clean == "" || perr != nil || d.Format(exercises.DateLayout) != due {
				t.Fatalf("action %q due %q accepted (date %v, %v)", clean, due, d, perr)
			}
		} else if exercises.ErrorCode(err) != exercises.EInvalid {
			t.Fatalf("action %q due %q: %v has code %q", clean, due, err, exercises.ErrorCode(err))
		}
	})
}

// FuzzActivityValidate decodes an activity's settings as they are stored
// (and as an agenda would give them) and validates them. Validate either
// accepts them or refuses with an EInvalid error; settings it accepts name
// a known exercise with items to answer where the exercise has any, and
// their encoding is canonical: encoding them again gives the same bytes.
func FuzzActivityValidate(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var a exercises.Activity
		if json.Unmarshal(data, &a) != nil {
			return
		}
		err := a.Validate()
		if err != nil {
			if exercises.ErrorCode(err) != exercises.EInvalid {
				t.Fatalf("Validate(%+v) = %v, code %q", a, err, exercises.ErrorCode(err))
			}
			return
		}
		if len(exercises.Phases(a.Kind)) == 0 {
			t.Fatalf("Validate accepts an exercise without phases: %q", a.Kind)
		}
		if a.Kind == exercises.Willingness {
			if a.Items() == 0 {
				t.Fatal("Validate accepts a willingness check without statements")
			}
			for i := range a.Items() {
				if a.ItemLabel(i) != a.Statements[i] {
					t.Fatalf("item %d is labelled %q, statement %q", i, a.ItemLabel(i), a.Statements[i])
				}
			}
		}
		enc := encode(t, a)
		var back exercises.Activity
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatalf("decode %s: %v", enc, err)
		}
		if again := encode(t, back); !bytes.Equal(again, enc) {
			t.Fatalf("encoding is not canonical:\n%s\n%s", enc, again)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("valid settings %s are invalid once decoded: %v", enc, err)
		}
	})
}

func newActivity(t *testing.T, k exercises.Kind) exercises.Activity {
	t.Helper()
	a, err := exercises.NewActivity(k)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %+v: %v", v, err)
	}
	return b
}
