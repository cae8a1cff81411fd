package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func (q queries) Holdings(ctx context.Context, userID, accountID int64) (store.HoldingSnapshot, error) {
	s := store.HoldingSnapshot{UserID: userID, AccountID: accountID}
	var asOf int64
	err := q.q.QueryRowContext(ctx, shared.HoldingSnapshotAsOf, userID, accountID).Scan(&asOf)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, translate("holdings", err)
	}
	s.AsOf = fromMicros(asOf)
	rows, err := q.q.QueryContext(ctx, shared.Holdings, userID, accountID)
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
	if err := q.q.QueryRowContext(ctx, shared.HoldingAccount, s.UserID, s.AccountID).Scan(&id); err != nil {
		return false, translate("replace holdings", err)
	}
	var stored int64
	err := q.q.QueryRowContext(ctx, shared.HoldingSnapshotAsOf, s.UserID, s.AccountID).Scan(&stored)
	switch {
	case err == nil && fromMicros(stored).After(s.AsOf):
		return false, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return false, translate("replace holdings", err)
	}
	if _, err := q.q.ExecContext(ctx, shared.UpsertHoldingSnapshot, s.AccountID, s.UserID, micros(s.AsOf)); err != nil {
		return false, translate("replace holdings", err)
	}
	if _, err := q.q.ExecContext(ctx, shared.DeleteHoldings, s.UserID, s.AccountID); err != nil {
		return false, translate("replace holdings", err)
	}
	for i, h := range s.Holdings {
		if _, err := q.q.ExecContext(ctx, shared.InsertHolding, s.AccountID, i, s.UserID, h.SecurityID, h.SecurityName, h.Ticker,
			h.Units, h.PriceCents, h.MarketValueCents, h.Currency); err != nil {
			return false, translate("replace holdings", err)
		}
	}
	return true, nil
}
