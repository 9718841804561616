package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"commonground/session"
)

// TestExposition: what the hooks are told becomes the samples an operator
// scrapes, with the outcome of each action by name and the reasons the
// server ended connections.
func TestExposition(t *testing.T) {
	m := New(func() []session.LiveWorkshop {
		return []session.LiveWorkshop{{ID: "w1", Participants: 3}, {ID: "w2", Participants: 0}}
	})
	m.Decided("session.Join", "")
	m.Decided("session.Join", "")
	m.Decided("session.Move", "forbidden")
	m.Decided("assumptions.AddCard", "limited")
	m.Decided("checkin.Answer", session.RefusedStore)
	m.Committed(4, 3*time.Millisecond, false)
	m.Committed(2, time.Second, true)
	m.Forwarded(20 * time.Millisecond)
	m.Ended("lag")
	m.Ended("lag")
	m.Ended("workshop_full")

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`commonground_actions_total{kind="session.Join",outcome="stored"} 2`,
		`commonground_actions_total{kind="session.Move",outcome="forbidden"} 1`,
		`commonground_actions_total{kind="assumptions.AddCard",outcome="limited"} 1`,
		`commonground_actions_total{kind="checkin.Answer",outcome="store"} 1`,
		`commonground_commit_seconds_count 1`,
		`commonground_commit_events_sum 4`,
		`commonground_commit_failures_total 1`,
		`commonground_snapshot_forward_seconds_bucket{le="0.032"} 1`,
		`commonground_connections_ended_total{reason="lag"} 2`,
		`commonground_connections_ended_total{reason="workshop_full"} 1`,
		`commonground_live_workshops 2`,
		`commonground_connected_participants{workshop="w1"} 3`,
		`commonground_connected_participants{workshop="w2"} 0`,
		`go_gc_duration_seconds`,
	} {
		if !strings.Contains(string(body), want+"\n") && !strings.Contains(string(body), want+"{") && !strings.Contains(string(body), want+" ") {
			t.Errorf("the exposition lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("exposition:\n%s", body)
	}
}
