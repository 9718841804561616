package funders

import (
	"fmt"
	"testing"

	"commonground/exercises"
)

// TestThresholdsSurviveRounding: means of means land on a threshold as
// 1.9999999999999998 or 1.4999999999999998 in floating point, and on the
// threshold counts as above it.
func TestThresholdsSurviveRounding(t *testing.T) {
	// Two organisations of five: 14/5 = 2.8 against 4/5 = 0.8, 2 apart.
	scores := map[string]exercises.Score{}
	people := map[string]exercises.Person{}
	for i, v := range []int{3, 3, 3, 3, 2, 1, 1, 1, 1, 0} {
		id := fmt.Sprintf("p%d", i)
		org := "Food Bank"
		if i >= 5 {
			org = "City Council"
		}
		scores[id] = exercises.Score{Value: v}
		people[id] = exercises.Person{ID: id, Org: org}
	}
	if c := cellOf(1, scores, people, exercises.Named); !c.Disagree {
		t.Errorf("2.8 against 0.8 is 2 apart: want disagreement, got %+v", c.Orgs)
	}
	// Cell means 2, 13/6 and 1/3 average to 1.5: aligned.
	if q := QuadrantOf(InfluenceHigh, (2+13.0/6+1.0/3)/3); q != ApproachEarly {
		t.Errorf("alignment (2+13/6+1/3)/3: %s, want %s", q, ApproachEarly)
	}
}

// TestDisagreementLeavesLoneRatersOutWhenAnonymous: in an anonymous
// activity an organisation with one rater is not compared, since the mark
// would show that person's rating; named, it is.
func TestDisagreementLeavesLoneRatersOutWhenAnonymous(t *testing.T) {
	scores := map[string]exercises.Score{"ana": {Value: 3}, "ben": {Value: 3}, "cy": {Value: 0}}
	people := map[string]exercises.Person{"ana": {ID: "ana", Org: "Food Bank"}, "ben": {ID: "ben", Org: "Food Bank"}, "cy": {ID: "cy", Org: "City Council"}}
	for _, c := range []struct {
		an   exercises.Anonymity
		want bool
	}{{exercises.Named, true}, {exercises.Organisation, true}, {exercises.Anonymous, false}} {
		if got := cellOf(1, scores, people, c.an).Disagree; got != c.want {
			t.Errorf("%s: disagree %v, want %v", c.an, got, c.want)
		}
	}
}
