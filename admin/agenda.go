package admin

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"commonground/agenda"
	"commonground/exercises"
	"commonground/session"
)

// stdinName is how messages call an agenda read from standard input.
const stdinName = "standard input"

func agendaCommand(h *Host) *cobra.Command {
	c := group(&cobra.Command{
		Use:   "agenda",
		Short: "Check agenda files, write a workshop's agenda or a template as a file",
		Long: "An agenda file prepares a workshop in YAML: its title, its facilitators and its\n" +
			"activities in order, each with its kind, title, prompt, anonymity (named,\n" +
			"organisation, anonymous), planned minutes, results (live, or after reveal) and the\n" +
			"exercise's own settings. Lines starting with # are your notes.\n" +
			"Create a workshop from one with: commonground workshop new --agenda FILE\n\n" +
			"Each kind's own keys:\n" + settingsHelp(),
	})
	c.AddCommand(agendaCheckCommand(h), agendaShowCommand(h), agendaTemplatesCommand())
	return c
}

func agendaCheckCommand(h *Host) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE",
		Short: "Check an agenda file and report every error with its line and column",
		Long: "Check an agenda file as workshop new --agenda would read it, without creating\n" +
			"anything, and report every error with its line and column and what would be\n" +
			"valid. FILE - reads standard input (over SSH the file always comes that way).\n" +
			"Exits 1 when the file has errors.",
		Example: "  commonground agenda check kickoff.yaml\n" +
			"  ssh -p 2222 HOST agenda check - < kickoff.yaml",
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			a, err := readAgenda(c, args[0], "", h.Files, "")
			if err != nil {
				return err
			}
			if _, err := fileKeys(a, sourceName(args[0]), h.Files); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "%s: ok: %q, %s, %d minutes planned\n", sourceName(args[0]), a.Title,
				count(len(a.Activities), "activity", "activities"), a.Minutes())
			return nil
		},
	}
}

func agendaShowCommand(h *Host) *cobra.Command {
	var template string
	c := &cobra.Command{
		Use:   "show CODE | --template NAME",
		Short: "Write a workshop's agenda, or a template, as an agenda file",
		Long: "Write the agenda of an existing workshop as an agenda file, so that a good\n" +
			"session becomes a reusable one; or, with --template, a built-in template with\n" +
			"the facilitator's notes, to edit. Removed activities are left out; the\n" +
			"facilitators are written as key fingerprints. A workshop's agenda is allowed on\n" +
			"the server host and, over SSH, for the workshop's facilitators.",
		Example: "  commonground agenda show k7wq-m3xd > kickoff.yaml\n" +
			"  commonground agenda show --template kickoff > kickoff.yaml",
		RunE: func(c *cobra.Command, args []string) error {
			switch {
			case template != "" && len(args) == 0:
				t, err := agenda.TemplateNamed(template)
				if err != nil {
					return err
				}
				_, err = c.OutOrStdout().Write(t.Data)
				return err
			case template != "" || len(args) != 1:
				return errors.New("give a workshop's join code or --template NAME")
			}
			return h.do(c, job{
				remote: func() ([]string, error) { return []string{"agenda", "show", "--", args[0]}, nil },
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					snap, err := readAsFacilitator(hub, caller, args[0], "see")
					if err != nil {
						return err
					}
					data, err := agenda.Write(AgendaOf(snap), fmt.Sprintf(
						"The agenda of the workshop %s, written by commonground agenda show.\n"+
							"Create a new workshop from it with: commonground workshop new --agenda FILE", snap.Code))
					if err != nil {
						return err
					}
					_, err = w.Write(data)
					return err
				},
			})
		},
	}
	c.Flags().StringVar(&template, "template", "", "write the built-in template NAME (see agenda templates)")
	return c
}

func agendaTemplatesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "templates",
		Short: "List the built-in agenda templates",
		Long: "List the built-in agendas, one a line: its name, its activities and planned\n" +
			"minutes, and what it is for. Use one with workshop new --template NAME, or write\n" +
			"it out to edit with agenda show --template NAME.",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(c.OutOrStdout(), 0, 0, 2, ' ', 0)
			for _, t := range agenda.Templates() {
				a, err := agenda.Parse(t.Name+".yaml", t.Data)
				if err != nil {
					return fmt.Errorf("template %s: %w", t.Name, err)
				}
				fmt.Fprintf(tw, "%s\t%s, %d min\t%s\n", t.Name, count(len(a.Activities), "activity", "activities"), a.Minutes(), t.About)
			}
			return tw.Flush()
		},
	}
}

// settingsHelp lists each exercise's own keys in an agenda file.
func settingsHelp() string {
	return catalogTable(func(e exercises.Exercise) string {
		var keys []string
		for _, s := range agenda.SettingsOf(e) {
			keys = append(keys, s.Name)
		}
		if len(keys) == 0 {
			return "(none)"
		}
		return strings.Join(keys, ", ")
	})
}

// AgendaOf is a workshop's agenda as a file has it: its title, its
// facilitators and its activities in their order, without the removed.
func AgendaOf(snap *session.Snapshot) agenda.Agenda {
	a := agenda.Agenda{Title: snap.Title, Facilitators: snap.Facilitators}
	for _, i := range snap.Plan {
		a.Activities = append(a.Activities, snap.Activities[i].Activity)
	}
	return a
}

// sourceName is how messages call the file named on the command line.
func sourceName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// readAgenda reads an agenda from the file at path ("-" for standard
// input), or the template named; files says whether files may be read
// (the server host's own command line). Errors are EInvalid, and list
// every problem in the file, then how many there are and after, what
// came of the command.
func readAgenda(c *cobra.Command, path, template string, files bool, after string) (agenda.Agenda, error) {
	var (
		name = sourceName(path)
		data []byte
		err  error
	)
	switch {
	case template != "":
		t, terr := agenda.TemplateNamed(template)
		if terr != nil {
			return agenda.Agenda{}, terr
		}
		name, data = t.Name+".yaml", t.Data
	case path == "-":
		data, err = io.ReadAll(io.LimitReader(c.InOrStdin(), agenda.MaxFileSize+1))
	case !files:
		return agenda.Agenda{}, exercises.Errorf(exercises.EForbidden,
			"over SSH the agenda file comes on standard input: write - instead of %s and add < %s to the ssh command", path, path)
	default:
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return agenda.Agenda{}, exercises.Errorf(exercises.EInvalid, "read the agenda %s: %v", name, err)
	}
	a, err := agenda.Parse(name, data)
	var p *agenda.Problems
	if errors.As(err, &p) {
		return a, exercises.Errorf(exercises.EInvalid, "%s\n%s in %s%s",
			err, count(len(p.List), "error", "errors"), name, after)
	}
	return a, err
}

// fileKeys turns an agenda file's facilitators into identity IDs, each
// error at its line.
func fileKeys(a agenda.Agenda, name string, files bool) ([]string, error) {
	var ids []string
	var errs []string
	for i, k := range a.Facilitators {
		got, err := keyIDs([]string{k}, files)
		if err != nil {
			at := a.FacilitatorAt[i]
			errs = append(errs, fmt.Sprintf("%s:%d:%d: %s", name, at.Line, at.Column,
				strings.Replace(exercises.ErrorMessage(err), "--facilitator-key ", "the facilitator ", 1)))
			continue
		}
		ids = append(ids, got...)
	}
	if len(errs) > 0 {
		return nil, exercises.Errorf(exercises.EInvalid, "%s", strings.Join(errs, "\n"))
	}
	return ids, nil
}

// count is "1 activity", "3 activities".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
