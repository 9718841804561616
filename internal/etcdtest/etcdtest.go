// Package etcdtest starts a real etcd cluster for tests: members of etcd's
// own server (its embed package) in this process, on loopback ports picked
// at random, with their data in temporary directories. Stopping a member
// closes its server as a crash would end it, with nothing handed over.
package etcdtest

import (
	"fmt"
	"io"
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

// Proxy forwards TCP connections to an address until it is cut: then it
// drops every connection and refuses new ones, as a network partition
// would for whoever reaches the address through it, until it is mended.
type Proxy struct {
	target string
	l      net.Listener

	mu    sync.Mutex
	cut   bool
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// NewProxy forwards a loopback port to target; it stops when the test ends.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{target: target, l: l, conns: map[net.Conn]struct{}{}}
	p.wg.Go(p.accept)
	t.Cleanup(func() {
		l.Close()
		p.Cut()
		p.wg.Wait()
	})
	return p
}

// Addr is where to connect instead of the target.
func (p *Proxy) Addr() string { return p.l.Addr().String() }

// Cut drops every connection through the proxy and refuses new ones.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for c := range p.conns {
		c.Close()
	}
}

// Mend lets connections through again.
func (p *Proxy) Mend() {
	p.mu.Lock()
	p.cut = false
	p.mu.Unlock()
}

func (p *Proxy) accept() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.cut {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.mu.Unlock()
		p.wg.Go(func() { p.forward(c) })
	}
}

// forward copies both ways between c and a new connection to the target.
func (p *Proxy) forward(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	if !p.track(c, up) {
		return
	}
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		io.Copy(dst, src)
		done <- struct{}{}
	}
	go pipe(up, c)
	go pipe(c, up)
	<-done
	c.Close()
	up.Close()
	<-done
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, up)
	p.mu.Unlock()
}

// track registers both ends of a forwarded connection, or closes them if
// the proxy was cut meanwhile.
func (p *Proxy) track(c, up net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut {
		c.Close()
		up.Close()
		return false
	}
	p.conns[c], p.conns[up] = struct{}{}, struct{}{}
	return true
}
