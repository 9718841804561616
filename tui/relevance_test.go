package tui

import (
	"testing"

	"commonground/exercises"
	"commonground/exercises/checkin"
	"commonground/session"
)

// TestSnapshotDeliveryOfArrivals: someone arriving reaches the other
// participants' screens later, the presenter's and their own at once; an
// answer reaches everyone at once.
func TestSnapshotDeliveryOfArrivals(t *testing.T) {
	f := newFixture(t, checkin.Kind)
	f.join("SHA256:ana", "Ana Lima", "Food Bank")
	before := f.w.Snapshot()
	f.join("SHA256:ben", "Ben Okafor", "City Council")
	arrived := f.w.Snapshot()
	f.join("SHA256:ana", "Ana Lima-Diaz", "Food Bank")
	renamed := f.w.Snapshot()
	f.do("SHA256:ben", exercises.SetAnswer{Activity: 0, Text: "hello"})
	answered := f.w.Snapshot()
	for _, tc := range []struct {
		name       string
		id         string
		prev, next *session.Snapshot
		want       Delivery
	}{
		{"another participant arrives", "SHA256:ana", before, arrived, Later},
		{"one's own arrival", "SHA256:ben", before, arrived, Now},
		{"one's own new name", "SHA256:ana", arrived, renamed, Now},
		{"another's new name", "SHA256:ben", arrived, renamed, Later},
		{"the presenter counts arrivals", facID, before, arrived, Now},
		{"an answer", "SHA256:ana", renamed, answered, Now},
		{"the first snapshot", "SHA256:ana", nil, before, Now},
	} {
		if got := SnapshotDelivery(tc.id, tc.prev, tc.next); got != tc.want {
			t.Errorf("%s: SnapshotDelivery = %v, want %v", tc.name, got, tc.want)
		}
	}
}
