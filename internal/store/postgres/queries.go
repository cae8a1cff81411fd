package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// querier is what *pgxpool.Pool and pgx.Tx have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error)
}

// queries implements store.Reader and store.Writer on a querier.
type queries struct{ q querier }

// shared is the SQL written once for both engines (package storesql).
var shared = storesql.Shared()

// ---- users and tokens ----

// scanUser reads the user columns of storesql.
func scanUser(row pgx.Row) (centavo.User, error) {
	var u centavo.User
	err := row.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.MonthlyIncomeCents, &u.Currency, &u.CreatedAt, &u.LastActiveAt)
	u.CreatedAt, u.LastActiveAt = u.CreatedAt.UTC(), u.LastActiveAt.UTC()
	return u, err
}

func (q queries) UserByID(ctx context.Context, id int64) (centavo.User, error) {
	u, err := scanUser(q.q.QueryRow(ctx, shared.UserByID, id))
	return u, translate("user by id", err)
}

func (q queries) UserByEmail(ctx context.Context, email string) (centavo.User, error) {
	u, err := scanUser(q.q.QueryRow(ctx, shared.UserByEmail, email))
	return u, translate("user by email", err)
}

func (q queries) CreateUser(ctx context.Context, u *centavo.User) error {
	var err error
	if u.ID != 0 {
		_, err = q.q.Exec(ctx, `
			INSERT INTO users (id, email, password_hash, monthly_income_cents, currency, created_at, last_active_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			u.ID, u.Email, u.PasswordHash, u.MonthlyIncomeCents, u.Currency, u.CreatedAt.UTC(), u.LastActiveAt.UTC())
	} else {
		err = q.q.QueryRow(ctx, `
			INSERT INTO users (email, password_hash, monthly_income_cents, currency, created_at, last_active_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			u.Email, u.PasswordHash, u.MonthlyIncomeCents, u.Currency, u.CreatedAt.UTC(), u.LastActiveAt.UTC()).Scan(&u.ID)
	}
	return translate("create user", err)
}

func (q queries) TouchUser(ctx context.Context, userID int64, at time.Time) error {
	_, err := q.q.Exec(ctx, `UPDATE users SET last_active_at = greatest(last_active_at, $1) WHERE id = $2`, at.UTC(), userID)
	return translate("touch user", err)
}

func (q queries) CreateToken(ctx context.Context, t store.Token) error {
	_, err := q.q.Exec(ctx, shared.CreateToken,
		t.Hash, t.UserID, t.Name, t.CreatedAt.UTC(), t.ExpiresAt.UTC())
	return translate("create token", err)
}

func (q queries) DeleteToken(ctx context.Context, userID int64, hash []byte) error {
	_, err := q.q.Exec(ctx, shared.DeleteToken, userID, hash)
	return translate("delete token", err)
}

func (q queries) UserIDByToken(ctx context.Context, hash []byte, now time.Time) (int64, error) {
	var id int64
	err := q.q.QueryRow(ctx, shared.UserIDByToken, hash, now.UTC()).Scan(&id)
	return id, translate("user by token", err)
}

// ---- accounts ----

// scanAccount reads the account columns of storesql.
func scanAccount(row pgx.Row) (centavo.Account, error) {
	var a centavo.Account
	var inst []byte
	err := row.Scan(&a.ID, &a.UserID, &a.Connector, &a.Name, &a.Type, &a.Currency, &inst, &a.SealedCredentials,
		&a.Status, &a.LastUpdate, &a.LastError, &a.CreatedAt, &a.Kind)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(inst, &a.Institution); err != nil {
		return a, fmt.Errorf("institution of account %d: %w", a.ID, err)
	}
	if a.LastUpdate != nil {
		t := a.LastUpdate.UTC()
		a.LastUpdate = &t
	}
	a.CreatedAt = a.CreatedAt.UTC()
	return a, nil
}

func (q queries) Account(ctx context.Context, userID, id int64) (centavo.Account, error) {
	a, err := scanAccount(q.q.QueryRow(ctx, shared.Account, userID, id))
	return a, translate("account", err)
}

func (q queries) Accounts(ctx context.Context, userID int64) ([]centavo.Account, error) {
	rows, err := q.q.Query(ctx, shared.Accounts, userID)
	if err != nil {
		return nil, translate("accounts", err)
	}
	defer rows.Close()
	var out []centavo.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, translate("accounts", err)
		}
		out = append(out, a)
	}
	return out, translate("accounts", rows.Err())
}

