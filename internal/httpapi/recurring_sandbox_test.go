package httpapi_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/sandbox"
)

// TestRecurringSandbox is issue 16's acceptance through the sandbox bank on
// SQLite: link a customer with a price rise and a cancelled subscription →
// the right price_increase and an ended series; bill_upcoming sent once.
func TestRecurringSandbox(t *testing.T) {
	t.Parallel()
	testRecurringSandbox(t)
}

// TestRecurringSandboxPostgres is TestRecurringSandbox on PostgreSQL (with
// the sandbox bank mounted, as the embedded defaults have it).
func TestRecurringSandboxPostgres(t *testing.T) {
	t.Parallel()
	testRecurringSandbox(t, "--database-url", pgtest.Schema(t), "--sandbox")
}

// sandboxSeries is one of the bank's true series as the first download
// brings it: its charges (dates and amounts) inside the window.
type sandboxSeries struct {
	truth   sandbox.RecurringTruth
	dates   []string // YYYY-MM-DD, in order
	amounts []int64  // positive
}

// rises are the indexes of the charges more than 5 % or $1 above the one
// before (the detector's rule).
func (s sandboxSeries) rises() []int {
	var out []int
	for i := 1; i < len(s.amounts); i++ {
		from, to := s.amounts[i-1], s.amounts[i]
		if rise := to - from; rise > 0 && (rise*100 > from*5 || rise > 100) {
			out = append(out, i)
		}
	}
	return out
}

// recurringCandidate is a sandbox customer with, in the first download as
// of today, a subscription whose price rose recently and one that was
// cancelled long enough ago for detection to call it ended.
type recurringCandidate struct {
	n           uint64
	rise, ended sandboxSeries
}

// findRecurringCustomer searches the sandbox's customers with the truth as
// of today (the test's clock, whatever CENTAVO_TEST_NOW says), or as of a
// few days later when none fits today: it returns the customer and how many
// days on the test should move its clock. About half of the days have one
// among the first customers.
func findRecurringCustomer(today time.Time) (recurringCandidate, int, bool) {
	// The SQLite and PostgreSQL tests search once (a few seconds to a
	// minute: the truth is computed customer by customer).
	recurringSearch.Lock()
	defer recurringSearch.Unlock()
	key := today.Format(time.DateOnly)
	if r, ok := recurringSearch.done[key]; ok {
		return r.c, r.days, r.ok
	}
	c, days, ok := searchRecurringCustomer(today)
	recurringSearch.done[key] = recurringFound{c, days, ok}
	return c, days, ok
}

type recurringFound struct {
	c    recurringCandidate
	days int
	ok   bool
}

var recurringSearch = struct {
	sync.Mutex
	done map[string]recurringFound
}{done: map[string]recurringFound{}}

func searchRecurringCustomer(today time.Time) (recurringCandidate, int, bool) {
	for days := 0; days <= 120; days += 4 {
		for n := uint64(1); n <= 1500; n++ {
			if c, ok := recurringCandidateOf(n, today.AddDate(0, 0, days)); ok {
				return c, days, true
			}
		}
	}
	return recurringCandidate{}, 0, false
}

// periodDays and graceDays are detection's nominal period and grace
// (docs/0034) of the cadences a first download can show ending.
var periodDays = map[string]int{sandbox.CadenceWeekly: 7, sandbox.CadenceBiweekly: 14, sandbox.CadenceMonthly: 31}
var graceDays = map[string]int{sandbox.CadenceWeekly: 3, sandbox.CadenceBiweekly: 4, sandbox.CadenceMonthly: 5}

