package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/queue"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// sharedCache is an in-process cache that says it is shared, as Redis
// does: a batch then enqueues its durable invalidation (docs/0040).
type sharedCache struct{ *cache.Memory }

func (sharedCache) Shared() bool { return true }

// BenchmarkRecordBatch measures the extraction's completing transaction
// (record: 20 new rows of one account, the aggregates, the account's
// status, the budget evaluations, the detection, the notification) on each
// engine, without ("memory": an in-process cache) and with ("shared") the
// cache_invalidate job that a shared cache adds to the transaction:
//
//	go test ./internal/ingest -run '^$' -bench BenchmarkRecordBatch -count 5
func BenchmarkRecordBatch(b *testing.B) {
	engines := []struct {
		name string
		open func(b *testing.B) store.Store
	}{
		{"sqlite", func(b *testing.B) store.Store {
			db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		}},
		{"postgres", func(b *testing.B) store.Store {
			db, err := postgres.Open(context.Background(), pgtest.Schema(b), postgres.Options{MaxConns: 4})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		}},
	}
	for _, e := range engines {
		for _, shared := range []bool{false, true} {
			name := e.name + "/memory"
			if shared {
				name = e.name + "/shared"
			}
			b.Run(name, func(b *testing.B) { benchRecord(b, e.open(b), shared) })
		}
	}
}

func benchRecord(b *testing.B, db store.Store, shared bool) {
	ctx := context.Background()
	s, a, _ := recordFixture(b, db, shared)
	b.ResetTimer()
	for i := range b.N {
		batch := coffeeBatch(a, i)
		err := db.InTx(ctx, func(tx store.Tx) error {
			_, err := s.record(ctx, tx, a, batch, batch[0].PostedAt, fmt.Sprintf("k:%d", i))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// recordFixture is a user with one account on db, and a Service whose
// cache is shared or in-process, for record alone (no categorizer, no
// object store); the queue is insert-only.
func recordFixture(tb testing.TB, db store.Store, shared bool) (*Service, centavo.Account, queue.Client) {
	ctx := context.Background()
	q, err := db.NewQueue(&river.Config{})
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	u := centavo.User{Email: "bench@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	a := centavo.Account{Connector: centavo.ConnectorOFX, Name: "Checking", Type: "checking", Currency: "USD",
		Institution:       centavo.Institution{URL: "http://bank.example/ofx", Org: "B", FID: "1", BankID: "1", AccountID: "1"},
		SealedCredentials: []byte{1}, Status: centavo.AccountOK, CreatedAt: now}
	err = db.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		a.UserID = u.ID
		return tx.CreateAccount(ctx, &a)
	})
	if err != nil {
		tb.Fatal(err)
	}
	var c cache.Cache = cache.NewMemory(1 << 20)
	if shared {
		c = sharedCache{cache.NewMemory(1 << 20)}
	}
	return &Service{Cache: c}, a, q
}

// coffeeBatch is an extraction's batch of 20 new rows (batch n: its own
// institution ids) over the 20 days before 2026-11-20.
func coffeeBatch(a centavo.Account, n int) []centavo.Transaction {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	batch := make([]centavo.Transaction, 20)
	for j := range batch {
		batch[j] = centavo.Transaction{UserID: a.UserID, AccountID: a.ID, InstitutionID: fmt.Sprintf("F%d-%d", n, j),
			PostedAt: now.AddDate(0, 0, -j), Seller: "COFFEE", Merchant: "Coffee", MerchantKey: "coffee",
			AmountCents: -int64(100 + j), Currency: "USD", Category: centavo.CatRestaurants, CategorySource: centavo.SourceSeed}
	}
	return batch
}

// TestRecordInvalidation: on both engines, with a shared cache, a batch
// that adds rows enqueues one cache_invalidate job in its transaction, a
// batch of rows already stored none, and a rolled-back batch leaves none
// (docs/0040).
func TestRecordInvalidation(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		recordInvalidation(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		db, err := postgres.Open(context.Background(), pgtest.Schema(t), postgres.Options{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		recordInvalidation(t, db)
	})
}

func recordInvalidation(t *testing.T, db store.Store) {
	ctx := context.Background()
	s, a, q := recordFixture(t, db, true)
	record := func(batch []centavo.Transaction, fail error) error {
		return db.InTx(ctx, func(tx store.Tx) error {
			if _, err := s.record(ctx, tx, a, batch, batch[0].PostedAt, "k"); err != nil {
				return err
			}
			return fail
		})
	}
	owed := func() int {
		t.Helper()
		jobs, err := q.Jobs(ctx, jobargs.InvalidateCache{}.Kind())
		if err != nil {
			t.Fatal(err)
		}
		return len(jobs)
	}
	if err := record(coffeeBatch(a, 1), nil); err != nil {
		t.Fatal(err)
	}
	if n := owed(); n != 1 {
		t.Fatalf("after a batch of new rows: %d cache_invalidate jobs, want 1", n)
	}
	if err := record(coffeeBatch(a, 1), nil); err != nil {
		t.Fatal(err)
	}
	if n := owed(); n != 1 {
		t.Fatalf("after a batch of rows already stored: %d cache_invalidate jobs, want 1", n)
	}
	rollBack := errors.New("roll back")
	if err := record(coffeeBatch(a, 2), rollBack); !errors.Is(err, rollBack) {
		t.Fatalf("rolled-back batch: %v", err)
	}
	if n := owed(); n != 1 {
		t.Fatalf("after a rolled-back batch: %d cache_invalidate jobs, want 1", n)
	}
}
