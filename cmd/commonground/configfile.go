package main

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"commonground/internal/nearest"
)

// configFileName is the configuration file read from the data directory
// when --config does not name one.
const configFileName = "config.yaml"

// settings resolves the server's configuration from its four sources, in
// increasing precedence: the defaults, the configuration file, COMMONGROUND_*
// environment variables and flags; and remembers where each value came
// from, for `commonground config`.
type settings struct {
	path    string            // --config: the file to read; DATA/config.yaml when ""
	file    string            // the configuration file read; "" for none
	sources map[string]string // flag name -> where its value came from
}

// resolve sets every configuration flag of fs that was not given on the
// command line from the environment, then from the configuration file:
// --config (or COMMONGROUND_CONFIG) names it, else DATA/config.yaml is read
// if it exists. It reports every mistake in the file at once, each with its
// line and column.
func (s *settings) resolve(fs *pflag.FlagSet, lookup func(string) (string, bool), data *string) error {
	s.sources = map[string]string{}
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed && isConfigFlag(f.Name) {
			s.sources[f.Name] = "--" + f.Name
		}
	})
	if err := applyEnv(fs, lookup); err != nil {
		return err
	}
	fs.VisitAll(func(f *pflag.Flag) {
		if _, ok := lookup(envName(f.Name)); ok && !f.Changed && isConfigFlag(f.Name) {
			s.sources[f.Name] = envName(f.Name)
		}
	})
	path, named := s.path, s.path != ""
	if !named {
		path = filepath.Join(*data, configFileName)
	}
	text, err := os.ReadFile(path)
	switch {
	case errors.Is(err, iofs.ErrNotExist) && !named:
		return nil // no file: defaults, environment and flags
	case err != nil:
		return fmt.Errorf("the configuration file: %w", err)
	}
	s.file = path
	return s.applyFile(fs, path, text, named)
}

// applyFile sets, from the configuration file's text, every configuration
// flag that neither a flag nor the environment set. The data directory may
// be set only in a file named with --config: DATA/config.yaml is found in
// the directory it would name.
func (s *settings) applyFile(fs *pflag.FlagSet, path string, text []byte, named bool) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file, or only comments
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d:%d: the configuration file holds settings as \"name: value\" lines, one per line", path, top.Line, top.Column)
	}
	var known []string // every setting, whether or not this command takes it
	for _, name := range configFlags {
		if name != "config" && (named || name != "data") {
			known = append(known, name)
		}
	}
	var errs []error
	bad := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d:%d: %s", path, n.Line, n.Column, fmt.Sprintf(format, args...)))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		key, value := top.Content[i], top.Content[i+1]
		name := key.Value
		f := fs.Lookup(name)
		switch {
		case name == "data" && !named:
			bad(key, "data: the data directory cannot be set in the file inside it; pass --data, or name this file with --config")
			continue
		case !isConfigFlag(name) || name == "config":
			if guess := nearest.Word(name, known); guess != "" {
				bad(key, "%q is not a setting; did you mean %q?", name, guess)
			} else {
				bad(key, "%q is not a setting (commonground config lists them)", name)
			}
			continue
		case seen[name] > 0:
			bad(key, "%s is set twice (first on line %d)", name, seen[name])
			continue
		case value.Kind != yaml.ScalarNode || value.Tag == "!!null":
			bad(value, "%s needs one value, such as %s: %s", name, name, defaultOf(f))
			continue
		}
		seen[name] = key.Line
		if f == nil {
			continue // a server setting this command does not use (workshop list and max-viewers)
		}
		if _, set := s.sources[name]; set {
			continue // a flag or the environment wins
		}
		if err := f.Value.Set(value.Value); err != nil {
			bad(value, "%s: %q is not a valid value (%s); the default is %s", name, value.Value, plainSetError(err), f.DefValue)
			continue
		}
		s.sources[name] = fmt.Sprintf("%s:%d", path, key.Line)
	}
	return errors.Join(errs...)
}

// defaultOf is a flag's default for a message, "..." where the command
// does not have the flag.
func defaultOf(f *pflag.Flag) string {
	if f == nil {
		return "..."
	}
	return f.DefValue
}

// plainSetError is what pflag says of a value it cannot parse, without the
// Go parser's own words ("strconv.ParseInt: parsing \"x\": invalid syntax").
func plainSetError(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "invalid syntax"), strings.Contains(msg, "ParseInt"), strings.Contains(msg, "ParseFloat"):
		return "a number was expected"
	case strings.Contains(msg, "time: "):
		return "a duration was expected, like 90s, 10m or 1h"
	}
	return msg
}

// configCommand prints the configuration in effect and where each value
// came from.
func configCommand(s *settings) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the configuration in effect and where each value comes from",
		Long: "Print every setting the server would run with, and where its value comes from:\n" +
			"the default, the configuration file (DATA/" + configFileName + ", or --config FILE), a\n" +
			envPrefix + "* environment variable, or a flag. Later ones win. The file holds settings\n" +
			"as \"name: value\" lines named like the flags, e.g. \"max-viewers: 500\".",
		Example: "  commonground config\n  commonground config --config /etc/commonground.yaml",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return s.print(c.OutOrStdout(), c.Flags())
		},
	}
}

// print writes the settings of fs with their values and sources.
func (s *settings) print(w io.Writer, fs *pflag.FlagSet) error {
	if s.file != "" {
		fmt.Fprintf(w, "Configuration file: %s\n\n", s.file)
	} else {
		fmt.Fprintf(w, "Configuration file: none (%s is read when it exists)\n\n", filepath.Join("DATA", configFileName))
	}
	var names []string
	fs.VisitAll(func(f *pflag.Flag) {
		if isConfigFlag(f.Name) && f.Name != "config" {
			names = append(names, f.Name)
		}
	})
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
	for _, name := range names {
		from, ok := s.sources[name]
		if !ok {
			from = "default"
		}
		value := fs.Lookup(name).Value.String()
		if value == "" {
			value = `""`
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, value, from)
	}
	return tw.Flush()
}
