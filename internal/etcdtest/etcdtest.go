// Package etcdtest starts a real etcd cluster for tests: members of etcd's
// own server (its embed package) in this process, on loopback ports picked
// at random, with their data in temporary directories. Stopping a member
// closes its server as a crash would end it, with nothing handed over.
package etcdtest

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// startTimeout bounds the wait for a cluster to elect a leader: generous,
// as the test machines are small and shared.
const startTimeout = time.Minute

// Cluster is a running etcd cluster of a test.
type Cluster struct {
	t       testing.TB
	mu      sync.Mutex
	members []*embed.Etcd // nil once stopped
	clients []string      // client URL of each member
}

// Start runs a cluster of n members and returns once it has a leader. The
// members stop when the test ends.
func Start(t testing.TB, n int) *Cluster {
	t.Helper()
	c := &Cluster{t: t, members: make([]*embed.Etcd, n)}
	peers := make([]string, n)
	cfgs := make([]*embed.Config, n)
	for i := range n {
		cfg := embed.NewConfig()
		cfg.Name = fmt.Sprintf("m%d", i)
		cfg.Dir = t.TempDir()
		// A member stopping logs its closed listeners as errors.
		cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
		client, peer := freeURL(t), freeURL(t)
		cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{client}, []url.URL{client}
		cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peer}, []url.URL{peer}
		cfg.InitialClusterToken = "commonground-test"
		peers[i] = cfg.Name + "=" + peer.String()
		c.clients = append(c.clients, client.String())
		cfgs[i] = cfg
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, cfg := range cfgs {
		cfg.InitialCluster = strings.Join(peers, ",")
		wg.Go(func() {
			e, err := embed.StartEtcd(cfg)
			if err != nil {
				errs[i] = fmt.Errorf("start etcd member %s: %w", cfg.Name, err)
				return
			}
			c.members[i] = e
			select {
			case <-e.Server.ReadyNotify():
			case <-time.After(startTimeout):
				errs[i] = fmt.Errorf("etcd member %s not ready within %v", cfg.Name, startTimeout)
			}
		})
	}
	wg.Wait()
	t.Cleanup(c.StopAll)
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// freeURL returns an http URL on a loopback port nobody listens on now.
func freeURL(t testing.TB) url.URL {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return url.URL{Scheme: "http", Host: addr}
}

// Endpoints are the client addresses of the members, running or not.
func (c *Cluster) Endpoints() []string { return append([]string(nil), c.clients...) }

// URL is the cluster as `commonground serve --store` takes it:
// etcd://host:port,host:port,...
func (c *Cluster) URL() string {
	hosts := make([]string, len(c.clients))
	for i, u := range c.clients {
		hosts[i] = strings.TrimPrefix(u, "http://")
	}
	return "etcd://" + strings.Join(hosts, ",")
}

// Stop ends member i at once, as if its machine died.
func (c *Cluster) Stop(i int) {
	c.mu.Lock()
	e := c.members[i]
	c.members[i] = nil
	c.mu.Unlock()
	if e != nil {
		e.Close()
	}
}

// StopAll ends every member still running.
func (c *Cluster) StopAll() {
	for i := range c.members {
		c.Stop(i)
	}
}
