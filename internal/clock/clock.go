// Package clock is where Centavo reads the time. Real is the one call of
// time.Now in the service; everything else is handed a clock (a func() time.Time)
// from the composition root, so a test, or a demo, can run Centavo as if it
// were any instant: a month's first minute, a leap day, New Year's Eve.
//
// Two kinds of time are read through it. Business time (the month a
// transaction counts in, a download window, a token's expiry, the day a
// refresh is planned for) comes from the injected clock. Machine time (a
// socket deadline, the instant River should run a job, a breaker's pause)
// must agree with the operating system and the queue, so it comes from Real
// even when the injected clock is shifted; Machine converts between the two.
package clock

import (
	"fmt"
	"strings"
	"time"
)

// Real reads the machine's clock.
func Real() time.Time { return time.Now() }

// Starting returns a clock that reads at when it is made and then advances
// with the machine's clock: durations measured on it are real durations, so
// timeouts, token lifetimes and the day turning all behave as they would on
// that date.
func Starting(at time.Time) func() time.Time {
	offset := at.Sub(Real())
	return func() time.Time { return Real().Add(offset) }
}

// Frozen returns a clock that always reads at (for unit tests of date logic).
func Frozen(at time.Time) func() time.Time {
	return func() time.Time { return at }
}

// Machine converts an instant on the clock now to the machine's clock: the
// same distance from the machine's present as t is from the clock's. Use it
// for instants handed to the job queue, which schedules on the machine's time.
func Machine(now func() time.Time, t time.Time) time.Time {
	return Real().Add(t.Sub(now()))
}

// Parse reads an instant for Starting: RFC 3339, with or without fractional
// seconds ("2027-03-01T00:00:30Z").
func Parse(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("want an RFC 3339 instant such as 2027-03-01T00:00:30Z, got %q", s)
	}
	return t.UTC(), nil
}
