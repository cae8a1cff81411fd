package postgres

import (
	"context"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// prefixRange is the range of terms that begin with p: [p, p+U+10FFFF)
// in the byte order of the index (COLLATE "C").
func prefixRange(p string) (string, string) { return p, p + "\U0010FFFF" }

// matches is a query of the distinct (id, p, a) — id, posted_at and amount —
// of the rows that match f (the cursor aside), numbering its arguments in
// a. Words and a tag read transaction_terms: the tag (exact) or the longest
// word (a range of terms) drives, the others narrow by id; transactions is
// joined only for an account or a category. Without them, the indexes on
// transactions answer, each covering what the totals read.
func matches(f store.SearchFilter, a *args) string {
	var b strings.Builder
	var posted, amount string
	if len(f.Words) > 0 || f.Tag != "" {
		posted, amount = "x.posted_at", "x.amount_cents"
		distinct := " DISTINCT" // a word prefix may begin two words of one transaction
		if f.Tag != "" {
			distinct = "" // one key per tag
		}
		b.WriteString(`SELECT` + distinct + ` x.id AS id, x.posted_at AS p, x.amount_cents AS a FROM transaction_terms x`)
		if f.AccountID != 0 || f.Category != "" {
			b.WriteString(` JOIN transactions t ON t.id = x.id`)
		}
		b.WriteString(` WHERE x.user_id = ` + a.add(f.UserID))
		words := append([]string(nil), f.Words...)
		sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
		if f.Tag != "" {
			b.WriteString(` AND x.term = ` + a.add(store.TagKey(f.Tag)))
		} else {
			lo, hi := prefixRange(words[0])
			b.WriteString(` AND x.term >= ` + a.add(lo) + ` AND x.term < ` + a.add(hi))
			words = words[1:]
		}
		for _, w := range words {
			lo, hi := prefixRange(w)
			b.WriteString(` AND x.id IN (SELECT id FROM transaction_terms WHERE user_id = ` + a.add(f.UserID) +
				` AND term >= ` + a.add(lo) + ` AND term < ` + a.add(hi) + `)`)
		}
	} else {
		posted, amount = "t.posted_at", "t.amount_cents"
		b.WriteString(`SELECT t.id AS id, t.posted_at AS p, t.amount_cents AS a FROM transactions t WHERE t.user_id = ` + a.add(f.UserID))
	}
	if f.AccountID != 0 {
		b.WriteString(` AND t.account_id = ` + a.add(f.AccountID))
	}
	if f.Category != "" {
		b.WriteString(` AND t.category = ` + a.add(f.Category))
	}
	if !f.From.IsZero() {
		b.WriteString(` AND ` + posted + ` >= ` + a.add(f.From.UTC()))
	}
	if !f.To.IsZero() {
		b.WriteString(` AND ` + posted + ` < ` + a.add(f.To.UTC()))
	}
	if f.MinCents != nil {
		b.WriteString(` AND abs(` + amount + `) >= ` + a.add(*f.MinCents))
	}
	if f.MaxCents != nil {
		b.WriteString(` AND abs(` + amount + `) <= ` + a.add(*f.MaxCents))
	}
	return b.String()
}

// qualifiedColumns are storesql.TransactionColumns of the table t.
var qualifiedColumns = func() string {
	cols := strings.Split(storesql.TransactionColumns, ",")
	for i, c := range cols {
		cols[i] = "t." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

// SearchTransactions reads the totals and the page's ids from indexes and
// only the page's rows whole, in one statement: the matches (a CTE, read
// once) give the count, the sum and the page's ids. A page past the last
// has no row to carry the totals: they are read on their own then.
func (q queries) SearchTransactions(ctx context.Context, f store.SearchFilter) (store.SearchResult, error) {
	var res store.SearchResult
	var a args
	m := matches(f, &a)
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	cursor := ""
	if f.After != nil {
		cursor = ` WHERE (p, id) < (` + a.add(f.After.PostedAt.UTC()) + `, ` + a.add(f.After.ID) + `)`
	}
	// With words or a tag, the matches are read once (a CTE) for the
	// totals and the page; without, the totals come from a covering index
	// and the page's ids from an index in time order, which reading all the
	// matches first would defeat.
	oneRead := f.Totals && (len(f.Words) > 0 || f.Tag != "")
	totals := `0::bigint, 0::bigint`
	if oneRead {
		totals = `(SELECT count(*) FROM m), (SELECT coalesce(sum(a), 0)::bigint FROM m)`
	} else if f.Totals {
		if err := q.totals(ctx, f, &res); err != nil {
			return res, err
		}
	}
	rows, err := q.q.Query(ctx, `
		WITH m AS (`+m+`),
		pg AS (SELECT id, p FROM m`+cursor+` ORDER BY p DESC, id DESC LIMIT `+a.add(limit)+`)
		SELECT `+totals+`, `+qualifiedColumns+`
		FROM pg JOIN transactions t ON t.id = pg.id ORDER BY pg.p DESC, pg.id DESC`, a...)
	if err != nil {
		return res, translate("search transactions", err)
	}
	defer rows.Close()
	res.Transactions = make([]centavo.Transaction, 0, min(limit, 100))
	var count, total int64
	row := withTotals{rows, &count, &total}
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
	rows.Close()
	if oneRead {
		res.Count, res.TotalCents = count, total
		if len(res.Transactions) == 0 && f.After != nil {
			return res, q.totals(ctx, f, &res) // a page past the last: no row carried them
		}
	}
	return res, nil
}

// totals reads the count and the sum of the matches of f into res.
func (q queries) totals(ctx context.Context, f store.SearchFilter, res *store.SearchResult) error {
	var a args
	m := matches(f, &a)
	err := q.q.QueryRow(ctx, `SELECT count(*), coalesce(sum(a), 0)::bigint FROM (`+m+`) m`, a...).Scan(&res.Count, &res.TotalCents)
	return translate("search transactions: totals", err)
}

// withTotals scans a row that starts with the count and the total.
type withTotals struct {
	rows          pgx.Rows
	count, amount *int64
}

func (w withTotals) Scan(dest ...any) error {
	return w.rows.Scan(append([]any{w.count, w.amount}, dest...)...)
}

// backfillSearchText fills the search text of the rows that have none (from
// before migration 00017), a batch at a time; nothing to do costs one
// lookup in a partial index. Processes opening at once may fill the same
// rows: they write the same text.
func backfillSearchText(ctx context.Context, p *pgxpool.Pool) error {
	for {
		rows, err := p.Query(ctx, shared.SearchTextPending)
		if err != nil {
			return translate("backfill search text", err)
		}
		var ids []int64
		var texts []string
		for rows.Next() {
			t, err := scanTransaction(rows)
			if err != nil {
				rows.Close()
				return translate("backfill search text", err)
			}
			ids, texts = append(ids, t.ID), append(texts, store.SearchText(t))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return translate("backfill search text", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if _, err := p.Exec(ctx, `
			UPDATE transactions t SET search_text = d.text FROM unnest($1::bigint[], $2::text[]) AS d(id, text) WHERE t.id = d.id`, ids, texts); err != nil {
			return translate("backfill search text", err)
		}
	}
}
