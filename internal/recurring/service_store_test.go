package recurring

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	centavo "github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// TestKeeping: on both engines, with a scripted detector, each alert is
// sent once whatever the number of detections; series no longer found go
// unless the user confirmed or ignored them (those stay, ended); the
// user's state and name survive re-detection under the same id.
func TestKeeping(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		keeping(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		db, err := postgres.Open(context.Background(), pgtest.Schema(t), postgres.Options{MaxConns: 5})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		keeping(t, db)
	})
}

func keeping(t *testing.T, db store.Store) {
	ctx := context.Background()
	now := time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	today := centavo.DayOf(now)
	u := centavo.User{Email: "keep@example.com", PasswordHash: "hash", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	if err := db.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, &u) }); err != nil {
		t.Fatal(err)
	}
	stream := Series{Key: "streamflix|monthly", Merchant: "Streamflix", Cadence: Monthly, AmountCents: -1299, NextAmountCents: -1299,
		Status: Active, LastDate: today - 5, NextDate: today + 26, Currency: "USD",
		Occurrences:  []Occurrence{{TxnID: 1, Date: today - 36, AmountCents: -999}, {TxnID: 2, Date: today - 5, AmountCents: -1299}},
		PriceChanges: []PriceChange{{TxnID: 2, Date: today - 5, FromCents: 999, ToCents: 1299}}}
	gym := Series{Key: "gym|monthly", Merchant: "Gym", Cadence: Monthly, AmountCents: -4500, Status: Active, LastDate: today - 3, NextDate: today + 28}
	annual := Series{Key: "domain|annual", Merchant: "Domain", Cadence: Annual, AmountCents: -1500, Status: Active, Tentative: true}
	found := []Series{annual, gym, stream}
	svc := &Service{Cluster: store.Single{Store: db}, Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		detector: func([]Txn, centavo.Day) []Series { return found }}
	refresh := func(want int) {
		t.Helper()
		if n, err := svc.Refresh(ctx, u.ID); err != nil || n != want {
			t.Fatalf("refresh: %d new alerts, %v; want %d", n, err, want)
		}
	}
	// The first detection: stream's rise, and one recurring_detected for
	// stream and gym together (not one each: linking an account finds a
	// dozen at once); the tentative one: nothing.
	refresh(2)
	refresh(0)
	notes, err := db.Notifications(ctx, store.NotificationFilter{UserID: u.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var detected []string
	for _, n := range notes {
		if n.Kind == centavo.NotifyRecurringDetected {
			detected = append(detected, n.Message)
		}
	}
	if len(detected) != 1 || !strings.HasPrefix(detected[0], "2 recurring charges and incomes found: Gym, Streamflix.") {
		t.Fatalf("the first detection's recurring_detected: %q", detected)
	}
	list, err := svc.List(ctx, u.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("list: %+v, %v", list, err)
	}
	ids := map[string]int64{}
	for _, s := range list {
		ids[s.Key] = s.ID
	}
	if got := list[2]; got.Key != stream.Key || len(got.Occurrences) != 2 || got.PriceChanges[0].ToCents != 1299 || got.State != Suggested {
		t.Fatalf("the stored stream: %+v", got)
	}
	confirmed, ignored, name := Confirmed, Ignored, "Movies"
	if _, err := svc.Update(ctx, u.ID, ids[stream.Key], Change{State: &confirmed, Name: &name}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Update(ctx, u.ID, ids[gym.Key], Change{State: &ignored}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Update(ctx, u.ID+1, ids[gym.Key], Change{State: &confirmed}); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Fatalf("another user's series: %v", err)
	}
	found = nil // everything stopped showing up
	refresh(0)
	list, err = svc.List(ctx, u.ID)
	if err != nil || len(list) != 2 || list[0].Key != gym.Key || list[0].Status != Ended || list[0].State != Ignored ||
		list[1].Key != stream.Key || list[1].Status != Ended || list[1].Name != "Movies" {
		t.Fatalf("after the series were gone: %+v, %v", list, err)
	}
	// Their transactions are gone too (an account deleted): the kept rows
	// name none of them.
	if s := list[1]; len(s.Occurrences) != 0 || len(s.PriceChanges) != 0 {
		t.Fatalf("the ended stream names transactions that are gone: %+v %+v", s.Occurrences, s.PriceChanges)
	}
	found = []Series{stream}
	refresh(0) // back: same id, still confirmed, nothing told twice
	got, err := svc.Get(ctx, u.ID, ids[stream.Key])
	if err != nil || got.State != Confirmed || got.Name != "Movies" || got.Status != Active {
		t.Fatalf("the stream back: %+v, %v", got, err)
	}
	// The stream's first occurrence left the history read: detection
	// names it by its next one, a new key. It is still the stored row
	// (same id, state and name), and nothing is told again.
	moved := stream
	moved.Key = "streamflix|monthly|later"
	moved.Occurrences = append([]Occurrence{}, stream.Occurrences[1:]...)
	moved.Occurrences = append(moved.Occurrences, Occurrence{TxnID: 3, Date: today, AmountCents: -1299})
	found = []Series{moved}
	refresh(0)
	list, err = svc.List(ctx, u.ID)
	if err != nil || len(list) != 2 || list[1].ID != ids[stream.Key] || list[1].State != Confirmed || list[1].Name != "Movies" ||
		len(list[1].Occurrences) != 2 || list[1].Occurrences[1].TxnID != 3 {
		t.Fatalf("after the stream's key moved: %+v, %v", list, err)
	}
	// A series of the same merchant sharing nothing is another series.
	other := Series{Key: "streamflix|monthly|other", MerchantKey: stream.MerchantKey, Merchant: "Streamflix", Cadence: Monthly,
		AmountCents: -499, Status: Active, LastDate: today, NextDate: today + 30, Occurrences: []Occurrence{{TxnID: 9, Date: today, AmountCents: -499}}}
	found = []Series{moved, other}
	refresh(1) // the other one is new
	if r, err := db.Verify(ctx); err != nil || !r.OK() {
		t.Errorf("verify: %+v, %v", r, err)
	}
}
