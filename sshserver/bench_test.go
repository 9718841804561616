package sshserver_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"commonground/exercises"
	"commonground/internal/termclient"
	"commonground/session"
)

// BenchmarkChangeToScreen is one connection's whole write path for one
// change, over real SSH on loopback: another participant's answer is
// stored, the hub wakes the connection, its program draws the frame, the
// renderer writes the rows that changed, and the client reads them. The
// client is the load tool's light reader. Each op is one answer, timed
// until the participant's stream shows it; wire-B/op is what the change
// cost on the wire.
func BenchmarkChangeToScreen(b *testing.B) {
	e := start(b)
	w := e.workshop(b)
	ctx := context.Background()
	key, err := termclient.NewKey()
	if err != nil {
		b.Fatal(err)
	}
	if err := e.hub.SaveProfile(session.Profile{ID: key.ID, Name: "Ana", Org: "Food Bank"}); err != nil {
		b.Fatal(err)
	}
	client, err := termclient.Dial(e.addr, e.code, key, wait)
	if err != nil {
		b.Fatal(err)
	}
	term, err := termclient.Open(client, termclient.Options{Width: 80, Height: 24, Stream: true})
	if err != nil {
		b.Fatal(err)
	}
	defer term.Close()
	if _, err := term.WaitFor("Activity 1/2", wait); err != nil {
		b.Fatal(err)
	}
	const bo = "SHA256:bo"
	for _, a := range []struct {
		by string
		a  session.Action
	}{{bo, session.Join{Name: "Bo", Org: "City Council"}}, {e.fac.ID, session.Reveal{Activity: 0, On: true}}} {
		if _, err := w.Do(ctx, a.by, a.a); err != nil {
			b.Fatal(err)
		}
	}
	time.Sleep(time.Second) // Bo's arrival reaches Ana's screen after tui.PeopleInterval
	received := term.Received()
	i := 0
	for b.Loop() {
		// A connection is given at most one snapshot per 50 ms
		// (minSnapshotInterval): wait it out untimed, or the benchmark
		// measures the pacing.
		b.StopTimer()
		time.Sleep(60 * time.Millisecond)
		b.StartTimer()
		i++
		text := fmt.Sprintf("answer number %d", i)
		term.Forget()
		if _, err := w.Do(ctx, bo, exercises.SetAnswer{Activity: 0, Text: text}); err != nil {
			b.Fatal(err)
		}
		if _, err := term.WaitFor(text, wait); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(term.Received()-received)/float64(i), "wire-B/op")
}
