package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

// The admin commands' smaller graphs, wired here like the whole Centavo.

// ReloadSellers reads the seller map again (the configured file, or the
// embedded map) and hands it to the categorizer of new downloads and
// imports. A map that does not load changes nothing. Stored transactions
// are never re-categorized by a new map.
func (a *App) ReloadSellers() (*categorize.SellerMap, error) {
	m, err := LoadSellers(a.Config.SellersFile)
	if err != nil {
		return nil, err
	}
	a.Ingest.SetCategorizer(&categorize.Categorizer{Sellers: m, Crowd: a.Crowd})
	a.Sellers = m
	return m, nil
}

// OpenCategorizer returns the categorizer of the categorize command: the
// embedded seller map and, with the installation's databases (withCrowd),
// its crowd consensus. close releases the databases.
func OpenCategorizer(ctx context.Context, cfg config.Config, withCrowd bool) (c *categorize.Categorizer, close func() error, err error) {
	sellers, err := categorize.Seeded()
	if err != nil {
		return nil, nil, err
	}
	c = &categorize.Categorizer{Sellers: sellers}
	if !withCrowd {
		return c, func() error { return nil }, nil
	}
	b, err := OpenDatabases(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	index := categorize.NewCrowdIndex(categorize.DefaultCrowdVoters, categorize.DefaultCrowdShare)
	if err := (&categorize.CrowdSync{Index: index, Shards: b.crowdReaders()}).Load(ctx); err != nil {
		return nil, nil, errors.Join(err, b.Close())
	}
	c.Crowd = index
	return c, b.Close, nil
}

// Recomputation rebuilds a month's spending from the logs in the object
// store with map and reduce jobs (the recompute command) and compares it
// with the stored aggregates of every shard.
type Recomputation struct {
	*Backends
	svc     *recompute.Service
	queue   queue.Client
	working bool
}

// OpenRecomputation opens the databases and the object store and a queue on
// the first shard: map and reduce jobs go there, and workers of every
// process take them — this one too when work is set.
func OpenRecomputation(ctx context.Context, cfg config.Config, log *slog.Logger, work bool) (r *Recomputation, err error) {
	b, err := OpenDatabases(ctx, cfg)
	if err != nil {
		return nil, err
	}
	r = &Recomputation{Backends: b}
	defer func() {
		if err != nil {
			err = errors.Join(err, r.Close())
			r = nil
		}
	}()
	if b.Objects, err = OpenObjects(ctx, cfg); err != nil {
		return nil, err
	}
	b.closers = append(b.closers, b.Objects.Close)
	r.svc = &recompute.Service{Objects: b.Objects, Cluster: b.Cluster, Logger: log}
	r.queue, err = b.Shards[0].NewQueue(jobs.Config(jobs.Deps{Recompute: r.svc, Shard: b.Shards[0], Logger: log},
		jobs.Options{RecomputeOnly: work, PollInterval: 50 * time.Millisecond}))
	if err != nil {
		return nil, err
	}
	if work {
		if err := r.queue.Start(ctx); err != nil {
			return nil, err
		}
		r.working = true
	}
	return r, nil
}

// Recomputed is a month rebuilt from the logs, beside what is stored.
type Recomputed struct {
	Month    centavo.Month
	Computed []store.UserSpending
	Diffs    []recompute.Diff // rows that differ from the stored aggregates
	Users    int              // users with spending in the logs
}

// Month rebuilds month m as of now and compares it with every shard.
func (r *Recomputation) Month(ctx context.Context, m centavo.Month, now time.Time, parts int, timeout time.Duration) (*Recomputed, error) {
	computed, err := r.svc.Run(ctx, r.queue, m, now, recompute.Options{Parts: parts, Timeout: timeout})
	if err != nil {
		return nil, err
	}
	var stored []store.UserSpending
	for i, shard := range r.Shards {
		rows, err := shard.SpendingOfMonth(ctx, m)
		if err != nil {
			return nil, fmt.Errorf("shard %d: %w", i, err)
		}
		stored = append(stored, rows...)
	}
	users := map[int64]bool{}
	for _, row := range computed {
		users[row.UserID] = true
	}
	return &Recomputed{Month: m, Computed: computed, Diffs: recompute.Compare(computed, stored), Users: len(users)}, nil
}

// Apply replaces the stored rows that differ with the recomputed ones.
func (r *Recomputation) Apply(ctx context.Context, res *Recomputed) error {
	return recompute.Apply(ctx, r.Cluster, res.Month, res.Computed, res.Diffs)
}

// RebuildAccountDays sets every shard's accounts' net amounts per day to
// the sums of their posted rows and their blocks of packed reports to what
// the reports make, and reports how many days and blocks changed.
func (r *Recomputation) RebuildAccountDays(ctx context.Context) (int64, error) {
	var n int64
	for i, st := range r.Cluster.Shards() {
		c, err := st.RebuildAccountDays(ctx)
		if err != nil {
			return n, fmt.Errorf("shard %d: %w", i, err)
		}
		n += c
	}
	return n, nil
}

// Close stops this process's workers and closes the backends.
func (r *Recomputation) Close() error {
	var err error
	if r.working {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = r.queue.Stop(stopCtx)
		r.working = false
	}
	return errors.Join(err, r.Backends.Close())
}
