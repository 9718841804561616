package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"commonground/admin"
	"commonground/session"
)

// Config is the server's configuration, from flags and the environment.
type Config struct {
	Data         string // data directory
	Addr         string // HOST:PORT to listen on
	Facilitators string // facilitators file; DATA/facilitators when ""
	Host         string // host name participants use, in printed join commands; from Addr when ""
	Pprof        string // HOST:PORT for Go's profiling endpoints while serving; none when ""
}

// DefaultConfig returns the configuration of a server started with no flags.
func DefaultConfig() Config {
	return Config{Data: "./commonground-data", Addr: ":" + strconv.Itoa(admin.DefaultPort)}
}

// The layout of the data directory. The keys have a directory of their own
// because wish makes the host key's directory private (0700).
func (c Config) dbPath() string         { return filepath.Join(c.Data, "commonground.db") }
func (c Config) hostKeyPath() string    { return filepath.Join(c.Data, "ssh", "host_ed25519") }
func (c Config) adminKeyPath() string   { return filepath.Join(c.Data, "ssh", "admin_ed25519") }
func (c Config) serverInfoPath() string { return filepath.Join(c.Data, "server.json") }

func (c Config) facilitatorsPath() string {
	if c.Facilitators != "" {
		return c.Facilitators
	}
	return filepath.Join(c.Data, "facilitators")
}

// joinHost is the host in printed join commands: --host if given, else the
// address the server listens on if it names one, else localhost.
func (c Config) joinHost() string {
	if c.Host != "" {
		return c.Host
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil || host == "" {
		return "localhost"
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsUnspecified() || ip.IsLoopback()) {
		return "localhost"
	}
	return host
}

// port is the port in --addr, for join commands printed while no server
// runs; 0 (the default port) if it has none.
func (c Config) port() int {
	_, p, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(p)
	return n
}

// adminOpenTimeout is how long an admin command waits for the store before
// concluding that a server holds it and going through the server.
const adminOpenTimeout = 200 * time.Millisecond

// openStore opens the store for an admin command run on the server host,
// as admin.Host.Open.
func (c Config) openStore() (*session.Hub, admin.Caller, func() error, error) {
	if _, err := os.Stat(c.dbPath()); errors.Is(err, fs.ErrNotExist) {
		// Opening would create an empty store: in the wrong directory that
		// would only hide the mistake.
		return nil, admin.Caller{}, nil, fmt.Errorf("there is no CommonGround store in %s: start the server once (commonground serve --data %s), or pass --data DIR", c.Data, c.Data)
	}
	store, err := session.OpenBolt(c.dbPath(), adminOpenTimeout)
	if err != nil {
		return nil, admin.Caller{}, nil, err
	}
	// Server-wide facilitators are not participants: reports count them so.
	facs, _, _ := loadFacilitators(c.facilitatorsPath())
	hub := session.NewHub(store, session.Options{IsFacilitator: facs.Has})
	closeAll := func() error {
		hub.Close()
		return store.Close()
	}
	return hub, admin.Caller{Admin: true, JoinHost: c.joinHost(), Port: c.port()}, closeAll, nil
}
