package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// placeholder is SQLite's form of the placeholder $n of storesql's statements.
func placeholder(n int) string { return "?" + strconv.Itoa(n) }

// shared is the SQL written once for both engines (package storesql), with
// SQLite's numbered placeholders (?1, ?2, …) for PostgreSQL's ($1, $2, …).
var shared = storesql.Shared().Renumbered(placeholder)

// ---- users and tokens ----

// scanUser reads the user columns of storesql.
func scanUser(row interface{ Scan(...any) error }) (centavo.User, error) {
	var u centavo.User
	var created, active int64
	err := row.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.MonthlyIncomeCents, &u.Currency, &created, &active)
	u.CreatedAt, u.LastActiveAt = fromMicros(created), fromMicros(active)
	return u, err
}

func (q queries) UserByID(ctx context.Context, id int64) (centavo.User, error) {
	u, err := scanUser(q.queryRow(ctx, q.hot.userByID, shared.UserByID, id))
	return u, translate("user by id", err)
}

func (q queries) UserByEmail(ctx context.Context, email string) (centavo.User, error) {
	u, err := scanUser(q.q.QueryRowContext(ctx, shared.UserByEmail, email))
	return u, translate("user by email", err)
}

func (q queries) CreateUser(ctx context.Context, u *centavo.User) error {
	var id any // nil: the database assigns one
	if u.ID != 0 {
		id = u.ID
	}
	// A new id is above every id ever given, deleted users' included.
	err := q.q.QueryRowContext(ctx, `
		INSERT INTO users (id, email, password_hash, monthly_income_cents, currency, created_at, last_active_at)
		VALUES (coalesce(?, 1 + max((SELECT coalesce(max(id), 0) FROM users), (SELECT coalesce(max(id), 0) FROM retired_user_ids))),
		        ?, ?, ?, ?, ?, ?) RETURNING id`,
		id, u.Email, u.PasswordHash, u.MonthlyIncomeCents, u.Currency, micros(u.CreatedAt), micros(u.LastActiveAt),
	).Scan(&u.ID)
	return translate("create user", err)
}

func (q queries) TouchUser(ctx context.Context, userID int64, at time.Time) error {
	_, err := q.q.ExecContext(ctx, `UPDATE users SET last_active_at = max(last_active_at, ?) WHERE id = ?`, micros(at), userID)
	return translate("touch user", err)
}

func (q queries) CreateToken(ctx context.Context, t store.Token) error {
	_, err := q.q.ExecContext(ctx, shared.CreateToken,
		t.Hash, t.UserID, t.Name, micros(t.CreatedAt), micros(t.ExpiresAt))
	return translate("create token", err)
}

func (q queries) DeleteToken(ctx context.Context, userID int64, hash []byte) error {
	_, err := q.q.ExecContext(ctx, shared.DeleteToken, userID, hash)
	return translate("delete token", err)
}

func (q queries) UserIDByToken(ctx context.Context, hash []byte, now time.Time) (int64, error) {
	var id int64
	err := q.queryRow(ctx, q.hot.userIDByToken, shared.UserIDByToken, hash, micros(now)).Scan(&id)
	return id, translate("user by token", err)
}

// ---- accounts ----

// scanAccount reads the account columns of storesql.
func scanAccount(row interface{ Scan(...any) error }) (centavo.Account, error) {
	var a centavo.Account
	var inst string
	var lastUpdate sql.NullInt64
	var created int64
	err := row.Scan(&a.ID, &a.UserID, &a.Connector, &a.Name, &a.Type, &a.Currency, &inst, &a.SealedCredentials,
		&a.Status, &lastUpdate, &a.LastError, &created, &a.Kind)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal([]byte(inst), &a.Institution); err != nil {
		return a, fmt.Errorf("institution of account %d: %w", a.ID, err)
	}
	if lastUpdate.Valid {
		t := fromMicros(lastUpdate.Int64)
		a.LastUpdate = &t
	}
	a.CreatedAt = fromMicros(created)
	return a, nil
}

func (q queries) Account(ctx context.Context, userID, id int64) (centavo.Account, error) {
	a, err := scanAccount(q.q.QueryRowContext(ctx, shared.Account, userID, id))
	return a, translate("account", err)
}

