package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"commonground/admin"
	"commonground/etcdstore"
	"commonground/exercises/catalog"
	"commonground/internal/logthrottle"
	"commonground/internal/metrics"
	"commonground/internal/quietgc"
	"commonground/session"
	"commonground/sshserver"
)

const (
	// storeOpenTimeout bounds the wait for the store's lock: a second
	// server on the same data directory gives up after it.
	storeOpenTimeout = 3 * time.Second
	// shutdownTimeout bounds a clean stop.
	shutdownTimeout = 5 * time.Second
	// demoTitle is the title of the workshop created on an empty store.
	demoTitle = "CommonGround demo"
	// maxJoinLines is how many workshops the server lists at start.
	maxJoinLines = 10
)

// Serve runs the server until ctx ends, then stops it cleanly.
func Serve(ctx context.Context, cfg Config, stdout, stderr io.Writer) error {
	// A line repeated for one connection (remote), address (ip), key,
	// actor or workshop is counted, past LogRepeats a minute, instead of
	// written each time.
	logs := logthrottle.New(slog.NewTextHandler(stderr, nil), logthrottle.Options{
		Burst: cfg.LogRepeats, Interval: time.Minute, Keys: []string{"remote", "ip", "id", "actor", "workshop"}})
	m := NewMain(cfg, stdout, slog.New(logs))
	if cfg.Pprof != "" {
		stopProfiling, err := serveProfiling(cfg.Pprof, m.Logger)
		if err != nil {
			return err
		}
		defer stopProfiling()
	}
	err := m.Run()
	if err == nil {
		<-ctx.Done()
		fmt.Fprintln(stdout, "Stopping CommonGround...")
	}
	err = errors.Join(err, m.Close())
	// The counts still to be written would be lost with the process.
	if ferr := logs.Flush(); ferr != nil {
		err = errors.Join(err, fmt.Errorf("write the log: %w", ferr))
	}
	return err
}

// Main is one CommonGround server: its store, hub, SSH server and the
// facilitators file it follows. Run starts it, Close stops it.
type Main struct {
	Config Config
	Stdout io.Writer    // what the person who started the server needs to know: how to join
	Logger *slog.Logger // everything else

	store     session.Store
	hub       *session.Hub
	server    *sshserver.Server // set once started
	facs      *facilitators
	stopWatch context.CancelFunc
	// stopMetrics ends the metrics endpoint; nil without --metrics.
	stopMetrics func()
	watching    sync.WaitGroup
	wroteInfo   bool // server.json is ours to remove
}

// NewMain returns a server with the configuration, not yet started.
func NewMain(cfg Config, stdout io.Writer, logger *slog.Logger) *Main {
	return &Main{Config: cfg, Stdout: stdout, Logger: logger}
}

// serverInfo is DATA/server.json, written while a server runs, so that
// admin commands on the host can find it.
type serverInfo struct {
	Addr string `json:"addr"`
	PID  int    `json:"pid"`
}

