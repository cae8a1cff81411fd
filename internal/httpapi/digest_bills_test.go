package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/smtptest"
	"github.com/centavo/centavo/internal/store"
)

// TestDigestBills: a daily digest names, under "Bills coming up", a
// confirmed monthly bill due on its day, with its amount; a monthly
// salary, confirmed too, is not a bill.
func TestDigestBills(t *testing.T) {
	t.Parallel()
	mailbox := smtptest.Start(t)
	f, mc := setupManual(t, "--smtp-addr", mailbox.Addr, "--smtp-from", "Centavo <alerts@centavo.test>")
	// Tomorrow, the digest's day, on the 28th or before: every month has
	// the bill's day.
	for mc.Now().UTC().AddDate(0, 0, 1).Day() > 28 {
		mc.Advance(24 * time.Hour)
	}
	c := signUp(t, newClient(t, f.base), "digest-bills@example.com")
	c.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": true, "digest": "daily"}, 200, nil)

	// Six months of a gym on tomorrow's day of the month and of a salary.
	due := mc.Now().UTC().AddDate(0, 0, 1)
	var csv strings.Builder
	csv.WriteString("Date,Description,Amount\n")
	for k := 6; k >= 1; k-- {
		d := time.Date(due.Year(), due.Month()-time.Month(k), due.Day(), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		fmt.Fprintf(&csv, "%s,IRONWORKS GYM,-45.00\n%s,ACME CORP PAYROLL,2500.00\n", d, d)
	}
	mustImportFile(c, newFileAccount(c), "statement.csv", csv.String())
	list := waitRecurring(t, c, 2)
	gym, pay := byMerchant(t, list, "ironworks"), byMerchant(t, list, "acme")
	if gym.NextDate != due.Format(time.DateOnly) || gym.Status != "active" {
		t.Fatalf("the gym's next charge %s, want %s: %+v", gym.NextDate, due.Format(time.DateOnly), gym)
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", gym.ID), map[string]any{"state": "confirmed", "name": "Iron Gym"}, 200, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", pay.ID), map[string]any{"state": "confirmed", "name": "Pay day"}, 200, nil)

	// The day turns; its plan sends the digest.
	mc.Advance(24 * time.Hour)
	day := mc.Now().UTC().Format(time.DateOnly)
	ctx := context.Background()
	st := f.app.Shards[0]
	err := st.InTx(ctx, func(tx store.Tx) error {
		return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.ScheduleRefreshes{Day: day}})
	})
	if err != nil {
		t.Fatal(err)
	}
	// The day's digest. The app's own plan may have sent the day before's
	// already (built while the import was still being read, before the
	// bill was found): the day's is the one that names the day's bill, or
	// the newest when none does (and the checks below say what it lacks).
	var mail string
	for n, deadline := 1, time.Now().Add(30*time.Second); time.Now().Before(deadline) && !strings.Contains(mail, "Bills coming up"); {
		msgs := mailbox.Wait(n, time.Until(deadline))
		if len(msgs) < n {
			break
		}
		mail, n = string(msgs[len(msgs)-1].Data), len(msgs)+1
	}
	if mail == "" {
		t.Fatal("no digest e-mail")
	}
	for _, want := range []string{"daily digest", "Bills coming up", day + ": Iron Gym, $45.00"} {
		if !strings.Contains(mail, want) {
			t.Errorf("the digest does not say %q:\n%s", want, mail)
		}
	}
	if strings.Contains(mail, day+": Pay day") || strings.Contains(mail, "-$45.00") {
		t.Errorf("the digest lists the salary or a negative bill:\n%s", mail)
	}
	for _, st := range f.app.Shards {
		if r, err := st.Verify(ctx); err != nil || !r.OK() {
			t.Errorf("verify: %+v, %v", r, err)
		}
	}
}
