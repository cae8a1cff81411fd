package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/pgtest"
)

// budgetLineOut is one line of GET /api/v1/budgets.
type budgetLineOut struct {
	Category       string
	BudgetCents    int64  `json:"budget_cents"`
	Source         string `json:"source"`
	SpentCents     int64  `json:"spent_cents"`
	RemainingCents int64  `json:"remaining_cents"`
	Percent        int64  `json:"percent"`
	HasBudget      bool   `json:"has_budget"`
	Rollover       bool   `json:"rollover"`
	RolloverCents  int64  `json:"rollover_cents"`
	AvailableCents int64  `json:"available_cents"`
	ProjectedCents int64  `json:"projected_cents"`
	Parent         string `json:"parent"`
}

type budgetPlanOut struct {
	Month             string
	Budgets           []budgetLineOut
	IncomeCents       int64 `json:"income_cents"`
	BudgetedCents     int64 `json:"budgeted_cents"`
	LeftToBudgetCents int64 `json:"left_to_budget_cents"`
}

func (b budgetPlanOut) line(t *testing.T, category string) budgetLineOut {
	t.Helper()
	for _, l := range b.Budgets {
		if l.Category == category {
			return l
		}
	}
	t.Fatalf("no %s line in %+v", category, b)
	return budgetLineOut{}
}

// waitEvaluations waits until every budget evaluation enqueued so far ran.
func waitEvaluations(t *testing.T, f *fixture) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		jobs, err := f.app.Queues[0].Jobs(context.Background(), jobargs.EvaluateBudgets{}.Kind())
		if err != nil {
			t.Fatal(err)
		}
		pending := 0
		for _, j := range jobs {
			if j.State != rivertype.JobStateCompleted {
				pending++
			}
		}
		if pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d budget evaluations did not complete", pending)
		}
		time.Sleep(50 * time.Millisecond) // polling the workers, with a deadline
	}
}

// budgetAlerts returns the user's budget notifications, newest first.
func budgetAlerts(t *testing.T, c *client) []notificationOut {
	t.Helper()
	return append(notificationsOf(t, c, centavo.NotifyBudgetExceeded), notificationsOf(t, c, centavo.NotifyBudgetApproaching)...)
}

// refreshBank refreshes the linked accounts and waits until they updated.
func refreshBank(c *client, bank []accountOut) {
	c.T().Helper()
	prev := map[int64]time.Time{}
	for _, a := range bank {
		if a.LastUpdate != nil {
			prev[a.ID] = *a.LastUpdate
		}
		c.Do("POST", fmt.Sprintf("/api/v1/accounts/%d/refresh", a.ID), nil, 202, nil)
	}
	c.WaitAccounts("refresh done", 60*time.Second, func(list []accountOut) bool {
		done := 0
		for _, a := range list {
			if _, ok := prev[a.ID]; ok && a.Status == centavo.AccountOK && a.LastUpdate != nil && a.LastUpdate.After(prev[a.ID]) {
				done++
			}
		}
		return done == len(bank)
	})
}

func verifyShards(t *testing.T, f *fixture) {
	t.Helper()
	for _, st := range f.app.Shards {
		if r, err := st.Verify(context.Background()); err != nil || !r.OK() {
			t.Errorf("verify: %+v, %v", r, err)
		}
	}
}

