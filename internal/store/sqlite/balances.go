package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

// dayOfRow is a transaction's UTC day (whole days since 1970) in SQL,
// floored like centavo.DayOf: SQLite's integer division truncates toward
// zero, which would put a row of 1969-12-31 on day 0.
const dayOfRow = `((posted_at - ((posted_at % 86400000000) + 86400000000) % 86400000000) / 86400000000)`

func (q queries) RecordBalance(ctx context.Context, b centavo.Balance) (bool, error) {
	var id int64
	if err := q.q.QueryRowContext(ctx, shared.HoldingAccount, b.UserID, b.AccountID).Scan(&id); err != nil {
		return false, translate("record balance", err)
	}
	var avail any
	if b.AvailableCents != nil {
		avail = *b.AvailableCents
	}
	err := q.q.QueryRowContext(ctx, shared.RecordBalance, b.AccountID, b.UserID, int64(b.Day), b.Cents, avail, micros(b.AsOf)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // a later report of that day is kept
	}
	if err != nil {
		return false, translate("record balance", err)
	}
	_, err = q.q.ExecContext(ctx, refreshBlock, b.AccountID, int64(b.Day)/storesql.BlockDays)
	return err == nil, translate("record balance", err)
}

// asOfMicros is this engine's as_of in microseconds, for the packed
// reports.
const asOfMicros = `as_of`

// refreshBlock is the shared RefreshBalanceBlock with this engine's as_of.
var refreshBlock = strings.ReplaceAll(shared.RefreshBalanceBlock, "AS_OF_MICROS", asOfMicros)

func (q queries) Balances(ctx context.Context, f store.DayFilter) ([]centavo.Balance, error) {
	var blocks []store.PackedBlock
	err := q.packed(ctx, shared.Balances, f, func(accountID int64, packed string) error {
		blocks = append(blocks, store.PackedBlock{AccountID: accountID, Packed: packed})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return store.ParseBlocks(f.UserID, f.Since, blocks)
}

// packed reads one packed text per account.
func (q queries) packed(ctx context.Context, query string, f store.DayFilter, each func(accountID int64, packed string) error) error {
	rows, err := q.q.QueryContext(ctx, query, f.UserID, f.AccountID, int64(f.Since))
	if err != nil {
		return translate("balances", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var packed string
		if err := rows.Scan(&id, &packed); err != nil {
			return translate("balances", err)
		}
		if err := each(id, packed); err != nil {
			return err
		}
	}
	return translate("balances", rows.Err())
}

func (q queries) LatestBalances(ctx context.Context, userID int64) ([]centavo.Balance, error) {
	return q.balances(ctx, shared.LatestBalances, userID)
}

func (q queries) balances(ctx context.Context, query string, args ...any) ([]centavo.Balance, error) {
	rows, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, translate("balances", err)
	}
	defer rows.Close()
	userID := args[0].(int64)
	var out []centavo.Balance
	for rows.Next() {
		b := centavo.Balance{UserID: userID}
		var avail sql.NullInt64
		var asOf int64
		if err := rows.Scan(&b.AccountID, &b.Day, &b.Cents, &avail, &asOf); err != nil {
			return nil, translate("balances", err)
		}
		if avail.Valid {
			b.AvailableCents = &avail.Int64
		}
		b.AsOf = fromMicros(asOf)
		out = append(out, b)
	}
	return out, translate("balances", rows.Err())
}

func (q queries) AccountDays(ctx context.Context, f store.DayFilter) ([]store.AccountDay, error) {
	var out []store.AccountDay
	err := q.packed(ctx, shared.AccountDays, f, func(accountID int64, packed string) error {
		var err error
		out, err = store.AppendPackedDays(out, accountID, packed)
		return err
	})
	return out, err
}

// addDays moves the accounts' net amounts per day by the deltas (in the
// transaction that changed the rows) and drops the days left without rows.
func (q queries) addDays(ctx context.Context, deltas []store.DayDelta) error {
	for _, d := range deltas {
		if _, err := q.q.ExecContext(ctx, shared.AddAccountDay, d.AccountID, d.UserID, int64(d.Day), d.AmountCents, d.Count); err != nil {
			return translate("account days", err)
		}
		if d.Count < 0 {
			if _, err := q.q.ExecContext(ctx, shared.DropEmptyDay, d.AccountID, int64(d.Day)); err != nil {
				return translate("account days", err)
			}
		}
	}
	return nil
}

func (db *DB) RebuildAccountDays(ctx context.Context) (int64, error) {
	var changed int64
	err := db.InTx(ctx, func(t store.Tx) error {
		for _, stmt := range append(storesql.RebuildDays(dayOfRow), storesql.RebuildBlocks(asOfMicros)...) {
			res, err := t.(*tx).sqlTx.ExecContext(ctx, stmt)
			if err != nil {
				return translate("rebuild account days", err)
			}
			n, _ := res.RowsAffected()
			changed += n
		}
		return nil
	})
	return changed, err
}

// verifyDays lists the accounts' days whose net amount differs from their rows.
func verifyDays(ctx context.Context, q *sql.DB) ([]store.DayMismatch, error) {
	rows, err := q.QueryContext(ctx, storesql.VerifyDays(dayOfRow))
	if err != nil {
		return nil, translate("verify days", err)
	}
	defer rows.Close()
	var out []store.DayMismatch
	for rows.Next() {
		var m store.DayMismatch
		if err := rows.Scan(&m.UserID, &m.AccountID, &m.Day, &m.StoredCents, &m.ComputedCents, &m.StoredCount, &m.ComputedCount); err != nil {
			return nil, translate("verify days", err)
		}
		out = append(out, m)
	}
	return out, translate("verify days", rows.Err())
}

// verifyBlocks lists the blocks of packed reports that differ from the
// reports.
func verifyBlocks(ctx context.Context, q *sql.DB) ([]store.BlockMismatch, error) {
	rows, err := q.QueryContext(ctx, storesql.VerifyBlocks(asOfMicros))
	if err != nil {
		return nil, translate("verify blocks", err)
	}
	defer rows.Close()
	var out []store.BlockMismatch
	for rows.Next() {
		var m store.BlockMismatch
		if err := rows.Scan(&m.UserID, &m.AccountID, &m.Block); err != nil {
			return nil, translate("verify blocks", err)
		}
		out = append(out, m)
	}
	return out, translate("verify blocks", rows.Err())
}

func (q queries) HoldingValues(ctx context.Context, userID int64) ([]store.HoldingValue, error) {
	rows, err := q.q.QueryContext(ctx, shared.HoldingValues, userID)
	if err != nil {
		return nil, translate("holding values", err)
	}
	defer rows.Close()
	var out []store.HoldingValue
	for rows.Next() {
		var v store.HoldingValue
		var asOf int64
		if err := rows.Scan(&v.AccountID, &asOf, &v.Currency, &v.Cents); err != nil {
			return nil, translate("holding values", err)
		}
		v.AsOf = fromMicros(asOf)
		out = append(out, v)
	}
	return out, translate("holding values", rows.Err())
}
