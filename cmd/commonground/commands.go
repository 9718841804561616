package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"commonground/admin"
	"commonground/session"
)

// envPrefix names the environment variables that set flags left unset:
// --data is COMMONGROUND_DATA.
const envPrefix = "COMMONGROUND_"

// Execute runs the command line args and returns the exit code (0; 1 when a
// command failed; 2 for a usage error). ctx ends the server.
func Execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg := DefaultConfig()
	var conf settings
	serve := func(c *cobra.Command, _ []string) error {
		return Serve(ctx, cfg, c.OutOrStdout(), c.ErrOrStderr())
	}
	root := &cobra.Command{
		Use:   "commonground",
		Short: "A workshop facilitator that lives in the terminal",
		Long: "CommonGround runs structured workshops over SSH: participants join with nothing but\n" +
			"`ssh -p 2222 CODE@host`, facilitators drive the exercises from a presenter view,\n" +
			"and results are kept and exported.\n\n" +
			"Without a command it starts the server (see `commonground serve --help`).\n" +
			"Every flag can also be set with an environment variable: --data is " + envPrefix + "DATA.",
		Args: cobra.NoArgs,
		RunE: serve,
		PersistentPreRunE: func(c *cobra.Command, _ []string) error {
			return conf.resolve(c.Flags(), os.LookupEnv, &cfg.Data)
		},
	}
	fs := root.PersistentFlags()
	fs.StringVar(&conf.path, "config", "", "configuration file, settings as \"name: value\" lines named like these flags (default DATA/config.yaml, if it exists) (env "+envPrefix+"CONFIG)")
	fs.StringVar(&cfg.Data, "data", cfg.Data, "data directory: the store, the host and admin keys (env "+envPrefix+"DATA)")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address the server listens on, HOST:PORT; admin commands print join commands with its port (env "+envPrefix+"ADDR)")
	fs.StringVar(&cfg.Host, "host", "", "host name participants reach the server by, shown in join commands (default: from --addr, else localhost) (env "+envPrefix+"HOST)")
	fs.StringVar(&cfg.Pprof, "pprof", "", "serve Go's profiling endpoints (net/http/pprof) on this address, e.g. 127.0.0.1:6060, while serving or loading, for performance work (env "+envPrefix+"PPROF)")
	fs.StringVar(&cfg.Store, "store", "", "keep the store in an etcd cluster, etcd://HOST:PORT,HOST:PORT,..., shared by every server given it (docs/SCALING.md); default: the bbolt file in --data (env "+envPrefix+"STORE)")
	fs.StringVar(&cfg.Etcd.CertFile, "etcd-cert", "", "client certificate for the etcd cluster, as etcdctl's --cert (env "+envPrefix+"ETCD_CERT)")
	fs.StringVar(&cfg.Etcd.KeyFile, "etcd-key", "", "the client certificate's key, as etcdctl's --key (env "+envPrefix+"ETCD_KEY)")
	fs.StringVar(&cfg.Etcd.CAFile, "etcd-cacert", "", "CA of the etcd members' certificates, as etcdctl's --cacert; TLS when this or --etcd-cert is set (env "+envPrefix+"ETCD_CACERT)")
	fs.StringVar(&cfg.Etcd.Username, "etcd-user", "", "user for etcd's authentication, as etcdctl's --user; the password from "+envPrefix+"ETCD_PASSWORD (env "+envPrefix+"ETCD_USER)")
	fs.StringVar(&cfg.Facilitators, "facilitators", "", "facilitators file, public keys in authorized_keys format (default DATA/facilitators) (env "+envPrefix+"FACILITATORS)")

	host := &admin.Host{
		Open: func() (*session.Hub, admin.Caller, func() error, error) { return cfg.openStore() },
		Forward: func(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
			return cfg.forward(ctx, args, stdin, stdout, stderr)
		},
		Files: true,
	}
	serveCmd := &cobra.Command{
		Use:   "serve",
		Short: "Start the SSH server (the default command)",
		Long: "Start the SSH server. On the first run it creates the data directory with the\n" +
			"store, the server's host key and an admin key for the admin commands, and the\n" +
			"facilitators file from your public keys (~/.ssh/*.pub). On an empty store it\n" +
			"creates a demo workshop. It prints the command that joins each workshop.\n" +
			"SIGINT or SIGTERM stops it cleanly.",
		Example: "  commonground serve --addr :2222 --data ./commonground-data",
		Args:    cobra.NoArgs,
		RunE:    serve,
	}
	// The server's limits belong to serving: the root command, which also
	// serves, and serve have them; the admin commands do not.
	serverFlags(root.Flags(), &cfg)
	serverFlags(serveCmd.Flags(), &cfg)
	root.AddCommand(serveCmd, &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(c.OutOrStdout(), "commonground %s (%s)\n", version, runtime.Version())
			return err
		},
	})
	root.AddCommand(admin.Commands(host)...)
	config := configCommand(&conf)
	serverFlags(config.Flags(), &cfg)
	root.AddCommand(loadCommand(ctx, &cfg), checkCommand(ctx, &cfg), migrateCommand(&cfg), config)
	return execute(ctx, root, args, stdout, stderr)
}

