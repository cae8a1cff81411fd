package recompute

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

// Inputs lists the objects that can hold the month's transactions or
// changes to them: logs and events written on or after its first day.
func (s *Service) Inputs(ctx context.Context, month centavo.Month, now time.Time) ([]string, error) {
	var keys []string
	for day := month.Start(); !day.After(now); day = day.AddDate(0, 0, 1) {
		for _, prefix := range []string{"log/", "events/"} {
			k, err := s.Objects.List(ctx, prefix+day.Format("2006/01/02")+"/")
			if err != nil {
				return nil, err
			}
			keys = append(keys, k...)
		}
	}
	return keys, nil
}

// Options of a run.
type Options struct {
	Parts   int           // reduce partitions (default 8)
	Timeout time.Duration // for the whole run (default 10 min)
	Poll    time.Duration // how often to look for finished jobs (default 100 ms)
}

// Run maps and reduces the month through the queue and returns the
// computed aggregate rows of every user. Intermediate objects are removed.
func (s *Service) Run(ctx context.Context, q queue.Client, month centavo.Month, now time.Time, o Options) ([]store.UserSpending, error) {
	if o.Parts <= 0 {
		o.Parts = 8
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = 100 * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	run := month.String() + "-" + hex.EncodeToString(b)
	defer s.cleanup(context.WithoutCancel(ctx), run)

	inputs, err := s.Inputs(ctx, month, now)
	if err != nil {
		return nil, err
	}
	var maps []river.InsertManyParams
	for i, k := range inputs {
		maps = append(maps, river.InsertManyParams{Args: jobargs.RecomputeMap{Run: run, Month: month.String(), Key: k, N: i, Parts: o.Parts}})
	}
	for i := 0; i < len(maps); i += 1000 {
		if err := q.InsertMany(ctx, maps[i:min(i+1000, len(maps))]); err != nil {
			return nil, fmt.Errorf("recompute: enqueue maps: %w", err)
		}
	}
	if err := s.waitFor(ctx, runPrefix(run)+"mapdone/", len(maps), o.Poll); err != nil {
		return nil, fmt.Errorf("recompute: %d map jobs: %w", len(maps), err)
	}
	var reduces []river.InsertManyParams
	for p := range o.Parts {
		reduces = append(reduces, river.InsertManyParams{Args: jobargs.RecomputeReduce{Run: run, Month: month.String(), Part: p}})
	}
	if err := q.InsertMany(ctx, reduces); err != nil {
		return nil, fmt.Errorf("recompute: enqueue reduces: %w", err)
	}
	if err := s.waitFor(ctx, runPrefix(run)+"result/", o.Parts, o.Poll); err != nil {
		return nil, fmt.Errorf("recompute: %d reduce jobs: %w", o.Parts, err)
	}
	var out []store.UserSpending
	for p := range o.Parts {
		data, err := s.Objects.Get(ctx, ResultKey(run, p))
		if err != nil {
			return nil, err
		}
		rows, err := ParseResult(data)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	sortRows(out)
	return out, nil
}

func (s *Service) waitFor(ctx context.Context, prefix string, n int, poll time.Duration) error {
	for {
		keys, err := s.Objects.List(ctx, prefix)
		if err != nil {
			return err
		}
		if len(keys) >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d of %d done when time ran out (are workers running?): %w", len(keys), n, ctx.Err())
		case <-time.After(poll):
		}
	}
}

func (s *Service) cleanup(ctx context.Context, run string) {
	keys, err := s.Objects.List(ctx, runPrefix(run))
	if err == nil {
		err = s.Objects.Delete(ctx, keys...)
	}
	if err != nil && s.Logger != nil {
		s.Logger.Warn("recompute: intermediate objects left behind", "run", run, "err", err)
	}
}

func sortRows(rows []store.UserSpending) {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].UserID != rows[j].UserID {
			return rows[i].UserID < rows[j].UserID
		}
		if rows[i].Category != rows[j].Category {
			return rows[i].Category < rows[j].Category
		}
		return rows[i].Currency < rows[j].Currency
	})
}

// Diff is one aggregate row on which the logs and the database disagree.
type Diff struct {
	UserID                     int64
	Category                   string
	Currency                   string
	StoredCents, ComputedCents int64
	StoredCount, ComputedCount int64
}

// Compare lists the rows that differ (a missing row equals an empty one).
func Compare(computed, stored []store.UserSpending) []Diff {
	type key struct {
		user     int64
		cat, cur string
	}
	m := map[key]*Diff{}
	get := func(u int64, c, cur string) *Diff {
		k := key{u, c, cur}
		if m[k] == nil {
			m[k] = &Diff{UserID: u, Category: c, Currency: cur}
		}
		return m[k]
	}
	for _, r := range computed {
		d := get(r.UserID, r.Category, r.Currency)
		d.ComputedCents, d.ComputedCount = r.AmountCents, r.Count
	}
	for _, r := range stored {
		d := get(r.UserID, r.Category, r.Currency)
		d.StoredCents, d.StoredCount = r.AmountCents, r.Count
	}
	var out []Diff
	for _, d := range m {
		if d.StoredCents != d.ComputedCents || d.StoredCount != d.ComputedCount {
			out = append(out, *d)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].UserID != out[j].UserID {
			return out[i].UserID < out[j].UserID
		}
		if out[i].Category != out[j].Category {
			return out[i].Category < out[j].Category
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

// Apply replaces the month's aggregates of every user in diffs with the
// computed rows, each user in one transaction on their shard.
func Apply(ctx context.Context, cluster store.Cluster, month centavo.Month, computed []store.UserSpending, diffs []Diff) error {
	byUser := map[int64][]centavo.CategorySpending{}
	for _, r := range computed {
		if r.Currency == "" {
			// Logged before logs had the currency: which aggregate row it
			// belongs to is unknown, so nothing of that user is replaced.
			return fmt.Errorf("recompute: user %d has %s rows logged without a currency (before this release); they cannot be applied", r.UserID, r.Category)
		}
		byUser[r.UserID] = append(byUser[r.UserID], r.CategorySpending)
	}
	done := map[int64]bool{}
	var errs []error
	for _, d := range diffs {
		if done[d.UserID] {
			continue
		}
		done[d.UserID] = true
		st, err := cluster.ForUser(ctx, d.UserID)
		if err != nil {
			errs = append(errs, fmt.Errorf("user %d: %w", d.UserID, err))
			continue
		}
		if err := st.InTx(ctx, func(tx store.Tx) error {
			return tx.ReplaceMonthlySpending(ctx, d.UserID, month, byUser[d.UserID])
		}); err != nil {
			errs = append(errs, fmt.Errorf("user %d: %w", d.UserID, err))
		}
	}
	return errors.Join(errs...)
}
