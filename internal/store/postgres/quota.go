package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func (q queries) SetAccountCredentials(ctx context.Context, p store.AccountCredentialsUpdate) error {
	tag, err := q.q.Exec(ctx, shared.SetAccountCredentials, p.SealedCredentials, p.Status, p.UserID, p.ID)
	return affectedOne("set account credentials", tag, err)
}

func (db *DB) StaleAccounts(ctx context.Context, f store.StaleAccountFilter) ([]centavo.Account, error) {
	rows, err := db.primary.Query(ctx, shared.StaleAccounts, f.AfterID, f.UpToID, f.ActiveSince.UTC(), f.Before.UTC(), f.Limit)
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
	err := db.primary.QueryRow(ctx, shared.TakeRequest, key, window.UTC(), limit).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil // the limit is reached: nothing was updated
	}
	return err == nil, translate("take request", err)
}

func (db *DB) RequestCount(ctx context.Context, key string, window time.Time) (int, error) {
	var n int
	err := db.primary.QueryRow(ctx, shared.RequestCount, key, window.UTC()).Scan(&n)
	return n, translate("request count", err)
}

func (db *DB) PruneRequests(ctx context.Context, before time.Time) error {
	_, err := db.primary.Exec(ctx, shared.PruneRequests, before.UTC())
	return translate("prune requests", err)
}
