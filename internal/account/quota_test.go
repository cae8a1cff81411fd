package account

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/connector"
)

// memoryCounts is store.Quota in memory (the SQL ones run the store
// conformance suite).
type memoryCounts struct {
	mu sync.Mutex
	n  map[string]int
}

func (m *memoryCounts) key(k string, w time.Time) string { return k + "@" + w.Format(time.RFC3339) }

func (m *memoryCounts) TakeRequest(_ context.Context, key string, window time.Time, limit int) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.n == nil {
		m.n = map[string]int{}
	}
	if m.n[m.key(key, window)] >= limit {
		return false, nil
	}
	m.n[m.key(key, window)]++
	return true, nil
}

func (m *memoryCounts) RequestCount(_ context.Context, key string, window time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n[m.key(key, window)], nil
}

func (m *memoryCounts) PruneRequests(context.Context, time.Time) error { return nil }

// limited is a connector with the given limits (it is never asked for data).
type limited struct {
	connector.Connector
	l connector.Limits
}

func (c limited) Limits() connector.Limits { return c.l }

func TestQuotaPerAccessPerDay(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 22, 0, 0, 0, time.UTC)
	q := &Quota{Counts: &memoryCounts{}, Now: func() time.Time { return now }}
	conn := limited{l: connector.Limits{PerAccessPerDay: 24}}
	a := centavo.Account{Connector: centavo.ConnectorSimpleFIN, Institution: centavo.Institution{URL: "https://bridge.example/simplefin"}}
	mine := centavo.Credentials{Password: "https://user:secret@bridge.example/simplefin"}
	other := centavo.Credentials{Password: "https://user:other@bridge.example/simplefin"}
	ctx := context.Background()
	for i := range 24 {
		release, wait, err := q.Take(ctx, conn, a, mine)
		if err != nil || wait != 0 {
			t.Fatalf("request %d: wait %v, %v", i+1, wait, err)
		}
		release()
	}
	if _, wait, _ := q.Take(ctx, conn, a, mine); wait != 2*time.Hour {
		t.Fatalf("the 25th request waits %v, want 2h (to midnight UTC)", wait)
	}
	if wait, _ := q.Room(ctx, conn, a, mine); wait != 2*time.Hour {
		t.Errorf("room %v", wait)
	}
	if _, wait, _ := q.Take(ctx, conn, a, other); wait != 0 {
		t.Errorf("another access shares the count: wait %v", wait)
	}
	now = now.Add(2 * time.Hour)
	if _, wait, _ := q.Take(ctx, conn, a, mine); wait != 0 {
		t.Errorf("the next day still waits %v", wait)
	}
}

func TestQuotaPerHost(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 12, 0, 45, 0, time.UTC)
	q := &Quota{Counts: &memoryCounts{}, Now: func() time.Time { return now }}
	conn := limited{l: connector.Limits{PerHostPerMinute: 2, OneAtATimePerHost: true}}
	a := centavo.Account{Connector: centavo.ConnectorOFX, Institution: centavo.Institution{URL: "https://ofx.bank.example/ofx"}}
	b := centavo.Account{Connector: centavo.ConnectorOFX, Institution: centavo.Institution{URL: "https://ofx.bank.example/other"}}
	ctx := context.Background()
	release, wait, err := q.Take(ctx, conn, a, centavo.Credentials{Login: "ana"})
	if err != nil || wait != 0 {
		t.Fatal(wait, err)
	}
	// One at a time: another user's request to the host waits for it.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, _, err := q.Take(short, conn, b, centavo.Credentials{Login: "bo"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a second request to a busy host: %v", err)
	}
	release()
	release, wait, err = q.Take(ctx, conn, b, centavo.Credentials{Login: "bo"})
	if err != nil || wait != 0 {
		t.Fatal(wait, err)
	}
	release()
	// Two a minute, all users together.
	if _, wait, _ := q.Take(ctx, conn, a, centavo.Credentials{Login: "cy"}); wait != 15*time.Second {
		t.Errorf("the third request of the minute waits %v, want 15s", wait)
	}
	now = now.Add(15 * time.Second)
	if release, wait, _ := q.Take(ctx, conn, a, centavo.Credentials{Login: "cy"}); wait != 0 {
		t.Errorf("the next minute waits %v", wait)
	} else {
		release()
	}
}

func TestQuotaNone(t *testing.T) {
	t.Parallel()
	var q *Quota // no quota configured
	release, wait, err := q.Take(context.Background(), limited{l: connector.Limits{PerAccessPerDay: 1}}, centavo.Account{}, centavo.Credentials{})
	if err != nil || wait != 0 {
		t.Fatal(wait, err)
	}
	release()
	q = &Quota{Counts: &memoryCounts{}, Now: clock.Frozen(time.Unix(0, 0))}
	for range 100 { // a connector without limits is never counted
		if _, wait, _ := q.Take(context.Background(), struct{ connector.Connector }{}, centavo.Account{}, centavo.Credentials{}); wait != 0 {
			t.Fatal(wait)
		}
	}
}
