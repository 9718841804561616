package etcdstore

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"commonground/session"
)

// retryWait is how long a node waits before asking an unreachable cluster
// again.
const retryWait = time.Second

// Follow implements session.SharedStore: it reads what the workshop's log
// holds after the event numbered after and the other nodes' viewers, then
// watches both from the revision it read them at, so that nothing falls
// between. A watch that breaks (the cluster unreachable, its history
// compacted) is started again from what was last handed over.
func (s *Store) Follow(ctx context.Context, workshopID string, after uint64) <-chan session.Update {
	out := make(chan session.Update)
	f := &follower{s: s, ws: workshopID, after: after, others: map[string]session.Presence{}}
	s.wg.Go(func() { f.run(ctx, out) })
	return out
}

// follower is one workshop's Follow.
type follower struct {
	s       *Store
	ws      string
	after   uint64                      // the last event handed over or pending
	others  map[string]session.Presence // the other nodes' viewers, by node
	pending session.Update              // what waits for the reader
}

func (f *follower) run(ctx context.Context, out chan<- session.Update) {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	// The store closing ends every follower, whoever else holds ctx.
	defer context.AfterFunc(f.s.bg, stop)()
	for ctx.Err() == nil {
		rev, err := f.read(ctx)
		if err != nil {
			if ctx.Err() == nil {
				f.s.log.Warn("cannot read the workshop from etcd; trying again", "workshop", f.ws, "err", err)
			}
			if !f.wait(ctx, out, retryWait) {
				return
			}
			continue
		}
		f.watch(ctx, out, rev)
	}
}

// read takes what the log holds after f.after and every node's viewers,
// at one revision, which it returns.
func (f *follower) read(ctx context.Context) (int64, error) {
	rctx, cancel := context.WithTimeout(ctx, f.s.timeout)
	defer cancel()
	resp, err := f.s.cli.Txn(rctx).Then(f.s.logs.afterOp(f.ws, f.after),
		clientv3.OpGet(f.herePrefix(), clientv3.WithPrefix())).Commit()
	if err != nil {
		return 0, err
	}
	for _, kv := range resp.Responses[0].GetResponseRange().Kvs {
		if f.after, err = decode(f.ws, kv.Value, f.after, &f.pending.Events); err != nil {
			return 0, err
		}
	}
	clear(f.others)
	for _, kv := range resp.Responses[1].GetResponseRange().Kvs {
		f.here(string(kv.Key), kv.Value)
	}
	f.pending.Remote = f.remote()
	return resp.Header.Revision, nil
}

// watch hands over what changes in the workshop from revision rev on,
// until ctx ends or the watch breaks.
func (f *follower) watch(ctx context.Context, out chan<- session.Update, rev int64) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wch := f.s.cli.Watch(wctx, f.s.logs.prefix+f.ws+"/", clientv3.WithPrefix(), clientv3.WithRev(rev+1))
	batches := f.s.logs.batches(f.ws)
	for {
		select {
		case <-ctx.Done():
			return
		case f.sendTo(out) <- f.pending:
			f.pending = session.Update{}
		case resp, ok := <-wch:
			if !ok || resp.Err() != nil {
				if ctx.Err() == nil {
					f.s.log.Warn("the watch of a workshop broke; following it again", "workshop", f.ws, "err", resp.Err())
				}
				return
			}
			moved := false
			for _, ev := range resp.Events {
				key := string(ev.Kv.Key)
				switch {
				case strings.HasPrefix(key, batches) && ev.Type == clientv3.EventTypePut:
					var err error
					if f.after, err = decode(f.ws, ev.Kv.Value, f.after, &f.pending.Events); err != nil {
						f.s.log.Error("cannot follow the log", "workshop", f.ws, "err", err)
					}
				case strings.HasPrefix(key, f.herePrefix()):
					if ev.Type == clientv3.EventTypeDelete {
						delete(f.others, strings.TrimPrefix(key, f.herePrefix()))
					} else {
						f.here(key, ev.Kv.Value)
					}
					moved = true
				}
			}
			if moved {
				f.pending.Remote = f.remote()
			}
		}
	}
}

// wait waits d while handing over what is pending; false once ctx ended.
func (f *follower) wait(ctx context.Context, out chan<- session.Update, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		case f.sendTo(out) <- f.pending:
			f.pending = session.Update{}
		}
	}
}

// sendTo is out while something is pending, else nil: a select then
// sends only what there is.
func (f *follower) sendTo(out chan<- session.Update) chan<- session.Update {
	if len(f.pending.Events) > 0 || f.pending.Remote != nil {
		return out
	}
	return nil
}

func (f *follower) herePrefix() string { return f.s.logs.prefix + f.ws + "/here/" }

// here records another node's viewers from their key; this node's own
// are not the others'.
func (f *follower) here(key string, value []byte) {
	node := strings.TrimPrefix(key, f.herePrefix())
	if node == f.s.node {
		return
	}
	var p session.Presence
	if err := json.Unmarshal(value, &p); err != nil {
		f.s.log.Error("a node's viewers cannot be read", "workshop", f.ws, "node", node, "err", err)
		return
	}
	f.others[node] = p
}

// remote is the other nodes' viewers together.
func (f *follower) remote() *session.Presence {
	all := &session.Presence{Present: map[string]int{}, Focus: map[string]string{}}
	for _, p := range f.others {
		for id, n := range p.Present {
			all.Present[id] += n
		}
		for id, v := range p.Focus {
			all.Focus[id] = v
		}
	}
	return all
}
