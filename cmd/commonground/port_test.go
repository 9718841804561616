package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOfflineJoinCommandsUseTheServersPort: with no server holding the
// store, `workshop show` and `list` print join commands with the port
// DATA/server.json records the server listening on, else --addr's.
func TestOfflineJoinCommandsUseTheServersPort(t *testing.T) {
	data := t.TempDir()
	c := Config{Data: data, Addr: ":2222"}
	if got := c.port(); got != 2222 {
		t.Fatalf("without server.json: port %d, want --addr's 2222", got)
	}
	c.Addr = ""
	if got := c.port(); got != 0 {
		t.Fatalf("without server.json or --addr: port %d, want 0 (the default)", got)
	}
	c.Addr = ":2222"
	if err := os.WriteFile(filepath.Join(data, "server.json"), []byte(`{"addr":"[::]:2301","pid":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := c.port(); got != 2301 {
		t.Fatalf("with server.json on 2301: port %d", got)
	}
	if err := os.WriteFile(filepath.Join(data, "server.json"), []byte(`{not json`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := c.port(); got != 2222 {
		t.Fatalf("with a damaged server.json: port %d, want --addr's", got)
	}
}
