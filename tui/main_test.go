package tui

import (
	"flag"
	"os"
	"testing"
)

// TestMain draws every shared participant screen twice, shared and on its
// own, in every test of the package (VerifySharedFrames), unless benchmarks
// run: they measure what a server pays.
func TestMain(m *testing.M) {
	flag.Parse()
	if flag.Lookup("test.bench").Value.String() == "" {
		VerifySharedFrames()
	}
	os.Exit(m.Run())
}
