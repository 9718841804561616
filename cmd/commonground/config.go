package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"commonground/admin"
	"commonground/etcdstore"
	"commonground/session"
)

// Config is the server's configuration, from flags and the environment.
type Config struct {
	Data         string // data directory
	Addr         string // HOST:PORT to listen on
	Facilitators string // facilitators file; DATA/facilitators when ""
	Host         string // host name participants use, in printed join commands; from Addr when ""
	Pprof        string // HOST:PORT for Go's profiling endpoints while serving; none when ""
	Metrics      string // HOST:PORT for Prometheus metrics while serving; none when ""
	// Store is the etcd cluster that holds the store, etcd://HOST:PORT,...;
	// the bbolt file in Data when "". Etcd says how to reach it.
	Store string
	Etcd  etcdstore.Options

	// Limits and timeouts of a running server (sshserver.Config and
	// session.Options say what each does); 0 turns one off.
	IdleTimeout      time.Duration
	Heartbeat        time.Duration
	MaxLag           time.Duration
	GreetingTimeout  time.Duration
	HandshakeTimeout time.Duration
	ConnRate         float64 // new connections per second per remote IP
	ConnBurst        int
	CommandRate      float64 // exec commands per second per key
	CommandBurst     int
	SessionsPerKey   int
	MaxViewers       int     // per workshop
	SubmitRate       float64 // submissions per second per participant
	SubmitBurst      int
	LogRepeats       int // the same log line per connection, address, key, actor or workshop, a minute
	// Sessions over one connection, and keyless guests.
	SessionsPerConn  int     // sessions open at once on one SSH connection
	GuestsPerConn    int     // new guests one connection may create
	GuestRate        float64 // new guests per second per remote IP
	GuestBurst       int
	PINRate          float64 // wrong rejoin PINs per second per remote IP
	PINBurst         int
	WorkshopPINRate  float64 // wrong rejoin PINs per second per workshop
	WorkshopPINBurst int
	CardsPerActivity int // cards one participant may have on an activity's wall
}

// DefaultConfig returns the configuration of a server started with no flags.
func DefaultConfig() Config {
	return Config{
		Data: "./commonground-data",
		Addr: ":" + strconv.Itoa(admin.DefaultPort),
		// A laptop closed without logging out is let go after ten minutes;
		// a minute's heartbeat keeps everyone who is there connected.
		IdleTimeout: 10 * time.Minute,
		Heartbeat:   time.Minute,
		// Half a minute without taking an update is a terminal that has
		// stopped reading, not a slow one.
		MaxLag: 30 * time.Second,
		// A client sends its version line the moment it connects; ten
		// seconds allow for a bad network and still free a socket that
		// stays silent long before the idle timeout would.
		GreetingTimeout: 10 * time.Second,
		// A first visit asks the person whether to trust the server's host
		// key, and a key may need its passphrase typed, both within the
		// handshake: two minutes, as OpenSSH's own LoginGraceTime.
		HandshakeTimeout: 2 * time.Minute,
		// A whole venue shares one NAT address: room for a few hundred
		// people arriving at once, then twenty a second.
		ConnRate:  20,
		ConnBurst: 200,
		// A person types a command every few seconds; a script that
		// exports a day's workshops has a burst of ten, then one a second.
		// A script trying join codes gets nowhere.
		CommandRate:  1,
		CommandBurst: 10,
		// A facilitator's presenter, a projector's screen mode, a phone, spares.
		SessionsPerKey: 5,
		// What one server is measured to hold in one workshop: 5,000
		// participants connected, every screen showing every change
		// (docs/PERFORMANCE.md). Facilitators are not counted.
		MaxViewers: 5000,
		// No one clicks through answers faster for long; a script does.
		SubmitRate:  5,
		SubmitBurst: 20,
		// No connection has a reason to log the same line more than a few
		// times a minute; a flood of refusals is one count, not megabytes.
		LogRepeats: 10,
		// OpenSSH's own sshd allows ten sessions on one connection
		// (MaxSessions): a ControlMaster that works there works here.
		SessionsPerConn: 10,
		// One person per connection: room for one who pressed Enter for a
		// new guest when they meant to type their PIN.
		GuestsPerConn: 3,
		// A venue shares one NAT address: a room of keyless people
		// arriving at once, then one every five seconds.
		GuestRate:  0.2,
		GuestBurst: 200,
		// A rejoin PIN has 40 bits. A room that rejoins after a dropped
		// network mistypes a few; a guesser at one address gets 4,350 a
		// day, and a workshop takes 8,740 from everywhere: with 5,000
		// guests in it (the most a workshop holds), a chance of 1 in
		// 25,000 a day of finding one.
		PINRate:          0.05,
		PINBurst:         30,
		WorkshopPINRate:  0.1,
		WorkshopPINBurst: 100,
		// One assumption per card: people write a handful; ten leaves
		// room for the most prolific and keeps a flood of guests in bounds.
		CardsPerActivity: 10,
	}
}

