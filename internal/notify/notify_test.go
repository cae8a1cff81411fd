package notify_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/smtptest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

func TestEmailOverSMTP(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	m := &notify.SMTP{Addr: srv.Addr, From: "Centavo <alerts@centavo.example>"}
	n := centavo.Notification{Kind: centavo.NotifyBudgetExceeded, Message: "You have spent $120.00 on Groceries, <over> budget."}
	subject, text, html := notify.Email(n, "")
	if err := m.Send(context.Background(), "ana@example.com", subject, text, html); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Wait(1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].From != "alerts@centavo.example" || msgs[0].To[0] != "ana@example.com" {
		t.Fatalf("received %+v", msgs)
	}
	parsed, err := mail.ReadMessage(bytes.NewReader(msgs[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject")); got != "Centavo: over budget" {
		t.Fatalf("subject %q", got)
	}
	mt, params, err := mime.ParseMediaType(parsed.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q, %v", mt, err)
	}
	parts := map[string]string{}
	mr := multipart.NewReader(parsed.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(quotedprintable.NewReader(p))
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = string(body)
	}
	if !strings.Contains(parts["text/plain"], "You have spent $120.00 on Groceries, <over> budget.") {
		t.Fatalf("plain part: %q", parts["text/plain"])
	}
	if !strings.Contains(parts["text/html"], "&lt;over&gt;") || !strings.Contains(parts["text/html"], "<h1") {
		t.Fatalf("html part (escaped): %q", parts["text/html"])
	}
}

func TestSign(t *testing.T) {
	t.Parallel()
	body := []byte(`{"a":1}`)
	got := notify.Sign([]byte("whsec_x"), time.Unix(1700000000, 0), body)
	mac := hmac.New(sha256.New, []byte("whsec_x"))
	mac.Write(body)
	if got != "t=1700000000,v1="+hex.EncodeToString(mac.Sum(nil)) {
		t.Fatalf("signature %q", got)
	}
}

func TestPrivateAddressesRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("reached") }))
	defer srv.Close()
	p := notify.NewHTTPPoster(5*time.Second, false)
	if _, err := p.Post(context.Background(), srv.URL, nil, []byte("{}")); !errors.Is(err, notify.ErrPrivateAddress) {
		t.Fatalf("posting to loopback: %v", err)
	}
}

// TestWebhookAddressPolicy: webhooks refuse what the IANA special-purpose
// registries hold, the blocks the first check missed included (CGNAT,
// benchmarking, IETF protocol assignments, reserved, "this network", and
// IPv6 translation addresses with a private IPv4 inside).
func TestWebhookAddressPolicy(t *testing.T) {
	t.Parallel()
	for addr, public := range map[string]bool{
		"100.64.0.1": false, "198.18.0.1": false, "192.0.0.1": false, "240.0.0.1": false, "0.1.2.3": false,
		"64:ff9b::a00:1": false, "64:ff9b::7f00:1": false, "2002:a00:1::1": false, "2002:7f00:1::": false,
		"2001:0:a00:1::fefe:fefe": false, "192.0.2.7": false, "2001:db8::7": false,
		"127.0.0.1": false, "10.0.0.1": false, "::1": false, "fd00::1": false,
		"8.8.8.8": true, "2606:4700:4700::1111": true, "64:ff9b::808:808": true,
	} {
		if got := notify.PublicIP(net.ParseIP(addr)); got != public {
			t.Errorf("PublicIP(%s) = %v, want %v", addr, got, public)
		}
	}
}