func (q queries) CreateAccount(ctx context.Context, a *centavo.Account) error {
	inst, err := json.Marshal(a.Institution)
	if err != nil {
		return fmt.Errorf("postgres: create account: %w", err)
	}
	if a.CreatedAt.IsZero() {
		return fmt.Errorf("postgres: create account: CreatedAt is not set")
	}
	err = q.q.QueryRow(ctx, shared.CreateAccount,
		a.UserID, a.Connector, a.Name, a.Type, a.Currency, inst, a.SealedCredentials, a.Status, a.LastUpdate, a.LastError, a.CreatedAt.UTC(), a.Kind,
	).Scan(&a.ID)
	return translate("create account", err)
}

func (q queries) UpdateAccountInstitution(ctx context.Context, p store.AccountInstitutionUpdate) error {
	inst, err := json.Marshal(p.Institution)
	if err != nil {
		return fmt.Errorf("postgres: update account: %w", err)
	}
	tag, err := q.q.Exec(ctx, shared.UpdateAccountInstitution,
		p.Name, p.Type, p.Currency, inst, p.UserID, p.ID)
	return affectedOne("update account", tag, err)
}

func (q queries) SetAccountStatus(ctx context.Context, p store.AccountStatusUpdate) error {
	tag, err := q.q.Exec(ctx, shared.SetAccountStatus, p.Status, p.LastError, p.LastUpdate, p.UserID, p.ID)
	return affectedOne("set account status", tag, err)
}

func (q queries) DeleteAccount(ctx context.Context, userID, id int64) ([]store.SpendingDelta, error) {
	rows, err := q.q.Query(ctx, `
		SELECT to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM'), currency, category, sum(amount_cents)::bigint, count(*)
		FROM spending_parts WHERE user_id = $1 AND account_id = $2 GROUP BY 1, 2, 3`, userID, id)
	if err != nil {
		return nil, translate("delete account", err)
	}
	var removed []store.SpendingDelta
	for rows.Next() {
		var d store.SpendingDelta
		var month string
		if err := rows.Scan(&month, &d.Currency, &d.Category, &d.AmountCents, &d.Count); err != nil {
			rows.Close()
			return nil, translate("delete account", err)
		}
		if d.Month, err = centavo.ParseMonth(month); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: delete account: %w", err)
		}
		removed = append(removed, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate("delete account", err)
	}
	if _, err := q.q.Exec(ctx, shared.UnpairAccount, userID, id); err != nil {
		return nil, translate("delete account: unpair transfers", err)
	}
	if _, err := q.q.Exec(ctx, shared.DeleteAccountTransactions, userID, id); err != nil {
		return nil, translate("delete account transactions", err)
	}
	tag, err := q.q.Exec(ctx, shared.DeleteAccount, userID, id)
	if err := affectedOne("delete account", tag, err); err != nil {
		return nil, err
	}
	return removed, nil
}

func affectedOne(op string, tag pgconn.CommandTag, err error) error {
	if err != nil {
		return translate(op, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: %s: %w", op, store.ErrNotFound)
	}
	return nil
}

// ---- transactions ----

// transactionRows scans the transactions of a query's rows (rows, err
// are the query's results; op names it in errors) and closes them.
func transactionRows(rows pgx.Rows, err error, op string) ([]centavo.Transaction, error) {
	if err != nil {
		return nil, translate(op, err)
	}
	defer rows.Close()
	var out []centavo.Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, translate(op, err)
		}
		out = append(out, t)
	}
	return out, translate(op, rows.Err())
}

// scanTransaction reads storesql.TransactionColumns.
func scanTransaction(row pgx.Row) (centavo.Transaction, error) {
	var t centavo.Transaction
	var tags, splits string
	var pair *int64
	var edited int32
	err := row.Scan(&t.ID, &t.UserID, &t.AccountID, &t.InstitutionID, &t.PostedAt, &t.Seller, &t.Merchant, &t.MerchantKey, &t.Fingerprint, &t.AmountCents,
		&t.Currency, &t.Category, &t.CategorySource, &t.Pending, &t.Notes, &tags, &t.Hidden, &splits, &pair, &edited)
	if err != nil {
		return t, err
	}
	t.PostedAt = t.PostedAt.UTC()
	t.Edited = centavo.EditMask(edited)
	return t, store.DecodeDetails(&t, tags, splits, pair)
}

