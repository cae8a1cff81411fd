package categorize

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/centavo/centavo/internal/store"
)

// The crowd's refresh: a process's CrowdIndex follows the vote counts stored
// on every shard.

// CrowdOverlap re-reads counts changed shortly before the last one seen, so a
// transaction that committed late (with an earlier timestamp) is not missed.
// Re-reading is harmless: counts are set, not added.
const CrowdOverlap = 30 * time.Second

// CrowdSync loads the counts of every shard into an index and follows
// changes.
type CrowdSync struct {
	Index    *CrowdIndex
	Shards   []store.CrowdReader // every shard, in shard order
	Interval time.Duration
	Logger   *slog.Logger
	// Synced, when set, counts every completed Load: how an operator (or a
	// test) sees that votes cast before a moment are in the index.
	Synced prometheus.Counter

	since []time.Time
}

// Load reads every shard's counts (all of them the first time, then what
// changed).
func (s *CrowdSync) Load(ctx context.Context) error {
	if s.since == nil {
		s.since = make([]time.Time, len(s.Shards))
	}
	for i, st := range s.Shards {
		from := s.since[i]
		if !from.IsZero() {
			from = from.Add(-CrowdOverlap)
		}
		counts, err := st.CrowdCounts(ctx, from)
		if err != nil {
			return err
		}
		for _, c := range counts {
			s.Index.Set(i, c.MerchantKey, c.Category, c.Voters)
			if c.UpdatedAt.After(s.since[i]) {
				s.since[i] = c.UpdatedAt
			}
		}
	}
	if s.Synced != nil {
		s.Synced.Inc()
	}
	return nil
}

// Run follows changes until ctx ends.
func (s *CrowdSync) Run(ctx context.Context) {
	interval := s.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Load(ctx); err != nil && ctx.Err() == nil {
				s.Logger.Warn("crowd: cannot read vote counts; consensus may lag", "err", err)
			}
		}
	}
}
