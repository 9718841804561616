package main

import (
	"cmp"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"commonground/internal/etcdtest"
	"commonground/internal/termtest"
)

// startNode runs `commonground serve` as a node of the cluster at store
// (etcd://...), on a data directory of its own.
func startNode(t *testing.T, store, home string) *server {
	t.Helper()
	return startServer(t, filepath.Join(t.TempDir(), "data"), home, envPrefix+"STORE="+store)
}

// TestCluster runs two nodes on a real three-member etcd cluster: the
// facilitator on node A and the participants on node B walk an exercise,
// each seeing the other's changes; B is killed with SIGKILL while input
// is on its way, its participants reconnect to A and find every
// acknowledged answer; one
// etcd member dies and the workshop carries on.
func TestCluster(t *testing.T) {
	cluster := etcdtest.Start(t, 3)
	fac := termtest.NewKey()
	home := fakeHome(t, fac) // each node's facilitators file is made from it
	a := startNode(t, cluster.URL(), home)
	b := startNode(t, cluster.URL(), home)
	if len(a.codes) != 1 || len(b.codes) != 1 || a.codes[0] != b.codes[0] {
		t.Fatalf("node A lists %q, node B %q: want the one demo workshop on both", a.codes, b.codes)
	}
	code := a.codes[0]
	if ka, kb := hostKey(t, a.addr()), hostKey(t, b.addr()); ka != kb {
		t.Fatalf("node A shows the host key %s, node B %s: want one host", ka, kb)
	}

	presenter := openPresenter(t, a.addr(), code, fac)
	ana, ben := termtest.NewKey(), termtest.NewKey()
	pa := termtest.Open(t, b.addr(), code, ana)
	joinAs(t, pa, "Ana", "River Trust")
	pb := termtest.Open(t, b.addr(), code, ben)
	joinAs(t, pb, "Ben", "City Fund")
	// Who is here, across the nodes.
	presenter.WaitFor(t, "2 of 2 here", wait)

	// Answers given on B reach the presenter on A.
	pa.Type("Clean rivers for everyone")
	pa.Press("enter")
	pa.WaitFor(t, "Saved", wait)
	pb.Type("Funding that lasts")
	pb.Press("enter")
	pb.WaitFor(t, "Saved", wait)
	presenter.WaitFor(t, "2 of 2 answered", wait)

	// A move on A reaches B.
	presenter.Press("]")
	pa.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	pb.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	pa.Press("4")
	pa.WaitFor(t, "Saved: 4", wait)
	pb.Press("0")
	pb.WaitFor(t, "Saved: 0", wait)
	// A timer started on A counts down on B: it is an end time in the log.
	presenter.Press("t")
	presenter.Press("enter")
	pa.WaitFor(t, "⏱", wait)

	// B dies at once, with Ana's next answer on its way: acknowledged or
	// not, it may be there or not; what was acknowledged must be. Its
	// lease runs out: its viewers leave A's screen.
	pa.Press("down", "2")
	b.crash(t)
	pa.Close()
	pb.Close()
	presenter.WaitFor(t, "0 of 2 here", wait)

	// Its participants come back through A, to the step and their answers.
	pa = termtest.Open(t, a.addr(), code, ana)
	screen := pa.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	if !strings.Contains(screen, "[4]") || !strings.Contains(screen, "⏱") {
		t.Errorf("on node A, Ana's answer given on B or the timer is not on her screen:\n%s", screen)
	}
	pb = termtest.Open(t, a.addr(), code, ben)
	screen = pb.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	if !strings.Contains(screen, "[0]") {
		t.Errorf("on node A, Ben's answer given on B is not on his screen:\n%s", screen)
	}
	presenter.WaitFor(t, "2 of 2 here", wait)

	// One etcd member of three dies: the cluster carries on.
	cluster.Stop(0)
	pa.Press("down", "3")
	pa.WaitFor(t, "Saved: 3", wait)

	// The report, from the cluster, has every acknowledged answer.
	out, errOut, status := run(t, environ(home), "--store", cluster.URL(), "export", code, "--format", "json")
	if status != 0 {
		t.Fatalf("export from the cluster: exit %d, stderr %s", status, errOut)
	}
	for _, want := range []string{"Clean rivers for everyone", "Funding that lasts"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	pa.Close()
	pb.Close()
	presenter.Close()
	a.stop(t)
}

// TestClusterPartition cuts a node off from the cluster: its participant
// is told that input is not saved, while the other node goes on; once the
// node reaches the cluster again it shows what happened meanwhile and
// takes input again.
func TestClusterPartition(t *testing.T) {
	cluster := etcdtest.Start(t, 3)
	fac := termtest.NewKey()
	home := fakeHome(t, fac)
	a := startNode(t, cluster.URL(), home)
	// Node C reaches the cluster only through the proxy.
	proxy := etcdtest.NewProxy(t, strings.TrimPrefix(cluster.Endpoints()[1], "http://"))
	c := startNode(t, "etcd://"+proxy.Addr(), home)
	code := a.codes[0]

	presenter := openPresenter(t, a.addr(), code, fac)
	ana, ben := termtest.NewKey(), termtest.NewKey()
	pa := termtest.Open(t, c.addr(), code, ana)
	joinAs(t, pa, "Ana", "River Trust")
	pb := termtest.Open(t, a.addr(), code, ben)
	joinAs(t, pb, "Ben", "City Fund")

	proxy.Cut()
	pa.Type("Clean rivers for everyone")
	pa.Press("enter")
	pa.WaitFor(t, "Not saved: this server cannot reach the workshop's store; try again shortly.", wait)
	// A goes on without C.
	pb.Type("Funding that lasts")
	pb.Press("enter")
	pb.WaitFor(t, "Saved", wait)
	presenter.WaitFor(t, "1 of 2 answered", wait)
	presenter.Press("]")
	presenter.WaitFor(t, "1 person has not finished: Ana", wait)
	presenter.Press("]")
	pb.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)

	// C reaches the cluster again: Ana is on the step A moved to, and
	// her input is taken.
	proxy.Mend()
	pa.WaitFor(t, "Willingness check · Phase 1/3: Answer", wait)
	pa.Press("4")
	pa.WaitFor(t, "Saved: 4", wait)
	pb.Close()
	pa.Close()
	presenter.Close()
	c.stop(t)
	a.stop(t)
}

