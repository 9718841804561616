package etcdstore_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"commonground/etcdstore"
	"commonground/exercises"
	"commonground/internal/etcdtest"
	"commonground/session"
)

// benchNodes starts a three-member cluster and two nodes' hubs on it, with
// one check-in workshop open on both and n participants joined.
func benchNodes(b *testing.B, n int) [2]*session.Workshop {
	b.Helper()
	c := etcdtest.Start(b, 3)
	var ws [2]*session.Workshop
	var code string
	for i := range ws {
		s, err := etcdstore.Open(etcdstore.Options{Endpoints: c.Endpoints()})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		hub := session.NewHub(s, session.Options{})
		b.Cleanup(hub.Close)
		if i == 0 {
			code = newWorkshop(b, hub).Code
		}
		if ws[i], err = hub.Open(code); err != nil {
			b.Fatal(err)
		}
	}
	for i := range max(n, 1) {
		if _, err := ws[i%2].Do(context.Background(), fmt.Sprintf("SHA256:p%d", i), session.Join{Name: fmt.Sprint("P", i), Org: "Org"}); err != nil {
			b.Fatal(err)
		}
	}
	return ws
}

// BenchmarkClusterDo measures one acknowledged submission at a time on a
// node of a three-member cluster: decide, one etcd transaction (a Raft
// round and an fsync on a quorum), apply, publish.
func BenchmarkClusterDo(b *testing.B) {
	w := benchNodes(b, 0)[0]
	b.ResetTimer()
	for i := range b.N {
		if _, err := w.Do(context.Background(), "SHA256:p0", exercises.SetAnswer{Activity: 0, Text: fmt.Sprint("answer ", i)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClusterDoParallel measures acknowledged submissions per second
// in one hot workshop, its participants on one node or spread over two
// that serve it at once: each node commits what waits in one transaction,
// and decides it again when the other node appended first. Run it with
// `go test -run '^$' -bench ClusterDoParallel -cpu 2 ./etcdstore`.
func BenchmarkClusterDoParallel(b *testing.B) {
	for _, nodes := range []int64{1, 2} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			const participants = 256
			ws := benchNodes(b, participants)
			var next atomic.Int64
			b.SetParallelism(participants / 2)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				k := next.Add(1)
				w, id := ws[k%nodes], fmt.Sprintf("SHA256:p%d", k%participants)
				i := 0
				for pb.Next() {
					i++
					if _, err := w.Do(context.Background(), id, exercises.SetAnswer{Activity: 0, Text: fmt.Sprint("answer ", i)}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "acks/s")
		})
	}
}
