package postgres

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// TransferCandidates locks the rows it returns (FOR UPDATE, in id order):
// two ingests pairing at once wait for each other, and the second sees the
// first's pairs (a row paired meanwhile no longer matches and is left out).
// The amounts are a hashed set (a semi-join on unnest), not a list every
// row is compared with.
func (q queries) TransferCandidates(ctx context.Context, tq store.TransferQuery) ([]centavo.Transaction, error) {
	cents := tq.DistinctCents()
	if len(cents) == 0 {
		return nil, nil
	}
	rows, err := q.q.Query(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions WHERE `+transferWhere+`
		ORDER BY id FOR UPDATE`, tq.UserID, tq.From.UTC(), tq.To.UTC(), cents, store.TransferKeeps, tq.Account, tq.NotAccount)
	return transactionRows(rows, err, "transfer candidates")
}

// transferWhere selects TransferCandidates' rows ($1 user, $2 and $3 the
// window, $4 the amounts, $5 the sources left out, $6 the account or 0,
// $7 the account left out or 0).
const transferWhere = `user_id = $1 AND posted_at >= $2 AND posted_at <= $3 AND amount_cents IN (SELECT unnest($4::bigint[]))
	AND ($6 = 0 OR account_id = $6) AND account_id <> $7
	AND transfer_pair_id IS NULL AND NOT pending AND category_source <> ALL($5)`

func (q queries) HasTransferCandidates(ctx context.Context, tq store.TransferQuery) (bool, error) {
	cents := tq.DistinctCents()
	if len(cents) == 0 {
		return false, nil
	}
	var found bool
	err := q.q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM transactions WHERE `+transferWhere+`)`,
		tq.UserID, tq.From.UTC(), tq.To.UTC(), cents, store.TransferKeeps, tq.Account, tq.NotAccount).Scan(&found)
	return found, translate("transfer candidates", err)
}

func (q queries) TransferPartners(ctx context.Context, userID int64, pairIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(pairIDs) == 0 {
		return out, nil
	}
	rows, err := q.q.Query(ctx, `SELECT transfer_pair_id, id FROM transactions
		WHERE user_id = $1 AND transfer_pair_id = ANY($2) AND id <> transfer_pair_id`, userID, pairIDs)
	if err != nil {
		return nil, translate("transfer partners", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pair, id int64
		if err := rows.Scan(&pair, &id); err != nil {
			return nil, translate("transfer partners", err)
		}
		out[pair] = id
	}
	return out, translate("transfer partners", rows.Err())
}

// verifyPairs lists the transfer pairs that are not two sides of one
// transfer.
func verifyPairs(ctx context.Context, q *pgxpool.Pool) ([]store.PairMismatch, error) {
	rows, err := q.Query(ctx, shared.VerifyPairs)
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
