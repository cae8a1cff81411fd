package file

import (
	"cmp"
	"slices"
	"time"

	"github.com/centavo/centavo/internal/connector"
)

// csvBalances collects a CSV's running balance column: the balance after
// each posted row, per account and day.
type csvBalances struct {
	rows []csvBalance
}

type csvBalance struct {
	key   string
	day   time.Time // the row's day, UTC
	cents int64
}

// note keeps the running balance of a posted row, if the column has one
// that reads as an amount (it is in the sign of the rows' amounts).
func (b *csvBalances) note(p *csvPlan, r csvRow, tx connector.Transaction) {
	if p.balance < 0 || tx.Pending {
		return
	}
	v := cell(r, p.balance)
	if v == "" {
		return
	}
	cents, err := parseAmount(v, p.style)
	if err != nil || connector.CheckAmount(cents) != nil {
		return
	}
	if p.negate {
		cents = -cents
	}
	day := tx.PostedAt.UTC().Truncate(24 * time.Hour)
	b.rows = append(b.rows, csvBalance{key: tx.FileAccount, day: day, cents: cents})
}

// closing is the closing balance of each account's days: the balance of
// the day's last row in time, which is the file's last row of the day when
// the file runs oldest first and its first when it runs newest first.
func (b *csvBalances) closing() []Balance {
	if len(b.rows) == 0 {
		return nil
	}
	newestFirst := b.rows[0].day.After(b.rows[len(b.rows)-1].day)
	type key struct {
		account string
		day     time.Time
	}
	last := map[key]csvBalance{}
	for _, r := range b.rows {
		k := key{r.key, r.day}
		if _, seen := last[k]; seen && newestFirst {
			continue
		}
		last[k] = r
	}
	out := make([]Balance, 0, len(last))
	for _, r := range last {
		at := r.day.Add(24*time.Hour - time.Second) // the day's close
		out = append(out, Balance{Key: r.key, Balance: connector.Balance{LedgerCents: r.cents, AsOf: at}})
	}
	slices.SortFunc(out, func(a, b Balance) int {
		if c := cmp.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return a.AsOf.Compare(b.AsOf)
	})
	return out
}
