package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/centavo/centavo"
)

// budgetsOut is what GET /api/v1/budgets answers, in the fields this test
// compares with the page.
type budgetsOut struct {
	IncomeCents       int64 `json:"income_cents"`
	BudgetedCents     int64 `json:"budgeted_cents"`
	LeftToBudgetCents int64 `json:"left_to_budget_cents"`
	Budgets           []struct {
		Category       string `json:"category"`
		HasBudget      bool   `json:"has_budget"`
		BudgetCents    int64  `json:"budget_cents"`
		AvailableCents int64  `json:"available_cents"`
		SpentCents     int64  `json:"spent_cents"`
		ProjectedCents int64  `json:"projected_cents"`
		Source         string `json:"source"`
		Rollover       bool   `json:"rollover"`
	} `json:"budgets"`
}

// TestWebBudgetsGoals (issue 19, item 8) drives the budgets and goals pages
// in headless Chromium: sign up, set an income and find the header's
// income, budgeted and left to budget equal to the API's; budget more than
// the income and see the warning; review the recommendation (the savings
// target changed on the way), see that nothing changed before Accept, then
// accept it; turn a category's rollover on; make a goal, put money aside
// for it, see its progress, remove it. Screenshots at desktop and phone
// width (CENTAVO_SCREENSHOTS=dir keeps them).
func TestWebBudgetsGoals(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, 3*time.Minute)
	a := startServe(t)
	const email, password = "plan@example.com", "correct horse battery"
	b.do(chromedp.EmulateViewport(1280, 800))
	b.signUp(a.base, email, password)
	dir := screenshotDir(t)

	// Spending history through the API: a wallet with purchases in each of
	// the last three months, so the recommendation has medians.
	c := newClient(t, a.base)
	var tok struct{ Token string }
	c.Do("POST", "/api/v1/sessions", map[string]string{"email": email, "password": password}, 201, &tok)
	c = c.With(tok.Token)
	var accts accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &accts)
	now := testNow(t)()
	month := centavo.MonthOf(now)
	for i := 1; i <= 3; i++ {
		day := month.Add(-i).Start().AddDate(0, 0, 4).Format("2006-01-02")
		for _, p := range []struct {
			merchant, category string
			cents              int64
		}{{"Corner Market", "food", 41000 + int64(i)*1500}, {"Noodle Bar", "restaurants", 9000 + int64(i)*700}} {
			var tx txnOut
			c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": accts.Accounts[0].ID, "posted_at": day, "amount_cents": -p.cents,
				"merchant": p.merchant, "category": p.category}, 201, &tx)
		}
	}

	// And this month: food, restaurants and shopping, so the bars show
	// each state.
	for _, p := range []struct {
		merchant, category string
		cents              int64
	}{{"Corner Market", "food", 30000}, {"Noodle Bar", "restaurants", 8000}, {"Book Nook", "shopping", 10000}} {
		var tx txnOut
		c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": accts.Accounts[0].ID, "posted_at": now.Format("2006-01-02"), "amount_cents": -p.cents,
			"merchant": p.merchant, "category": p.category}, 201, &tx)
	}

	// No income yet: its form is open. Set it.
	b.open(a.base + "/budgets")
	if got := b.text("#income-value"); got != "Not set" {
		t.Fatalf("income before: %q", got)
	}
	b.fill("#income-amount", "4000")
	b.submit(`form[action="/budgets/income"] button[type=submit]`)
	var api budgetsOut
	checkHeader := func(when string) {
		t.Helper()
		c.Do("GET", "/api/v1/budgets", nil, 200, &api)
		for id, cents := range map[string]int64{"#income-value": api.IncomeCents, "#budgeted-value": api.BudgetedCents, "#left-value": api.LeftToBudgetCents} {
			if got, want := b.text(id), centavo.FormatMoney(cents, "USD"); got != want {
				t.Errorf("%s: %s is %q, the API says %q", when, id, got, want)
			}
		}
	}
	checkHeader("after the income")
	if api.IncomeCents != 400000 || api.BudgetedCents == 0 {
		t.Fatalf("API budgets %+v", api)
	}

	// Budget housing past the income: the header says by how much.
	b.fill("#amount-housing", "4500")
	b.submit(`#budget-housing form[action="/budgets/housing"] button[type=submit]`)
	checkHeader("over the income")
	if api.LeftToBudgetCents >= 0 {
		t.Fatalf("left to budget %d after budgeting past the income", api.LeftToBudgetCents)
	}
	want := "You budgeted " + centavo.FormatMoney(-api.LeftToBudgetCents, "USD") + " more than your income."
	if got := b.text("#overbudgeted"); !strings.Contains(got, want) {
		t.Errorf("warning %q, want %q", got, want)
	}
	b.screenshots(dir, 1280, 800, map[string]string{"budgets-over-income": a.base + "/budgets"})
	b.screenshots(dir, 390, 844, map[string]string{"budgets-over-income": a.base + "/budgets"})
	b.do(chromedp.EmulateViewport(1280, 800))

	// Review the recommendation: it fits income minus the savings target;
	// change the target; nothing is stored until Accept.
	b.open(a.base + "/budgets")
	b.submit("#review-recommendation")
	if h := b.text("main h1"); h != "Recommended budgets" {
		t.Fatalf("review: %q", h)
	}
	if got := b.text("#proposal-limit"); got != "$3,600.00" {
		t.Errorf("income minus 10%%: %q", got)
	}
	b.fill("#savings-target", "20")
	b.submit(`form[action="/budgets/proposal/savings"] button[type=submit]`)
	if got := b.text("#proposal-limit"); got != "$3,200.00" {
		t.Errorf("income minus 20%%: %q", got)
	}
	total := b.text("#proposal-total")
	proposed := eval[map[string]int64](b, `Object.fromEntries([...document.querySelectorAll('tr[data-proposed-cents]')].map(tr => [tr.dataset.category, Number(tr.dataset.proposedCents)]))`)
	var sum int64
	for _, v := range proposed {
		sum += v
	}
	if sum > 320000 || centavo.FormatMoney(sum, "USD") != total || len(proposed) == 0 {
		t.Errorf("proposal %v (total %q), want at most $3,200.00 in all", proposed, total)
	}
	c.Do("GET", "/api/v1/budgets", nil, 200, &api)
	for _, l := range api.Budgets {
		if l.Source == "override" && l.Category != "housing" {
			t.Errorf("before Accept %s is already an override", l.Category)
		}
	}
	b.screenshots(dir, 1280, 800, map[string]string{"budgets-proposal": a.base + "/budgets/proposal"})
	b.screenshots(dir, 390, 844, map[string]string{"budgets-proposal": a.base + "/budgets/proposal"})
	b.do(chromedp.EmulateViewport(1280, 800))
	b.open(a.base + "/budgets/proposal")
	b.submit("#accept-proposal")
	if !strings.Contains(b.text(".flash"), "Recommended budgets accepted") {
		t.Errorf("after Accept: %q", b.text(".flash"))
	}
	checkHeader("after Accept")
	for _, l := range api.Budgets {
		if w, ok := proposed[l.Category]; ok && (l.BudgetCents != w || l.Source != "override") {
			t.Errorf("accepted %s: %d (%s), proposed %d", l.Category, l.BudgetCents, l.Source, w)
		}
	}
	if api.LeftToBudgetCents < 0 {
		t.Errorf("left to budget %d after accepting a plan that fits", api.LeftToBudgetCents)
	}

	// Rollover on for food.
	b.submit(`#budget-food .rollover-form button[type=submit]`)
	if got := eval[string](b, `document.querySelector('#budget-food .rollover-form button').getAttribute('aria-pressed')`); got != "true" {
		t.Errorf("rollover toggle pressed = %q", got)
	}
	c.Do("GET", "/api/v1/budgets", nil, 200, &api)
	for _, l := range api.Budgets {
		if l.Category == "food" && (!l.Rollover || l.BudgetCents != proposed["food"]) {
			t.Errorf("food after the toggle: %+v", l)
		}
	}
	checkMarks(t, b, api)
	b.screenshots(dir, 1280, 800, map[string]string{"budgets-plan": a.base + "/budgets"})
	b.screenshots(dir, 390, 844, map[string]string{"budgets-plan": a.base + "/budgets"})
	// The bars with their marks, as a phone shows them.
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#budget-food")))
	b.viewportShot(dir, "budgets-plan-bars-390x844")
	b.do(chromedp.EmulateViewport(1280, 800))

	webGoal(t, b, c, a.base, dir, now)
}

