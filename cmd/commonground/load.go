package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"commonground/loadtest"
)

// maxLoadParticipants bounds --participants: beyond the 5,000 the server
// is measured to hold in one room, the tool's own connections (and their
// file descriptors) are the bound.
const maxLoadParticipants = 5000

// loadCommand is `commonground load`: the measuring instrument.
func loadCommand(ctx context.Context, cfg *Config) *cobra.Command {
	var (
		lc       = loadtest.Config{Participants: 100, Ramp: 10 * time.Second, Duration: 10 * time.Second, Changes: 10, ChangeTimeout: 10 * time.Second}
		code     string
		keyPath  string
		jsonPath string
		facAddr  string
	)
	c := &cobra.Command{
		Use:   "load",
		Short: "Measure a running server with many real SSH participants",
		Long: "Open N real SSH participants (each with its own key, a PTY and a terminal emulator)\n" +
			"against a running server's workshop, complete their first-join profile, and measure:\n" +
			"time to the first screen; fan-out — the facilitator toggles the results and every\n" +
			"screen is timed until it shows the change, then participants answer the check-in one\n" +
			"by one and every other screen is timed until it counts the new answer, then the first\n" +
			"to answer replaces theirs and every other screen is timed until it shows the new text;\n" +
			"bytes per participant per change, per answer and while idle; with --pid (or the server\n" +
			"recorded in --data), the server's memory per participant, its CPU while everyone sits\n" +
			"idle and its CPU per change per receiver. --slow M adds M participants that stop\n" +
			"reading, to show they delay no one. --light reads no screens: each participant finds\n" +
			"the change's text in the bytes it receives, so that thousands cost the machine little.\n" +
			"Run it only against your own server and a rehearsal workshop: its participants join\n" +
			"it and answer its check-in.",
		Example: "  commonground load --code k7wq-m3xd --participants 200 --slow 5 --json load.json\n" +
			"  commonground load --code k7wq-m3xd --participants 5000 --ramp 2m --light --json load.json",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if code == "" {
				return errors.New("--code is required: the join code of the workshop to load")
			}
			if lc.Participants < 1 || lc.Participants > maxLoadParticipants || lc.Slow < 0 || lc.Slow > 100 || lc.Changes < 1 || lc.Changes > 1000 {
				return fmt.Errorf("--participants must be 1-%d, --slow 0-100, --changes 1-1000", maxLoadParticipants)
			}
			addr, err := dialAddr(cfg.Addr)
			if err != nil {
				return fmt.Errorf("--addr %q: %w", cfg.Addr, err)
			}
			lc.Addr, lc.Code = addr, code
			if facAddr != "" {
				if lc.FacilitatorAddr, err = dialAddr(facAddr); err != nil {
					return fmt.Errorf("--facilitator-addr %q: %w", facAddr, err)
				}
			}
			if lc.Facilitator, err = readKey(keyPath); err != nil {
				return fmt.Errorf("facilitator key (give an unencrypted one with --key): %w", err)
			}
			if lc.PID == 0 {
				lc.PID = recordedPID(cfg.serverInfoPath())
			}
			stderr := c.ErrOrStderr()
			if os.Getenv("GOGC") == "" {
				// The instrument shares the machine it measures: its garbage
				// collections (a thousand terminal emulators, ~150 MB live)
				// stalled the server's frames with it. Memory is cheaper here.
				debug.SetGCPercent(400)
			}
			if cfg.Pprof != "" { // the instrument shares the machine: where does its time go?
				stopProfiling, err := serveProfiling(cfg.Pprof, slog.New(slog.NewTextHandler(stderr, nil)))
				if err != nil {
					return err
				}
				defer stopProfiling()
			}
			lc.Log = func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }
			// Bounded in time whatever happens: ramp, idle window, every change's timeout, slack.
			limit := lc.Ramp + lc.Duration + time.Duration(lc.Changes)*lc.ChangeTimeout + 2*time.Minute
			runCtx, cancel := context.WithTimeout(ctx, limit)
			defer cancel()
			res, err := loadtest.Run(runCtx, lc)
			printLoad(c.OutOrStdout(), res)
			if jsonPath != "" {
				if werr := writeJSON(jsonPath, res); werr != nil && err == nil {
					err = werr
				}
			}
			return err
		},
	}
	f := c.Flags()
	f.StringVar(&code, "code", "", "join code of the workshop")
	f.IntVar(&lc.Participants, "participants", lc.Participants, "participants that read their screens")
	f.IntVar(&lc.Slow, "slow", 0, "extra participants that stop reading once joined")
	f.DurationVar(&lc.Ramp, "ramp", lc.Ramp, "spread the connections over this long")
	f.DurationVar(&lc.Duration, "duration", lc.Duration, "how long everyone sits idle, for idle bytes and CPU")
	f.DurationVar(&lc.Settle, "settle", time.Second, "the pause after the last connection before the idle window: longer to measure a server at rest")
	f.IntVar(&lc.Changes, "changes", lc.Changes, "changes whose fan-out is measured")
	f.DurationVar(&lc.ChangeTimeout, "change-timeout", lc.ChangeTimeout, "how long a change may take to reach every screen")
	f.IntVar(&lc.PID, "pid", 0, "the server's process ID, for memory and CPU (default: the server recorded in --data)")
	f.StringVar(&keyPath, "key", filepath.Join(homeDir(), ".ssh", "id_ed25519"), "a facilitator's private key (unencrypted), to make the changes")
	f.StringVar(&facAddr, "facilitator-addr", "", "connect the facilitator here instead of --addr: one node of a cluster, with --addr its load balancer")
	f.StringVar(&jsonPath, "json", "", "also write the result as JSON to this file")
	f.BoolVar(&lc.Light, "light", false, "read no screens: find each change's text in the bytes received, for thousands of participants (the figures say which mode)")
	return c
}

