package httpapi_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/smtptest"
	"github.com/centavo/centavo/internal/store"
)

// TestDigest: with a daily digest, notifications make no e-mail of their
// own; the next day's plan sends one digest with them and the month's
// spending, once however often it runs; a day with nothing to say sends
// none; a weekly digest goes on Mondays only.
func TestDigest(t *testing.T) {
	t.Parallel()
	mailbox := smtptest.Start(t)
	f, mc := setupManual(t, "--smtp-addr", mailbox.Addr, "--smtp-from", "Centavo <alerts@centavo.test>")
	c := signUp(t, newClient(t, f.base), "digest@example.com")
	var me struct{ ID int64 }
	c.Do("GET", "/api/v1/me", nil, 200, &me)
	ctx := context.Background()
	st := f.app.Shards[0]

	var set struct{ Digest string }
	c.Do("GET", "/api/v1/me/notification-settings", nil, 200, &set)
	if set.Digest != "off" {
		t.Errorf("default digest %q", set.Digest)
	}
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": true, "digest": "hourly"}, 400, nil)
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": true, "digest": ""}, 400, nil)
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": true, "digest": "daily"}, 200, &set)
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": true, "thresholds": []int{90}}, 200, &set)
	if set.Digest != "daily" {
		t.Fatalf("digest after a PUT without it: %q, want it kept", set.Digest)
	}

	// A manual account (the daily plan refreshes none) with a purchase,
	// and an alert.
	var made accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &made)
	c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": made.Accounts[0].ID, "posted_at": mc.Now().UTC().Format(time.DateOnly),
		"amount_cents": -4200, "merchant": "Corner Market", "category": "food"}, 201, nil)
	alert := func(key, message string) {
		t.Helper()
		err := st.InTx(ctx, func(tx store.Tx) error {
			_, err := notify.Create(ctx, tx, &centavo.Notification{UserID: me.ID, Kind: centavo.NotifyAccountStale, Key: key, Message: message, CreatedAt: mc.Now().UTC()})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	alert("digest-1", "Daily news")
	deliveries, err := st.Deliveries(ctx, store.DeliveryFilter{UserID: me.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deliveries {
		if d.Channel == centavo.ChannelEmail {
			t.Errorf("an e-mail delivery with a daily digest: %+v", d)
		}
	}

	plan := func() string {
		t.Helper()
		day := mc.Now().UTC().Format(time.DateOnly)
		err := st.InTx(ctx, func(tx store.Tx) error {
			return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.ScheduleRefreshes{Day: day}})
		})
		if err != nil {
			t.Fatal(err)
		}
		return day
	}
	mc.Advance(24 * time.Hour)
	day := plan()
	msgs := mailbox.Wait(1, 30*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("%d e-mails after the day turned, want 1", len(msgs))
	}
	mail := string(msgs[0].Data)
	for _, want := range []string{"daily digest", "Daily news", "Spent in " + centavo.MonthOf(mc.Now().Add(-24*time.Hour)).String() + " so far: $42.00"} {
		if !strings.Contains(mail, want) {
			t.Errorf("the digest does not say %q:\n%s", want, mail)
		}
	}
	waitDigestJob(t, f, me.ID, "daily:"+day)

	// Again: the plan (unique per day) and the digest's job run twice.
	plan()
	job := &river.Job[jobargs.Digest]{JobRow: &rivertype.JobRow{ID: -1, Attempt: 1}, Args: jobargs.Digest{UserID: me.ID, Period: "daily:" + day}}
	if err := f.app.Notify.SendDigest(ctx, job); err != nil {
		t.Fatal(err)
	}
	d, err := st.Digest(ctx, me.ID, "daily:"+day)
	if err != nil || d.Status != centavo.DeliveryDelivered || d.Attempts != 1 {
		t.Errorf("the day's digest: %+v, %v", d, err)
	}

	// The next day has nothing new to say: no e-mail.
	mc.Advance(24 * time.Hour)
	day = plan()
	waitDigestJob(t, f, me.ID, "daily:"+day)
	if d, err := st.Digest(ctx, me.ID, "daily:"+day); err != nil || d.Status != centavo.DigestEmpty {
		t.Errorf("a day with nothing to say: %+v, %v", d, err)
	}

	// Weekly: a new alert waits for Monday.
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": true, "digest": "weekly"}, 200, nil)
	alert("digest-2", "Weekly news")
	for {
		mc.Advance(24 * time.Hour)
		if mc.Now().UTC().Weekday() == time.Monday {
			break
		}
		planned := plan()
		waitDigestsPlanned(t, f, planned)
		if got := len(mailbox.Messages()); got != 1 {
			t.Fatalf("%d e-mails on a %s with a weekly digest, want still 1", got, mc.Now().UTC().Weekday())
		}
	}
	day = plan()
	msgs = mailbox.Wait(2, 30*time.Second)
	if len(msgs) != 2 || !strings.Contains(string(msgs[1].Data), "weekly digest") || !strings.Contains(string(msgs[1].Data), "Weekly news") {
		t.Fatalf("after Monday's plan: %d e-mails", len(msgs))
	}
	waitDigestJob(t, f, me.ID, "weekly:"+day)
	if got := len(mailbox.Messages()); got != 2 {
		t.Errorf("%d e-mails, want 2", got)
	}
	for _, st := range f.app.Shards {
		if r, err := st.Verify(ctx); err != nil || !r.OK() {
			t.Errorf("verify: %+v, %v", r, err)
		}
	}
}

// waitDigestJob waits until the digest job of the user and period completed.
func waitDigestJob(t *testing.T, f *fixture, userID int64, period string) {
	t.Helper()
	waitJob(t, f, jobargs.Digest{}.Kind(), func(raw []byte) bool {
		var args jobargs.Digest
		return json.Unmarshal(raw, &args) == nil && args == jobargs.Digest{UserID: userID, Period: period}
	})
}

// waitDigestsPlanned waits until the digests of the day were planned.
func waitDigestsPlanned(t *testing.T, f *fixture, day string) {
	t.Helper()
	waitJob(t, f, jobargs.PlanDigests{}.Kind(), func(raw []byte) bool {
		var args jobargs.PlanDigests
		return json.Unmarshal(raw, &args) == nil && args.Day == day
	})
}

func waitJob(t *testing.T, f *fixture, kind string, match func([]byte) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		jobs, err := f.app.Queues[0].Jobs(context.Background(), kind)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			if match(j.EncodedArgs) && j.State == rivertype.JobStateCompleted {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no completed %s job", kind)
		}
		time.Sleep(50 * time.Millisecond) // polling the workers, with a deadline
	}
}