// checkMarks compares the bars' projected marks with the API's projection:
// a mark at projected ÷ available (kept inside the bar) and "On pace for"
// where the month projects above what is spent, none elsewhere.
func checkMarks(t *testing.T, b *browser, api budgetsOut) {
	t.Helper()
	type mark struct {
		X    string `json:"x"`
		Text string `json:"text"`
	}
	marks := eval[map[string]mark](b, `Object.fromEntries([...document.querySelectorAll('li.budget')].map(li => {
		const m = li.querySelector('.meter-mark'), p = li.querySelector('.bline-pace');
		return [li.dataset.category, {x: m ? m.getAttribute('x1') : '', text: p ? p.textContent : ''}]; }))`)
	projected := 0
	for _, l := range api.Budgets {
		got := marks[l.Category]
		if !l.HasBudget || l.ProjectedCents <= l.SpentCents || l.AvailableCents <= 0 {
			if got.X != "" || got.Text != "" {
				t.Errorf("%s: a mark %+v without a projection above spending (%+v)", l.Category, got, l)
			}
			continue
		}
		projected++
		x := strconv.FormatFloat(min(float64(l.ProjectedCents)*100/float64(l.AvailableCents), 99.4), 'f', 1, 64)
		if got.X != x || !strings.Contains(got.Text, "On pace for "+centavo.FormatMoney(l.ProjectedCents, "USD")) {
			t.Errorf("%s: mark %+v, want x=%s and on pace for %d cents", l.Category, got, x, l.ProjectedCents)
		}
	}
	t.Logf("%d categories projected above their spending", projected)
}

