package funders_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/exercises/funders"
)

// room runs commands through Decide and folds what they decide, as the
// session does: the rules are checked once, and the data is only ever
// what the stored events fold to.
type room struct {
	t      *testing.T
	act    exercises.Activity
	phase  string
	data   exercises.Data
	people map[string]exercises.Person
}

func newRoom(t *testing.T, goals ...string) *room {
	a := funders.Exercise.Defaults()
	a.Settings = funders.Settings{Goals: goals}
	return &room{t: t, act: a, phase: funders.PhaseGoals, data: funders.Exercise.Empty(), people: map[string]exercises.Person{
		"ana": {ID: "ana", Name: "Ana", Org: "City"},
		"ben": {ID: "ben", Name: "Ben", Org: "Pantry"},
		"cy":  {ID: "cy", Name: "Cy", Org: "Pantry"},
		"dee": {ID: "dee", Name: "Dee", Org: "Youth Club"},
	}}
}

func (r *room) context(by string) exercises.Context {
	var ph exercises.PhaseSpec
	for _, p := range funders.Exercise.Phases() {
		if p.Name == r.phase {
			ph = p
		}
	}
	_, joined := r.people[by]
	return exercises.Context{Exercise: funders.Exercise, Activity: r.act, Phase: ph, Data: r.data, Current: true,
		InputOpen: ph.Input, By: by, Joined: joined, Facilitator: by == "fac", People: r.people,
		Now: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}
}

// try decides cmd as by and folds its changes; it returns the error code,
// "" when the command was accepted.
func (r *room) try(by string, cmd exercises.Command) string {
	r.t.Helper()
	changes, err := cmd.Decide(r.context(by))
	if err != nil {
		return exercises.ErrorCode(err)
	}
	for _, ch := range changes {
		raw, err := json.Marshal(ch.Payload)
		if err != nil {
			r.t.Fatal(err)
		}
		if r.data, err = funders.Exercise.Fold(r.data, exercises.Record{Type: ch.Type, Actor: by, Data: raw}); err != nil {
			r.t.Fatalf("fold %s: %v", ch.Type, err)
		}
	}
	return ""
}

// do is try for a command that must be accepted.
func (r *room) do(by string, cmd exercises.Command) {
	r.t.Helper()
	if code := r.try(by, cmd); code != "" {
		r.t.Fatalf("%s: %T %+v refused: %s", by, cmd, cmd, code)
	}
}

func (r *room) results() funders.Results {
	return funders.ResultsOf(funders.Exercise.Derive(r.act, r.data, exercises.Roster{People: r.people}))
}

func (r *room) add(by, name string, rel funders.Relationship) {
	r.t.Helper()
	r.do(by, funders.AddFunder{Name: name, Kind: funders.Foundation, Relationship: rel})
}

// rate gives by's alignment of a funder with each goal in order (-1 for
// "don't know") and its influence.
func (r *room) rate(by string, funder, influence int, align ...int) {
	r.t.Helper()
	for i, v := range align {
		r.do(by, funders.RateFunder{Funder: funder, Goal: i + 1, Value: max(v, 0), DontKnow: v < 0})
	}
	r.do(by, funders.RateFunder{Funder: funder, Value: max(influence, 0), DontKnow: influence < 0})
}

func closeTo(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestValidateGoals(t *testing.T) {
	long := strings.Repeat("g", funders.MaxGoalLen+1)
	tests := []struct {
		goals []string
		want  string // "" for valid, else a part of the message
	}{
		{nil, ""},
		{[]string{"a", "b"}, "goals: give 3 to 6 goals"},
		{[]string{"a", "b", "c"}, ""},
		{[]string{"a", "b", "c", "d", "e", "f"}, ""},
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, "goals: give 3 to 6 goals"},
		{[]string{"a", "", "c"}, "goal 2 is empty"},
		{[]string{"a", "b", long}, "goal 3 is longer than 80 characters"},
		{[]string{"a", "b", strings.Repeat("g", funders.MaxGoalLen)}, ""},
		{[]string{"a", "b\x1b[31m", "c"}, "goal 2 has characters"},
	}
	for _, tt := range tests {
		a := funders.Exercise.Defaults()
		a.Settings = funders.Settings{Goals: tt.goals}
		err := funders.Exercise.Validate(a)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.goals, err)
			}
			continue
		}
		if err == nil || exercises.ErrorCode(err) != exercises.EInvalid || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err %v, want EInvalid with %q", tt.goals, err, tt.want)
		}
	}
}

