package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func exerciseBudgets(t *testing.T, open Opener) {
	t.Run("Profile", func(t *testing.T) { t.Parallel(); testProfile(t, open(t)) })
	t.Run("BudgetOverrides", func(t *testing.T) { t.Parallel(); testBudgetOverrides(t, open(t)) })
	t.Run("BudgetPlans", func(t *testing.T) { t.Parallel(); testBudgetPlans(t, open(t)) })
	t.Run("BudgetAlertStates", func(t *testing.T) { t.Parallel(); testBudgetAlertStates(t, open(t)) })
	t.Run("NotificationSettings", func(t *testing.T) { t.Parallel(); testNotificationSettings(t, open(t)) })
	t.Run("Notifications", func(t *testing.T) { t.Parallel(); testNotifications(t, open(t)) })
	t.Run("WebhooksAndDeliveries", func(t *testing.T) { t.Parallel(); testWebhooks(t, open(t)) })
}

func testProfile(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "profile@example.com")
	write(t, s, func(tx store.Tx) error {
		return tx.UpdateUserProfile(ctx, store.UserProfileUpdate{UserID: u.ID, MonthlyIncomeCents: 512_345, Currency: "EUR"})
	})
	got, _ := s.UserByID(ctx, u.ID)
	if got.MonthlyIncomeCents != 512_345 || got.Currency != "EUR" {
		t.Fatalf("after UpdateUserProfile: %+v", got)
	}
	err := s.InTx(ctx, func(tx store.Tx) error {
		return tx.UpdateUserProfile(ctx, store.UserProfileUpdate{UserID: u.ID + 1000, MonthlyIncomeCents: 1, Currency: "USD"})
	})
	wantCode(t, err, centavo.ENOTFOUND)
}

func testBudgetOverrides(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "ovr@example.com")
	v := newUser(t, s, "ovr2@example.com")
	m, _ := centavo.ParseMonth("2026-03")
	amount := func(v int64) *int64 { return &v }
	write(t, s, func(tx store.Tx) error {
		for _, o := range []centavo.BudgetOverride{
			{UserID: u.ID, Category: centavo.CatFood, From: m, AmountCents: amount(40000), CreatedAt: base},
			{UserID: u.ID, Category: centavo.CatFood, From: m.Add(2), AmountCents: nil, CreatedAt: base},
			{UserID: u.ID, Category: centavo.CatGas, From: m.Add(1), AmountCents: amount(9000), CreatedAt: base},
			{UserID: v.ID, Category: centavo.CatGas, From: m, AmountCents: amount(1), CreatedAt: base},
		} {
			if err := tx.SetBudgetOverride(ctx, o); err != nil {
				return err
			}
		}
		// Setting the same (category, month) again replaces it.
		return tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: u.ID, Category: centavo.CatFood, From: m, AmountCents: amount(45000), CreatedAt: base})
	})
	got, err := s.BudgetOverrides(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var desc []string
	for _, o := range got {
		a := "template"
		if o.AmountCents != nil {
			a = fmt.Sprint(*o.AmountCents)
		}
		desc = append(desc, fmt.Sprintf("%s@%s=%s", o.Category, o.From, a))
	}
	if fmt.Sprint(desc) != "[food@2026-03=45000 food@2026-05=template gas@2026-04=9000]" {
		t.Fatalf("overrides: %v", desc)
	}
}

func testNotificationSettings(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "settings@example.com")
	got, err := s.NotificationSettings(ctx, u.ID)
	if err != nil || got.Email || got.Webhooks || fmt.Sprint(got.Thresholds) != "[80 100]" {
		t.Fatalf("defaults: %+v, %v", got, err)
	}
	write(t, s, func(tx store.Tx) error {
		return tx.SetNotificationSettings(ctx, centavo.NotificationSettings{UserID: u.ID, Email: true, Webhooks: true, Thresholds: []int{50, 90, 120}})
	})
	got, _ = s.NotificationSettings(ctx, u.ID)
	if !got.Email || !got.Webhooks || fmt.Sprint(got.Thresholds) != "[50 90 120]" {
		t.Fatalf("after set: %+v", got)
	}
}