// Run opens the store, prepares the keys and the facilitators file, starts
// the SSH server and prints how to join. It returns once the server is
// listening. Call Close afterwards, whether Run failed or not.
func (m *Main) Run() error {
	cfg := m.Config
	if err := cfg.checkLimits(); err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return fmt.Errorf("create the data directory: %w", err)
	}
	store, err := m.openStore()
	if err != nil {
		return err
	}
	m.store = store

	if err := m.setUpFacilitators(); err != nil {
		return err
	}
	adminKey, err := loadOrCreateKey(cfg.adminKeyPath(), "commonground admin")
	if err != nil {
		return fmt.Errorf("admin key: %w", err)
	}
	// Collect in the quiet after a change's frames are drawn (most take
	// well under 100 ms), once half the way to the runtime's own next
	// collection: docs/PERFORMANCE.md.
	collector := quietgc.New(100*time.Millisecond, 2*time.Second, 0.5)
	// Observers stay nil interfaces without --metrics: the hooks then cost
	// one comparison.
	var hubObserver session.Observer
	var connObserver sshserver.Observer
	var reg *metrics.Metrics
	if cfg.Metrics != "" {
		reg = metrics.New(func() []session.LiveWorkshop { return m.hub.Live() })
		hubObserver, connObserver = reg, reg
	}
	m.hub = session.NewHub(store, session.Options{IsFacilitator: m.facs.Has, Logger: m.Logger, Observer: hubObserver,
		SubmitRate: cfg.SubmitRate, SubmitBurst: cfg.SubmitBurst, OnPublish: collector.Touch,
		PINRate: cfg.PINRate, PINBurst: cfg.PINBurst, WorkshopPINRate: cfg.WorkshopPINRate, WorkshopPINBurst: cfg.WorkshopPINBurst,
		GuestRate: cfg.GuestRate, GuestBurst: cfg.GuestBurst, CardsPerActivity: cfg.CardsPerActivity})
	if reg != nil {
		// Served once the hub it reads at each scrape exists.
		mux := http.NewServeMux()
		mux.Handle("/metrics", reg.Handler())
		if m.stopMetrics, err = serveHTTP("metrics", cfg.Metrics, "/metrics", mux, m.Logger); err != nil {
			return err
		}
	}
	srv, err := sshserver.New(sshserver.Config{
		Addr:              cfg.Addr,
		HostKeyPath:       cfg.hostKeyPath(),
		Hub:               m.hub,
		IsFacilitator:     m.facs.Has,
		AdminID:           gossh.FingerprintSHA256(adminKey.PublicKey()),
		JoinHost:          cfg.joinHost(),
		Logger:            m.Logger,
		IdleTimeout:       cfg.IdleTimeout,
		Heartbeat:         cfg.Heartbeat,
		MaxLag:            cfg.MaxLag,
		GreetingTimeout:   cfg.GreetingTimeout,
		HandshakeTimeout:  cfg.HandshakeTimeout,
		ConnRate:          cfg.ConnRate,
		ConnBurst:         cfg.ConnBurst,
		CommandRate:       cfg.CommandRate,
		CommandBurst:      cfg.CommandBurst,
		MaxSessionsPerKey: cfg.SessionsPerKey,
		MaxViewers:        cfg.MaxViewers,
		SessionsPerConn:   cfg.SessionsPerConn,
		GuestsPerConn:     cfg.GuestsPerConn,
		Observer:          connObserver,
	})
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	m.server = srv

	ctx, stop := context.WithCancel(context.Background())
	m.stopWatch = stop
	m.watching.Go(func() { m.facs.watch(ctx) })
	m.watching.Go(func() { collector.Run(ctx) })

	if err := m.writeServerInfo(srv.Addr().String()); err != nil {
		return err
	}
	port := 0
	if a, ok := srv.Addr().(*net.TCPAddr); ok {
		port = a.Port
	}
	return cfg.storeProblem(m.announce(port))
}

// openStore opens the bbolt file of the data directory or, with --store,
// the etcd cluster. A node of a cluster takes the host key and the admin
// key every node shares, so that participants see one host whichever node
// they reach: the first node's become the cluster's.
func (m *Main) openStore() (session.Store, error) {
	cfg := m.Config
	if cfg.Store == "" {
		store, err := session.OpenBolt(cfg.dbPath(), storeOpenTimeout)
		if errors.Is(err, session.ErrLocked) {
			return nil, fmt.Errorf("another CommonGround server is using %s; stop it or pass --data", cfg.Data)
		}
		return store, cfg.storeProblem(err)
	}
	store, err := cfg.openCluster(m.Logger)
	if err != nil {
		return nil, err
	}
	for _, k := range []struct{ name, path, comment string }{
		{"host", cfg.hostKeyPath(), "commonground host"},
		{"admin", cfg.adminKeyPath(), "commonground admin"},
	} {
		if err := shareKey(store, k.name, k.path, k.comment); err != nil {
			store.Close()
			return nil, err
		}
	}
	return store, nil
}

// setUpFacilitators reads the facilitators file, first creating it from the
// public keys of the user running the server if there is none, and says
// how facilitators are set up.
func (m *Main) setUpFacilitators() error {
	path := m.Config.facilitatorsPath()
	home, _ := os.UserHomeDir() // without a home there are no keys to offer
	used, err := createFacilitators(path, home)
	if err != nil {
		return err
	}
	if len(used) > 0 {
		fmt.Fprintf(m.Stdout, "Created the facilitators file %s with your public keys (%s):\nconnect with one of them to run workshops as a facilitator.\n",
			path, strings.Join(used, ", "))
	}
	m.facs, err = newFacilitators(path, m.Logger)
	if err != nil {
		return err
	}
	if m.facs.Len() == 0 {
		fmt.Fprintf(m.Stdout, "No facilitator keys yet: add your public key (~/.ssh/id_ed25519.pub) to %s\nto run workshops as a facilitator (create one with ssh-keygen -t ed25519).\n", path)
	}
	return nil
}