func TestGoalsTypedInThePresenterKeepTheirIDs(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.do("fac", funders.SetGoal{Goal: 2, Text: "Good jobs"})
	r.do("fac", funders.SetGoal{Text: "Food"})
	r.do("fac", funders.RemoveGoal{Goal: 1})
	r.do("fac", funders.SetGoal{Text: "Transport"})
	got := funders.Goals(r.act, r.data)
	want := []funders.Goal{{ID: 2, Text: "Good jobs"}, {ID: 3, Text: "Health"}, {ID: 4, Text: "Food"}, {ID: 5, Text: "Transport"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("goals %+v, want %+v", got, want)
	}
	r.do("fac", funders.SetGoal{Text: "Youth"})
	r.do("fac", funders.SetGoal{Text: "Elders"})
	if code := r.try("fac", funders.SetGoal{Text: "Seventh"}); code != exercises.EInvalid {
		t.Errorf("a seventh goal: %q, want invalid", code)
	}
	if code := r.try("ana", funders.SetGoal{Text: "Mine"}); code != exercises.EForbidden {
		t.Errorf("a participant's goal: %q, want forbidden", code)
	}
	r.phase = funders.PhaseRate
	if code := r.try("fac", funders.SetGoal{Goal: 2, Text: "Jobs"}); code != exercises.EClosed {
		t.Errorf("a goal changed while rating: %q, want closed", code)
	}
	// Back in Goals after a rating, the rated goal stays as it was.
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	r.phase = funders.PhaseRate
	r.do("ana", funders.RateFunder{Funder: 1, Goal: 2, Value: 3})
	r.phase = funders.PhaseGoals
	for _, cmd := range []exercises.Command{funders.SetGoal{Goal: 2, Text: "Jobs"}, funders.RemoveGoal{Goal: 2}} {
		if code := r.try("fac", cmd); code != exercises.EInvalid {
			t.Errorf("%T of a rated goal: %q, want invalid", cmd, code)
		}
	}
	r.do("fac", funders.SetGoal{Goal: 3, Text: "Health care"}) // nobody rated it
}

func TestMeansLeaveDontKnowOut(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	r.phase = funders.PhaseRate
	r.rate("ana", 1, 4, 3, -1, 0)
	r.rate("ben", 1, -1, 1, -1, 0)
	r.rate("dee", 1, -1, -1, -1, 0)
	f := r.results().Funders[0]
	tests := []struct {
		name       string
		got        funders.Axis
		n, dk      int
		mean       float64
		coversGoal bool
	}{
		{"housing: 3, 1, don't know", f.Cells[0].Axis, 2, 1, 2, true},
		{"jobs: nobody knows", f.Cells[1].Axis, 0, 3, 0, false},
		{"health: three zeros", f.Cells[2].Axis, 3, 0, 0, false},
		{"influence: 4 and two don't know", f.Influence, 1, 2, 4, false},
	}
	for _, tt := range tests {
		if tt.got.N != tt.n || tt.got.DontKnow != tt.dk || !closeTo(tt.got.Mean, tt.mean) {
			t.Errorf("%s: %+v, want n %d, don't know %d, mean %v", tt.name, tt.got, tt.n, tt.dk, tt.mean)
		}
	}
	// The alignment is over the goals anyone rated: (2 + 0) / 2.
	if !closeTo(f.Alignment, 1) || !f.Rated {
		t.Errorf("alignment %v (rated %v), want 1 over the two rated goals", f.Alignment, f.Rated)
	}
	if p := funders.Of(r.data).RatingProgress(r.act, "dee"); p != (funders.RateProgress{Done: 1, Total: 1}) {
		t.Errorf("dee's progress %+v: don't know counts as rated", p)
	}
}

func TestGapsOnTheBoundary(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	r.add("ben", "Gates", funders.NoRelation)
	r.phase = funders.PhaseRate
	// Housing: Ford's mean 2 exactly covers it. Jobs: 1.5 and 1.75 cover
	// nothing. Health: nobody rated it but "don't know".
	r.rate("ana", 1, 3, 2, 2, -1)
	r.rate("ben", 1, 3, 2, 1, -1)
	r.rate("ana", 2, 3, 1, 2, -1)
	r.rate("ben", 2, 3, 0, 2, -1)
	r.rate("dee", 2, 3, 0, 1, -1)
	res := r.results()
	var gaps []int
	for _, g := range res.Gaps() {
		gaps = append(gaps, g.ID)
	}
	if !reflect.DeepEqual(gaps, []int{2, 3}) {
		t.Errorf("gaps %v, want jobs (means 1.5, 1.67) and health (unrated)", gaps)
	}
	if g := res.Goals[0]; g.Covering != 1 || g.Rated != 2 || !closeTo(g.Mean, (2+1.0/3)/2) {
		t.Errorf("housing %+v, want covered by one of two funders", g)
	}
}

func TestQuadrantOfOnTheBoundaries(t *testing.T) {
	tests := []struct {
		influence, alignment float64
		want                 funders.Quadrant
	}{
		{3, 1.5, funders.ApproachEarly}, // on both lines
		{5, 3, funders.ApproachEarly},
		{3, 1.49, funders.Cultivate},
		{5, 0, funders.Cultivate},
		{2.99, 1.5, funders.Allies},
		{1, 3, funders.Allies},
		{2.99, 1.49, funders.KeepInformed},
		{1, 0, funders.KeepInformed},
	}
	for _, tt := range tests {
		if got := funders.QuadrantOf(tt.influence, tt.alignment); got != tt.want {
			t.Errorf("QuadrantOf(%v, %v) = %q, want %q", tt.influence, tt.alignment, got, tt.want)
		}
	}
}

func TestQuadrantNeedsBothAxes(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	r.add("ana", "Gates", funders.Contact)
	r.phase = funders.PhaseRate
	r.rate("ana", 1, -1, 3, 3, 3) // no influence
	r.rate("ana", 2, 5, 3, 3, 2)
	res := r.results()
	for _, f := range res.Funders {
		want := map[int]funders.Quadrant{1: "", 2: funders.ApproachEarly}[f.Funder.ID]
		if f.Quadrant != want {
			t.Errorf("%s in %q, want %q", f.Funder.Text, f.Quadrant, want)
		}
	}
}

func TestDisagreeOnTheBoundary(t *testing.T) {
	tests := []struct {
		name    string
		ratings map[string]int // by person: ana City, ben and cy Pantry, dee Youth Club
		want    bool
	}{
		{"3 against 1: 2 apart", map[string]int{"ana": 3, "ben": 1}, true},
		{"3 against 1 and 2 in one organisation: 1.5 apart", map[string]int{"ana": 3, "ben": 1, "cy": 2}, false},
		{"3 against 0 and 2: 2 apart", map[string]int{"ana": 3, "ben": 0, "cy": 2}, true},
		{"0 and 3 within one organisation", map[string]int{"ben": 0, "cy": 3}, false},
		{"one organisation alone", map[string]int{"ana": 0}, false},
		{"three organisations, extremes 2 apart", map[string]int{"ana": 1, "ben": 2, "dee": 3}, true},
		{"three organisations, 1 apart", map[string]int{"ana": 1, "ben": 2, "dee": 2}, false},
	}
	for _, tt := range tests {
		r := newRoom(t, "Housing", "Jobs", "Health")
		r.phase = funders.PhaseFunders
		r.add("ana", "Ford", funders.Contact)
		r.phase = funders.PhaseRate
		for who, v := range tt.ratings {
			r.do(who, funders.RateFunder{Funder: 1, Goal: 1, Value: v})
		}
		r.do("dee", funders.RateFunder{Funder: 1, Goal: 2, DontKnow: true}) // a "don't know" is no organisation's view
		if got := r.results().Funders[0].Cells[0].Disagree; got != tt.want {
			t.Errorf("%s: disagree %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMergeKeepsEveryRelationship(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford Foundation", funders.KnowsOf)
	r.add("ben", "Ford Fdn", funders.FundedBy)
	r.add("cy", "The Ford Foundation", funders.KnowsOf)
	r.add("dee", "Gates", funders.Contact)
	r.add("ana", "Ford", funders.Contact) // Ana added it twice: her closer one stands
	if code := r.try("ana", funders.MergeFunders{Into: 1, From: []int{2}}); code != exercises.EForbidden {
		t.Errorf("a participant's merge: %q, want forbidden", code)
	}
	r.do("fac", funders.MergeFunders{Into: 2, From: []int{3}})
	r.do("fac", funders.MergeFunders{Into: 1, From: []int{2, 5}, Name: "Ford Foundation"})
	res := r.results()
	if len(res.Funders) != 2 {
		t.Fatalf("%d funders, want Ford and Gates", len(res.Funders))
	}
	ford, _ := res.Funder(1)
	want := []funders.OrgRelation{
		{Org: "Pantry", Relationship: funders.FundedBy, People: []string{"ben", "cy"}}, // Ben's funded beats Cy's knows of
		{Org: "City", Relationship: funders.Contact, People: []string{"ana"}},
	}
	if !reflect.DeepEqual(ford.Relations, want) {
		t.Errorf("Ford's relationships %+v, want %+v", ford.Relations, want)
	}
	if code := r.try("ana", funders.RenameFunder{Funder: 1, Name: "Ford"}); code != exercises.EForbidden {
		t.Errorf("a participant's rename: %q, want forbidden", code)
	}
	if code := r.try("fac", funders.RenameFunder{Funder: 2, Name: "Ford"}); code != exercises.ENotFound {
		t.Errorf("a rename of a funder merged away: %q, want not found", code)
	}
	if code := r.try("fac", funders.RenameFunder{Funder: 1, Name: " "}); code != exercises.EInvalid {
		t.Errorf("a rename to nothing: %q, want invalid", code)
	}
	r.do("fac", funders.RenameFunder{Funder: 1, Name: "Ford Foundation (US)"})
	ford, _ = r.results().Funder(1)
	if ford.Funder.Text != "Ford Foundation (US)" {
		t.Errorf("renamed %q", ford.Funder.Text)
	}
	if ford.BestPlaced() != "Pantry" || ford.Funder.Text != "Ford Foundation (US)" || len(ford.Funder.Authors) != 3 {
		t.Errorf("Ford %+v, best placed %q", ford.Funder, ford.BestPlaced())
	}
	r.phase = funders.PhaseRate
	if code := r.try("fac", funders.MergeFunders{Into: 1, From: []int{4}}); code != exercises.EClosed {
		t.Errorf("a merge while rating: %q, want closed", code)
	}
	// Ben gave "funded" on a funder merged into Ford: he can still lower it.
	r.do("ben", funders.SetRelationship{Funder: 1, Relationship: funders.KnowsOf})
	if got := funders.Of(r.data).RelationsOf(1)["ben"]; got != funders.KnowsOf {
		t.Errorf("Ben's relationship after lowering it %q, want %q", got, funders.KnowsOf)
	}
	r.do("ben", funders.SetRelationship{Funder: 1, Relationship: funders.FundedBy})
	// Rating, Dee gives her organisation's relationship to Ford too.
	r.do("dee", funders.SetRelationship{Funder: 1, Relationship: funders.NoRelation})
	ford, _ = r.results().Funder(1)
	if last := ford.Relations[len(ford.Relations)-1]; last.Org != "Youth Club" || last.Relationship != funders.NoRelation {
		t.Errorf("Youth Club's relationship %+v", last)
	}
}

func TestFundersArePrivateWhileAdded(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	if code := r.try("ana", funders.AddFunder{Name: "Ford", Kind: funders.Foundation, Relationship: funders.Contact}); code != exercises.EClosed {
		t.Errorf("a funder added in Goals: %q, want closed", code)
	}
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	tests := []struct {
		name string
		by   string
		cmd  exercises.Command
		want string
	}{
		{"another's relationship to my funder", "ben", funders.SetRelationship{Funder: 1, Relationship: funders.Contact}, exercises.EForbidden},
		{"my own relationship", "ana", funders.SetRelationship{Funder: 1, Relationship: funders.FundedBy}, ""},
		{"an unknown relationship", "ana", funders.SetRelationship{Funder: 1, Relationship: "married"}, exercises.EInvalid},
		{"another deletes it", "ben", funders.DeleteFunder{Funder: 1}, exercises.EForbidden},
		{"a funder without a name", "ben", funders.AddFunder{Name: " \x1b ", Kind: funders.Public, Relationship: funders.NoRelation}, exercises.EInvalid},
		{"a kind not offered", "ben", funders.AddFunder{Name: "X", Kind: "bank", Relationship: funders.NoRelation}, exercises.EInvalid},
		{"focus over the limit is cut", "ben", funders.AddFunder{Name: "Y", Kind: funders.Public, Focus: strings.Repeat("f", 500), Relationship: funders.NoRelation}, ""},
		{"a rating while funders are added", "ben", funders.RateFunder{Funder: 1, Goal: 1, Value: 2}, exercises.EClosed},
		{"another edits it", "ben", funders.EditFunder{Funder: 1, Name: "Ford", Kind: funders.Public}, exercises.EForbidden},
		{"the adder edits it", "ana", funders.EditFunder{Funder: 1, Name: "Ford Fdn", Kind: funders.Public, Focus: "jobs"}, ""},
		{"the adder edits it to no name", "ana", funders.EditFunder{Funder: 1, Name: "", Kind: funders.Public}, exercises.EInvalid},
		{"the adder deletes it", "ana", funders.DeleteFunder{Funder: 1}, ""},
	}
	for _, tt := range tests {
		if got := r.try(tt.by, tt.cmd); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	w := funders.Of(r.data)
	if _, ok := w.Deck.Card(1); ok {
		t.Error("the deleted funder is still there")
	}
	if y, _ := w.Deck.Card(2); exercises.TextLen(w.Focus[y.ID]) != funders.MaxFocusLen {
		t.Errorf("focus of %d characters, want cut to %d", exercises.TextLen(w.Focus[y.ID]), funders.MaxFocusLen)
	}
	if !funders.Exercise.HasInput(r.data) {
		t.Error("a funder added and deleted is input")
	}
}

func TestRateChecksTheScales(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	r.phase = funders.PhaseRate
	tests := []struct {
		cmd  funders.RateFunder
		want string
	}{
		{funders.RateFunder{Funder: 1, Goal: 1, Value: 0}, ""},
		{funders.RateFunder{Funder: 1, Goal: 1, Value: 3}, ""},
		{funders.RateFunder{Funder: 1, Goal: 1, Value: 4}, exercises.EInvalid},
		{funders.RateFunder{Funder: 1, Goal: 1, DontKnow: true}, ""},
		{funders.RateFunder{Funder: 1, Goal: 9, Value: 1}, exercises.ENotFound},
		{funders.RateFunder{Funder: 1, Value: 0}, exercises.EInvalid}, // influence is 1-5
		{funders.RateFunder{Funder: 1, Value: 5}, ""},
		{funders.RateFunder{Funder: 1, Value: 6}, exercises.EInvalid},
		{funders.RateFunder{Funder: 7, Goal: 1, Value: 1}, exercises.ENotFound},
	}
	for _, tt := range tests {
		if got := r.try("ben", tt.cmd); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.cmd, got, tt.want)
		}
	}
}

func TestGroupsFundersCoveringTheSameGoals(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	for _, name := range []string{"A", "B", "C", "D"} {
		r.add("ana", name, funders.NoRelation)
	}
	r.phase = funders.PhaseRate
	r.rate("ana", 1, 3, 0, 0, 0) // covers nothing
	r.rate("ana", 2, 3, 3, 2, 0) // housing and jobs
	r.rate("ana", 3, 3, 0, 0, 3) // health
	r.rate("ana", 4, 3, 2, 3, 1) // housing and jobs
	res := r.results()
	want := []funders.Group{{Goals: []int{1, 2}, Funders: []int{2, 4}}, {Goals: []int{3}, Funders: []int{3}}, {Funders: []int{1}}}
	if !reflect.DeepEqual(res.Groups, want) {
		t.Errorf("groups %+v, want %+v", res.Groups, want)
	}
	var order []int
	for _, f := range res.Funders {
		order = append(order, f.Funder.ID)
	}
	if !reflect.DeepEqual(order, []int{2, 4, 3, 1}) {
		t.Errorf("matrix rows %v, want grouped", order)
	}
}

func TestPlanApproaches(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	r.phase = funders.PhasePlan
	tests := []struct {
		name string
		by   string
		cmd  exercises.Command
		want string
	}{
		{"no ask", "ana", funders.ProposeApproach{Funder: 1, Owner: "ana", Due: "2027-01-31"}, exercises.EInvalid},
		{"an unknown ask", "ana", funders.ProposeApproach{Funder: 1, Asks: []funders.Ask{"money"}, Owner: "ana", Due: "2027-01-31"}, exercises.EInvalid},
		{"no date", "ana", funders.ProposeApproach{Funder: 1, Asks: []funders.Ask{funders.AskInsight}, Owner: "ana", Due: "soon"}, exercises.EInvalid},
		{"no owner", "ana", funders.ProposeApproach{Funder: 1, Asks: []funders.Ask{funders.AskInsight}, Due: "2027-01-31"}, exercises.EInvalid},
		{"an owner not in the room", "ana", funders.ProposeApproach{Funder: 1, Asks: []funders.Ask{funders.AskInsight}, Owner: "zed", Due: "2027-01-31"}, exercises.EInvalid},
		{"a funder not on the wall", "ana", funders.ProposeApproach{Funder: 4, Asks: []funders.Ask{funders.AskInsight}, Owner: "ana", Due: "2027-01-31"}, exercises.ENotFound},
		{"Ana for Ben", "ana", funders.ProposeApproach{Funder: 1, Asks: []funders.Ask{funders.AskFunding, funders.AskInsight, funders.AskFunding}, Owner: "ben", Due: "2027-01-31"}, ""},
		{"a typed owner", "dee", funders.ProposeApproach{Funder: 1, Asks: []funders.Ask{funders.AskData}, OwnerName: "Kim", OwnerOrg: "County", Due: "2027-02-15", Note: "At the March round"}, ""},
		{"a participant confirms", "ana", funders.ConfirmApproach{Action: 1}, exercises.EForbidden},
		{"the facilitator confirms", "fac", funders.ConfirmApproach{Action: 1}, ""},
		{"the facilitator rejects", "fac", funders.RejectApproach{Action: 2}, ""},
		{"confirm the rejected", "fac", funders.ConfirmApproach{Action: 2}, exercises.EInvalid},
		{"confirm one that is not there", "fac", funders.ConfirmApproach{Action: 3}, exercises.ENotFound},
		{"a participant edits", "ana", funders.EditApproach{Action: 1, Asks: []funders.Ask{funders.AskData}, Owner: "ana", Due: "2027-01-31"}, exercises.EForbidden},
		{"edit the rejected", "fac", funders.EditApproach{Action: 2, Asks: []funders.Ask{funders.AskData}, Owner: "ana", Due: "2027-01-31"}, exercises.EInvalid},
		{"edit without an ask", "fac", funders.EditApproach{Action: 1, Owner: "ana", Due: "2027-01-31"}, exercises.EInvalid},
		{"the facilitator edits", "fac", funders.EditApproach{Action: 1, Asks: []funders.Ask{funders.AskData, funders.AskFunding}, Owner: "ana", Due: "2027-03-01", Note: "Call first"}, ""},
	}
	for _, tt := range tests {
		if got := r.try(tt.by, tt.cmd); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	w := funders.Of(r.data)
	if len(w.Actions.Items) != 2 {
		t.Fatalf("%d approaches, want 2", len(w.Actions.Items))
	}
	first, typed := w.Actions.Items[0], w.Actions.Items[1]
	if first.Status != exercises.Confirmed || first.Owner != "ana" || first.Org != "City" || first.CardID != 1 || first.Due != "2027-03-01" || first.Text != "Call first" {
		t.Errorf("first approach, edited %+v", first)
	}
	if !reflect.DeepEqual(w.Asks[1], []funders.Ask{funders.AskFunding, funders.AskData}) {
		t.Errorf("asks %v, want each once in the order offered", w.Asks[1])
	}
	if code := r.try("fac", funders.EditApproach{Action: 1, Asks: []funders.Ask{funders.AskFunding, funders.AskData}, Owner: "ana", Due: "2027-03-01", Note: "Call first"}); code != "" {
		t.Errorf("the same edit again: %q", code)
	}
	if typed.Status != exercises.Rejected || typed.OwnerName != "Kim" || typed.Org != "County" || typed.Text != "At the March round" {
		t.Errorf("typed approach %+v", typed)
	}
}

func TestProgressByPhase(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	r.add("ben", "Gates", funders.Contact)
	phase := func(name string) exercises.PhaseSpec {
		for _, p := range funders.Exercise.Phases() {
			if p.Name == name {
				return p
			}
		}
		t.Fatalf("no phase %s", name)
		return exercises.PhaseSpec{}
	}
	r.add("cy", "Ford Fdn", funders.Contact)
	r.do("fac", funders.MergeFunders{Into: 1, From: []int{3}})
	if p := funders.Exercise.Progress(r.act, phase(funders.PhaseFunders), r.data); !p.Done("ana") || !p.Done("cy") || p.Done("dee") {
		t.Errorf("while adding: ana done %v, cy (merged) done %v, dee done %v", p.Done("ana"), p.Done("cy"), p.Done("dee"))
	}
	r.phase = funders.PhaseRate
	r.rate("dee", 1, 3, 1, 1, 1)
	r.do("dee", funders.RateFunder{Funder: 2, Goal: 1, Value: 1}) // Gates only half rated
	p := funders.Exercise.Progress(r.act, phase(funders.PhaseRate), r.data)
	if p.Asked != 2 || p.Given("dee") != 1 || p.Done("dee") {
		t.Errorf("rating: asked %d, dee gave %d", p.Asked, p.Given("dee"))
	}
}

func TestLikelySame(t *testing.T) {
	card := func(id int, name string) exercises.Card { return exercises.Card{ID: id, Text: name} }
	tests := []struct {
		a, b string
		same bool
	}{
		{"Ford Foundation", "Ford Fdn", true},
		{"The Ford Foundation", "ford", true},
		{"Ford Foundation", "Ford Motor Company", false},
		{"County Health Fund", "County health", true},
		{"Foundation", "The Foundation", false}, // nothing but filler: like no other
		{"Gates", "Gatеs", true},                // a Cyrillic е
		{"Acme Corp Giving", "Acme Inc.", true},
	}
	for _, tt := range tests {
		got := funders.LikelySame([]exercises.Card{card(1, tt.a), card(2, tt.b)})
		if (got[2] == 1) != tt.same {
			t.Errorf("%q and %q: likely the same %v, want %v", tt.a, tt.b, got[2] == 1, tt.same)
		}
	}
	merged := card(2, "Ford Fdn")
	merged.MergedInto = 1
	if got := funders.LikelySame([]exercises.Card{card(1, "Ford"), merged}); len(got) != 0 {
		t.Errorf("a funder merged already is offered again: %v", got)
	}
}

// TestRatedFundersStayAsRated: once anyone rated a funder, moving back to
// the Funders phase does not reopen its name, its merge or its deletion:
// the ratings are of the funder as it was.
func TestRatedFundersStayAsRated(t *testing.T) {
	r := newRoom(t, "Housing", "Jobs", "Health")
	r.phase = funders.PhaseFunders
	r.add("ana", "Ford", funders.Contact)
	r.add("ben", "Gates", funders.KnowsOf)
	r.phase = funders.PhaseRate
	r.do("ben", funders.RateFunder{Funder: 1, Goal: 1, Value: 3})
	r.phase = funders.PhaseFunders // the facilitator went back
	for name, cmd := range map[string]exercises.Command{
		"rename": funders.RenameFunder{Funder: 1, Name: "Ford Foundation"},
		"merge":  funders.MergeFunders{Into: 2, From: []int{1}},
		"edit":   funders.EditFunder{Funder: 1, Name: "Fjord", Kind: funders.Foundation},
		"delete": funders.DeleteFunder{Funder: 1},
	} {
		by := "fac"
		if name == "edit" || name == "delete" {
			by = "ana"
		}
		if code := r.try(by, cmd); code != exercises.EInvalid {
			t.Errorf("%s a rated funder: %q, want invalid", name, code)
		}
	}
	r.do("fac", funders.RenameFunder{Funder: 2, Name: "Gates Foundation"}) // nobody rated Gates
}
