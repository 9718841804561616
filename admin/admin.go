// Package admin holds CommonGround's admin commands (create, list and show
// workshops; export reports) as one cobra command tree. The same commands
// run in two places, with the same flags, help and messages:
//
//   - as SSH exec commands sent to a running server, through Run (the
//     sshserver package calls it with the connecting key as the Caller);
//   - on the server host's own command line, through Commands and a Host
//     (cmd/commonground), which opens the store directly when no server
//     runs and sends the command to the running server when one holds it.
//
// Exit codes: 0 success; 1 the command failed or was refused, with the
// reason on stderr; 2 a usage error (unknown command or flag, missing
// argument), with cobra's message and the usage on stderr.
package admin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"commonground/exercises"
	"commonground/session"
)

// DefaultPort is the port the server listens on unless told otherwise.
const DefaultPort = 2222

// Caller is who runs a command: the server host or the admin key the server
// keeps (Admin), or a key's identity ID, with what the command needs to know
// about the server it runs on.
type Caller struct {
	// ID is the caller's identity ID ("SHA256:..."); "" on the server host.
	ID string
	// Admin has every right: the server host itself, or the server's admin key.
	Admin bool
	// IsFacilitator reports whether an identity is a facilitator of the
	// whole server (its facilitators file); such callers may create and list
	// workshops. nil means nobody is, besides Admin.
	IsFacilitator func(id string) bool
	// JoinHost and Port make the join command printed for a workshop,
	// "ssh -p Port CODE@JoinHost". JoinHost "" means "localhost" and Port 0
	// means DefaultPort.
	JoinHost string
	Port     int
}

// serverFacilitator reports whether the caller may create and list workshops.
func (c Caller) serverFacilitator() bool {
	return c.Admin || (c.ID != "" && c.IsFacilitator != nil && c.IsFacilitator(c.ID))
}

// facilitatorOf reports whether the caller may see and export a workshop.
func (c Caller) facilitatorOf(snap *session.Snapshot) bool {
	return c.Admin || (c.ID != "" && snap.Role(c.ID) == session.Facilitator)
}

// joinCommand is the command a person types to join the workshop.
func (c Caller) joinCommand(code string) string {
	return JoinCommand(c.JoinHost, c.Port, code)
}

// visible is the error as the caller may see it. Rule violations and
// refusals carry their own person-facing message; anything else is an
// internal fault, whose details only Admin callers (on the server host)
// see, as elsewhere in CommonGround.
func (c Caller) visible(err error) error {
	if c.Admin || exercises.ErrorCode(err) != "" {
		return err
	}
	return errors.New("the server failed to do this (internal error); run the command on the server host for details")
}

// JoinCommand returns "ssh -p PORT CODE@HOST", the command that joins a
// workshop. host "" means "localhost", port 0 means DefaultPort, and port 22
// needs no -p.
func JoinCommand(host string, port int, code string) string {
	if host == "" {
		host = "localhost"
	}
	switch port {
	case 0:
		port = DefaultPort
	case 22:
		return "ssh " + code + "@" + host
	}
	return "ssh -p " + strconv.Itoa(port) + " " + code + "@" + host
}

// Host is the server host's side of the admin commands (cmd/commonground
// provides it).
type Host struct {
	// Open opens the store and returns a hub over it, the caller to run as,
	// and a function that closes both. It returns an error wrapping
	// session.ErrLocked while a running server holds the store.
	Open func() (hub *session.Hub, caller Caller, close func() error, err error)
	// Forward runs a command line on the running server, streaming its
	// output, and returns the server's exit code. With Forward nil a locked
	// store is an error like any other.
	Forward func(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int, err error)
	// Files is whether commands may read the files named on their command
	// line (an agenda file): the server host's own command line may, a
	// command over SSH may not, unless it comes from the server's admin key.
	Files bool
}