func (q queries) Transaction(ctx context.Context, userID, id int64) (centavo.Transaction, error) {
	t, err := scanTransaction(q.q.QueryRow(ctx, shared.Transaction, userID, id))
	return t, translate("transaction", err)
}

// args builds a numbered-parameter list.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

func (q queries) Transactions(ctx context.Context, f store.TransactionFilter) ([]centavo.Transaction, error) {
	var a args
	var where strings.Builder
	where.WriteString(`user_id = ` + a.add(f.UserID))
	if f.AccountID != 0 {
		where.WriteString(` AND account_id = ` + a.add(f.AccountID))
	}
	if !f.Month.IsZero() {
		where.WriteString(` AND posted_at >= ` + a.add(f.Month.Start()) + ` AND posted_at < ` + a.add(f.Month.End()))
	}
	if f.After != nil {
		where.WriteString(` AND (posted_at, id) < (` + a.add(f.After.PostedAt.UTC()) + `, ` + a.add(f.After.ID) + `)`)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := q.q.Query(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions WHERE `+where.String()+
		` ORDER BY posted_at DESC, id DESC LIMIT `+a.add(limit), a...)
	if err != nil {
		return nil, translate("transactions", err)
	}
	defer rows.Close()
	out := make([]centavo.Transaction, 0, limit)
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, translate("transactions", err)
		}
		out = append(out, t)
	}
	return out, translate("transactions", rows.Err())
}

var stagingColumns = []string{"user_id", "account_id", "institution_id", "posted_at", "seller", "merchant", "merchant_key", "fingerprint", "amount_cents",
	"currency", "category", "category_source", "pending", "created_at", "notes", "tags", "hidden", "splits", "edited", "search_text"}

// InsertTransactions copies the batch into a session-local staging table,
// then moves it over with one INSERT … ON CONFLICT DO NOTHING, which skips
// duplicates (already stored, or twice in the batch) and returns what it
// inserted.
func (q queries) InsertTransactions(ctx context.Context, txns []centavo.Transaction) ([]centavo.Transaction, error) {
	if len(txns) == 0 {
		return nil, nil
	}
	if _, err := q.q.Exec(ctx, `
		CREATE TEMP TABLE IF NOT EXISTS transactions_staging7 (
			user_id bigint, account_id bigint, institution_id text, posted_at timestamptz, seller text, merchant text,
			merchant_key text, fingerprint text, amount_cents bigint, currency text, category text, category_source text, pending boolean,
			created_at timestamptz, notes text, tags text, hidden boolean, splits text, edited integer, search_text text
		) ON COMMIT DELETE ROWS`); err != nil {
		return nil, translate("insert transactions: staging", err)
	}
	if _, err := q.q.Exec(ctx, `TRUNCATE transactions_staging7`); err != nil {
		return nil, translate("insert transactions: staging", err)
	}
	_, err := q.q.CopyFrom(ctx, pgx.Identifier{"transactions_staging7"}, stagingColumns, pgx.CopyFromSlice(len(txns), func(i int) ([]any, error) {
		t := txns[i]
		return []any{t.UserID, t.AccountID, t.InstitutionID, t.PostedAt.UTC(), t.Seller, t.Merchant, t.MerchantKey, t.Fingerprint, t.AmountCents,
			t.Currency, t.Category, t.CategorySource, t.Pending, t.CreatedAt.UTC(), t.Notes, store.EncodeTags(t.Tags), t.Hidden,
			store.EncodeSplits(t.Splits), int32(t.Edited), store.SearchText(t)}, nil
	}))
	if err != nil {
		return nil, translate("insert transactions: copy", err)
	}
	cols := strings.Join(stagingColumns, ", ")
	rows, err := q.q.Query(ctx, `INSERT INTO transactions (`+cols+`) SELECT `+cols+` FROM transactions_staging7
		ON CONFLICT (account_id, institution_id) DO NOTHING RETURNING id, account_id, institution_id`)
	if err != nil {
		return nil, translate("insert transactions", err)
	}
	type key struct {
		account int64
		id      string
	}
	ids := map[key]int64{}
	for rows.Next() {
		var k key
		var id int64
		if err := rows.Scan(&id, &k.account, &k.id); err != nil {
			rows.Close()
			return nil, translate("insert transactions", err)
		}
		ids[k] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate("insert transactions", err)
	}
	inserted := make([]centavo.Transaction, 0, len(ids))
	for _, t := range txns {
		k := key{t.AccountID, t.InstitutionID}
		if id, ok := ids[k]; ok {
			t.ID = id
			inserted = append(inserted, t)
			delete(ids, k) // a duplicate within the batch was not inserted
		}
	}
	return inserted, q.addDays(ctx, store.DayDeltas(inserted, 1))
}

func (q queries) SetTransactionCategory(ctx context.Context, p store.TransactionCategoryUpdate) error {
	tag, err := q.q.Exec(ctx, shared.SetTransactionCategory,
		p.Category, p.Source, p.UserID, p.ID)
	return affectedOne("set transaction category", tag, err)
}

func (q queries) UpdateTransaction(ctx context.Context, t centavo.Transaction) error {
	tag, err := q.q.Exec(ctx, shared.UpdateTransaction, t.Merchant, t.Category, t.CategorySource, t.Notes, store.EncodeTags(t.Tags),
		t.Hidden, store.EncodeSplits(t.Splits), store.PairArg(t.TransferPairID), int32(t.Edited), t.UserID, t.ID, store.SearchText(t))
	return affectedOne("update transaction", tag, err)
}

func (q queries) SetTransactionDescription(ctx context.Context, p store.TransactionDescriptionUpdate) error {
	// The row as updated comes back: its search text needs no second read.
	t, err := scanTransaction(q.q.QueryRow(ctx, shared.SetTransactionDescription,
		p.Seller, p.Merchant, p.MerchantKey, p.Fingerprint, p.Category, p.Source, p.UserID, p.ID, p.Was.Seller, p.Was.Category, p.Was.Source))
	if err != nil {
		return translate("set transaction description", err)
	}
	_, err = q.q.Exec(ctx, shared.SetSearchText, store.SearchText(t), t.ID)
	return translate("set transaction description: search text", err)
}

// ---- monthly spending ----

// AddMonthlySpending upserts all deltas in one statement.
func (q queries) AddMonthlySpending(ctx context.Context, userID int64, deltas []store.SpendingDelta) error {
	deltas, err := store.MergeDeltas(deltas) // one row per month and category, in that order
	if err != nil || len(deltas) == 0 {
		return err
	}
	months := make([]string, len(deltas))
	curs := make([]string, len(deltas))
	cats := make([]string, len(deltas))
	amounts := make([]int64, len(deltas))
	counts := make([]int64, len(deltas))
	for i, d := range deltas {
		months[i], curs[i], cats[i], amounts[i], counts[i] = d.Month.String(), d.Currency, d.Category, d.AmountCents, d.Count
	}
	// A row is updated only while its total stays in range: fewer rows
	// than deltas means one would have left it.
	tag, err := q.q.Exec(ctx, `
		INSERT INTO monthly_spending (user_id, month, currency, category, amount_cents, count)
		SELECT $1, m, cur, c, a, n FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS d(m, cur, c, a, n)
		ORDER BY m, cur, c -- one lock order: concurrent downloads of one user's accounts deadlocked
		ON CONFLICT (user_id, month, currency, category) DO UPDATE SET
			amount_cents = monthly_spending.amount_cents + excluded.amount_cents,
			count = monthly_spending.count + excluded.count
		WHERE abs(monthly_spending.amount_cents + excluded.amount_cents) <= $7`,
		userID, months, curs, cats, amounts, counts, int64(centavo.MaxTotalCents))
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && pe.Code == "22003": // numeric_value_out_of_range: a stored total beyond int64 already
		return fmt.Errorf("postgres: add monthly spending: %w", store.ErrOutOfRange)
	case err != nil:
		return translate("add monthly spending", err)
	case tag.RowsAffected() != int64(len(deltas)):
		return fmt.Errorf("postgres: add monthly spending: %w", store.ErrOutOfRange)
	}
	return nil
}

func (q queries) MonthlySpending(ctx context.Context, userID int64, month centavo.Month) ([]centavo.CategorySpending, error) {
	rows, err := q.q.Query(ctx, shared.MonthlySpending, userID, month.String())
	if err != nil {
		return nil, translate("monthly spending", err)
	}
	defer rows.Close()
	var out []centavo.CategorySpending
	for rows.Next() {
		var c centavo.CategorySpending
		if err := rows.Scan(&c.Category, &c.Currency, &c.AmountCents, &c.Count); err != nil {
			return nil, translate("monthly spending", err)
		}
		out = append(out, c)
	}
	return out, translate("monthly spending", rows.Err())
}

func (q queries) DailySpending(ctx context.Context, f store.DailySpendingFilter) ([]store.DaySpending, error) {
	rows, err := q.q.Query(ctx, `
		SELECT to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), currency, category, sum(amount_cents)::bigint, count(*)
		FROM spending_parts WHERE user_id = $1 AND posted_at >= $2 AND posted_at < $3 AND currency <> $4
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, f.UserID, f.Month.Start(), f.Month.End(), f.ExceptCurrency)
	if err != nil {
		return nil, translate("daily spending", err)
	}
	defer rows.Close()
	var out []store.DaySpending
	for rows.Next() {
		var d store.DaySpending
		if err := rows.Scan(&d.Day, &d.Currency, &d.Category, &d.AmountCents, &d.Count); err != nil {
			return nil, translate("daily spending", err)
		}
		out = append(out, d)
	}
	return out, translate("daily spending", rows.Err())
}

