package willingness_test

import (
	"commonground/exercises/willingness"
	"testing"
)

func TestScaleLabel(t *testing.T) {
	for _, tc := range []struct {
		v    int
		want string
	}{
		{0, "0 I block"},
		{1, "1 serious concerns"},
		{2, "2 reservations"},
		{3, "3 can live with it"},
		{4, "4 support it"},
		{5, "5 will champion it"},
		{-1, "-1"},
		{6, "6"},
	} {
		if got := willingness.ScaleLabel(tc.v); got != tc.want {
			t.Errorf("ScaleLabel(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
