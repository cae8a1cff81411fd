package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func (q queries) UpdateUserProfile(ctx context.Context, userID int64, incomeCents int64, currency string) error {
	tag, err := q.q.Exec(ctx, `UPDATE users SET monthly_income_cents = $1, currency = $2 WHERE id = $3`, incomeCents, currency, userID)
	return affectedOne("update user", tag, err)
}

func (q queries) BudgetOverrides(ctx context.Context, userID int64) ([]centavo.BudgetOverride, error) {
	rows, err := q.q.Query(ctx, `
		SELECT category, from_month, amount_cents, created_at FROM budget_overrides
		WHERE user_id = $1 ORDER BY category, from_month`, userID)
	if err != nil {
		return nil, translate("budget overrides", err)
	}
	defer rows.Close()
	var out []centavo.BudgetOverride
	for rows.Next() {
		o := centavo.BudgetOverride{UserID: userID}
		var from string
		if err := rows.Scan(&o.Category, &from, &o.AmountCents, &o.CreatedAt); err != nil {
			return nil, translate("budget overrides", err)
		}
		if o.From, err = centavo.ParseMonth(from); err != nil {
			return nil, err
		}
		o.CreatedAt = o.CreatedAt.UTC()
		out = append(out, o)
	}
	return out, translate("budget overrides", rows.Err())
}

func (q queries) SetBudgetOverride(ctx context.Context, o centavo.BudgetOverride) error {
	_, err := q.q.Exec(ctx, `
		INSERT INTO budget_overrides (user_id, category, from_month, amount_cents, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id, category, from_month) DO UPDATE SET amount_cents = excluded.amount_cents, created_at = excluded.created_at`,
		o.UserID, o.Category, o.From.String(), o.AmountCents, o.CreatedAt.UTC())
	return translate("set budget override", err)
}

func (q queries) NotificationSettings(ctx context.Context, userID int64) (centavo.NotificationSettings, error) {
	s := centavo.NotificationSettings{UserID: userID}
	var thresholds string
	err := q.q.QueryRow(ctx, `SELECT email, webhooks, thresholds FROM notification_settings WHERE user_id = $1`, userID).
		Scan(&s.Email, &s.Webhooks, &thresholds)
	if errors.Is(err, pgx.ErrNoRows) {
		s.Thresholds = append([]int(nil), centavo.DefaultThresholds...)
		return s, nil
	}
	if err != nil {
		return s, translate("notification settings", err)
	}
	s.Thresholds = store.DecodeThresholds(thresholds)
	return s, nil
}

func (q queries) SetNotificationSettings(ctx context.Context, s centavo.NotificationSettings) error {
	_, err := q.q.Exec(ctx, `
		INSERT INTO notification_settings (user_id, email, webhooks, thresholds) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, webhooks = excluded.webhooks, thresholds = excluded.thresholds`,
		s.UserID, s.Email, s.Webhooks, store.EncodeThresholds(s.Thresholds))
	return translate("set notification settings", err)
}

const notificationColumns = `id, user_id, kind, category, month, threshold, budget_cents, account_id, message, key, created_at, read_at`

func scanNotification(row pgx.Row) (centavo.Notification, error) {
	var n centavo.Notification
	err := row.Scan(&n.ID, &n.UserID, &n.Kind, &n.Category, &n.Month, &n.Threshold, &n.BudgetCents, &n.AccountID, &n.Message, &n.Key, &n.CreatedAt, &n.ReadAt)
	n.CreatedAt = n.CreatedAt.UTC()
	if n.ReadAt != nil {
		t := n.ReadAt.UTC()
		n.ReadAt = &t
	}
	return n, err
}

func (q queries) CreateNotification(ctx context.Context, n *centavo.Notification) (bool, error) {
	err := q.q.QueryRow(ctx, `
		INSERT INTO notifications (user_id, kind, category, month, threshold, budget_cents, account_id, message, key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (user_id, key) DO NOTHING RETURNING id`,
		n.UserID, n.Kind, n.Category, n.Month, n.Threshold, n.BudgetCents, n.AccountID, n.Message, n.Key, n.CreatedAt.UTC(),
	).Scan(&n.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, translate("create notification", err)
	}
	return true, nil
}

func (q queries) Notification(ctx context.Context, userID, id int64) (centavo.Notification, error) {
	n, err := scanNotification(q.q.QueryRow(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE user_id = $1 AND id = $2`, userID, id))
	return n, translate("notification", err)
}

func (q queries) Notifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]centavo.Notification, error) {
	query := `SELECT ` + notificationColumns + ` FROM notifications WHERE user_id = $1`
	if unreadOnly {
		query += ` AND read_at IS NULL`
	}
	rows, err := q.q.Query(ctx, query+` ORDER BY id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, translate("notifications", err)
	}
	defer rows.Close()
	var out []centavo.Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, translate("notifications", err)
		}
		out = append(out, n)
	}
	return out, translate("notifications", rows.Err())
}

