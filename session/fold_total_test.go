package session

import (
	"commonground/exercises"
	"commonground/exercises/assumptions"
	"commonground/exercises/conflict"
	"commonground/exercises/funders"
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
		{"agenda changes Decide would refuse now", []string{created,
			`{"type":"agenda.activity_added","v":3,"data":{"index":5,"activity":{"kind":"checkin","title":"Late","prompt":"?","anonymity":"named"}}}`,
			`{"type":"agenda.activity_removed","v":3,"data":{"index":0}}`,
			`{"type":"agenda.activity_removed","v":3,"data":{"index":0}}`,
			`{"type":"agenda.reordered","v":3,"data":{"order":[1,1,0,9]}}`,
			`{"type":"agenda.prompt_edited","v":3,"data":{"index":0,"prompt":"` + long + `"}}`,
			`{"type":"agenda.moved","v":3,"data":{"activity":0,"phase":0,"phase_name":"collect"}}`},
			func(t *testing.T, st *State) {
				// The current activity removed, moved to once more, its
				// prompt over the limit: all as recorded; the added one
				// has the next ID, whatever the event said.
				if !st.Activities[0].Removed || st.Activities[0].Activity.Prompt != long || st.Current != 0 {
					t.Errorf("activity 0: %+v, current %d", st.Activities[0], st.Current)
				}
				if !slices.Equal(st.Plan, []int{1}) || st.Activities[1].Activity.Title != "Late" {
					t.Errorf("plan %v, want [1] with the added activity", st.Plan)
				}
			}},
		{"funder events naming goals, funders and approaches that are gone", []string{
			`{"type":"workshop.created","v":1,"data":{"id":"w1","code":"abcd-efgh","title":"Old","agenda":[{"kind":"funders","title":"F","anonymity":"named","goals":["a","b","c"]}]}}`,
			`{"type":"funder.added","v":1,"data":{"activity":0,"funder":{"id":1,"authors":["a"],"text":"Ford","category":"bank"},"relationship":"married"}}`,
			`{"type":"goals.set","v":1,"data":{"activity":0,"goals":[{"id":7,"text":"` + long + `"}]}}`,
			`{"type":"funders.merged","v":1,"data":{"activity":0,"into":1,"from":[9]}}`,
			`{"type":"funders.merged","v":1,"data":{"activity":0,"into":9,"from":[1]}}`,
			`{"type":"funder.hidden","v":1,"data":{"activity":0,"funder":5,"on":true}}`,
			`{"type":"funder.edited","v":1,"data":{"activity":0,"funder":6,"name":"` + long + `","kind":"bank"}}`,
			`{"type":"relationship.set","v":1,"data":{"activity":0,"funder":5,"person":"b","relationship":"contact"}}`,
			`{"type":"funder.rated","v":1,"data":{"activity":0,"funder":1,"goal":3,"person":"b","score":{"value":9}}}`,
			`{"type":"approach.proposed","v":1,"data":{"activity":0,"action":{"id":1,"card_id":4,"due":"soon"},"asks":["money"]}}`,
			`{"type":"approach.confirmed","v":1,"data":{"activity":0,"action":3}}`,
			`{"type":"approach.edited","v":1,"data":{"activity":0,"action":8,"due":"never","asks":["money"]}}`,
			`{"type":"funder.deleted","v":1,"data":{"activity":0,"funder":8}}`},
			func(t *testing.T, st *State) {
				a := st.Activities[0]
				w := funders.Of(a.Data)
				if c, _ := w.Deck.Card(1); c.MergedInto != 0 || c.Category != "bank" {
					t.Errorf("funder 1 %+v, want it standing as recorded", c)
				}
				if g := funders.Goals(a.Activity, a.Data); len(g) != 1 || g[0].ID != 7 {
					t.Errorf("goals %+v, want the one recorded", g)
				}
				if w.RelationsOf(1)["a"] != "married" || w.Ratings.Of(exercises.Target{Item: 1, With: 3})["b"].Value != 9 || len(w.Actions.Items) != 1 {
					t.Errorf("the recorded relationship, rating or approach was not applied: %+v", w)
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
