package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func (q queries) UpdateUserProfile(ctx context.Context, p store.UserProfileUpdate) error {
	tag, err := q.q.Exec(ctx, shared.UpdateUserProfile, p.MonthlyIncomeCents, p.Currency, p.UserID)
	return affectedOne("update user", tag, err)
}

func (q queries) BudgetOverrides(ctx context.Context, userID int64) ([]centavo.BudgetOverride, error) {
	rows, err := q.q.Query(ctx, shared.BudgetOverrides, userID)
	if err != nil {
		return nil, translate("budget overrides", err)
	}
	defer rows.Close()
	var out []centavo.BudgetOverride
	for rows.Next() {
		o := centavo.BudgetOverride{UserID: userID}
		var from string
		if err := rows.Scan(&o.Category, &from, &o.AmountCents, &o.Rollover, &o.CreatedAt); err != nil {
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
	_, err := q.q.Exec(ctx, shared.SetBudgetOverride,
		o.UserID, o.Category, o.From.String(), o.AmountCents, o.Rollover, o.CreatedAt.UTC())
	return translate("set budget override", err)
}

func (q queries) BudgetPlan(ctx context.Context, userID int64) (centavo.BudgetPlan, error) {
	p := centavo.BudgetPlan{UserID: userID, SavingsTargetPercent: centavo.DefaultSavingsTargetPercent}
	var from string
	err := q.q.QueryRow(ctx, shared.BudgetPlan, userID).Scan(&from, &p.SavingsTargetPercent)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, translate("budget plan", err)
	}
	return p, store.DecodePlanMonth(from, &p)
}

func (q queries) SetBudgetPlan(ctx context.Context, p centavo.BudgetPlan) error {
	_, err := q.q.Exec(ctx, shared.SetBudgetPlan, p.UserID, store.EncodePlanMonth(p), p.SavingsTargetPercent)
	return translate("set budget plan", err)
}

func (q queries) BudgetAlertStates(ctx context.Context, userID int64, month centavo.Month) ([]centavo.BudgetAlertState, error) {
	rows, err := q.q.Query(ctx, shared.BudgetAlertStates, userID, month.String())
	if err != nil {
		return nil, translate("budget alert states", err)
	}
	defer rows.Close()
	var out []centavo.BudgetAlertState
	for rows.Next() {
		s := centavo.BudgetAlertState{UserID: userID, Month: month}
		if err := rows.Scan(&s.Category, &s.Threshold, &s.Crossed, &s.Seq); err != nil {
			return nil, translate("budget alert states", err)
		}
		out = append(out, s)
	}
	return out, translate("budget alert states", rows.Err())
}

func (q queries) SetBudgetAlertState(ctx context.Context, s centavo.BudgetAlertState) error {
	_, err := q.q.Exec(ctx, shared.SetBudgetAlertState, s.UserID, s.Month.String(), s.Category, s.Threshold, s.Crossed, s.Seq)
	return translate("set budget alert state", err)
}

func (q queries) NotificationSettings(ctx context.Context, userID int64) (centavo.NotificationSettings, error) {
	s := centavo.NotificationSettings{UserID: userID}
	var thresholds string
	err := q.q.QueryRow(ctx, shared.NotificationSettings, userID).
		Scan(&s.Email, &s.Webhooks, &thresholds, &s.Digest)
	if errors.Is(err, pgx.ErrNoRows) {
		s.Thresholds, s.Digest = append([]int(nil), centavo.DefaultThresholds...), centavo.DigestOff
		return s, nil
	}
	if err != nil {
		return s, translate("notification settings", err)
	}
	s.Thresholds = store.DecodeThresholds(thresholds)
	return s, nil
}

func (q queries) SetNotificationSettings(ctx context.Context, s centavo.NotificationSettings) error {
	_, err := q.q.Exec(ctx, shared.SetNotificationSettings,
		s.UserID, s.Email, s.Webhooks, store.EncodeThresholds(s.Thresholds), digestOrOff(s.Digest))
	return translate("set notification settings", err)
}

// scanNotification reads the notification columns of storesql.
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
	err := q.q.QueryRow(ctx, shared.CreateNotification,
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
	n, err := scanNotification(q.q.QueryRow(ctx, shared.Notification, userID, id))
	return n, translate("notification", err)
}

func (q queries) Notifications(ctx context.Context, f store.NotificationFilter) ([]centavo.Notification, error) {
	query := shared.Notifications
	if f.UnreadOnly {
		query = shared.UnreadNotifications
	}
	rows, err := q.q.Query(ctx, query, f.UserID, f.Limit)
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
	tag, err := q.q.Exec(ctx, shared.MarkNotificationRead, at.UTC(), userID, id)
	return affectedOne("mark notification read", tag, err)
}

func (q queries) CreateWebhook(ctx context.Context, w *centavo.Webhook) error {
	err := q.q.QueryRow(ctx, shared.CreateWebhook,
		w.UserID, w.URL, w.SealedSecret, w.CreatedAt.UTC()).Scan(&w.ID)
	return translate("create webhook", err)
}

func (q queries) DeleteWebhook(ctx context.Context, userID, id int64) error {
	tag, err := q.q.Exec(ctx, shared.DeleteWebhook, userID, id)
	return affectedOne("delete webhook", tag, err)
}

// scanWebhook reads the webhook columns of storesql.
func scanWebhook(row pgx.Row) (centavo.Webhook, error) {
	var w centavo.Webhook
	err := row.Scan(&w.ID, &w.UserID, &w.URL, &w.SealedSecret, &w.CreatedAt)
	w.CreatedAt = w.CreatedAt.UTC()
	return w, err
}

func (q queries) Webhook(ctx context.Context, userID, id int64) (centavo.Webhook, error) {
	w, err := scanWebhook(q.q.QueryRow(ctx, shared.Webhook, userID, id))
	return w, translate("webhook", err)
}

func (q queries) Webhooks(ctx context.Context, userID int64) ([]centavo.Webhook, error) {
	rows, err := q.q.Query(ctx, shared.Webhooks, userID)
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

// scanDelivery reads the delivery columns of storesql.
func scanDelivery(row pgx.Row) (centavo.Delivery, error) {
	var d centavo.Delivery
	err := row.Scan(&d.ID, &d.UserID, &d.NotificationID, &d.Channel, &d.WebhookID, &d.Status, &d.Attempts, &d.ResponseCode, &d.LastError, &d.CreatedAt, &d.UpdatedAt)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

func (q queries) CreateDelivery(ctx context.Context, d *centavo.Delivery) error {
	err := q.q.QueryRow(ctx, shared.CreateDelivery,
		d.UserID, d.NotificationID, d.Channel, d.WebhookID, d.Status, d.Attempts, d.ResponseCode, d.LastError, d.CreatedAt.UTC(), d.UpdatedAt.UTC(),
	).Scan(&d.ID)
	return translate("create delivery", err)
}

func (q queries) UpdateDelivery(ctx context.Context, d centavo.Delivery) error {
	tag, err := q.q.Exec(ctx, shared.UpdateDelivery, d.Status, d.Attempts, d.ResponseCode, d.LastError, d.UpdatedAt.UTC(), d.UserID, d.ID)
	return affectedOne("update delivery", tag, err)
}

func (q queries) Delivery(ctx context.Context, userID, id int64) (centavo.Delivery, error) {
	d, err := scanDelivery(q.q.QueryRow(ctx, shared.Delivery, userID, id))
	return d, translate("delivery", err)
}

func (q queries) Deliveries(ctx context.Context, f store.DeliveryFilter) ([]centavo.Delivery, error) {
	query, args := shared.Deliveries, []any{f.UserID, f.Limit}
	if f.WebhookID > 0 {
		query, args = shared.WebhookDeliveries, []any{f.UserID, f.WebhookID, f.Limit}
	}
	rows, err := q.q.Query(ctx, query, args...)
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

// digestOrOff: a settings row written without a digest asks for none.
func digestOrOff(d string) string {
	if d == "" {
		return centavo.DigestOff
	}
	return d
}
