package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
)

type recurringOut struct {
	ID              int64   `json:"id"`
	Merchant        string  `json:"merchant"`
	Name            string  `json:"name"`
	Cadence         string  `json:"cadence"`
	AmountCents     int64   `json:"amount_cents"`
	NextDate        string  `json:"next_date"`
	NextAmountCents int64   `json:"next_amount_cents"`
	Status          string  `json:"status"`
	State           string  `json:"state"`
	TransactionIDs  []int64 `json:"transaction_ids"`
	PriceChanges    []struct {
		FromCents int64 `json:"from_cents"`
		ToCents   int64 `json:"to_cents"`
	} `json:"price_changes"`
}

type upcomingOut struct {
	RecurringID int64  `json:"recurring_id"`
	Date        string `json:"date"`
	AmountCents int64  `json:"amount_cents"`
}

// TestRecurring (issue 16, the acceptance point) on SQLite.
func TestRecurring(t *testing.T) {
	t.Parallel()
	testRecurring(t)
}

// TestRecurringPostgres is TestRecurring on PostgreSQL.
func TestRecurringPostgres(t *testing.T) {
	t.Parallel()
	testRecurring(t, "--database-url", pgtest.Schema(t))
}

// recurringHistory is a statement with a year of a streaming service whose
// latest charge rose from $9.99 to $12.99, a gym cancelled five months ago,
// and coffee bought at random: as of today.
func recurringHistory(today time.Time) string {
	var b strings.Builder
	b.WriteString("Date,Description,Amount\n")
	last := today.AddDate(0, 0, -10)
	for k := 11; k >= 0; k-- {
		amount := "-9.99"
		if k == 0 {
			amount = "-12.99"
		}
		fmt.Fprintf(&b, "%s,STREAMFLIX.COM,%s\n", last.AddDate(0, -k, 0).Format(time.DateOnly), amount)
	}
	gymLast := today.AddDate(0, -5, 0)
	for k := 7; k >= 0; k-- {
		fmt.Fprintf(&b, "%s,IRONWORKS GYM,-45.00\n", gymLast.AddDate(0, -k, 0).Format(time.DateOnly))
	}
	for i, d := range []int{3, 17, 40, 41, 95, 160, 230, 300} {
		fmt.Fprintf(&b, "%s,CORNER CAFE,-%d.%02d\n", today.AddDate(0, 0, -d).Format(time.DateOnly), 3+i%4, 17*i%100)
	}
	return b.String()
}

