package rates

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// snapshot is the embedded history: rows of the ECB's eurofxref-hist.csv
// (see docs/0028-currencies.md for where it came from and how far it goes).
//
//go:embed ecb-snapshot.csv
var snapshot []byte

// Snapshot returns the embedded rates.
func Snapshot() []store.ExchangeRate {
	rs, err := Parse(snapshot)
	if err != nil {
		panic("rates: the embedded snapshot does not parse: " + err.Error()) // a build defect, caught by the tests
	}
	return rs
}

// reloadEvery is how long a process trusts its copy of the stored rates:
// another process's import or fetch shows within it.
const reloadEvery = time.Minute

// Service is the rates of a deployment: the embedded snapshot overlaid
// with the rates stored on the shards (every shard holds the same copy;
// reads use the first). It implements Converter.
type Service struct {
	Shards []store.Store
	Now    func() time.Time
	// Client fetches --rates-url (the outbound policy's client); nil: no fetch.
	Client *http.Client
	URL    string

	mu       sync.Mutex
	table    *Table
	stamp    string
	loadedAt time.Time
}

var _ Converter = (*Service)(nil)

// Table returns the current rates, reloading them from the store when the
// copy is older than a minute.
func (s *Service) Table(ctx context.Context) (*Table, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now()
	if s.table != nil && now.Sub(s.loadedAt) < reloadEvery && !now.Before(s.loadedAt) {
		return s.table, nil
	}
	all := Snapshot()
	stamp := "snapshot"
	if len(s.Shards) > 0 {
		stored, err := s.Shards[0].Rates(ctx)
		if err != nil {
			return nil, err
		}
		last := ""
		for _, r := range stored {
			last = max(last, r.Day)
		}
		stamp = fmt.Sprintf("%d-%s", len(stored), last)
		all = append(all, stored...)
	}
	t, err := NewTable(all)
	if err != nil {
		return nil, err
	}
	s.table, s.stamp, s.loadedAt = t, stamp, now
	return t, nil
}

// Stamp names the rates in use (how many are stored, up to which day):
// cached conversions keyed with it are not read after an import.
func (s *Service) Stamp(ctx context.Context) string {
	if _, err := s.Table(ctx); err != nil {
		return "unknown"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stamp
}

// Convert implements Converter.
func (s *Service) Convert(ctx context.Context, cents int64, from, to string, day time.Time) (int64, bool, error) {
	if from == to {
		return cents, true, nil
	}
	t, err := s.Table(ctx)
	if err != nil {
		return 0, false, err
	}
	return t.Convert(ctx, cents, from, to, day)
}

// ImportResult says what an import stored.
type ImportResult struct {
	Rates      int
	Currencies int
	First      string // the earliest day in the file
	Last       string // the latest day
}

// Import parses an ECB file and stores its rates on every shard. A file
// that does not parse changes nothing (centavo.EINVALID, saying why).
func (s *Service) Import(ctx context.Context, data []byte) (ImportResult, error) {
	rs, err := Parse(data)
	if err != nil {
		return ImportResult{}, centavo.Errorf(centavo.EINVALID, "rates: %v", err)
	}
	res := ImportResult{Rates: len(rs), First: rs[0].Day, Last: rs[0].Day}
	cur := map[string]bool{}
	for _, r := range rs {
		cur[r.Currency] = true
		res.First, res.Last = min(res.First, r.Day), max(res.Last, r.Day)
	}
	res.Currencies = len(cur)
	for i, sh := range s.Shards {
		if err := sh.PutRates(ctx, rs); err != nil {
			return ImportResult{}, fmt.Errorf("rates: shard %d: %w", i, err)
		}
	}
	s.mu.Lock()
	s.table = nil // read again at the next conversion
	s.mu.Unlock()
	return res, nil
}

// Fetch downloads the rates file at s.URL (through the outbound policy's
// client) and imports it.
func (s *Service) Fetch(ctx context.Context) (ImportResult, error) {
	if s.Client == nil || s.URL == "" {
		return ImportResult{}, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	if err != nil {
		return ImportResult{}, fmt.Errorf("rates: fetch: %w", err)
	}
	res, err := s.Client.Do(req)
	if err != nil {
		return ImportResult{}, fmt.Errorf("rates: fetch: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return ImportResult{}, fmt.Errorf("rates: fetch %s: status %d", s.URL, res.StatusCode)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(res.Body, MaxFileBytes+1)); err != nil {
		return ImportResult{}, fmt.Errorf("rates: fetch: %w", err)
	}
	return s.Import(ctx, buf.Bytes())
}
