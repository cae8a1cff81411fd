package budget_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// recorder is a webhook receiver that counts what it gets.
type recorder struct {
	mu    sync.Mutex
	posts int
}

func (r *recorder) Post(ctx context.Context, url string, headers map[string]string, body []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.posts++
	return 200, nil
}

// TestConcurrentEvaluations runs 20 evaluation jobs of one user's month at
// once (most naming other months too): each threshold notifies exactly once, with one delivery each.
func TestConcurrentEvaluations(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		concurrentEvaluations(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		db, err := postgres.Open(context.Background(), pgtest.Schema(t), postgres.Options{MaxConns: 30})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		concurrentEvaluations(t, db)
	})
}

func concurrentEvaluations(t *testing.T, db store.Store) {
	ctx := context.Background()
	now := time.Now().UTC()
	month := centavo.MonthOf(now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	spec, _ := seal.GenerateKey("k1")
	keys, _ := seal.ParseKeyring(spec)
	cluster := store.Single{Store: db}
	rec := &recorder{}
	bud := &budget.Service{Cluster: cluster, Logger: log, Now: time.Now}
	not := &notify.Service{Cluster: cluster, Keys: keys, Poster: rec, Logger: log, Now: time.Now}

	cfg := jobs.Config(jobs.Deps{Budget: bud, Notify: not, Shard: db, Logger: log}, jobs.Options{Work: true, PollInterval: 20 * time.Millisecond})
	cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 20}}
	cfg.PeriodicJobs = nil
	q, err := db.NewQueue(cfg)
	if err != nil {
		t.Fatal(err)
	}

	u := centavo.User{Email: "c@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	amount := int64(10_000)
	err = db.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		for _, c := range []string{centavo.CatFood, centavo.CatGas} {
			if err := tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: u.ID, Category: c, From: month, AmountCents: &amount, CreatedAt: now}); err != nil {
				return err
			}
		}
		if err := tx.SetNotificationSettings(ctx, centavo.NotificationSettings{UserID: u.ID, Webhooks: true, Thresholds: []int{80, 100}}); err != nil {
			return err
		}
		if err := tx.CreateWebhook(ctx, &centavo.Webhook{UserID: u.ID, URL: "https://example.com/h", SealedSecret: mustSeal(t, keys, u.ID), CreatedAt: now}); err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{
			{Currency: "USD", Month: month, Category: centavo.CatFood, AmountCents: -15_000, Count: 1},
			{Currency: "USD", Month: month, Category: centavo.CatGas, AmountCents: -15_000, Count: 1},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A third are jobs of the months a first download touches (this one
	// among them, docs/0039), a third name this month alone as jobs queued
	// before Months did, and the rest name it as one of a change's months.
	var evals []river.InsertManyParams
	for i := range 20 {
		switch i % 3 {
		case 0:
			evals = append(evals, jobargs.Evaluations(u.ID, month.Add(-3), month, month.Add(-1), month.Add(-2), month)...)
		case 1:
			evals = append(evals, river.InsertManyParams{Args: jobargs.EvaluateBudgets{UserID: u.ID, Month: month.String()}})
		default:
			evals = append(evals, jobargs.Evaluations(u.ID, month, month.Add(-1))...)
		}
	}
	if len(evals) != 20 {
		t.Fatalf("%d evaluation jobs; want 20 (one per change)", len(evals))
	}
	if err := q.InsertMany(ctx, evals); err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(stopCtx)
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		evalJobs, err := q.Jobs(ctx, jobargs.EvaluateBudgets{}.Kind())
		if err != nil {
			t.Fatal(err)
		}
		sent, _ := q.Jobs(ctx, jobargs.Deliver{}.Kind())
		done := 0
		for _, j := range evalJobs {
			if j.State == rivertype.JobStateCompleted {
				done++
			}
		}
		delivered := 0
		for _, j := range sent {
			if j.State == rivertype.JobStateCompleted {
				delivered++
			}
		}
		if done == 20 && delivered == len(sent) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 20 evaluations done, %d of %d deliveries", done, delivered, len(sent))
		}
		time.Sleep(20 * time.Millisecond)
	}
	list, err := db.Notifications(ctx, store.NotificationFilter{UserID: u.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	// 150 % crosses 80 % and 100 % at once: the highest only (docs/0036).
	if len(list) != 2 || list[0].Threshold != 100 || list[1].Threshold != 100 {
		t.Fatalf("%d notifications after 20 concurrent evaluations, want 2 (2 categories × the highest threshold): %+v", len(list), list)
	}
	ds, _ := db.Deliveries(ctx, store.DeliveryFilter{UserID: u.ID, Limit: 100})
	if len(ds) != 2 || rec.posts != 2 {
		t.Fatalf("%d deliveries, %d webhook posts; want 2 each", len(ds), rec.posts)
	}
}

func mustSeal(t *testing.T, k *seal.Keyring, userID int64) []byte {
	t.Helper()
	b, err := k.Seal([]byte("whsec_test"), notify.WebhookSecretAAD(userID))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
