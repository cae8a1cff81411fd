package httpapi_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
)

// TestBudgetProjected (issue 19, item 4) through the API, the clock moved
// from the 6th to the 9th of the test's month: shopping's history is
// $300 a month, its budget $300 and $150 is spent by the 6th. Nothing on
// the 6th; budget_projected on the 7th, once; projected_cents follows
// the pace; travel, which went over its budget, is never projected over
// it, even after a refund.
func TestBudgetProjected(t *testing.T) {
	t.Parallel()
	month := centavo.MonthOf(clocktest.New(t)().UTC())
	var clock atomic.Pointer[time.Time]
	at := func(day int) {
		d := time.Date(month.Year, month.Month, day, 9, 0, 0, 0, time.UTC)
		clock.Store(&d)
	}
	at(6)
	start := time.Now()
	a := apptest.StartAt(t, func() time.Time { return clock.Load().Add(time.Since(start)) })
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	c := signUp(t, newClient(t, f.base), "projected@example.com")
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	wallet := cash.Accounts[0].ID
	add := func(day time.Time, cents int64, category string) {
		t.Helper()
		c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": wallet, "posted_at": day.Format("2006-01-02"), "amount_cents": -cents, "merchant": "Store " + category, "category": category}, 201, nil)
		waitEvaluations(t, f)
	}
	today := func() time.Time { return f.now().UTC() }
	var lengths []int64
	for i := 3; i >= 1; i-- {
		m := month.Add(-i)
		add(m.Start().AddDate(0, 0, 10), 300_00, "shopping")
		lengths = append(lengths, int64(m.End().Sub(m.Start())/(24*time.Hour)))
	}
	c.Do("PUT", "/api/v1/budgets/shopping", map[string]any{"amount_cents": 300_00}, 200, nil)
	c.Do("PUT", "/api/v1/budgets/travel", map[string]any{"amount_cents": 100_00}, 200, nil)
	waitEvaluations(t, f)
	add(today(), 150_00, "shopping")
	days := int64(month.End().Sub(month.Start()) / (24 * time.Hour))
	// The typical day is the median month's: $300 over the median length.
	median := max(min(lengths[0], lengths[1]), min(max(lengths[0], lengths[1]), lengths[2]))
	projected := func(spent int64, day int64) int64 { return spent + 300_00*(days-day)/median }
	shopping := func() budgetLineOut {
		t.Helper()
		var b budgetPlanOut
		c.Do("GET", "/api/v1/budgets", nil, 200, &b)
		return b.line(t, "shopping")
	}
	if got, want := shopping().ProjectedCents, projected(150_00, 6); got != want {
		t.Fatalf("the 6th: projected_cents %d, want %d", got, want)
	}
	if got := notificationsOf(t, c, centavo.NotifyBudgetProjected); len(got) != 0 {
		t.Fatalf("the 6th: %+v, want nothing before the 7th", got)
	}

	at(7)
	add(today(), 1_00, "shopping")
	want := projected(151_00, 7)
	if got := shopping().ProjectedCents; got != want {
		t.Fatalf("the 7th: projected_cents %d, want %d", got, want)
	}
	got := notificationsOf(t, c, centavo.NotifyBudgetProjected)
	if len(got) != 1 || !strings.Contains(got[0].Message, centavo.FormatMoney(want, "USD")) || !strings.Contains(got[0].Message, "you would reach it on "+month.Start().Format("January")) {
		t.Fatalf("the 7th: %+v, want one budget_projected of %s with its date", got, centavo.FormatMoney(want, "USD"))
	}

	at(8)
	add(today(), 1_00, "shopping")
	add(today(), 100_00, "travel") // over: budget_exceeded
	if n := len(notificationsOf(t, c, centavo.NotifyBudgetExceeded)); n != 1 {
		t.Fatalf("travel over its budget: %d budget_exceeded, want 1", n)
	}
	at(9)
	add(today(), -40_00, "travel") // a refund: $60 spent, heading past $100 again
	if got := notificationsOf(t, c, centavo.NotifyBudgetProjected); len(got) != 1 {
		t.Fatalf("the 9th: %+v, want still the one of the 7th (once a month, never after budget_exceeded)", got)
	}
	var b budgetPlanOut
	c.Do("GET", "/api/v1/budgets", nil, 200, &b)
	if l := b.line(t, "travel"); l.SpentCents != 60_00 || l.ProjectedCents*100 < 110*l.AvailableCents {
		t.Fatalf("travel: %+v, want $60 spent and a projection past 110 %%", l)
	}
	var past budgetPlanOut
	c.Do("GET", "/api/v1/budgets?month="+month.Add(-1).String(), nil, 200, &past)
	if l := past.line(t, "shopping"); l.ProjectedCents != l.SpentCents {
		t.Errorf("last month's projected_cents %d, want what was spent (%d)", l.ProjectedCents, l.SpentCents)
	}
	verifyShards(t, f)
}