func testNotifications(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "inbox@example.com")
	v := newUser(t, s, "inbox2@example.com")
	mk := func(user int64, key string) (centavo.Notification, bool) {
		n := centavo.Notification{UserID: user, Kind: centavo.NotifyBudgetApproaching, Category: centavo.CatFood, Month: "2026-03",
			Threshold: 80, BudgetCents: 50000, Message: "Groceries at 80 %", Key: key, CreatedAt: base}
		var created bool
		write(t, s, func(tx store.Tx) error {
			var err error
			created, err = tx.CreateNotification(ctx, &n)
			return err
		})
		return n, created
	}
	first, created := mk(u.ID, "budget:2026-03:food:80:50000")
	if !created || first.ID == 0 {
		t.Fatalf("first notification not created: %+v", first)
	}
	if _, created := mk(u.ID, "budget:2026-03:food:80:50000"); created {
		t.Fatal("the same key was notified twice")
	}
	if _, created := mk(v.ID, "budget:2026-03:food:80:50000"); !created {
		t.Fatal("another user's same key was refused")
	}
	second, _ := mk(u.ID, "budget:2026-03:food:100:50000")
	list, err := s.Notifications(ctx, store.NotificationFilter{UserID: u.ID, UnreadOnly: true, Limit: 10})
	if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].Message != "Groceries at 80 %" {
		t.Fatalf("unread inbox: %+v, %v", list, err)
	}
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.MarkNotificationRead(ctx, v.ID, first.ID, base) })
	wantCode(t, err, centavo.ENOTFOUND)
	write(t, s, func(tx store.Tx) error { return tx.MarkNotificationRead(ctx, u.ID, first.ID, base.Add(time.Hour)) })
	write(t, s, func(tx store.Tx) error { return tx.MarkNotificationRead(ctx, u.ID, first.ID, base.Add(2*time.Hour)) }) // keeps the first read time
	n, err := s.Notification(ctx, u.ID, first.ID)
	if err != nil || n.ReadAt == nil || !n.ReadAt.Equal(base.Add(time.Hour)) {
		t.Fatalf("after read: %+v, %v", n, err)
	}
	if unread, _ := s.Notifications(ctx, store.NotificationFilter{UserID: u.ID, UnreadOnly: true, Limit: 10}); len(unread) != 1 {
		t.Fatalf("unread after marking one: %d", len(unread))
	}
	if all, _ := s.Notifications(ctx, store.NotificationFilter{UserID: u.ID, Limit: 10}); len(all) != 2 {
		t.Fatalf("all: %d", len(all))
	}
	_, err = s.Notification(ctx, v.ID, first.ID)
	wantCode(t, err, centavo.ENOTFOUND)
}

func testWebhooks(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "hook@example.com")
	v := newUser(t, s, "hook2@example.com")
	w := centavo.Webhook{UserID: u.ID, URL: "https://example.com/hook", SealedSecret: []byte{9, 9}, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateWebhook(ctx, &w) })
	if got, err := s.Webhook(ctx, u.ID, w.ID); err != nil || got.URL != w.URL || string(got.SealedSecret) != string(w.SealedSecret) {
		t.Fatalf("Webhook = %+v, %v", got, err)
	}
	if _, err := s.Webhook(ctx, v.ID, w.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another user's webhook: %v", err)
	}
	n := centavo.Notification{UserID: u.ID, Kind: centavo.NotifyAccountUpdated, Message: "3 new", Key: "k", CreatedAt: base}
	write(t, s, func(tx store.Tx) error { _, err := tx.CreateNotification(ctx, &n); return err })
	d := centavo.Delivery{UserID: u.ID, NotificationID: n.ID, Channel: centavo.ChannelWebhook, WebhookID: w.ID, Status: centavo.DeliveryPending, CreatedAt: base, UpdatedAt: base}
	e := centavo.Delivery{UserID: u.ID, NotificationID: n.ID, Channel: centavo.ChannelEmail, Status: centavo.DeliveryPending, CreatedAt: base, UpdatedAt: base}
	write(t, s, func(tx store.Tx) error {
		if err := tx.CreateDelivery(ctx, &d); err != nil {
			return err
		}
		return tx.CreateDelivery(ctx, &e)
	})
	d.Status, d.Attempts, d.ResponseCode, d.LastError, d.UpdatedAt = centavo.DeliveryFailed, 3, 500, "HTTP 500", base.Add(time.Minute)
	write(t, s, func(tx store.Tx) error { return tx.UpdateDelivery(ctx, d) })
	got, err := s.Deliveries(ctx, store.DeliveryFilter{UserID: u.ID, WebhookID: w.ID, Limit: 10})
	if err != nil || len(got) != 1 || got[0].Status != centavo.DeliveryFailed || got[0].Attempts != 3 || got[0].ResponseCode != 500 || !got[0].UpdatedAt.Equal(base.Add(time.Minute)) {
		t.Fatalf("webhook deliveries: %+v, %v", got, err)
	}
	if all, _ := s.Deliveries(ctx, store.DeliveryFilter{UserID: u.ID, Limit: 10}); len(all) != 2 || all[0].ID != e.ID {
		t.Fatalf("all deliveries newest first: %+v", all)
	}
	if none, _ := s.Deliveries(ctx, store.DeliveryFilter{UserID: v.ID, Limit: 10}); len(none) != 0 {
		t.Fatal("another user sees deliveries")
	}
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.DeleteWebhook(ctx, v.ID, w.ID) })
	wantCode(t, err, centavo.ENOTFOUND)
	write(t, s, func(tx store.Tx) error { return tx.DeleteWebhook(ctx, u.ID, w.ID) })
	if list, _ := s.Webhooks(ctx, u.ID); len(list) != 0 {
		t.Fatalf("webhooks after delete: %+v", list)
	}
}
