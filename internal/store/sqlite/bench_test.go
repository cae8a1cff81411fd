package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

var benchBase = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

var benchCategories = []string{
	centavo.CatFood, centavo.CatGas, centavo.CatPets, "groceries", "travel", "health", "utilities", "shopping",
}

func openBench(b *testing.B) *sqlite.DB {
	b.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchUser creates a user with one account and n transactions spread over
// twelve months and the benchmark categories, with matching aggregates.
func benchUser(b *testing.B, db *sqlite.DB, i, n int) (centavo.User, centavo.Account) {
	b.Helper()
	ctx := context.Background()
	u := centavo.User{Email: fmt.Sprintf("u%d@example.com", i), PasswordHash: "hash", Currency: "USD", CreatedAt: benchBase, LastActiveAt: benchBase}
	a := centavo.Account{
		Connector: centavo.ConnectorOFX, Name: "Checking", Type: "checking", Currency: "USD",
		SealedCredentials: []byte{1}, Status: centavo.AccountOK, CreatedAt: benchBase,
	}
	err := db.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		a.UserID = u.ID
		if err := tx.CreateAccount(ctx, &a); err != nil {
			return err
		}
		txns := benchTxns(u, a, 0, n)
		ins, err := tx.InsertTransactions(ctx, txns)
		if err != nil {
			return err
		}
		deltas, err := store.SumDeltas(ins, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, u.ID, deltas)
	})
	if err != nil {
		b.Fatal(err)
	}
	return u, a
}

func benchTxns(u centavo.User, a centavo.Account, from, n int) []centavo.Transaction {
	txns := make([]centavo.Transaction, n)
	for j := range txns {
		k := from + j
		txns[j] = centavo.Transaction{
			UserID: u.ID, AccountID: a.ID, InstitutionID: fmt.Sprintf("T%09d", k),
			PostedAt: benchBase.Add(-time.Duration(k%365) * 24 * time.Hour).Add(time.Duration(k%1000) * time.Second),
			Seller:   fmt.Sprintf("SELLER %d", k%300), Merchant: fmt.Sprintf("Seller %d", k%300), MerchantKey: fmt.Sprintf("seller-%d", k%300),
			Fingerprint: fmt.Sprintf("fp%d", k), AmountCents: -int64(k%10_000 + 1), Currency: "USD",
			Category: benchCategories[k%len(benchCategories)], CategorySource: centavo.SourceSeed,
		}
	}
	return txns
}

// BenchmarkInsertTransactions inserts 10,000 new rows per call in one write transaction.
func BenchmarkInsertTransactions(b *testing.B) {
	const rows = 10_000
	db := openBench(b)
	u, a := benchUser(b, db, 0, 0)
	ctx := context.Background()
	next := 0
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		txns := benchTxns(u, a, next, rows)
		next += rows
		b.StartTimer()
		err := db.InTx(ctx, func(tx store.Tx) error {
			ins, err := tx.InsertTransactions(ctx, txns)
			if err == nil && len(ins) != rows {
				err = fmt.Errorf("inserted %d, want %d", len(ins), rows)
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}

// BenchmarkAddMonthlySpending upserts 1,000 aggregate rows per call.
func BenchmarkAddMonthlySpending(b *testing.B) {
	db := openBench(b)
	u, _ := benchUser(b, db, 0, 0)
	ctx := context.Background()
	m, _ := centavo.ParseMonth("2026-03")
	var deltas []store.SpendingDelta
	for i := range 1000 {
		deltas = append(deltas, store.SpendingDelta{Currency: "USD", Month: m.Add(-i / 10), Category: fmt.Sprintf("c%d", i%10), AmountCents: -1, Count: 1})
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := db.InTx(ctx, func(tx store.Tx) error { return tx.AddMonthlySpending(ctx, u.ID, deltas) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify checks 100,000 transactions of 1,000 users.
func BenchmarkVerify(b *testing.B) {
	db := openBench(b)
	for i := range 1000 {
		benchUser(b, db, i, 100)
	}
	ctx := context.Background()
	for b.Loop() {
		rep, err := db.Verify(ctx)
		if err != nil || !rep.OK() || rep.Transactions != 100_000 {
			b.Fatalf("Verify = %+v, %v", rep, err)
		}
	}
}

// benchReads sets up one user with 1,000 transactions and a token.
func benchReads(b *testing.B) (*sqlite.DB, centavo.User, []byte) {
	db := openBench(b)
	u, _ := benchUser(b, db, 0, 1000)
	for i := 1; i < 50; i++ { // other users, so lookups are not on a one-row table
		benchUser(b, db, i, 10)
	}
	hash := []byte("0123456789abcdef0123456789abcdef")
	ctx := context.Background()
	err := db.InTx(ctx, func(tx store.Tx) error {
		return tx.CreateToken(ctx, store.Token{Hash: hash, UserID: u.ID, CreatedAt: benchBase, ExpiresAt: benchBase.AddDate(1, 0, 0)})
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, u, hash
}

func BenchmarkUserIDByToken(b *testing.B) {
	db, u, hash := benchReads(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if id, err := db.UserIDByToken(ctx, hash, benchBase); err != nil || id != u.ID {
			b.Fatal(id, err)
		}
	}
}

func BenchmarkUserByID(b *testing.B) {
	db, u, _ := benchReads(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if got, err := db.UserByID(ctx, u.ID); err != nil || got.ID != u.ID {
			b.Fatal(got, err)
		}
	}
}

func BenchmarkMonthlySpending(b *testing.B) {
	db, u, _ := benchReads(b)
	ctx := context.Background()
	m, _ := centavo.ParseMonth("2026-02")
	b.ReportAllocs()
	for b.Loop() {
		if rows, err := db.MonthlySpending(ctx, u.ID, m); err != nil || len(rows) != len(benchCategories) {
			b.Fatal(rows, err)
		}
	}
}

func BenchmarkTransactionsFirstPage(b *testing.B) {
	db, u, _ := benchReads(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if page, err := db.Transactions(ctx, store.TransactionFilter{UserID: u.ID, Limit: 50}); err != nil || len(page) != 50 {
			b.Fatal(len(page), err)
		}
	}
}
