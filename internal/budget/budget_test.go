package budget

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

var now = time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)

type fixture struct {
	t    *testing.T
	st   store.Store
	svc  *Service
	user int64
	now  *time.Time
}

func setup(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.NewQueue(&river.Config{}); err != nil { // insert-only: evaluations enqueue jobs
		t.Fatal(err)
	}
	clock := now
	f := &fixture{t: t, st: db, now: &clock}
	f.svc = &Service{Cluster: store.Single{Store: db}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return *f.now }}
	u := centavo.User{Email: "b@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	if err := db.InTx(context.Background(), func(tx store.Tx) error { return tx.CreateUser(context.Background(), &u) }); err != nil {
		t.Fatal(err)
	}
	f.user = u.ID
	return f
}

// setIncome sets the user's monthly income (the profile is auth's; the
// template reads it).
func (f *fixture) setIncome(cents int64) {
	f.t.Helper()
	ctx := context.Background()
	if err := f.st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.UpdateUserProfile(ctx, store.UserProfileUpdate{UserID: f.user, MonthlyIncomeCents: cents, Currency: "USD"}); err != nil {
			return err
		}
		return tx.SetBudgetPlan(ctx, centavo.BudgetPlan{UserID: f.user, TemplateFrom: centavo.MonthOf(*f.now), SavingsTargetPercent: centavo.DefaultSavingsTargetPercent})
	}); err != nil {
		f.t.Fatal(err)
	}
}

