package session

import (
	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/conflict"
	"slices"
	"strings"
	"testing"
)

// TestFoldIsTotal replays logs whose events today's rules would refuse if
// they were decided now (a merge into a card merged already, of a card
// that is gone, with text longer than the limit; a move to a phase the
// exercise no longer has): each was accepted once, so each applies.
func TestFoldIsTotal(t *testing.T) {
	created := `{"type":"workshop.created","v":1,"data":{"id":"w1","code":"abcd-efgh","title":"Old","agenda":[{"kind":"assumptions","title":"Map","anonymity":"named"}]}}`
	card := func(id string) string {
		return `{"type":"card.added","v":1,"data":{"activity":0,"card":{"id":` + id + `,"authors":["a"],"text":"card ` + id + `"}}}`
	}
	long := strings.Repeat("x", 400)
	tests := []struct {
		name string
		log  []string
		// check reads the state the log folds to.
		check func(t *testing.T, st *State)
	}{
		{"merge into a card merged already", []string{created, card("1"), card("2"), card("3"),
			`{"type":"cards.merged","v":1,"data":{"activity":0,"into":1,"from":[2]}}`,
			`{"type":"cards.merged","v":1,"data":{"activity":0,"into":2,"from":[3]}}`},
			func(t *testing.T, st *State) {
				if c, _ := assumptions.Of(st.Activities[0].Data).Card(3); c.MergedInto != 2 {
					t.Errorf("card 3 merged into %d, want 2 as recorded", c.MergedInto)
				}
			}},
		{"merge of a card that is gone, with text over the limit", []string{created, card("1"),
			`{"type":"cards.merged","v":1,"data":{"activity":0,"into":1,"from":[7],"text":"` + long + `"}}`},
			func(t *testing.T, st *State) {
				if c, _ := assumptions.Of(st.Activities[0].Data).Card(1); c.Text == "card 1" {
					t.Error("the merge's new text was not applied")
				}
			}},
		{"merge into a card that is gone", []string{created, card("1"),
			`{"type":"cards.merged","v":1,"data":{"activity":0,"into":9,"from":[1]}}`},
			func(t *testing.T, st *State) {
				if c, _ := assumptions.Of(st.Activities[0].Data).Card(1); c.MergedInto != 0 {
					t.Errorf("card 1 merged into a card that is not there: %+v", c)
				}
			}},
		{"an edit and a hide of a card that is not there", []string{created, card("1"),
			`{"type":"card.edited","v":1,"data":{"activity":0,"card":5,"text":"gone"}}`,
			`{"type":"card.hidden","v":1,"data":{"activity":0,"card":5,"on":true}}`},
			func(t *testing.T, st *State) {
				if c, _ := assumptions.Of(st.Activities[0].Data).Card(1); c.Text != "card 1" || c.Hidden {
					t.Errorf("card 1 changed: %+v", c)
				}
			}},
		{"another exercise's event naming the activity", []string{
			`{"type":"workshop.created","v":1,"data":{"id":"w1","code":"abcd-efgh","title":"Old","agenda":[{"kind":"willingness","title":"W","anonymity":"named","statements":["a","b"]}]}}`,
			`{"type":"rating.set","v":1,"data":{"activity":0,"card":1,"person":"a","rating":{"importance":5,"evidence":1}}}`,
			`{"type":"card.added","v":1,"data":{"activity":0,"card":{"id":1,"authors":["a"],"text":"card"}}}`},
			func(t *testing.T, st *State) {
				if answers := exercises.AnswersOf(st.Activities[0].Data); len(answers) != 0 {
					t.Errorf("a rating was read as answers: %v", answers)
				}
			}},
		{"a loosening of anonymity after input", []string{created,
			`{"type":"anonymity.set","v":1,"data":{"activity":0,"anonymity":"organisation"}}`,
			`{"type":"anonymity.set","v":1,"data":{"activity":0,"anonymity":"named"}}`,
			`{"type":"anonymity.set","v":1,"data":{"activity":0,"anonymity":"anonymous"}}`, card("1"),
			`{"type":"anonymity.set","v":1,"data":{"activity":0,"anonymity":"organisation"}}`,
			`{"type":"anonymity.set","v":1,"data":{"activity":0,"anonymity":"named"}}`},
			func(t *testing.T, st *State) {
				// Applied as recorded, but the activity is shown as the
				// most private it was since the card was written.
				if a := st.Activities[0]; a.Activity.Anonymity != exercises.Named || a.Strictest != exercises.Anonymous {
					t.Errorf("anonymity %s, strictest %s; want named as recorded, anonymous shown", a.Activity.Anonymity, a.Strictest)
				}
			}},
		{"the people events, of people who never joined", []string{created,
			`{"type":"participant.removed","v":3,"data":{"person":"ghost","message":"bye"}}`,
			`{"type":"participant.muted","v":3,"data":{"person":"ghost2","on":true}}`,
			`{"type":"participant.muted","v":3,"data":{"person":"ghost3","on":false}}`,
			`{"type":"facilitator.added","v":3,"data":{"person":"ghost4"}}`,
			`{"type":"facilitator.added","v":3,"data":{"person":"ghost4"}}`,
			`{"type":"facilitator.removed","v":3,"data":{"person":"ghost5"}}`},
			func(t *testing.T, st *State) {
				if msg, ok := st.IsRemoved("ghost"); !ok || msg != "bye" {
					t.Errorf("removed %v %q", ok, msg)
				}
				if !st.IsMuted("ghost2") || st.IsMuted("ghost3") {
					t.Errorf("muted %v", st.Muted)
				}
				if !slices.Equal(st.Facilitators, []string{"ghost4"}) {
					t.Errorf("facilitators %v, want ghost4 once", st.Facilitators)
				}
			}},
		{"a mute lifted and a role handed over", []string{
			`{"type":"workshop.created","v":1,"data":{"id":"w1","code":"abcd-efgh","title":"Old","facilitators":["f"],"agenda":[{"kind":"assumptions","title":"Map","anonymity":"named"}]}}`,
			`{"type":"participant.muted","v":3,"data":{"person":"a","on":true}}`,
			`{"type":"participant.muted","v":3,"data":{"person":"a","on":false}}`,
			`{"type":"facilitator.added","v":3,"data":{"person":"a"}}`,
			`{"type":"facilitator.removed","v":3,"data":{"person":"f"}}`},
			func(t *testing.T, st *State) {
				if st.IsMuted("a") || !slices.Equal(st.Facilitators, []string{"a"}) {
					t.Errorf("muted %v, facilitators %v", st.Muted, st.Facilitators)
				}
			}},
		{"conflict resolution's events on what is not there", []string{
			`{"type":"workshop.created","v":1,"data":{"id":"w1","code":"abcd-efgh","title":"Old","agenda":[{"kind":"conflict","title":"C","anonymity":"anonymous"}]}}`,
			`{"type":"conflict.position.edited","v":1,"data":{"activity":0,"edit":{"party":"Nobody Here","text":"` + long + `","person":"ghost"}}}`,
			`{"type":"conflict.interest.marked","v":1,"data":{"activity":0,"card":4,"person":"ghost","on":true}}`,
			`{"type":"conflict.option.added","v":1,"data":{"activity":0,"card":{"id":1,"authors":["a"],"text":"o"},"serves":[9]}}`,
			`{"type":"conflict.options.merged","v":1,"data":{"activity":0,"into":7,"from":[1]}}`,
			`{"type":"conflict.option.amended","v":1,"data":{"activity":0,"option":5,"text":"gone","poll":2}}`,
			`{"type":"conflict.gradient.set","v":1,"data":{"activity":0,"option":5,"poll":0,"person":"ghost","vote":{"value":12}}}`,
			`{"type":"conflict.option.edited","v":1,"data":{"activity":0,"card":8,"text":"gone"}}`,
			`{"type":"conflict.agreement.dropped","v":1,"data":{"activity":0,"agreement":3}}`},
			func(t *testing.T, st *State) {
				c := conflict.Of(st.Activities[0].Data)
				if len(c.Edits) != 1 || c.Edits[0].Party != "nobody here" || len(c.Options.Cards) != 1 || c.Options.Cards[0].MergedInto != 0 {
					t.Errorf("edits %+v, options %+v", c.Edits, c.Options.Cards)
				}
				if _, ok := c.Serves[8]; ok || len(c.Polls) != 0 {
					t.Errorf("an edit or amendment of an option that is not there applied: %v %v", c.Serves, c.Polls)
				}
			}},
		{"a move to a phase that is gone", []string{created,
			`{"type":"agenda.moved","v":2,"data":{"activity":0,"phase":7,"phase_name":"gone"}}`},
			func(t *testing.T, st *State) {
				if a := st.Activities[0]; a.Phase != len(a.Phases())-1 {
					t.Errorf("phase %d, want the last", a.Phase)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, ok := decodeLog([]byte(strings.Join(tt.log, "\n")))
			if !ok {
				t.Fatal("the log does not decode")
			}
			st, err := Fold(events)
			if err != nil {
				t.Fatalf("the log does not fold: %v", err)
			}
			checkUsable(t, st, len(events))
			tt.check(t, st)
		})
	}
}
