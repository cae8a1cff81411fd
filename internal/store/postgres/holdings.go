package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func (q queries) Holdings(ctx context.Context, userID, accountID int64) (store.HoldingSnapshot, error) {
	s := store.HoldingSnapshot{UserID: userID, AccountID: accountID}
	var asOf time.Time
	err := q.q.QueryRow(ctx, shared.HoldingSnapshotAsOf, userID, accountID).Scan(&asOf)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, translate("holdings", err)
	}
	s.AsOf = asOf.UTC()
	rows, err := q.q.Query(ctx, shared.Holdings, userID, accountID)
	if err != nil {
		return s, translate("holdings", err)
	}
	defer rows.Close()
	for rows.Next() {
		h := centavo.Holding{UserID: userID, AccountID: accountID, AsOf: s.AsOf}
		if err := rows.Scan(&h.SecurityID, &h.SecurityName, &h.Ticker, &h.Units, &h.PriceCents, &h.MarketValueCents, &h.Currency); err != nil {
			return s, translate("holdings", err)
		}
		s.Holdings = append(s.Holdings, h)
	}
	return s, translate("holdings", rows.Err())
}

func (q queries) ReplaceHoldings(ctx context.Context, s store.HoldingSnapshot) (bool, error) {
	var id int64
	if err := q.q.QueryRow(ctx, shared.HoldingAccount, s.UserID, s.AccountID).Scan(&id); err != nil {
		return false, translate("replace holdings", err)
	}
	var stored time.Time
	err := q.q.QueryRow(ctx, shared.HoldingSnapshotAsOf, s.UserID, s.AccountID).Scan(&stored)
	switch {
	case err == nil && stored.After(s.AsOf):
		return false, nil
	case err != nil && !errors.Is(err, pgx.ErrNoRows):
		return false, translate("replace holdings", err)
	}
	if _, err := q.q.Exec(ctx, shared.UpsertHoldingSnapshot, s.AccountID, s.UserID, s.AsOf.UTC()); err != nil {
		return false, translate("replace holdings", err)
	}
	if _, err := q.q.Exec(ctx, shared.DeleteHoldings, s.UserID, s.AccountID); err != nil {
		return false, translate("replace holdings", err)
	}
	for i, h := range s.Holdings {
		if _, err := q.q.Exec(ctx, shared.InsertHolding, s.AccountID, i, s.UserID, h.SecurityID, h.SecurityName, h.Ticker,
			h.Units, h.PriceCents, h.MarketValueCents, h.Currency); err != nil {
			return false, translate("replace holdings", err)
		}
	}
	return true, nil
}
