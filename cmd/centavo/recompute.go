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
	r, err := app.OpenRecomputation(ctx, cfg, log, work)
	if err != nil {
		return err
	}
	defer r.Close()
	res, err := r.Month(ctx, m, cfg.Clock()().UTC(), parts, timeout)
	if err != nil {
		return err
	}
	if apply {
		// The accounts' days and blocks of packed reports are rebuilt
		// from the rows and reports themselves (they are no aggregate of
		// the logs): centavo verify checks them.
		n, err := r.RebuildAccountDays(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "REBUILT: %d account days and balance blocks set to what their rows and reports make\n", n)
	}
	for _, d := range res.Diffs {
		fmt.Fprintf(stdout, "DIFF user=%d month=%s currency=%s category=%s stored=%d/%d recomputed=%d/%d (cents/count)\n",
			d.UserID, m, d.Currency, d.Category, d.StoredCents, d.StoredCount, d.ComputedCents, d.ComputedCount)
	}
	if len(res.Diffs) == 0 {
		fmt.Fprintf(stdout, "OK: %s recomputed from the logs matches monthly_spending (%d users, %d rows)\n", m, res.Users, len(res.Computed))
		return nil
	}
	if !apply {
		fmt.Fprintf(stdout, "DIFFERENT: %d rows differ; run again with --apply to replace them\n", len(res.Diffs))
		return exitCode(1)
	}
	if err := r.Apply(ctx, res); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "APPLIED: %d rows replaced with the recomputed values\n", len(res.Diffs))
	return nil
}
