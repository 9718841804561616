// Command commonground runs a CommonGround server, the workshop facilitator
// that lives in the terminal, and the admin commands on its host:
//
//	commonground                      start the server (the same as `commonground serve`)
//	commonground workshop new|list|show
//	commonground export CODE --format md|csv|json|html [-o FILE]
//	commonground backup FILE          a consistent copy of the store, while the server runs
//	commonground check                verify the store: the file and every workshop's log
//
// Configuration comes from flags, then COMMONGROUND_* environment
// variables; `commonground --help` lists them.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// version is the release, set at build time with
// -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
