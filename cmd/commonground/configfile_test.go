package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"commonground/internal/termtest"
)

// serveFlags is the server's flag set, as `commonground serve` has it.
func serveFlags(cfg *Config) *pflag.FlagSet {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	fs.StringVar(&cfg.Data, "data", cfg.Data, "")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "")
	serverFlags(fs, cfg)
	return fs
}

// TestConfigFileMistakes: every mistake in a configuration file is
// reported at once, each with its line and column and what would be valid.
func TestConfigFileMistakes(t *testing.T) {
	for _, c := range []struct {
		name, file string
		named      bool // given with --config
		want       []string
	}{
		{"unknown setting with a near one", "max-viewer: 3\n", false,
			[]string{`F:1:1: "max-viewer" is not a setting; did you mean "max-viewers"?`}},
		{"unknown setting", "colour: blue\n", false,
			[]string{`F:1:1: "colour" is not a setting (commonground config lists them)`}},
		{"not a duration", "max-viewers: 5\nidle-timeout: ten\n", false,
			[]string{`F:2:15: idle-timeout: "ten" is not a valid value (a duration was expected, like 90s, 10m or 1h); the default is 10m0s`}},
		{"not a number", "conn-rate: fast\n", false,
			[]string{`F:1:12: conn-rate: "fast" is not a valid value (a number was expected); the default is 20`}},
		{"no value", "addr:\n", false,
			[]string{`F:1:6: addr needs one value, such as addr: :2222`}},
		{"a list", "addr: [a, b]\n", false,
			[]string{`F:1:7: addr needs one value, such as addr: :2222`}},
		{"twice", "heartbeat: 30s\nheartbeat: 1m\n", false,
			[]string{`F:2:1: heartbeat is set twice (first on line 1)`}},
		{"data inside itself", "data: /srv/cg\n", false,
			[]string{`F:1:1: data: the data directory cannot be set in the file inside it; pass --data, or name this file with --config`}},
		{"not settings", "- max-viewers\n", false,
			[]string{`F:1:1: the configuration file holds settings as "name: value" lines, one per line`}},
		{"several at once", "max-viewer: 3\nconn-rate: fast\n", false,
			[]string{`F:1:1: "max-viewer"`, `F:2:12: conn-rate`}},
		{"the config file names itself", "config: other.yaml\n", true,
			[]string{`F:1:1: "config" is not a setting`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			var s settings
			s.sources = map[string]string{}
			err := s.applyFile(serveFlags(&cfg), "F", []byte(c.file), c.named)
			if err == nil {
				t.Fatalf("no error for %q", c.file)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(c.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(lines), len(c.want), err)
			}
			for i, w := range c.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("error %d = %q, want %q", i, lines[i], w)
				}
			}
		})
	}
}

// TestConfigFileSetsWhatIsLeft: a file sets what neither a flag nor the
// environment set, data included when the file is named with --config, and
// comments and an empty file are nothing.
func TestConfigFileSetsWhatIsLeft(t *testing.T) {
	cfg := DefaultConfig()
	fs := serveFlags(&cfg)
	s := settings{sources: map[string]string{"max-lag": "--max-lag"}}
	file := "# the operator's notes\nmax-viewers: 500\nheartbeat: 30s # a comment\nmax-lag: 1m\ndata: /srv/cg\n"
	if err := s.applyFile(fs, "F", []byte(file), true); err != nil {
		t.Fatal(err)
	}
	if cfg.MaxViewers != 500 || cfg.Heartbeat.String() != "30s" || cfg.Data != "/srv/cg" {
		t.Errorf("max-viewers %d, heartbeat %v, data %q: the file did not set them", cfg.MaxViewers, cfg.Heartbeat, cfg.Data)
	}
	if cfg.MaxLag != DefaultConfig().MaxLag {
		t.Errorf("max-lag %v: the file overrode a flag", cfg.MaxLag)
	}
	if got := s.sources["heartbeat"]; got != "F:3" {
		t.Errorf("heartbeat from %q, want F:3", got)
	}
	for _, empty := range []string{"", "# nothing yet\n"} {
		if err := (&settings{sources: map[string]string{}}).applyFile(fs, "F", []byte(empty), false); err != nil {
			t.Errorf("%q: %v", empty, err)
		}
	}
}

// TestConfigPrecedence runs the binary: defaults, then the file in the data
// directory, then the environment, then flags; `commonground config` says
// where each value came from, and a broken file stops the server before it
// starts, with exit status 1.
func TestConfigPrecedence(t *testing.T) {
	home := fakeHome(t, termtest.Key{})
	data := t.TempDir()
	file := filepath.Join(data, "config.yaml")
	if err := os.WriteFile(file, []byte("max-viewers: 500\nheartbeat: 30s\nmax-lag: 20s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, status := run(t, environ(home, "COMMONGROUND_HEARTBEAT=45s", "COMMONGROUND_MAX_LAG=25s"), "config", "--data", data, "--max-lag", "5s")
	if status != 0 {
		t.Fatalf("exit %d\n%s", status, errOut)
	}
	for setting, want := range map[string]string{
		"max-viewers":  `500\s+` + regexp.QuoteMeta(file) + `:1`,
		"heartbeat":    `45s\s+COMMONGROUND_HEARTBEAT`,
		"max-lag":      `5s\s+--max-lag`,
		"idle-timeout": `10m0s\s+default`,
		"data":         regexp.QuoteMeta(data) + `\s+--data`,
	} {
		if !regexp.MustCompile(`(?m)^` + setting + `\s+` + want + `\s*$`).MatchString(out) {
			t.Errorf("%s: want %s in:\n%s", setting, want, out)
		}
	}
	if !strings.Contains(out, "Configuration file: "+file) {
		t.Errorf("the file read is not named:\n%s", out)
	}

	// A command that takes no server settings is not troubled by them.
	if out, errOut, status := run(t, environ(home), "agenda", "templates", "--data", data); status != 0 || !strings.Contains(out, "kickoff") {
		t.Errorf("agenda templates with server settings in the file: exit %d\n%s%s", status, out, errOut)
	}

	if err := os.WriteFile(file, []byte("max-viewer: 500\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, status = run(t, environ(home), "serve", "--data", data, "--addr", "127.0.0.1:0")
	if status != 1 || !strings.Contains(errOut, file+`:1:1: "max-viewer" is not a setting; did you mean "max-viewers"?`) {
		t.Errorf("a broken file: exit %d, want 1 with the mistake and its line:\n%s", status, errOut)
	}
	_, errOut, status = run(t, environ(home), "config", "--config", filepath.Join(data, "missing.yaml"))
	if status != 1 || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("a missing --config file: exit %d, want 1 naming it:\n%s", status, errOut)
	}
}
