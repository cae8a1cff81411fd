package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// matchQuery is the FTS5 query of the filter's words (each a prefix) and
// tag (its key, exact); "" when it has neither.
func matchQuery(f store.SearchFilter) string {
	var terms []string
	for _, w := range f.Words {
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
	}
	if f.Tag != "" {
		terms = append(terms, `"`+store.TagKey(f.Tag)+`"`)
	}
	return strings.Join(terms, " ")
}

// searchQuery is the FROM and WHERE of a search, with its arguments; the
// cursor is left to the page. A text condition starts from the full-text
// index (the rows it names, joined by rowid); the others from the indexes
// on transactions.
func searchQuery(f store.SearchFilter) (string, []any) {
	var b strings.Builder
	var args []any
	if m := matchQuery(f); m != "" {
		b.WriteString(` FROM transactions_search CROSS JOIN transactions t ON t.id = transactions_search.rowid WHERE transactions_search MATCH ? AND t.user_id = ?`)
		args = append(args, m, f.UserID)
	} else {
		b.WriteString(` FROM transactions t WHERE t.user_id = ?`)
		args = append(args, f.UserID)
	}
	if f.AccountID != 0 {
		b.WriteString(` AND t.account_id = ?`)
		args = append(args, f.AccountID)
	}
	if f.Category != "" {
		b.WriteString(` AND t.category = ?`)
		args = append(args, f.Category)
	}
	if !f.From.IsZero() {
		b.WriteString(` AND t.posted_at >= ?`)
		args = append(args, micros(f.From))
	}
	if !f.To.IsZero() {
		b.WriteString(` AND t.posted_at < ?`)
		args = append(args, micros(f.To))
	}
	if f.MinCents != nil {
		b.WriteString(` AND abs(t.amount_cents) >= ?`)
		args = append(args, *f.MinCents)
	}
	if f.MaxCents != nil {
		b.WriteString(` AND abs(t.amount_cents) <= ?`)
		args = append(args, *f.MaxCents)
	}
	return b.String(), args
}

func (q queries) SearchTransactions(ctx context.Context, f store.SearchFilter) (store.SearchResult, error) {
	var res store.SearchResult
	from, args := searchQuery(f)
	if f.Totals {
		if err := q.q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(t.amount_cents), 0)`+from, args...).Scan(&res.Count, &res.TotalCents); err != nil {
			return res, translate("search transactions: totals", err)
		}
	}
	if f.After != nil {
		p := micros(f.After.PostedAt)
		from += ` AND (t.posted_at < ? OR (t.posted_at = ? AND t.id < ?))`
		args = append(args, p, p, f.After.ID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := q.q.QueryContext(ctx, `SELECT `+storesql.TransactionColumns+from+` ORDER BY t.posted_at DESC, t.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return res, translate("search transactions", err)
	}
	defer rows.Close()
	res.Transactions = make([]centavo.Transaction, 0, min(limit, 100))
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return res, translate("search transactions", err)
		}
		res.Transactions = append(res.Transactions, t)
	}
	return res, translate("search transactions", rows.Err())
}

// refreshSearchText writes the search text of the user's transaction id
// from its row (after a statement that changed some of what it is made of).
func (q queries) refreshSearchText(ctx context.Context, userID, id int64) error {
	t, err := scanTransaction(q.q.QueryRowContext(ctx, shared.Transaction, userID, id))
	if err != nil {
		return translate("refresh search text", err)
	}
	_, err = q.q.ExecContext(ctx, `UPDATE transactions SET search_text = ? WHERE id = ?`, store.SearchText(t), id)
	return translate("refresh search text", err)
}

// backfillSearchText fills the search text of the rows that have none (from
// before migration 00017), a batch at a time; nothing to do costs one
// lookup in a partial index.
func backfillSearchText(ctx context.Context, db *sql.DB) error {
	for {
		n, err := backfillBatch(ctx, db)
		if err != nil || n == 0 {
			return err
		}
	}
}

func backfillBatch(ctx context.Context, db *sql.DB) (n int, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, translate("backfill search text", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	rows, err := tx.QueryContext(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions WHERE search_text IS NULL ORDER BY id LIMIT 1000`)
	if err != nil {
		return 0, translate("backfill search text", err)
	}
	var batch []centavo.Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			rows.Close()
			return 0, translate("backfill search text", err)
		}
		batch = append(batch, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, translate("backfill search text", err)
	}
	for _, t := range batch {
		if _, err := tx.ExecContext(ctx, `UPDATE transactions SET search_text = ? WHERE id = ?`, store.SearchText(t), t.ID); err != nil {
			return 0, translate("backfill search text", err)
		}
	}
	return len(batch), translate("backfill search text", tx.Commit())
}
