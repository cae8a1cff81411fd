package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
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

// BlockMismatch is one account's block of packed reports (days with
// day / 32 = Block) that differs from its reported balances, or is missing
// on either side.
type BlockMismatch struct {
	UserID, AccountID, Block int64
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

// AppendPackedDays appends one account's days as the engines pack them in
// one text (storesql's AccountDays: "day:amount:count" joined by ","), so
// that a long history is one row per account rather than one per day, to
// dst, in day order whatever order the engine packed them in.
func AppendPackedDays(dst []AccountDay, accountID int64, packed string) ([]AccountDay, error) {
	if packed == "" {
		return dst, fmt.Errorf("store: empty packed text of account %d", accountID)
	}
	start := len(dst)
	for i := 0; i < len(packed); {
		var f [3]int64
		var err error
		for k := range f {
			if f[k], i, err = packedInt(packed, i, k == len(f)-1); err != nil {
				return dst, err
			}
		}
		dst = append(dst, AccountDay{AccountID: accountID, Day: centavo.Day(f[0]), AmountCents: f[1], Count: f[2]})
	}
	added := dst[start:]
	if !slices.IsSortedFunc(added, func(a, b AccountDay) int { return cmp.Compare(a.Day, b.Day) }) {
		slices.SortFunc(added, func(a, b AccountDay) int { return cmp.Compare(a.Day, b.Day) })
	}
	return dst, nil
}

// AppendPackedBalances appends one account's reported balances as the
// engines pack them ("day:cents:available:as_of micros", available empty
// when unknown, joined by ",") to dst, in day order whatever order the
// engine packed them in.
func AppendPackedBalances(dst []centavo.Balance, userID, accountID int64, packed string) ([]centavo.Balance, error) {
	if packed == "" {
		return dst, fmt.Errorf("store: empty packed text of account %d", accountID)
	}
	start := len(dst)
	for i := 0; i < len(packed); {
		b := centavo.Balance{UserID: userID, AccountID: accountID}
		var day, asOf int64
		var err error
		if day, i, err = packedInt(packed, i, false); err != nil {
			return dst, err
		}
		if b.Cents, i, err = packedInt(packed, i, false); err != nil {
			return dst, err
		}
		if i < len(packed) && packed[i] == ':' {
			i++ // available unknown
		} else {
			var v int64
			if v, i, err = packedInt(packed, i, false); err != nil {
				return dst, err
			}
			b.AvailableCents = &v
		}
		if asOf, i, err = packedInt(packed, i, true); err != nil {
			return dst, err
		}
		b.Day, b.AsOf = centavo.Day(day), time.UnixMicro(asOf).UTC()
		dst = append(dst, b)
	}
	added := dst[start:]
	if !slices.IsSortedFunc(added, func(a, b centavo.Balance) int { return cmp.Compare(a.Day, b.Day) }) {
		slices.SortFunc(added, func(a, b centavo.Balance) int { return cmp.Compare(a.Day, b.Day) })
	}
	return dst, nil
}

// PackedBlock is one block of an account's packed reports as an engine
// read it.
type PackedBlock struct {
	AccountID int64
	Packed    string
}

// ParseBlocks reads the blocks of packed reports (by account then block)
// into one list by account then day, leaving out the days before since;
// the list is allocated once.
func ParseBlocks(userID int64, since centavo.Day, blocks []PackedBlock) ([]centavo.Balance, error) {
	n := 0
	for _, b := range blocks {
		n += strings.Count(b.Packed, ",") + 1
	}
	out := make([]centavo.Balance, 0, n)
	var err error
	for _, b := range blocks {
		if out, err = AppendPackedBalances(out, userID, b.AccountID, b.Packed); err != nil {
			return nil, err
		}
	}
	return slices.DeleteFunc(out, func(b centavo.Balance) bool { return b.Day < since }), nil
}

// packedInt reads the decimal integer of packed at i, which ends its item
// (last: at "," followed by another item, or the end) or a field of it
// (at ":"), and returns the index after its separator.
func packedInt(packed string, i int, last bool) (int64, int, error) {
	start := i
	neg := i < len(packed) && packed[i] == '-'
	if neg {
		i++
	}
	var v uint64
	digits := 0
	for ; i < len(packed) && packed[i] >= '0' && packed[i] <= '9'; i++ {
		v = v*10 + uint64(packed[i]-'0')
		if digits++; digits > 19 || v > math.MaxInt64 {
			return 0, i, fmt.Errorf("store: packed number at %d of %q is out of range", start, clip(packed, start))
		}
	}
	sep := byte(':')
	if last {
		sep = ','
	}
	if digits == 0 || (i < len(packed) && packed[i] != sep) || (i == len(packed) && !last) || (last && i == len(packed)-1) {
		return 0, i, fmt.Errorf("store: packed item at %d of %q is malformed", start, clip(packed, start))
	}
	if neg {
		return -int64(v), i + 1, nil
	}
	return int64(v), i + 1, nil
}

// clip is up to 40 characters of packed from i, for an error.
func clip(packed string, i int) string {
	return packed[i:min(len(packed), i+40)]
}
