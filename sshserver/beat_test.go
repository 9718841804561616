package sshserver

import (
	"testing"
	"time"
)

// TestNextBeat: a connection's next heartbeat is never later than the
// interval, never sooner than the interval less one slot, and falls on a
// slot shared by every connection, whenever each joined.
func TestNextBeat(t *testing.T) {
	base := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		now   time.Time
		every time.Duration
		want  time.Duration
	}{
		{"on a slot", base, time.Minute, time.Minute},
		{"just after a slot", base.Add(time.Millisecond), time.Minute, time.Minute - time.Millisecond},
		{"mid-slot", base.Add(2500 * time.Millisecond), time.Minute, 57500 * time.Millisecond},
		{"just before a slot", base.Add(5*time.Second - time.Nanosecond), time.Minute, 55*time.Second + time.Nanosecond},
		{"a short heartbeat", base.Add(33 * time.Millisecond), 120 * time.Millisecond, 117 * time.Millisecond},
		{"shorter than a slot", base.Add(500 * time.Microsecond), 5 * time.Millisecond, 4500 * time.Microsecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := nextBeat(tc.now, tc.every)
			if got != tc.want {
				t.Errorf("nextBeat(%v, %v) = %v, want %v", tc.now.Format("15:04:05.000000000"), tc.every, got, tc.want)
			}
			slot := max(tc.every/heartbeatSlots, time.Millisecond)
			if got > tc.every || got <= tc.every-slot && got != tc.every {
				t.Errorf("%v is outside (every-slot, every]", got)
			}
		})
	}
	// Connections that joined a few seconds apart beat at one moment.
	a, b := base.Add(1200*time.Millisecond), base.Add(3900*time.Millisecond)
	if at, bt := a.Add(nextBeat(a, time.Minute)), b.Add(nextBeat(b, time.Minute)); !at.Equal(bt) {
		t.Errorf("joined 2.7 s apart within a slot, they beat at %v and %v", at, bt)
	}
}
