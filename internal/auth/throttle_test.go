package auth

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

func from(addr string) context.Context {
	return WithClient(context.Background(), netip.MustParseAddr(addr))
}

// The case: 25 wrong passwords in a row, then the right one. The
// e-mail is locked at the 10th failure: from then on every attempt, the
// right one too, answers "too many" with a Retry-After, until the lock
// ends; the lock is the e-mail's, whatever address the attempts come from.
func TestSignInThrottledPerEmail(t *testing.T) {
	t.Parallel()
	s, now := setup(t)
	if _, err := s.SignUp(context.Background(), "ana@example.com", "long enough password"); err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		ctx := from(fmt.Sprintf("198.51.100.%d", i)) // a different address each time
		_, err := s.SignIn(ctx, "ana@example.com", "wrong password!!")
		want := centavo.EUNAUTHORIZED
		if i >= DefaultLimits.EmailFailures {
			want = centavo.ETOOMANY
		}
		if centavo.ErrorCode(err) != want {
			t.Fatalf("attempt %d: %v, want %s", i+1, err, want)
		}
	}
	_, err := s.SignIn(from("203.0.113.9"), "ana@example.com", "long enough password")
	if centavo.ErrorCode(err) != centavo.ETOOMANY || centavo.RetryAfter(err) <= 0 || centavo.RetryAfter(err) > DefaultLimits.Window {
		t.Fatalf("the right password after 25 wrong ones: %v (retry after %v), want too_many_requests", err, centavo.RetryAfter(err))
	}
	if !strings.Contains(centavo.ErrorMessage(err), "try again in 15 minutes") {
		t.Errorf("message %q", centavo.ErrorMessage(err))
	}
	// A minute later the wait is shorter; once the lock ends, the right
	// password signs in and wipes the e-mail's failures.
	*now = now.Add(time.Minute)
	if _, err := s.SignIn(context.Background(), "ana@example.com", "long enough password"); centavo.RetryAfter(err) != DefaultLimits.Window-time.Minute {
		t.Fatalf("a minute later: %v, retry after %v", err, centavo.RetryAfter(err))
	}
	*now = now.Add(DefaultLimits.Window)
	for round := range 2 {
		for i := range DefaultLimits.EmailFailures - 1 {
			if _, err := s.SignIn(context.Background(), "ana@example.com", "wrong password!!"); centavo.ErrorCode(err) != centavo.EUNAUTHORIZED {
				t.Fatalf("round %d, failure %d: %v", round, i+1, err)
			}
		}
		if _, err := s.SignIn(context.Background(), "ana@example.com", "long enough password"); err != nil {
			t.Fatalf("round %d, after %d failures: %v", round, DefaultLimits.EmailFailures-1, err)
		}
	}
}

