package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/centavo/centavo"
)

// TestWebUI drives the web interface in headless Chromium, as a person
// would: sign up, link demo-1 at the built-in sandbox bank, find the month's
// total on the dashboard equal to the API's, change a transaction's
// category and see the dashboard's category amounts move, set a budget
// and see its bar. It writes screenshots of the main pages at desktop and
// phone sizes.
func TestWebUI(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, 4*time.Minute)
	a := startServe(t)
	const email, password = "web@example.com", "correct horse battery"

	// Sign up: the form lands on the accounts page.
	b.signUp(a.base, email, password)
	if h := b.text("main h1"); h != "Accounts" {
		t.Fatalf("after sign-up: %q", h)
	}

	// Link demo-1 with the sandbox preset, and wait on the page: its
	// script reloads it as the accounts move from linking to ok.
	b.submit(`a[href="/accounts?preset=sandbox#link"]`)
	if got := eval[string](b, `document.querySelector("#url").value`); got != a.base+"/sandbox/ofx" {
		t.Fatalf("sandbox preset URL %q, want %s", got, a.base+"/sandbox/ofx")
	}
	if got := eval[string](b, `document.querySelector("#login").value`); got != "demo-1" {
		t.Fatalf("sandbox preset login %q", got)
	}
	b.submit(`main form[action="/accounts"] button[type=submit]`)
	b.waitFor("both accounts ok", `document.querySelectorAll('li.account[data-status="ok"]').length === 2 && `+
		`document.querySelectorAll('li.account').length === 2`, 90*time.Second)

	// The API, with a token of the same user, is the reference.
	c := newClient(t, a.base)
	var tok struct{ Token string }
	c.Do("POST", "/api/v1/sessions", map[string]string{"email": email, "password": password}, 201, &tok)
	c = c.With(tok.Token)
	var sum spendingOut
	c.Do("GET", "/api/v1/spending", nil, 200, &sum)
	month := sum.Month
	if sum.TotalSpentCents == 0 {
		// The first hours of a month may have no spending yet: use the
		// month before, which always has some.
		m, _ := centavo.ParseMonth(sum.Month)
		month = m.Add(-1).String()
		c.Do("GET", "/api/v1/spending?month="+month, nil, 200, &sum)
	}

	// The dashboard's total is the API's.
	b.open(a.base + "/?month=" + month)
	if got, want := b.text("#total-spent"), centavo.FormatMoney(sum.TotalSpentCents, sum.Currency); got != want {
		t.Fatalf("dashboard total %q, API says %q (%d cents)", got, want, sum.TotalSpentCents)
	}
	before := b.categoryAmounts()
	for _, cat := range sum.Categories {
		if before[cat.Category] != cat.SpentCents {
			t.Errorf("dashboard %s = %d, API %d", cat.Category, before[cat.Category], cat.SpentCents)
		}
	}

	// Change one spending transaction's category in place.
	b.open(a.base + "/transactions?month=" + month)
	type row struct {
		ID       int64  `json:"id"`
		Category string `json:"category"`
		Cents    int64  `json:"cents"`
	}
	pick := eval[row](b, `(() => {
		for (const tr of document.querySelectorAll('tr[data-id]')) {
			const cat = tr.dataset.category, cents = Number(tr.dataset.cents);
			if (cents < 0 && cat !== 'income' && cat !== 'transfer' && cat !== 'gifts_donations') {
				return {id: Number(tr.dataset.id), category: cat, cents: cents};
			}
		}
		return {id: 0, category: '', cents: 0};
	})()`)
	if pick.ID == 0 {
		t.Fatal("no spending transaction on the transactions page")
	}
	const target = centavo.CatGiftsDonations
	id := strconv.FormatInt(pick.ID, 10)
	// The page's script saves it without a reload and puts the new row in place.
	b.do(chromedp.SetValue(chromedp.CSS("#cat-"+id), target), chromedp.Click(chromedp.CSS("#tx-"+id+" .catform button[type=submit]")))
	b.waitFor("the row re-filed in place", `(document.querySelector('#tx-`+id+`') || {dataset: {}}).dataset.category === '`+target+`'`, 15*time.Second)

	// The dashboard's category amounts moved by the transaction's amount.
	b.open(a.base + "/?month=" + month)
	after := b.categoryAmounts()
	spent := -pick.Cents
	if after[pick.Category] != before[pick.Category]-spent || after[target] != before[target]+spent {
		t.Fatalf("moving %d cents from %s to %s: %s %d → %d, %s %d → %d", spent, pick.Category, target,
			pick.Category, before[pick.Category], after[pick.Category], target, before[target], after[target])
	}
	if got, want := b.text("#total-spent"), centavo.FormatMoney(sum.TotalSpentCents, sum.Currency); got != want {
		t.Errorf("total changed with a category change: %q, want %q", got, want)
	}
	var sum2 spendingOut
	c.Do("GET", "/api/v1/spending?month="+month, nil, 200, &sum2)
	for _, cat := range sum2.Categories {
		if after[cat.Category] != cat.SpentCents {
			t.Errorf("after the change: dashboard %s = %d, API %d", cat.Category, after[cat.Category], cat.SpentCents)
		}
	}

	// Set a budget on the budgets page (this month: budgets apply from it
	// on) and find it in its bar.
	b.open(a.base + "/budgets")
	b.fill("#amount-"+target, "123.45")
	b.submit(`#budget-` + target + ` form[action="/budgets/` + target + `"] button[type=submit]`)
	type bar struct {
		Budget int64  `json:"budget"`
		Spent  int64  `json:"spent"`
		Fill   string `json:"fill"`
		Width  string `json:"width"`
		Text   string `json:"text"`
	}
	got := eval[bar](b, `(() => { const li = document.querySelector('#budget-`+target+`');
		return {budget: Number(li.dataset.budgetCents), spent: Number(li.dataset.spentCents), fill: li.dataset.fill,
			width: li.querySelector('.meter-fill').getAttribute('width'), text: li.querySelector('[data-budget]').textContent}; })()`)
	wantFill := strconv.FormatFloat(min(float64(max(got.Spent, 0))*100/12345, 100), 'f', 1, 64)
	if got.Budget != 12345 || got.Text != "$123.45" || got.Width != wantFill || got.Fill != wantFill {
		t.Fatalf("budget bar %+v, want a budget of $123.45 filled to %s%%", got, wantFill)
	}
	var budgets struct {
		Budgets []struct {
			Category    string `json:"category"`
			BudgetCents int64  `json:"budget_cents"`
			Source      string `json:"source"`
		} `json:"budgets"`
	}
	c.Do("GET", "/api/v1/budgets", nil, 200, &budgets)
	for _, l := range budgets.Budgets {
		if l.Category == target && (l.BudgetCents != 12345 || l.Source != "override") {
			t.Errorf("API budget %+v", l)
		}
	}

	b.checkCashflowChart(c, a.base, month)
	b.checkStanding(c, a.base, testNow(t))

	// Screenshots at desktop and phone sizes.
	dir := screenshotDir(t)
	pages := map[string]string{
		"dashboard":    a.base + "/?month=" + month,
		"transactions": a.base + "/transactions?month=" + month,
		"budgets":      a.base + "/budgets",
		"settings":     a.base + "/settings",
		"accounts":     a.base + "/accounts",
	}
	b.screenshots(dir, 1280, 800, pages)
	b.screenshots(dir, 390, 844, pages)
}

