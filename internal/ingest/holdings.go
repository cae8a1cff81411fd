package ingest

import (
	"context"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/store"
)

// saveHoldings makes an investment account's positions, read from a file
// or downloaded, its snapshot in tx, unless a newer snapshot is stored
// (an older statement imported later). A snapshot without a date is as of
// now. It reports whether the snapshot was saved; nil h saves nothing.
func saveHoldings(ctx context.Context, tx store.HoldingWriter, a centavo.Account, h *connector.Holdings, now time.Time) (bool, error) {
	if h == nil {
		return false, nil
	}
	asOf := h.AsOf.UTC()
	if asOf.IsZero() {
		asOf = now
	}
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