func (q queries) Accounts(ctx context.Context, userID int64) ([]centavo.Account, error) {
	rows, err := q.q.QueryContext(ctx, shared.Accounts, userID)
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
		return fmt.Errorf("sqlite: create account: %w", err)
	}
	if a.CreatedAt.IsZero() {
		return fmt.Errorf("sqlite: create account: CreatedAt is not set")
	}
	var lastUpdate any
	if a.LastUpdate != nil {
		lastUpdate = micros(*a.LastUpdate)
	}
	err = q.q.QueryRowContext(ctx, shared.CreateAccount,
		a.UserID, a.Connector, a.Name, a.Type, a.Currency, string(inst), a.SealedCredentials, a.Status, lastUpdate, a.LastError, micros(a.CreatedAt), a.Kind,
	).Scan(&a.ID)
	return translate("create account", err)
}

func (q queries) UpdateAccountInstitution(ctx context.Context, p store.AccountInstitutionUpdate) error {
	inst, err := json.Marshal(p.Institution)
	if err != nil {
		return fmt.Errorf("sqlite: update account: %w", err)
	}
	res, err := q.q.ExecContext(ctx, shared.UpdateAccountInstitution,
		p.Name, p.Type, p.Currency, string(inst), p.UserID, p.ID)
	return affectedOne("update account", res, err)
}

func (q queries) SetAccountStatus(ctx context.Context, p store.AccountStatusUpdate) error {
	var lastUpdate any
	if p.LastUpdate != nil {
		lastUpdate = micros(*p.LastUpdate)
	}
	res, err := q.q.ExecContext(ctx, shared.SetAccountStatus, p.Status, p.LastError, lastUpdate, p.UserID, p.ID)
	return affectedOne("set account status", res, err)
}

func (q queries) DeleteAccount(ctx context.Context, userID, id int64) ([]store.SpendingDelta, error) {
	rows, err := q.q.QueryContext(ctx, `
		SELECT strftime('%Y-%m', posted_at / 1000000, 'unixepoch'), currency, category, sum(amount_cents), count(*)
		FROM spending_parts WHERE user_id = ? AND account_id = ? GROUP BY 1, 2, 3`, userID, id)
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
			return nil, fmt.Errorf("sqlite: delete account: %w", err)
		}
		removed = append(removed, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate("delete account", err)
	}
	if _, err := q.q.ExecContext(ctx, shared.UnpairAccount, userID, id); err != nil {
		return nil, translate("delete account: unpair transfers", err)
	}
	if _, err := q.q.ExecContext(ctx, shared.DeleteAccountTransactions, userID, id); err != nil {
		return nil, translate("delete account transactions", err)
	}
	res, err := q.q.ExecContext(ctx, shared.DeleteAccount, userID, id)
	if err := affectedOne("delete account", res, err); err != nil {
		return nil, err
	}
	return removed, nil
}

