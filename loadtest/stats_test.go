package loadtest

import (
	"os"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, ms(i))
	}
	got := Summarize(ds)
	want := Latencies{N: 100, P50: ms(50), P95: ms(95), P99: ms(99), Max: ms(100), Mean: 50500 * time.Microsecond}
	if got != want {
		t.Fatalf("Summarize = %+v, want %+v", got, want)
	}
	if ds[0] != ms(100) {
		t.Fatal("Summarize reordered its input")
	}
	if (Summarize(nil) != Latencies{}) {
		t.Fatal("empty input gave a non-zero summary")
	}
	one := Summarize([]time.Duration{ms(7)})
	if one.P50 != ms(7) || one.P99 != ms(7) {
		t.Fatalf("one sample: %+v", one)
	}
}

func TestReadProcSelf(t *testing.T) {
	st, err := ReadProc(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if st.RSS <= 0 {
		t.Fatalf("RSS of the test process = %d", st.RSS)
	}
	if _, err := ReadProc(-1); err == nil {
		t.Fatal("no error for a process that cannot exist")
	}
}
