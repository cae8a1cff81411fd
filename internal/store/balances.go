package store

import (
	"cmp"
	"slices"
	"time"

	"context"

	"github.com/centavo/centavo"
)

// The store's part in where money stands (docs/0027-balances-and-net-worth.md):
// the balances the sources report and the net amount of each account's
// posted rows per day, which InsertTransactions and DeleteTransactions keep
// in step with the rows in the same SQL transaction.

// BalanceReader reads the balances of a user's accounts and the daily net
// amounts they are carried through.
type BalanceReader interface {
	// Balances returns the reported balances of the user's accounts (of
	// one, f.AccountID ≠ 0) of day f.Since or later, by account then day.
	Balances(ctx context.Context, f DayFilter) ([]centavo.Balance, error)
	// LatestBalances returns the latest reported balance (by day) of each
	// of the user's accounts that has one, by account.
	LatestBalances(ctx context.Context, userID int64) ([]centavo.Balance, error)
	// AccountDays returns the net amounts of the user's accounts' posted
	// rows (of one account, f.AccountID ≠ 0) per day, of day f.Since or
	// later, by account then day; only days that hold rows.
	AccountDays(ctx context.Context, f DayFilter) ([]AccountDay, error)
	// HoldingValues sums the market value of each of the user's
	// investment accounts' latest holdings per currency, by account.
	HoldingValues(ctx context.Context, userID int64) ([]HoldingValue, error)
}

// HoldingValue is what an account's latest holdings priced in one
// currency are worth.
type HoldingValue struct {
	AccountID int64
	AsOf      time.Time
	Currency  string
	Cents     int64
}

// BalanceWriter records reported balances.
type BalanceWriter interface {
	// RecordBalance keeps b as the account's balance of b.Day unless one
	// reported later (AsOf) is kept for that day already; it reports
	// whether b was kept. ErrNotFound when the account is not the user's.
	RecordBalance(ctx context.Context, b centavo.Balance) (bool, error)
}

// DayFilter selects a user's per-day rows.
type DayFilter struct {
	UserID    int64
	AccountID int64 // 0: every account
	Since     centavo.Day
}

// AccountDay is the net amount of an account's posted rows on one day.
type AccountDay struct {
	AccountID   int64
	Day         centavo.Day
	AmountCents int64
	Count       int64
}

// DayDelta is a change to one account's net amount of a day.
type DayDelta struct {
	UserID, AccountID int64
	Day               centavo.Day
	AmountCents       int64
	Count             int64
}

// DayDeltas sums the posted ones of txns per account and day (sign: +1 to
// add them, -1 to remove them), in account and day order; pending rows are
// not in any balance yet and count nowhere.
func DayDeltas(txns []centavo.Transaction, sign int64) []DayDelta {
	type key struct {
		account int64
		day     centavo.Day
	}
	idx := map[key]int{}
	var out []DayDelta
	for _, t := range txns {
		if t.Pending {
			continue
		}
		k := key{t.AccountID, centavo.DayOf(t.PostedAt)}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, DayDelta{UserID: t.UserID, AccountID: t.AccountID, Day: k.day})
		}
		out[i].AmountCents += sign * t.AmountCents
		out[i].Count += sign
	}
	sortDayDeltas(out)
	return out
}

// DayMismatch is one account's day whose stored net amount differs from
// the sum of its posted rows (including days missing on either side).
type DayMismatch struct {
	UserID, AccountID          int64
	Day                        centavo.Day
	StoredCents, ComputedCents int64
	StoredCount, ComputedCount int64
}

// sortDayDeltas orders deltas by account then day: one lock order for the
// engines' upserts.
func sortDayDeltas(d []DayDelta) {
	slices.SortFunc(d, func(a, b DayDelta) int {
		if c := cmp.Compare(a.AccountID, b.AccountID); c != 0 {
			return c
		}
		return cmp.Compare(a.Day, b.Day)
	})
}