// serverFlags defines the flags of a running server's limits and timeouts
// on fs, bound to cfg.
func serverFlags(fs *pflag.FlagSet, cfg *Config) {
	env := func(flag string) string { return " (env " + envName(flag) + ")" }
	fs.StringVar(&cfg.Metrics, "metrics", cfg.Metrics, "serve Prometheus metrics at http://HOST:PORT/metrics, e.g. 127.0.0.1:9090: workshops, connections, actions and refusals, commit and fan-out times, Go's runtime; off when empty"+env("metrics"))
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "disconnect a connection that sent nothing for this long, not even an answer to the heartbeat: a peer that vanished; 0: never"+env("idle-timeout"))
	fs.DurationVar(&cfg.Heartbeat, "heartbeat", cfg.Heartbeat, "send each terminal an SSH keepalive this often, so that quiet viewers are not idle; shorter than --idle-timeout; 0: none"+env("heartbeat"))
	fs.DurationVar(&cfg.MaxLag, "max-lag", cfg.MaxLag, "disconnect a participant whose terminal could not take an update for this long: it stopped reading; 0: never"+env("max-lag"))
	fs.DurationVar(&cfg.GreetingTimeout, "greeting-timeout", cfg.GreetingTimeout, "disconnect a connection whose client has not begun the SSH handshake this long after connecting: a silent socket; 0: never"+env("greeting-timeout"))
	fs.DurationVar(&cfg.HandshakeTimeout, "handshake-timeout", cfg.HandshakeTimeout, "disconnect a connection that has not completed the SSH handshake this long after connecting; it includes a person answering their client's host-key question and typing a passphrase; 0: never"+env("handshake-timeout"))
	fs.Float64Var(&cfg.ConnRate, "conn-rate", cfg.ConnRate, "new connections per second from one IP address, after a burst of --conn-burst; a venue's NAT is one address; 0: no limit"+env("conn-rate"))
	fs.IntVar(&cfg.ConnBurst, "conn-burst", cfg.ConnBurst, "new connections one IP address may open at once"+env("conn-burst"))
	fs.Float64Var(&cfg.CommandRate, "command-rate", cfg.CommandRate, "exec commands (ssh HOST export CODE) per second from one SSH key, or one connection without a key, after a burst of --command-burst; the admin key and the facilitators file's keys are not limited; 0: no limit"+env("command-rate"))
	fs.IntVar(&cfg.CommandBurst, "command-burst", cfg.CommandBurst, "exec commands one key may send at once"+env("command-burst"))
	fs.IntVar(&cfg.SessionsPerKey, "sessions-per-key", cfg.SessionsPerKey, "terminal sessions one SSH key (or guest) may have open at once; 0: no limit"+env("sessions-per-key"))
	fs.IntVar(&cfg.MaxViewers, "max-viewers", cfg.MaxViewers, "participants connected to one workshop at once; its facilitators are not counted and always get in; 0: no limit"+env("max-viewers"))
	fs.Float64Var(&cfg.SubmitRate, "submit-rate", cfg.SubmitRate, "answers and other submissions per second from one participant, after a burst of --submit-burst; facilitators are not limited; 0: no limit"+env("submit-rate"))
	fs.IntVar(&cfg.SubmitBurst, "submit-burst", cfg.SubmitBurst, "submissions one participant may send at once"+env("submit-burst"))
	fs.IntVar(&cfg.LogRepeats, "log-repeats", cfg.LogRepeats, "times a minute the log shows the same line about one connection, address, key, actor or workshop; the rest are counted in one line; 0: every line"+env("log-repeats"))
	fs.IntVar(&cfg.SessionsPerConn, "sessions-per-conn", cfg.SessionsPerConn, "sessions open at once over one SSH connection (OpenSSH's ControlMaster shares one), keyless ones included; 0: no limit"+env("sessions-per-conn"))
	fs.IntVar(&cfg.GuestsPerConn, "guests-per-conn", cfg.GuestsPerConn, "new guests (participants without a key) one connection may create; 0: no limit"+env("guests-per-conn"))
	fs.Float64Var(&cfg.GuestRate, "guest-rate", cfg.GuestRate, "new guests per second from one IP address, after a burst of --guest-burst; a venue's NAT is one address; 0: no limit"+env("guest-rate"))
	fs.IntVar(&cfg.GuestBurst, "guest-burst", cfg.GuestBurst, "new guests one IP address may create at once"+env("guest-burst"))
	fs.Float64Var(&cfg.PINRate, "pin-rate", cfg.PINRate, "wrong rejoin PINs per second from one IP address, after a burst of --pin-burst; 0: no limit"+env("pin-rate"))
	fs.IntVar(&cfg.PINBurst, "pin-burst", cfg.PINBurst, "wrong rejoin PINs one IP address may type at once"+env("pin-burst"))
	fs.Float64Var(&cfg.WorkshopPINRate, "workshop-pin-rate", cfg.WorkshopPINRate, "wrong rejoin PINs per second in one workshop, after a burst of --workshop-pin-burst; six-digit PINs from before get a thousandth of it; 0: no limit"+env("workshop-pin-rate"))
	fs.IntVar(&cfg.WorkshopPINBurst, "workshop-pin-burst", cfg.WorkshopPINBurst, "wrong rejoin PINs one workshop may take at once; six-digit PINs from before get a tenth of it"+env("workshop-pin-burst"))
	fs.IntVar(&cfg.CardsPerActivity, "cards-per-activity", cfg.CardsPerActivity, "cards one participant may have on an activity's wall; facilitators are not limited; 0: no limit"+env("cards-per-activity"))
}

