package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/store"
)

// figure reads the text of the element with the id (the page's header
// figures).
func figure(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `">([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no #%s in the page", id)
	}
	return m[1]
}

// TestBudgetsHeader: income, budgeted and left to budget are the service's
// overview; a plan over the income says by how much; months before the
// income have no budget and no red bar.
func TestBudgetsHeader(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery", "Hardware Store")
	ctx := context.Background()
	body := f.get(a, "/budgets").body
	if !strings.Contains(body, "Not set") || !strings.Contains(body, "Set your income to see what is left to budget") {
		t.Error("no income: the header does not say so")
	}
	// A budget without an income is not "more than your income".
	if res := f.post(a, "/budgets/food", withCSRF(a, url.Values{"amount": {"100"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("set budget: %d", res.Code)
	}
	if body := f.get(a, "/budgets").body; strings.Contains(body, "more than your income") || !strings.Contains(body, "Set your income to see") {
		t.Error("without an income the header warns of budgeting more than it")
	}
	if res := f.post(a, "/budgets/food/revert", withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Fatalf("revert: %d", res.Code)
	}
	if res := f.post(a, "/budgets/income", withCSRF(a, url.Values{"income": {"5000"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("income: %d", res.Code)
	}
	month := centavo.MonthOf(testNow)
	o, err := f.app.Budget.Overview(ctx, a.id, month)
	if err != nil {
		t.Fatal(err)
	}
	body = f.get(a, "/budgets").body
	if got := figure(t, body, "income-value"); got != "$5,000.00" {
		t.Errorf("income %q", got)
	}
	if got, want := figure(t, body, "budgeted-value"), centavo.FormatMoney(o.BudgetedCents, "USD"); got != want || o.BudgetedCents == 0 {
		t.Errorf("budgeted %q, want %q", got, want)
	}
	if got, want := figure(t, body, "left-value"), centavo.FormatMoney(o.LeftToBudgetCents, "USD"); got != want {
		t.Errorf("left %q, want %q", got, want)
	}
	if strings.Contains(body, "more than your income") {
		t.Error("a plan within the income is called over it")
	}

	// A budget past the income: the header warns by how much.
	if res := f.post(a, "/budgets/housing", withCSRF(a, url.Values{"amount": {"9000"}, "month": {month.String()}})); res.Code != http.StatusSeeOther {
		t.Fatalf("set budget: %d %s", res.Code, res.body)
	}
	o, _ = f.app.Budget.Overview(ctx, a.id, month)
	if o.LeftToBudgetCents >= 0 {
		t.Fatalf("left to budget %d, want negative", o.LeftToBudgetCents)
	}
	body = f.get(a, "/budgets").body
	want := "You budgeted " + centavo.FormatMoney(-o.LeftToBudgetCents, "USD") + " more than your income."
	if !strings.Contains(body, want) || !strings.Contains(body, "stat-over") {
		t.Errorf("over the income: %q missing", want)
	}

	// The month before the income: no budget anywhere, no red bar, though
	// there was spending.
	f.write(func(tx store.Tx) error {
		deltas, err := store.SumDeltas([]centavo.Transaction{{UserID: a.id, AccountID: a.account.ID, PostedAt: month.Add(-1).Start().AddDate(0, 0, 3),
			AmountCents: -4200, Currency: "USD", Category: centavo.CatShopping}}, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, a.id, deltas)
	})
	body = f.get(a, "/budgets?month="+month.Add(-1).String()).body
	if strings.Contains(body, "meter-over") || strings.Contains(body, `data-has-budget="true"`) || strings.Contains(body, "over budget") {
		t.Error("a month before any budget shows budgets or red bars")
	}
	li := between(body, `id="budget-shopping"`, "</li>")
	if !strings.Contains(li, "No budget") || !strings.Contains(li, "$42.00") || !strings.Contains(li, `data-spent-cents="4200"`) {
		t.Errorf("shopping before the income:\n%s", li)
	}
	if strings.Contains(li, "/rollover") {
		t.Error("a past month offers the rollover toggle")
	}
}

// between is the text of s from the first from to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestBudgetsRollover: the toggle turns a category's rollover on and off
// from this month, keeping its budget; what last month left shows with its
// month and counts in the bar's available amount.
func TestBudgetsRollover(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery", "Hardware Store") // $30 of shopping this month
	ctx := context.Background()
	month := centavo.MonthOf(testNow)

	// No budget yet (no income): the toggle is not offered, and refused.
	if body := f.get(a, "/budgets").body; strings.Contains(body, `action="/budgets/shopping/rollover"`) {
		t.Error("rollover offered without a budget")
	}
	if res := f.post(a, "/budgets/shopping/rollover", withCSRF(a, url.Values{"rollover": {"on"}})); res.Code != 422 || !strings.Contains(res.body, "Set a budget for Shopping first") {
		t.Errorf("rollover without a budget: %d", res.Code)
	}
	if res := f.post(a, "/budgets/shopping", withCSRF(a, url.Values{"amount": {"100"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("set budget: %d", res.Code)
	}
	for _, bad := range []string{"", "yes", "ON"} {
		if res := f.post(a, "/budgets/shopping/rollover", withCSRF(a, url.Values{"rollover": {bad}})); res.Code != 422 {
			t.Errorf("rollover=%q: %d", bad, res.Code)
		}
	}
	if res := f.post(a, "/budgets/income/rollover", withCSRF(a, url.Values{"rollover": {"on"}})); res.Code != 404 {
		t.Errorf("rollover of a non-spending category: %d", res.Code)
	}
	if res := f.post(a, "/budgets/shopping/rollover", url.Values{"rollover": {"on"}}); res.Code != http.StatusForbidden {
		t.Errorf("rollover without CSRF: %d", res.Code)
	}
	type state struct {
		on                  bool
		budget, roll, avail int64
	}
	line := func() (l state) {
		t.Helper()
		lines, err := f.app.Budget.Budgets(ctx, a.id, month)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range lines {
			if x.Category == centavo.CatShopping {
				l.on, l.budget, l.roll, l.avail = x.Rollover, x.BudgetCents, x.RolloverCents, x.AvailableCents
			}
		}
		return l
	}
	if l := line(); l.on {
		t.Fatal("rollover on after refused forms")
	}

	// On: the button says so (aria-pressed), the budget is kept.
	res := f.post(a, "/budgets/shopping/rollover", withCSRF(a, url.Values{"rollover": {"on"}, "month": {month.String()}}))
	if res.Code != http.StatusSeeOther || !strings.Contains(res.Header().Get("Location"), "msg=rollover-on") || !strings.HasSuffix(res.Header().Get("Location"), "#budget-shopping") {
		t.Fatalf("rollover on: %d %s", res.Code, res.Header().Get("Location"))
	}
	if l := line(); !l.on || l.budget != 10000 {
		t.Fatalf("after on: %+v", l)
	}
	body := f.get(a, "/budgets").body
	li := between(body, `id="budget-shopping"`, "</li>")
	if !strings.Contains(li, `name="rollover" value="off"`) || !strings.Contains(li, `aria-pressed="true"`) || !strings.Contains(li, `data-rollover="true"`) {
		t.Errorf("rollover on not shown:\n%s", li)
	}

	// Last month had a $100 budget rolling over and $58 spent: $42 carries in.
	f.write(func(tx store.Tx) error {
		amount := int64(10000)
		if err := tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: a.id, Category: centavo.CatShopping, From: month.Add(-1),
			AmountCents: &amount, Rollover: true, CreatedAt: testNow}); err != nil {
			return err
		}
		deltas, err := store.SumDeltas([]centavo.Transaction{{UserID: a.id, AccountID: a.account.ID, PostedAt: month.Add(-1).Start().AddDate(0, 0, 3),
			AmountCents: -5800, Currency: "USD", Category: centavo.CatShopping}}, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, a.id, deltas)
	})
	if l := line(); l.roll != 4200 || l.avail != 14200 {
		t.Fatalf("rollover chain: %+v", l)
	}
	li = between(f.get(a, "/budgets").body, `id="budget-shopping"`, "</li>")
	for _, s := range []string{"+$42.00 from April", `data-available="shopping">$142.00`, `data-budget="shopping">$100.00`, `data-available-cents="14200"`,
		"$112.00 left (21% used)", `width="21.1"`} {
		if !strings.Contains(li, s) {
			t.Errorf("rollover amount: %q missing in\n%s", s, li)
		}
	}

	// Off again.
	if res := f.post(a, "/budgets/shopping/rollover", withCSRF(a, url.Values{"rollover": {"off"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("rollover off: %d", res.Code)
	}
	if l := line(); l.on || l.budget != 10000 || l.roll != 0 {
		t.Fatalf("after off: %+v", l)
	}
	li = between(f.get(a, "/budgets").body, `id="budget-shopping"`, "</li>")
	if !strings.Contains(li, `aria-pressed="false"`) || strings.Contains(li, "from April") {
		t.Errorf("rollover off not shown:\n%s", li)
	}
}

// TestBudgetsProposal: the recommendation is a page to review — proposed
// budgets with their reasons, the total against income minus the savings
// target, the target editable — and nothing changes until Accept; an
// Accept of a proposal that changed since it was shown is refused.
func TestBudgetsProposal(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery", "Hardware Store")
	ctx := context.Background()
	month := centavo.MonthOf(testNow)
	if res := f.post(a, "/budgets/income", withCSRF(a, url.Values{"income": {"2000"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("income: %d", res.Code)
	}
	overrides := func() int {
		t.Helper()
		o, err := f.st.BudgetOverrides(ctx, a.id)
		if err != nil {
			t.Fatal(err)
		}
		return len(o)
	}

	// The budgets page links the review; it does not accept in one click.
	body := f.get(a, "/budgets").body
	if !strings.Contains(body, `href="/budgets/proposal"`) || strings.Contains(body, `action="/budgets/recommendation"`) {
		t.Error("the budgets page does not go through the review")
	}
	recs, err := f.app.Budget.Recommend(ctx, a.id)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, r := range recs {
		total += r.AmountCents
	}
	res := f.get(a, "/budgets/proposal")
	if res.Code != 200 {
		t.Fatalf("proposal: %d", res.Code)
	}
	for _, s := range []string{"nothing changes until you accept it", "Accept these budgets", `id="cancel-proposal"`, `href="/budgets"`,
		`id="proposal-total">` + centavo.FormatMoney(total, "USD"), `id="proposal-limit">$1,800.00`, "$2,000.00 income − $200.00 (10%) saved",
		`name="savings_target"`, `value="10"`, recs[0].Reason, `name="proposal"`} {
		if !strings.Contains(res.body, s) {
			t.Errorf("proposal: %q missing", s)
		}
	}
	if total > 180000 {
		t.Errorf("the proposal budgets %d, more than income minus savings", total)
	}
	if overrides() != 0 {
		t.Fatal("viewing the proposal changed budgets")
	}

	// The savings target: refused when out of range, saved otherwise, and
	// the proposal follows.
	for _, bad := range []string{"", "ten", "-1", "91", "10.5"} {
		res := f.post(a, "/budgets/proposal/savings", withCSRF(a, url.Values{"savings_target": {bad}}))
		if res.Code != 422 || !strings.Contains(res.body, "whole percent from 0 to 90") {
			t.Errorf("savings %q: %d", bad, res.Code)
		}
	}
	if res := f.post(a, "/budgets/proposal/savings", url.Values{"savings_target": {"50"}}); res.Code != http.StatusForbidden {
		t.Errorf("savings without CSRF: %d", res.Code)
	}
	if p, _ := f.app.Auth.BudgetPlan(ctx, a.id); p.SavingsTargetPercent != 10 {
		t.Fatalf("savings after refused forms: %d", p.SavingsTargetPercent)
	}
	res = f.post(a, "/budgets/proposal/savings", withCSRF(a, url.Values{"savings_target": {"50%"}}))
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/budgets/proposal?msg=savings-target") {
		t.Fatalf("savings: %d %s", res.Code, res.Header().Get("Location"))
	}
	if p, _ := f.app.Auth.BudgetPlan(ctx, a.id); p.SavingsTargetPercent != 50 {
		t.Fatalf("savings %d, want 50", p.SavingsTargetPercent)
	}
	body = f.get(a, "/budgets/proposal").body
	if !strings.Contains(body, `id="proposal-limit">$1,000.00`) || overrides() != 0 {
		t.Error("the proposal does not follow the savings target, or budgets changed")
	}
	shown := regexp.MustCompile(`name="proposal" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if shown == nil {
		t.Fatal("no fingerprint in the proposal")
	}

	// Accepting a proposal that changed since (the target moved in another
	// tab): shown again, nothing stored.
	ten := 10
	if _, _, err := f.app.Auth.ChangeProfile(ctx, a.id, auth.ProfileChange{SavingsTargetPercent: &ten}); err != nil {
		t.Fatal(err)
	}
	res = f.post(a, "/budgets/recommendation", withCSRF(a, url.Values{"proposal": {shown[1]}}))
	if res.Code != http.StatusConflict || !strings.Contains(res.body, "review it again") || overrides() != 0 {
		t.Fatalf("stale accept: %d, %d overrides", res.Code, overrides())
	}
	if res := f.post(a, "/budgets/recommendation", url.Values{"proposal": {shown[1]}}); res.Code != http.StatusForbidden {
		t.Errorf("accept without CSRF: %d", res.Code)
	}
	// Accepting what is shown stores it.
	fresh := regexp.MustCompile(`name="proposal" value="([0-9a-f]+)"`).FindStringSubmatch(res.body)
	res = f.post(a, "/budgets/recommendation", withCSRF(a, url.Values{"proposal": {fresh[1]}}))
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/budgets?msg=recommendation" {
		t.Fatalf("accept: %d %s", res.Code, res.Header().Get("Location"))
	}
	recs, _ = f.app.Budget.Recommend(ctx, a.id)
	lines, _ := f.app.Budget.Budgets(ctx, a.id, month)
	want := map[string]int64{}
	for _, r := range recs {
		want[r.Category] = r.AmountCents
	}
	for _, l := range lines {
		if w, ok := want[l.Category]; ok && (l.BudgetCents != w || l.Source != "override") {
			t.Errorf("after accept %s: %d (%s), want %d", l.Category, l.BudgetCents, l.Source, w)
		}
	}
	if body := f.get(a, "/budgets/proposal").body; !strings.Contains(body, "already match the recommendation") || !strings.Contains(body, "disabled") {
		t.Error("after accept the proposal still offers changes")
	}
}

