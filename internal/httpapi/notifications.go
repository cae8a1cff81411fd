package httpapi

import (
	"net/http"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/notify"
)

type notificationJSON struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Category  string     `json:"category"`
	Month     string     `json:"month"`
	Threshold int        `json:"threshold"`
	AccountID int64      `json:"account_id"`
	Message   string     `json:"message"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

func toNotificationJSON(n centavo.Notification) notificationJSON {
	return notificationJSON{ID: n.ID, Kind: n.Kind, Category: n.Category, Month: n.Month, Threshold: n.Threshold,
		AccountID: n.AccountID, Message: n.Message, CreatedAt: n.CreatedAt, ReadAt: n.ReadAt}
}

func (s *server) handleNotifications() http.Handler {
	type response struct {
		Notifications []notificationJSON `json:"notifications"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		unread := false
		switch r.URL.Query().Get("unread") {
		case "", "false", "0":
		case "true", "1":
			unread = true
		default:
			return errorf(centavo.EBADREQUEST, "unread must be true or false")
		}
		limit, err := intParam(r, "limit")
		if err != nil {
			return err
		}
		if limit == 0 {
			limit = 50
		}
		if limit > 500 {
			return errorf(centavo.EBADREQUEST, "limit must be between 1 and 500")
		}
		list, err := s.Notify.Notifications(r.Context(), userID(r.Context()), unread, int(limit))
		if err != nil {
			return err
		}
		out := response{Notifications: make([]notificationJSON, 0, len(list))}
		for _, n := range list {
			out.Notifications = append(out.Notifications, toNotificationJSON(n))
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handleReadNotification() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		n, err := s.Notify.MarkRead(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toNotificationJSON(n))
		return nil
	})
}

// defaultBillReminderDays is bill_reminder_days of a user who never set it.
const defaultBillReminderDays = 3

// reminderDays is a read's bill_reminder_days (always set).
func reminderDays(s centavo.NotificationSettings) int {
	if s.BillReminderDays == nil {
		return defaultBillReminderDays
	}
	return *s.BillReminderDays
}

type settingsJSON struct {
	InApp      bool   `json:"in_app"`
	Email      bool   `json:"email"`
	Webhooks   bool   `json:"webhooks"`
	Thresholds []int  `json:"thresholds"`
	Digest     string `json:"digest"`
	// BillReminderDays: bill_upcoming's lead time (docs/0035).
	BillReminderDays int `json:"bill_reminder_days"`
}

func (s *server) handleGetSettings() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		set, err := s.Notify.Settings(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, settingsJSON{InApp: true, Email: set.Email, Webhooks: set.Webhooks, Thresholds: set.Thresholds, Digest: set.Digest,
			BillReminderDays: reminderDays(set)})
		return nil
	})
}

func (s *server) handlePutSettings() http.Handler {
	type request struct {
		InApp            *bool   `json:"in_app"` // always on; accepted so a GET body can be sent back
		Email            bool    `json:"email"`
		Webhooks         bool    `json:"webhooks"`
		Thresholds       []int   `json:"thresholds"`
		Digest           *string `json:"digest"`             // absent: unchanged
		BillReminderDays *int    `json:"bill_reminder_days"` // absent: unchanged
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		if req.InApp != nil && !*req.InApp {
			return errorf(centavo.EINVALID, "the in-app inbox cannot be turned off")
		}
		if req.Thresholds == nil {
			req.Thresholds = centavo.DefaultThresholds
		}
		set := centavo.NotificationSettings{UserID: userID(r.Context()), Email: req.Email, Webhooks: req.Webhooks, Thresholds: append([]int(nil), req.Thresholds...),
			BillReminderDays: req.BillReminderDays}
		if req.Digest != nil {
			if *req.Digest == "" {
				return errorf(centavo.EBADREQUEST, "digest must be off, daily or weekly")
			}
			set.Digest = *req.Digest
		}
		if err := s.Notify.SetSettings(r.Context(), set); err != nil {
			return err
		}
		got, err := s.Notify.Settings(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, settingsJSON{InApp: true, Email: got.Email, Webhooks: got.Webhooks, Thresholds: got.Thresholds, Digest: got.Digest,
			BillReminderDays: reminderDays(got)})
		return nil
	})
}

type deliveryJSON struct {
	ID             int64     `json:"id"`
	NotificationID int64     `json:"notification_id"`
	Status         string    `json:"status"`
	Attempts       int       `json:"attempts"`
	ResponseCode   int       `json:"response_code"`
	LastError      string    `json:"last_error"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

type webhookJSON struct {
	ID         int64          `json:"id"`
	URL        string         `json:"url"`
	Secret     string         `json:"secret,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
	Deliveries []deliveryJSON `json:"deliveries"`
}

func toWebhookJSON(v notify.WebhookView) webhookJSON {
	out := webhookJSON{ID: v.ID, URL: v.URL, CreatedAt: v.CreatedAt, Deliveries: make([]deliveryJSON, 0, len(v.Deliveries))}
	for _, d := range v.Deliveries {
		out.Deliveries = append(out.Deliveries, deliveryJSON{ID: d.ID, NotificationID: d.NotificationID, Status: d.Status, Attempts: d.Attempts,
			ResponseCode: d.ResponseCode, LastError: d.LastError, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt})
	}
	return out
}

func (s *server) handleCreateWebhook() http.Handler {
	type request struct {
		URL string `json:"url"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		h, secret, err := s.Notify.CreateWebhook(r.Context(), userID(r.Context()), req.URL)
		if err != nil {
			return err
		}
		out := toWebhookJSON(notify.WebhookView{Webhook: h})
		out.Secret = secret
		encode(w, http.StatusCreated, out)
		return nil
	})
}

func (s *server) handleWebhooks() http.Handler {
	type response struct {
		Webhooks []webhookJSON `json:"webhooks"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		views, err := s.Notify.Webhooks(r.Context(), userID(r.Context()), 20)
		if err != nil {
			return err
		}
		out := response{Webhooks: make([]webhookJSON, 0, len(views))}
		for _, v := range views {
			out.Webhooks = append(out.Webhooks, toWebhookJSON(v))
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handleDeleteWebhook() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Notify.DeleteWebhook(r.Context(), userID(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}
