package auth

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"time"

	"github.com/centavo/centavo"
)

// Limits bound password guessing and account creation (docs/0026). The
// counts are kept in the memory of each API process.
type Limits struct {
	// EmailFailures failed sign-ins of one e-mail within Window lock that
	// e-mail for Window: every sign-in to it answers 429, the right
	// password too.
	EmailFailures int
	// ClientFailures failed sign-ins (any e-mail) and sign-ups to a taken
	// e-mail from one client address within Window lock that address out
	// of signing in and up for Window.
	ClientFailures int
	Window         time.Duration
	// SignupsPerHour is how many accounts one client address may create in
	// an hour; 0: no limit.
	SignupsPerHour int
	// HashWait is the longest a request waits for a password-hash slot
	// before it is answered 503.
	HashWait time.Duration
}

// DefaultLimits are the limits of a new Service.
var DefaultLimits = Limits{EmailFailures: 10, ClientFailures: 30, Window: 15 * time.Minute, SignupsPerHour: 20, HashWait: 5 * time.Second}

// busyRetry is the Retry-After of an answer refused for want of a hash slot.
const busyRetry = 2 * time.Second

// maxThrottled bounds the throttle's memory (keys: e-mails and addresses).
const maxThrottled = 100_000

type clientKey struct{}

// WithClient returns ctx carrying the network address of the client of the
// request: the HTTP layer sets it, and sign-in and sign-up count failures
// and sign-ups by it. Without one, only the e-mail is throttled.
func WithClient(ctx context.Context, addr netip.Addr) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// clientOf is the throttle's key of the request's client: an IPv4 address,
// or the /64 of an IPv6 one (what one subscriber usually gets); "" when
// the context has none.
func clientOf(ctx context.Context) string {
	addr, ok := ctx.Value(clientKey{}).(netip.Addr)
	if !ok || !addr.IsValid() {
		return ""
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// throttle counts failures by key in fixed windows; a key that reaches its
// limit is locked until its lock ends.
type throttle struct {
	mu      sync.Mutex
	entries map[string]*strikes
}

type strikes struct {
	n      int
	since  time.Time // start of the window that n counts in
	window time.Duration
	until  time.Time // locked until
}

func newThrottle() *throttle { return &throttle{entries: map[string]*strikes{}} }

// lockedFor is how long key stays locked (0: it is not).
func (t *throttle) lockedFor(key string, now time.Time) time.Duration {
	if key == "" {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.entries[key]; ok && now.Before(e.until) {
		return e.until.Sub(now)
	}
	return 0
}

// strike counts one failure of key; the limit-th within window locks key
// for window.
func (t *throttle) strike(key string, limit int, window time.Duration, now time.Time) {
	if key == "" || limit <= 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.entries[key]
	if !ok {
		if len(t.entries) >= maxThrottled && !t.makeRoom(now) {
			return // full of locked keys: this one goes uncounted
		}
		e = &strikes{}
		t.entries[key] = e
	}
	if now.Sub(e.since) >= window {
		e.n, e.since = 0, now
	}
	e.window = window
	e.n++
	if e.n >= limit {
		e.until, e.n, e.since = now.Add(window), 0, now
	}
}

// forget drops key's failures unless it is locked (the e-mail's owner
// signed in).
func (t *throttle) forget(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.entries[key]; ok && !now.Before(e.until) {
		delete(t.entries, key)
	}
}

// makeRoom drops the entries whose window and lock are over, then, if the
// map is still full, unlocked entries (locks are what matters); it reports
// whether there is room. Called with mu held.
func (t *throttle) makeRoom(now time.Time) bool {
	for k, e := range t.entries {
		if !now.Before(e.until) && now.Sub(e.since) >= e.window {
			delete(t.entries, k)
		}
	}
	for k, e := range t.entries {
		if len(t.entries) < maxThrottled*9/10 {
			break
		}
		if !now.Before(e.until) {
			delete(t.entries, k)
		}
	}
	return len(t.entries) < maxThrottled
}

// tooMany is the answer to a locked e-mail or address.
func tooMany(wait time.Duration) error {
	mins := int((wait + time.Minute - 1) / time.Minute)
	return &centavo.Error{Code: centavo.ETOOMANY, RetryAfter: wait,
		Message: fmt.Sprintf("too many attempts: try again in %d minute%s", mins, plural(mins))}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Keys of the throttle.
func emailKey(e string) string { return "email " + e }
func failKey(c string) string {
	if c == "" {
		return ""
	}
	return "client " + c
}
func signupKey(c string) string {
	if c == "" {
		return ""
	}
	return "signup " + c
}
