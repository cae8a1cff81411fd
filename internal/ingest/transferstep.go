package ingest

import (
	"context"
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
	batch := pairableRows(rows)
	if len(batch) == 0 {
		return 0, nil
	}
	others, err := tx.TransferCandidates(ctx, transferQuery(a.UserID, batch, store.TransferQuery{NotAccount: a.ID}))
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
	q.UserID = userID
	for i, t := range rows {
		if i == 0 || t.PostedAt.Before(q.From) {
			q.From = t.PostedAt
		}
		if i == 0 || t.PostedAt.After(q.To) {
			q.To = t.PostedAt
		}
		q.Cents = append(q.Cents, -t.AmountCents)
	}
	q.From = q.From.UTC().Truncate(24*time.Hour).AddDate(0, 0, -TransferDays)
	q.To = q.To.UTC().Truncate(24*time.Hour).AddDate(0, 0, TransferDays+1).Add(-time.Microsecond)
	return q
}

// pairableRows are the rows of a batch that may be a transfer's side.
func pairableRows(rows []centavo.Transaction) []centavo.Transaction {
	var out []centavo.Transaction
	for _, t := range rows {
		if !t.Pending && t.AmountCents != 0 {
			out = append(out, t)
		}
	}
	return out
}

// othersMayPair says whether the user's other accounts hold rows that
// could pair with rows of account a: the first step of pairTransfers, read
// outside any transaction, without locks (SQLite: on the reader pool;
// PostgreSQL: on the replica, if any), so that a big chunked import, whose
// rows usually pair with nothing, does not hold the writer for it in its
// last transaction. A replica's lag may hide a row committed a moment ago:
// that pair is found by the next ingest of the other account.
func othersMayPair(ctx context.Context, st store.Store, a centavo.Account, rows []centavo.Transaction) (bool, error) {
	batch := pairableRows(rows)
	if len(batch) == 0 {
		return false, nil
	}
	return st.HasTransferCandidates(ctx, transferQuery(a.UserID, batch, store.TransferQuery{NotAccount: a.ID}))
}
