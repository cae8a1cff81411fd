// Package benchtest holds what the benchmarks share: the process's memory
// as Linux reports it in /proc/self/status.
package benchtest

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// ResetPeakRSS sets the process's peak RSS (VmHWM) back to its current RSS
// and returns that, in bytes; the benchmark is skipped where /proc cannot.
func ResetPeakRSS(b testing.TB) int64 {
	b.Helper()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Skipf("cannot reset the peak RSS here: %v", err)
	}
	return procStatus(b, "VmRSS:")
}

// PeakRSS is the process's peak RSS (VmHWM), in bytes.
func PeakRSS(b testing.TB) int64 { return procStatus(b, "VmHWM:") }

// procStatus reads a "kB" line of /proc/self/status, in bytes.
func procStatus(b testing.TB, key string) int64 {
	b.Helper()
	fh, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatalf("no %s in /proc/self/status", key)
	return 0
}