func recurringCandidateOf(n uint64, today time.Time) (recurringCandidate, bool) {
	cust, ok := sandbox.ParseLogin(fmt.Sprintf("demo-%d", n))
	if !ok {
		return recurringCandidate{}, false
	}
	start := ingest.FirstWindowStart(today)
	first := start.Format(time.DateOnly)
	truths := cust.Recurring(today)
	// Merchants with more than one series in the window (two at Apple, a
	// subscription that came back) are left out: they are not the point.
	perMerchant := map[string]int{}
	for _, tr := range truths {
		if len(tr.Dates) > 0 && !tr.Dates[len(tr.Dates)-1].Before(start) {
			perMerchant[tr.Merchant]++
		}
	}
	var rise, ended []sandbox.RecurringTruth
	for _, tr := range truths {
		if tr.Income || tr.Varies || perMerchant[tr.Merchant] != 1 || periodDays[tr.Cadence] == 0 {
			continue
		}
		switch {
		case tr.PriceRise && !tr.Ended:
			rise = append(rise, tr)
		case tr.Ended:
			ended = append(ended, tr)
		}
	}
	todayDay := centavo.DayOf(today)
	daysAgo := func(day string) int {
		d, _ := time.Parse(time.DateOnly, day)
		return int(todayDay - centavo.DayOf(d))
	}
	// Four charges in the window, two periods and their grace gone since
	// the last (with room for a weekend's shift): the truth's dates tell,
	// before the bank's rows (dear to make) are read.
	ended = slices.DeleteFunc(ended, func(tr sandbox.RecurringTruth) bool {
		k := 0
		for _, d := range tr.Dates {
			if !d.Before(start) {
				k++
			}
		}
		last := tr.Dates[len(tr.Dates)-1].Format(time.DateOnly)
		return k < 4 || daysAgo(last) <= 2*periodDays[tr.Cadence]+graceDays[tr.Cadence]+3
	})
	if len(rise) == 0 || len(ended) == 0 {
		return recurringCandidate{}, false
	}
	// The bank's rows of the window, by merchant (amounts of each charge).
	rows := map[string][]sandbox.Txn{}
	for _, a := range cust.Accounts() {
		for _, tx := range cust.Transactions(a.Type, start, today, today) {
			if tx.Category != centavo.CatTransfer {
				rows[tx.Merchant] = append(rows[tx.Merchant], tx)
			}
		}
	}
	inWindow := func(tr sandbox.RecurringTruth) (sandboxSeries, bool) {
		s := sandboxSeries{truth: tr}
		byDay := map[string]int64{}
		for _, tx := range rows[tr.Merchant] {
			byDay[tx.Posted.Format(time.DateOnly)] = -tx.AmountCents
		}
		for _, d := range tr.Dates {
			if day := d.Format(time.DateOnly); day >= first {
				s.dates, s.amounts = append(s.dates, day), append(s.amounts, byDay[day])
			}
		}
		// Nothing else bought there in the window: the series is the
		// merchant's rows.
		return s, len(s.dates) == len(rows[tr.Merchant]) && len(byDay) == len(s.dates)
	}
	c := recurringCandidate{n: n}
	for _, tr := range rise {
		s, ok := inWindow(tr)
		r := s.rises()
		// One rise, after a charge at the old price, charged twice at the
		// new price, the first of them within the alert's 45 days.
		if ok && len(s.dates) >= 3 && len(r) == 1 && r[0] >= 1 && r[0] <= len(s.dates)-2 && daysAgo(s.dates[r[0]]) <= 45 {
			c.rise = s
			break
		}
	}
	for _, tr := range ended {
		s, ok := inWindow(tr)
		// At one price (no trial: not a price change).
		if ok && len(s.rises()) == 0 && s.amounts[0] > 100 {
			c.ended = s
			break
		}
	}
	return c, c.rise.dates != nil && c.ended.dates != nil
}

