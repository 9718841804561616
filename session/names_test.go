package session_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// joinStep is one person joining, or joining again under another name.
type joinStep struct{ id, name, org string }

func TestLabels(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []joinStep
		want  map[string]string // identity -> label at the end
	}{
		{"DistinctNamesAsTyped", []joinStep{{"a", "Ana", "Food Bank"}, {"b", "Ben", "Food Bank"}},
			map[string]string{"a": "Ana", "b": "Ben"}},
		{"LookAlikesNumberedInJoinOrder", []joinStep{{"a", "Obs1", "X"}, {"b", "Obs1\u200b", "X"}, {"c", "\u041ebs1", "Y"}, {"d", "0BSl", "Z"}},
			map[string]string{"a": "Obs1", "b": "Obs1 (2)", "c": "\u041ebs1 (3)", "d": "0BSl (4)"}},
		{"SameNameOtherOrganisation", []joinStep{{"a", "Ana", "Food Bank"}, {"b", "Ana", "City Council"}},
			map[string]string{"a": "Ana", "b": "Ana (2)"}},
		{"TypedNumberIsNumberedToo", []joinStep{{"a", "Bob (2)", "X"}, {"b", "Bob", "X"}, {"c", "Bob", "X"}, {"d", "B\u043eb (3)", "X"}},
			map[string]string{"a": "Bob (2)", "b": "Bob", "c": "Bob (3)", "d": "B\u043eb (3) (2)"}},
		{"RejoinWithSameLookKeepsNumber", []joinStep{{"a", "Obs1", "X"}, {"b", "Obs1", "X"}, {"b", "OBS1", "Y"}},
			map[string]string{"a": "Obs1", "b": "OBS1 (2)"}},
		{"LabelsAreNeverReused", []joinStep{{"a", "Obs1", "X"}, {"b", "Obs1", "X"}, {"a", "Alice", "X"}, {"c", "Obs1", "X"}},
			map[string]string{"a": "Alice", "b": "Obs1 (2)", "c": "Obs1 (3)"}},
		{"FirstTakesTheirNameBack", []joinStep{{"a", "Obs1", "X"}, {"a", "Alice", "X"}, {"a", "Obs1", "X"}},
			map[string]string{"a": "Obs1"}},
		{"RenameIntoATakenName", []joinStep{{"a", "Obs1", "X"}, {"b", "Ben", "X"}, {"b", "Obs1", "X"}},
			map[string]string{"a": "Obs1", "b": "Obs1 (2)"}},
		{"FacilitatorIsNumberedLikeAnyone", []joinStep{{facilitatorID, "Ana", "Food Bank"}, {"b", "Ana", "Food Bank"}},
			map[string]string{facilitatorID: "Ana", "b": "Ana (2)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := newStore(t)
			_, w := newWorkshop(t, store)
			shown := map[string]string{}
			for _, s := range tc.steps {
				do(t, w, s.id, session.Join{Name: s.name, Org: s.org})
				snap := w.Snapshot()
				// Nobody's label changes because someone else joined.
				for id, label := range shown {
					if got := snap.People[id].Shown(); id != s.id && got != label {
						t.Errorf("after %s joined as %q, %s went from %q to %q", s.id, s.name, id, label, got)
					}
				}
				shown[s.id] = snap.People[s.id].Shown()
			}
			for id, want := range tc.want {
				if shown[id] != want {
					t.Errorf("%s is shown as %q, want %q", id, shown[id], want)
				}
			}
			// A restart folds the log to the same labels.
			evs, err := store.Events(w.Snapshot().ID)
			if err != nil {
				t.Fatal(err)
			}
			st, err := session.Fold(evs)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range tc.want {
				if got := st.People[id].Shown(); got != want {
					t.Errorf("after a fold %s is shown as %q, want %q", id, got, want)
				}
			}
		})
	}
}

