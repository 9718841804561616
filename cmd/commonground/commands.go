package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
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
			return applyEnv(c.Flags(), os.LookupEnv)
		},
	}
	fs := root.PersistentFlags()
	fs.StringVar(&cfg.Data, "data", cfg.Data, "data directory: the store, the host and admin keys (env "+envPrefix+"DATA)")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address the server listens on, HOST:PORT; admin commands print join commands with its port (env "+envPrefix+"ADDR)")
	fs.StringVar(&cfg.Host, "host", "", "host name participants reach the server by, shown in join commands (default: from --addr, else localhost) (env "+envPrefix+"HOST)")
	fs.StringVar(&cfg.Pprof, "pprof", "", "serve Go's profiling endpoints (net/http/pprof) on this address, e.g. 127.0.0.1:6060, for performance work (env "+envPrefix+"PPROF)")
	fs.StringVar(&cfg.Facilitators, "facilitators", "", "facilitators file, public keys in authorized_keys format (default DATA/facilitators) (env "+envPrefix+"FACILITATORS)")

	host := &admin.Host{
		Open: func() (*session.Hub, admin.Caller, func() error, error) { return cfg.openStore() },
		Forward: func(args []string, stdout, stderr io.Writer) (int, error) {
			return cfg.forward(ctx, args, stdout, stderr)
		},
	}
	root.AddCommand(&cobra.Command{
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
	}, &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(c.OutOrStdout(), "commonground %s (%s)\n", version, runtime.Version())
			return err
		},
	})
	root.AddCommand(admin.Commands(host)...)
	root.AddCommand(loadCommand(ctx, &cfg))
	return admin.Execute(root, args, stdout, stderr)
}

// applyEnv sets every flag not given on the command line from its
// environment variable, if that is set: --data from COMMONGROUND_DATA.
func applyEnv(fs *pflag.FlagSet, lookup func(string) (string, bool)) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || err != nil || !isConfigFlag(f.Name) {
			return
		}
		name := envPrefix + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := lookup(name); ok {
			if serr := f.Value.Set(v); serr != nil {
				err = fmt.Errorf("%s=%q: %w", name, v, serr)
			}
		}
	})
	return err
}

// isConfigFlag reports whether a flag is server configuration, which the
// environment may set; a command's own flags (--title) are not.
func isConfigFlag(name string) bool {
	switch name {
	case "data", "addr", "facilitators", "host", "pprof":
		return true
	}
	return false
}
