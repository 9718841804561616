package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"

	"commonground/etcdstore"
)

// loadOrCreateKey returns the ed25519 key at path, creating it (mode 0600,
// OpenSSH format) if there is none.
func loadOrCreateKey(path, comment string) (gossh.Signer, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := newKeyFile(path, comment); err != nil {
			return nil, err
		}
	}
	return readKey(path)
}

// newKeyFile writes a new ed25519 private key to path.
func newKeyFile(path, comment string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("generate key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, comment)
	if err != nil {
		return fmt.Errorf("encode key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create key directory: %w", err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return fmt.Errorf("write key %s: %w", path, err)
	}
	return nil
}

// readKey parses the private key at path.
func readKey(path string) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("read key %s: %w", path, err)
	}
	return signer, nil
}

// shareKey makes the key file at path the one the cluster shares under
// name: the cluster's if it has one, else this node's own (created if
// there is none), which then becomes the cluster's.
func shareKey(store *etcdstore.Store, name, path, comment string) error {
	shared, err := store.SharedKey(name, func() ([]byte, error) {
		if _, err := loadOrCreateKey(path, comment); err != nil {
			return nil, err
		}
		return os.ReadFile(path)
	})
	if err != nil {
		return fmt.Errorf("the %s key of the cluster: %w", name, err)
	}
	if _, err := gossh.ParsePrivateKey(shared); err != nil {
		return fmt.Errorf("the %s key the cluster holds: %w", name, err)
	}
	if mine, err := os.ReadFile(path); err == nil && bytes.Equal(mine, shared) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create key directory: %w", err)
	}
	if err := os.WriteFile(path, shared, 0o600); err != nil {
		return fmt.Errorf("write the cluster's %s key to %s: %w", name, path, err)
	}
	return nil
}
