package loadgen

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// The baselines write the same rows as the application, into the same
// tables, with the bare minimum of SQL and no application around it: the
// ceiling the application's write path is compared with. They are the one
// place outside the store packages that writes SQL, on purpose.

// BareBatch is the number of rows per transaction of the baselines.
const BareBatch = 10_000

// Placement gives a dataset account the user and account ids its rows are
// written under (accounts created beforehand, for the foreign key).
type Placement struct {
	UserID, AccountID int64
}

// WriteResult is a measured write.
type WriteResult struct {
	Rows     int64 // rows written (inserted, not counting duplicates)
	Elapsed  time.Duration
	Batches  int
	BatchMax time.Duration // slowest transaction
}

// Rate is rows per second.
func (w WriteResult) Rate() float64 { return rate(w.Rows, w.Elapsed) }

// row is one dataset row with its ids.
type row struct {
	a *DataAccount
	i int
	p Placement
}

// batches cuts the dataset's rows into batches of n, across accounts.
func batches(d *Dataset, places []Placement, n int) [][]row {
	var out [][]row
	cur := make([]row, 0, n)
	for k := range d.Accounts {
		a := &d.Accounts[k]
		for i := range a.Statement.Transactions {
			cur = append(cur, row{a: a, i: i, p: places[k]})
			if len(cur) == n {
				out = append(out, cur)
				cur = make([]row, 0, n)
			}
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

var bareColumns = []string{"user_id", "account_id", "institution_id", "posted_at", "seller", "merchant", "merchant_key",
	"fingerprint", "amount_cents", "currency", "category", "category_source", "pending"}

func (r row) values() []any {
	t := r.a.Transaction(r.i, r.p.UserID, r.p.AccountID)
	return []any{t.UserID, t.AccountID, t.InstitutionID, t.PostedAt, t.Seller, t.Merchant, t.MerchantKey,
		t.Fingerprint, t.AmountCents, t.Currency, t.Category, t.CategorySource, t.Pending}
}

// BarePostgres is the PostgreSQL write ceiling: per transaction of
// BareBatch rows, pgx CopyFrom into a session staging table, then one
// statement that moves the rows into the indexed transactions table with
// INSERT … ON CONFLICT DO NOTHING and adds what it inserted to
// monthly_spending with one aggregate upsert. dbURL is a Centavo database
// (its migrations applied), places the accounts the rows go to.
func BarePostgres(ctx context.Context, dbURL string, d *Dataset, places []Placement) (WriteResult, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return WriteResult{}, fmt.Errorf("bare postgres: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `CREATE TEMP TABLE lg_staging (
		user_id bigint, account_id bigint, institution_id text, posted_at timestamptz, seller text, merchant text,
		merchant_key text, fingerprint text, amount_cents bigint, currency text, category text, category_source text, pending boolean
	) ON COMMIT DELETE ROWS`); err != nil {
		return WriteResult{}, fmt.Errorf("bare postgres: staging: %w", err)
	}
	cols := strings.Join(bareColumns, ", ")
	move := `WITH ins AS (
		INSERT INTO transactions (` + cols + `) SELECT ` + cols + ` FROM lg_staging
		ON CONFLICT (account_id, institution_id) DO NOTHING
		RETURNING user_id, account_id, posted_at, currency, category, amount_cents, pending
	), days AS (
		INSERT INTO account_days (account_id, user_id, day, amount_cents, count)
		SELECT account_id, user_id, floor(extract(epoch FROM posted_at) / 86400)::bigint, sum(amount_cents), count(*)
		FROM ins WHERE NOT pending GROUP BY 1, 2, 3
		ON CONFLICT (account_id, day) DO UPDATE SET
			amount_cents = account_days.amount_cents + excluded.amount_cents, count = account_days.count + excluded.count
	)
	INSERT INTO monthly_spending (user_id, month, currency, category, amount_cents, count)
	SELECT user_id, to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM'), currency, category, sum(amount_cents), count(*) FROM ins GROUP BY 1, 2, 3, 4
	ON CONFLICT (user_id, month, currency, category) DO UPDATE SET
		amount_cents = monthly_spending.amount_cents + excluded.amount_cents,
		count = monthly_spending.count + excluded.count`
	return timeBatches(batches(d, places, BareBatch), func(b []row) (int64, error) {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return 0, err
		}
		defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // after Commit it does nothing
		n, err := tx.CopyFrom(ctx, pgx.Identifier{"lg_staging"}, bareColumns, pgx.CopyFromSlice(len(b), func(i int) ([]any, error) {
			return b[i].values(), nil
		}))
		if err != nil {
			return 0, fmt.Errorf("copy: %w", err)
		}
		if _, err := tx.Exec(ctx, move); err != nil {
			return 0, fmt.Errorf("insert: %w", err)
		}
		return n, tx.Commit(ctx)
	})
}

// BareUnlogged is the physical ceiling of getting rows into PostgreSQL:
// CopyFrom into an unindexed UNLOGGED table, BareBatch rows per
// transaction. The table is dropped afterwards.
func BareUnlogged(ctx context.Context, dbURL string, d *Dataset) (WriteResult, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return WriteResult{}, fmt.Errorf("bare unlogged: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `DROP TABLE IF EXISTS lg_unlogged; CREATE UNLOGGED TABLE lg_unlogged (
		user_id bigint, account_id bigint, institution_id text, posted_at timestamptz, seller text, merchant text,
		merchant_key text, fingerprint text, amount_cents bigint, currency text, category text, category_source text, pending boolean)`); err != nil {
		return WriteResult{}, fmt.Errorf("bare unlogged: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `DROP TABLE lg_unlogged`) //nolint:errcheck
	places := make([]Placement, len(d.Accounts))
	for i := range places {
		places[i] = Placement{UserID: int64(i/2 + 1), AccountID: int64(i + 1)}
	}
	return timeBatches(batches(d, places, BareBatch), func(b []row) (int64, error) {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return 0, err
		}
		defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck
		n, err := tx.CopyFrom(ctx, pgx.Identifier{"lg_unlogged"}, bareColumns, pgx.CopyFromSlice(len(b), func(i int) ([]any, error) {
			return b[i].values(), nil
		}))
		if err != nil {
			return 0, err
		}
		return n, tx.Commit(ctx)
	})
}

// BareSQLite is the SQLite write ceiling: one connection with the store's
// settings (WAL, synchronous=NORMAL, foreign keys), per transaction of
// BareBatch rows a prepared INSERT OR IGNORE per row into the transactions
// table and a prepared aggregate upsert per (user, month, category) of the
// rows inserted. path is a Centavo database file (migrations applied, no
// other writer), places the accounts the rows go to.
func BareSQLite(ctx context.Context, path string, d *Dataset, places []Placement) (WriteResult, error) {
	db, err := sql.Open("sqlite", sqlite.WriterDSN(path))
	if err != nil {
		return WriteResult{}, fmt.Errorf("bare sqlite: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	insert, err := db.PrepareContext(ctx, `INSERT OR IGNORE INTO transactions (`+strings.Join(bareColumns, ", ")+`, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return WriteResult{}, fmt.Errorf("bare sqlite: %w", err)
	}
	defer insert.Close()
	upsert, err := db.PrepareContext(ctx, `INSERT INTO monthly_spending (user_id, month, currency, category, amount_cents, count) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, month, currency, category) DO UPDATE SET amount_cents = amount_cents + excluded.amount_cents, count = count + excluded.count`)
	if err != nil {
		return WriteResult{}, fmt.Errorf("bare sqlite: %w", err)
	}
	defer upsert.Close()
	addDay, err := db.PrepareContext(ctx, `INSERT INTO account_days (account_id, user_id, day, amount_cents, count) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (account_id, day) DO UPDATE SET amount_cents = amount_cents + excluded.amount_cents, count = count + excluded.count`)
	if err != nil {
		return WriteResult{}, fmt.Errorf("bare sqlite: %w", err)
	}
	defer addDay.Close()
	type dayKey struct{ user, account, day int64 }
	type key struct {
		user     int64
		month    centavo.Month
		currency string
		category string
	}
	type sum struct{ cents, count int64 }
	return timeBatches(batches(d, places, BareBatch), func(b []row) (int64, error) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		defer tx.Rollback() //nolint:errcheck
		ins, ups, days := tx.StmtContext(ctx, insert), tx.StmtContext(ctx, upsert), tx.StmtContext(ctx, addDay)
		now := time.Now().UnixMicro()
		sums := map[key]*sum{}
		daySums := map[dayKey]*sum{}
		var n int64
		for _, r := range b {
			t := r.a.Transaction(r.i, r.p.UserID, r.p.AccountID)
			pending := 0
			if t.Pending {
				pending = 1
			}
			res, err := ins.ExecContext(ctx, t.UserID, t.AccountID, t.InstitutionID, t.PostedAt.UnixMicro(), t.Seller, t.Merchant,
				t.MerchantKey, t.Fingerprint, t.AmountCents, t.Currency, t.Category, t.CategorySource, pending, now)
			if err != nil {
				return 0, err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				continue
			}
			n++
			kk := key{t.UserID, centavo.MonthOf(t.PostedAt), t.Currency, t.Category}
			s := sums[kk]
			if s == nil {
				s = &sum{}
				sums[kk] = s
			}
			s.cents += t.AmountCents
			s.count++
			if !t.Pending {
				dk := dayKey{t.UserID, t.AccountID, int64(centavo.DayOf(t.PostedAt))}
				ds := daySums[dk]
				if ds == nil {
					ds = &sum{}
					daySums[dk] = ds
				}
				ds.cents += t.AmountCents
				ds.count++
			}
		}
		for k, s := range daySums {
			if _, err := days.ExecContext(ctx, k.account, k.user, k.day, s.cents, s.count); err != nil {
				return 0, err
			}
		}
		for k, s := range sums {
			if _, err := ups.ExecContext(ctx, k.user, k.month.String(), k.currency, k.category, s.cents, s.count); err != nil {
				return 0, err
			}
		}
		return n, tx.Commit()
	})
}

// timeBatches runs write on each batch and times the whole.
func timeBatches(bs [][]row, write func([]row) (int64, error)) (WriteResult, error) {
	var res WriteResult
	start := time.Now()
	for i, b := range bs {
		t0 := time.Now()
		n, err := write(b)
		if err != nil {
			return res, fmt.Errorf("batch %d: %w", i, err)
		}
		res.BatchMax = max(res.BatchMax, time.Since(t0))
		res.Rows += n
		res.Batches++
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// TrivialHandler answers every request with a fixed JSON body the size of a
// month's spending summary: the read ceiling of net/http on this machine.
func TrivialHandler() http.Handler {
	body := []byte(`{"month":"2026-11","currency":"USD","total_spent_cents":412345,"categories":[` +
		`{"category":"housing","spent_cents":180000,"count":1},{"category":"groceries","spent_cents":61234,"count":14},` +
		`{"category":"dining","spent_cents":42311,"count":11},{"category":"transport","spent_cents":30200,"count":9},` +
		`{"category":"shopping","spent_cents":28800,"count":6},{"category":"utilities","spent_cents":21000,"count":3},` +
		`{"category":"entertainment","spent_cents":12000,"count":4},{"category":"health","spent_cents":9800,"count":2}]}`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}
