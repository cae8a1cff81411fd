package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// TransferCandidates needs no lock: SQLite has one writer at a time.
func (q queries) TransferCandidates(ctx context.Context, tq store.TransferQuery) ([]centavo.Transaction, error) {
	cents := tq.SignedCents()
	if len(cents) == 0 {
		return nil, nil
	}
	var out []centavo.Transaction
	const chunk = 400 // well under SQLite's bound on variables
	for start := 0; start < len(cents); start += chunk {
		part := cents[start:min(start+chunk, len(cents))]
		args := []any{tq.UserID, micros(tq.From), micros(tq.To)}
		for _, k := range store.TransferKeeps {
			args = append(args, k)
		}
		for _, c := range part {
			args = append(args, c)
		}
		rows, err := q.q.QueryContext(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions INDEXED BY transactions_user_posted
			WHERE user_id = ? AND posted_at >= ? AND posted_at <= ? AND transfer_pair_id IS NULL AND pending = 0
			AND category_source NOT IN (?`+strings.Repeat(",?", len(store.TransferKeeps)-1)+`)
			AND amount_cents IN (?`+strings.Repeat(",?", len(part)-1)+`)
			ORDER BY id`, args...)
		if err != nil {
			return nil, translate("transfer candidates", err)
		}
		for rows.Next() {
			t, err := scanTransaction(rows)
			if err != nil {
				rows.Close()
				return nil, translate("transfer candidates", err)
			}
			out = append(out, t)
		}
		if err := rows.Close(); err != nil {
			return nil, translate("transfer candidates", err)
		}
	}
	return out, nil
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
