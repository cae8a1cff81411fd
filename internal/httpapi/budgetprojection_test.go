package httpapi_test

import (
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
