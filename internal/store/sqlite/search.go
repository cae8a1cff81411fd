package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"sync"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// prefixRange is the range of terms that begin with p: [p, p+U+10FFFF)
// in the binary (UTF-8 byte) order of the index.
func prefixRange(p string) (string, string) { return p, p + "\U0010FFFF" }

// matches is a query of the distinct (id, p, a) — id, posted_at and amount —
// of the rows that match f (the cursor aside), with its arguments. Words
// and a tag read transaction_terms: the tag (exact) or the longest word (a
// range of terms) drives, the others narrow by id; transactions is joined
// only for an account or a category. Without them, the indexes on
// transactions answer (user and category, user and absolute amount, user
// and time), each covering what the totals read.
func matches(f store.SearchFilter) (string, []any) {
	var b strings.Builder
	var args []any
	cond := func(sql string, a ...any) {
		b.WriteString(` AND ` + sql)
		args = append(args, a...)
	}
	var posted, amount string
	if len(f.Words) > 0 || f.Tag != "" {
		posted, amount = "x.posted_at", "x.amount_cents"
		// A tag drives with one term a transaction: no duplicates. A word
		// prefix may begin two words of one transaction.
		distinct := " DISTINCT"
		if f.Tag != "" {
			distinct = ""
		}
		b.WriteString(`SELECT` + distinct + ` x.id AS id, x.posted_at AS p, x.amount_cents AS a FROM transaction_terms x`)
		if f.AccountID != 0 || f.Category != "" {
			b.WriteString(` JOIN transactions t ON t.id = x.id`)
		}
		b.WriteString(` WHERE x.user_id = ?`)
		args = append(args, f.UserID)
		words := append([]string(nil), f.Words...)
		sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
		if f.Tag != "" {
			cond(`x.term = ?`, store.TagKey(f.Tag))
		} else {
			lo, hi := prefixRange(words[0])
			cond(`x.term >= ? AND x.term < ?`, lo, hi)
			words = words[1:]
		}
		for _, w := range words {
			lo, hi := prefixRange(w)
			cond(`x.id IN (SELECT id FROM transaction_terms WHERE user_id = ? AND term >= ? AND term < ?)`, f.UserID, lo, hi)
		}
	} else {
		posted, amount = "t.posted_at", "t.amount_cents"
		b.WriteString(`SELECT t.id AS id, t.posted_at AS p, t.amount_cents AS a FROM transactions t WHERE t.user_id = ?`)
		args = append(args, f.UserID)
	}
	if f.AccountID != 0 {
		cond(`t.account_id = ?`, f.AccountID)
	}
	if f.Category != "" {
		cond(`t.category = ?`, f.Category)
	}
	if !f.From.IsZero() {
		cond(posted+` >= ?`, micros(f.From))
	}
	if !f.To.IsZero() {
		cond(posted+` < ?`, micros(f.To))
	}
	if f.MinCents != nil {
		cond(`abs(`+amount+`) >= ?`, *f.MinCents)
	}
	if f.MaxCents != nil {
		cond(`abs(`+amount+`) <= ?`, *f.MaxCents)
	}
	return b.String(), args
}

// SearchTransactions reads the totals and the page's ids from indexes and
// only the page's rows whole. With words or a tag and totals, one
// statement reads the matches once (materialized) for both.
func (q queries) SearchTransactions(ctx context.Context, f store.SearchFilter) (store.SearchResult, error) {
	var res store.SearchResult
	m, args := matches(f)
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	cursor, cargs := "", []any(nil)
	if f.After != nil {
		p := micros(f.After.PostedAt)
		cursor, cargs = ` WHERE p < ? OR (p = ? AND id < ?)`, []any{p, p, f.After.ID}
	}
	totals := func() error {
		query := `SELECT count(*), coalesce(sum(a), 0) FROM (` + m + `)`
		err := q.queryRow(ctx, q.hot.search.get(ctx, query), query, args...).Scan(&res.Count, &res.TotalCents)
		return translate("search transactions: totals", err)
	}
	oneRead := f.Totals && (len(f.Words) > 0 || f.Tag != "")
	var query string
	if oneRead {
		query = `
			WITH m AS MATERIALIZED (` + m + `),
			pg AS (SELECT id, p FROM m` + cursor + ` ORDER BY p DESC, id DESC LIMIT ?)
			SELECT (SELECT count(*) FROM m), (SELECT coalesce(sum(a), 0) FROM m), ` + qualifiedColumns + `
			FROM pg JOIN transactions t ON t.id = pg.id ORDER BY pg.p DESC, pg.id DESC`
	} else {
		if f.Totals {
			if err := totals(); err != nil {
				return res, err
			}
		}
		query = `SELECT ` + storesql.TransactionColumns + ` FROM transactions WHERE id IN (SELECT id FROM (` + m + `)` + cursor +
			` ORDER BY p DESC, id DESC LIMIT ?) ORDER BY posted_at DESC, id DESC`
	}
	rows, err := q.query(ctx, q.hot.search.get(ctx, query), query, append(append(args, cargs...), limit)...)
	if err != nil {
		return res, translate("search transactions", err)
	}
	defer rows.Close()
	res.Transactions = make([]centavo.Transaction, 0, min(limit, 100))
	row := scanner(rows)
	if oneRead {
		row = withTotals{rows, &res.Count, &res.TotalCents}
	}
	for rows.Next() {
		t, err := scanTransaction(row)
		if err != nil {
			return res, translate("search transactions", err)
		}
		res.Transactions = append(res.Transactions, t)
	}
	if err := rows.Err(); err != nil {
		return res, translate("search transactions", err)
	}
	if oneRead && len(res.Transactions) == 0 && f.After != nil {
		return res, totals() // a page past the last: the totals were on no row
	}
	return res, nil
}

// qualifiedColumns are storesql.TransactionColumns of the table t.
var qualifiedColumns = func() string {
	cols := strings.Split(storesql.TransactionColumns, ",")
	for i, c := range cols {
		cols[i] = "t." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

type scanner interface{ Scan(...any) error }

// withTotals scans a row that starts with the count and the total.
type withTotals struct {
	rows          *sql.Rows
	count, amount *int64
}

func (w withTotals) Scan(dest ...any) error {
	return w.rows.Scan(append([]any{w.count, w.amount}, dest...)...)
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
	rows, err := tx.QueryContext(ctx, shared.SearchTextPending)
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
	if len(batch) == 0 {
		return 0, translate("backfill search text", tx.Commit())
	}
	// Prepared once: SQLite would compile the statement again for every row.
	stmt, err := tx.PrepareContext(ctx, shared.SetSearchText)
	if err != nil {
		return 0, translate("backfill search text", err)
	}
	defer stmt.Close()
	for _, t := range batch {
		if _, err := stmt.ExecContext(ctx, store.SearchText(t), t.ID); err != nil {
			return 0, translate("backfill search text", err)
		}
	}
	return len(batch), translate("backfill search text", tx.Commit())
}

// stmtCache keeps the prepared forms of the searches' statements, one per
// shape of filter (their text), on the reader pool: compiling them was a
// quarter of a search's time. Bounded: past maxCachedStmts shapes, the
// others are compiled each time.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

const maxCachedStmts = 512

// get returns the prepared form of query; nil (run it unprepared) on a nil
// cache (inside a transaction), a full one or a failure.
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s
	}
	if len(c.m) >= maxCachedStmts {
		return nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.m[query] = s
	return s
}

func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, s := range c.m {
		errs = append(errs, s.Close())
	}
	c.m = nil
	return errors.Join(errs...)
}
