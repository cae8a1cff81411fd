package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/recurring"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// TestRecurringBills: the digest's bills are the recurring service's
// upcoming charges in the window, amounts positive; incomes, inflows,
// ignored, tentative and ended series and charges after the window are
// left out.
func TestRecurringBills(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bills.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := clocktest.New(t)().UTC()
	today := centavo.DayOf(now)
	u := centavo.User{Email: "bills@example.com", PasswordHash: "hash", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	if err := db.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, &u) }); err != nil {
		t.Fatal(err)
	}
	type row struct {
		key, name, status, state string
		amount, next             int64
		income, tentative        bool
		in                       centavo.Day // days to the next charge
	}
	rows := []row{
		{key: "rent", name: "Rent", status: "active", state: "confirmed", amount: -150000, next: -150000, in: 1},
		{key: "stream", status: "active", state: "suggested", amount: -1299, next: -1399, in: 3},
		{key: "salary", status: "active", state: "confirmed", amount: 300000, next: 300000, income: true, in: 2},
		{key: "refund", status: "active", state: "suggested", amount: 500, next: 500, in: 2},
		{key: "gym", status: "active", state: "ignored", amount: -4500, next: -4500, in: 2},
		{key: "guess", status: "active", state: "suggested", amount: -999, next: -999, tentative: true, in: 2},
		{key: "old", status: "ended", state: "suggested", amount: -2000, next: -2000, in: 2},
		{key: "later", status: "active", state: "suggested", amount: -700, next: -700, in: 9},
	}
	err = db.InTx(ctx, func(tx store.Tx) error {
		for _, r := range rows {
			s := store.RecurringSeries{UserID: u.ID, Key: r.key + "|monthly", MerchantKey: r.key, Merchant: "M " + r.key, Category: "other",
				Currency: "USD", Cadence: "monthly", AmountCents: r.amount, Income: r.income, LastDate: today + r.in - 30,
				NextDate: today + r.in, NextAmountCents: r.next, Status: r.status, Tentative: r.tentative,
				History: `{"occurrences":[]}`, UpdatedAt: now}
			if err := tx.UpsertRecurringSeries(ctx, &s); err != nil {
				return err
			}
			if err := tx.SetRecurringState(ctx, u.ID, s.ID, r.state, r.name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := &recurring.Service{Cluster: store.Single{Store: db}, Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var src notify.BillSource = recurringBills{svc}
	got, err := src.Upcoming(ctx, u.ID, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("bills %+v, want the rent and the streaming service", got)
	}
	rent, stream := got[0], got[1]
	if rent.Merchant != "Rent" || rent.Date != today+1 || rent.AmountCents != 150000 || rent.Currency != "USD" || rent.RecurringID == 0 {
		t.Errorf("the rent: %+v", rent)
	}
	if stream.Merchant != "M stream" || stream.Date != today+3 || stream.AmountCents != 1399 || stream.RecurringID == rent.RecurringID {
		t.Errorf("the streaming service (its next amount): %+v", stream)
	}
	// A bad window is the service's error.
	if _, err := src.Upcoming(ctx, u.ID, 0); centavo.ErrorCode(err) != centavo.EINVALID {
		t.Errorf("days 0: %v", err)
	}
}
