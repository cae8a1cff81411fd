package account_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// benchDays is the length of the series: two years.
const benchDays = 730

// seedNetWorth gives a user 10 accounts (7 assets, 3 cards) with two
// years of history: 1–3 posted rows on every day and a balance reported
// every day, as a daily refresh leaves them (7,300 reports, about 14,600
// rows on 7,300 account days).
func seedNetWorth(b *testing.B, st store.Store, today time.Time) (userID, worth int64) {
	b.Helper()
	ctx := context.Background()
	u := centavo.User{Email: "worth@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: today, LastActiveAt: today}
	err := st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		r := rand.New(rand.NewPCG(1, 2))
		for i := range 10 {
			typ := "checking"
			if i >= 7 {
				typ = "credit_card"
			}
			a := centavo.Account{UserID: u.ID, Connector: centavo.ConnectorOFX, Name: fmt.Sprint("Account ", i), Type: typ, Currency: "USD",
				SealedCredentials: []byte{}, Status: centavo.AccountOK, CreatedAt: today}
			if err := tx.CreateAccount(ctx, &a); err != nil {
				return err
			}
			var bal int64 = 500_000
			var txns []centavo.Transaction
			for d := benchDays; d >= 0; d-- {
				day := today.AddDate(0, 0, -d)
				for k := range 1 + r.IntN(3) {
					cents := -r.Int64N(10_000)
					bal += cents
					txns = append(txns, centavo.Transaction{UserID: u.ID, AccountID: a.ID, InstitutionID: fmt.Sprintf("%d-%d", d, k),
						PostedAt: day.Add(12 * time.Hour), Seller: "SHOP", Merchant: "Shop", AmountCents: cents, Currency: "USD",
						Category: "shopping", CategorySource: centavo.SourceSeed, CreatedAt: today})
				}
				at := day.Add(23 * time.Hour)
				if _, err := tx.RecordBalance(ctx, centavo.Balance{UserID: u.ID, AccountID: a.ID, Day: centavo.DayOf(at), Cents: bal, AsOf: at}); err != nil {
					return err
				}
			}
			if _, err := tx.InsertTransactions(ctx, txns); err != nil {
				return err
			}
			worth += bal // a card's balance is negative: what it owes lowers net worth
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return u.ID, worth
}

func benchmarkNetWorth(b *testing.B, st store.Store) {
	today := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	userID, worth := seedNetWorth(b, st, today)
	s := &account.Service{Cluster: store.Single{Store: st}, Now: func() time.Time { return today }}
	p := account.NetWorthParams{UserID: userID, From: centavo.DayOf(today) - benchDays + 1, To: centavo.DayOf(today), Interval: account.IntervalDay}
	ctx := context.Background()
	nw, err := s.NetWorth(ctx, p)
	if last := nw.Points[len(nw.Points)-1]; err != nil || last.NetWorthCents != worth || last.AssetsCents-last.LiabilitiesCents != worth {
		b.Fatalf("net worth today %+v (%v), the seed's balances sum to %d", last, err, worth)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		nw, err := s.NetWorth(ctx, p)
		if err != nil || len(nw.Points) != benchDays {
			b.Fatalf("%d points, %v", len(nw.Points), err)
		}
	}
}

// BenchmarkNetWorthSQLite: a two-year daily net worth series of a user
// with 10 accounts, the service call on SQLite (docs/BENCHMARKS.md).
func BenchmarkNetWorthSQLite(b *testing.B) {
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "nw.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	benchmarkNetWorth(b, db)
}

// BenchmarkNetWorthPostgres is BenchmarkNetWorthSQLite on PostgreSQL.
func BenchmarkNetWorthPostgres(b *testing.B) {
	db, err := postgres.Open(context.Background(), pgtest.Schema(b), postgres.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	benchmarkNetWorth(b, db)
}
