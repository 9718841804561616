package admin

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"commonground/exercises"
	"commonground/report"
	"commonground/session"
)

func exportCommand(h *Host) *cobra.Command {
	var (
		format string
		output string
	)
	c := &cobra.Command{
		Use:   "export CODE [flags]",
		Short: "Write a workshop's report",
		Long: "Write a workshop's report (every activity, its answers and results, the decisions)\n" +
			"to stdout or, on the server host, to a file. Names are shown unless an activity\n" +
			"is anonymous. Allowed on the server host and, over SSH, for the workshop's\n" +
			"facilitators; a participant's key is refused.",
		Example: "  commonground export k7wq-m3xd --format md -o report.md\n" +
			"  ssh -p 2222 HOST export k7wq-m3xd --format csv > answers.csv",
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if !slices.Contains(report.Formats(), format) {
				return exercises.Errorf(exercises.EInvalid, "unknown format %q (known: %s)", format, strings.Join(report.Formats(), ", "))
			}
			return h.do(c, job{
				// -o stays here: the server sends the report, this host writes the file.
				remote: func() ([]string, error) { return []string{"export", "--format=" + format, "--", args[0]}, nil },
				output: output,
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					snap, err := readAsFacilitator(hub, caller, args[0], "export")
					if err != nil {
						return err
					}
					if err := report.Write(w, snap, format); err != nil {
						return fmt.Errorf("write the %s report of %s: %w", format, snap.Code, err)
					}
					return nil
				},
			})
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "md", "report format: "+strings.Join(report.Formats(), ", "))
	c.Flags().StringVarP(&output, "output", "o", "", "write the report to FILE instead of stdout (server host only)")
	return c
}