// receiver is a webhook endpoint that fails its first n requests, then
// accepts requests whose signature verifies with the secret.
type receiver struct {
	mu       sync.Mutex
	failures int
	secret   string
	calls    int
	verified [][]byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.calls++
	if rc.calls <= rc.failures {
		http.Error(w, "down for maintenance", http.StatusBadGateway)
		return
	}
	// Centavo-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, body)>
	var ts, sig string
	for _, kv := range strings.Split(r.Header.Get("Centavo-Signature"), ",") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	mac := hmac.New(sha256.New, []byte(rc.secret))
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	var payload notify.WebhookPayload
	if !hmac.Equal([]byte(sig), []byte(want)) || json.Unmarshal(body, &payload) != nil || strconv.FormatInt(payload.SentAt, 10) != ts {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	rc.verified = append(rc.verified, body)
	w.WriteHeader(http.StatusNoContent)
}

// TestWebhookRetries: a receiver that fails three times gets the delivery,
// signed, on the fourth try; the delivery's status and attempts are kept;
// the inbox entry was there all along.
func TestWebhookRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "n.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	spec, _ := seal.GenerateKey("k1")
	keys, _ := seal.ParseKeyring(spec)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cluster := store.Single{Store: db}
	svc := &notify.Service{Cluster: cluster, Keys: keys, Poster: notify.NewHTTPPoster(5*time.Second, true), Logger: log, Now: time.Now,
		RetryBase: 20 * time.Millisecond}
	cfg := jobs.Config(jobs.Deps{Notify: svc, Budget: &budget.Service{Cluster: cluster, Logger: log, Now: time.Now}, Shard: db, Logger: log},
		jobs.Options{Work: true, PollInterval: 10 * time.Millisecond})
	cfg.PeriodicJobs = nil
	q, err := db.NewQueue(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(stopCtx)
	}()

	u := centavo.User{Email: "w@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: time.Now(), LastActiveAt: time.Now()}
	_ = db.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, &u) })
	rc := &receiver{failures: 3}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	hook, secret, err := svc.CreateWebhook(ctx, u.ID, srv.URL+"/centavo?token=abc")
	if err != nil {
		t.Fatal(err)
	}
	rc.mu.Lock()
	rc.secret = secret
	rc.mu.Unlock()
	n := centavo.Notification{UserID: u.ID, Kind: centavo.NotifyAccountUpdated, Message: "Checking: 3 new transactions.", Key: "k1", CreatedAt: time.Now().UTC()}
	err = db.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SetNotificationSettings(ctx, centavo.NotificationSettings{UserID: u.ID, Webhooks: true, Thresholds: []int{80, 100}}); err != nil {
			return err
		}
		_, err := notify.Create(ctx, tx, &n)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if inbox, _ := db.Notifications(ctx, store.NotificationFilter{UserID: u.ID, UnreadOnly: true, Limit: 10}); len(inbox) != 1 {
		t.Fatalf("the inbox entry is not there before delivery: %+v", inbox)
	}
	deadline := time.Now().Add(30 * time.Second)
	var views []notify.WebhookView
	for {
		views, err = svc.Webhooks(ctx, u.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(views) == 1 && len(views[0].Deliveries) == 1 && views[0].Deliveries[0].Status == centavo.DeliveryDelivered {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not delivered: %+v", views)
		}
		time.Sleep(20 * time.Millisecond)
	}
	d := views[0].Deliveries[0]
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.calls != 4 || len(rc.verified) != 1 || d.Attempts != 4 || d.ResponseCode != http.StatusNoContent || views[0].ID != hook.ID {
		t.Fatalf("calls %d, verified %d, delivery %+v", rc.calls, len(rc.verified), d)
	}
	var payload notify.WebhookPayload
	_ = json.Unmarshal(rc.verified[0], &payload)
	if payload.Notification.ID != n.ID || payload.Notification.Message != n.Message || payload.DeliveryID != d.ID {
		t.Fatalf("payload %+v", payload)
	}
}

// With a public URL, e-mails link to the notification's page and to the
// settings; without, they carry no link.
func TestEmailLinks(t *testing.T) {
	t.Parallel()
	for kind, page := range map[string]string{
		centavo.NotifyBudgetApproaching: "/budgets", centavo.NotifyBudgetExceeded: "/budgets",
		centavo.NotifyAccountUpdated: "/transactions", centavo.NotifyNeedsAttention: "/accounts",
	} {
		n := centavo.Notification{Kind: kind, Message: "Something happened."}
		_, text, html := notify.Email(n, "https://centavo.example/money")
		for _, want := range []string{"https://centavo.example/money" + page, "https://centavo.example/money/settings"} {
			if !strings.Contains(text, want) || !strings.Contains(html, `href="`+want+`"`) {
				t.Errorf("%s: no link to %s:\n%s\n%s", kind, want, text, html)
			}
		}
		_, text, html = notify.Email(n, "")
		if strings.Contains(text, "http") || strings.Contains(html, "href") {
			t.Errorf("%s without a public URL has a link:\n%s\n%s", kind, text, html)
		}
	}
}
