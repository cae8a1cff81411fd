package ingest

import (
	"context"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/store"
)

// holdingsTx is what saveHoldings needs of a store transaction.
type holdingsTx interface {
	store.HoldingReader
	store.HoldingWriter
}

// saveHoldings makes an investment account's positions, read from a file
// or downloaded, its snapshot in tx, unless a newer snapshot is stored
// (an older statement imported later). A snapshot without a date is as of
// now. An empty snapshot replaces one that had positions (everything was
// sold) but is not saved for an account that never had any: SimpleFIN
// bridges send an empty "holdings" list with every bank account. It
// reports whether the snapshot was saved; nil h saves nothing.
func saveHoldings(ctx context.Context, tx holdingsTx, a centavo.Account, h *connector.Holdings, now time.Time) (bool, error) {
	if h == nil {
		return false, nil
	}
	if len(h.Positions) == 0 {
		stored, err := tx.Holdings(ctx, a.UserID, a.ID)
		if err != nil || stored.AsOf.IsZero() {
			return false, err
		}
	}
	asOf := h.AsOf.UTC()
	if asOf.IsZero() {
		asOf = now.UTC()
	}
	asOf = asOf.Truncate(time.Microsecond) // what both stores keep
	positions := make([]centavo.Holding, len(h.Positions))
	for i, p := range h.Positions {
		p.UserID, p.AccountID, p.AsOf = a.UserID, a.ID, asOf
		if p.Currency == "" {
			p.Currency = a.Currency
		}
		positions[i] = p
	}
	return tx.ReplaceHoldings(ctx, store.HoldingSnapshot{UserID: a.UserID, AccountID: a.ID, AsOf: asOf, Holdings: positions})
}
