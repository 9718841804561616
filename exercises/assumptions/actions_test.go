package assumptions_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/assumptions"
)

// planData folds a wall with one "test first" card (1) and the events
// given, each a type and its payload.
func planData(t *testing.T, evs ...any) exercises.Data {
	t.Helper()
	all := append([]any{
		assumptions.EvCardAdded, assumptions.CardAdded{Card: exercises.Card{ID: 1, Authors: []string{"ana"}, Text: "Families want it"}},
		assumptions.EvRatingSet, assumptions.RatingSet{Card: 1, Person: "ana", Rating: assumptions.Rating{Importance: 5, Evidence: 1}},
	}, evs...)
	d := assumptions.Exercise.Empty()
	for i := 0; i < len(all); i += 2 {
		raw, err := json.Marshal(all[i+1])
		if err != nil {
			t.Fatal(err)
		}
		if d, err = assumptions.Exercise.Fold(d, exercises.Record{Type: all[i].(string), Data: raw}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// proposed is action 1 on card 1, owned by Ben, as proposed by Ana.
var proposed = []any{assumptions.EvActionProposed, assumptions.ActionProposed{Action: exercises.ActionItem{ID: 1, CardID: 1,
	Text: "Ask 20 families", Owner: "ben", Org: "Pantry", Due: "2027-01-31", Status: exercises.Proposed, ProposedBy: "ana"}}}

func planContext(d exercises.Data, facilitator bool) exercises.Context {
	var plan exercises.PhaseSpec
	for _, p := range assumptions.Exercise.Phases() {
		if p.Name == assumptions.PhasePlan {
			plan = p
		}
	}
	return exercises.Context{Phase: plan, Data: d, Current: true, InputOpen: true, By: "ana", Joined: true, Facilitator: facilitator,
		People: map[string]exercises.Person{"ana": {ID: "ana", Name: "Ana", Org: "City"}, "ben": {ID: "ben", Name: "Ben", Org: "Pantry"}},
		Now:    time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
}

// decided returns the one change a command makes, or its error code.
func decided(t *testing.T, cmd exercises.Command, c exercises.Context) (*exercises.Change, string) {
	t.Helper()
	changes, err := cmd.Decide(c)
	if err != nil {
		return nil, exercises.ErrorCode(err)
	}
	if len(changes) > 1 {
		t.Fatalf("%T made %d changes", cmd, len(changes))
	}
	if len(changes) == 0 {
		return nil, ""
	}
	return &changes[0], ""
}

func TestProposeActionOwner(t *testing.T) {
	long := strings.Repeat("n", exercises.MaxNameLen+5)
	tests := []struct {
		name string
		cmd  assumptions.ProposeAction
		code string
		// want is the owner stored: ID, typed name, organisation.
		want [3]string
	}{
		{"a participant, with their organisation", assumptions.ProposeAction{Card: 1, Text: "Ask", Owner: "ben", Due: "2027-01-31"}, "", [3]string{"ben", "", "Pantry"}},
		{"someone not in the workshop", assumptions.ProposeAction{Card: 1, Text: "Ask", Owner: "zed", Due: "2027-01-31"}, exercises.EInvalid, [3]string{}},
		{"a typed name and organisation", assumptions.ProposeAction{Card: 1, Text: "Ask", OwnerName: "  Jo Park ", OwnerOrg: "County\tlegal", Due: "2027-01-31"}, "", [3]string{"", "Jo Park", "County legal"}},
		{"a typed organisation alone", assumptions.ProposeAction{Card: 1, Text: "Ask", OwnerOrg: "County legal", Due: "2027-01-31"}, "", [3]string{"", "", "County legal"}},
		{"a typed owner over the limit is cut", assumptions.ProposeAction{Card: 1, Text: "Ask", OwnerName: long, OwnerOrg: long, Due: "2027-01-31"}, "",
			[3]string{"", long[:exercises.MaxNameLen], long[:exercises.MaxNameLen]}},
		{"an empty typed owner", assumptions.ProposeAction{Card: 1, Text: "Ask", OwnerName: "  ", OwnerOrg: "\n", Due: "2027-01-31"}, exercises.EInvalid, [3]string{}},
		{"a participant wins over typed words", assumptions.ProposeAction{Card: 1, Text: "Ask", Owner: "ana", OwnerName: "Jo", OwnerOrg: "County", Due: "2027-01-31"}, "", [3]string{"ana", "", "City"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, code := decided(t, tt.cmd, planContext(planData(t), false))
			if code != tt.code {
				t.Fatalf("code %q, want %q", code, tt.code)
			}
			if code != "" {
				return
			}
			a := ch.Payload.(assumptions.ActionProposed).Action
			if got := [3]string{a.Owner, a.OwnerName, a.Org}; got != tt.want {
				t.Errorf("owner %q, want %q", got, tt.want)
			}
			if a.Typed() != (tt.want[0] == "") {
				t.Errorf("Typed() = %v", a.Typed())
			}
		})
	}
	if n := (assumptions.ProposeAction{OwnerName: long}).Notice(); n == "" {
		t.Error("no notice for a typed owner that was cut")
	}
}

func TestEditAction(t *testing.T) {
	rejected := []any{assumptions.EvActionRejected, assumptions.ActionRejected{Action: 1}}
	tests := []struct {
		name        string
		evs         []any
		facilitator bool
		cmd         assumptions.EditAction
		code        string
		want        *assumptions.ActionEdited // nil: no change
	}{
		{"by a participant", proposed, false, assumptions.EditAction{Action: 1, Text: "Ask 30", Owner: "ben", Due: "2027-01-31"}, exercises.EForbidden, nil},
		{"an action that is not there", proposed, true, assumptions.EditAction{Action: 9, Text: "Ask", Owner: "ben", Due: "2027-01-31"}, exercises.ENotFound, nil},
		{"a rejected action", append(append([]any{}, proposed...), rejected...), true, assumptions.EditAction{Action: 1, Text: "Ask", Owner: "ben", Due: "2027-01-31"}, exercises.EInvalid, nil},
		{"no text", proposed, true, assumptions.EditAction{Action: 1, Text: " ", Owner: "ben", Due: "2027-01-31"}, exercises.EInvalid, nil},
		{"a bad date", proposed, true, assumptions.EditAction{Action: 1, Text: "Ask", Owner: "ben", Due: "soon"}, exercises.EInvalid, nil},
		{"an owner not in the workshop", proposed, true, assumptions.EditAction{Action: 1, Text: "Ask", Owner: "zed", Due: "2027-01-31"}, exercises.EInvalid, nil},
		{"no owner", proposed, true, assumptions.EditAction{Action: 1, Text: "Ask", Due: "2027-01-31"}, exercises.EInvalid, nil},
		{"the same again", proposed, true, assumptions.EditAction{Action: 1, Text: "Ask 20 families", Owner: "ben", Due: "2027-01-31"}, "", nil},
		{"new text and date", proposed, true, assumptions.EditAction{Action: 1, Text: "Ask 30 families", Owner: "ben", Due: "2027-02-28"}, "",
			&assumptions.ActionEdited{Action: 1, Text: "Ask 30 families", Owner: "ben", Org: "Pantry", Due: "2027-02-28"}},
		{"to a typed owner", proposed, true, assumptions.EditAction{Action: 1, Text: "Ask 20 families", OwnerName: "Jo", OwnerOrg: "County legal", Due: "2027-01-31"}, "",
			&assumptions.ActionEdited{Action: 1, Text: "Ask 20 families", OwnerName: "Jo", Org: "County legal", Due: "2027-01-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, code := decided(t, tt.cmd, planContext(planData(t, tt.evs...), tt.facilitator))
			if code != tt.code {
				t.Fatalf("code %q, want %q", code, tt.code)
			}
			switch {
			case tt.want == nil && ch != nil:
				t.Fatalf("changed: %+v", ch)
			case tt.want != nil && ch == nil:
				t.Fatal("no change")
			case tt.want != nil:
				if ch.Type != assumptions.EvActionEdited || ch.Payload.(assumptions.ActionEdited) != *tt.want {
					t.Errorf("change %s %+v, want %+v", ch.Type, ch.Payload, *tt.want)
				}
			}
		})
	}
}

func TestRejectAndConfirmAction(t *testing.T) {
	confirmed := []any{assumptions.EvActionConfirmed, assumptions.ActionConfirmed{Action: 1}}
	rejected := []any{assumptions.EvActionRejected, assumptions.ActionRejected{Action: 1}}
	join := func(evs ...[]any) []any {
		var out []any
		for _, e := range evs {
			out = append(out, e...)
		}
		return out
	}
	tests := []struct {
		name        string
		evs         []any
		facilitator bool
		cmd         exercises.Command
		code        string
		want        string // the event type made, "" for none
	}{
		{"reject by a participant", proposed, false, assumptions.RejectAction{Action: 1}, exercises.EForbidden, ""},
		{"reject an action that is not there", proposed, true, assumptions.RejectAction{Action: 2}, exercises.ENotFound, ""},
		{"reject a proposed action", proposed, true, assumptions.RejectAction{Action: 1}, "", assumptions.EvActionRejected},
		{"reject a confirmed action", join(proposed, confirmed), true, assumptions.RejectAction{Action: 1}, "", assumptions.EvActionRejected},
		{"reject again", join(proposed, rejected), true, assumptions.RejectAction{Action: 1}, "", ""},
		{"confirm a rejected action", join(proposed, rejected), true, assumptions.ConfirmAction{Action: 1}, exercises.EInvalid, ""},
		{"confirm a proposed action", proposed, true, assumptions.ConfirmAction{Action: 1}, "", assumptions.EvActionConfirmed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, code := decided(t, tt.cmd, planContext(planData(t, tt.evs...), tt.facilitator))
			if code != tt.code {
				t.Fatalf("code %q, want %q", code, tt.code)
			}
			got := ""
			if ch != nil {
				got = ch.Type
			}
			if got != tt.want {
				t.Errorf("event %q, want %q", got, tt.want)
			}
		})
	}
	for _, cmd := range []any{assumptions.EditAction{}, assumptions.RejectAction{}} {
		if _, ok := cmd.(exercises.Restricted); !ok {
			t.Errorf("%T is not facilitator only", cmd)
		}
	}
}

// TestActionFolds: each action event as it folds, including an old
// action.proposed with only an owner's ID and events naming an action
// that is not there, which are passed over.
func TestActionFolds(t *testing.T) {
	raw := func(typ, payload string) []any { return []any{typ, json.RawMessage(payload)} }
	join := func(evs ...[]any) []any {
		var out []any
		for _, e := range evs {
			out = append(out, e...)
		}
		return out
	}
	old := raw(assumptions.EvActionProposed, `{"activity":0,"action":{"id":1,"card_id":1,"text":"Ask","owner":"ben","org":"Pantry","due":"2027-01-31","status":"proposed","proposed_by":"ana"}}`)
	tests := []struct {
		name string
		evs  []any
		want []exercises.ActionItem // ID, text, owner, name, org, due, status compared
	}{
		{"an old proposal: owned by a participant", old,
			[]exercises.ActionItem{{ID: 1, Text: "Ask", Owner: "ben", Org: "Pantry", Due: "2027-01-31", Status: exercises.Proposed}}},
		{"a typed owner", raw(assumptions.EvActionProposed, `{"activity":0,"action":{"id":1,"card_id":1,"text":"Ask","owner":"","owner_name":"Jo\u0007","org":"County legal","due":"2027-01-31","status":"proposed"}}`),
			[]exercises.ActionItem{{ID: 1, Text: "Ask", OwnerName: "Jo", Org: "County legal", Due: "2027-01-31", Status: exercises.Proposed}}},
		{"edited to a typed owner", join(old, raw(assumptions.EvActionEdited, `{"activity":0,"action":1,"text":"Ask more","owner_name":"Jo","org":"County legal","due":"2027-02-01"}`)),
			[]exercises.ActionItem{{ID: 1, Text: "Ask more", OwnerName: "Jo", Org: "County legal", Due: "2027-02-01", Status: exercises.Proposed}}},
		{"edited back to a participant", join(old, raw(assumptions.EvActionEdited, `{"activity":0,"action":1,"text":"Ask","owner_name":"Jo","org":"County legal","due":"2027-01-31"}`),
			raw(assumptions.EvActionEdited, `{"activity":0,"action":1,"text":"Ask","owner":"ana","org":"City","due":"2027-01-31"}`)),
			[]exercises.ActionItem{{ID: 1, Text: "Ask", Owner: "ana", Org: "City", Due: "2027-01-31", Status: exercises.Proposed}}},
		{"a confirmed action edited stays confirmed", join(old, raw(assumptions.EvActionConfirmed, `{"activity":0,"action":1}`),
			raw(assumptions.EvActionEdited, `{"activity":0,"action":1,"text":"Ask","owner":"ben","org":"Pantry","due":"2027-03-01"}`)),
			[]exercises.ActionItem{{ID: 1, Text: "Ask", Owner: "ben", Org: "Pantry", Due: "2027-03-01", Status: exercises.Confirmed}}},
		{"rejected: it stays", join(old, raw(assumptions.EvActionRejected, `{"activity":0,"action":1}`)),
			[]exercises.ActionItem{{ID: 1, Text: "Ask", Owner: "ben", Org: "Pantry", Due: "2027-01-31", Status: exercises.Rejected}}},
		{"an edit and a rejection of an action that is not there", join(old,
			raw(assumptions.EvActionEdited, `{"activity":0,"action":7,"text":"gone","due":"2027-01-31"}`),
			raw(assumptions.EvActionRejected, `{"activity":0,"action":7}`)),
			[]exercises.ActionItem{{ID: 1, Text: "Ask", Owner: "ben", Org: "Pantry", Due: "2027-01-31", Status: exercises.Proposed}}},
		{"an edit and a rejection before any action", join(
			raw(assumptions.EvActionEdited, `{"activity":0,"action":1,"text":"gone","due":"2027-01-31"}`),
			raw(assumptions.EvActionRejected, `{"activity":0,"action":1}`)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []exercises.ActionItem
			for _, a := range assumptions.Of(planData(t, tt.evs...)).ActionItems() {
				got = append(got, exercises.ActionItem{ID: a.ID, Text: a.Text, Owner: a.Owner, OwnerName: a.OwnerName, Org: a.Org, Due: a.Due, Status: a.Status})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("actions %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("action %+v, want %+v", got[i], tt.want[i])
				}
			}
		})
	}
}