// Run executes one command line such as ["export","k7wq-m3xd","--format","md"],
// ["workshop","new","--title","X","--activity","checkin"] or ["workshop","list"]
// against the hub, writing to stdout and stderr, and returns the exit code.
//
// Permissions: workshop show and export need Admin or facilitator rights in
// that workshop; workshop new and list need Admin or a server-wide
// facilitator (Caller.IsFacilitator), and a facilitator who creates a
// workshop becomes its facilitator. Everyone else gets a clear refusal and
// exit code 1. Only Admin callers may name files (export -o, a key file for
// --facilitator-key): the files are the server's.
//
// stdin is what the caller sends, an agenda file for "workshop new --agenda -".
func Run(hub *session.Hub, caller Caller, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:   "commonground",
		Short: "CommonGround admin commands",
		Long: "CommonGround admin commands. Over SSH a facilitator runs them as\n" +
			"  ssh -p PORT HOST COMMAND [flags]\n" +
			"for example: ssh -p 2222 HOST export CODE --format md > report.md",
	}
	root.AddCommand(Commands(&Host{Open: func() (*session.Hub, Caller, func() error, error) {
		return hub, caller, func() error { return nil }, nil
	}, Files: caller.Admin})...)
	root.SetIn(stdin)
	return Execute(root, args, stdout, stderr)
}

// Commands returns the admin commands (workshop, export, backup) running on host,
// for a root command to add. Run wraps them in its own root; the server
// host's command line adds them to its own, beside serve.
func Commands(host *Host) []*cobra.Command {
	return []*cobra.Command{workshopCommand(host), cohortCommand(host), agendaCommand(host), exportCommand(host), backupCommand(host)}
}

// job is one admin command, ready to run directly against a hub or to be
// sent to a running server.
type job struct {
	// remote returns the command line that does the same on a running
	// server, with everything that names a file on this host resolved here.
	remote func() ([]string, error)
	// output is a file to write the result to instead of stdout (export -o).
	output string
	// input is sent to a running server as the command's standard input.
	input []byte
	// private makes output readable by its owner alone (a backup).
	private bool
	// adminOnly, when set, refuses every caller but Admin with this reason.
	adminOnly string
	// run does the work.
	run func(w io.Writer, hub *session.Hub, caller Caller) error
}

// do runs j: directly when the store can be opened, else through the
// running server.
func (h *Host) do(c *cobra.Command, j job) (err error) {
	hub, caller, closeStore, err := h.Open()
	if errors.Is(err, session.ErrLocked) && h.Forward != nil {
		return h.forward(c, j)
	}
	if err != nil {
		return err
	}
	defer func() {
		if cerr := closeStore(); cerr != nil && err == nil {
			err = fmt.Errorf("close the store: %w", cerr)
		}
	}()
	if j.adminOnly != "" && !caller.Admin {
		return exercises.Errorf(exercises.EForbidden, "%s", j.adminOnly)
	}
	if j.output != "" && !caller.Admin {
		return exercises.Errorf(exercises.EForbidden,
			"-o writes a file on the server, which only its administrator may do; leave out -o and redirect the output instead (... > %s)", j.output)
	}
	return j.write(c, func(w io.Writer) error {
		if err := j.run(w, hub, caller); err != nil {
			return caller.visible(err)
		}
		return nil
	})
}

// forward sends j to the running server.
func (h *Host) forward(c *cobra.Command, j job) error {
	args, err := j.remote()
	if err != nil {
		return err
	}
	return j.write(c, func(w io.Writer) error {
		code, err := h.Forward(args, bytes.NewReader(j.input), w, c.ErrOrStderr())
		if err != nil {
			return fmt.Errorf("the store is in use: %w", err)
		}
		if code != 0 {
			return exitCode(code) // the server has said why
		}
		return nil
	})
}

