package notify

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// MaxWebhooks is how many webhooks a user may register.
const MaxWebhooks = 5

// WebhookView is a webhook with its latest deliveries.
type WebhookView struct {
	centavo.Webhook
	Deliveries []centavo.Delivery
}

// CreateWebhook registers a URL and returns it with its signing secret,
// which is shown this once (it is stored sealed).
func (s *Service) CreateWebhook(ctx context.Context, userID int64, rawURL string) (centavo.Webhook, string, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(rawURL) > 2048 || u.User != nil {
		return centavo.Webhook{}, "", centavo.Errorf(centavo.EINVALID, "url must be an http(s) URL without credentials")
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Webhook{}, "", err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return centavo.Webhook{}, "", err
	}
	secret := "whsec_" + base64.RawURLEncoding.EncodeToString(raw)
	sealed, err := s.Keys.Seal([]byte(secret), WebhookSecretAAD(userID))
	if err != nil {
		return centavo.Webhook{}, "", err
	}
	w := centavo.Webhook{UserID: userID, URL: u.String(), SealedSecret: sealed, CreatedAt: s.Now().UTC()}
	err = st.InTx(ctx, func(tx store.Tx) error {
		hooks, err := tx.Webhooks(ctx, userID)
		if err != nil {
			return err
		}
		if len(hooks) >= MaxWebhooks {
			return centavo.Errorf(centavo.EINVALID, "at most %d webhooks per user", MaxWebhooks)
		}
		return tx.CreateWebhook(ctx, &w)
	})
	return w, secret, err
}

// Webhooks lists the user's webhooks with their last deliveries.
func (s *Service) Webhooks(ctx context.Context, userID int64, deliveries int) ([]WebhookView, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	hooks, err := st.Webhooks(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]WebhookView, 0, len(hooks))
	for _, h := range hooks {
		ds, err := st.Deliveries(ctx, store.DeliveryFilter{UserID: userID, WebhookID: h.ID, Limit: deliveries})
		if err != nil {
			return nil, err
		}
		out = append(out, WebhookView{Webhook: h, Deliveries: ds})
	}
	return out, nil
}

// DeleteWebhook removes a webhook (its pending deliveries end quietly).
func (s *Service) DeleteWebhook(ctx context.Context, userID, id int64) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	return st.InTx(ctx, func(tx store.Tx) error { return tx.DeleteWebhook(ctx, userID, id) })
}

// MarkRead marks a notification read and returns it.
func (s *Service) MarkRead(ctx context.Context, userID, id int64) (centavo.Notification, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Notification{}, err
	}
	var n centavo.Notification
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.MarkNotificationRead(ctx, userID, id, s.Now().UTC()); err != nil {
			return err
		}
		var err error
		n, err = tx.Notification(ctx, userID, id)
		return err
	})
	return n, err
}