// TestBudgetAlertSemantics (issue 19, item 1) through the API: one
// download crossing 80 % and 100 % alerts once; budget −1 cent, +10 % and
// three refreshes while over alert nobody; raised above spending, then
// spent past it: one new budget_exceeded.
func TestBudgetAlertSemantics(t *testing.T) {
	t.Parallel()
	// Its alerts and spending are one month's: the month must not turn
	// under it (at 23:59:59 on the 31st it did, in CI).
	f := setupInOneMonth(t)
	c := signUp(t, newClient(t, f.base), "alerts@example.com")
	bank := linkSandbox(c, f, 3)
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	wallet := cash.Accounts[0].ID
	now := f.now()
	today := now.Format("2006-01-02")
	// The shop's transactions are gifts by a rule of the user's, so that
	// imported rows land there.
	var first txnOut
	c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": wallet, "posted_at": today, "amount_cents": -1, "merchant": "GIFT SHOP"}, 201, &first)
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", first.ID), map[string]any{"category": "gifts_donations", "apply_to_future": true}, 200, nil)
	imports := 0
	// spend imports one file (one "download") of rows of the given cents.
	spend := func(cents ...int64) {
		t.Helper()
		imports++
		var b strings.Builder
		b.WriteString("Date,Description,Amount\n")
		for i, v := range cents {
			fmt.Fprintf(&b, "%s,GIFT SHOP %d-%d,-%d.%02d\n", today, imports, i, v/100, v%100)
		}
		if status, body := importFile(c, wallet, fmt.Sprintf("s%d.csv", imports), b.String()); status != 200 {
			t.Fatalf("import: %d %s", status, body)
		}
		waitEvaluations(t, f)
	}
	setBudget := func(cents int64) {
		t.Helper()
		c.Do("PUT", "/api/v1/budgets/gifts_donations", map[string]any{"amount_cents": cents}, 200, nil)
		waitEvaluations(t, f)
	}
	current := func() budgetLineOut {
		t.Helper()
		var b budgetPlanOut
		c.Do("GET", "/api/v1/budgets", nil, 200, &b)
		return b.line(t, "gifts_donations")
	}
	waitEvaluations(t, f)
	if got := budgetAlerts(t, c); len(got) != 0 {
		t.Fatalf("budget alerts without any budget: %+v", got)
	}
	x := current().SpentCents
	budget := max(10*x, 20_000) // the sandbox's spending stays under 80 %
	setBudget(budget)
	before := current().SpentCents
	spend(budget/2, budget/2) // past 80 % and 100 % in one import
	if got := current().SpentCents; got != before+budget-budget%2 {
		t.Fatalf("the import's rows were not filed as gifts: spent %d, then %d", before, got)
	}
	got := budgetAlerts(t, c)
	if len(got) != 1 || got[0].Kind != centavo.NotifyBudgetExceeded {
		t.Fatalf("crossing 80 %% and 100 %% at once: %+v, want one budget_exceeded", got)
	}
	setBudget(budget - 1)
	setBudget(budget * 11 / 10)
	for range 3 {
		refreshBank(c, bank)
	}
	waitEvaluations(t, f)
	if got := budgetAlerts(t, c); len(got) != 1 {
		t.Fatalf("budget −1 cent, +10 %%, three refreshes: %d alerts, want still 1: %+v", len(got), got)
	}
	spent := current().SpentCents
	setBudget(spent + 5_000) // raised above spending: re-armed
	spend(6_000)             // past it again
	got = budgetAlerts(t, c)
	if len(got) != 2 || got[0].Kind != centavo.NotifyBudgetExceeded || !strings.Contains(got[0].Message, "over your budget") {
		t.Fatalf("spent past a raised budget: %+v, want one new budget_exceeded", got)
	}
	verifyShards(t, f)
}

// TestIncomeOnTheSecond (issue 19, item 2): an income set on the 2nd of a
// month with last month's history alerts about nothing, leaves last month
// without budgets (no retroactive red), and the plan and the
// recommendation fit the income minus the savings target.
func TestIncomeOnTheSecond(t *testing.T) {
	t.Parallel()
	base := clocktest.New(t)().UTC()
	month := centavo.MonthOf(base)
	second := month.Start().AddDate(0, 0, 1).Add(9 * time.Hour)
	start := time.Now()
	a := apptest.StartAt(t, func() time.Time { return second.Add(time.Since(start)) })
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	c := signUp(t, newClient(t, f.base), "second@example.com")
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	wallet := cash.Accounts[0].ID
	add := func(day time.Time, cents int64, category string) {
		t.Helper()
		c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": wallet, "posted_at": day.Format("2006-01-02"), "amount_cents": -cents, "merchant": "Store " + category, "category": category}, 201, nil)
	}
	last := month.Add(-1)
	for _, m := range []centavo.Month{month.Add(-3), month.Add(-2), last} {
		add(m.Start().AddDate(0, 0, 10), 180_000, "housing")
		add(m.Start().AddDate(0, 0, 11), 150_000, "shopping")
		add(m.Start().AddDate(0, 0, 12), 120_000, "travel")
		add(m.Start().AddDate(0, 0, 13), 90_000, "restaurants")
	}
	add(month.Start(), 60_000, "shopping") // the 1st: over this month's template already
	waitEvaluations(t, f)
	c.Do("PATCH", "/api/v1/me", map[string]any{"monthly_income_cents": 520_000}, 200, nil)
	waitEvaluations(t, f)
	if got := budgetAlerts(t, c); len(got) != 0 {
		t.Fatalf("setting an income alerted: %+v", got)
	}
	var past budgetPlanOut
	c.Do("GET", "/api/v1/budgets?month="+last.String(), nil, 200, &past)
	for _, l := range past.Budgets {
		if l.HasBudget || l.BudgetCents != 0 || l.Percent != 0 || l.Source != "none" {
			t.Errorf("%s before the income: %+v, want no budget", last, l)
		}
	}
	if past.BudgetedCents != 0 || past.IncomeCents != 520_000 {
		t.Errorf("%s: budgeted %d, income %d", last, past.BudgetedCents, past.IncomeCents)
	}
	var now budgetPlanOut
	c.Do("GET", "/api/v1/budgets", nil, 200, &now)
	if l := now.line(t, "shopping"); !l.HasBudget || l.Source != "template" || l.Percent < 100 {
		t.Errorf("this month's shopping: %+v", l)
	}
	if now.BudgetedCents <= 0 || now.LeftToBudgetCents != now.IncomeCents-now.BudgetedCents {
		t.Errorf("this month: income %d, budgeted %d, left %d", now.IncomeCents, now.BudgetedCents, now.LeftToBudgetCents)
	}

	// The savings target: 0–90, default 10.
	var me struct {
		Savings int `json:"savings_target_percent"`
	}
	c.Do("GET", "/api/v1/me", nil, 200, &me)
	if me.Savings != 10 {
		t.Errorf("default savings target %d", me.Savings)
	}
	c.Do("PATCH", "/api/v1/me", map[string]any{"savings_target_percent": 91}, 422, nil)
	c.Do("PATCH", "/api/v1/me", map[string]any{"savings_target_percent": 20}, 200, &me)
	if me.Savings != 20 {
		t.Errorf("savings target set to 20: %d", me.Savings)
	}
	var recs struct {
		Recommendations []struct {
			Category    string
			AmountCents int64 `json:"amount_cents"`
			Reason      string
		}
	}
	c.Do("POST", "/api/v1/budgets/recommendation", nil, 200, nil)
	c.Do("GET", "/api/v1/budgets/recommendation", nil, 200, &recs)
	var total int64
	scaled := false
	for _, r := range recs.Recommendations {
		total += r.AmountCents
		scaled = scaled || strings.Contains(r.Reason, "20 % savings target")
	}
	if total > 520_000*80/100 || !scaled {
		t.Errorf("recommendation totals %d for an income of 520000 and a 20 %% target (scaled: %v): %+v", total, scaled, recs)
	}
	waitEvaluations(t, f)
	if got := budgetAlerts(t, c); len(got) != 0 {
		t.Fatalf("accepting the recommendation alerted: %+v", got)
	}
	verifyShards(t, f)
}

