// Package etcdstore keeps CommonGround's store in an etcd cluster, so that
// several servers (nodes) serve the same workshops: session.SharedStore.
// etcd's transactions order every node's appends to a workshop's log, its
// watches bring them to the other nodes, and its leases say which nodes'
// viewers are still there. docs/SCALING.md describes the design.
//
// The keys, under Options.Prefix:
//
//	meta/ID               a workshop's WorkshopMeta (JSON)
//	code/CODE             the workshop ID a join code leads to
//	ws/ID/h, ws/ID/b/...  a workshop's log (eventLog)
//	ws/ID/here/NODE       a node's viewers of the workshop (Presence JSON), under the node's lease
//	id/IDENTITY           a participant's Profile (JSON)
//	pin/ID/PIN            the guest identity a rejoin PIN is bound to in a workshop
//	key/NAME              a key every node shares (the SSH host key, the admin key)
package etcdstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/client/pkg/v3/transport"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"

	"commonground/session"
)

// DefaultPrefix starts every key of the store, so that a cluster can hold
// other things besides.
const DefaultPrefix = "/commonground/"

// Options say how to reach the cluster: its members, and the TLS and
// authentication options etcd's own clients (etcdctl) take.
type Options struct {
	Endpoints []string // host:port of members
	CertFile  string   // client certificate, for a cluster that asks for one (etcdctl --cert)
	KeyFile   string   // its key (--key)
	CAFile    string   // the CA that signed the members' certificates (--cacert); TLS when any of the three is set
	Username  string   // etcd's authentication (--user), with Password
	Password  string
	Prefix    string // DefaultPrefix when ""
	// Timeout bounds each request to the cluster: past it, an append is
	// refused (the node cannot reach a quorum) and the person is told.
	// DefaultTimeout when 0.
	Timeout time.Duration
	// LeaseTTL is how long a node that stopped answering still counts as
	// there: its viewers leave the other nodes' screens after it.
	// DefaultLeaseTTL when 0.
	LeaseTTL time.Duration
	Logger   *slog.Logger // slog.Default() when nil
}

// Defaults of Options.
const (
	DefaultTimeout  = 5 * time.Second
	DefaultLeaseTTL = 10 * time.Second
)

// ParseURL reads the cluster's address as `serve --store` takes it,
// etcd://host1:2379,host2:2379,host3:2379, into endpoints.
func ParseURL(s string) ([]string, error) {
	rest, ok := strings.CutPrefix(s, "etcd://")
	if !ok {
		return nil, fmt.Errorf("%q is not an etcd cluster: write etcd://host1:2379,host2:2379,host3:2379", s)
	}
	var eps []string
	for h := range strings.SplitSeq(strings.TrimSuffix(rest, "/"), ",") {
		if h == "" {
			continue
		}
		if _, err := url.Parse("http://" + h); err != nil || strings.ContainsAny(h, "/?#@") {
			return nil, fmt.Errorf("%q in %q is not host:port", h, s)
		}
		eps = append(eps, h)
	}
	if len(eps) == 0 {
		return nil, fmt.Errorf("%q names no etcd member: write etcd://host1:2379,host2:2379,host3:2379", s)
	}
	return eps, nil
}

// Store is the session.SharedStore kept in an etcd cluster.
type Store struct {
	cli     *clientv3.Client
	prefix  string
	timeout time.Duration
	log     *slog.Logger
	node    string   // this process: a node's keys of presence carry it
	logs    eventLog // workshops' logs
	cohorts eventLog // the cohorts' logs (cohorts.go)
	here    *presence

	closeOnce sync.Once
	bg        context.Context // ends when the store closes
	stop      context.CancelFunc
	wg        sync.WaitGroup
}

var _ session.SharedStore = (*Store)(nil)