// webGoal makes a goal on the goals page, puts money aside for it, checks
// its progress against the API's, and removes it.
func webGoal(t *testing.T, b *browser, c *client, base, dir string, now time.Time) {
	t.Helper()
	b.open(base + "/goals")
	b.fill("#new-name", "Trip to Lisbon")
	b.fill("#new-target", "1200")
	date := centavo.DayOf(now.AddDate(0, 6, 0)).String()
	b.do(chromedp.SetValue(chromedp.CSS("#new-date"), date))
	b.submit(`form[action="/goals"] button[type=submit]`)
	id := eval[string](b, `(document.querySelector('li.goal') || {dataset: {}}).dataset.goal || ''`)
	if id == "" {
		t.Fatal("no goal on the page after creating one")
	}
	row := "#goal-" + id
	b.do(chromedp.Click(chromedp.CSS(row + " summary.add-money")))
	b.fill("#contrib-"+id, "300")
	b.noOverflow(dir, "goals-add-money", 1280)
	b.submit(row + ` form[action="/goals/` + id + `/contributions"] button[type=submit]`)
	var g struct {
		SavedCents   int64 `json:"saved_cents"`
		Percent      int   `json:"progress_percent"`
		MonthlyCents int64 `json:"monthly_needed_cents"`
		OnTrack      bool  `json:"on_track"`
	}
	c.Do("GET", "/api/v1/goals/"+id, nil, 200, &g)
	if g.SavedCents != 30000 || g.Percent != 25 {
		t.Fatalf("API goal %+v", g)
	}
	got := eval[map[string]string](b, `(() => { const li = document.querySelector('`+row+`');
		return {percent: li.dataset.percent, saved: li.querySelector('.goal-saved').textContent, width: li.querySelector('.meter-fill').getAttribute('width'),
			monthly: li.dataset.monthlyCents, status: li.dataset.status}; })()`)
	if got["percent"] != "25" || got["saved"] != "$300.00" || got["width"] != "25" || got["monthly"] != strconv.FormatInt(g.MonthlyCents, 10) ||
		(got["status"] == "ontrack") != g.OnTrack {
		t.Errorf("goal on the page %v, API %+v", got, g)
	}
	b.screenshots(dir, 1280, 800, map[string]string{"goals": base + "/goals"})
	b.screenshots(dir, 390, 844, map[string]string{"goals": base + "/goals"})
	b.do(chromedp.EmulateViewport(1280, 800))
	b.open(base + "/goals")
	// Remove, after the confirmation.
	b.do(chromedp.EmulateViewport(390, 844))
	b.do(chromedp.Click(chromedp.CSS(row + ` summary.remove-goal`)))
	b.noOverflow(dir, "goals-remove", 390)
	b.submit(row + ` form[action="/goals/` + id + `/delete"] button[type=submit]`)
	if n := eval[int](b, `document.querySelectorAll('li.goal').length`); n != 0 {
		t.Errorf("%d goals on the page after removing it", n)
	}
	var list struct {
		Goals []any `json:"goals"`
	}
	c.Do("GET", "/api/v1/goals", nil, 200, &list)
	if len(list.Goals) != 0 {
		t.Errorf("API goals after removal: %v", list.Goals)
	}
}

// viewportShot writes what the browser shows now as <name>.png.
func (b *browser) viewportShot(dir, name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("browser: screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
