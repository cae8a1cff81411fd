// Package clocktest gives tests the instant they run at: the machine's
// clock, or the one CENTAVO_TEST_NOW names, so that every test can be run as
// if it were a month's first minute, a leap day or New Year's Eve.
package clocktest

import (
	"os"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/clock"
)

// Env names the instant tests run at (RFC 3339); unset, they run now.
const Env = "CENTAVO_TEST_NOW"

// New returns the test's clock: when CENTAVO_TEST_NOW is set it reads that
// instant now and then advances in real time (so a test started at
// 23:59:30 sees the day turn); otherwise it is the machine's clock.
func New(tb testing.TB) func() time.Time {
	tb.Helper()
	at, ok := Instant(tb)
	if !ok {
		return clock.Real
	}
	return clock.Starting(at)
}

// InOneMonth is New for a test whose expectations hold within one calendar
// month (UTC): a budget's spending and its alerts. When the test's instant
// is less than span before its month ends, the clock starts span before
// the end instead (the same day, minutes earlier), so the month does not
// turn under the test; the month's turn is other tests' subject.
func InOneMonth(tb testing.TB, span time.Duration) func() time.Time {
	tb.Helper()
	at, ok := Instant(tb)
	if !ok {
		at = clock.Real()
	}
	y, m, _ := at.UTC().Date()
	end := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
	if end.Sub(at) >= span {
		if !ok {
			return clock.Real
		}
		return clock.Starting(at)
	}
	start := end.Add(-span)
	tb.Logf("clock: %s is less than %s before its month ends; starting at %s", at.Format(time.RFC3339), span, start.Format(time.RFC3339))
	return clock.Starting(start)
}

// Instant returns the instant of CENTAVO_TEST_NOW, if it is set; a value
// that is not RFC 3339 fails the test.
func Instant(tb testing.TB) (time.Time, bool) {
	tb.Helper()
	s := os.Getenv(Env)
	if s == "" {
		return time.Time{}, false
	}
	at, err := clock.Parse(s)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	return at, true
}

// Args returns the flags that start a centavo command on the clock now
// (["--now", <now>]), or none when the tests run on the machine's clock.
func Args(tb testing.TB, now func() time.Time) []string {
	tb.Helper()
	if _, ok := Instant(tb); !ok {
		return nil
	}
	return []string{"--now", now().UTC().Format(time.RFC3339Nano)}
}