func (q queries) MarkNotificationRead(ctx context.Context, userID, id int64, at time.Time) error {
	tag, err := q.q.Exec(ctx, `UPDATE notifications SET read_at = coalesce(read_at, $1) WHERE user_id = $2 AND id = $3`, at.UTC(), userID, id)
	return affectedOne("mark notification read", tag, err)
}

func (q queries) CreateWebhook(ctx context.Context, w *centavo.Webhook) error {
	err := q.q.QueryRow(ctx, `INSERT INTO webhooks (user_id, url, sealed_secret, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		w.UserID, w.URL, w.SealedSecret, w.CreatedAt.UTC()).Scan(&w.ID)
	return translate("create webhook", err)
}

func (q queries) DeleteWebhook(ctx context.Context, userID, id int64) error {
	tag, err := q.q.Exec(ctx, `DELETE FROM webhooks WHERE user_id = $1 AND id = $2`, userID, id)
	return affectedOne("delete webhook", tag, err)
}

func scanWebhook(row pgx.Row) (centavo.Webhook, error) {
	var w centavo.Webhook
	err := row.Scan(&w.ID, &w.UserID, &w.URL, &w.SealedSecret, &w.CreatedAt)
	w.CreatedAt = w.CreatedAt.UTC()
	return w, err
}

func (q queries) Webhook(ctx context.Context, userID, id int64) (centavo.Webhook, error) {
	w, err := scanWebhook(q.q.QueryRow(ctx, `SELECT id, user_id, url, sealed_secret, created_at FROM webhooks WHERE user_id = $1 AND id = $2`, userID, id))
	return w, translate("webhook", err)
}

func (q queries) Webhooks(ctx context.Context, userID int64) ([]centavo.Webhook, error) {
	rows, err := q.q.Query(ctx, `SELECT id, user_id, url, sealed_secret, created_at FROM webhooks WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, translate("webhooks", err)
	}
	defer rows.Close()
	var out []centavo.Webhook
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, translate("webhooks", err)
		}
		out = append(out, w)
	}
	return out, translate("webhooks", rows.Err())
}

const deliveryColumns = `id, user_id, notification_id, channel, webhook_id, status, attempts, response_code, last_error, created_at, updated_at`

func scanDelivery(row pgx.Row) (centavo.Delivery, error) {
	var d centavo.Delivery
	err := row.Scan(&d.ID, &d.UserID, &d.NotificationID, &d.Channel, &d.WebhookID, &d.Status, &d.Attempts, &d.ResponseCode, &d.LastError, &d.CreatedAt, &d.UpdatedAt)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

func (q queries) CreateDelivery(ctx context.Context, d *centavo.Delivery) error {
	err := q.q.QueryRow(ctx, `
		INSERT INTO deliveries (user_id, notification_id, channel, webhook_id, status, attempts, response_code, last_error, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		d.UserID, d.NotificationID, d.Channel, d.WebhookID, d.Status, d.Attempts, d.ResponseCode, d.LastError, d.CreatedAt.UTC(), d.UpdatedAt.UTC(),
	).Scan(&d.ID)
	return translate("create delivery", err)
}

func (q queries) UpdateDelivery(ctx context.Context, d centavo.Delivery) error {
	tag, err := q.q.Exec(ctx, `
		UPDATE deliveries SET status = $1, attempts = $2, response_code = $3, last_error = $4, updated_at = $5
		WHERE user_id = $6 AND id = $7`, d.Status, d.Attempts, d.ResponseCode, d.LastError, d.UpdatedAt.UTC(), d.UserID, d.ID)
	return affectedOne("update delivery", tag, err)
}

func (q queries) Delivery(ctx context.Context, userID, id int64) (centavo.Delivery, error) {
	d, err := scanDelivery(q.q.QueryRow(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE user_id = $1 AND id = $2`, userID, id))
	return d, translate("delivery", err)
}

func (q queries) Deliveries(ctx context.Context, userID, webhookID int64, limit int) ([]centavo.Delivery, error) {
	var a args
	query := `SELECT ` + deliveryColumns + ` FROM deliveries WHERE user_id = ` + a.add(userID)
	if webhookID > 0 {
		query += ` AND webhook_id = ` + a.add(webhookID)
	}
	rows, err := q.q.Query(ctx, query+` ORDER BY id DESC LIMIT `+a.add(limit), a...)
	if err != nil {
		return nil, translate("deliveries", err)
	}
	defer rows.Close()
	var out []centavo.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, translate("deliveries", err)
		}
		out = append(out, d)
	}
	return out, translate("deliveries", rows.Err())
}