// TestBudgetProjectedBills: a confirmed monthly bill still expected this
// month counts in the projection (and is left out of the typical day);
// once it posted it counts once, as spending.
func TestBudgetProjectedBills(t *testing.T) {
	t.Parallel()
	month := centavo.MonthOf(clocktest.New(t)().UTC())
	var clock atomic.Pointer[time.Time]
	at := func(day int) {
		d := time.Date(month.Year, month.Month, day, 9, 0, 0, 0, time.UTC)
		clock.Store(&d)
	}
	at(7)
	start := time.Now()
	a := apptest.StartAt(t, func() time.Time { return clock.Load().Add(time.Since(start)) })
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	c := signUp(t, newClient(t, f.base), "bills-projected@example.com")
	acct := newFileAccount(c)
	billDay := month.Start().AddDate(0, 0, 19) // the 20th
	var b strings.Builder
	b.WriteString("Date,Description,Amount\n")
	for k := 6; k >= 1; k-- {
		fmt.Fprintf(&b, "%s,NETFLIX.COM,-60.00\n", billDay.AddDate(0, -k, 0).Format(time.DateOnly))
	}
	mustImportFile(c, acct, "bills.csv", b.String())
	type seriesOut struct {
		ID       int64  `json:"id"`
		Category string `json:"category"`
		NextDate string `json:"next_date"`
	}
	series := func() seriesOut {
		t.Helper()
		var list struct{ Recurring []seriesOut }
		c.Do("GET", "/api/v1/recurring", nil, 200, &list)
		if len(list.Recurring) != 1 {
			t.Fatalf("series %+v, want the bill's", list.Recurring)
		}
		return list.Recurring[0]
	}
	waitRecurring(t, c, 1)
	bill := series()
	c.Do("PUT", "/api/v1/budgets/"+bill.Category, map[string]any{"amount_cents": 60_00}, 200, nil)
	waitEvaluations(t, f) // settled before the spending below (docs/0036)
	c.Do("PATCH", fmt.Sprintf("/api/v1/recurring/%d", bill.ID), map[string]any{"state": "confirmed"}, 200, nil)
	line := func() budgetLineOut {
		t.Helper()
		var p budgetPlanOut
		c.Do("GET", "/api/v1/budgets", nil, 200, &p)
		return p.line(t, bill.Category)
	}
	// The bill is all the category's history: nothing a day besides it.
	if l := line(); l.ProjectedCents != 60_00 {
		t.Fatalf("the 7th, nothing spent, the bill expected on the 20th: projected_cents %d, want 6000", l.ProjectedCents)
	}
	wallet := newManualAccount(c)
	c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": wallet, "posted_at": f.now().UTC().Format(time.DateOnly), "amount_cents": -10_00, "merchant": "Cinema", "category": bill.Category}, 201, nil)
	waitEvaluations(t, f)
	got := notificationsOf(t, c, centavo.NotifyBudgetProjected)
	if len(got) != 1 || !strings.Contains(got[0].Message, "$70.00") || !strings.Contains(got[0].Message, billDay.Format("January 2")) {
		t.Fatalf("$10 spent and the $60 bill expected on the 20th: %+v, want one budget_projected of $70.00 crossing on the 20th", got)
	}

	// The bill posts on the 20th: counted once, as spending.
	at(21)
	mustImportFile(c, acct, "bill.csv", fmt.Sprintf("Date,Description,Amount\n%s,NETFLIX.COM,-60.00\n", billDay.Format(time.DateOnly)))
	deadline := time.Now().Add(30 * time.Second)
	for series().NextDate <= billDay.Format(time.DateOnly) {
		if time.Now().After(deadline) {
			t.Fatalf("detection did not see the bill of the 20th: %+v", series())
		}
		time.Sleep(50 * time.Millisecond) // polling the workers, with a deadline
	}
	waitEvaluations(t, f)
	if l := line(); l.SpentCents != 70_00 || l.ProjectedCents != 70_00 {
		t.Fatalf("the 21st, the bill posted: spent %d projected %d, want 7000 and 7000", l.SpentCents, l.ProjectedCents)
	}
	if got := notificationsOf(t, c, centavo.NotifyBudgetProjected); len(got) != 1 {
		t.Fatalf("budget_projected: %+v, want still one", got)
	}
	verifyShards(t, f)
}

func newManualAccount(c *client) int64 {
	c.T().Helper()
	var out accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &out)
	return out.Accounts[0].ID
}
