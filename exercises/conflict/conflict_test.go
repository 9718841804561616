package conflict

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
)

// room is one conflict resolution decided and folded as the session does:
// each command is decided against the data as it stands, and its changes
// are stored as JSON and folded back.
type room struct {
	t      *testing.T
	act    exercises.Activity
	data   exercises.Data
	phase  string
	people map[string]exercises.Person
	order  []string
	fac    string
}

func newRoom(t *testing.T, s Settings) *room {
	t.Helper()
	a := Exercise.Defaults()
	a.Settings = s
	r := &room{t: t, act: a, data: Exercise.Empty(), phase: PhaseIssue, people: map[string]exercises.Person{}, fac: "fac"}
	r.join("fac", "Fran", "")
	return r
}

func (r *room) join(id, name, org string) {
	r.people[id] = exercises.Person{ID: id, Name: name, Org: org}
	r.order = append(r.order, id)
}

func (r *room) context(by string) exercises.Context {
	spec := phases[PhaseIndex(r.phase)]
	return exercises.Context{Exercise: Exercise, Activity: r.act, Phase: spec, Data: r.data, Current: true,
		InputOpen: spec.Input, By: by, Joined: true, Facilitator: by == r.fac, People: r.people,
		Now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
}

// do decides cmd for by and folds what it changes.
func (r *room) do(by string, cmd exercises.Command) error {
	r.t.Helper()
	changes, err := cmd.Decide(r.context(by))
	if err != nil {
		return err
	}
	for _, ch := range changes {
		raw, err := json.Marshal(ch.Payload)
		if err != nil {
			r.t.Fatal(err)
		}
		if r.data, err = Exercise.Fold(r.data, exercises.Record{Type: ch.Type, Actor: by, Data: raw}); err != nil {
			r.t.Fatalf("fold %s: %v", ch.Type, err)
		}
	}
	return nil
}

func (r *room) must(by string, cmd exercises.Command) {
	r.t.Helper()
	if err := r.do(by, cmd); err != nil {
		r.t.Fatalf("%T by %s: %v", cmd, by, err)
	}
}

func (r *room) result() Result {
	return ResultOf(Exercise.Derive(r.act, r.data, exercises.Roster{People: r.people, Order: r.order}))
}

// threeParties is a room of five participants from three organisations.
func threeParties(t *testing.T) *room {
	r := newRoom(t, Settings{Parties: []string{"County Legal"}})
	r.join("ana", "Ana", "Food Bank")
	r.join("ben", "Ben", "food  bank")
	r.join("cy", "Cy", "City Council")
	r.join("dee", "Dee", "Health Trust")
	r.join("eve", "Eve", "Health Trust")
	return r
}

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if exercises.ErrorCode(err) != code || !strings.Contains(exercises.ErrorMessage(err), msg) {
		t.Fatalf("error %v (code %q), want code %q with %q", err, exercises.ErrorCode(err), code, msg)
	}
}

func TestValidate(t *testing.T) {
	long := strings.Repeat("x", MaxIssueLen+1)
	many := func(n int, s string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = s + strings.Repeat("y", i)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		s    Settings
		msg  string // "" for valid
	}{
		{"defaults", Settings{}, ""},
		{"full", Settings{Issue: "Who runs the pantry?", Rules: []string{"one voice at a time"}, Parties: []string{"A", "B"}, Criteria: []string{"cost"}}, ""},
		{"issue at the limit", Settings{Issue: long[1:]}, ""},
		{"issue over the limit", Settings{Issue: long}, "issue: at most 1120 characters"},
		{"too many rules", Settings{Rules: many(MaxRules+1, "r")}, "rules: at most 10, not 11"},
		{"empty rule", Settings{Rules: []string{"ok", " "}}, "rules: rule 2 must have 1 to 280 characters"},
		{"too many parties", Settings{Parties: many(MaxParties+1, "p")}, "parties: at most 20, not 21"},
		{"long party", Settings{Parties: []string{strings.Repeat("p", exercises.MaxNameLen+1)}}, "parties: party 1 must have 1 to 60 characters"},
		{"party twice", Settings{Parties: []string{"Food Bank", "food bank"}}, `parties: "food bank" is named twice`},
		{"too many criteria", Settings{Criteria: many(MaxCriteria+1, "c")}, "criteria: at most 12, not 13"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Exercise.Defaults()
			a.Settings = tc.s
			err := Exercise.Validate(a)
			if tc.msg == "" {
				wantErr(t, err, "", "")
				return
			}
			wantErr(t, err, exercises.EInvalid, tc.msg)
		})
	}
}