// checkLimits refuses negative limits, which would mean nothing.
func (c Config) checkLimits() error {
	for _, l := range []struct {
		flag  string
		value float64
	}{
		{"--idle-timeout", c.IdleTimeout.Seconds()}, {"--heartbeat", c.Heartbeat.Seconds()}, {"--max-lag", c.MaxLag.Seconds()},
		{"--greeting-timeout", c.GreetingTimeout.Seconds()}, {"--handshake-timeout", c.HandshakeTimeout.Seconds()},
		{"--conn-rate", c.ConnRate}, {"--conn-burst", float64(c.ConnBurst)},
		{"--command-rate", c.CommandRate}, {"--command-burst", float64(c.CommandBurst)}, {"--sessions-per-key", float64(c.SessionsPerKey)},
		{"--max-viewers", float64(c.MaxViewers)}, {"--submit-rate", c.SubmitRate}, {"--submit-burst", float64(c.SubmitBurst)},
		{"--log-repeats", float64(c.LogRepeats)},
		{"--sessions-per-conn", float64(c.SessionsPerConn)}, {"--guests-per-conn", float64(c.GuestsPerConn)},
		{"--guest-rate", c.GuestRate}, {"--guest-burst", float64(c.GuestBurst)}, {"--pin-rate", c.PINRate}, {"--pin-burst", float64(c.PINBurst)},
		{"--workshop-pin-rate", c.WorkshopPINRate}, {"--workshop-pin-burst", float64(c.WorkshopPINBurst)},
		{"--cards-per-activity", float64(c.CardsPerActivity)},
	} {
		if l.value < 0 {
			return fmt.Errorf("%s must not be negative (0 turns it off)", l.flag)
		}
	}
	return nil
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

// port is the port for join commands printed while no server holds the
// store: the one DATA/server.json records a server listening on (one that
// stopped without removing it, or is starting), else the one in --addr; 0
// (the default port) if neither names one.
func (c Config) port() int {
	addr := c.Addr
	if data, err := os.ReadFile(c.serverInfoPath()); err == nil {
		var info serverInfo
		if json.Unmarshal(data, &info) == nil && info.Addr != "" {
			addr = info.Addr
		}
	}
	_, p, err := net.SplitHostPort(addr)
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
// With --store it opens the cluster, which any number of commands and
// servers use at once.
func (c Config) openStore() (*session.Hub, admin.Caller, func() error, error) {
	var store session.Store
	var err error
	if c.Store != "" {
		store, err = c.openCluster(nil)
	} else if err = c.requireStore(); err == nil {
		store, err = session.OpenBolt(c.dbPath(), adminOpenTimeout)
	}
	if err != nil {
		return nil, admin.Caller{}, nil, c.storeProblem(err)
	}
	hub := c.hubOver(store)
	closeAll := func() error {
		hub.Close()
		return store.Close()
	}
	return hub, admin.Caller{Admin: true, JoinHost: c.joinHost(), Port: c.port()}, closeAll, nil
}

// requireStore refuses a data directory without a store, for the commands
// that only read one: opening would create an empty store, and in the
// wrong directory that would only hide the mistake.
func (c Config) requireStore() error {
	if _, err := os.Stat(c.dbPath()); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no CommonGround store in %s: start the server once (commonground serve --data %s), or pass --data DIR", c.Data, c.Data)
	}
	return nil
}

// hubOver returns a hub over store for a command on the server host.
// Server-wide facilitators are not participants: reports count them so.
func (c Config) hubOver(store session.Store) *session.Hub {
	facs, _, _ := loadFacilitators(c.facilitatorsPath())
	return session.NewHub(store, session.Options{IsFacilitator: facs.Has})
}

// storeProblem adds to an error of a damaged store what the person who
// runs the server can do about it; other errors (nil too) it returns as
// they are.
func (c Config) storeProblem(err error) error {
	if !errors.Is(err, session.ErrDamaged) {
		return err
	}
	return fmt.Errorf("%w.\nThe file was left as it is; commonground check --data %s says more.\n%s", err, c.Data, c.restoreAdvice())
}

// restoreAdvice says how to restore a backup of the store.
func (c Config) restoreAdvice() string {
	return fmt.Sprintf("To restore a backup: stop the server, put the backup in place of %s, and start the server.", c.dbPath())
}

// openCluster connects to the etcd cluster of --store.
func (c Config) openCluster(logger *slog.Logger) (*etcdstore.Store, error) {
	eps, err := etcdstore.ParseURL(c.Store)
	if err != nil {
		return nil, fmt.Errorf("--store: %w", err)
	}
	opts := c.Etcd
	opts.Endpoints, opts.Logger = eps, logger
	// Not a flag: a command line is there for anyone on the host to read.
	opts.Password = os.Getenv(envPrefix + "ETCD_PASSWORD")
	return etcdstore.Open(opts)
}
