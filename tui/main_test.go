package tui

import (
	"os"
	"testing"
)

// TestMain draws every shared participant screen twice, shared and on its
// own, in every test of the package (VerifySharedFrames).
func TestMain(m *testing.M) {
	VerifySharedFrames()
	os.Exit(m.Run())
}