// Open connects to the cluster and checks that it answers.
func Open(opts Options) (*Store, error) {
	cfg := clientv3.Config{Endpoints: opts.Endpoints, DialTimeout: opts.Timeout, Username: opts.Username, Password: opts.Password,
		// etcd's client logs every retry; the node says what matters.
		Logger: zap.NewNop(),
		// A node cut off from the cluster tries again every few seconds
		// at most, rather than gRPC's two minutes, so that it takes input
		// soon after it can reach the cluster.
		DialOptions: []grpc.DialOption{grpc.WithConnectParams(grpc.ConnectParams{
			Backoff: backoff.Config{BaseDelay: 250 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 2 * time.Second}})}}
	if cfg.DialTimeout == 0 {
		cfg.DialTimeout = DefaultTimeout
	}
	if opts.CertFile != "" || opts.KeyFile != "" || opts.CAFile != "" {
		tlsCfg, err := transport.TLSInfo{CertFile: opts.CertFile, KeyFile: opts.KeyFile, TrustedCAFile: opts.CAFile}.ClientConfig()
		if err != nil {
			return nil, fmt.Errorf("etcd TLS: %w", err)
		}
		cfg.TLS = tlsCfg
	}
	cli, err := clientv3.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to etcd at %s: %w", strings.Join(opts.Endpoints, ","), err)
	}
	s := &Store{cli: cli, prefix: opts.Prefix, timeout: cfg.DialTimeout, log: opts.Logger, node: newNodeID()}
	if s.prefix == "" {
		s.prefix = DefaultPrefix
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.logs = eventLog{cli: cli, prefix: s.prefix + "ws/"}
	s.cohorts = eventLog{cli: cli, prefix: s.prefix + "co/"}
	ctx, cancel := s.ctx()
	_, err = cli.Get(ctx, s.prefix+"meta/", clientv3.WithPrefix(), clientv3.WithCountOnly())
	cancel()
	if err != nil {
		cli.Close()
		return nil, fmt.Errorf("cannot reach the etcd cluster at %s within %v (is it running, and are the TLS options right?): %w", strings.Join(opts.Endpoints, ","), s.timeout, err)
	}
	ttl := opts.LeaseTTL
	if ttl == 0 {
		ttl = DefaultLeaseTTL
	}
	bg, stop := context.WithCancel(context.Background())
	s.bg, s.stop = bg, stop
	s.here = newPresence(s, ttl)
	s.wg.Go(func() { s.here.run(bg) })
	return s, nil
}

// newNodeID names this process among the nodes.
func newNodeID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ctx bounds one request to the cluster.
func (s *Store) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.timeout)
}

// Close takes this node's viewers off the other nodes' screens and
// disconnects.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.stop()
		s.wg.Wait()
		s.here.revoke()
	})
	return s.cli.Close()
}

func (s *Store) metaKey(id string) string   { return s.prefix + "meta/" + id }
func (s *Store) codeKey(code string) string { return s.prefix + "code/" + code }
func (s *Store) idKey(id string) string     { return s.prefix + "id/" + id }
func (s *Store) pinKey(ws, pin string) string {
	return s.prefix + "pin/" + ws + "/" + pin
}

// CreateWorkshop implements session.Store: the code, the entry and the
// first event, in one transaction that fails if the code is taken.
func (s *Store) CreateWorkshop(meta session.WorkshopMeta, first session.Event) error {
	v, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("encode workshop: %w", err)
	}
	ctx, cancel := s.ctx()
	defer cancel()
	ok, err := s.logs.create(ctx, meta.ID, []session.Event{first},
		[]clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(s.codeKey(meta.Code)), "=", 0)},
		clientv3.OpPut(s.codeKey(meta.Code), meta.ID), clientv3.OpPut(s.metaKey(meta.ID), string(v)))
	if err != nil {
		return fmt.Errorf("create workshop: %w", err)
	}
	if !ok {
		return session.ErrCodeTaken
	}
	return nil
}

// Workshops implements session.Store.
func (s *Store) Workshops() ([]session.WorkshopMeta, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	resp, err := s.cli.Get(ctx, s.prefix+"meta/", clientv3.WithPrefix())
	if err != nil {
		return nil, fmt.Errorf("list workshops: %w", err)
	}
	out := make([]session.WorkshopMeta, 0, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		var m session.WorkshopMeta
		if err := json.Unmarshal(kv.Value, &m); err != nil {
			return nil, session.Damaged(err, "the list of workshops is damaged at %q", kv.Key)
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b session.WorkshopMeta) int { return a.Created.Compare(b.Created) })
	return out, nil
}

// WorkshopByCode implements session.Store.
func (s *Store) WorkshopByCode(code string) (session.WorkshopMeta, error) {
	var m session.WorkshopMeta
	ctx, cancel := s.ctx()
	defer cancel()
	id, err := s.get(ctx, s.codeKey(code))
	if err != nil {
		return m, err
	}
	v, err := s.get(ctx, s.metaKey(string(id)))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(v, &m); err != nil {
		return m, session.Damaged(err, "the entry of workshop %q is damaged", id)
	}
	return m, nil
}

