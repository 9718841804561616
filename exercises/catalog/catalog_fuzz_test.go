package catalog_test

import (
	"bytes"
	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/catalog"
	"commonground/exercises/checkin"
	"commonground/exercises/funders"
	"commonground/exercises/willingness"
	"encoding/json"
	"slices"
	"testing"
	"time"
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

		wall := newActivity(t, assumptions.Kind)
		check("card", assumptions.ValidateCard(wall, clean, category),
			clean != "" && (category == "" || slices.Contains(assumptions.Categories(wall), category)), exercises.EInvalid)

		checkIn, checkInRules := newActivity(t, checkin.Kind), checkin.Exercise.(exercises.AnswerRules)
		check("check-in answer", checkInRules.ValidateAnswer(checkIn, 0, exercises.Answer{Text: clean}), clean != "", exercises.EInvalid)
		check("check-in answer to item 2", checkInRules.ValidateAnswer(checkIn, 1, exercises.Answer{Text: clean}), false, exercises.ENotFound)

		will := newActivity(t, willingness.Kind)
		check("willingness answer", willingness.Exercise.(exercises.AnswerRules).ValidateAnswer(will, 0, exercises.Answer{Value: value, Text: clean}),
			value >= willingness.ScaleMin && value <= willingness.ScaleMax, exercises.EInvalid)

		name, _ := exercises.CleanText(text, funders.MaxNameLen)
		check("funder", funders.CheckFunder(name, funders.FunderKind(category), "", funders.Relationship(due)),
			name != "" && slices.Contains(funders.FunderKinds(), funders.FunderKind(category)) &&
				slices.Contains(funders.Relationships(), funders.Relationship(due)), exercises.EInvalid)

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
		a, err := catalog.Decode(data)
		if err != nil {
			return
		}
		err = catalog.Validate(a)
		if err != nil {
			if exercises.ErrorCode(err) != exercises.EInvalid {
				t.Fatalf("Validate(%+v) = %v, code %q", a, err, exercises.ErrorCode(err))
			}
			return
		}
		if len(catalog.Phases(a.Kind)) == 0 {
			t.Fatalf("Validate accepts an exercise without phases: %q", a.Kind)
		}
		if a.Kind == willingness.Kind {
			stmts := willingness.Statements(a)
			if len(stmts) == 0 {
				t.Fatal("Validate accepts a willingness check without statements")
			}
			e, _ := catalog.Get(a.Kind)
			for i := range stmts {
				if got := exercises.ItemLabel(e, a, i); got != stmts[i] {
					t.Fatalf("item %d is labelled %q, statement %q", i, got, stmts[i])
				}
			}
		}
		enc := encode(t, a)
		back, err := catalog.Decode(enc)
		if err != nil {
			t.Fatalf("decode %s: %v", enc, err)
		}
		if again := encode(t, back); !bytes.Equal(again, enc) {
			t.Fatalf("encoding is not canonical:\n%s\n%s", enc, again)
		}
		if err := catalog.Validate(back); err != nil {
			t.Fatalf("valid settings %s are invalid once decoded: %v", enc, err)
		}
	})
}

func newActivity(t *testing.T, k exercises.Kind) exercises.Activity {
	t.Helper()
	a, err := catalog.New(k)
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
