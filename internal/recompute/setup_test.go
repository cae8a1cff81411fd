package recompute_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// fixture is the recompute Service on an object store in memory, its
// map and reduce jobs worked in this process by the recompute command's
// River client on SQLite.
type fixture struct {
	t       *testing.T
	db      *sqlite.DB
	objects *objstore.Store
	svc     *recompute.Service
	q       queue.Client
	now     func() time.Time
	month   centavo.Month // the clock's month when the test began
	prev    centavo.Month
}

func setup(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "recompute.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	objects, err := objstore.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { objects.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := &recompute.Service{Objects: objects, Logger: log}
	q, err := db.NewQueue(jobs.Config(jobs.Deps{Recompute: svc, Shard: db, Logger: log},
		jobs.Options{RecomputeOnly: true, PollInterval: 20 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(stopCtx); err != nil {
			_ = q.StopAndCancel(context.Background())
		}
	})
	now := clocktest.New(t)
	m := centavo.MonthOf(now())
	return &fixture{t: t, db: db, objects: objects, svc: svc, q: q, now: now, month: m, prev: m.Add(-1)}
}

// run recomputes a month with the workers of the fixture (t: the test or
// subtest running it).
func (f *fixture) run(t *testing.T, m centavo.Month) []store.UserSpending {
	t.Helper()
	rows, err := f.svc.Run(context.Background(), f.q, m, f.now().UTC(), recompute.Options{Parts: 3, Timeout: time.Minute, Poll: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// putLog writes a download's transaction log, as ingest does, under the
// day of at.
func (f *fixture) putLog(at time.Time, userID, accountID, jobID int64, lines ...objstore.LogLine) {
	f.t.Helper()
	for i := range lines {
		lines[i].UserID, lines[i].AccountID = userID, accountID
	}
	if err := f.objects.Put(context.Background(), objstore.LogKey(at, userID, accountID, jobID), objstore.FormatLog(lines), "text/tab-separated-values"); err != nil {
		f.t.Fatal(err)
	}
}

// writeEvent runs the archive_event job with the given id.
func (f *fixture) writeEvent(jobID int64, a jobargs.ArchiveEvent) {
	f.t.Helper()
	if err := f.svc.WriteEvent(context.Background(), &river.Job[jobargs.ArchiveEvent]{JobRow: &rivertype.JobRow{ID: jobID}, Args: a}); err != nil {
		f.t.Fatal(err)
	}
}

// writeDrops runs the archive_drops job with the given id.
func (f *fixture) writeDrops(jobID int64, a jobargs.ArchiveDrops) {
	f.t.Helper()
	if err := f.svc.WriteDrops(context.Background(), &river.Job[jobargs.ArchiveDrops]{JobRow: &rivertype.JobRow{ID: jobID}, Args: a}); err != nil {
		f.t.Fatal(err)
	}
}

// keys lists the object store's keys under prefix.
func (f *fixture) keys(prefix string) []string {
	f.t.Helper()
	k, err := f.objects.List(context.Background(), prefix)
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// day is noon of day d (0-based) of the month before the clock's.
func (f *fixture) day(d int) time.Time {
	return f.prev.Start().AddDate(0, 0, d).Add(12 * time.Hour)
}

func row(user int64, category string, cents, count int64) store.UserSpending {
	return store.UserSpending{UserID: user, CategorySpending: centavo.CategorySpending{Category: category, Currency: "USD", AmountCents: cents, Count: count}}
}