// writeServerInfo writes DATA/server.json for the admin commands.
func (m *Main) writeServerInfo(addr string) error {
	data, err := json.Marshal(serverInfo{Addr: addr, PID: os.Getpid()})
	if err != nil {
		return fmt.Errorf("encode server info: %w", err)
	}
	path := m.Config.serverInfoPath()
	// Written aside and renamed, so a reader never sees half of it.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".server-*.json")
	if err != nil {
		return fmt.Errorf("write server info: %w", err)
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write server info: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write server info: %w", err)
	}
	m.wroteInfo = true
	return nil
}

// announce creates the demo workshop on an empty store and prints how to
// join each workshop, each join command on a line of its own, and which
// workshops stay closed because their records are damaged.
func (m *Main) announce(port int) error {
	all, err := m.hub.List()
	if err != nil {
		return err
	}
	host := m.Config.joinHost()
	where := "data in " + m.Config.Data
	if m.Config.Store != "" {
		where = "store in " + m.Config.Store
	}
	fmt.Fprintf(m.Stdout, "CommonGround %s is listening on %s (%s).\n", version, m.server.Addr(), where)
	var list []session.Summary // the workshops that open
	for _, s := range all {
		if s.Damaged == nil {
			list = append(list, s)
			continue
		}
		m.Logger.Error("workshop damaged: it stays closed", "code", s.Code, "workshop", s.ID, "err", s.Damaged)
		fmt.Fprintf(m.Stdout, "The workshop %q (%s) cannot be opened: its records in the store are damaged. It stays closed; the others are open.\n"+
			"commonground check --data %s says more. %s\n", s.Title, s.Code, m.Config.Data, m.Config.restoreAdvice())
	}
	ours := true
	if cluster, ok := m.store.(*etcdstore.Store); ok && len(all) == 0 {
		// Nodes started together on an empty cluster make one demo
		// workshop: the first to claim it; the others wait for it.
		if ours, err = cluster.Claim("demo-workshop"); err != nil {
			return err
		}
		if !ours {
			all, list, err = m.awaitWorkshop()
			if err != nil {
				return err
			}
		}
	}
	if len(all) == 0 && ours {
		agenda, err := admin.NewAgenda(catalog.Demo()...)
		if err != nil {
			return err
		}
		meta, err := m.hub.Create(session.NewWorkshop{Title: demoTitle, Agenda: agenda})
		if err != nil {
			return fmt.Errorf("create the demo workshop: %w", err)
		}
		fmt.Fprintf(m.Stdout, "Created the demo workshop %q. Join it with:\n%s\n", meta.Title, admin.JoinCommand(host, port, meta.Code))
		return nil
	}
	if len(list) > maxJoinLines {
		fmt.Fprintf(m.Stdout, "%d workshops; the newest %d follow (all: commonground workshop list).\n", len(list), maxJoinLines)
		list = list[len(list)-maxJoinLines:]
	}
	for _, s := range list {
		fmt.Fprintf(m.Stdout, "Join %q with:\n%s\n", s.Title, admin.JoinCommand(host, port, s.Code))
	}
	return nil
}

// demoWait bounds how long a node waits for the demo workshop another
// node of the cluster claimed to create.
const demoWait = 10 * time.Second

// awaitWorkshop waits for a workshop to appear in the store, up to
// demoWait, and returns them all and those that open.
func (m *Main) awaitWorkshop() (all, open []session.Summary, err error) {
	for deadline := time.Now().Add(demoWait); ; time.Sleep(100 * time.Millisecond) {
		if all, err = m.hub.List(); err != nil || len(all) > 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, s := range all {
		if s.Damaged == nil {
			open = append(open, s)
		}
	}
	return all, open, err
}

// Close stops the server: viewers are told, connections end (within
// shutdownTimeout), the store is closed. It undoes as much as Run did.
func (m *Main) Close() error {
	var errs []error
	if m.stopWatch != nil {
		m.stopWatch()
		m.watching.Wait()
	}
	if m.stopMetrics != nil {
		m.stopMetrics()
	}
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		errs = append(errs, m.server.Shutdown(ctx)) // it closes the hub
		cancel()
	} else if m.hub != nil {
		m.hub.Close()
	}
	// Removed while the store is still locked: after that another server
	// may write its own.
	if m.wroteInfo {
		if err := os.Remove(m.Config.serverInfoPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
	}
	return errors.Join(errs...)
}
