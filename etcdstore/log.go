package etcdstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	clientv3 "go.etcd.io/etcd/client/v3"

	"commonground/session"
)

// maxBatchBytes bounds the encoded events one key of a log holds: a batch
// bigger than it is kept in several keys, written by the same transaction,
// so that no value nears etcd's request limit (1.5 MiB by default).
const maxBatchBytes = 256 << 10

// eventLog is the layer every log of the store shares: the logs under one
// prefix, one per name (a workshop's ID). A log is two kinds of key:
//
//	PREFIX NAME /h                      the number of its last event
//	PREFIX NAME /b/ NUMBER (%016x)      a batch of events, a JSON array,
//	                                    keyed by the number of its last
//
// Appending is one transaction that puts the batch and moves the head only
// if the head is still where the events were decided: etcd orders the
// appends of every server, and a batch is all there or not at all. A new
// kind of log (a cohort's) is an eventLog with a prefix of its own.
type eventLog struct {
	cli    *clientv3.Client
	prefix string
}

func (l eventLog) head(name string) string    { return l.prefix + name + "/h" }
func (l eventLog) batches(name string) string { return l.prefix + name + "/b/" }
func (l eventLog) batchKey(name string, last uint64) string {
	return fmt.Sprintf("%s%016x", l.batches(name), last)
}

// puts numbers events from after+1 (Seq is set in place) and returns the
// operations that store them and move the head.
func (l eventLog) puts(name string, after uint64, events []Event) ([]clientv3.Op, error) {
	var ops []clientv3.Op
	var batch []json.RawMessage
	size := 0
	flush := func(last uint64) error {
		v, err := json.Marshal(batch)
		if err != nil {
			return fmt.Errorf("encode events: %w", err)
		}
		ops = append(ops, clientv3.OpPut(l.batchKey(name, last), string(v)))
		batch, size = nil, 0
		return nil
	}
	for i := range events {
		events[i].Seq = after + uint64(i) + 1
		v, err := json.Marshal(events[i])
		if err != nil {
			return nil, fmt.Errorf("encode event: %w", err)
		}
		batch, size = append(batch, v), size+len(v)
		if size >= maxBatchBytes || i == len(events)-1 {
			if err := flush(events[i].Seq); err != nil {
				return nil, err
			}
		}
	}
	last := after + uint64(len(events))
	return append(ops, clientv3.OpPut(l.head(name), strconv.FormatUint(last, 10))), nil
}

// Event is what a log holds.
type Event = session.Event

// create starts a log with events, in the transaction that cmps guard: it
// fails, writing nothing, if they do not hold or the log exists.
func (l eventLog) create(ctx context.Context, name string, events []Event, cmps []clientv3.Cmp, ops ...clientv3.Op) (bool, error) {
	puts, err := l.puts(name, 0, events)
	if err != nil {
		return false, err
	}
	cmps = append(cmps, clientv3.Compare(clientv3.CreateRevision(l.head(name)), "=", 0))
	resp, err := l.cli.Txn(ctx).If(cmps...).Then(append(ops, puts...)...).Commit()
	if err != nil {
		return false, fmt.Errorf("create log %s: %w", name, err)
	}
	return resp.Succeeded, nil
}

