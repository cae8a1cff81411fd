package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func (q queries) UpdateUserProfile(ctx context.Context, p store.UserProfileUpdate) error {
	res, err := q.q.ExecContext(ctx, shared.UpdateUserProfile, p.MonthlyIncomeCents, p.Currency, p.UserID)
	return affectedOne("update user", res, err)
}

func (q queries) BudgetOverrides(ctx context.Context, userID int64) ([]centavo.BudgetOverride, error) {
	rows, err := q.q.QueryContext(ctx, shared.BudgetOverrides, userID)
	if err != nil {
		return nil, translate("budget overrides", err)
	}
	defer rows.Close()
	var out []centavo.BudgetOverride
	for rows.Next() {
		o := centavo.BudgetOverride{UserID: userID}
		var from string
		var amount sql.NullInt64
		var created, rollover int64
		if err := rows.Scan(&o.Category, &from, &amount, &rollover, &created); err != nil {
			return nil, translate("budget overrides", err)
		}
		if o.From, err = centavo.ParseMonth(from); err != nil {
			return nil, err
		}
		if amount.Valid {
			o.AmountCents = &amount.Int64
		}
		o.CreatedAt, o.Rollover = fromMicros(created), rollover != 0
		out = append(out, o)
	}
	return out, translate("budget overrides", rows.Err())
}

func (q queries) SetBudgetOverride(ctx context.Context, o centavo.BudgetOverride) error {
	var amount any
	if o.AmountCents != nil {
		amount = *o.AmountCents
	}
	_, err := q.q.ExecContext(ctx, shared.SetBudgetOverride,
		o.UserID, o.Category, o.From.String(), amount, boolInt(o.Rollover), micros(o.CreatedAt))
	return translate("set budget override", err)
}

func (q queries) BudgetPlan(ctx context.Context, userID int64) (centavo.BudgetPlan, error) {
	p := centavo.BudgetPlan{UserID: userID, SavingsTargetPercent: centavo.DefaultSavingsTargetPercent}
	var from string
	err := q.q.QueryRowContext(ctx, shared.BudgetPlan, userID).Scan(&from, &p.SavingsTargetPercent)
	if err == sql.ErrNoRows {
		return p, nil
	}
	if err != nil {
		return p, translate("budget plan", err)
	}
	return p, store.DecodePlanMonth(from, &p)
}

func (q queries) SetBudgetPlan(ctx context.Context, p centavo.BudgetPlan) error {
	_, err := q.q.ExecContext(ctx, shared.SetBudgetPlan, p.UserID, store.EncodePlanMonth(p), p.SavingsTargetPercent)
	return translate("set budget plan", err)
}

func (q queries) BudgetAlertStates(ctx context.Context, userID int64, month centavo.Month) ([]centavo.BudgetAlertState, error) {
	rows, err := q.q.QueryContext(ctx, shared.BudgetAlertStates, userID, month.String())
	if err != nil {
		return nil, translate("budget alert states", err)
	}
	defer rows.Close()
	var out []centavo.BudgetAlertState
	for rows.Next() {
		s := centavo.BudgetAlertState{UserID: userID, Month: month}
		var crossed int64
		if err := rows.Scan(&s.Category, &s.Threshold, &crossed, &s.Seq); err != nil {
			return nil, translate("budget alert states", err)
		}
		s.Crossed = crossed != 0
		out = append(out, s)
	}
	return out, translate("budget alert states", rows.Err())
}

func (q queries) SetBudgetAlertState(ctx context.Context, s centavo.BudgetAlertState) error {
	_, err := q.q.ExecContext(ctx, shared.SetBudgetAlertState, s.UserID, s.Month.String(), s.Category, s.Threshold, boolInt(s.Crossed), s.Seq)
	return translate("set budget alert state", err)
}

func (q queries) NotificationSettings(ctx context.Context, userID int64) (centavo.NotificationSettings, error) {
	s := centavo.NotificationSettings{UserID: userID}
	var email, hooks int64
	var thresholds string
	err := q.q.QueryRowContext(ctx, shared.NotificationSettings, userID).
		Scan(&email, &hooks, &thresholds, &s.Digest)
	if err == sql.ErrNoRows {
		s.Thresholds, s.Digest = append([]int(nil), centavo.DefaultThresholds...), centavo.DigestOff
		return s, nil
	}
	if err != nil {
		return s, translate("notification settings", err)
	}
	s.Email, s.Webhooks, s.Thresholds = email != 0, hooks != 0, store.DecodeThresholds(thresholds)
	return s, nil
}

func (q queries) SetNotificationSettings(ctx context.Context, s centavo.NotificationSettings) error {
	_, err := q.q.ExecContext(ctx, shared.SetNotificationSettings,
		s.UserID, boolInt(s.Email), boolInt(s.Webhooks), store.EncodeThresholds(s.Thresholds), digestOrOff(s.Digest))
	return translate("set notification settings", err)
}

