package exercises_test

import (
	"maps"
	"testing"

	"commonground/exercises"
)

func TestDots(t *testing.T) {
	rule := exercises.Dots{Budget: 5, PerItem: 3}
	votes := exercises.Votes{}.With("ana", 1, 3).With("ana", 2, 1).With("ben", 1, 2)
	for _, tc := range []struct {
		name   string
		person string
		item   int
		n      int
		code   string
	}{
		{"within the budget", "ana", 3, 1, ""},
		{"replacing what is there frees it", "ana", 1, 3, ""},
		{"over the cap", "ben", 2, 4, exercises.EInvalid},
		{"over the budget", "ana", 3, 2, exercises.EInvalid},
		{"negative", "ben", 2, -1, exercises.EInvalid},
		{"taking dots back", "ana", 1, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := exercises.ErrorCode(rule.Check(votes, tc.person, tc.item, tc.n)); got != tc.code {
				t.Errorf("Check(%s, item %d, %d) code %q, want %q", tc.person, tc.item, tc.n, got, tc.code)
			}
		})
	}
	if got := rule.Left(votes, "ana"); got != 1 {
		t.Errorf("ana has %d dots left, want 1", got)
	}
	if got, want := votes.Tally(), map[int]int{1: 5, 2: 1}; !maps.Equal(got, want) {
		t.Errorf("tally %v, want %v", got, want)
	}
	back := votes.With("ana", 2, 0)
	if _, ok := back["ana"][2]; ok || votes["ana"][2] != 1 {
		t.Errorf("taking dots back: %v (before: %v)", back, votes)
	}
}

func TestScale(t *testing.T) {
	alignment := exercises.Scale{Name: "alignment", Min: 0, Max: 3, DontKnow: true, Labels: []string{"none", "weak", "some", "strong"}}
	influence := exercises.Scale{Name: "influence", Min: 1, Max: 5}
	for _, tc := range []struct {
		name  string
		scale exercises.Scale
		score exercises.Score
		code  string
	}{
		{"lowest", alignment, exercises.Score{Value: 0}, ""},
		{"highest", alignment, exercises.Score{Value: 3}, ""},
		{"above", alignment, exercises.Score{Value: 4}, exercises.EInvalid},
		{"don't know where allowed", alignment, exercises.Score{DontKnow: true}, ""},
		{"don't know with a value", alignment, exercises.Score{DontKnow: true, Value: 2}, exercises.EInvalid},
		{"don't know where not allowed", influence, exercises.Score{DontKnow: true}, exercises.EInvalid},
		{"below", influence, exercises.Score{Value: 0}, exercises.EInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := exercises.ErrorCode(tc.scale.CheckScore(tc.score)); got != tc.code {
				t.Errorf("CheckScore(%+v) code %q, want %q", tc.score, got, tc.code)
			}
		})
	}
	for v, want := range map[int]string{0: "0 none", 3: "3 strong", 4: "4", -1: "-1"} {
		if got := alignment.Label(v); got != want {
			t.Errorf("Label(%d) = %q, want %q", v, got, want)
		}
	}
}

func TestRatingsByTarget(t *testing.T) {
	pair := exercises.Target{Item: 4, With: 2} // funder F4 against goal 2
	r := exercises.Ratings[int]{}.With(exercises.On(1), "ana", 3).With(pair, "ana", 1).With(exercises.On(2), "ben", 5)
	if r.Item(1)["ana"] != 3 || r.Of(pair)["ana"] != 1 {
		t.Fatalf("ratings %v", r)
	}
	if left := r.Without(4); len(left.Of(pair)) != 0 || left.Item(1)["ana"] != 3 || len(r.Of(pair)) != 1 {
		t.Errorf("without item 4: %v (before: %v)", left, r)
	}
	for _, tc := range []exercises.Target{exercises.On(7), pair} {
		text, err := tc.MarshalText()
		var back exercises.Target
		if err != nil || back.UnmarshalText(text) != nil || back != tc {
			t.Errorf("target %+v written as %q read back as %+v", tc, text, back)
		}
	}
}

func TestStricterAnonymity(t *testing.T) {
	named, org, anon := exercises.Named, exercises.Organisation, exercises.Anonymous
	tests := []struct {
		a, b, want exercises.Anonymity
		looser     bool // a.Looser(b)
	}{
		{named, named, named, false},
		{named, org, org, true},
		{named, anon, anon, true},
		{org, named, org, false},
		{org, anon, anon, true},
		{anon, named, anon, false},
		{anon, org, anon, false},
		{anon, anon, anon, false},
	}
	for _, tt := range tests {
		if got := exercises.Stricter(tt.a, tt.b); got != tt.want {
			t.Errorf("Stricter(%s, %s) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
		if got := tt.a.Looser(tt.b); got != tt.looser {
			t.Errorf("%s.Looser(%s) = %v, want %v", tt.a, tt.b, got, tt.looser)
		}
	}
}

func TestAnonymityWords(t *testing.T) {
	for a, want := range map[exercises.Anonymity]string{
		exercises.Named: "named", exercises.Organisation: "organisation only", exercises.Anonymous: "anonymous",
	} {
		if got := a.Words(); got != want {
			t.Errorf("%s.Words() = %q, want %q", a, got, want)
		}
	}
}
