package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/store"
)

// Quota keeps the requests to institutions within the limits their
// connectors declare (connector.Limited). The counts live in the database
// (store.Quota, the cluster's first shard), so every worker and API process
// reads the same numbers; one-at-a-time per host holds within a process.
// See docs/0012-daily-refresh.md, "Quotas".
type Quota struct {
	Counts store.Quota
	Now    func() time.Time
	// Exempt names the servers without limits: this process's own sandbox
	// bank, served in process (it protects no bank). nil: none.
	Exempt func(*url.URL) bool

	mu   sync.Mutex
	busy map[string]chan struct{} // host → held while a request to it runs
}

// limit is one counted limit that applies to a request.
type limit struct {
	key    string
	window time.Duration
	max    int
}

// limitsOf lists the counted limits of a request to the account's
// institution with these credentials, the tightest window first (a refused
// request then wastes no day's count), and the host held one at a time.
func (q *Quota) limitsOf(conn connector.Connector, a centavo.Account, creds centavo.Credentials) (list []limit, host string) {
	l, ok := conn.(connector.Limited)
	if !ok {
		return nil, ""
	}
	lim := l.Limits()
	if u, err := url.Parse(a.Institution.URL); err == nil {
		if q.Exempt != nil && q.Exempt(u) {
			return nil, ""
		}
		host = u.Hostname()
	}
	if lim.PerHostPerMinute > 0 && host != "" {
		list = append(list, limit{key: a.Connector + ":host-minute:" + host, window: time.Minute, max: lim.PerHostPerMinute})
	}
	if lim.PerAccessPerDay > 0 {
		list = append(list, limit{key: a.Connector + ":access-day:" + accessKey(a, creds), window: 24 * time.Hour, max: lim.PerAccessPerDay})
	}
	if !lim.OneAtATimePerHost {
		host = ""
	}
	return list, host
}

// accessKey names one set of credentials at one institution without
// holding them: a hash (a SimpleFIN access URL is a long random secret).
func accessKey(a centavo.Account, creds centavo.Credentials) string {
	h := sha256.Sum256([]byte(a.Connector + "\x00" + a.Institution.URL + "\x00" + creds.Login + "\x00" + creds.Password))
	return hex.EncodeToString(h[:16])
}

// windowOf is the window of the given length that now falls in: a UTC
// minute, a UTC day.
func windowOf(now time.Time, d time.Duration) time.Time { return now.UTC().Truncate(d) }

// Take counts one request to the account's institution. If a limit is
// reached, wait says how long until its window ends and nothing more is
// counted; otherwise release must be called when the request is done.
func (q *Quota) Take(ctx context.Context, conn connector.Connector, a centavo.Account, creds centavo.Credentials) (release func(), wait time.Duration, err error) {
	release = func() {}
	if q == nil {
		return release, 0, nil
	}
	limits, host := q.limitsOf(conn, a, creds)
	if host != "" {
		if release, err = q.hold(ctx, a.Connector+":"+host); err != nil {
			return func() {}, 0, err
		}
	}
	now := q.Now()
	for _, l := range limits {
		w := windowOf(now, l.window)
		ok, err := q.Counts.TakeRequest(ctx, l.key, w, l.max)
		if err != nil {
			release()
			return func() {}, 0, fmt.Errorf("account: quota: %w", err)
		}
		if !ok {
			release()
			return func() {}, w.Add(l.window).Sub(now), nil
		}
	}
	return release, 0, nil
}

// Room says how long until a request to the account's institution would be
// within every limit (0: now). It counts nothing.
func (q *Quota) Room(ctx context.Context, conn connector.Connector, a centavo.Account, creds centavo.Credentials) (time.Duration, error) {
	if q == nil {
		return 0, nil
	}
	limits, _ := q.limitsOf(conn, a, creds)
	now := q.Now()
	var wait time.Duration
	for _, l := range limits {
		w := windowOf(now, l.window)
		n, err := q.Counts.RequestCount(ctx, l.key, w)
		if err != nil {
			return 0, fmt.Errorf("account: quota: %w", err)
		}
		if n >= l.max {
			wait = max(wait, w.Add(l.window).Sub(now))
		}
	}
	return wait, nil
}

// hold waits until no other request of this process runs against the host.
func (q *Quota) hold(ctx context.Context, host string) (func(), error) {
	q.mu.Lock()
	if q.busy == nil {
		q.busy = map[string]chan struct{}{}
	}
	ch, ok := q.busy[host]
	if !ok {
		ch = make(chan struct{}, 1)
		q.busy[host] = ch
	}
	q.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TakeRequest counts a request the account's job is about to make (see
// Quota.Take).
func (s *Service) TakeRequest(ctx context.Context, conn connector.Connector, a centavo.Account, creds centavo.Credentials) (func(), time.Duration, error) {
	return s.Quota.Take(ctx, conn, a, creds)
}

// overQuota is the answer to a refresh asked past the institution's limits.
func overQuota(wait time.Duration) error {
	e := centavo.Errorf(centavo.ETOOMANY, "this institution allows no more requests for now; try again in %s", wait.Round(time.Second))
	e.RetryAfter = wait
	return e
}