// One address failing on many e-mails is locked out of every e-mail (and
// of sign-up), a known one with its right password too; other addresses
// are not.
func TestSignInThrottledPerClient(t *testing.T) {
	t.Parallel()
	s, now := setup(t)
	ctx := context.Background()
	if _, err := s.SignUp(ctx, "bo@example.com", "long enough password"); err != nil {
		t.Fatal(err)
	}
	attacker := from("192.0.2.7")
	for i := range DefaultLimits.ClientFailures {
		if _, err := s.SignIn(attacker, fmt.Sprintf("guess%d@example.com", i), "wrong password!!"); centavo.ErrorCode(err) != centavo.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	if _, err := s.SignIn(attacker, "bo@example.com", "long enough password"); centavo.ErrorCode(err) != centavo.ETOOMANY || centavo.RetryAfter(err) <= 0 {
		t.Fatalf("a locked address signing in: %v", err)
	}
	if _, err := s.SignUp(attacker, "new@example.com", "long enough password"); centavo.ErrorCode(err) != centavo.ETOOMANY {
		t.Fatalf("a locked address signing up: %v", err)
	}
	// The same /64 of IPv6 is one client; IPv4-mapped is the IPv4 address.
	if _, err := s.SignIn(from("::ffff:192.0.2.7"), "bo@example.com", "long enough password"); centavo.ErrorCode(err) != centavo.ETOOMANY {
		t.Fatalf("the same address, IPv4-mapped: %v", err)
	}
	if _, err := s.SignIn(from("192.0.2.8"), "bo@example.com", "long enough password"); err != nil {
		t.Fatalf("another address: %v", err)
	}
	v6 := from("2001:db8:1:2::1")
	for i := range DefaultLimits.ClientFailures {
		_, _ = s.SignIn(v6, fmt.Sprintf("v6guess%d@example.com", i), "wrong password!!")
	}
	if _, err := s.SignIn(from("2001:db8:1:2:ffff::9"), "bo@example.com", "long enough password"); centavo.ErrorCode(err) != centavo.ETOOMANY {
		t.Fatalf("another address of the same /64: %v", err)
	}
	if _, err := s.SignIn(from("2001:db8:1:3::1"), "bo@example.com", "long enough password"); err != nil {
		t.Fatalf("another /64: %v", err)
	}
	*now = now.Add(DefaultLimits.Window)
	if _, err := s.SignIn(attacker, "bo@example.com", "long enough password"); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

// Sign-ups per client address per hour; a sign-up to a taken e-mail is a
// failure of the address.
func TestSignUpThrottledPerClient(t *testing.T) {
	t.Parallel()
	s, now := setup(t)
	s.SetLimits(Limits{EmailFailures: 10, ClientFailures: 3, Window: 15 * time.Minute, SignupsPerHour: 2, HashWait: time.Second})
	c := from("192.0.2.10")
	for i := range 2 {
		if _, err := s.SignUp(c, fmt.Sprintf("u%d@example.com", i), "long enough password"); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.SignUp(c, "u2@example.com", "long enough password")
	if centavo.ErrorCode(err) != centavo.ETOOMANY || centavo.RetryAfter(err) != time.Hour {
		t.Fatalf("third sign-up in an hour: %v (retry after %v)", err, centavo.RetryAfter(err))
	}
	if _, err := s.SignUp(from("192.0.2.11"), "u2@example.com", "long enough password"); err != nil {
		t.Fatalf("another address: %v", err)
	}
	*now = now.Add(time.Hour)
	if _, err := s.SignUp(c, "u3@example.com", "long enough password"); err != nil {
		t.Fatalf("an hour later: %v", err)
	}
	// Probing taken e-mails: the third conflict locks the address.
	probe := from("192.0.2.12")
	for i := range 3 {
		if _, err := s.SignUp(probe, fmt.Sprintf("u%d@example.com", i), "long enough password"); centavo.ErrorCode(err) != centavo.ECONFLICT {
			t.Fatalf("probe %d: %v", i, err)
		}
	}
	if _, err := s.SignUp(probe, "fresh@example.com", "long enough password"); centavo.ErrorCode(err) != centavo.ETOOMANY {
		t.Fatalf("after three taken e-mails: %v", err)
	}
	// Without a client address (the service called directly) only the
	// e-mail is throttled.
	for i := range 5 {
		if _, err := s.SignUp(context.Background(), fmt.Sprintf("direct%d@example.com", i), "long enough password"); err != nil {
			t.Fatal(err)
		}
	}
}

// With every hash slot taken, sign-in and sign-up answer "unavailable"
// with a Retry-After once HashWait has passed, for a known e-mail as for
// an unknown one, and count no failure.
func TestHashSlotBound(t *testing.T) {
	t.Parallel()
	s, _ := setup(t)
	ctx := from("192.0.2.20")
	if _, err := s.SignUp(context.Background(), "cy@example.com", "long enough password"); err != nil {
		t.Fatal(err)
	}
	lim := DefaultLimits
	lim.HashWait = time.Millisecond
	s.SetLimits(lim)
	release := s.holdHashSlots()
	for _, email := range []string{"cy@example.com", "nobody@example.com"} {
		for range DefaultLimits.EmailFailures + 1 {
			_, err := s.SignIn(ctx, email, "wrong password!!")
			if centavo.ErrorCode(err) != centavo.EUNAVAILABLE || centavo.RetryAfter(err) != busyRetry {
				t.Fatalf("sign-in to %s with no hash slot: %v (retry after %v)", email, err, centavo.RetryAfter(err))
			}
		}
	}
	if _, err := s.SignUp(ctx, "dee@example.com", "long enough password"); centavo.ErrorCode(err) != centavo.EUNAVAILABLE {
		t.Fatalf("sign-up with no hash slot: %v", err)
	}
	release()
	if _, err := s.SignIn(ctx, "cy@example.com", "long enough password"); err != nil {
		t.Fatalf("a slot free again: %v (busy answers must not count as failures)", err)
	}
}

// The hash checked for an unknown e-mail is made with the configured
// argon2 parameters, not the defaults: otherwise an unknown e-mail answers
// faster (or slower) than a known one.
func TestDummyHashUsesConfiguredParams(t *testing.T) {
	t.Parallel()
	s := New(nil, time.Now)
	s.SetHashCost(2048, 2)
	want := fmt.Sprintf("$argon2id$v=19$m=2048,t=2,p=%d$", defaultParams.threads)
	if h := s.dummy(); !strings.HasPrefix(h, want) {
		t.Fatalf("dummy hash %q, want the configured parameters %q", h, want)
	}
	real, err := s.hash(context.Background(), "a password of someone")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(real, want) {
		t.Fatalf("a user's hash %q", real)
	}
}

// holdHashSlots takes every hash slot, as concurrent sign-ins would.
func (s *Service) holdHashSlots() (release func()) {
	for range cap(s.hashing) {
		s.hashing <- struct{}{}
	}
	return func() {
		for range cap(s.hashing) {
			<-s.hashing
		}
	}
}