func TestPartyMembership(t *testing.T) {
	a := Exercise.Defaults()
	a.Settings = Settings{Parties: []string{"County Legal", "Food Bank"}}
	people := []exercises.Person{{ID: "a", Org: "food  BANK"}, {ID: "b", Org: "City Council"}, {ID: "c", Org: ""}, {ID: "d", Org: " City council "}}
	got := Parties(a, people)
	want := []Party{{"county legal", "County Legal"}, {"food bank", "Food Bank"}, {"city council", "City Council"}}
	if !slices.Equal(got, want) {
		t.Fatalf("Parties = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		org, party string
		member     bool
	}{
		{"Food Bank", "food bank", true},
		{"food   bank", "Food Bank", true},
		{"Food Banks", "Food Bank", false},
		{"", "", false},
		{"", "Food Bank", false},
	} {
		if got := Member(exercises.Person{Org: tc.org}, tc.party); got != tc.member {
			t.Errorf("Member(%q, %q) = %v, want %v", tc.org, tc.party, got, tc.member)
		}
	}
}

func TestStanding(t *testing.T) {
	for _, tc := range []struct {
		name    string
		party   string
		markers []string
		want    Standing
	}{
		{"no marks", "Food Bank", nil, PartyOnly},
		{"own party only", "Food Bank", []string{"food bank", "food bank"}, PartyOnly},
		{"people of no party", "Food Bank", []string{"", ""}, PartyOnly},
		{"one other party", "Food Bank", []string{"city council"}, Compatible},
		{"one other party, twice", "Food Bank", []string{"city council", "city council", ""}, Compatible},
		{"own and one other: two parties", "Food Bank", []string{"food bank", "city council"}, Shared},
		{"two other parties", "Food Bank", []string{"city council", "health trust"}, Shared},
		{"three parties", "Food Bank", []string{"food bank", "city council", "health trust"}, Shared},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := StandingOf(tc.party, tc.markers); got != tc.want {
				t.Errorf("StandingOf(%q, %q) = %s, want %s", tc.party, tc.markers, got, tc.want)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	r := threeParties(t)
	wantErr(t, r.do("ana", EditPosition{Text: "We run it"}), exercises.EClosed, "not the time")
	r.phase = PhasePositions
	r.must("ana", EditPosition{Text: "We run the pantry"})
	// Ben is of the same party however he spelled it; he cannot write
	// another party's position by naming it.
	r.must("ben", EditPosition{Party: "City Council", Text: "We run the pantry, with volunteers"})
	r.must("cy", EditPosition{Text: "The council decides opening hours"})
	r.join("zed", "Zed", "")
	wantErr(t, r.do("zed", EditPosition{Text: "x"}), exercises.EInvalid, "you belong to no party")
	wantErr(t, r.do("ana", EditPosition{Text: "  "}), exercises.EInvalid, "write the position")
	// The facilitator writes for a party named in the agenda with nobody present.
	r.must("fac", EditPosition{Party: "county legal", Text: "Liability stays with the council"})
	wantErr(t, r.do("fac", EditPosition{Party: "Nobody Inc", Text: "x"}), exercises.EInvalid, `"Nobody Inc" is not a party`)
	// The same text again stores nothing.
	before := len(Of(r.data).Edits)
	r.must("ben", EditPosition{Text: "We run the pantry, with volunteers"})
	if len(Of(r.data).Edits) != before {
		t.Error("the same text again was stored")
	}
	res := r.result()
	byName := map[string]PartyResult{}
	for _, p := range res.Parties {
		byName[p.Name] = p
	}
	fb := byName["Food Bank"]
	if fb.Position != "We run the pantry, with volunteers" || len(fb.Edits) != 2 || fb.Edits[0].Person != "ana" || fb.Edits[1].Person != "ben" || fb.Members != 2 {
		t.Errorf("Food Bank = %+v, want Ben's text last, both edits kept, two members", fb)
	}
	if byName["County Legal"].Position == "" || byName["County Legal"].Members != 0 {
		t.Errorf("County Legal = %+v", byName["County Legal"])
	}
	if names := []string{res.Parties[0].Name, res.Parties[1].Name}; !slices.Equal(names, []string{"County Legal", "Food Bank"}) {
		t.Errorf("parties start %v, want the agenda's first", names)
	}
}

// commonGround writes interests of three parties and marks them.
func commonGround(t *testing.T) *room {
	r := threeParties(t)
	r.phase = PhaseInterests
	r.must("ana", AddInterest{Text: "Families fed every week", Kind: Need})                     // I1 Food Bank
	r.must("cy", AddInterest{Text: "Being blamed for a closure", Kind: Fear})                   // I2 City Council
	r.must("dee", AddInterest{Text: "Staff time is capped", Kind: Constraint})                  // I3 Health Trust
	r.must("ana", AddInterest{Text: "The council's budget", Kind: Fear, Party: "City Council"}) // I4 City Council
	wantErr(t, r.do("ana", AddInterest{Text: "x", Kind: "hope"}), exercises.EInvalid, "need, a fear or a constraint")
	wantErr(t, r.do("ana", AddInterest{Text: "x", Kind: Need, Party: "Mars"}), exercises.EInvalid, "not a party")
	wantErr(t, r.do("cy", EditInterest{Card: 1, Text: "mine now", Kind: Need}), exercises.EForbidden, "your own")
	r.phase = PhaseCommon
	wantErr(t, r.do("ana", AddInterest{Text: "late", Kind: Need}), exercises.EClosed, "not the time")
	for _, m := range []struct {
		by   string
		card int
	}{
		{"ana", 1}, {"cy", 1}, {"dee", 1}, // I1: three parties
		{"cy", 2}, {"eve", 2}, // I2: two parties
		{"dee", 3}, {"eve", 3}, // I3: its own party only
		{"ana", 4}, // I4: another party only
	} {
		r.must(m.by, MarkInterest{Card: m.card, On: true})
	}
	return r
}

func TestCommonGroundRanking(t *testing.T) {
	r := commonGround(t)
	// A mark taken back counts no more.
	r.must("ben", MarkInterest{Card: 3, On: true})
	r.must("ben", MarkInterest{Card: 3, On: false})
	wantErr(t, r.do("ana", MarkInterest{Card: 9, On: true}), exercises.ENotFound, "no card I9")
	res := r.result()
	type row struct {
		id       int
		standing Standing
		parties  int
		marks    int
	}
	var got []row
	for _, ir := range res.Interests {
		got = append(got, row{ir.Card.ID, ir.Standing, len(ir.Parties), ir.Marks})
	}
	want := []row{{1, Shared, 3, 3}, {2, Shared, 2, 2}, {4, Compatible, 1, 1}, {3, PartyOnly, 1, 2}}
	if !slices.Equal(got, want) {
		t.Fatalf("ranking %v, want %v", got, want)
	}
	if p := res.Interests[0].Parties; !slices.Equal(p, []string{"Food Bank", "City Council", "Health Trust"}) {
		t.Errorf("I1 marked by %v", p)
	}
	// A deleted interest's marks go with it; its ID is not reused. (One
	// that others marked stays: TestAnsweredCardsStayAsAnswered.)
	r.phase = PhaseInterests
	r.must("ana", DeleteInterest{Card: 4}) // marked by Ana alone
	r.must("ana", AddInterest{Text: "again", Kind: Need})
	if c := Of(r.data); c.Marks["ana"][4] != 0 || c.Interests.Cards[len(c.Interests.Cards)-1].ID != 5 {
		t.Errorf("marks %v, cards %+v", c.Marks, c.Interests.Cards)
	}
}

func TestOptionsAndMerge(t *testing.T) {
	r := commonGround(t)
	r.phase = PhaseOptions
	r.must("ana", AddOption{Text: "Share the pantry's keys", Serves: []int{1, 2}})
	r.must("cy", AddOption{Text: "Shared key holding", Serves: []int{3, 1}})
	wantErr(t, r.do("cy", AddOption{Text: "x"}), exercises.EInvalid, "name the interests")
	wantErr(t, r.do("cy", AddOption{Text: "x", Serves: []int{1, 1}}), exercises.EInvalid, "named twice")
	wantErr(t, r.do("cy", AddOption{Text: "x", Serves: []int{8}}), exercises.ENotFound, "no card I8")
	wantErr(t, r.do("cy", MergeOptions{Into: 1, From: []int{2}}), exercises.EForbidden, "only a facilitator")
	// An author edits their own option, text and interests, while options
	// are proposed; nobody else can.
	wantErr(t, r.do("ana", EditOption{Option: 2, Text: "mine", Serves: []int{1}}), exercises.EForbidden, "your own")
	r.must("cy", EditOption{Option: 2, Text: "Shared key holding, insured", Serves: []int{3}})
	before := len(r.data.(Data).Options.Cards)
	r.must("cy", EditOption{Option: 2, Text: "Shared key holding, insured", Serves: []int{3}})
	if c, _ := Of(r.data).Options.Card(2); c.Text != "Shared key holding, insured" || !slices.Equal(Of(r.data).Serves[2], []int{3}) || len(Of(r.data).Options.Cards) != before {
		t.Errorf("edited option %+v serves %v", c, Of(r.data).Serves[2])
	}
	r.must("fac", MergeOptions{Into: 1, From: []int{2}, Text: "Hold the keys together"})
	c := Of(r.data)
	o, _ := c.Options.Card(1)
	if o.Text != "Hold the keys together" || !slices.Equal(o.Authors, []string{"ana", "cy"}) || !slices.Equal(c.Serves[1], []int{1, 2, 3}) {
		t.Errorf("merged option %+v serves %v, want both authors and the union of the interests", o, c.Serves[1])
	}
	if res := r.result(); len(res.Options) != 1 {
		t.Errorf("options %+v, want the merged one alone", res.Options)
	}
	wantErr(t, r.do("cy", EditOption{Option: 1, Text: "Cy's words", Serves: []int{1}}), exercises.EForbidden, "the facilitator words it")
}

func TestPollsAndBlocks(t *testing.T) {
	r := commonGround(t)
	r.phase = PhaseOptions
	r.must("ana", AddOption{Text: "Share the keys", Serves: []int{1}})
	r.phase = PhaseEvaluate
	for _, v := range []struct {
		by      string
		value   int
		comment string
	}{{"ana", 1, ""}, {"ben", 2, ""}, {"cy", 8, "Liability is ours"}, {"dee", 7, ""}, {"eve", 4, ""}} {
		r.must(v.by, RateOption{Option: 1, Value: v.value, Comment: v.comment})
	}
	for _, v := range []int{0, 9} {
		wantErr(t, r.do("ana", RateOption{Option: 1, Value: v}), exercises.EInvalid, "from 1 to 8")
	}
	wantErr(t, r.do("cy", AmendOption{Option: 1, Text: "x"}), exercises.EForbidden, "only a facilitator")
	wantErr(t, r.do("fac", AmendOption{Option: 1, Text: "Share the keys"}), exercises.EInvalid, "reads the same")
	r.must("fac", AmendOption{Option: 1, Text: "Share the keys; the council holds the liability"})
	if got := Exercise.Progress(r.act, phases[PhaseIndex(PhaseEvaluate)], r.data); got.Done("ana") {
		t.Error("after an amendment Ana is done, but she has not rated the new poll")
	}
	r.must("cy", RateOption{Option: 1, Value: 3})
	res := r.result()
	polls := res.Options[0].Polls
	if len(polls) != 2 {
		t.Fatalf("%d polls, want the first kept and the second", len(polls))
	}
	first, second := polls[0], polls[1]
	if first.Text != "Share the keys" || first.N != 5 || first.Distribution != (Distribution{1, 1, 0, 1, 0, 0, 1, 1}) {
		t.Errorf("poll 1 = %+v", first)
	}
	if len(first.Objections) != 2 || first.Objections[0].Value != Block || first.Objections[0].Comment != "Liability is ours" ||
		first.Objections[0].Party != "City Council" || first.Objections[1].Value != 7 {
		t.Errorf("objections %+v, want the block with its comment first, then the serious disagreement", first.Objections)
	}
	byParty := map[string]Distribution{}
	for _, pd := range first.Parties {
		byParty[pd.Party] = pd.Distribution
	}
	if byParty["Food Bank"] != (Distribution{1, 1}) || byParty["Health Trust"] != (Distribution{0, 0, 0, 1, 0, 0, 1}) {
		t.Errorf("per party %v", byParty)
	}
	if second.Poll != 2 || second.N != 1 || len(second.Objections) != 0 || !strings.Contains(second.Text, "liability") {
		t.Errorf("poll 2 = %+v", second)
	}
}

func TestAgree(t *testing.T) {
	r := threeParties(t)
	wantErr(t, r.do("fac", AddAgreement{Text: "x", Owner: "ana", Date: "2027-01-31"}), exercises.EClosed, "in the Agree phase")
	r.phase = PhaseAgree
	wantErr(t, r.do("ana", AddAgreement{Text: "x", Owner: "ana", Date: "2027-01-31"}), exercises.EForbidden, "only a facilitator")
	r.must("fac", AddAgreement{Text: "Keys held jointly", Owner: "cy", Date: "2027-01-31"})
	r.must("fac", AddAgreement{Text: "Legal review", OwnerName: "Sam", OwnerOrg: "County Legal", Date: "2027-02-15"})
	wantErr(t, r.do("fac", AddAgreement{Text: "x", Date: "2027-01-31"}), exercises.EInvalid, "choose who owns")
	wantErr(t, r.do("fac", AddAgreement{Text: "x", Owner: "ana", Date: "soon"}), exercises.EInvalid, "YYYY-MM-DD")
	r.must("fac", AddQuestion{Text: "Who insures volunteers?"})
	r.must("fac", DropAgreement{Agreement: 2})
	c := Of(r.data)
	if a := c.Agreements.Items; len(a) != 2 || a[0].Org != "City Council" || a[1].Status != exercises.Rejected || a[1].Org != "County Legal" {
		t.Errorf("agreements %+v", a)
	}
	if q := c.Questions.Cards; len(q) != 1 || q[0].Text != "Who insures volunteers?" {
		t.Errorf("questions %+v", q)
	}
}

func TestIssue(t *testing.T) {
	r := newRoom(t, Settings{Issue: "From the agenda", Rules: []string{"listen"}})
	if got := IssueOf(r.act, Of(r.data)); got.Text != "From the agenda" {
		t.Fatalf("issue %+v", got)
	}
	r.join("ana", "Ana", "Food Bank")
	wantErr(t, r.do("ana", SetIssue{Text: "mine"}), exercises.EForbidden, "only a facilitator")
	wantErr(t, r.do("fac", SetIssue{Text: " "}), exercises.EInvalid, "issue: write the issue")
	r.must("fac", SetIssue{Text: "Who holds the keys\x1b[31m?", Rules: []string{"one voice", ""}})
	if got := IssueOf(r.act, Of(r.data)); got.Text != "Who holds the keys?" || !slices.Equal(got.Rules, []string{"one voice"}) {
		t.Errorf("issue %+v, want the typed one, cleaned, without the empty rule", got)
	}
	// Once a position answers it, the issue stays as it was answered.
	r.phase = PhasePositions
	r.must("ana", EditPosition{Text: "We hold them"})
	wantErr(t, r.do("fac", SetIssue{Text: "Who pays for the locks?"}), exercises.EInvalid, "people have already answered it")
}

func TestHasInputAndProgress(t *testing.T) {
	r := threeParties(t)
	if Exercise.HasInput(r.data) {
		t.Fatal("input before anyone gave any")
	}
	r.phase = PhasePositions
	r.must("ana", EditPosition{Text: "x"})
	if !Exercise.HasInput(r.data) {
		t.Error("a position is input")
	}
	p := Exercise.Progress(r.act, phases[PhaseIndex(PhasePositions)], r.data)
	if !p.Done("ana") || p.Done("ben") {
		t.Errorf("positions progress: ana %v ben %v", p.Done("ana"), p.Done("ben"))
	}
	// With the roster, Ben is done too: his party has its position.
	p = Exercise.(exercises.PeopleProgress).ProgressWith(r.act, phases[PhaseIndex(PhasePositions)], r.data,
		exercises.Roster{People: r.people, Order: r.order})
	for id, want := range map[string]bool{"ana": true, "ben": true, "cy": false, "fac": false} {
		if p.Done(id) != want {
			t.Errorf("positions progress with the roster: %s done %v, want %v", id, p.Done(id), want)
		}
	}
}

// TestAnsweredCardsStayAsAnswered: going back a phase does not reopen what
// others answered. An interest marked by others or served by an option is
// not reworded or deleted; an option rated is not edited or merged (the
// facilitator amends it, which polls it again).
func TestAnsweredCardsStayAsAnswered(t *testing.T) {
	r := commonGround(t) // I1 marked by Ana, Cy and Dee
	r.phase = PhaseInterests
	wantErr(t, r.do("ana", EditInterest{Card: 1, Text: "Families fed daily", Kind: Need}), exercises.EInvalid, "marked as shared by others")
	wantErr(t, r.do("ana", DeleteInterest{Card: 1}), exercises.EInvalid, "marked as shared by others")
	r.phase = PhaseOptions
	r.must("ana", AddOption{Text: "Share the keys", Serves: []int{1, 4}})
	r.must("cy", AddOption{Text: "Council holds them", Serves: []int{2}})
	r.phase = PhaseInterests
	wantErr(t, r.do("ana", DeleteInterest{Card: 4}), exercises.EInvalid, "an option serves I4") // marked by Ana alone, but served
	r.phase = PhaseEvaluate
	r.must("dee", RateOption{Option: 1, Value: 8, Comment: "insurer"})
	r.phase = PhaseOptions
	wantErr(t, r.do("ana", EditOption{Option: 1, Text: "Close the hall", Serves: []int{1}}), exercises.EInvalid, "O1 has been rated")
	wantErr(t, r.do("fac", MergeOptions{Into: 2, From: []int{1}}), exercises.EInvalid, "O1 has been rated")
	r.must("cy", EditOption{Option: 2, Text: "The council holds them", Serves: []int{2}}) // nobody rated O2
}

// TestCutTextIsTold: a merged option's text and a ground rule cut to their
// limits say so to the facilitator, as an issue's text does.
func TestCutTextIsTold(t *testing.T) {
	long := strings.Repeat("x", exercises.MaxTextLen+10)
	for name, n := range map[string]exercises.Noticer{
		"merged option": MergeOptions{Text: long},
		"ground rule":   SetIssue{Text: "Keys", Rules: []string{"ok", long}},
		"issue":         SetIssue{Text: strings.Repeat("x", MaxIssueLen+1)},
	} {
		if n.Notice() == "" {
			t.Errorf("%s cut without a notice", name)
		}
	}
	if n := (SetIssue{Text: "Keys", Rules: []string{"ok"}}).Notice(); n != "" {
		t.Errorf("nothing cut, notice %q", n)
	}
}