// get returns the value of key, or session.ErrNotFound.
func (s *Store) get(ctx context.Context, key string) ([]byte, error) {
	resp, err := s.cli.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	if len(resp.Kvs) == 0 {
		return nil, session.ErrNotFound
	}
	return resp.Kvs[0].Value, nil
}

// Append implements session.Store: it appends after whatever the log holds
// now, whichever node appended it.
func (s *Store) Append(workshopID string, events []session.Event) error {
	for {
		ctx, cancel := s.ctx()
		last, err := s.logs.last(ctx, workshopID)
		if err == nil {
			_, err = s.logs.appendAfter(ctx, workshopID, last, events, s.node, 0)
		}
		cancel()
		if !errors.Is(err, session.ErrMoved) {
			return err
		}
	}
}

// AppendAfter implements session.SharedStore.
func (s *Store) AppendAfter(workshopID string, after uint64, events []session.Event) (session.Appended, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.logs.appendAfter(ctx, workshopID, after, events, s.node, s.here.currentLease())
}

// Events implements session.Store.
func (s *Store) Events(workshopID string) ([]session.Event, error) {
	return s.EventsAfter(workshopID, 0)
}

// EventsAfter implements session.SharedStore.
func (s *Store) EventsAfter(workshopID string, after uint64) ([]session.Event, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	events, _, err := s.logs.after(ctx, workshopID, after)
	return events, err
}

// Profile implements session.Store.
func (s *Store) Profile(id string) (session.Profile, error) {
	var p session.Profile
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.get(ctx, s.idKey(id))
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(v, &p); err != nil {
		return p, session.Damaged(err, "the profile of %s is damaged", id)
	}
	return p, nil
}

// SaveProfile implements session.Store.
func (s *Store) SaveProfile(p session.Profile) error {
	v, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode profile: %w", err)
	}
	ctx, cancel := s.ctx()
	defer cancel()
	if _, err := s.cli.Put(ctx, s.idKey(p.ID), string(v)); err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// ClaimPIN implements session.Store.
func (s *Store) ClaimPIN(workshopID, pin, id string) (bool, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	ok, err := s.createIfAbsent(ctx, s.pinKey(workshopID, pin), id)
	if err != nil {
		return false, fmt.Errorf("claim PIN: %w", err)
	}
	return ok, nil
}

// createIfAbsent puts value at key unless the key exists, and reports
// whether it did.
func (s *Store) createIfAbsent(ctx context.Context, key, value string) (bool, error) {
	resp, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(key), "=", 0)).
		Then(clientv3.OpPut(key, value)).Commit()
	if err != nil {
		return false, err
	}
	return resp.Succeeded, nil
}

// Claim reports whether this node is the first to claim name, for what
// one node of the cluster must do alone (create the demo workshop).
func (s *Store) Claim(name string) (bool, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	ok, err := s.createIfAbsent(ctx, s.prefix+"claim/"+name, s.node)
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", name, err)
	}
	return ok, nil
}

// GuestByPIN implements session.Store.
func (s *Store) GuestByPIN(workshopID, pin string) (string, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.get(ctx, s.pinKey(workshopID, pin))
	return string(v), err
}

// SharedKey returns the key every node shares under name (the SSH host
// key, the admin key). The first node to ask stores the one generate gives
// (its own file's, or a new one); every later one gets that.
func (s *Store) SharedKey(name string, generate func() ([]byte, error)) ([]byte, error) {
	key := s.prefix + "key/" + name
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.get(ctx, key)
	if !errors.Is(err, session.ErrNotFound) {
		return v, err
	}
	mine, err := generate()
	if err != nil {
		return nil, err
	}
	resp, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(key), "=", 0)).
		Then(clientv3.OpPut(key, string(mine))).Else(clientv3.OpGet(key)).Commit()
	if err != nil {
		return nil, fmt.Errorf("store the shared %s key: %w", name, err)
	}
	if resp.Succeeded {
		return mine, nil
	}
	// Another node stored its own first.
	return resp.Responses[0].GetResponseRange().Kvs[0].Value, nil
}