// scanNotification reads the notification columns of storesql.
func scanNotification(row interface{ Scan(...any) error }) (centavo.Notification, error) {
	var n centavo.Notification
	var created int64
	var read sql.NullInt64
	err := row.Scan(&n.ID, &n.UserID, &n.Kind, &n.Category, &n.Month, &n.Threshold, &n.BudgetCents, &n.AccountID, &n.Message, &n.Key, &created, &read)
	n.CreatedAt = fromMicros(created)
	if read.Valid {
		t := fromMicros(read.Int64)
		n.ReadAt = &t
	}
	return n, err
}

func (q queries) CreateNotification(ctx context.Context, n *centavo.Notification) (bool, error) {
	err := q.q.QueryRowContext(ctx, shared.CreateNotification,
		n.UserID, n.Kind, n.Category, n.Month, n.Threshold, n.BudgetCents, n.AccountID, n.Message, n.Key, micros(n.CreatedAt),
	).Scan(&n.ID)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, translate("create notification", err)
	}
	return true, nil
}

func (q queries) Notification(ctx context.Context, userID, id int64) (centavo.Notification, error) {
	n, err := scanNotification(q.q.QueryRowContext(ctx, shared.Notification, userID, id))
	return n, translate("notification", err)
}

func (q queries) Notifications(ctx context.Context, f store.NotificationFilter) ([]centavo.Notification, error) {
	query := shared.Notifications
	if f.UnreadOnly {
		query = shared.UnreadNotifications
	}
	rows, err := q.q.QueryContext(ctx, query, f.UserID, f.Limit)
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
	res, err := q.q.ExecContext(ctx, shared.MarkNotificationRead, micros(at), userID, id)
	return affectedOne("mark notification read", res, err)
}

func (q queries) CreateWebhook(ctx context.Context, w *centavo.Webhook) error {
	err := q.q.QueryRowContext(ctx, shared.CreateWebhook,
		w.UserID, w.URL, w.SealedSecret, micros(w.CreatedAt)).Scan(&w.ID)
	return translate("create webhook", err)
}

func (q queries) DeleteWebhook(ctx context.Context, userID, id int64) error {
	res, err := q.q.ExecContext(ctx, shared.DeleteWebhook, userID, id)
	return affectedOne("delete webhook", res, err)
}

// scanWebhook reads the webhook columns of storesql.
func scanWebhook(row interface{ Scan(...any) error }) (centavo.Webhook, error) {
	var w centavo.Webhook
	var created int64
	err := row.Scan(&w.ID, &w.UserID, &w.URL, &w.SealedSecret, &created)
	w.CreatedAt = fromMicros(created)
	return w, err
}

func (q queries) Webhook(ctx context.Context, userID, id int64) (centavo.Webhook, error) {
	w, err := scanWebhook(q.q.QueryRowContext(ctx, shared.Webhook, userID, id))
	return w, translate("webhook", err)
}

func (q queries) Webhooks(ctx context.Context, userID int64) ([]centavo.Webhook, error) {
	rows, err := q.q.QueryContext(ctx, shared.Webhooks, userID)
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
func scanDelivery(row interface{ Scan(...any) error }) (centavo.Delivery, error) {
	var d centavo.Delivery
	var created, updated int64
	err := row.Scan(&d.ID, &d.UserID, &d.NotificationID, &d.Channel, &d.WebhookID, &d.Status, &d.Attempts, &d.ResponseCode, &d.LastError, &created, &updated)
	d.CreatedAt, d.UpdatedAt = fromMicros(created), fromMicros(updated)
	return d, err
}

func (q queries) CreateDelivery(ctx context.Context, d *centavo.Delivery) error {
	err := q.q.QueryRowContext(ctx, shared.CreateDelivery,
		d.UserID, d.NotificationID, d.Channel, d.WebhookID, d.Status, d.Attempts, d.ResponseCode, d.LastError, micros(d.CreatedAt), micros(d.UpdatedAt),
	).Scan(&d.ID)
	return translate("create delivery", err)
}

func (q queries) UpdateDelivery(ctx context.Context, d centavo.Delivery) error {
	res, err := q.q.ExecContext(ctx, shared.UpdateDelivery, d.Status, d.Attempts, d.ResponseCode, d.LastError, micros(d.UpdatedAt), d.UserID, d.ID)
	return affectedOne("update delivery", res, err)
}

func (q queries) Delivery(ctx context.Context, userID, id int64) (centavo.Delivery, error) {
	d, err := scanDelivery(q.q.QueryRowContext(ctx, shared.Delivery, userID, id))
	return d, translate("delivery", err)
}

func (q queries) Deliveries(ctx context.Context, f store.DeliveryFilter) ([]centavo.Delivery, error) {
	query, args := shared.Deliveries, []any{f.UserID, f.Limit}
	if f.WebhookID > 0 {
		query, args = shared.WebhookDeliveries, []any{f.UserID, f.WebhookID, f.Limit}
	}
	rows, err := q.q.QueryContext(ctx, query, args...)
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