// TestMigrateRecorded copies every data directory recorded by an earlier
// release into an etcd cluster with `commonground migrate`, and exports
// each workshop from the cluster: the reports are the recorded ones'
// golden files. A second migrate finds everything there and changes
// nothing; a node on the cluster offers the recorded workshops.
func TestMigrateRecorded(t *testing.T) {
	for release, types := range recordedReleases {
		t.Run(release, func(t *testing.T) {
			recorded, data := copyRecorded(t, release)
			cohorts := checkEventTypes(t, data, types)
			cluster := etcdtest.Start(t, 1)
			home := fakeHome(t, termtest.Key{})
			for range 2 {
				out, errOut, status := run(t, environ(home), "migrate", "--from", data, "--to", cluster.URL())
				if status != 0 || !strings.Contains(out, "Verified: every workshop reads back") {
					t.Fatalf("migrate: exit %d\n%s\n%s", status, out, errOut)
				}
			}
			node := startNode(t, cluster.URL(), home)
			if want := cmp.Or(recordedWorkshops[release], 2); len(node.codes) != want {
				t.Fatalf("the node offers %d workshops, want the %d recorded:\n%s", len(node.codes), want, node.out)
			}
			for _, code := range node.codes {
				for _, format := range []string{"md", "json"} {
					out, errOut, status := run(t, environ(home), "--store", cluster.URL(), "export", code, "--format", format)
					if status != 0 {
						t.Fatalf("export %s --format %s from the cluster: exit %d\n%s", code, format, status, errOut)
					}
					golden(t, filepath.Join(goldenDir(release, recorded, code), code+"."+format), out)
				}
			}
			port := regexp.MustCompile(`-p \d+ `)
			for _, name := range cohorts {
				out, errOut, status := run(t, environ(home), "--store", cluster.URL(), "cohort", "show", name)
				if status != 0 {
					t.Fatalf("cohort show %s from the cluster: exit %d\n%s", name, status, errOut)
				}
				golden(t, filepath.Join(recorded, name+".cohort.txt"), port.ReplaceAllString(out, "-p PORT "))
			}
			node.stop(t)
		})
	}
}
