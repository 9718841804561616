package loadtest

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Latencies summarises a set of durations.
type Latencies struct {
	N    int           `json:"n"`
	P50  time.Duration `json:"p50_ns"`
	P95  time.Duration `json:"p95_ns"`
	P99  time.Duration `json:"p99_ns"`
	Max  time.Duration `json:"max_ns"`
	Mean time.Duration `json:"mean_ns"`
}

// Summarize computes percentiles by the nearest-rank method.
func Summarize(ds []time.Duration) Latencies {
	if len(ds) == 0 {
		return Latencies{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return Latencies{N: len(s), P50: rank(0.50), P95: rank(0.95), P99: rank(0.99), Max: s[len(s)-1], Mean: sum / time.Duration(len(s))}
}

// String formats the summary in milliseconds.
func (l Latencies) String() string {
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) }
	return fmt.Sprintf("p50 %s ms  p95 %s ms  p99 %s ms  max %s ms  (n=%d)", ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max), l.N)
}

// ProcStat is a process's resident memory and CPU time, read from /proc.
type ProcStat struct {
	RSS     int64         // bytes
	CPUTime time.Duration // user + system
}

// clockTicks is the kernel's USER_HZ, fixed at 100 on Linux for /proc/*/stat.
const clockTicks = 100

// ReadProc reads /proc/PID/status and /proc/PID/stat.
func ReadProc(pid int) (ProcStat, error) {
	var st ProcStat
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, fmt.Errorf("read process status: %w", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				if err != nil {
					return st, fmt.Errorf("parse VmRSS %q: %w", rest, err)
				}
				st.RSS = kb * 1024
			}
		}
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return st, fmt.Errorf("read process stat: %w", err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(stat)
	end := strings.LastIndexByte(s, ')')
	if end < 0 {
		return st, fmt.Errorf("unexpected /proc/%d/stat format", pid)
	}
	f := strings.Fields(s[end+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return st, fmt.Errorf("unexpected /proc/%d/stat format", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return st, fmt.Errorf("parse cpu times in /proc/%d/stat", pid)
	}
	st.CPUTime = time.Duration(utime+stime) * time.Second / clockTicks
	return st, nil
}
