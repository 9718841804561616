package lazy

import "testing"

// TestPanicDoesNotCount: a function that panics leaves the Once not done,
// so the next Do runs its function; one that returns makes it done.
func TestPanicDoesNotCount(t *testing.T) {
	var o Once
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the panic did not reach the caller")
			}
		}()
		o.Do(func() { panic("a bug") })
	}()
	runs := 0
	o.Do(func() { runs++ })
	o.Do(func() { runs++ })
	if runs != 1 {
		t.Fatalf("after the panic the next functions ran %d times, want 1", runs)
	}
}
