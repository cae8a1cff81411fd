package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/smtptest"
)

// TestBudgetAlerts: a user with an income links demo-1 on the embedded
// defaults; budget alerts appear in the inbox within a minute, and go out by
// e-mail (to a real SMTP server) and by signed webhook.
func TestBudgetAlerts(t *testing.T) {
	t.Parallel()
	mailbox := smtptest.Start(t)
	a := startServe(t, "--smtp-addr", mailbox.Addr, "--smtp-from", "Centavo <alerts@centavo.test>", "--webhook-allow-private", "true",
		"--public-url", "https://centavo.example")
	c := signUp(t, newClient(t, a.base), "budget@example.com")

	var hooks struct {
		mu     sync.Mutex
		secret string
		bodies []string
	}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		hooks.mu.Lock()
		defer hooks.mu.Unlock()
		sig := r.Header.Get("Centavo-Signature")
		mac := hmac.New(sha256.New, []byte(hooks.secret))
		mac.Write(body)
		if !strings.Contains(sig, ",v1="+hex.EncodeToString(mac.Sum(nil))) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		hooks.bodies = append(hooks.bodies, string(body))
	}))
	defer receiver.Close()

	c.Do("PATCH", "/api/v1/me", map[string]any{"monthly_income_cents": 300_000}, 200, nil)
	var hook struct{ Secret string }
	c.Do("POST", "/api/v1/me/webhooks", map[string]string{"url": receiver.URL + "/hook"}, 201, &hook)
	hooks.mu.Lock()
	hooks.secret = hook.Secret
	hooks.mu.Unlock()
	var settings struct{ Email, Webhooks bool }
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": true, "webhooks": true, "thresholds": []int{80, 100}}, 200, &settings)
	if !settings.Email || !settings.Webhooks {
		t.Fatalf("settings %+v", settings)
	}
	now := testNow(t)
	linked, linkedMonth := time.Now(), centavo.MonthOf(now())
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-1", "password": "secret-1",
	}, 202, nil)

	type note struct {
		ID        int64
		Kind      string
		Category  string
		Month     string
		Threshold int
		Message   string
	}
	var inbox struct{ Notifications []note }
	// unreadAlerts reads the unread inbox and keeps the budget alerts.
	unreadAlerts := func() []note {
		c.Do("GET", "/api/v1/notifications?unread=true", nil, 200, &inbox)
		var out []note
		for _, n := range inbox.Notifications {
			if strings.HasPrefix(n.Kind, "budget_") {
				out = append(out, n)
			}
		}
		return out
	}
	var alerts []note
	refreshed := false
	for deadline := linked.Add(time.Minute); ; {
		alerts = unreadAlerts()
		if len(alerts) > 0 {
			break
		}
		// Alerts come from the current month only: if the month turned
		// before the download's evaluation ran, none is due for the old
		// month; the next download brings the new month's first purchases.
		if accts := c.Accounts(); !refreshed && centavo.MonthOf(now()) != linkedMonth && allStatus(2, centavo.AccountOK)(accts) {
			t.Logf("the month turned since linking; refreshing")
			c.RefreshAll(accts)
			refreshed = true
		}
		if time.Now().After(deadline) {
			t.Fatalf("no budget alert within a minute of linking; inbox: %+v", inbox.Notifications)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("first budget alert %v after linking: %s", time.Since(linked).Round(time.Millisecond), alerts[0].Message)
	// Judge repeats once everything the downloads lead to has run.
	c.WaitAccounts("accounts ok", time.Minute, allStatus(2, centavo.AccountOK))
	waitQueueIdle(t, openSQLite(t, a.dataDir))
	alerts = unreadAlerts()

	// Every alert is backed by the budgets: its threshold is reached, in
	// the month that was current when it was made; a projection's pace
	// reaches 110 % of what is available, and it never follows the
	// category's budget_exceeded (spending only grows in this test).
	var budgets struct {
		Month   string
		Budgets []struct {
			Category       string
			BudgetCents    int64 `json:"budget_cents"`
			AvailableCents int64 `json:"available_cents"`
			SpentCents     int64 `json:"spent_cents"`
			ProjectedCents int64 `json:"projected_cents"`
			Percent        int64
		}
	}
	exceeded := map[string]int64{} // month:category → the budget_exceeded's id
	for _, n := range alerts {
		if n.Kind == centavo.NotifyBudgetExceeded {
			exceeded[n.Month+":"+n.Category] = n.ID
		}
	}
	seen := map[string]bool{}
	for _, n := range alerts {
		key := fmt.Sprintf("%s:%s:%d", n.Month, n.Category, n.Threshold)
		if seen[key] {
			t.Fatalf("alert repeated: %+v", n)
		}
		seen[key] = true
		if m := centavo.MonthOf(now()); n.Month != linkedMonth.String() && n.Month != m.String() {
			t.Errorf("alert for %s, not a month current during the test (%s, %s)", n.Month, linkedMonth, m)
		}
		c.Do("GET", "/api/v1/budgets?month="+n.Month, nil, 200, &budgets)
		for _, b := range budgets.Budgets {
			switch {
			case b.Category != n.Category:
			case n.Kind == centavo.NotifyBudgetProjected:
				if b.ProjectedCents*100 < int64(n.Threshold)*b.AvailableCents {
					t.Errorf("alert %+v but projected %d of %d", n, b.ProjectedCents, b.AvailableCents)
				}
				if id, ok := exceeded[n.Month+":"+n.Category]; ok && id < n.ID {
					t.Errorf("projection %+v after the category's budget_exceeded (%d)", n, id)
				}
			case b.SpentCents*100 < int64(n.Threshold)*b.AvailableCents:
				t.Errorf("alert %+v but spent %d of %d", n, b.SpentCents, b.AvailableCents)
			}
		}
	}
	// The same alerts went out by e-mail and by webhook.
	msgs := mailbox.Wait(len(alerts), 30*time.Second)
	budgetMails, budgetLinks := 0, 0
	for _, m := range msgs {
		if m.To[0] == "budget@example.com" && (strings.Contains(string(m.Data), "budget") || strings.Contains(string(m.Data), "Budget")) {
			budgetMails++
			// Links go to --public-url (the message is quoted-printable:
			// undo its soft line breaks), a budget alert's to the budgets.
			body := strings.ReplaceAll(string(m.Data), "=\r\n", "")
			if !strings.Contains(body, "https://centavo.example/settings") ||
				strings.Contains(body, "Subject: Centavo: over budget") && !strings.Contains(body, "https://centavo.example/budgets") {
				t.Errorf("an e-mail without its links to --public-url:\n%s", m.Data)
			}
			if strings.Contains(body, "https://centavo.example/budgets") {
				budgetLinks++
			}
		}
	}
	if budgetMails < len(alerts) || budgetLinks < len(alerts) {
		t.Errorf("%d budget e-mails, %d linking to the budgets, for %d alerts", budgetMails, budgetLinks, len(alerts))
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		hooks.mu.Lock()
		n := 0
		for _, b := range hooks.bodies {
			if strings.Contains(b, `"kind":"budget_`) {
				n++
			}
		}
		hooks.mu.Unlock()
		if n >= len(alerts) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d signed budget webhooks for %d alerts", n, len(alerts))
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Reading one takes it out of the unread inbox.
	c.Do("POST", fmt.Sprintf("/api/v1/notifications/%d/read", alerts[0].ID), nil, 200, nil)
	c.Do("GET", "/api/v1/notifications?unread=true", nil, 200, &inbox)
	for _, n := range inbox.Notifications {
		if n.ID == alerts[0].ID {
			t.Fatal("a read notification is still unread")
		}
	}
	// A recommendation exists for every spending category.
	var rec struct {
		Recommendations []struct{ Category, Basis, Reason string }
	}
	c.Do("GET", "/api/v1/budgets/recommendation", nil, 200, &rec)
	if len(rec.Recommendations) != len(centavo.SpendingCategories()) {
		t.Fatalf("%d recommendations", len(rec.Recommendations))
	}
}