// ---- invariants ----

// Verify compares every aggregate row with the sum of its transactions and
// looks for duplicated institution ids. It reads the primary.
func (db *DB) Verify(ctx context.Context) (store.VerifyReport, error) {
	var r store.VerifyReport
	q := db.primary
	if err := q.QueryRow(ctx, shared.VerifyCounts).Scan(&r.Users, &r.Transactions); err != nil {
		return r, translate("verify counts", err)
	}
	var err error
	if r.DayMismatches, err = verifyDays(ctx, q); err != nil {
		return r, err
	}
	if r.BlockMismatches, err = verifyBlocks(ctx, q); err != nil {
		return r, err
	}
	rows, err := q.Query(ctx, `
		WITH computed AS (
			SELECT user_id, to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, currency, category,
			       sum(amount_cents)::bigint AS amount_cents, count(*) AS count
			FROM spending_parts GROUP BY 1, 2, 3, 4
		)
		SELECT coalesce(s.user_id, c.user_id), coalesce(s.month, c.month), coalesce(s.currency, c.currency), coalesce(s.category, c.category),
		       coalesce(s.amount_cents, 0), coalesce(c.amount_cents, 0), coalesce(s.count, 0), coalesce(c.count, 0)
		FROM monthly_spending s
		FULL OUTER JOIN computed c ON s.user_id = c.user_id AND s.month = c.month AND s.currency = c.currency AND s.category = c.category
		WHERE coalesce(s.amount_cents, 0) <> coalesce(c.amount_cents, 0) OR coalesce(s.count, 0) <> coalesce(c.count, 0)
		ORDER BY 1, 2, 3, 4`)
	if err != nil {
		return r, translate("verify spending", err)
	}
	for rows.Next() {
		var m store.SpendingMismatch
		if err := rows.Scan(&m.UserID, &m.Month, &m.Currency, &m.Category, &m.StoredCents, &m.ComputedCents, &m.StoredCount, &m.ComputedCount); err != nil {
			rows.Close()
			return r, translate("verify spending", err)
		}
		r.SpendingMismatches = append(r.SpendingMismatches, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, translate("verify spending", err)
	}
	if r.PairMismatches, err = verifyPairs(ctx, q); err != nil {
		return r, err
	}
	if r.GoalMismatches, err = verifyGoals(ctx, q); err != nil {
		return r, err
	}
	rows, err = q.Query(ctx, shared.VerifyDuplicates)
	if err != nil {
		return r, translate("verify duplicates", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d store.DuplicateTransaction
		if err := rows.Scan(&d.AccountID, &d.InstitutionID, &d.Count); err != nil {
			return r, translate("verify duplicates", err)
		}
		r.DuplicateTransactions = append(r.DuplicateTransactions, d)
	}
	return r, translate("verify duplicates", rows.Err())
}

func (db *DB) ActiveAccounts(ctx context.Context, f store.ActiveAccountFilter) ([]store.AccountRef, error) {
	rows, err := db.primary.Query(ctx, shared.ActiveAccounts, f.AfterID, f.ActiveSince.UTC(), f.Limit)
	if err != nil {
		return nil, translate("active accounts", err)
	}
	defer rows.Close()
	var out []store.AccountRef
	for rows.Next() {
		var r store.AccountRef
		if err := rows.Scan(&r.ID, &r.UserID); err != nil {
			return nil, translate("active accounts", err)
		}
		out = append(out, r)
	}
	return out, translate("active accounts", rows.Err())
}

func (q queries) ReplaceMonthlySpending(ctx context.Context, userID int64, month centavo.Month, rows []centavo.CategorySpending) error {
	if _, err := q.q.Exec(ctx, shared.DeleteMonthlySpending, userID, month.String()); err != nil {
		return translate("replace monthly spending", err)
	}
	if len(rows) == 0 {
		return nil
	}
	curs := make([]string, len(rows))
	cats := make([]string, len(rows))
	amounts := make([]int64, len(rows))
	counts := make([]int64, len(rows))
	for i, r := range rows {
		if !store.InTotalRange(r.AmountCents) {
			return fmt.Errorf("postgres: replace monthly spending of %s in %s: %w", month, r.Category, store.ErrOutOfRange)
		}
		curs[i], cats[i], amounts[i], counts[i] = r.Currency, r.Category, r.AmountCents, r.Count
	}
	_, err := q.q.Exec(ctx, `
		INSERT INTO monthly_spending (user_id, month, currency, category, amount_cents, count)
		SELECT $1, $2, cur, c, a, n FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS r(cur, c, a, n)`,
		userID, month.String(), curs, cats, amounts, counts)
	return translate("replace monthly spending", err)
}

func (db *DB) SpendingOfMonth(ctx context.Context, month centavo.Month) ([]store.UserSpending, error) {
	rows, err := db.primary.Query(ctx, shared.SpendingOfMonth, month.String())
	if err != nil {
		return nil, translate("spending of month", err)
	}
	defer rows.Close()
	var out []store.UserSpending
	for rows.Next() {
		var r store.UserSpending
		if err := rows.Scan(&r.UserID, &r.Category, &r.Currency, &r.AmountCents, &r.Count); err != nil {
			return nil, translate("spending of month", err)
		}
		out = append(out, r)
	}
	return out, translate("spending of month", rows.Err())
}

func (q queries) PendingTransactions(ctx context.Context, userID, accountID int64) ([]centavo.Transaction, error) {
	rows, err := q.q.Query(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions WHERE user_id = $1 AND account_id = $2 AND pending ORDER BY id`, userID, accountID)
	return transactionRows(rows, err, "pending transactions")
}

func (q queries) DeleteTransactions(ctx context.Context, userID int64, ids []int64) ([]centavo.Transaction, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := q.q.Query(ctx, `DELETE FROM transactions WHERE user_id = $1 AND id = ANY($2) RETURNING `+storesql.TransactionColumns, userID, ids)
	if err != nil {
		return nil, translate("delete transactions", err)
	}
	defer rows.Close()
	var out []centavo.Transaction
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, translate("delete transactions", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, translate("delete transactions", err)
	}
	rows.Close()
	return out, q.addDays(ctx, store.DayDeltas(out, -1))
}

func (q queries) FingerprintIDs(ctx context.Context, userID, accountID int64, fingerprints []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(fingerprints) == 0 {
		return out, nil
	}
	rows, err := q.q.Query(ctx, `
		SELECT fingerprint, institution_id FROM transactions
		WHERE user_id = $1 AND account_id = $2 AND fingerprint = ANY($3) ORDER BY fingerprint, institution_id`, userID, accountID, fingerprints)
	if err != nil {
		return nil, translate("fingerprint ids", err)
	}
	defer rows.Close()
	for rows.Next() {
		var fp, id string
		if err := rows.Scan(&fp, &id); err != nil {
			return nil, translate("fingerprint ids", err)
		}
		out[fp] = append(out[fp], id)
	}
	return out, translate("fingerprint ids", rows.Err())
}

func (q queries) HasImportedRows(ctx context.Context, userID, accountID int64) (bool, error) {
	var found bool
	err := q.q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM transactions
		WHERE account_id = $1 AND institution_id >= 'fp:' AND institution_id < 'fp;' AND user_id = $2)`, accountID, userID).Scan(&found)
	return found, translate("imported rows", err)
}