// spend adds cents (positive = spent) to a category in a month.
func (f *fixture) spend(month centavo.Month, category string, cents int64) {
	f.t.Helper()
	err := f.st.InTx(context.Background(), func(tx store.Tx) error {
		return tx.AddMonthlySpending(context.Background(), f.user, []store.SpendingDelta{{Currency: "USD", Month: month, Category: category, AmountCents: -cents, Count: 1}})
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

// evaluate runs one evaluation of the month (after a change to spending)
// and returns the new notifications' keys.
func (f *fixture) evaluate(month centavo.Month) []string {
	f.t.Helper()
	return f.run(month, false)
}

// settle runs the evaluation that follows a change to the budgets: it
// must notify nothing.
func (f *fixture) settle(month centavo.Month) {
	f.t.Helper()
	if keys := f.run(month, true); len(keys) > 0 {
		f.t.Fatalf("settling after a budget change notified %v", keys)
	}
}

func (f *fixture) run(month centavo.Month, settle bool) []string {
	f.t.Helper()
	before, _ := f.st.Notifications(context.Background(), store.NotificationFilter{UserID: f.user, Limit: 1000})
	err := f.st.InTx(context.Background(), func(tx store.Tx) error {
		_, err := f.svc.evaluate(context.Background(), tx, f.user, month, *f.now, settle)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	after, _ := f.st.Notifications(context.Background(), store.NotificationFilter{UserID: f.user, Limit: 1000})
	var keys []string
	for _, n := range after[:len(after)-len(before)] {
		keys = append([]string{n.Key}, keys...)
	}
	return keys
}

// expect evaluates the month and checks the new threshold alerts (the
// projection's, budget_projected, are projection_test.go's).
func (f *fixture) expect(month centavo.Month, want ...string) {
	f.t.Helper()
	var got []string
	for _, k := range f.evaluate(month) {
		if !strings.HasPrefix(k, "projected:") {
			got = append(got, k)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		f.t.Fatalf("new notifications %v, want %v", got, want)
	}
}

func TestThresholdEdges(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := centavo.MonthOf(now)
	if err := f.svc.SetOverride(context.Background(), f.user, centavo.CatFood, 10_000); err != nil { // $100
		t.Fatal(err)
	}
	f.spend(m, centavo.CatFood, 7_999)
	f.expect(m) // 79.99 %: nothing
	f.spend(m, centavo.CatFood, 1)
	f.expect(m, "budget:2026-05:food:80:r0") // exactly 80 %
	f.expect(m)                              // evaluating again: nothing new
	f.spend(m, centavo.CatFood, 2_000)
	f.expect(m, "budget:2026-05:food:100:r0") // exactly 100 %
	f.spend(m, centavo.CatFood, -5_000)       // a refund: back to 50 %: both re-arm
	f.expect(m)
	f.spend(m, centavo.CatFood, 6_000) // 110 %: crossed again, the highest only
	f.expect(m, "budget:2026-05:food:100:r1")

	list, _ := f.st.Notifications(context.Background(), store.NotificationFilter{UserID: f.user, Limit: 10})
	if list[1].Kind != centavo.NotifyBudgetExceeded || list[2].Kind != centavo.NotifyBudgetApproaching ||
		list[2].Message != "You have spent $80.00 of your $100.00 budget for Groceries in May 2026 (80%)." {
		t.Fatalf("notifications: %+v", list)
	}
}

func TestJumpPastBothThresholds(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := centavo.MonthOf(now)
	_ = f.svc.SetOverride(context.Background(), f.user, centavo.CatTravel, 50_000)
	f.spend(m, centavo.CatTravel, 75_000)       // one flight: 150 %
	f.expect(m, "budget:2026-05:travel:100:r0") // the highest threshold crossed only
}

func TestNextMonthAlertsAgain(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := centavo.MonthOf(now)
	_ = f.svc.SetOverride(context.Background(), f.user, centavo.CatGas, 20_000)
	f.spend(m, centavo.CatGas, 17_000)
	f.expect(m, "budget:2026-05:gas:80:r0")
	*f.now = now.AddDate(0, 1, 0)
	f.spend(m.Add(1), centavo.CatGas, 16_000) // the override carries over to June
	f.expect(m.Add(1), "budget:2026-06:gas:80:r0")
}

func TestRaisedOverrideAfterAlert(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := centavo.MonthOf(now)
	_ = f.svc.SetOverride(context.Background(), f.user, centavo.CatShopping, 10_000)
	f.spend(m, centavo.CatShopping, 8_500)
	f.expect(m, "budget:2026-05:shopping:80:r0")
	_ = f.svc.SetOverride(context.Background(), f.user, centavo.CatShopping, 20_000) // raised: 42 %: re-armed
	f.settle(m)
	f.spend(m, centavo.CatShopping, 7_000) // 155 of 200: 77 %
	f.expect(m)
	f.spend(m, centavo.CatShopping, 500) // 160 of 200: the new 80 %
	f.expect(m, "budget:2026-05:shopping:80:r1")
}

func TestTemplateAndOverridesByMonth(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	income := int64(500_000)
	f.setIncome(income)
	tmpl := Template(income)
	if tmpl[centavo.CatHousing] != 150_000 || tmpl[centavo.CatFood] != 55_000 {
		t.Fatalf("template for $5,000: housing %d, food %d", tmpl[centavo.CatHousing], tmpl[centavo.CatFood])
	}
	_ = f.svc.SetOverride(ctx, f.user, centavo.CatFood, 40_000) // from May
	*f.now = now.AddDate(0, 2, 0)
	_ = f.svc.Revert(ctx, f.user, centavo.CatFood) // from July
	get := func(m centavo.Month) Line {
		ls, err := f.svc.Budgets(ctx, f.user, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			if l.Category == centavo.CatFood {
				return l
			}
		}
		t.Fatal("no food line")
		return Line{}
	}
	m := centavo.MonthOf(now)
	for _, c := range []struct {
		month  centavo.Month
		amount int64
		source string
	}{{m.Add(-1), 0, ""}, {m, 40_000, SourceOverride}, {m.Add(1), 40_000, SourceOverride}, {m.Add(2), 55_000, SourceTemplate}} {
		if l := get(c.month); l.BudgetCents != c.amount || l.Source != c.source || l.HasBudget != (c.source != "") {
			t.Errorf("%s: %+v, want %d from %s", c.month, l, c.amount, c.source)
		}
	}
	if err := f.svc.SetOverride(ctx, f.user, centavo.CatIncome, 1); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Errorf("override of a non-spending category: %v", err)
	}
	if err := f.svc.SetOverride(ctx, f.user, centavo.CatFood, -1); centavo.ErrorCode(err) != centavo.EINVALID {
		t.Errorf("negative override: %v", err)
	}
}

func TestTemplateTiers(t *testing.T) {
	t.Parallel()
	prevEssential := int64(100_00)
	for _, income := range []int64{200_000, 400_000, 800_000, 2_000_000} {
		tmpl := Template(income)
		var total, essentials int64
		for _, c := range centavo.SpendingCategories() {
			total += tmpl[c]
		}
		essentials = tmpl[centavo.CatHousing] + tmpl[centavo.CatFood] + tmpl[centavo.CatUtilities]
		if total > income {
			t.Errorf("income %d: template allocates %d, more than the income", income, total)
		}
		share := essentials * 10_000 / income
		if share >= prevEssential {
			t.Errorf("income %d: essentials take %d bp, not less than the tier below (%d)", income, share, prevEssential)
		}
		prevEssential = share
	}
	if Template(0)[centavo.CatFood] != 0 {
		t.Error("no income should give a zero template")
	}
}

func TestRecommendation(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	income := int64(400_000)
	f.setIncome(income)
	m := centavo.MonthOf(now)
	// Groceries: 400, 420, and one unusual 900 — the median ignores it.
	f.spend(m.Add(-3), centavo.CatFood, 40_000)
	f.spend(m.Add(-2), centavo.CatFood, 42_012)
	f.spend(m.Add(-1), centavo.CatFood, 90_000)
	f.spend(m.Add(-1), centavo.CatRestaurants, 3_210)
	f.spend(m, centavo.CatFood, 99_999) // the current month does not count
	recs, err := f.svc.Recommend(ctx, f.user)
	if err != nil {
		t.Fatal(err)
	}
	byCat := map[string]Recommendation{}
	for _, r := range recs {
		byCat[r.Category] = r
	}
	if r := byCat[centavo.CatFood]; r.AmountCents != 43_000 || r.Basis != "history" {
		t.Errorf("food: %+v (median 420.12 rounded up to $10: 430)", r)
	}
	if r := byCat[centavo.CatRestaurants]; r.AmountCents != 1_500 || r.Basis != "history" {
		t.Errorf("restaurants: %+v (spent in one month of three: the average, 10.70, rounded up to $5: 15)", r)
	}
	if r := byCat[centavo.CatTravel]; r.Basis != "template" || r.AmountCents != Template(income)[centavo.CatTravel] {
		t.Errorf("travel without history: %+v", r)
	}
	if _, err := f.svc.AcceptRecommendation(ctx, f.user); err != nil {
		t.Fatal(err)
	}
	ls, _ := f.svc.Budgets(ctx, f.user, m)
	for _, l := range ls {
		if l.Category == centavo.CatFood && (l.BudgetCents != 43_000 || l.Source != SourceOverride) {
			t.Errorf("after accepting: %+v", l)
		}
	}
}

func TestBudgetChangesWhileOverNotifyNothing(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	m := centavo.MonthOf(now)
	_ = f.svc.SetOverride(ctx, f.user, centavo.CatFood, 10_000)
	f.spend(m, centavo.CatFood, 12_000)
	f.expect(m, "budget:2026-05:food:100:r0")
	for _, cents := range []int64{9_999, 11_000, 9_000} { // −1 cent, +10 %, lower again
		_ = f.svc.SetOverride(ctx, f.user, centavo.CatFood, cents)
		f.settle(m)
		f.expect(m)
	}
	// Income set while over the template's budgets: settles, no alert.
	f.spend(m, centavo.CatShopping, 90_000)
	f.setIncome(400_000)
	f.settle(m)
	f.expect(m)
	// Raised above spending, then spent past: one new alert.
	_ = f.svc.SetOverride(ctx, f.user, centavo.CatFood, 20_000)
	f.settle(m)
	f.spend(m, centavo.CatFood, 9_000) // 210 of 200
	f.expect(m, "budget:2026-05:food:100:r1")
}

func TestRolloverChained(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	m := centavo.MonthOf(now)
	on := true
	if err := f.svc.SetBudget(ctx, f.user, centavo.CatFood, 10_000, &on); err != nil {
		t.Fatal(err)
	}
	f.spend(m.Add(-1), centavo.CatFood, 50_000) // before the budget: carries nothing
	f.spend(m, centavo.CatFood, 6_000)          // 40 left
	f.spend(m.Add(1), centavo.CatFood, 15_000)  // 100 + 40 − 150 = −10
	line := func(month centavo.Month) Line {
		ls, err := f.svc.Budgets(ctx, f.user, month)
		if err != nil {
			t.Fatal(err)
		}
		return ls[1] // food
	}
	for _, c := range []struct {
		month              centavo.Month
		rollover, avail    int64
		remaining, percent int64
	}{{m, 0, 10_000, 4_000, 60}, {m.Add(1), 4_000, 14_000, -1_000, 107}, {m.Add(2), -1_000, 9_000, 9_000, 0}} {
		l := line(c.month)
		if l.Category != centavo.CatFood || !l.Rollover || l.RolloverCents != c.rollover || l.AvailableCents != c.avail || l.RemainingCents != c.remaining || l.Percent != c.percent {
			t.Errorf("%s: %+v, want rollover %d, available %d", c.month, l, c.rollover, c.avail)
		}
	}
	// Turned off from July: July carries June's leftover no more.
	*f.now = now.AddDate(0, 2, 0)
	off := false
	_ = f.svc.SetBudget(ctx, f.user, centavo.CatFood, 10_000, &off)
	if l := line(m.Add(2)); l.Rollover || l.RolloverCents != 0 || l.AvailableCents != 10_000 {
		t.Errorf("rollover off: %+v", l)
	}
	// An amount without a rollover setting keeps it as it was.
	_ = f.svc.SetOverride(ctx, f.user, centavo.CatFood, 12_000)
	if l := line(m.Add(2)); l.Rollover {
		t.Errorf("rollover turned on by a plain override: %+v", l)
	}
}

func TestRecommendationFitsIncome(t *testing.T) {
	t.Parallel()
	recs := []Recommendation{
		{Category: centavo.CatHousing, AmountCents: 300_000},
		{Category: centavo.CatShopping, AmountCents: 300_000},
		{Category: centavo.CatTravel, AmountCents: 100_000},
	}
	// $5,200 income, 10 % savings: at most $4,680.
	out := fit(append([]Recommendation(nil), recs...), 520_000, 10, "USD")
	var total int64
	for _, r := range out {
		total += r.AmountCents
	}
	if total > 468_000 || out[0].AmountCents != 300_000 || out[1].AmountCents >= 300_000 || !strings.Contains(out[1].Reason, "10 % savings target") {
		t.Errorf("fitted: %+v (total %d)", out, total)
	}
	// Discretionary to nothing is not enough: essentials scale too.
	out = fit(append([]Recommendation(nil), recs...), 200_000, 10, "USD")
	if out[1].AmountCents != 0 || out[2].AmountCents != 0 || out[0].AmountCents != 180_000 {
		t.Errorf("fitted into $2,000: %+v", out)
	}
	if out := fit(append([]Recommendation(nil), recs...), 0, 10, "USD"); out[0].AmountCents != 300_000 {
		t.Errorf("no income: %+v", out)
	}
}

// Accepting the recommendation sets amounts only: a category whose budget
// rolled over keeps rolling over, one that did not stays off.
func TestAcceptRecommendationKeepsRollover(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	f.setIncome(400_000)
	m := centavo.MonthOf(now)
	on := true
	if err := f.svc.SetBudget(ctx, f.user, centavo.CatFood, 10_000, &on); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AcceptRecommendation(ctx, f.user); err != nil {
		t.Fatal(err)
	}
	ls, err := f.svc.Budgets(ctx, f.user, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if want := l.Category == centavo.CatFood; l.Rollover != want || l.Source != SourceOverride {
			t.Errorf("%s after accepting: rollover %v (source %s), want %v", l.Category, l.Rollover, l.Source, want)
		}
	}
}

// Amounts as large as the history allows fit without overflowing: a
// scaled amount stays between 0 and what was recommended, the total within
// the limit.
func TestRecommendationFitsLargeAmounts(t *testing.T) {
	t.Parallel()
	recs := []Recommendation{
		{Category: centavo.CatHousing, AmountCents: 50_000_000_000},
		{Category: centavo.CatShopping, AmountCents: 300_000_000_000},
		{Category: centavo.CatTravel, AmountCents: 200_000_000_000},
	}
	for _, income := range []int64{centavo.MaxAmountCents, 10_000_000_000} {
		out := fit(append([]Recommendation(nil), recs...), income, 10, "USD")
		var total int64
		for i, r := range out {
			total += r.AmountCents
			if r.AmountCents < 0 || r.AmountCents > recs[i].AmountCents {
				t.Errorf("income %d: %s fitted to %d (recommended %d)", income, r.Category, r.AmountCents, recs[i].AmountCents)
			}
		}
		if total > income*90/100 {
			t.Errorf("income %d: total %d over the limit", income, total)
		}
	}
}

// A history larger than any budget may be recommends the largest budget a
// person could set, not more (accepting stores it as an override).
func TestRecommendationWithinBudgetLimit(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := centavo.MonthOf(now)
	for i := 1; i <= 3; i++ {
		f.spend(m.Add(-i), centavo.CatShopping, 3*MaxBudgetCents)
	}
	recs, err := f.svc.Recommend(context.Background(), f.user)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.AmountCents < 0 || r.AmountCents > MaxBudgetCents {
			t.Errorf("%s recommended %d, outside 0..%d", r.Category, r.AmountCents, int64(MaxBudgetCents))
		}
	}
}
