package admin

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"commonground/exercises"
)

// ParseAuthorizedKeys reads public keys in authorized_keys format (one per
// line; blank lines and # comments skipped) and returns their identity IDs
// ("SHA256:..." fingerprints) in file order. Lines that are not keys are
// skipped and reported, with their line numbers, in err; the IDs of the
// other lines are returned all the same.
func ParseAuthorizedKeys(data []byte) (ids []string, err error) {
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20) // long RSA keys with options
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pub, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: not a public key (%v)", n, err))
			continue
		}
		ids = append(ids, gossh.FingerprintSHA256(pub))
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	return ids, errors.Join(errs...)
}

// keyIDs turns --facilitator-key values into identity IDs. A value is a
// fingerprint ("SHA256:..."), a public key ("ssh-ed25519 AAAA... comment"),
// or, when files may be read, a file of keys in authorized_keys format.
// Errors are EInvalid.
func keyIDs(values []string, readFiles bool) ([]string, error) {
	var ids []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if isFingerprint(v) {
			ids = append(ids, v)
			continue
		}
		if pub, _, _, _, err := gossh.ParseAuthorizedKey([]byte(v)); err == nil {
			ids = append(ids, gossh.FingerprintSHA256(pub))
			continue
		}
		if !readFiles {
			return nil, exercises.Errorf(exercises.EInvalid,
				"--facilitator-key %q is neither a public key (\"ssh-ed25519 AAAA...\") nor a fingerprint (\"SHA256:...\"); over SSH a key cannot be named by a file", v)
		}
		data, err := os.ReadFile(v)
		if err != nil {
			return nil, exercises.Errorf(exercises.EInvalid,
				"--facilitator-key %q is neither a public key, a fingerprint nor a readable file: %v", v, err)
		}
		fromFile, err := ParseAuthorizedKeys(data)
		if err != nil {
			return nil, exercises.Errorf(exercises.EInvalid, "--facilitator-key %s: %v", v, err)
		}
		if len(fromFile) == 0 {
			return nil, exercises.Errorf(exercises.EInvalid, "--facilitator-key %s: the file holds no public key", v)
		}
		ids = append(ids, fromFile...)
	}
	return ids, nil
}

// isFingerprint reports whether s is an identity ID: "SHA256:" and the
// unpadded base64 of a SHA-256 sum, as gossh.FingerprintSHA256 writes it.
func isFingerprint(s string) bool {
	sum, ok := strings.CutPrefix(s, "SHA256:")
	if !ok {
		return false
	}
	b, err := base64.RawStdEncoding.DecodeString(sum)
	return err == nil && len(b) == 32
}