func testRecurringSandbox(t *testing.T, args ...string) {
	base := clocktest.New(t)
	var shift atomic.Int64 // days the test moved the clock forward
	now := func() time.Time { return base().Add(time.Duration(shift.Load()) * 24 * time.Hour) }
	cand, days, ok := findRecurringCustomer(now().UTC())
	if !ok {
		t.Fatalf("no sandbox customer has a recent price rise and an ended subscription in the 120 days after %s", now().UTC())
	}
	shift.Store(int64(days))
	t.Logf("demo-%d, %d days on: %s %s rose, %s %s ended", cand.n, days, cand.rise.truth.Merchant, cand.rise.truth.Cadence,
		cand.ended.truth.Merchant, cand.ended.truth.Cadence)
	a := apptest.StartAt(t, now, args...)
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	c := signUp(t, newClient(t, f.base), "linked-bills@example.com")
	var me struct {
		ID int64 `json:"id"`
	}
	c.Do("GET", "/api/v1/me", nil, 200, &me)
	linkSandbox(c, f, int(cand.n))

	// The series are the bank's: a series is the truth's when its
	// transactions are the truth's charges of the window (the categorizer
	// names merchants its own way).
	posted := map[int64]string{}
	for _, tx := range c.AllTransactions("") {
		posted[tx.ID] = tx.PostedAt.UTC().Format(time.DateOnly)
	}
	find := func(list []recurringOut, s sandboxSeries) (recurringOut, bool) {
		for _, r := range list {
			var dates []string
			for _, id := range r.TransactionIDs {
				dates = append(dates, posted[id])
			}
			slices.Sort(dates)
			if slices.Equal(dates, s.dates) {
				return r, true
			}
		}
		return recurringOut{}, false
	}
	var rise, ended recurringOut
	deadline := time.Now().Add(30 * time.Second)
	for {
		list := getRecurring(t, c)
		r, ok1 := find(list, cand.rise)
		e, ok2 := find(list, cand.ended)
		if ok1 && ok2 {
			rise, ended = r, e
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo-%d: waited for the series of %+v and %+v; have %+v", cand.n, cand.rise, cand.ended, list)
		}
		time.Sleep(50 * time.Millisecond) // polling the workers, with a deadline
	}
	i := cand.rise.rises()[0]
	from, to := cand.rise.amounts[i-1], cand.rise.amounts[i]
	if rise.Status != "active" || rise.Cadence != cand.rise.truth.Cadence || rise.AmountCents != cand.rise.truth.AmountCents ||
		len(rise.PriceChanges) != 1 || rise.PriceChanges[0].FromCents != from || rise.PriceChanges[0].ToCents != to {
		t.Fatalf("demo-%d: the series of %s: %+v; the truth %+v, a rise from %d to %d", cand.n, cand.rise.truth.Merchant, rise, cand.rise, from, to)
	}
	if ended.Status != "ended" || ended.Cadence != cand.ended.truth.Cadence {
		t.Fatalf("demo-%d: the cancelled %s: %+v; the truth %+v", cand.n, cand.ended.truth.Merchant, ended, cand.ended)
	}
	ofSeries := func(kind string, r recurringOut) []notificationOut {
		var out []notificationOut
		for _, n := range notificationsOf(t, c, kind) {
			if strings.HasPrefix(n.Message, r.Merchant+" ") {
				out = append(out, n)
			}
		}
		return out
	}
	waitNotifications(t, c, "price_increase", 1)
	money := func(cents int64) string { return centavo.FormatMoney(cents, "USD") }
	if got := ofSeries("price_increase", rise); len(got) != 1 ||
		!strings.Contains(got[0].Message, "from "+money(from)+" to "+money(to)+" on "+cand.rise.dates[i]) {
		t.Fatalf("price_increase of %s (%s to %s on %s): %+v", rise.Merchant, money(from), money(to), cand.rise.dates[i], got)
	}

	// Confirm a monthly bill (the risen one if monthly), move to
	// bill_reminder_days before its next charge, tick daily thrice: one
	// bill_upcoming.
	bill := rise
	if bill.Cadence != "monthly" {
		bill = monthlyBill(t, c)
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", bill.ID), map[string]any{"state": "confirmed"}, 200, nil)
	var set struct {
		BillReminderDays int `json:"bill_reminder_days"`
	}
	c.Do("GET", "/api/v1/me/notification-settings", nil, 200, &set)
	next, err := time.Parse(time.DateOnly, bill.NextDate)
	if err != nil {
		t.Fatal(err)
	}
	if days := int(centavo.DayOf(next)-centavo.DayOf(now())) - set.BillReminderDays; days > 0 {
		if got := ofSeries("bill_upcoming", bill); len(got) != 0 {
			t.Fatalf("bill_upcoming before its time: %+v", got)
		}
		shift.Add(int64(days))
	}
	ctx := context.Background()
	for range 3 {
		if _, err := a.Recurring.Refresh(ctx, me.ID); err != nil {
			t.Fatal(err)
		}
	}
	if got := ofSeries("bill_upcoming", bill); len(got) != 1 || !strings.Contains(got[0].Message, bill.NextDate) {
		t.Fatalf("bill_upcoming of %s due %s: %+v", bill.Merchant, bill.NextDate, got)
	}
	if got := ofSeries("price_increase", rise); len(got) != 1 {
		t.Fatalf("price_increase after the ticks: %+v", got)
	}
	for _, st := range f.app.Shards {
		if r, err := st.Verify(ctx); err != nil || !r.OK() {
			t.Errorf("verify: %+v, %v", r, err)
		}
	}
}

// monthlyBill is an active monthly outflow of the user's that alerts (not
// tentative: rent, insurance, a subscription).
func monthlyBill(t *testing.T, c *client) recurringOut {
	t.Helper()
	var out struct {
		Recurring []struct {
			recurringOut
			Tentative bool `json:"tentative"`
		}
	}
	c.Do("GET", "/api/v1/recurring", nil, 200, &out)
	for _, r := range out.Recurring {
		if r.Cadence == "monthly" && r.Status == "active" && r.AmountCents < 0 && !r.Tentative {
			return r.recurringOut
		}
	}
	t.Fatalf("no active monthly bill in %+v", out.Recurring)
	return recurringOut{}
}