func homeDir() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	return h
}

// recordedPID is the PID in DATA/server.json, or 0.
func recordedPID(path string) int {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || err != nil {
		return 0
	}
	var info serverInfo
	if json.Unmarshal(data, &info) != nil {
		return 0
	}
	return info.PID
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

// printLoad prints the summary table.
func printLoad(w io.Writer, r loadtest.Result) {
	kib := func(b float64) string { return fmt.Sprintf("%.1f KiB", b/1024) }
	fmt.Fprintf(w, "\nCommonGround load: %d participants (+%d not reading), %s mode\n", r.Participants, r.Slow, r.Mode)
	row := func(k, v string) { fmt.Fprintf(w, "  %-28s %s\n", k, v) }
	row("connect (to first screen)", fmt.Sprintf("%v, %d failed", r.Connect, r.ConnectFailed))
	if r.FirstError != "" {
		row("first failure", r.FirstError)
	}
	row("fan-out of one change", fmt.Sprintf("%v over %d changes, %d screens missed", r.Fanout, r.Changes, r.Missed))
	row("bytes per participant/change", fmt.Sprintf("%.0f B", r.BytesPerChange))
	if r.Answers > 0 {
		row("fan-out of a new answer", fmt.Sprintf("%v over %d answers, %d screens missed", r.AnswerFanout, r.Answers, r.AnswersMissed))
		row("bytes per participant/answer", fmt.Sprintf("%.0f B", r.BytesPerAnswer))
	}
	if r.Replaced > 0 {
		row("fan-out of a replaced answer", fmt.Sprintf("%v over %d answers, %d screens missed", r.ReplaceFanout, r.Replaced, r.ReplacedMissed))
		row("bytes per participant/replace", fmt.Sprintf("%.0f B", r.BytesPerReplace))
	}
	if r.CPUPerAnswerReceiver > 0 {
		row("server CPU per receiver", fmt.Sprintf("%.1f µs a change, %.1f µs a new answer, %.1f µs a replaced one",
			r.CPUPerChangeReceiver, r.CPUPerAnswerReceiver, r.CPUPerReplaceReceiver))
	}
	if r.AnswersSkipped != "" {
		row("new answers not measured", r.AnswersSkipped)
	}
	row("bytes per participant idle", fmt.Sprintf("%.0f B/s over %.0f s", r.IdleBytes, r.IdleWindow))
	if r.ServerRSSAfter > 0 {
		row("server memory", fmt.Sprintf("%.1f MiB -> %.1f MiB, %s per participant", float64(r.ServerRSSBefore)/(1<<20), float64(r.ServerRSSAfter)/(1<<20), kib(r.RSSPerConn)))
		row("server CPU while idle", fmt.Sprintf("%.1f%% of one core", r.IdleCPU))
	}
}
