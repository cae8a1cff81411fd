package ingest

import (
	"context"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/store"
)

// recordBalances keeps the balances a statement or file reported for the
// account, in the SQL transaction that records its rows; one without a
// time is as of now (the download or import).
func recordBalances(ctx context.Context, tx store.BalanceWriter, a centavo.Account, bals []connector.Balance, now time.Time) error {
	for _, b := range bals {
		at := b.AsOf.UTC()
		if at.IsZero() {
			at = now
		}
		at = at.Truncate(time.Microsecond) // what both stores keep
		_, err := tx.RecordBalance(ctx, centavo.Balance{UserID: a.UserID, AccountID: a.ID, Day: centavo.DayOf(at),
			Cents: b.LedgerCents, AvailableCents: b.AvailableCents, AsOf: at})
		if err != nil {
			return err
		}
	}
	return nil
}

// balancesOf lists a statement's balance, if it has one.
func balancesOf(b *connector.Balance) []connector.Balance {
	if b == nil {
		return nil
	}
	return []connector.Balance{*b}
}

// balancesUnder lists a file's balances of the account it keys by key.
func balancesUnder(list []file.Balance, key string) []connector.Balance {
	var out []connector.Balance
	for _, b := range list {
		if b.Key == key {
			out = append(out, b.Balance)
		}
	}
	return out
}
