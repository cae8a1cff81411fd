package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/ledger"
)

// invalidateWorker performs the durable half of a change's cache
// invalidation (docs/0040): it bumps the user's generation, and fails —
// to be retried within seconds — until the cache answers.
type invalidateWorker struct {
	river.WorkerDefaults[jobargs.InvalidateCache]
	cache cache.Cache
}

func (w *invalidateWorker) Work(ctx context.Context, job *river.Job[jobargs.InvalidateCache]) error {
	if w.cache == nil {
		return nil
	}
	if clock.Real().Sub(job.CreatedAt) > ledger.SummaryTTL {
		// Every value cached before the change has expired by now.
		return nil
	}
	return cache.InvalidateUser(ctx, w.cache, job.Args.UserID)
}

// NextRetry: after 1 s, 2 s, 4 s, 8 s, then every 10 s — a stale summary is
// served until the bump lands, so the wait stays short.
func (w *invalidateWorker) NextRetry(job *river.Job[jobargs.InvalidateCache]) time.Time {
	d := min(time.Second<<min(max(job.Attempt, 1)-1, 4), 10*time.Second)
	return clock.Real().Add(d) // River schedules on the machine's clock
}

// Timeout: one Redis call, bounded by the cache's own timeout.
func (w *invalidateWorker) Timeout(*river.Job[jobargs.InvalidateCache]) time.Duration {
	return 10 * time.Second
}
