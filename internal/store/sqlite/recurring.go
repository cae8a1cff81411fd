package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/centavo/centavo/internal/store"
)

func scanRecurring(row interface{ Scan(...any) error }) (store.RecurringSeries, error) {
	var s store.RecurringSeries
	var varies, income, tentative, updated int64
	err := row.Scan(&s.ID, &s.UserID, &s.Key, &s.MerchantKey, &s.Merchant, &s.Name, &s.Category, &s.AccountID, &s.Currency, &s.Cadence,
		&s.AmountCents, &varies, &income, &s.LastDate, &s.NextDate, &s.NextAmountCents, &s.Status, &s.State, &tentative, &s.History, &updated)
	s.AmountVaries, s.Income, s.Tentative, s.UpdatedAt = varies != 0, income != 0, tentative != 0, fromMicros(updated)
	return s, err
}

func (q queries) RecurringSeries(ctx context.Context, userID int64) ([]store.RecurringSeries, error) {
	rows, err := q.q.QueryContext(ctx, shared.RecurringSeries, userID)
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
	s, err := scanRecurring(q.q.QueryRowContext(ctx, shared.RecurringSeriesByID, userID, id))
	return s, translate("recurring series", err)
}

func (q queries) UpsertRecurringSeries(ctx context.Context, s *store.RecurringSeries) error {
	err := q.q.QueryRowContext(ctx, shared.UpsertRecurringSeries, s.UserID, s.Key, s.MerchantKey, s.Merchant, s.Category, s.AccountID,
		s.Currency, s.Cadence, s.AmountCents, boolInt(s.AmountVaries), boolInt(s.Income), int64(s.LastDate), int64(s.NextDate),
		s.NextAmountCents, s.Status, boolInt(s.Tentative), s.History, micros(s.UpdatedAt)).Scan(&s.ID)
	return translate("upsert recurring series", err)
}

func (q queries) SetRecurringState(ctx context.Context, userID, id int64, state, name string) error {
	res, err := q.q.ExecContext(ctx, shared.SetRecurringState, state, name, userID, id)
	if err != nil {
		return translate("set recurring state", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("sqlite: set recurring state: %w", store.ErrNotFound)
	}
	return nil
}

func (q queries) DeleteRecurringSeries(ctx context.Context, userID, id int64) error {
	_, err := q.q.ExecContext(ctx, shared.DeleteRecurringSeries, userID, id)
	return translate("delete recurring series", err)
}

func (q queries) BillReminderDays(ctx context.Context, userID int64) (int, error) {
	var days int
	err := q.q.QueryRowContext(ctx, shared.BillReminderDays, userID).Scan(&days)
	if errors.Is(err, sql.ErrNoRows) {
		return store.DefaultBillReminderDays, nil
	}
	return days, translate("bill reminder days", err)
}

func (q queries) SetBillReminderDays(ctx context.Context, userID int64, days int) error {
	_, err := q.q.ExecContext(ctx, shared.SetBillReminderDays, userID, days)
	return translate("set bill reminder days", err)
}
