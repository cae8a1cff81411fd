package ledger

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// sharedMemory is an in-process cache that says it is shared, as Redis
// does: changes then enqueue their durable invalidation.
type sharedMemory struct{ *cache.Memory }

func (sharedMemory) Shared() bool { return true }

// TestDurableInvalidation: on both engines, a change enqueues its
// cache_invalidate job in its own transaction when the cache is shared —
// committed with the change, rolled back with it, none for a change that
// changes nothing, none with an in-process cache (docs/0040).
func TestDurableInvalidation(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "l.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		durableInvalidation(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		db, err := postgres.Open(context.Background(), pgtest.Schema(t), postgres.Options{MaxConns: 5})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		durableInvalidation(t, db)
	})
}

func durableInvalidation(t *testing.T, db store.Store) {
	ctx := context.Background()
	q, err := db.NewQueue(&river.Config{}) // insert-only: the jobs are looked at
	if err != nil {
		t.Fatal(err)
	}
	now := clocktest.New(t)().UTC()
	u := centavo.User{Email: "inv@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	a := centavo.Account{UserID: 0, Connector: centavo.ConnectorManual, Name: "Cash", Type: "manual", Kind: centavo.KindAsset,
		Currency: "USD", SealedCredentials: []byte{}, Status: centavo.AccountOK, CreatedAt: now}
	var txn centavo.Transaction
	write := func(fn func(tx store.Tx) error) {
		t.Helper()
		if err := db.InTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	write(func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		a.UserID = u.ID
		if err := tx.CreateAccount(ctx, &a); err != nil {
			return err
		}
		in, err := tx.InsertTransactions(ctx, []centavo.Transaction{{UserID: u.ID, AccountID: a.ID, InstitutionID: "fit1",
			PostedAt: now.Add(-time.Hour), Seller: "Corner Shop", Merchant: "Corner Shop", MerchantKey: "corner shop", AmountCents: -1250,
			Currency: "USD", Category: centavo.CatShopping, CategorySource: centavo.SourceSeed, CreatedAt: now}})
		if err != nil || len(in) != 1 {
			return errors.Join(err, errors.New("not inserted"))
		}
		txn = in[0]
		deltas, err := store.SumDeltas(in, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, u.ID, deltas)
	})
	svc := &Service{Cluster: store.Single{Store: db}, Cache: sharedMemory{cache.NewMemory(1 << 20)},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock.Frozen(now)}
	owed := func() int {
		t.Helper()
		jobs, err := q.Jobs(ctx, jobargs.InvalidateCache{}.Kind())
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			var args jobargs.InvalidateCache
			if err := json.Unmarshal(j.EncodedArgs, &args); err != nil || args.UserID != u.ID {
				t.Fatalf("cache_invalidate job of another user: %s (%v)", j.EncodedArgs, err)
			}
		}
		return len(jobs)
	}
	if n := owed(); n != 0 {
		t.Fatalf("%d cache_invalidate jobs before any change", n)
	}

	// Committed with the change.
	if _, _, err := svc.SetCategory(ctx, u.ID, txn.ID, Change{Category: centavo.CatFood}); err != nil {
		t.Fatal(err)
	}
	if n := owed(); n != 1 {
		t.Fatalf("after a change: %d cache_invalidate jobs, want 1", n)
	}
	// None for a change that changes nothing.
	if _, _, err := svc.SetCategory(ctx, u.ID, txn.ID, Change{Category: centavo.CatFood}); err != nil {
		t.Fatal(err)
	}
	if n := owed(); n != 1 {
		t.Fatalf("after a change that changed nothing: %d cache_invalidate jobs, want 1", n)
	}
	// Rolled back with the change: the category stays, and no job is left.
	err = db.InTx(ctx, func(tx store.Tx) error {
		_, _, changed, err := svc.setCategory(ctx, tx, u.ID, txn.ID, Change{Category: centavo.CatHealth}, now)
		if err != nil || !changed {
			return errors.Join(err, errors.New("not changed"))
		}
		if err := svc.owe(ctx, tx, u.ID); err != nil {
			return err
		}
		return errRollBack
	})
	if !errors.Is(err, errRollBack) {
		t.Fatalf("rolled-back change: %v", err)
	}
	if got, err := db.Transaction(ctx, u.ID, txn.ID); err != nil || got.Category != centavo.CatFood {
		t.Fatalf("after the rollback: category %q, %v; want %q", got.Category, err, centavo.CatFood)
	}
	if n := owed(); n != 1 {
		t.Fatalf("after a rolled-back change: %d cache_invalidate jobs, want 1", n)
	}
	// An in-process cache dies with its process: nothing to make durable.
	svc.Cache = cache.NewMemory(1 << 20)
	if _, _, err := svc.SetCategory(ctx, u.ID, txn.ID, Change{Category: centavo.CatHealth}); err != nil {
		t.Fatal(err)
	}
	if n := owed(); n != 1 {
		t.Fatalf("after a change with an in-process cache: %d cache_invalidate jobs, want 1", n)
	}
}

var errRollBack = errors.New("roll back")
