package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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

// ParsePackedDays reads one account's days as the engines pack them in one
// text (storesql's AccountDays: "day:amount:count" joined by ","), so that
// a long history is one row per account rather than one per day.
func ParsePackedDays(accountID int64, packed string) ([]AccountDay, error) {
	out := make([]AccountDay, 0, strings.Count(packed, ",")+1)
	for item := range strings.SplitSeq(packed, ",") {
		f, err := packedFields(item, 3)
		if err != nil {
			return nil, err
		}
		out = append(out, AccountDay{AccountID: accountID, Day: centavo.Day(f[0]), AmountCents: f[1], Count: f[2]})
	}
	return out, nil
}

// ParsePackedBalances reads one account's reported balances as the engines
// pack them ("day:cents:available:as_of micros", available empty when
// unknown, joined by ",").
func ParsePackedBalances(userID, accountID int64, packed string) ([]centavo.Balance, error) {
	out := make([]centavo.Balance, 0, strings.Count(packed, ",")+1)
	for item := range strings.SplitSeq(packed, ",") {
		day, rest, _ := strings.Cut(item, ":")
		cents, rest, _ := strings.Cut(rest, ":")
		avail, asOf, ok := strings.Cut(rest, ":")
		f, err := packedFields(day+":"+cents+":"+asOf, 3)
		if err != nil || !ok {
			return nil, fmt.Errorf("store: packed balance %q: %v", item, err)
		}
		b := centavo.Balance{UserID: userID, AccountID: accountID, Day: centavo.Day(f[0]), Cents: f[1], AsOf: time.UnixMicro(f[2]).UTC()}
		if avail != "" {
			v, err := strconv.ParseInt(avail, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("store: packed balance %q: %w", item, err)
			}
			b.AvailableCents = &v
		}
		out = append(out, b)
	}
	return out, nil
}

func packedFields(item string, n int) ([]int64, error) {
	out := make([]int64, 0, n)
	for p := range strings.SplitSeq(item, ":") {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: packed item %q: %w", item, err)
		}
		out = append(out, v)
	}
	if len(out) != n {
		return nil, fmt.Errorf("store: packed item %q has %d fields, not %d", item, len(out), n)
	}
	return out, nil
}
