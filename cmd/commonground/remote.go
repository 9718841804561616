package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"regexp"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// dialTimeout bounds connecting to the running server.
const dialTimeout = 10 * time.Second

// forward runs an admin command line on the server that holds the store, as
// admin.Host.Forward: over SSH to the address in DATA/server.json, with the
// admin key from the data directory, trusting only the server's own host
// key. It streams the output and returns the command's exit code.
func (c Config) forward(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	data, err := os.ReadFile(c.serverInfoPath())
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("no running server is recorded in %s: another commonground command may be using the store (try again), or a server is still starting", c.serverInfoPath())
	}
	if err != nil {
		return 0, err
	}
	var info serverInfo
	if err := json.Unmarshal(data, &info); err != nil {
		return 0, fmt.Errorf("read %s: %w", c.serverInfoPath(), err)
	}
	adminKey, err := readKey(c.adminKeyPath())
	if err != nil {
		return 0, fmt.Errorf("admin key: %w", err)
	}
	hostKey, err := readKey(c.hostKeyPath())
	if err != nil {
		return 0, fmt.Errorf("host key: %w", err)
	}
	addr, err := dialAddr(info.Addr)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", c.serverInfoPath(), err)
	}
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "admin", // any name: a session with a command is never routed by it
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(adminKey)},
		HostKeyCallback: gossh.FixedHostKey(hostKey.PublicKey()),
		Timeout:         dialTimeout,
	})
	if err != nil {
		return 0, fmt.Errorf("connect to the server at %s (pid %d): %w", addr, info.PID, err)
	}
	defer client.Close()
	stop := context.AfterFunc(ctx, func() { client.Close() }) // Ctrl-C ends the command
	defer stop()
	sess, err := client.NewSession()
	if err != nil {
		return 0, fmt.Errorf("open a session on the server: %w", err)
	}
	defer sess.Close()
	sess.Stdin, sess.Stdout, sess.Stderr = stdin, stdout, stderr
	err = sess.Run(shellQuote(args))
	var exit *gossh.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit):
		return exit.ExitStatus(), nil
	case ctx.Err() != nil:
		return 0, ctx.Err()
	}
	return 0, fmt.Errorf("run the command on the server: %w", err)
}

// dialAddr is where to reach a server listening on addr from its own host:
// a wildcard address is reached on localhost.
func dialAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port), nil
}

// plainArg matches an argument a POSIX shell reads as it is.
var plainArg = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote joins args into a command line that the server splits back
// into the same args, as a POSIX shell would, except for empty arguments:
// the server's lexer (go-shlex) drops them, so flags go as --flag=value.
func shellQuote(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		if plainArg.MatchString(a) {
			quoted[i] = a
		} else {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(quoted, " ")
}
