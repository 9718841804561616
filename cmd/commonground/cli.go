package main

import (
	"context"
	"io"
	"os"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"commonground/admin"
)

// execute runs the command line with fang, the convention of Charm's own
// command-line tools: styled help and errors on a terminal, --version,
// shell completions (`commonground completion bash`) and a man page
// (`commonground man`). It returns the exit code of admin.Status. Commands
// run over SSH go through admin.Execute instead: plain text, and nothing
// that only makes sense in a local shell.
func execute(ctx context.Context, root *cobra.Command, args []string, stdout, stderr io.Writer) int {
	admin.Prepare(root, args, stdout, stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(version),
		fang.WithErrorHandler(func(w io.Writer, styles fang.Styles, err error) {
			if isTerminal(stderr) {
				if !admin.Said(err) {
					fang.DefaultErrorHandler(w, styles, err)
				}
				return
			}
			// To a file or a pipe, the error stays one line as it was
			// written (fang's handler wraps, capitalises and pads it,
			// which scripts and logs would then have to undo).
			c, _, ferr := root.Find(args)
			if ferr != nil {
				c = nil
			}
			admin.PrintError(stderr, c, err)
		}))
	return admin.Status(err)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