// appendAfter appends events if the log's last event is still number
// after. If it is not, it appends nothing and returns session.ErrMoved
// with the events numbered above after, read in the same transaction, so
// that the caller catches up without another round trip; session.ErrNotFound
// if there is no such log.
//
// A node that lost the race leaves a key under its lease saying it waits
// (PREFIX NAME /wait/ NODE), in the same transaction, and removes it with
// its next successful append; the winner reads those keys as it appends
// and says whether anyone waits (session.Appended.Waiting), to give way.
// Without a lease (not granted yet) a node does not leave one: a key that
// outlived its node would hold the others up.
func (l eventLog) appendAfter(ctx context.Context, name string, after uint64, events []Event, node string, lease clientv3.LeaseID) (session.Appended, error) {
	var got session.Appended
	if len(events) == 0 {
		return got, nil
	}
	puts, err := l.puts(name, after, events)
	if err != nil {
		return got, err
	}
	waits, mine := l.prefix+name+"/wait/", l.prefix+name+"/wait/"+node
	elses := []clientv3.Op{clientv3.OpGet(l.head(name)), l.afterOp(name, after)}
	if lease != 0 {
		elses = append(elses, clientv3.OpPut(mine, "", clientv3.WithLease(lease)))
	}
	resp, err := l.cli.Txn(ctx).
		If(clientv3.Compare(clientv3.Value(l.head(name)), "=", strconv.FormatUint(after, 10))).
		Then(append(puts, clientv3.OpDelete(mine), clientv3.OpGet(waits, clientv3.WithPrefix(), clientv3.WithKeysOnly()))...).
		Else(elses...).Commit()
	if err != nil {
		return got, fmt.Errorf("append %d events to %s: %w", len(events), name, err)
	}
	if resp.Succeeded {
		for _, kv := range resp.Responses[len(resp.Responses)-1].GetResponseRange().Kvs {
			got.Waiting = got.Waiting || string(kv.Key) != mine
		}
		return got, nil
	}
	if len(resp.Responses[0].GetResponseRange().Kvs) == 0 {
		return got, fmt.Errorf("log %s: %w", name, session.ErrNotFound)
	}
	for _, kv := range resp.Responses[1].GetResponseRange().Kvs {
		if after, err = decode(name, kv.Value, after, &got.Moved); err != nil {
			return got, err
		}
	}
	return got, session.ErrMoved
}

// last returns the number of the log's last event, or ErrNotFound.
func (l eventLog) last(ctx context.Context, name string) (uint64, error) {
	resp, err := l.cli.Get(ctx, l.head(name))
	if err != nil {
		return 0, fmt.Errorf("read the head of log %s: %w", name, err)
	}
	if len(resp.Kvs) == 0 {
		return 0, fmt.Errorf("log %s: %w", name, session.ErrNotFound)
	}
	n, err := strconv.ParseUint(string(resp.Kvs[0].Value), 10, 64)
	if err != nil {
		return 0, session.Damaged(err, "the head of log %s is damaged", name)
	}
	return n, nil
}

// afterOp reads the batches that hold events numbered above after.
func (l eventLog) afterOp(name string, after uint64) clientv3.Op {
	return clientv3.OpGet(l.batchKey(name, after+1), clientv3.WithRange(clientv3.GetPrefixRangeEnd(l.batches(name))))
}

// decode appends to out the events of a batch numbered above after, in
// order, and returns the number of the last one it took.
func decode(name string, value []byte, after uint64, out *[]Event) (uint64, error) {
	var batch []Event
	if err := json.Unmarshal(value, &batch); err != nil {
		return after, session.Damaged(err, "a batch of log %s after event %d is damaged", name, after)
	}
	for _, ev := range batch {
		if ev.Seq <= after {
			continue
		}
		if ev.Seq != after+1 {
			return after, session.Damaged(nil, "log %s skips from event %d to %d", name, after, ev.Seq)
		}
		*out = append(*out, ev)
		after = ev.Seq
	}
	return after, nil
}

// after returns the events of the log numbered above after, and the
// revision of the cluster they were read at. A log with no head is
// ErrNotFound.
func (l eventLog) after(ctx context.Context, name string, after uint64) ([]Event, int64, error) {
	resp, err := l.cli.Txn(ctx).Then(clientv3.OpGet(l.head(name)), l.afterOp(name, after)).Commit()
	if err != nil {
		return nil, 0, fmt.Errorf("read log %s: %w", name, err)
	}
	if len(resp.Responses[0].GetResponseRange().Kvs) == 0 {
		return nil, 0, fmt.Errorf("log %s: %w", name, session.ErrNotFound)
	}
	var out []Event
	for _, kv := range resp.Responses[1].GetResponseRange().Kvs {
		if after, err = decode(name, kv.Value, after, &out); err != nil {
			return nil, 0, err
		}
	}
	return out, resp.Header.Revision, nil
}
