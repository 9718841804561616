package admin_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"commonground/admin"
)

// fingerprint is the form of every identity ID: "SHA256:" and the unpadded
// base64 of a SHA-256 sum.
var fingerprint = regexp.MustCompile(`^SHA256:[A-Za-z0-9+/]{43}$`)

// FuzzParseAuthorizedKeys reads arbitrary facilitators files (the server
// operator's authorized_keys-style list, re-read while the server runs).
// Every ID it returns is a fingerprint, and lines are read one by one: each
// line that is neither blank nor a comment gives exactly one key or one
// reported error naming that line, whatever the lines around it hold.
func FuzzParseAuthorizedKeys(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 1<<20 {
			return // longer than the longest line ParseAuthorizedKeys reads
		}
		ids, err := admin.ParseAuthorizedKeys(data)
		for _, id := range ids {
			if !fingerprint.MatchString(id) {
				t.Fatalf("ParseAuthorizedKeys(%q) returned %q, not a fingerprint", data, id)
			}
		}
		var want []string
		bad := 0
		for n, line := range bytes.Split(data, []byte("\n")) {
			lineIDs, lineErr := admin.ParseAuthorizedKeys(line)
			trimmed := bytes.TrimSpace(line)
			content := len(trimmed) > 0 && trimmed[0] != '#'
			if got := len(lineIDs) + btoi(lineErr != nil); got != btoi(content) {
				t.Fatalf("line %q gives %d keys and error %v", line, len(lineIDs), lineErr)
			}
			if lineErr != nil {
				bad++
				if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d:", n+1)) {
					t.Fatalf("line %d (%q) is not a key, but the error for the file is %v", n+1, line, err)
				}
			}
			want = append(want, lineIDs...)
		}
		if !slices.Equal(ids, want) {
			t.Fatalf("ParseAuthorizedKeys(%q) = %q, line by line %q", data, ids, want)
		}
		if (err != nil) != (bad > 0) {
			t.Fatalf("ParseAuthorizedKeys(%q) reports %v with %d lines that are not keys", data, err, bad)
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