// write runs fn with the command's stdout, or with j.output if it names a
// file. The file is written aside, as FILE.partial, and renamed once fn
// succeeded and the data is on disk: a failed command leaves no
// half-written file (a half backup would restore a damaged store).
func (j job) write(c *cobra.Command, fn func(io.Writer) error) error {
	if j.output == "" {
		return fn(c.OutOrStdout())
	}
	perm := os.FileMode(0o666) // before the umask, like a shell redirection
	if j.private {
		perm = 0o600
	}
	tmp := j.output + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: another command is writing %s, or one was interrupted (then delete %s)", tmp, j.output, tmp)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", j.output, err)
	}
	err = fn(f)
	if err == nil {
		if serr := f.Sync(); serr != nil {
			err = fmt.Errorf("write %s: %w", j.output, serr)
		}
	}
	n, _ := f.Seek(0, io.SeekCurrent) // the bytes written, for the message
	if cerr := f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("write %s: %w", j.output, cerr)
	}
	if err == nil {
		err = os.Rename(tmp, j.output)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	fmt.Fprintf(c.ErrOrStderr(), "Wrote %s (%d bytes).\n", j.output, n)
	return nil
}

// exitCode ends a command with a code after it has said why itself.
type exitCode int

func (e exitCode) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// failure marks an error returned by a command's RunE, as opposed to one
// cobra returns for bad usage.
type failure struct{ err error }

func (f failure) Error() string { return f.err.Error() }
func (f failure) Unwrap() error { return f.err }

// Execute runs the command tree root on args, writing to stdout and stderr,
// and returns the exit code (see Status): the plain form, for commands run
// over SSH. Errors returned by a command's RunE are failures, printed as
// "Error: ..."; every other error is cobra's usage error, printed with the
// command's usage. It changes root (see Prepare), so build a fresh tree for
// each call.
func Execute(root *cobra.Command, args []string, stdout, stderr io.Writer) int {
	Prepare(root, args, stdout, stderr)
	root.CompletionOptions.DisableDefaultCmd = true // no shell to complete in over SSH
	c, err := root.ExecuteC()
	PrintError(stderr, c, err)
	return Status(err)
}

// PrintError tells the person what went wrong, in plain text: nothing for
// no error or one a command has said itself, "Error: ..." for a failure,
// and for bad usage the error and the usage of c, the command the
// arguments reached.
func PrintError(w io.Writer, c *cobra.Command, err error) {
	switch code := Status(err); {
	case code == 0 || Said(err):
	case code == 1 || c == nil:
		fmt.Fprintf(w, "Error: %v\n", err)
	default:
		fmt.Fprintf(w, "Error: %v\n\n%s", err, c.UsageString())
	}
}

// Prepare readies the command tree root to run on args, writing to stdout
// and stderr: errors are returned, not printed, and every command's RunE
// marks its errors as failures, which Status tells from usage errors.
func Prepare(root *cobra.Command, args []string, stdout, stderr io.Writer) {
	root.SetArgs(append([]string{}, args...)) // never nil: cobra would read os.Args
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SilenceErrors = true
	root.SilenceUsage = true
	markFailures(root)
}

// Status is the exit code of a prepared tree's run that ended with err: 0
// for none, the code a command chose after saying why itself (see Said), 1
// for a command's failure and 2 for bad usage.
func Status(err error) int {
	var code exitCode
	switch {
	case err == nil:
		return 0
	case errors.As(err, &code):
		return int(code)
	case errors.As(err, new(failure)):
		return 1
	default:
		return 2
	}
}

// Said reports whether err ends a command that has already told the person
// why, such as a command forwarded to the server: nothing more is printed.
func Said(err error) bool { return errors.As(err, new(exitCode)) }

// markFailures wraps the RunE of every command in the tree so that Execute
// can tell its errors from cobra's usage errors.
func markFailures(c *cobra.Command) {
	c.RunE = failing(c.RunE)
	// Reading the configuration (the environment, the file) is not usage.
	c.PersistentPreRunE = failing(c.PersistentPreRunE)
	for _, sub := range c.Commands() {
		markFailures(sub)
	}
}

// failing marks the errors of run as failures; nil stays nil.
func failing(run func(*cobra.Command, []string) error) func(*cobra.Command, []string) error {
	if run == nil {
		return nil
	}
	return func(c *cobra.Command, args []string) error {
		if err := run(c, args); err != nil {
			return failure{err}
		}
		return nil
	}
}

// group is a command that only holds subcommands: alone it prints its help,
// with anything else it is a usage error naming the unknown subcommand.
func group(c *cobra.Command) *cobra.Command {
	c.Args = cobra.NoArgs
	c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	return c
}
