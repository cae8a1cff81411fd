package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// searchVector is the indexed tsvector of a row's search text: its words as
// lexemes, as they are (migration 00017's GIN index is on this expression).
const searchVector = `array_to_tsvector(string_to_array(t.search_text, ' '))`

// tsQuery is the tsquery of the filter's words (each a prefix) and tag (its
// key, exact), in tsquery's input form (no parser: the words are already
// normalized); "" when it has neither.
func tsQuery(f store.SearchFilter) string {
	quote := func(s string) string {
		return `'` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `'`, `''`) + `'`
	}
	var terms []string
	for _, w := range f.Words {
		terms = append(terms, quote(w)+`:*`)
	}
	if f.Tag != "" {
		terms = append(terms, quote(store.TagKey(f.Tag)))
	}
	return strings.Join(terms, " & ")
}

// searchWhere is the FROM and WHERE of a search; the cursor is left to the
// page.
func searchWhere(f store.SearchFilter, a *args) string {
	var b strings.Builder
	b.WriteString(` FROM transactions t WHERE t.user_id = ` + a.add(f.UserID))
	if m := tsQuery(f); m != "" {
		b.WriteString(` AND ` + searchVector + ` @@ ` + a.add(m) + `::tsquery`)
	}
	if f.AccountID != 0 {
		b.WriteString(` AND t.account_id = ` + a.add(f.AccountID))
	}
	if f.Category != "" {
		b.WriteString(` AND t.category = ` + a.add(f.Category))
	}
	if !f.From.IsZero() {
		b.WriteString(` AND t.posted_at >= ` + a.add(f.From.UTC()))
	}
	if !f.To.IsZero() {
		b.WriteString(` AND t.posted_at < ` + a.add(f.To.UTC()))
	}
	if f.MinCents != nil {
		b.WriteString(` AND abs(t.amount_cents) >= ` + a.add(*f.MinCents))
	}
	if f.MaxCents != nil {
		b.WriteString(` AND abs(t.amount_cents) <= ` + a.add(*f.MaxCents))
	}
	return b.String()
}

func (q queries) SearchTransactions(ctx context.Context, f store.SearchFilter) (store.SearchResult, error) {
	var res store.SearchResult
	var a args
	from := searchWhere(f, &a)
	if f.Totals {
		if err := q.q.QueryRow(ctx, `SELECT count(*), coalesce(sum(t.amount_cents), 0)::bigint`+from, a...).Scan(&res.Count, &res.TotalCents); err != nil {
			return res, translate("search transactions: totals", err)
		}
	}
	if f.After != nil {
		from += ` AND (t.posted_at, t.id) < (` + a.add(f.After.PostedAt.UTC()) + `, ` + a.add(f.After.ID) + `)`
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := q.q.Query(ctx, `SELECT `+storesql.TransactionColumns+from+` ORDER BY t.posted_at DESC, t.id DESC LIMIT `+a.add(limit), a...)
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
	t, err := scanTransaction(q.q.QueryRow(ctx, shared.Transaction, userID, id))
	if err != nil {
		return translate("refresh search text", err)
	}
	_, err = q.q.Exec(ctx, `UPDATE transactions SET search_text = $1 WHERE id = $2`, store.SearchText(t), id)
	return translate("refresh search text", err)
}

// backfillSearchText fills the search text of the rows that have none (from
// before migration 00017), a batch at a time; nothing to do costs one
// lookup in a partial index. Processes opening at once may fill the same
// rows: they write the same text.
func backfillSearchText(ctx context.Context, p *pgxpool.Pool) error {
	for {
		rows, err := p.Query(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions WHERE search_text IS NULL ORDER BY id LIMIT 1000`)
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