// categoryAmounts reads the dashboard's table of spending by category.
func (b *browser) categoryAmounts() map[string]int64 {
	b.t.Helper()
	rows := eval[map[string]int64](b, `Object.fromEntries([...document.querySelectorAll('table.legend tr[data-category]')].map(
		tr => [tr.dataset.category, Number(tr.querySelector('td[data-cents]').dataset.cents)]))`)
	// Each amount is also shown as money.
	for cat, cents := range rows {
		shown := b.text(`table.legend tr[data-category="` + cat + `"] td[data-cents]`)
		if want := centavo.FormatMoney(cents, "USD"); shown != want {
			b.t.Errorf("%s shown as %q, want %q", cat, shown, want)
		}
	}
	return rows
}

// TestWebImport drives file imports in headless Chromium at phone size:
// make an account for file imports, upload a small CSV with "Preview
// first", confirm the preview, and find the rows on the transactions page.
// No page may be wider than the phone.
func TestWebImport(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, 3*time.Minute)
	a := startServe(t)
	dir := screenshotDir(t)
	b.do(chromedp.EmulateViewport(390, 844))
	b.signUp(a.base, "import@example.com", "correct horse battery")

	// A new account for file imports opens its import form.
	b.fill("#fa-name", "Cash book")
	b.submit(`main form[action="/accounts/file"] button[type=submit]`)
	open := eval[string](b, `(document.querySelector('details.import[open]') || {id: ''}).id`)
	id, ok := strings.CutPrefix(open, "import-")
	if !ok {
		t.Fatalf("no import form open after creating the account (%q)", open)
	}
	// With the CSV columns open (left empty: the header is recognised).
	b.do(chromedp.Click(chromedp.CSS("#import-" + id + " details.mapping summary")))
	b.noOverflow(dir, "import-accounts", 390)

	// Three rows last month (a whole month back: always in the past).
	month := centavo.MonthOf(testNow(t)()).Add(-1)
	day := func(d int) string { return month.Start().AddDate(0, 0, d-1).Format("2006-01-02") }
	csv := "Date,Description,Amount\n" + day(3) + ",CORNER BAKERY 12,-4.50\n" + day(4) + ",HARDWARE STORE,-25.00\n" +
		day(5) + ",PAYROLL ACME,1500.00\n"
	path := filepath.Join(t.TempDir(), "statement.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#file-"+id), []string{path}), chromedp.Click(chromedp.CSS("#dry-"+id)))
	b.submit(`#import-` + id + ` button[type=submit]`)
	if h, n := b.text("main h1"), b.text("#import-added"); !strings.HasPrefix(h, "Preview") || n != "3" {
		t.Fatalf("preview: %q, %s to add", h, n)
	}
	if rows := eval[int](b, `document.querySelectorAll('#would-add tbody tr').length`); rows != 3 {
		t.Errorf("the preview lists %d rows, want 3", rows)
	}
	b.noOverflow(dir, "import-preview", 390)

	// Confirm: the result counts the rows, and they are on the
	// transactions page.
	b.submit(`form[action="/accounts/` + id + `/import/confirm"] button[type=submit]`)
	if h, n := b.text("main h1"), b.text("#import-added"); h != "Imported into Cash book" || n != "3" {
		t.Fatalf("result: %q, %s added", h, n)
	}
	b.noOverflow(dir, "import-result", 390)
	b.submit(`#import-summary a[href^="/transactions"]`)
	got := eval[[]string](b, `[...document.querySelectorAll('tr[data-id] .merchant')].map(e => e.textContent)`)
	if len(got) != 3 {
		t.Fatalf("transactions page shows %v, want the 3 imported rows", got)
	}
	if total := eval[int](b, `[...document.querySelectorAll('tr[data-id]')].reduce((s, tr) => s + Number(tr.dataset.cents), 0)`); total != 147050 {
		t.Errorf("imported rows sum to %d cents, want 147050", total)
	}
	b.screenshots(dir, 1280, 800, map[string]string{"import-accounts": a.base + "/accounts?import=" + id})
	b.do(chromedp.Click(chromedp.CSS("#import-" + id + " details.mapping summary")))
	b.noOverflow(dir, "import-mapping", 1280)
}

// noOverflow fails the test when the page is wider than the screen, and
// writes a screenshot of the whole page (<name>-390-full.png).
func (b *browser) noOverflow(dir, name string, width int) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("browser: screenshot of %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d-full.png", name, width)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > width {
		b.t.Errorf("%s at %dpx is %dpx wide: something overflows", name, width, w)
	}
}
