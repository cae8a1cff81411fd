package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// scanRule reads the rule columns of storesql.
func scanRule(row interface{ Scan(...any) error }) (centavo.Rule, error) {
	var r centavo.Rule
	var created int64
	err := row.Scan(&r.ID, &r.UserID, &r.MerchantKey, &r.Merchant, &r.Category, &created)
	r.CreatedAt = fromMicros(created)
	return r, err
}

func (q queries) Rules(ctx context.Context, userID int64) ([]centavo.Rule, error) {
	rows, err := q.q.QueryContext(ctx, shared.Rules, userID)
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
	r, err := scanRule(q.q.QueryRowContext(ctx, shared.Rule, userID, id))
	return r, translate("rule", err)
}

func (q queries) UpsertRule(ctx context.Context, r *centavo.Rule) error {
	err := q.q.QueryRowContext(ctx, shared.UpsertRule, r.UserID, r.MerchantKey, r.Merchant, r.Category, micros(r.CreatedAt)).Scan(&r.ID)
	return translate("upsert rule", err)
}

func (q queries) DeleteRule(ctx context.Context, userID, id int64) error {
	res, err := q.q.ExecContext(ctx, shared.DeleteRule, userID, id)
	return affectedOne("delete rule", res, err)
}

func (q queries) RecategorizeMerchant(ctx context.Context, p store.MerchantRecategorization) ([]centavo.Transaction, error) {
	where := `user_id = ? AND merchant_key = ? AND category <> ?`
	args := []any{p.UserID, p.MerchantKey, p.Category}
	if len(p.Keep) > 0 {
		where += ` AND category_source NOT IN (?` + strings.Repeat(`, ?`, len(p.Keep)-1) + `)`
		for _, k := range p.Keep {
			args = append(args, k)
		}
	}
	rows, err := q.q.QueryContext(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, translate("recategorize merchant", err)
	}
	var before []centavo.Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			rows.Close()
			return nil, translate("recategorize merchant", err)
		}
		before = append(before, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate("recategorize merchant", err)
	}
	if _, err := q.q.ExecContext(ctx, `UPDATE transactions SET category = ?, category_source = ? WHERE `+where, append([]any{p.Category, p.Source}, args...)...); err != nil {
		return nil, translate("recategorize merchant", err)
	}
	return before, nil
}

func (q queries) Vote(ctx context.Context, v store.CrowdVote) (string, error) {
	var old string
	err := q.q.QueryRowContext(ctx, `SELECT category FROM crowd_votes WHERE user_id = ? AND merchant_key = ?`, v.UserID, v.MerchantKey).Scan(&old)
	if err != nil && !isNoRows(err) {
		return "", translate("vote", err)
	}
	_, err = q.q.ExecContext(ctx, shared.Vote,
		v.UserID, v.MerchantKey, v.Category, micros(v.At))
	return old, translate("vote", err)
}

func (q queries) AddCrowdCount(ctx context.Context, p store.CrowdCountUpdate) error {
	_, err := q.q.ExecContext(ctx, `
		INSERT INTO crowd_counts (merchant_key, category, voters, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (merchant_key, category) DO UPDATE SET voters = voters + excluded.voters, updated_at = excluded.updated_at`,
		p.MerchantKey, p.Category, p.Delta, micros(p.At))
	return translate("add crowd count", err)
}

func (db *DB) CrowdCounts(ctx context.Context, since time.Time) ([]store.CrowdCount, error) {
	rows, err := db.reader.QueryContext(ctx, shared.CrowdCounts, micros(since))
	if err != nil {
		return nil, translate("crowd counts", err)
	}
	defer rows.Close()
	var out []store.CrowdCount
	for rows.Next() {
		var c store.CrowdCount
		var at int64
		if err := rows.Scan(&c.MerchantKey, &c.Category, &c.Voters, &at); err != nil {
			return nil, translate("crowd counts", err)
		}
		c.UpdatedAt = fromMicros(at)
		out = append(out, c)
	}
	return out, translate("crowd counts", rows.Err())
}
