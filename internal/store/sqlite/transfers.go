package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// TransferCandidates needs no lock: SQLite has one writer at a time. The
// amounts go in as one JSON array, which SQLite turns into an index of its
// own for the IN: one pass over the window whatever their number.
func (q queries) TransferCandidates(ctx context.Context, tq store.TransferQuery) ([]centavo.Transaction, error) {
	cents := tq.DistinctCents()
	if len(cents) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(cents)
	if err != nil {
		return nil, err
	}
	rows, err := q.q.QueryContext(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions INDEXED BY transactions_user_posted
		WHERE `+transferWhere+` ORDER BY id`, transferArgs(tq, list)...)
	return transactionRows(rows, err, "transfer candidates")
}

// transferWhere selects TransferCandidates' rows (transferArgs).
const transferWhere = `user_id = ?1 AND posted_at >= ?2 AND posted_at <= ?3 AND amount_cents IN (SELECT value FROM json_each(?4))
	AND (?5 = 0 OR account_id = ?5) AND account_id <> ?6 AND transfer_pair_id IS NULL AND pending = 0
	AND category_source NOT IN (?7, ?8, ?9)`

// transferArgs are transferWhere's arguments: the user, the window, the
// amounts as a JSON array, the account or 0, the account left out or 0,
// and the three sources of store.TransferKeeps.
func transferArgs(tq store.TransferQuery, amounts []byte) []any {
	args := []any{tq.UserID, micros(tq.From), micros(tq.To), string(amounts), tq.Account, tq.NotAccount}
	for _, k := range store.TransferKeeps {
		args = append(args, k)
	}
	return args
}

func (q queries) HasTransferCandidates(ctx context.Context, tq store.TransferQuery) (bool, error) {
	cents := tq.DistinctCents()
	if len(cents) == 0 {
		return false, nil
	}
	list, err := json.Marshal(cents)
	if err != nil {
		return false, err
	}
	var found bool
	err = q.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM transactions INDEXED BY transactions_user_posted WHERE `+transferWhere+`)`,
		transferArgs(tq, list)...).Scan(&found)
	return found, translate("transfer candidates", err)
}

func (q queries) TransferPartners(ctx context.Context, userID int64, pairIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	const chunk = 500
	for start := 0; start < len(pairIDs); start += chunk {
		part := pairIDs[start:min(start+chunk, len(pairIDs))]
		args := []any{userID}
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := q.q.QueryContext(ctx, `SELECT transfer_pair_id, id FROM transactions
			WHERE user_id = ? AND transfer_pair_id IN (?`+strings.Repeat(",?", len(part)-1)+`) AND id <> transfer_pair_id`, args...)
		if err != nil {
			return nil, translate("transfer partners", err)
		}
		for rows.Next() {
			var pair, id int64
			if err := rows.Scan(&pair, &id); err != nil {
				rows.Close()
				return nil, translate("transfer partners", err)
			}
			out[pair] = id
		}
		if err := rows.Close(); err != nil {
			return nil, translate("transfer partners", err)
		}
	}
	return out, nil
}

// verifyPairs lists the transfer pairs that are not two sides of one
// transfer.
func verifyPairs(ctx context.Context, q *sql.DB) ([]store.PairMismatch, error) {
	rows, err := q.QueryContext(ctx, shared.VerifyPairs)
	if err != nil {
		return nil, translate("verify pairs", err)
	}
	defer rows.Close()
	var out []store.PairMismatch
	for rows.Next() {
		var m store.PairMismatch
		if err := rows.Scan(&m.UserID, &m.PairID, &m.Count); err != nil {
			return nil, translate("verify pairs", err)
		}
		out = append(out, m)
	}
	return out, translate("verify pairs", rows.Err())
}
