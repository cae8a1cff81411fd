package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testRecurring: a user's recurring series are upserted by key with a
// stable id, a new detection leaves the user's state and name, the state is
// set and removed by id (another user's id is not found), the bill
// reminder lead time has its default and keeps apart from the other
// settings, and everything goes with the user.
func testRecurring(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "recurring@example.com")
	other := newUser(t, s, "recurring-other@example.com")
	day := centavo.DayOf(base)
	series := func(userID int64, key string, amount int64) *store.RecurringSeries {
		return &store.RecurringSeries{
			UserID: userID, Key: key, MerchantKey: "netflix", Merchant: "Netflix", Category: "entertainment", AccountID: 7,
			Currency: "USD", Cadence: "monthly", AmountCents: amount, AmountVaries: true, Income: false, LastDate: day, NextDate: day + 30,
			NextAmountCents: amount, Status: "active", Tentative: true, History: `{"occurrences":[]}`, UpdatedAt: base,
		}
	}
	upsert := func(r *store.RecurringSeries) {
		t.Helper()
		write(t, s, func(tx store.Tx) error { return tx.UpsertRecurringSeries(ctx, r) })
	}
	if got, err := s.RecurringSeries(ctx, u.ID); err != nil || len(got) != 0 {
		t.Fatalf("series of a new user: %v, %v", got, err)
	}
	a, b, c := series(u.ID, "netflix|monthly", -1599), series(u.ID, "rent|monthly", -150000), series(other.ID, "netflix|monthly", -999)
	upsert(a)
	upsert(b)
	upsert(c)
	write(t, s, func(tx store.Tx) error { return tx.SetRecurringState(ctx, u.ID, a.ID, "confirmed", "TV") })
	again := series(u.ID, "netflix|monthly", -1799)
	again.Status, again.Tentative, again.AmountVaries = "ended", false, false
	upsert(again)
	if again.ID != a.ID {
		t.Fatalf("upserting the same key gave id %d, want %d", again.ID, a.ID)
	}
	got, err := s.RecurringSeriesByID(ctx, u.ID, a.ID)
	if err != nil || got.State != "confirmed" || got.Name != "TV" || got.AmountCents != -1799 || got.Status != "ended" ||
		got.Tentative || got.AmountVaries || got.LastDate != day || got.NextDate != day+30 || !got.UpdatedAt.Equal(base) || got.History != a.History {
		t.Fatalf("after re-detection: %+v, %v", got, err)
	}
	list, err := s.RecurringSeries(ctx, u.ID)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID || list[1].State != "suggested" {
		t.Fatalf("list: %+v, %v", list, err)
	}
	if _, err := s.RecurringSeriesByID(ctx, other.ID, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another user's series: %v", err)
	}
	write(t, s, func(tx store.Tx) error {
		if err := tx.SetRecurringState(ctx, other.ID, a.ID, "ignored", ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("setting another user's series: %v", err)
		}
		return tx.DeleteRecurringSeries(ctx, u.ID, b.ID)
	})
	if list, err := s.RecurringSeries(ctx, u.ID); err != nil || len(list) != 1 {
		t.Fatalf("after delete: %+v, %v", list, err)
	}
	testBillReminderDays(t, s, u.ID)
	write(t, s, func(tx store.Tx) error { return tx.DeleteUser(ctx, u.ID) })
	if list, err := s.RecurringSeries(ctx, u.ID); err != nil || len(list) != 0 {
		t.Fatalf("series after the user was removed: %v, %v", list, err)
	}
	if list, err := s.RecurringSeries(ctx, other.ID); err != nil || len(list) != 1 || list[0].AmountCents != -999 {
		t.Fatalf("the other user's series: %+v, %v", list, err)
	}
}

func testBillReminderDays(t *testing.T, s store.Store, userID int64) {
	ctx := context.Background()
	if d, err := s.BillReminderDays(ctx, userID); err != nil || d != store.DefaultBillReminderDays {
		t.Fatalf("default lead time %d, %v", d, err)
	}
	write(t, s, func(tx store.Tx) error { return tx.SetBillReminderDays(ctx, userID, 0) })
	if set, err := s.NotificationSettings(ctx, userID); err != nil || len(set.Thresholds) != 2 || set.Email {
		t.Fatalf("settings after the lead time alone was set: %+v, %v", set, err)
	}
	write(t, s, func(tx store.Tx) error {
		return tx.SetNotificationSettings(ctx, centavo.NotificationSettings{UserID: userID, Thresholds: []int{50}})
	})
	if d, err := s.BillReminderDays(ctx, userID); err != nil || d != 0 {
		t.Fatalf("lead time after the other settings changed: %d, %v", d, err)
	}
	write(t, s, func(tx store.Tx) error { return tx.SetBillReminderDays(ctx, userID, 7) })
	if d, err := s.BillReminderDays(ctx, userID); err != nil || d != 7 {
		t.Fatalf("lead time %d, %v; want 7", d, err)
	}
}