func affectedOne(op string, res sql.Result, err error) error {
	if err != nil {
		return translate(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return translate(op, err)
	}
	if n == 0 {
		return fmt.Errorf("sqlite: %s: %w", op, store.ErrNotFound)
	}
	return nil
}

// ---- transactions ----

// transactionRows scans the transactions of a query's rows (rows, err
// are the query's results; op names it in errors) and closes them.
func transactionRows(rows *sql.Rows, err error, op string) ([]centavo.Transaction, error) {
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
func scanTransaction(row interface{ Scan(...any) error }) (centavo.Transaction, error) {
	var t centavo.Transaction
	var posted, pending, hidden int64
	var tags, splits string
	var pair *int64
	err := row.Scan(&t.ID, &t.UserID, &t.AccountID, &t.InstitutionID, &posted, &t.Seller, &t.Merchant, &t.MerchantKey, &t.Fingerprint, &t.AmountCents,
		&t.Currency, &t.Category, &t.CategorySource, &pending, &t.Notes, &tags, &hidden, &splits, &pair, &t.Edited)
	if err != nil {
		return t, err
	}
	t.PostedAt = fromMicros(posted)
	t.Pending, t.Hidden = pending != 0, hidden != 0
	return t, store.DecodeDetails(&t, tags, splits, pair)
}

func (q queries) Transaction(ctx context.Context, userID, id int64) (centavo.Transaction, error) {
	t, err := scanTransaction(q.q.QueryRowContext(ctx, shared.Transaction, userID, id))
	return t, translate("transaction", err)
}

// The shapes of a first page of transactions, by the filters set.
const (
	pageAccount = 1 << iota
	pageMonth
)

// transactionsQuery is the query of Transactions for the filters set; its
// arguments are the user id, the account id, the month's bounds, the
// cursor (posted_at twice, id) and the limit, each only if set.
func transactionsQuery(account, month, after bool) string {
	var where strings.Builder
	where.WriteString(`user_id = ?`)
	if account {
		where.WriteString(` AND account_id = ?`)
	}
	if month {
		where.WriteString(` AND posted_at >= ? AND posted_at < ?`)
	}
	if after {
		where.WriteString(` AND (posted_at < ? OR (posted_at = ? AND id < ?))`)
	}
	return `SELECT ` + storesql.TransactionColumns + ` FROM transactions WHERE ` + where.String() + ` ORDER BY posted_at DESC, id DESC LIMIT ?`
}

func (q queries) Transactions(ctx context.Context, f store.TransactionFilter) ([]centavo.Transaction, error) {
	args := []any{f.UserID}
	shape := 0
	if f.AccountID != 0 {
		shape |= pageAccount
		args = append(args, f.AccountID)
	}
	if !f.Month.IsZero() {
		shape |= pageMonth
		args = append(args, micros(f.Month.Start()), micros(f.Month.End()))
	}
	if f.After != nil {
		p := micros(f.After.PostedAt)
		args = append(args, p, p, f.After.ID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	args = append(args, limit)
	var rows *sql.Rows
	var err error
	if stmt := q.hot.firstPage[shape]; stmt != nil && f.After == nil {
		rows, err = stmt.QueryContext(ctx, args...)
	} else {
		rows, err = q.q.QueryContext(ctx, transactionsQuery(shape&pageAccount != 0, shape&pageMonth != 0, f.After != nil), args...)
	}
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

func (q queries) InsertTransactions(ctx context.Context, txns []centavo.Transaction) ([]centavo.Transaction, error) {
	if len(txns) == 0 {
		return nil, nil
	}
	// Prepared once: SQLite would compile the statement again for every row.
	stmt, err := q.q.PrepareContext(ctx, `
		INSERT INTO transactions (user_id, account_id, institution_id, posted_at, seller, merchant, merchant_key, fingerprint, amount_cents, currency, category, category_source, pending, created_at,
		                          notes, tags, hidden, splits, edited, search_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, institution_id) DO NOTHING
		RETURNING id`)
	if err != nil {
		return nil, translate("insert transactions", err)
	}
	defer stmt.Close()
	inserted := make([]centavo.Transaction, 0, len(txns))
	for _, t := range txns {
		err := stmt.QueryRowContext(ctx,
			t.UserID, t.AccountID, t.InstitutionID, micros(t.PostedAt), t.Seller, t.Merchant, t.MerchantKey, t.Fingerprint, t.AmountCents, t.Currency,
			t.Category, t.CategorySource, boolInt(t.Pending), micros(t.CreatedAt), t.Notes, store.EncodeTags(t.Tags), boolInt(t.Hidden),
			store.EncodeSplits(t.Splits), int64(t.Edited),
			store.SearchText(t),
		).Scan(&t.ID)
		if err == sql.ErrNoRows {
			continue // a duplicate
		}
		if err != nil {
			return nil, translate("insert transactions", err)
		}
		inserted = append(inserted, t)
	}
	return inserted, q.addDays(ctx, store.DayDeltas(inserted, 1))
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (q queries) SetTransactionCategory(ctx context.Context, p store.TransactionCategoryUpdate) error {
	res, err := q.q.ExecContext(ctx, shared.SetTransactionCategory,
		p.Category, p.Source, p.UserID, p.ID)
	return affectedOne("set transaction category", res, err)
}

func (q queries) UpdateTransaction(ctx context.Context, t centavo.Transaction) error {
	res, err := q.q.ExecContext(ctx, shared.UpdateTransaction, t.Merchant, t.Category, t.CategorySource, t.Notes, store.EncodeTags(t.Tags),
		boolInt(t.Hidden), store.EncodeSplits(t.Splits), store.PairArg(t.TransferPairID), int64(t.Edited), t.UserID, t.ID, store.SearchText(t))
	return affectedOne("update transaction", res, err)
}

func (q queries) SetTransactionDescription(ctx context.Context, p store.TransactionDescriptionUpdate) error {
	// The row as updated comes back: its search text needs no second read.
	t, err := scanTransaction(q.q.QueryRowContext(ctx, shared.SetTransactionDescription,
		p.Seller, p.Merchant, p.MerchantKey, p.Fingerprint, p.Category, p.Source, p.UserID, p.ID, p.Was.Seller, p.Was.Category, p.Was.Source))
	if err != nil {
		return translate("set transaction description", err)
	}
	_, err = q.q.ExecContext(ctx, shared.SetSearchText, store.SearchText(t), t.ID)
	return translate("set transaction description: search text", err)
}

// ---- monthly spending ----

func (q queries) AddMonthlySpending(ctx context.Context, userID int64, deltas []store.SpendingDelta) error {
	deltas, err := store.MergeDeltas(deltas)
	if err != nil || len(deltas) == 0 {
		return err
	}
	// The update happens only while the total stays in range (an integer
	// overflow would make it a REAL, which is not in range either): no row
	// changed means out of range.
	stmt, err := q.q.PrepareContext(ctx, `
		INSERT INTO monthly_spending (user_id, month, currency, category, amount_cents, count) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, month, currency, category) DO UPDATE SET
			amount_cents = amount_cents + excluded.amount_cents,
			count = count + excluded.count
		WHERE abs(amount_cents + excluded.amount_cents) <= ?`)
	if err != nil {
		return translate("add monthly spending", err)
	}
	defer stmt.Close()
	for _, d := range deltas {
		res, err := stmt.ExecContext(ctx, userID, d.Month.String(), d.Currency, d.Category, d.AmountCents, d.Count, int64(centavo.MaxTotalCents))
		if err != nil {
			return translate("add monthly spending", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("sqlite: add monthly spending of %s in %s: %w", d.Month, d.Category, store.ErrOutOfRange)
		}
	}
	return nil
}

func (q queries) MonthlySpending(ctx context.Context, userID int64, month centavo.Month) ([]centavo.CategorySpending, error) {
	rows, err := q.query(ctx, q.hot.monthlySpending, shared.MonthlySpending, userID, month.String())
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
	rows, err := q.q.QueryContext(ctx, `
		SELECT strftime('%Y-%m-%d', posted_at / 1000000, 'unixepoch'), currency, category, sum(amount_cents), count(*)
		FROM spending_parts WHERE user_id = ? AND posted_at >= ? AND posted_at < ? AND currency <> ?
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, f.UserID, micros(f.Month.Start()), micros(f.Month.End()), f.ExceptCurrency)
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
// looks for duplicated institution ids.
func (db *DB) Verify(ctx context.Context) (store.VerifyReport, error) {
	var r store.VerifyReport
	q := db.reader
	if err := q.QueryRowContext(ctx, shared.VerifyCounts).Scan(&r.Users, &r.Transactions); err != nil {
		return r, translate("verify counts", err)
	}
	var err error
	if r.DayMismatches, err = verifyDays(ctx, q); err != nil {
		return r, err
	}
	if r.BlockMismatches, err = verifyBlocks(ctx, q); err != nil {
		return r, err
	}
	// One GROUP BY over both sides (a row missing on one side adds zeros):
	// SQLite runs a FULL OUTER JOIN of the two as a nested loop.
	rows, err := q.QueryContext(ctx, `
		SELECT user_id, month, currency, category, sum(stored_cents), sum(computed_cents), sum(stored_count), sum(computed_count)
		FROM (
			SELECT user_id, month, currency, category,
			       amount_cents AS stored_cents, 0 AS computed_cents, count AS stored_count, 0 AS computed_count
			FROM monthly_spending
			UNION ALL
			SELECT user_id, strftime('%Y-%m', posted_at / 1000000, 'unixepoch'), currency, category, 0, amount_cents, 0, 1
			FROM spending_parts
		)
		GROUP BY 1, 2, 3, 4
		HAVING sum(stored_cents) <> sum(computed_cents) OR sum(stored_count) <> sum(computed_count)
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
	rows, err = q.QueryContext(ctx, shared.VerifyDuplicates)
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
	rows, err := db.reader.QueryContext(ctx, shared.ActiveAccounts, f.AfterID, micros(f.ActiveSince), f.Limit)
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
	if _, err := q.q.ExecContext(ctx, shared.DeleteMonthlySpending, userID, month.String()); err != nil {
		return translate("replace monthly spending", err)
	}
	if len(rows) == 0 {
		return nil
	}
	for _, r := range rows {
		if !store.InTotalRange(r.AmountCents) {
			return fmt.Errorf("sqlite: replace monthly spending of %s in %s: %w", month, r.Category, store.ErrOutOfRange)
		}
	}
	stmt, err := q.q.PrepareContext(ctx, `INSERT INTO monthly_spending (user_id, month, currency, category, amount_cents, count) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return translate("replace monthly spending", err)
	}
	defer stmt.Close()
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, userID, month.String(), r.Currency, r.Category, r.AmountCents, r.Count); err != nil {
			return translate("replace monthly spending", err)
		}
	}
	return nil
}

func (db *DB) SpendingOfMonth(ctx context.Context, month centavo.Month) ([]store.UserSpending, error) {
	rows, err := db.reader.QueryContext(ctx, shared.SpendingOfMonth, month.String())
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
	rows, err := q.q.QueryContext(ctx, `SELECT `+storesql.TransactionColumns+` FROM transactions WHERE user_id = ? AND account_id = ? AND pending = 1 ORDER BY id`, userID, accountID)
	return transactionRows(rows, err, "pending transactions")
}

func (q queries) DeleteTransactions(ctx context.Context, userID int64, ids []int64) ([]centavo.Transaction, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	stmt, err := q.q.PrepareContext(ctx, `DELETE FROM transactions WHERE user_id = ? AND id = ? RETURNING `+storesql.TransactionColumns)
	if err != nil {
		return nil, translate("delete transactions", err)
	}
	defer stmt.Close()
	var out []centavo.Transaction
	for _, id := range ids {
		t, err := scanTransaction(stmt.QueryRowContext(ctx, userID, id))
		if isNoRows(err) {
			continue
		}
		if err != nil {
			return nil, translate("delete transactions", err)
		}
		out = append(out, t)
	}
	return out, q.addDays(ctx, store.DayDeltas(out, -1))
}

func (q queries) FingerprintIDs(ctx context.Context, userID, accountID int64, fingerprints []string) (map[string][]string, error) {
	out := map[string][]string{}
	seen := map[string]bool{}
	var distinct []string
	for _, fp := range fingerprints {
		if !seen[fp] {
			seen[fp] = true
			distinct = append(distinct, fp)
		}
	}
	const chunk = 500 // well under SQLite's bound on variables
	for start := 0; start < len(distinct); start += chunk {
		part := distinct[start:min(start+chunk, len(distinct))]
		args := []any{userID, accountID}
		for _, fp := range part {
			args = append(args, fp)
		}
		rows, err := q.q.QueryContext(ctx, `SELECT fingerprint, institution_id FROM transactions
			WHERE user_id = ? AND account_id = ? AND fingerprint IN (?`+strings.Repeat(",?", len(part)-1)+`)
			ORDER BY fingerprint, institution_id`, args...)
		if err != nil {
			return nil, translate("fingerprint ids", err)
		}
		for rows.Next() {
			var fp, id string
			if err := rows.Scan(&fp, &id); err != nil {
				rows.Close()
				return nil, translate("fingerprint ids", err)
			}
			out[fp] = append(out[fp], id)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, translate("fingerprint ids", err)
		}
	}
	return out, nil
}

func (q queries) HasImportedRows(ctx context.Context, userID, accountID int64) (bool, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM transactions
		WHERE account_id = ? AND institution_id >= 'fp:' AND institution_id < 'fp;' AND user_id = ? LIMIT 1)`, accountID, userID).Scan(&n)
	return n > 0, translate("imported rows", err)
}