func testRecurring(t *testing.T, args ...string) {
	base := clocktest.New(t)
	var shift atomic.Int64 // days the test moved the clock forward
	now := func() time.Time { return base().Add(time.Duration(shift.Load()) * 24 * time.Hour) }
	a := apptest.StartAt(t, now, args...)
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	c := signUp(t, newClient(t, f.base), "bills@example.com")
	var me struct {
		ID int64 `json:"id"`
	}
	c.Do("GET", "/api/v1/me", nil, 200, &me)
	acct := newFileAccount(c)
	mustImportFile(c, acct, "statement.csv", recurringHistory(now().UTC()))

	// The import's detection job finds both series.
	list := waitRecurring(t, c, 2)
	stream, gym := byMerchant(t, list, "streamflix"), byMerchant(t, list, "ironworks")
	if stream.Status != "active" || stream.State != "suggested" || stream.Cadence != "monthly" || len(stream.TransactionIDs) != 12 ||
		stream.NextAmountCents != -1299 || len(stream.PriceChanges) != 1 || stream.PriceChanges[0].FromCents != 999 || stream.PriceChanges[0].ToCents != 1299 {
		t.Fatalf("the streaming series: %+v", stream)
	}
	if gym.Status != "ended" || len(gym.TransactionIDs) != 8 {
		t.Fatalf("the cancelled gym: %+v", gym)
	}
	// The rise is recent: one price_increase; the streaming service is new
	// and active: one recurring_detected; the gym, ended, none.
	if got := waitNotifications(t, c, "price_increase", 1); len(got) != 1 || !strings.Contains(got[0].Message, "$12.99") {
		t.Fatalf("price_increase: %+v", got)
	}
	if got := notificationsOf(t, c, "recurring_detected"); len(got) != 1 || !strings.Contains(strings.ToLower(got[0].Message), "streamflix") {
		t.Fatalf("recurring_detected: %+v", got)
	}

	// The user's decisions stick across detections.
	var patched recurringOut
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", stream.ID), map[string]any{"state": "confirmed", "name": " Movies "}, 200, &patched)
	if patched.State != "confirmed" || patched.Name != "Movies" || patched.Merchant != stream.Merchant {
		t.Fatalf("patched: %+v", patched)
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", gym.ID), map[string]any{"state": "ignored"}, 200, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", gym.ID), map[string]any{"state": "paused"}, 422, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", gym.ID), map[string]any{}, 422, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", gym.ID), map[string]any{"state": 3}, 400, nil)
	c.Do("PATCH", "/api/v1/recurring/999999", map[string]any{"state": "ignored"}, 404, nil)
	ctx := context.Background()
	refresh := func() {
		t.Helper()
		if _, err := a.Recurring.Refresh(ctx, me.ID); err != nil {
			t.Fatal(err)
		}
	}
	refresh()
	list = getRecurring(t, c)
	if s := byMerchant(t, list, "streamflix"); s.ID != stream.ID || s.State != "confirmed" || s.Name != "Movies" {
		t.Fatalf("after re-detection: %+v", s)
	}
	if g := byMerchant(t, list, "ironworks"); g.ID != gym.ID || g.State != "ignored" {
		t.Fatalf("the ignored gym after re-detection: %+v", g)
	}

	// Upcoming: the confirmed series' next charge; bad windows are 400.
	var up struct{ Upcoming []upcomingOut }
	c.Do("GET", "/api/v1/recurring/upcoming?days=60", nil, 200, &up)
	if len(up.Upcoming) != 2 || up.Upcoming[0].RecurringID != stream.ID || up.Upcoming[0].Date != stream.NextDate ||
		up.Upcoming[0].AmountCents != -1299 || up.Upcoming[1].Date <= up.Upcoming[0].Date {
		t.Fatalf("upcoming in 60 days: %+v (next %s)", up, stream.NextDate)
	}
	for _, bad := range []string{"0", "367", "x", ""} {
		c.Do("GET", "/api/v1/recurring/upcoming?days="+bad, nil, 400, nil)
	}

	// Move to two days before the next charge: the daily tick, run twice,
	// sends bill_upcoming once.
	next, err := time.Parse(time.DateOnly, stream.NextDate)
	if err != nil {
		t.Fatal(err)
	}
	days := int(next.Sub(now().UTC().Truncate(24*time.Hour)).Hours()/24) - 2
	if days < 1 {
		t.Fatalf("next charge %s is too close to today %s", stream.NextDate, now().UTC())
	}
	if got := notificationsOf(t, c, "bill_upcoming"); len(got) != 0 {
		t.Fatalf("bill_upcoming before its time: %+v", got)
	}
	shift.Add(int64(days))
	refresh()
	refresh()
	if got := notificationsOf(t, c, "bill_upcoming"); len(got) != 1 || !strings.Contains(got[0].Message, "Movies") {
		t.Fatalf("bill_upcoming: %+v", got)
	}
	if got := notificationsOf(t, c, "price_increase"); len(got) != 1 {
		t.Fatalf("price_increase after the ticks: %+v", got)
	}

	// Settings: bill_reminder_days, default 3, 0–30.
	var set struct {
		BillReminderDays int `json:"bill_reminder_days"`
	}
	c.Do("GET", "/api/v1/me/notification-settings", nil, 200, &set)
	if set.BillReminderDays != 3 {
		t.Fatalf("default bill_reminder_days %d", set.BillReminderDays)
	}
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"thresholds": []int{80, 100}, "bill_reminder_days": 31}, 422, nil)
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"thresholds": []int{80, 100}, "bill_reminder_days": 0}, 200, &set)
	if set.BillReminderDays != 0 {
		t.Fatalf("bill_reminder_days after PUT 0: %d", set.BillReminderDays)
	}
	for _, st := range f.app.Shards {
		if r, err := st.Verify(ctx); err != nil || !r.OK() {
			t.Errorf("verify: %+v, %v", r, err)
		}
	}
}

func getRecurring(t *testing.T, c *client) []recurringOut {
	t.Helper()
	var out struct{ Recurring []recurringOut }
	c.Do("GET", "/api/v1/recurring", nil, 200, &out)
	return out.Recurring
}

func waitRecurring(t *testing.T, c *client, n int) []recurringOut {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if got := getRecurring(t, c); len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for %d recurring series, have %+v", n, getRecurring(t, c))
		}
		time.Sleep(50 * time.Millisecond) // polling the workers, with a deadline
	}
}

func byMerchant(t *testing.T, list []recurringOut, merchant string) recurringOut {
	t.Helper()
	for _, s := range list {
		if strings.Contains(strings.ToLower(s.Merchant), merchant) {
			return s
		}
	}
	t.Fatalf("no series of %s in %+v", merchant, list)
	return recurringOut{}
}

// giveSeries stores a recurring series for the user behind c (whatever
// detection finds in their transactions), confirmed and named "Alice's"
// so that detection keeps it, and returns its id.
func giveSeries(t *testing.T, f *fixture, c *client) int64 {
	t.Helper()
	var me struct {
		ID int64 `json:"id"`
	}
	c.Do("GET", "/api/v1/me", nil, 200, &me)
	ctx := context.Background()
	st, err := f.app.Cluster.ForUser(ctx, me.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := centavo.DayOf(f.now())
	row := store.RecurringSeries{
		UserID: me.ID, Key: "isolation|monthly", MerchantKey: "isolation", Merchant: "Isolation Club", Category: "entertainment",
		Currency: "USD", Cadence: "monthly", AmountCents: -1000, LastDate: today - 20, NextDate: today + 10, NextAmountCents: -1000,
		Status: "active", History: `{"occurrences":[]}`, UpdatedAt: f.now(),
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.UpsertRecurringSeries(ctx, &row); err != nil {
			return err
		}
		return tx.SetRecurringState(ctx, me.ID, row.ID, "confirmed", "Alice's")
	})
	if err != nil {
		t.Fatal(err)
	}
	return row.ID
}
