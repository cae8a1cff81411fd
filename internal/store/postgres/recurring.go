package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo/internal/store"
)

func scanRecurring(row pgx.Row) (store.RecurringSeries, error) {
	var s store.RecurringSeries
	err := row.Scan(&s.ID, &s.UserID, &s.Key, &s.MerchantKey, &s.Merchant, &s.Name, &s.Category, &s.AccountID, &s.Currency, &s.Cadence,
		&s.AmountCents, &s.AmountVaries, &s.Income, &s.LastDate, &s.NextDate, &s.NextAmountCents, &s.Status, &s.State, &s.Tentative, &s.History, &s.UpdatedAt)
	s.UpdatedAt = s.UpdatedAt.UTC()
	return s, err
}

func (q queries) RecurringSeries(ctx context.Context, userID int64) ([]store.RecurringSeries, error) {
	rows, err := q.q.Query(ctx, shared.RecurringSeries, userID)
	if err != nil {
		return nil, translate("recurring series", err)
	}
	defer rows.Close()
	var out []store.RecurringSeries
	for rows.Next() {
		s, err := scanRecurring(rows)
		if err != nil {
			return nil, translate("recurring series", err)
		}
		out = append(out, s)
	}
	return out, translate("recurring series", rows.Err())
}

func (q queries) RecurringSeriesByID(ctx context.Context, userID, id int64) (store.RecurringSeries, error) {
	s, err := scanRecurring(q.q.QueryRow(ctx, shared.RecurringSeriesByID, userID, id))
	return s, translate("recurring series", err)
}

func (q queries) UpsertRecurringSeries(ctx context.Context, s *store.RecurringSeries) error {
	err := q.q.QueryRow(ctx, shared.UpsertRecurringSeries, s.UserID, s.Key, s.MerchantKey, s.Merchant, s.Category, s.AccountID,
		s.Currency, s.Cadence, s.AmountCents, s.AmountVaries, s.Income, int64(s.LastDate), int64(s.NextDate),
		s.NextAmountCents, s.Status, s.Tentative, s.History, s.UpdatedAt.UTC()).Scan(&s.ID)
	return translate("upsert recurring series", err)
}

func (q queries) SetRecurringState(ctx context.Context, userID, id int64, state, name string) error {
	tag, err := q.q.Exec(ctx, shared.SetRecurringState, state, name, userID, id)
	if err != nil {
		return translate("set recurring state", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: set recurring state: %w", store.ErrNotFound)
	}
	return nil
}

func (q queries) DeleteRecurringSeries(ctx context.Context, userID, id int64) error {
	_, err := q.q.Exec(ctx, shared.DeleteRecurringSeries, userID, id)
	return translate("delete recurring series", err)
}

func (q queries) BillReminderDays(ctx context.Context, userID int64) (int, error) {
	var days int
	err := q.q.QueryRow(ctx, shared.BillReminderDays, userID).Scan(&days)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.DefaultBillReminderDays, nil
	}
	return days, translate("bill reminder days", err)
}

func (q queries) SetBillReminderDays(ctx context.Context, userID int64, days int) error {
	_, err := q.q.Exec(ctx, shared.SetBillReminderDays, userID, days)
	return translate("set bill reminder days", err)
}
