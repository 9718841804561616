package uv

// A test of CommonGround's patch 02-shared-key-tables to this copy
// (see ../README.md and ../patches/ultraviolet): it fails on the upstream release.

import (
	"fmt"
	"reflect"
	"testing"
)

// sameTable reports whether two key tables are one map.
func sameTable(a, b map[string]Key) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// TestKeysTablesAreShared: patch 02-shared-key-tables. Readers of one
// terminal type share one table of about 120 KB (upstream built one per
// reader, that is per SSH participant), and terminal types beyond the first
// few get a table of their own, so that names a remote client makes up
// cannot grow the cache.
func TestKeysTablesAreShared(t *testing.T) {
	a := buildKeysTable(0, "commonground-test-term", false)
	if b := buildKeysTable(0, "commonground-test-term", false); !sameTable(a, b) {
		t.Fatal("two readers of one terminal type built two key tables")
	}
	if len(a) == 0 {
		t.Fatal("the shared key table is empty")
	}
	var last string
	for i := range 2 * maxSharedKeysTablesForTest {
		last = fmt.Sprintf("made-up-term-%d", i)
		buildKeysTable(0, last, false)
	}
	if sameTable(buildKeysTable(0, last, false), buildKeysTable(0, last, false)) {
		t.Fatalf("the table of terminal type %d was cached: the cache has no bound", 2*maxSharedKeysTablesForTest)
	}
}

// maxSharedKeysTablesForTest is the patch's bound, written out so that the
// test also compiles against the upstream release (and fails there).
const maxSharedKeysTablesForTest = 64
