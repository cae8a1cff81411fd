package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
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
	if _, err := db.NewQueue(&river.Config{}); err != nil { // insert-only
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	u := centavo.User{Email: "bench@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	a := centavo.Account{Connector: centavo.ConnectorOFX, Name: "Checking", Type: "checking", Currency: "USD",
		Institution:       centavo.Institution{URL: "http://bank.example/ofx", Org: "B", FID: "1", BankID: "1", AccountID: "1"},
		SealedCredentials: []byte{1}, Status: centavo.AccountOK, CreatedAt: now}
	err := db.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		a.UserID = u.ID
		return tx.CreateAccount(ctx, &a)
	})
	if err != nil {
		b.Fatal(err)
	}
	var c cache.Cache = cache.NewMemory(1 << 20)
	if shared {
		c = sharedCache{cache.NewMemory(1 << 20)}
	}
	s := &Service{Cache: c}
	b.ResetTimer()
	for i := range b.N {
		batch := make([]centavo.Transaction, 20)
		for j := range batch {
			batch[j] = centavo.Transaction{UserID: u.ID, AccountID: a.ID, InstitutionID: fmt.Sprintf("F%d-%d", i, j),
				PostedAt: now.AddDate(0, 0, -j), Seller: "COFFEE", Merchant: "Coffee", MerchantKey: "coffee",
				AmountCents: -int64(100 + j), Currency: "USD", Category: centavo.CatRestaurants, CategorySource: centavo.SourceSeed}
		}
		err := db.InTx(ctx, func(tx store.Tx) error {
			_, err := s.record(ctx, tx, a, batch, now, fmt.Sprintf("k:%d", i))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
