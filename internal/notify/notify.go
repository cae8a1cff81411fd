// Package notify puts notifications in users' inboxes and delivers them
// over the channels each user enabled: e-mail (SMTP) and signed webhooks.
//
// A notification is created in the SQL transaction of the change that
// causes it, under a key unique per user, so it exists exactly once whatever
// the retries or concurrent jobs. Its deliveries are rows created in the same
// transaction, each with a River job that sends it: at least once, retried
// with backoff, its status visible to the user. A failed delivery never
// touches the inbox entry.
package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

// Tx is the part of a store transaction that Create works in: the user's
// alerts (settings, notifications, webhooks, deliveries) and the job queue.
type Tx interface {
	store.AlertReader
	store.AlertWriter
	queue.Tx
}

// Create puts n in the user's inbox unless a notification with its key
// exists, and queues its deliveries, all in tx. It reports whether n was new.
func Create(ctx context.Context, tx Tx, n *centavo.Notification) (bool, error) {
	created, err := tx.CreateNotification(ctx, n)
	if err != nil || !created {
		return false, err
	}
	settings, err := tx.NotificationSettings(ctx, n.UserID)
	if err != nil {
		return false, err
	}
	var deliveries []centavo.Delivery
	now := n.CreatedAt
	// With a digest, e-mail tells the notification in the period's digest
	// (digest.go), not on its own.
	if settings.Email && (settings.Digest == "" || settings.Digest == centavo.DigestOff) {
		deliveries = append(deliveries, centavo.Delivery{UserID: n.UserID, NotificationID: n.ID, Channel: centavo.ChannelEmail,
			Status: centavo.DeliveryPending, CreatedAt: now, UpdatedAt: now})
	}
	if settings.Webhooks {
		hooks, err := tx.Webhooks(ctx, n.UserID)
		if err != nil {
			return false, err
		}
		for _, h := range hooks {
			deliveries = append(deliveries, centavo.Delivery{UserID: n.UserID, NotificationID: n.ID, Channel: centavo.ChannelWebhook,
				WebhookID: h.ID, Status: centavo.DeliveryPending, CreatedAt: now, UpdatedAt: now})
		}
	}
	jobs := make([]river.InsertManyParams, 0, len(deliveries))
	for i := range deliveries {
		if err := tx.CreateDelivery(ctx, &deliveries[i]); err != nil {
			return false, err
		}
		jobs = append(jobs, river.InsertManyParams{Args: jobargs.Deliver{UserID: n.UserID, DeliveryID: deliveries[i].ID}})
	}
	return true, tx.Enqueue(ctx, jobs...)
}

// Mailer sends an e-mail with a plain-text and an HTML part.
type Mailer interface {
	Send(ctx context.Context, to, subject, text, html string) error
}

// Poster posts a signed webhook body and returns the HTTP status.
type Poster interface {
	Post(ctx context.Context, url string, headers map[string]string, body []byte) (int, error)
}

// Service delivers notifications.
type Service struct {
	Cluster store.Cluster
	Keys    *seal.Keyring // opens webhook secrets
	Mailer  Mailer        // nil: e-mail is not configured
	Poster  Poster
	Logger  *slog.Logger
	Now     func() time.Time
	// RetryBase is the first retry delay of a failed delivery (then ×3
	// each attempt, at most an hour). Default 5 s.
	RetryBase time.Duration
	// PublicURL is where users reach Centavo (--public-url): e-mails link
	// to its pages. "": e-mails carry no links.
	PublicURL string
	// Rates converts the digest's spending into the home currency (nil:
	// other currencies are left out).
	Rates rates.Converter
	// Bills tells a digest's upcoming bills; nil leaves that section out.
	Bills BillSource
}

// WebhookSecretAAD binds a sealed webhook secret to its user.
func WebhookSecretAAD(userID int64) []byte {
	return []byte("centavo:webhook-secret:user:" + strconv.FormatInt(userID, 10))
}

