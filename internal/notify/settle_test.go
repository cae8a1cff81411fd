package notify_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// TestSettingsSettleOnlyNewThresholds: saving the notification settings
// settles the month's budget alerts (an evaluate_budgets job) only when
// the thresholds change; a change of channels, digest or reminders
// enqueues nothing (docs/0036: a settle run can swallow a pending
// spending evaluation's crossing).
func TestSettingsSettleOnlyNewThresholds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "n.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q, err := db.NewQueue(&river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	u := centavo.User{Email: "settle@example.com", PasswordHash: "hash", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	if err := db.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, &u) }); err != nil {
		t.Fatal(err)
	}
	svc := &notify.Service{Cluster: store.Single{Store: db}, Now: func() time.Time { return now }}
	settles := func() int {
		t.Helper()
		jobs, err := q.Jobs(ctx, "evaluate_budgets")
		if err != nil {
			t.Fatal(err)
		}
		return len(jobs)
	}
	days := 5
	steps := []struct {
		set  centavo.NotificationSettings
		want int
	}{
		{centavo.NotificationSettings{Webhooks: true, Thresholds: []int{100, 80}, Digest: centavo.DigestOff}, 0}, // the defaults
		{centavo.NotificationSettings{Webhooks: false, Thresholds: []int{80, 100}, BillReminderDays: &days}, 0},
		{centavo.NotificationSettings{Thresholds: []int{50, 100}}, 1},
		{centavo.NotificationSettings{Thresholds: []int{50, 100}, Digest: centavo.DigestWeekly}, 1},
	}
	for i, s := range steps {
		s.set.UserID = u.ID
		if err := svc.SetSettings(ctx, s.set); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := settles(); got != s.want {
			t.Fatalf("step %d: %d evaluate_budgets jobs, want %d", i, got, s.want)
		}
	}
}
