package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/ledger"
)

// TestInvalidateWorker: the job bumps the user's generation; one older than
// a cached value's TTL, or without a cache, has nothing to do; retries come
// within seconds.
func TestInvalidateWorker(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := cache.NewMemory(1 << 20)
	job := func(age time.Duration) *river.Job[jobargs.InvalidateCache] {
		return &river.Job[jobargs.InvalidateCache]{JobRow: &rivertype.JobRow{CreatedAt: clock.Real().Add(-age)}, Args: jobargs.InvalidateCache{UserID: 5}}
	}
	key := func() string {
		k, err := cache.UserKey(ctx, c, 5, "month:2026-11")
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	w := &invalidateWorker{cache: c}
	k1 := key()
	if err := w.Work(ctx, job(time.Second)); err != nil {
		t.Fatal(err)
	}
	k2 := key()
	if k2 == k1 {
		t.Fatal("the job did not bump the generation")
	}
	if err := w.Work(ctx, job(ledger.SummaryTTL+time.Minute)); err != nil || key() != k2 {
		t.Fatalf("a job older than the values' TTL: %v, bumped %v", err, key() != k2)
	}
	if err := (&invalidateWorker{}).Work(ctx, job(time.Second)); err != nil {
		t.Fatalf("no cache: %v", err)
	}
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 99: 10 * time.Second} {
		j := job(0)
		j.Attempt = attempt
		if got := time.Until(w.NextRetry(j)); got < want-time.Second || got > want {
			t.Errorf("attempt %d: retry in %v, want %v", attempt, got, want)
		}
	}
}
