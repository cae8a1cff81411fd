package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/store"
)

// recomputeCmd rebuilds a month's spending from the logs in the object store
// with map and reduce jobs, compares it with monthly_spending on every shard,
// and with --apply replaces the rows that differ.
func recomputeCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var month string
	var apply, work bool
	var parts int
	var timeout time.Duration
	cfg, err := config.Parse("recompute", args, getenv, stderr, config.FlagDataDir|config.FlagLog|config.FlagBackends|config.FlagClock, "",
		func(fs *flag.FlagSet) {
			fs.StringVar(&month, "month", "", "the month to rebuild, YYYY-MM (required)")
			fs.BoolVar(&apply, "apply", false, "replace the aggregates that differ with the recomputed ones")
			fs.IntVar(&parts, "partitions", 8, "reduce partitions (users are spread over them)")
			fs.DurationVar(&timeout, "timeout", 10*time.Minute, "give up after this long")
			fs.BoolVar(&work, "work", true, "also work the map and reduce jobs in this process (besides any running workers)")
		})
	if err != nil {
		return err
	}
	m, err := centavo.ParseMonth(month)
	if err != nil {
		return fmt.Errorf("--month: %w", err)
	}
	if parts < 1 || parts > 1024 {
		return errors.New("--partitions must be from 1 to 1024")
	}
	log := newLogger(stderr, cfg.LogLevel)
	b, err := app.OpenDatabases(ctx, cfg)
	if err != nil {
		return err
	}
	defer b.Close()
	objects, err := app.OpenObjects(ctx, cfg)
	if err != nil {
		return err
	}
	defer objects.Close()
	rec := &recompute.Service{Objects: objects, Logger: log}

	// Map and reduce jobs go to the first shard's queue; workers of every
	// process (and this one, unless --work=false) take them.
	q, err := b.Shards[0].NewQueue(jobs.Config(jobs.Deps{Recompute: rec, Shard: b.Shards[0], Logger: log},
		jobs.Options{RecomputeOnly: work, PollInterval: 50 * time.Millisecond}))
	if err != nil {
		return err
	}
	if work {
		if err := q.Start(ctx); err != nil {
			return err
		}
		defer func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = q.Stop(stopCtx)
		}()
	}
	computed, err := rec.Run(ctx, q, m, cfg.Clock()().UTC(), recompute.Options{Parts: parts, Timeout: timeout})
	if err != nil {
		return err
	}
	var stored []store.UserSpending
	for i, shard := range b.Shards {
		rows, err := shard.SpendingOfMonth(ctx, m)
		if err != nil {
			return fmt.Errorf("shard %d: %w", i, err)
		}
		stored = append(stored, rows...)
	}
	diffs := recompute.Compare(computed, stored)
	users := map[int64]bool{}
	for _, r := range computed {
		users[r.UserID] = true
	}
	for _, d := range diffs {
		fmt.Fprintf(stdout, "DIFF user=%d month=%s category=%s stored=%d/%d recomputed=%d/%d (cents/count)\n",
			d.UserID, m, d.Category, d.StoredCents, d.StoredCount, d.ComputedCents, d.ComputedCount)
	}
	if len(diffs) == 0 {
		fmt.Fprintf(stdout, "OK: %s recomputed from the logs matches monthly_spending (%d users, %d rows)\n", m, len(users), len(computed))
		return nil
	}
	if !apply {
		fmt.Fprintf(stdout, "DIFFERENT: %d rows differ; run again with --apply to replace them\n", len(diffs))
		return exitCode(1)
	}
	if err := recompute.Apply(ctx, b.Cluster, m, computed, diffs); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "APPLIED: %d rows replaced with the recomputed values\n", len(diffs))
	return nil
}
