package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func (q queries) SetAccountCredentials(ctx context.Context, p store.AccountCredentialsUpdate) error {
	res, err := q.q.ExecContext(ctx, shared.SetAccountCredentials, p.SealedCredentials, p.Status, p.UserID, p.ID)
	return affectedOne("set account credentials", res, err)
}

func (db *DB) StaleAccounts(ctx context.Context, f store.StaleAccountFilter) ([]centavo.Account, error) {
	rows, err := db.reader.QueryContext(ctx, shared.StaleAccounts, f.AfterID, f.UpToID, micros(f.ActiveSince), micros(f.Before), f.Limit)
	if err != nil {
		return nil, translate("stale accounts", err)
	}
	defer rows.Close()
	var out []centavo.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, translate("stale accounts", err)
		}
		out = append(out, a)
	}
	return out, translate("stale accounts", rows.Err())
}

func (db *DB) TakeRequest(ctx context.Context, key string, window time.Time, limit int) (bool, error) {
	var n int
	err := db.writer.QueryRowContext(ctx, shared.TakeRequest, key, micros(window), limit).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // the limit is reached: nothing was updated
	}
	return err == nil, translate("take request", err)
}

func (db *DB) RequestCount(ctx context.Context, key string, window time.Time) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, shared.RequestCount, key, micros(window)).Scan(&n)
	return n, translate("request count", err)
}

func (db *DB) PruneRequests(ctx context.Context, before time.Time) error {
	_, err := db.writer.ExecContext(ctx, shared.PruneRequests, micros(before))
	return translate("prune requests", err)
}
