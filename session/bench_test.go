package session_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"commonground/exercises"
	"commonground/session"
)

// BenchmarkDo measures one acknowledged submission at a time: decide,
// commit (one fsync), apply, publish.
func BenchmarkDo(b *testing.B) {
	_, w := benchWorkshop(b, 0)
	b.ResetTimer()
	for i := range b.N {
		if _, err := w.Do(context.Background(), "SHA256:p0", exercises.SetAnswer{Activity: 0, Text: fmt.Sprint("answer ", i)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDoParallel measures durable acknowledged submissions from many
// participants at once: the owner commits whatever is waiting in one
// transaction (group commit). Report submissions per second with
// `go test -bench DoParallel -cpu 2 ./session`.
func BenchmarkDoParallel(b *testing.B) {
	const participants = 256
	_, w := benchWorkshop(b, participants)
	var next atomic.Int64
	b.SetParallelism(participants / 2) // many callers per CPU, as many SSH sessions would be
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		id := fmt.Sprintf("SHA256:p%d", next.Add(1)%participants)
		i := 0
		for pb.Next() {
			i++
			if _, err := w.Do(context.Background(), id, exercises.SetAnswer{Activity: 0, Text: fmt.Sprint("answer ", i)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "acks/s")
}

// BenchmarkPublishFanout measures the owner's cost per change with 1,000
// subscribers that never read: the wake-ups must not block and must stay
// cheap.
func BenchmarkPublishFanout(b *testing.B) {
	_, w := benchWorkshop(b, 1)
	for i := range 1000 {
		sub, err := w.Subscribe(fmt.Sprint("SHA256:viewer", i))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(sub.Close)
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := w.Do(context.Background(), "SHA256:p0", exercises.SetAnswer{Activity: 0, Text: fmt.Sprint("answer ", i)}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchWorkshop opens a check-in workshop with n joined participants
// (at least one), in its answer phase.
func benchWorkshop(b *testing.B, n int) (*session.Hub, *session.Workshop) {
	b.Helper()
	hub, w := newWorkshop(b, newStore(b))
	for i := range max(n, 1) {
		if _, err := w.Do(context.Background(), fmt.Sprintf("SHA256:p%d", i), session.Join{Name: fmt.Sprint("P", i), Org: "Org"}); err != nil {
			b.Fatal(err)
		}
	}
	return hub, w
}
