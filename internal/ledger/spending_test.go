package ledger

import (
	"context"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/rates"
)

// TestSpending: a month's summary, read from the aggregates ingest keeps,
// counts every category but income and transfers, nets refunds against
// purchases, lists the largest spending first, names the user's currency,
// and holds only the user's own transactions of that month.
func TestSpending(t *testing.T) {
	t.Parallel()
	f := setup(t, false)
	user, acct := f.newUser("spender@example.com", "USD")
	// A user at home in euros with the same kind of (USD) rows but no rate
	// to convert them: nothing is summed raw.
	euro, euroAcct := f.newUser("euro@example.com", "EUR")
	other, otherAcct := f.newUser("other@example.com", "USD")
	f.insert(user,
		txn{acct, f.day(0), -5000, centavo.CatFood, "market"},
		txn{acct, f.day(3), -2500, centavo.CatFood, "market"},
		txn{acct, f.day(9), +1000, centavo.CatFood, "market"}, // a refund
		txn{acct, f.day(4), -1200, centavo.CatRestaurants, "diner"},
		txn{acct, f.day(14), +400000, centavo.CatIncome, "employer"},
		txn{acct, f.day(20), -30000, centavo.CatTransfer, ""},
		txn{acct, f.day(21), -700, centavo.CatShopping, "store"},
		txn{acct, f.day(22), +2000, centavo.CatShopping, "store"}, // a refund larger than the purchase
		txn{acct, f.day(23), -1200, centavo.CatGiftsDonations, "charity"},
		txn{acct, f.month.Start(), -4000, centavo.CatGas, "pump"},
	)
	f.insert(other, txn{otherAcct, f.day(0), -99999, centavo.CatFood, "market"})
	f.insert(euro, txn{euroAcct, f.day(0), -777, centavo.CatFood, "market"})

	cases := []struct {
		name  string
		user  int64
		month centavo.Month
		want  Summary
	}{
		{"last month", user, f.prev, Summary{Month: f.prev.String(), Currency: "USD", TotalSpentCents: 6500 + 1200 + 1200 - 1300,
			Categories: []CategorySummary{
				{centavo.CatFood, 6500, 3},
				// equal amounts: by category
				{centavo.CatGiftsDonations, 1200, 1},
				{centavo.CatRestaurants, 1200, 1},
				{centavo.CatShopping, -1300, 2},
			}, ByCurrency: []rates.CurrencySpent{{Currency: "USD", SpentCents: 6500 + 1200 + 1200 - 1300}}, MissingRates: []string{}}},
		{"this month", user, f.month, Summary{Month: f.month.String(), Currency: "USD", TotalSpentCents: 4000,
			Categories: []CategorySummary{{centavo.CatGas, 4000, 1}}, ByCurrency: []rates.CurrencySpent{{Currency: "USD", SpentCents: 4000}}, MissingRates: []string{}}},
		{"a month without transactions", user, f.prev.Add(-1), Summary{Month: f.prev.Add(-1).String(), Currency: "USD", Categories: []CategorySummary{},
			ByCurrency: []rates.CurrencySpent{}, MissingRates: []string{}}},
		{"next month", user, f.month.Add(1), Summary{Month: f.month.Add(1).String(), Currency: "USD", Categories: []CategorySummary{},
			ByCurrency: []rates.CurrencySpent{}, MissingRates: []string{}}},
		{"the other user", other, f.prev, Summary{Month: f.prev.String(), Currency: "USD", TotalSpentCents: 99999,
			Categories: []CategorySummary{{centavo.CatFood, 99999, 1}}, ByCurrency: []rates.CurrencySpent{{Currency: "USD", SpentCents: 99999}}, MissingRates: []string{}}},
		{"no rate: listed, not summed", euro, f.prev, Summary{Month: f.prev.String(), Currency: "EUR", Categories: []CategorySummary{},
			ByCurrency: []rates.CurrencySpent{{Currency: "USD", SpentCents: 777}}, MissingRates: []string{"USD"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.svc.Spending(context.Background(), tc.user, tc.month)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Spending(%s):\n got %+v\nwant %+v", tc.month, got, tc.want)
			}
		})
	}
	if _, err := f.svc.Spending(context.Background(), 424242, f.prev); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Errorf("spending of a user that does not exist: %v, want not found", err)
	}
}

// TestSpendingCache: with a cache, a summary is read once and kept, so a
// change of the aggregates that bypasses the ledger is not seen; a change
// through the ledger invalidates the user's summaries and first pages, and
// the next read sees everything. Without a cache every read sees the store.
func TestSpendingCache(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		cache bool
	}{{"cached", true}, {"uncached", false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			f := setup(t, tc.cache)
			user, acct := f.newUser("cached@example.com", "USD")
			txns := f.insert(user, txn{acct, f.day(1), -5000, centavo.CatFood, "market"})
			if total, _ := f.spent(user, f.prev); total != 5000 {
				t.Fatalf("total %d, want 5000", total)
			}
			page, err := f.svc.Transactions(ctx, user, Query{Month: f.prev})
			if err != nil || len(page.Transactions) != 1 || page.Transactions[0].Category != centavo.CatFood {
				t.Fatalf("first page: %+v, %v", page, err)
			}
			// Another writer (a download by another process, say) adds 100.
			other := f.insert(user, txn{acct, f.day(2), -100, centavo.CatFood, "market"})
			total, _ := f.spent(user, f.prev)
			page, _ = f.svc.Transactions(ctx, user, Query{Month: f.prev})
			wantTotal, wantLen := int64(5100), 2
			if tc.cache {
				wantTotal, wantLen = 5000, 1 // cache-aside: the cached copies are served
			}
			if total != wantTotal || len(page.Transactions) != wantLen {
				t.Errorf("before invalidation: total %d and %d transactions, want %d and %d", total, len(page.Transactions), wantTotal, wantLen)
			}
			// A change through the ledger invalidates.
			if _, _, err := f.svc.SetCategory(ctx, user, txns[0].ID, Change{Category: centavo.CatIncome}); err != nil {
				t.Fatal(err)
			}
			total, lines := f.spent(user, f.prev)
			if total != 100 || lines[centavo.CatFood] != [2]int64{100, 1} {
				t.Errorf("after the change: total %d, lines %v; want 100 of food", total, lines)
			}
			page, _ = f.svc.Transactions(ctx, user, Query{Month: f.prev})
			if len(page.Transactions) != 2 || page.Transactions[0].ID != other[0].ID || page.Transactions[1].Category != centavo.CatIncome {
				t.Errorf("first page after the change: %+v", page.Transactions)
			}
		})
	}
}