func TestMarks(t *testing.T) {
	for _, tc := range []struct {
		id, name, org string
		mark          string
	}{
		{facilitatorID, "Ana", "Food Bank", session.FacilitatorMark},
		{facilitatorID, "Facilitator Ana", "Food Bank", session.FacilitatorMark},
		{"p", "Ben", "Food Bank", ""},
		{"p", "Facilitator (host)", "CommonGround", session.NotFacilitatorMark},
		{"p", "the FACILITATOR", "X", session.NotFacilitatorMark},
		{"p", "F\u0430cilit\u0430t\u043er", "X", session.NotFacilitatorMark},
		{"p", "Fac\u200bilitator", "X", session.NotFacilitatorMark},
		{"p", "Ben", "Facilitators United", session.NotFacilitatorMark},
		{"p", "Ben", "CommonGround", ""},
		{"p", "Faci", "litator", ""},
	} {
		t.Run(tc.name+"/"+tc.org, func(t *testing.T) {
			_, w := newWorkshop(t, newStore(t))
			do(t, w, tc.id, session.Join{Name: tc.name, Org: tc.org})
			snap := w.Snapshot()
			if got := snap.Mark(snap.People[tc.id]); got != tc.mark {
				t.Errorf("Mark(%q from %q) = %q, want %q", tc.name, tc.org, got, tc.mark)
			}
		})
	}
}

func TestJoinNoticeSaysHowYouAreShown(t *testing.T) {
	_, w := newWorkshop(t, newStore(t))
	if res := do(t, w, "a", session.Join{Name: "Obs1", Org: "X"}); res.Notice != "" {
		t.Errorf("the first Obs1 was told %q", res.Notice)
	}
	res := do(t, w, "b", session.Join{Name: "\u041ebs1", Org: "X"})
	if !strings.Contains(res.Notice, "you are shown as “\u041ebs1 (2)”") {
		t.Errorf("the second Obs1 was told %q", res.Notice)
	}
	res = do(t, w, "c", session.Join{Name: "Facilitator (host)", Org: "CommonGround"})
	if !strings.Contains(res.Notice, session.NotFacilitatorMark) {
		t.Errorf("the impostor was told %q", res.Notice)
	}
	if res := do(t, w, facilitatorID, session.Join{Name: "Facilitator Ana", Org: "X"}); res.Notice != "" {
		t.Errorf("the facilitator was told %q", res.Notice)
	}
}

// TestOldLogIsCleanedByTodaysRules folds a log written before invisible
// characters and stacks of marks were removed: what it shows is clean,
// and the look-alikes it holds are told apart.
func TestOldLogIsCleanedByTodaysRules(t *testing.T) {
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	var log []session.Event
	add := func(typ, actor string, payload any) {
		data, err := json.Marshal(payload)
		if err != nil {
			t.Fatal(err)
		}
		log = append(log, session.Event{Seq: uint64(len(log) + 1), Type: typ, V: 1, At: at, Actor: actor, Data: data})
	}
	zalgo := "Hi" + strings.Repeat("\u0301", 278)
	add(session.EvWorkshopCreated, facilitatorID, session.WorkshopCreated{ID: "w", Code: "ABCD", Title: "Old", Agenda: agenda(t, checkin.Kind)})
	add(session.EvJoined, "a", session.Joined{Person: exercises.Person{ID: "a", Name: "Obs1", Org: "X"}})
	add(session.EvJoined, "b", session.Joined{Person: exercises.Person{ID: "b", Name: "Obs1\u200b", Org: "X\u2060"}})
	add(exercises.EvAnswerSet, "b", exercises.AnswerSet{Activity: 0, Item: 0, Person: "b", Answer: exercises.Answer{Text: zalgo, At: at}})
	st, err := session.Fold(log)
	if err != nil {
		t.Fatal(err)
	}
	if b := st.People["b"]; b.Name != "Obs1" || b.Org != "X" || b.Shown() != "Obs1 (2)" {
		t.Errorf("the old look-alike is %+v, want Obs1 from X shown as Obs1 (2)", b)
	}
	if got, want := exercises.AnswersOf(st.Activities[0].Data)["b"][0].Text, "Hi\u0301"; got != want {
		t.Errorf("the old answer folds to %q, want %q", got, want)
	}
}
