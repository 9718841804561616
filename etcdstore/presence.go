package etcdstore

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"commonground/session"
)

// presence writes this node's viewers of each workshop to the cluster, one
// key per workshop under the node's lease: when the node dies or loses the
// cluster for longer than the lease's TTL, etcd deletes its keys and the
// other nodes stop counting its viewers. Writes are coalesced: only the
// newest presence of a workshop is written, whenever the last write is done.
type presence struct {
	s   *Store
	ttl time.Duration

	mu    sync.Mutex
	lease clientv3.LeaseID            // 0 while there is none
	now   map[string]session.Presence // by workshop: what this node has now
	dirty map[string]bool             // the workshops whose key is behind now
	wake  chan struct{}               // capacity 1: there is something to write
}

func newPresence(s *Store, ttl time.Duration) *presence {
	return &presence{s: s, ttl: ttl, now: map[string]session.Presence{}, dirty: map[string]bool{}, wake: make(chan struct{}, 1)}
}

// SharePresence implements session.SharedStore.
func (s *Store) SharePresence(workshopID string, p session.Presence) {
	s.here.share(workshopID, p)
}

func (p *presence) share(ws string, pr session.Presence) {
	p.mu.Lock()
	if len(pr.Present) == 0 {
		delete(p.now, ws)
	} else {
		p.now[ws] = pr
	}
	p.dirty[ws] = true
	p.mu.Unlock()
	p.notify()
}

func (p *presence) notify() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// run holds a lease for the node, taking a new one when it is lost, and
// writes what changes, until ctx ends.
func (p *presence) run(ctx context.Context) {
	for ctx.Err() == nil {
		lease, alive, err := p.grant(ctx)
		if err != nil {
			if ctx.Err() == nil {
				p.s.log.Warn("cannot take a lease in etcd; trying again", "err", err)
				sleep(ctx, retryWait)
			}
			continue
		}
		p.mu.Lock()
		p.lease = lease
		for ws := range p.now { // gone with the old lease, if there was one
			p.dirty[ws] = true
		}
		p.mu.Unlock()
		p.notify()
		p.serve(ctx, lease, alive)
	}
}

// grant takes a new lease and keeps it alive.
func (p *presence) grant(ctx context.Context) (clientv3.LeaseID, <-chan *clientv3.LeaseKeepAliveResponse, error) {
	gctx, cancel := context.WithTimeout(ctx, p.s.timeout)
	resp, err := p.s.cli.Grant(gctx, int64(p.ttl/time.Second))
	cancel()
	if err != nil {
		return 0, nil, err
	}
	alive, err := p.s.cli.KeepAlive(ctx, resp.ID)
	if err != nil {
		return 0, nil, err
	}
	return resp.ID, alive, nil
}

// serve writes what changes under lease until the lease is lost or ctx ends.
func (p *presence) serve(ctx context.Context, lease clientv3.LeaseID, alive <-chan *clientv3.LeaseKeepAliveResponse) {
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-alive:
			if !ok {
				if ctx.Err() == nil {
					p.s.log.Warn("this node's lease in etcd was lost; taking a new one")
				}
				return
			}
		case <-p.wake:
			if !p.flush(ctx, lease) {
				time.AfterFunc(retryWait, p.notify)
			}
		}
	}
}

// flush writes every workshop's key that is behind; false if one failed
// (it stays behind, for the next flush).
func (p *presence) flush(ctx context.Context, lease clientv3.LeaseID) bool {
	p.mu.Lock()
	todo := p.dirty
	p.dirty = map[string]bool{}
	values := make(map[string]session.Presence, len(todo))
	for ws := range todo {
		if pr, ok := p.now[ws]; ok {
			values[ws] = pr
		}
	}
	p.mu.Unlock()
	ok := true
	for ws := range todo {
		wctx, cancel := context.WithTimeout(ctx, p.s.timeout)
		var err error
		if pr, here := values[ws]; here {
			var v []byte
			if v, err = json.Marshal(pr); err == nil {
				_, err = p.s.cli.Put(wctx, p.key(ws), string(v), clientv3.WithLease(lease))
			}
		} else {
			_, err = p.s.cli.Delete(wctx, p.key(ws))
		}
		cancel()
		if err != nil {
			ok = false
			p.mu.Lock()
			p.dirty[ws] = true
			p.mu.Unlock()
		}
	}
	return ok
}

func (p *presence) key(ws string) string { return p.s.logs.prefix + ws + "/here/" + p.s.node }

// currentLease is the node's lease, 0 while there is none.
func (p *presence) currentLease() clientv3.LeaseID {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lease
}

// revoke ends the node's lease, which deletes its keys at once: a node
// that stops cleanly takes its viewers off the other screens without
// waiting out the TTL.
func (p *presence) revoke() {
	lease := p.currentLease()
	if lease == 0 {
		return
	}
	ctx, cancel := p.s.ctx()
	defer cancel()
	p.s.cli.Revoke(ctx, lease)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
