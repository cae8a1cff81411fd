package ledger

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// countingStore counts the reads of the monthly aggregates and of users.
type countingStore struct {
	store.Store
	months, users atomic.Int64
}

func (c *countingStore) MonthlySpending(ctx context.Context, userID int64, m centavo.Month) ([]centavo.CategorySpending, error) {
	c.months.Add(1)
	return c.Store.MonthlySpending(ctx, userID, m)
}

func (c *countingStore) UserByID(ctx context.Context, id int64) (centavo.User, error) {
	c.users.Add(1)
	return c.Store.UserByID(ctx, id)
}

// TestCashflow: income is the income category, spending the month's
// /spending total, transfers count in neither; net and the savings rate
// follow, the rate null without income; each month's aggregates are read
// once and the user once, and with a cache not at all the second time.
func TestCashflow(t *testing.T) {
	t.Parallel()
	for _, withCache := range []bool{false, true} {
		ctx := context.Background()
		f := setup(t, withCache)
		counting := &countingStore{Store: f.db}
		f.svc.Cluster = store.Single{Store: counting}
		user, acct := f.newUser("flow@example.com", "USD") // the rows are USD: at home, no conversion
		twoAgo := f.prev.Add(-1).Start().AddDate(0, 0, 1).Add(12 * time.Hour)
		f.insert(user,
			txn{acct, f.day(0), +400_000, centavo.CatIncome, "employer"},
			txn{acct, f.day(1), -120_000, centavo.CatHousing, "landlord"},
			txn{acct, f.day(2), -30_000, centavo.CatFood, "market"},
			txn{acct, f.day(3), +1_000, centavo.CatFood, "market"},       // a refund
			txn{acct, f.day(4), -50_000, centavo.CatTransfer, ""},        // to savings: neither
			txn{acct, f.day(5), +20_000, centavo.CatTransfer, ""},        // from savings: neither
			txn{acct, f.month.Start(), -9_999, centavo.CatShopping, "s"}, // this month: no income
			txn{acct, twoAgo, +100_000, centavo.CatIncome, "employer"},
			txn{acct, twoAgo, -130_000, centavo.CatTravel, "airline"}, // spent more than came in
		)
		from := f.prev.Add(-2)
		got, err := f.svc.Cashflow(ctx, user, from, f.month)
		if err != nil {
			t.Fatal(err)
		}
		rate := func(v float64) *float64 { return &v }
		want := []CashflowMonth{
			{Month: from.String()},
			{Month: f.prev.Add(-1).String(), IncomeCents: 100_000, SpendingCents: 130_000, NetCents: -30_000, SavingsRate: rate(-0.3)},
			{Month: f.prev.String(), IncomeCents: 400_000, SpendingCents: 149_000, NetCents: 251_000, SavingsRate: rate(0.6275)},
			{Month: f.month.String(), SpendingCents: 9_999, NetCents: -9_999},
		}
		if got.Currency != "USD" || len(got.Months) != len(want) {
			t.Fatalf("cash flow %+v", got)
		}
		for i, w := range want {
			g := got.Months[i]
			if g.Month != w.Month || g.IncomeCents != w.IncomeCents || g.SpendingCents != w.SpendingCents || g.NetCents != w.NetCents ||
				(g.SavingsRate == nil) != (w.SavingsRate == nil) || (g.SavingsRate != nil && *g.SavingsRate != *w.SavingsRate) {
				t.Errorf("month %d: %+v (rate %v), want %+v (rate %v)", i, g, g.SavingsRate, w, w.SavingsRate)
			}
			m, _ := centavo.ParseMonth(w.Month)
			spent, _ := f.spent(user, m)
			if g.SpendingCents != spent {
				t.Errorf("%s: spending %d, /spending's total %d", w.Month, g.SpendingCents, spent)
			}
		}
		counting.months.Store(0)
		counting.users.Store(0)
		if _, err := f.svc.Cashflow(ctx, user, from, f.month); err != nil {
			t.Fatal(err)
		}
		wantMonths, wantUsers := int64(4), int64(1)
		if withCache {
			wantMonths, wantUsers = 0, 0
		}
		if counting.months.Load() != wantMonths || counting.users.Load() != wantUsers {
			t.Errorf("cache %v: %d reads of aggregates and %d of the user for 4 months, want %d and %d",
				withCache, counting.months.Load(), counting.users.Load(), wantMonths, wantUsers)
		}

		for _, bad := range [][2]centavo.Month{{f.month, f.prev}, {f.month.Add(-MaxCashflowMonths), f.month}} {
			if _, err := f.svc.Cashflow(ctx, user, bad[0], bad[1]); centavo.ErrorCode(err) != centavo.EINVALID {
				t.Errorf("cash flow from %s to %s: %v, want invalid", bad[0], bad[1], err)
			}
		}
		if got, err := f.svc.Cashflow(ctx, user, f.month.Add(1-MaxCashflowMonths), f.month); err != nil || len(got.Months) != MaxCashflowMonths {
			t.Errorf("%d months: %d, %v", MaxCashflowMonths, len(got.Months), err)
		}
		if _, err := f.svc.Cashflow(ctx, 424242, f.prev, f.prev); centavo.ErrorCode(err) != centavo.ENOTFOUND {
			t.Errorf("cash flow of a user that does not exist: %v, want not found", err)
		}
	}
}

func TestSavingsRate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		net, income int64
		want        float64
	}{
		{1, 3, 0.3333}, {2, 3, 0.6667}, {-1, 3, -0.3333}, {-2, 3, -0.6667}, {0, 100, 0}, {100, 100, 1},
		{1, 20_000, 0.0001}, {-1, 20_000, -0.0001}, {1, 20_001, 0}, {-500, 100, -5},
		{251_000, 400_000, 0.6275}, {9_000_000_000_000, 9_100_000_000_000, 0.989},
	} {
		if got := SavingsRate(c.net, c.income); got != c.want {
			t.Errorf("SavingsRate(%d, %d) = %v, want %v", c.net, c.income, got, c.want)
		}
	}
}