// TestBudgetRollover (issue 19, item 5) on SQLite and PostgreSQL.
func TestBudgetRollover(t *testing.T) {
	t.Parallel()
	testBudgetRollover(t, setupInOneMonth(t))
}

func TestBudgetRolloverPostgres(t *testing.T) {
	t.Parallel()
	testBudgetRollover(t, setupInOneMonth(t, "--database-url", pgtest.Schema(t)))
}

func testBudgetRollover(t *testing.T, f *fixture) {
	c := signUp(t, newClient(t, f.base), "rollover@example.com")
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	month := centavo.MonthOf(f.now())
	var line budgetLineOut
	c.Do("PUT", "/api/v1/budgets/entertainment", map[string]any{"amount_cents": 10_000, "rollover": true}, 200, &line)
	if !line.Rollover || !line.HasBudget || line.RolloverCents != 0 || line.AvailableCents != 10_000 {
		t.Fatalf("rollover set: %+v", line)
	}
	c.Do("PUT", "/api/v1/budgets/entertainment", map[string]any{"amount_cents": 10_000, "rollover": "yes"}, 400, nil)
	c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": cash.Accounts[0].ID, "posted_at": f.now().Format("2006-01-02"),
		"amount_cents": -4_000, "merchant": "Cinema", "category": "entertainment"}, 201, nil)
	get := func(m centavo.Month) budgetLineOut {
		t.Helper()
		var b budgetPlanOut
		c.Do("GET", "/api/v1/budgets?month="+m.String(), nil, 200, &b)
		return b.line(t, "entertainment")
	}
	if l := get(month); l.SpentCents != 4_000 || l.RemainingCents != 6_000 || l.Percent != 40 {
		t.Errorf("this month: %+v", l)
	}
	if l := get(month.Add(1)); !l.Rollover || l.RolloverCents != 6_000 || l.AvailableCents != 16_000 || l.RemainingCents != 16_000 {
		t.Errorf("next month: %+v, want 6000 carried", l)
	}
	if l := get(month.Add(2)); l.RolloverCents != 16_000 || l.AvailableCents != 26_000 {
		t.Errorf("the month after: %+v, want chained 16000", l)
	}
	if l := get(month.Add(-1)); l.HasBudget || l.Rollover || l.RolloverCents != 0 {
		t.Errorf("the month before: %+v, want no budget", l)
	}
	// An amount alone keeps the rollover; a revert turns it off.
	c.Do("PUT", "/api/v1/budgets/entertainment", map[string]any{"amount_cents": 12_000}, 200, &line)
	if !line.Rollover {
		t.Errorf("an amount alone turned rollover off: %+v", line)
	}
	c.Do("DELETE", "/api/v1/budgets/entertainment", nil, 200, &line)
	if l := get(month.Add(1)); l.Rollover || l.RolloverCents != 0 {
		t.Errorf("after a revert: %+v", l)
	}
	waitEvaluations(t, f)
	verifyShards(t, f)
}
