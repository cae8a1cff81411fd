package recurring

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	centavo "github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// TestSupersededDetection: three changes' detections of one user waiting
// in the queue make one detection (the last); the daily tick is not
// skipped for them, nor another user's detection.
func TestSupersededDetection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	var users [2]centavo.User
	for i := range users {
		users[i] = centavo.User{Email: []string{"a@example.com", "b@example.com"}[i], PasswordHash: "hash", Currency: "USD", CreatedAt: now, LastActiveAt: now}
		if err := db.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, &users[i]) }); err != nil {
			t.Fatal(err)
		}
	}
	var detections atomic.Int64
	svc := &Service{Cluster: store.Single{Store: db}, Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		detector: func([]Txn, centavo.Day) []Series { detections.Add(1); return nil }}
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(svc.Run))
	// One worker: the jobs run one after the other, as a backlog does.
	q, err := db.NewQueue(&river.Config{Workers: workers, TestOnly: true, FetchPollInterval: 20 * time.Millisecond, FetchCooldown: 5 * time.Millisecond,
		Queues: map[string]river.QueueConfig{jobargs.Default: {MaxWorkers: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	jobs := []river.InsertManyParams{jobargs.Detection(users[0].ID), jobargs.Detection(users[0].ID), jobargs.Detection(users[0].ID),
		jobargs.Detection(users[1].ID)}
	if err := q.InsertMany(ctx, jobs); err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(stop)
	})
	for deadline := time.Now().Add(20 * time.Second); ; {
		list, err := q.Jobs(ctx, jobargs.DetectRecurring{}.Kind())
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, j := range list {
			if j.State == "completed" {
				done++
			}
		}
		if done == len(jobs) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d detections completed after 20 s", done, len(jobs))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Each user's refresh calls the detector once; the two superseded jobs
	// of the first user call it not at all.
	if got := detections.Load(); got != 2 {
		t.Fatalf("%d detections for 4 jobs (3 of one user), want 2", got)
	}
}
