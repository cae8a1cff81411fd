package ingest

import (
	"context"
	"iter"
	"slices"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/store"
)

// pairTransfers pairs, in tx, the rows of a batch just recorded into
// account a with the user's unpaired rows of their other accounts
// (planTransfers) and files each pair as a transfer, moving the aggregates
// with it. It reads in two steps, each bounded by dates (TransferDays
// either side) and amounts: the other accounts' rows of the batch's
// amounts with the other sign — most batches find none and stop there —
// then the account's own rows that could pair with those. It returns how
// many pairs it filed.
func pairTransfers(ctx context.Context, tx store.Tx, a centavo.Account, rows []centavo.Transaction, now time.Time) (int, error) {
	return pairTransfersOf(ctx, tx, a, slices.Values(rows), now)
}

// pairTransfersOf is pairTransfers over the rows that rows yields.
func pairTransfersOf(ctx context.Context, tx store.Tx, a centavo.Account, rows iter.Seq[centavo.Transaction], now time.Time) (int, error) {
	q, ok := pairableQuery(a.UserID, rows, store.TransferQuery{NotAccount: a.ID})
	if !ok {
		return 0, nil
	}
	others, err := tx.TransferCandidates(ctx, q)
	if err != nil || len(others) == 0 {
		return 0, err
	}
	// The account's side: the batch's rows as stored (with their ids), and
	// its other unpaired rows in the window, which a pairing that ran at
	// the same moment in another transaction may have missed.
	own, err := tx.TransferCandidates(ctx, transferQuery(a.UserID, others, store.TransferQuery{Account: a.ID}))
	if err != nil {
		return 0, err
	}
	pairs := planTransfers(append(others, own...), a.ID)
	for _, p := range pairs {
		if _, _, err := ledger.FilePair(ctx, tx, a.UserID, p.Out, p.In, now); err != nil {
			return 0, err
		}
	}
	return len(pairs), nil
}

// transferQuery completes q with the window and the amounts that could
// pair with rows: their days, TransferDays either side (whole days, as
// daysApart counts), and their amounts with the other sign.
func transferQuery(userID int64, rows []centavo.Transaction, q store.TransferQuery) store.TransferQuery {
	q, _ = windowQuery(userID, slices.Values(rows), q, func(centavo.Transaction) bool { return true })
	return q
}

// pairableQuery is transferQuery over the rows of a batch that may be a
// transfer's side (maySide), read where they are: a big import's rows are
// not copied (docs/0041-import-memory.md). ok is false when none may.
func pairableQuery(userID int64, rows iter.Seq[centavo.Transaction], q store.TransferQuery) (store.TransferQuery, bool) {
	return windowQuery(userID, rows, q, maySide)
}

// maySide says whether a row of a batch may be a transfer's side.
func maySide(t centavo.Transaction) bool { return !t.Pending && t.AmountCents != 0 }

// windowQuery completes q with the window and amounts of the rows that
// keep takes; ok says there was one.
func windowQuery(userID int64, rows iter.Seq[centavo.Transaction], q store.TransferQuery, keep func(centavo.Transaction) bool) (store.TransferQuery, bool) {
	q.UserID = userID
	n := 0
	for t := range rows {
		if !keep(t) {
			continue
		}
		if n == 0 || t.PostedAt.Before(q.From) {
			q.From = t.PostedAt
		}
		if n == 0 || t.PostedAt.After(q.To) {
			q.To = t.PostedAt
		}
		q.Cents = append(q.Cents, -t.AmountCents)
		n++
	}
	q.From = q.From.UTC().Truncate(24*time.Hour).AddDate(0, 0, -TransferDays)
	q.To = q.To.UTC().Truncate(24*time.Hour).AddDate(0, 0, TransferDays+1).Add(-time.Microsecond)
	return q, n > 0
}

// othersMayPair says whether the user's other accounts hold rows that
// could pair with rows of account a: the first step of pairTransfers, read
// outside any transaction, without locks (SQLite: on the reader pool;
// PostgreSQL: on the replica, if any), so that a big chunked import, whose
// rows usually pair with nothing, does not hold the writer for it in its
// last transaction. A replica's lag may hide a row committed a moment ago:
// that pair is found by the next ingest of the other account.
func othersMayPair(ctx context.Context, st store.Store, a centavo.Account, rows iter.Seq[centavo.Transaction]) (bool, error) {
	q, ok := pairableQuery(a.UserID, rows, store.TransferQuery{NotAccount: a.ID})
	if !ok {
		return false, nil
	}
	return st.HasTransferCandidates(ctx, q)
}