// TestBudgetsProjection: this month's bars carry a mark where the month is
// heading (projected ÷ available) and say it in words; past the budget,
// by how much and around when it runs out; past months have no mark.
func TestBudgetsProjection(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery", "Hardware Store") // $30 of shopping this month
	ctx := context.Background()
	month := centavo.MonthOf(testNow)
	line := func(category string) budget.Line {
		t.Helper()
		lines, err := f.app.Budget.Budgets(ctx, a.id, month)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if l.Category == category {
				return l
			}
		}
		t.Fatalf("no %s line", category)
		return budget.Line{}
	}
	for _, c := range []struct {
		amount string
		over   bool
	}{{"100", false}, {"40", true}} {
		if res := f.post(a, "/budgets/shopping", withCSRF(a, url.Values{"amount": {c.amount}})); res.Code != http.StatusSeeOther {
			t.Fatalf("set budget: %d", res.Code)
		}
		l := line(centavo.CatShopping)
		if l.ProjectedCents <= l.SpentCents {
			t.Fatalf("no projection above spending: %+v", l)
		}
		li := between(f.get(a, "/budgets").body, `id="budget-shopping"`, "</li>")
		mark := strconv.FormatFloat(min(float64(l.ProjectedCents)*100/float64(l.AvailableCents), 99.4), 'f', 1, 64)
		want := []string{`data-projected-cents="` + strconv.FormatInt(l.ProjectedCents, 10) + `"`, `x1="` + mark + `" x2="` + mark + `"`,
			"On pace for " + centavo.FormatMoney(l.ProjectedCents, "USD")}
		if c.over {
			want = append(want, "meter-mark meter-mark-over", centavo.FormatMoney(l.ProjectedCents-l.AvailableCents, "USD")+" over",
				"the budget runs out around "+l.CrossesOn.Time().Format("Jan 2"), "pace-over")
			if l.CrossesOn == 0 {
				t.Errorf("a projection past the budget without a day: %+v", l)
			}
		} else if strings.Contains(li, "pace-over") || strings.Contains(li, "meter-mark-over") || strings.Contains(li, "runs out") {
			t.Errorf("a projection within the budget says over:\n%s", li)
		}
		for _, s := range want {
			if !strings.Contains(li, s) {
				t.Errorf("budget %s: %q missing in\n%s", c.amount, s, li)
			}
		}
	}
	// The dashboard's bars carry the mark too.
	if body := f.get(a, "/").body; !strings.Contains(body, "meter-mark") || !strings.Contains(body, "On pace for") {
		t.Error("the dashboard's budget bars have no projection")
	}
	// A past month: no mark, no pace.
	f.write(func(tx store.Tx) error {
		deltas, err := store.SumDeltas([]centavo.Transaction{{UserID: a.id, AccountID: a.account.ID, PostedAt: month.Add(-1).Start().AddDate(0, 0, 3),
			AmountCents: -4200, Currency: "USD", Category: centavo.CatShopping}}, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, a.id, deltas)
	})
	if body := f.get(a, "/budgets?month="+month.Add(-1).String()).body; strings.Contains(body, "meter-mark") || strings.Contains(body, "On pace") {
		t.Error("a past month is projected")
	}
}

