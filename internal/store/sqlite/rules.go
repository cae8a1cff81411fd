package sqlite

import (
	"context"
	"database/sql"
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

func (q queries) Voter(ctx context.Context, userID int64) (store.Voter, error) {
	// SQLite has one writer: the transaction holds the user's votes already.
	v := store.Voter{UserID: userID}
	var created int64
	err := q.q.QueryRowContext(ctx, shared.Voter, userID).Scan(&created, &v.Months)
	v.CreatedAt = fromMicros(created)
	return v, translate("voter", err)
}

func (q queries) Vote(ctx context.Context, v store.CrowdVote) (store.CrowdVote, error) {
	old := store.CrowdVote{UserID: v.UserID, MerchantKey: v.MerchantKey}
	var counted, at int64
	err := q.q.QueryRowContext(ctx, shared.PriorVote, v.UserID, v.MerchantKey).Scan(&old.Category, &counted, &at)
	if err != nil && !isNoRows(err) {
		return store.CrowdVote{}, translate("vote", err)
	}
	old.Counted, old.At = counted != 0, fromMicros(at)
	_, err = q.q.ExecContext(ctx, shared.Vote,
		v.UserID, v.MerchantKey, v.Category, boolInt(v.Counted), micros(v.At))
	if err != nil {
		return store.CrowdVote{}, translate("vote", err)
	}
	return old, nil
}

func (q queries) CountVotes(ctx context.Context, userID int64) ([]store.CrowdVote, error) {
	rows, err := q.q.QueryContext(ctx, shared.CountVotes, 1, userID, 0)
	return scanVotes(rows, err, userID, "count votes")
}

func (q queries) DeleteVotes(ctx context.Context, userID int64) ([]store.CrowdVote, error) {
	rows, err := q.q.QueryContext(ctx, shared.DeleteVotes, userID)
	return scanVotes(rows, err, userID, "delete votes")
}

// scanVotes reads a user's votes as (merchant_key, category, counted, updated_at).
func scanVotes(rows *sql.Rows, err error, userID int64, op string) ([]store.CrowdVote, error) {
	if err != nil {
		return nil, translate(op, err)
	}
	defer rows.Close()
	var out []store.CrowdVote
	for rows.Next() {
		v := store.CrowdVote{UserID: userID}
		var counted, at int64
		if err := rows.Scan(&v.MerchantKey, &v.Category, &counted, &at); err != nil {
			return nil, translate(op, err)
		}
		v.Counted, v.At = counted != 0, fromMicros(at)
		out = append(out, v)
	}
	return out, translate(op, rows.Err())
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
