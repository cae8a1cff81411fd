package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// scanRule reads the rule columns of storesql.
func scanRule(row pgx.Row) (centavo.Rule, error) {
	var r centavo.Rule
	err := row.Scan(&r.ID, &r.UserID, &r.MerchantKey, &r.Merchant, &r.Category, &r.CreatedAt)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

func (q queries) Rules(ctx context.Context, userID int64) ([]centavo.Rule, error) {
	rows, err := q.q.Query(ctx, shared.Rules, userID)
	if err != nil {
		return nil, translate("rules", err)
	}
	defer rows.Close()
	var out []centavo.Rule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, translate("rules", err)
		}
		out = append(out, r)
	}
	return out, translate("rules", rows.Err())
}

func (q queries) Rule(ctx context.Context, userID, id int64) (centavo.Rule, error) {
	r, err := scanRule(q.q.QueryRow(ctx, shared.Rule, userID, id))
	return r, translate("rule", err)
}

func (q queries) UpsertRule(ctx context.Context, r *centavo.Rule) error {
	err := q.q.QueryRow(ctx, shared.UpsertRule, r.UserID, r.MerchantKey, r.Merchant, r.Category, r.CreatedAt.UTC()).Scan(&r.ID)
	return translate("upsert rule", err)
}

func (q queries) DeleteRule(ctx context.Context, userID, id int64) error {
	tag, err := q.q.Exec(ctx, shared.DeleteRule, userID, id)
	return affectedOne("delete rule", tag, err)
}

func (q queries) RecategorizeMerchant(ctx context.Context, p store.MerchantRecategorization) ([]centavo.Transaction, error) {
	keep := p.Keep
	if keep == nil {
		keep = []string{}
	}
	rows, err := q.q.Query(ctx, `
		SELECT `+storesql.TransactionColumns+` FROM transactions
		WHERE user_id = $1 AND merchant_key = $2 AND category <> $3 AND NOT (category_source = ANY($4))
		ORDER BY id FOR UPDATE`, p.UserID, p.MerchantKey, p.Category, keep)
	if err != nil {
		return nil, translate("recategorize merchant", err)
	}
	var before []centavo.Transaction
	var ids []int64
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			rows.Close()
			return nil, translate("recategorize merchant", err)
		}
		before = append(before, t)
		ids = append(ids, t.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate("recategorize merchant", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	_, err = q.q.Exec(ctx, `UPDATE transactions SET category = $1, category_source = $2 WHERE user_id = $3 AND id = ANY($4)`,
		p.Category, p.Source, p.UserID, ids)
	return before, translate("recategorize merchant", err)
}

func (q queries) Voter(ctx context.Context, userID int64) (store.Voter, error) {
	// The user's row lock orders two votes of one user: without it, two
	// first votes for one merchant would both find none to replace, and the
	// user would count twice. NO KEY: rows that reference the user (new
	// transactions, accounts) are not held up.
	v := store.Voter{UserID: userID}
	err := q.q.QueryRow(ctx, shared.Voter+` FOR NO KEY UPDATE`, userID).Scan(&v.CreatedAt, &v.Months)
	v.CreatedAt = v.CreatedAt.UTC()
	return v, translate("voter", err)
}

func (q queries) Vote(ctx context.Context, v store.CrowdVote) (store.CrowdVote, error) {
	old := store.CrowdVote{UserID: v.UserID, MerchantKey: v.MerchantKey}
	err := q.q.QueryRow(ctx, shared.PriorVote+` FOR UPDATE`, v.UserID, v.MerchantKey).Scan(&old.Category, &old.Counted, &old.At)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return store.CrowdVote{}, translate("vote", err)
	}
	old.At = old.At.UTC()
	_, err = q.q.Exec(ctx, shared.Vote,
		v.UserID, v.MerchantKey, v.Category, v.Counted, v.At.UTC())
	if err != nil {
		return store.CrowdVote{}, translate("vote", err)
	}
	return old, nil
}

func (q queries) CountVotes(ctx context.Context, userID int64) ([]store.CrowdVote, error) {
	rows, err := q.q.Query(ctx, shared.CountVotes, true, userID, false)
	return scanVotes(rows, err, userID, "count votes")
}

func (q queries) DeleteVotes(ctx context.Context, userID int64) ([]store.CrowdVote, error) {
	rows, err := q.q.Query(ctx, shared.DeleteVotes, userID)
	return scanVotes(rows, err, userID, "delete votes")
}

// scanVotes reads a user's votes as (merchant_key, category, counted, updated_at).
func scanVotes(rows pgx.Rows, err error, userID int64, op string) ([]store.CrowdVote, error) {
	if err != nil {
		return nil, translate(op, err)
	}
	defer rows.Close()
	var out []store.CrowdVote
	for rows.Next() {
		v := store.CrowdVote{UserID: userID}
		if err := rows.Scan(&v.MerchantKey, &v.Category, &v.Counted, &v.At); err != nil {
			return nil, translate(op, err)
		}
		v.At = v.At.UTC()
		out = append(out, v)
	}
	return out, translate(op, rows.Err())
}

func (q queries) AddCrowdCount(ctx context.Context, p store.CrowdCountUpdate) error {
	_, err := q.q.Exec(ctx, `
		INSERT INTO crowd_counts (merchant_key, category, voters, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (merchant_key, category) DO UPDATE SET voters = crowd_counts.voters + excluded.voters, updated_at = excluded.updated_at`,
		p.MerchantKey, p.Category, p.Delta, p.At.UTC())
	return translate("add crowd count", err)
}

func (db *DB) CrowdCounts(ctx context.Context, since time.Time) ([]store.CrowdCount, error) {
	rows, err := db.primary.Query(ctx, shared.CrowdCounts, since.UTC())
	if err != nil {
		return nil, translate("crowd counts", err)
	}
	defer rows.Close()
	var out []store.CrowdCount
	for rows.Next() {
		var c store.CrowdCount
		if err := rows.Scan(&c.MerchantKey, &c.Category, &c.Voters, &c.UpdatedAt); err != nil {
			return nil, translate("crowd counts", err)
		}
		c.UpdatedAt = c.UpdatedAt.UTC()
		out = append(out, c)
	}
	return out, translate("crowd counts", rows.Err())
}
