package ingest

import (
	"context"
	"slices"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/store"
)

// pairTransfers pairs, in tx, the rows of a batch just recorded into
// account a with the user's other unpaired rows (planTransfers) and files
// each pair as a transfer, moving the aggregates with it. The candidates
// are read once, bounded by the batch's dates (TransferDays either side)
// and amounts. It returns how many pairs it filed.
func pairTransfers(ctx context.Context, tx store.Tx, a centavo.Account, rows []centavo.Transaction, now time.Time) (int, error) {
	q := store.TransferQuery{UserID: a.UserID}
	n := 0
	for _, t := range rows {
		if t.Pending || t.AmountCents == 0 {
			continue
		}
		if n == 0 || t.PostedAt.Before(q.From) {
			q.From = t.PostedAt
		}
		if n == 0 || t.PostedAt.After(q.To) {
			q.To = t.PostedAt
		}
		q.Cents = append(q.Cents, abs(t.AmountCents))
		n++
	}
	if n == 0 {
		return 0, nil
	}
	slices.Sort(q.Cents)
	q.Cents = slices.Compact(q.Cents)
	// Whole days either side: the window counts calendar days (daysApart).
	q.From = q.From.UTC().Truncate(24*time.Hour).AddDate(0, 0, -TransferDays)
	q.To = q.To.UTC().Truncate(24*time.Hour).AddDate(0, 0, TransferDays+1).Add(-time.Microsecond)
	candidates, err := tx.TransferCandidates(ctx, q)
	if err != nil {
		return 0, err
	}
	pairs := planTransfers(candidates, a.ID)
	for _, p := range pairs {
		if _, _, err := ledger.FilePair(ctx, tx, a.UserID, p.Out, p.In, now); err != nil {
			return 0, err
		}
	}
	return len(pairs), nil
}
