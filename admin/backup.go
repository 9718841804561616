package admin

import (
	"io"

	"github.com/spf13/cobra"

	"commonground/session"
)

func backupCommand(h *Host) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the whole store to FILE while the server runs",
		Long: "Write a consistent copy of the whole store (every workshop, profile and rejoin\n" +
			"PIN) to FILE, readable by you alone, while the server goes on serving; without a\n" +
			"running server, from the store directly. FILE - writes the copy to stdout.\n" +
			"To restore a copy: stop the server, put it in place of DATA/commonground.db,\n" +
			"and start the server. Allowed on the server host only.",
		Example: "  commonground backup /backups/commonground-$(date +%F).db",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			output := args[0]
			if output == "-" {
				output = ""
			}
			return h.do(c, job{
				// The file stays here: the server sends the copy, this host writes it.
				remote:    func() ([]string, error) { return []string{"backup", "-"}, nil },
				output:    output,
				private:   true,
				adminOnly: "only the server's administrator may take a backup: run commonground backup FILE on the server host",
				run: func(w io.Writer, hub *session.Hub, _ Caller) error {
					_, err := hub.Backup(w)
					return err
				},
			})
		},
	}
}