// TestBudgetsProposalMonth: a proposal reviewed on a month's last day
// ("these budgets apply from <month> on") and accepted after midnight,
// when they would apply from the next month, is shown again, even when
// its amounts (here the income's template) did not change.
func TestBudgetsProposalMonth(t *testing.T) {
	t.Parallel()
	now := centavo.MonthOf(testNow).End().Add(-10 * time.Second)
	a := apptest.StartAt(t, func() time.Time { return now }, "--roles", "api")
	f := &fixture{t: t, st: a.Shards[0], app: a, handler: a.Handler(app.HandlerOptions{})}
	u := f.newUser("late@example.com")
	if res := f.post(u, "/budgets/income", withCSRF(u, url.Values{"income": {"3000"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("income: %d", res.Code)
	}
	body := f.get(u, "/budgets/proposal").body
	shown := regexp.MustCompile(`name="proposal" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if shown == nil || !strings.Contains(body, "apply from "+testNow.Format("January 2006")+" on") {
		t.Fatal("no fingerprint or month in the proposal")
	}
	now = now.Add(time.Minute)
	res := f.post(u, "/budgets/recommendation", withCSRF(u, url.Values{"proposal": {shown[1]}}))
	if o, _ := f.st.BudgetOverrides(context.Background(), u.id); res.Code != http.StatusConflict || len(o) != 0 {
		t.Fatalf("accepted the day after review: %d, %d overrides", res.Code, len(o))
	}
	if !strings.Contains(res.body, "apply from "+now.Format("January 2006")+" on") {
		t.Error("the proposal shown again does not say the new month")
	}
}

// TestBudgetsCurrency: the income and the budgets are typed and shown in
// the user's currency: for a JPY user "500000" is ¥500,000 (JPY has no
// minor unit), not 50,000,000 yen, and the inputs show what was typed.
func TestBudgetsCurrency(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("yen@example.com")
	ctx := context.Background()
	jpy := "JPY"
	if _, err := f.app.Auth.UpdateProfile(ctx, a.id, nil, &jpy); err != nil {
		t.Fatal(err)
	}
	if res := f.post(a, "/budgets/income", withCSRF(a, url.Values{"income": {"500000"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("income: %d", res.Code)
	}
	if res := f.post(a, "/budgets/food", withCSRF(a, url.Values{"amount": {"¥30,000"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("budget: %d", res.Code)
	}
	if res := f.post(a, "/budgets/food", withCSRF(a, url.Values{"amount": {"300.50"}})); res.Code != 422 {
		t.Errorf("a yen amount with decimals: %d", res.Code)
	}
	u, err := f.st.UserByID(ctx, a.id)
	if err != nil || u.MonthlyIncomeCents != 500000 {
		t.Fatalf("income stored %d (%v), want 500000 yen", u.MonthlyIncomeCents, err)
	}
	lines, err := f.app.Budget.Budgets(ctx, a.id, centavo.MonthOf(testNow))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if l.Category == centavo.CatFood && l.BudgetCents != 30000 {
			t.Errorf("food's budget %d, want 30000 yen", l.BudgetCents)
		}
	}
	body := f.get(a, "/budgets").body
	for _, s := range []string{`id="income-amount" name="income" inputmode="decimal" value="500000"`, `name="amount" inputmode="decimal" value="30000"`, `id="income-value">¥500,000<`} {
		if !strings.Contains(body, s) {
			t.Errorf("the budgets page lacks %q", s)
		}
	}
}