// Sign returns the Centavo-Signature header value of a body sent at t:
// "t=<unix>,v1=<hex HMAC-SHA256 of the body with the webhook's secret>".
func Sign(secret []byte, t time.Time, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "t=" + strconv.FormatInt(t.Unix(), 10) + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// WebhookPayload is the JSON body of a webhook delivery.
type WebhookPayload struct {
	DeliveryID   int64               `json:"delivery_id"`
	SentAt       int64               `json:"sent_at"` // unix seconds, also in the signature header
	Notification NotificationPayload `json:"notification"`
}

// NotificationPayload is a notification as webhooks (and the API) show it.
type NotificationPayload struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Category  string     `json:"category,omitempty"`
	Month     string     `json:"month,omitempty"`
	Threshold int        `json:"threshold,omitempty"`
	AccountID int64      `json:"account_id,omitempty"`
	Message   string     `json:"message"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// PayloadOf renders a notification.
func PayloadOf(n centavo.Notification) NotificationPayload {
	return NotificationPayload{ID: n.ID, Kind: n.Kind, Category: n.Category, Month: n.Month, Threshold: n.Threshold,
		AccountID: n.AccountID, Message: n.Message, CreatedAt: n.CreatedAt, ReadAt: n.ReadAt}
}

// NextRetry spaces the attempts of a failing delivery: RetryBase × 3^(n-1).
func (s *Service) NextRetry(job *rivertype.JobRow) time.Time {
	base := s.RetryBase
	if base <= 0 {
		base = 5 * time.Second
	}
	d := base
	for i := 1; i < job.Attempt && d < time.Hour; i++ {
		d *= 3
	}
	// River schedules on the machine's clock.
	return clock.Real().Add(min(d, time.Hour))
}

// Deliver sends one delivery and records the outcome. A failure is
// recorded and returned, so River retries; the inbox entry is unaffected.
func (s *Service) Deliver(ctx context.Context, job *river.Job[jobargs.Deliver]) error {
	st, err := s.Cluster.ForUser(ctx, job.Args.UserID)
	if err != nil {
		return err
	}
	d, err := st.Delivery(ctx, job.Args.UserID, job.Args.DeliveryID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // the user, webhook or notification is gone
	}
	if err != nil {
		return err
	}
	if d.Status == centavo.DeliveryDelivered {
		return nil
	}
	n, err := st.Notification(ctx, d.UserID, d.NotificationID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	code, sendErr := s.send(ctx, st, d, n)
	d.Attempts = job.Attempt
	d.ResponseCode = code
	d.UpdatedAt = s.Now().UTC()
	if errors.Is(sendErr, store.ErrNotFound) {
		d.Status, d.LastError = centavo.DeliveryFailed, "the webhook was removed"
	} else if sendErr != nil {
		d.Status, d.LastError = centavo.DeliveryFailed, clip(sendErr.Error(), 300)
	} else {
		d.Status, d.LastError = centavo.DeliveryDelivered, ""
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.UpdateDelivery(ctx, d); err != nil {
			return err
		}
		if sendErr == nil {
			return tx.CompleteJob(ctx, job.JobRow)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if errors.Is(sendErr, store.ErrNotFound) {
		return nil // the webhook was removed: nothing to retry
	}
	if sendErr != nil {
		s.Logger.WarnContext(ctx, "notification delivery failed", "user_id", d.UserID, "delivery_id", d.ID, "channel", d.Channel,
			"attempt", job.Attempt, "err", sendErr)
		return sendErr
	}
	s.Logger.InfoContext(ctx, "notification delivered", "user_id", d.UserID, "delivery_id", d.ID, "channel", d.Channel, "attempt", job.Attempt)
	return nil
}

var errNoMailer = errors.New("e-mail is not configured on this server (--smtp-addr)")

// recipientReader finds where a delivery goes: the user's e-mail address or
// webhook.
type recipientReader interface {
	store.UserReader
	store.AlertReader
}

func (s *Service) send(ctx context.Context, st recipientReader, d centavo.Delivery, n centavo.Notification) (int, error) {
	switch d.Channel {
	case centavo.ChannelEmail:
		if s.Mailer == nil {
			return 0, errNoMailer
		}
		u, err := st.UserByID(ctx, d.UserID)
		if err != nil {
			return 0, err
		}
		subject, text, html := Email(n, s.PublicURL)
		return 0, s.Mailer.Send(ctx, u.Email, subject, text, html)
	case centavo.ChannelWebhook:
		h, err := st.Webhook(ctx, d.UserID, d.WebhookID)
		if err != nil {
			return 0, err
		}
		secret, err := s.Keys.Open(h.SealedSecret, WebhookSecretAAD(d.UserID))
		if err != nil {
			return 0, err
		}
		// The receiver checks the signature's time against its own clock
		// (replay protection): machine time, whatever Centavo's clock says.
		now := clock.Real().UTC()
		body, err := json.Marshal(WebhookPayload{DeliveryID: d.ID, SentAt: now.Unix(), Notification: PayloadOf(n)})
		if err != nil {
			return 0, err
		}
		code, err := s.Poster.Post(ctx, h.URL, map[string]string{
			"Content-Type":      "application/json",
			"Centavo-Signature": Sign(secret, now, body),
			"Centavo-Delivery":  strconv.FormatInt(d.ID, 10),
			"User-Agent":        "Centavo-Webhook/1",
		}, body)
		if err != nil {
			return code, err
		}
		if code < 200 || code > 299 {
			return code, fmt.Errorf("the receiver answered HTTP %d", code)
		}
		return code, nil
	}
	return 0, fmt.Errorf("unknown channel %q", d.Channel)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
