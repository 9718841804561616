package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"commonground/internal/termtest"
)

// TestMetricsAreScraped starts the server with --metrics (from its
// environment variable), joins a facilitator and two participants over
// SSH, has one answer, and scrapes the endpoint as Prometheus would: the
// live workshop with its two participants (the facilitator not counted),
// the stored actions, the commits, the hand-over of changes to the
// connections, and Go's runtime.
func TestMetricsAreScraped(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	fac := termtest.NewKey()
	home := fakeHome(t, fac)
	srv := startServer(t, filepath.Join(t.TempDir(), "data"), home, "COMMONGROUND_METRICS="+addr)
	code := srv.codes[0]
	r := joinRoom(t, srv.addr(), code, fac)
	r.pa.Type("Clean rivers for everyone")
	r.pa.Press("enter")
	r.pa.WaitFor(t, "Saved", wait)

	want := map[string]func(float64) bool{
		`commonground_live_workshops`:                                      eq(1),
		`commonground_actions_total{kind="session.Join",outcome="stored"}`: atLeast(2),
		`commonground_commit_seconds_count`:                                atLeast(3),
		`commonground_commit_events_count`:                                 atLeast(3),
		`commonground_commit_failures_total`:                               eq(0),
		`commonground_snapshot_forward_seconds_count`:                      atLeast(3),
		`go_goroutines`:                 atLeast(1),
		`process_resident_memory_bytes`: atLeast(1),
	}
	var got map[string]float64
	for deadline := time.Now().Add(wait); ; time.Sleep(50 * time.Millisecond) {
		got = scrape(t, "http://"+addr+"/metrics")
		missing := ""
		for name, ok := range want {
			if v, found := got[name]; !found || !ok(v) {
				missing = fmt.Sprintf("%s = %v (found: %v)", name, v, found)
				break
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, %s; scraped:\n%v", wait, missing, got)
		}
	}
	connected := 0.0
	for name, v := range got {
		if strings.Contains(name, code) {
			t.Errorf("%s names the join code: whoever reads the metrics could join", name)
		}
		if strings.HasPrefix(name, "commonground_connected_participants{") {
			connected += v
		}
	}
	if connected != 2 {
		t.Errorf("%v participants connected, want Ana and Ben (the facilitator not counted)", connected)
	}
	stored := 0.0
	for name, v := range got {
		if strings.HasPrefix(name, "commonground_actions_total{") && strings.HasSuffix(name, `outcome="stored"}`) {
			stored += v
		}
	}
	if stored < 3 { // two joins and an answer at least
		t.Errorf("%v actions stored, want at least 3", stored)
	}
}

func eq(want float64) func(float64) bool     { return func(v float64) bool { return v == want } }
func atLeast(min float64) func(float64) bool { return func(v float64) bool { return v >= min } }

// scrape reads a Prometheus text exposition: each sample's name with its
// labels, and its value.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", url, resp.StatusCode, err, body)
	}
	samples := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("sample %q: %v", line, err)
		}
		samples[line[:i]] = v
	}
	return samples
}