// applyEnv sets every flag not given on the command line from its
// environment variable, if that is set: --data from COMMONGROUND_DATA.
func applyEnv(fs *pflag.FlagSet, lookup func(string) (string, bool)) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || err != nil || !isConfigFlag(f.Name) {
			return
		}
		name := envName(f.Name)
		if v, ok := lookup(name); ok {
			if serr := f.Value.Set(v); serr != nil {
				err = fmt.Errorf("%s=%q: %w", name, v, serr)
			}
		}
	})
	return err
}

// envName is the environment variable of a flag: COMMONGROUND_MAX_LAG for
// --max-lag.
func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// configFlags are the flags that are server configuration, which the
// environment and the configuration file may set; a command's own flags
// (--title) are not.
var configFlags = []string{"config", "data", "addr", "facilitators", "host", "pprof", "metrics",
	"store", "etcd-cert", "etcd-key", "etcd-cacert", "etcd-user",
	"idle-timeout", "heartbeat", "max-lag", "greeting-timeout", "handshake-timeout", "conn-rate", "conn-burst",
	"command-rate", "command-burst",
	"sessions-per-key", "max-viewers", "submit-rate", "submit-burst", "log-repeats",
	"sessions-per-conn", "guests-per-conn", "guest-rate", "guest-burst",
	"pin-rate", "pin-burst", "workshop-pin-rate", "workshop-pin-burst", "cards-per-activity"}

// isConfigFlag reports whether a flag is server configuration.
func isConfigFlag(name string) bool { return slices.Contains(configFlags, name) }
