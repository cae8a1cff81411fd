package main

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// TestWebSearch drives the search page in headless Chromium (issue 17,
// item 8): filter by a word prefix and an amount range, and the count and
// total shown are the API's for the same search; the export links carry
// the filters. Screenshots at desktop and phone sizes.
func TestWebSearch(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, 3*time.Minute)
	a := startServe(t)
	dir := screenshotDir(t)
	const email, password = "finder@example.com", "correct horse battery"
	c := newClient(t, a.base).SignUp(email)
	var accts accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": "Cash book", "currency": "USD"}, 201, &accts)
	month := centavo.MonthOf(testNow(t)()).Add(-1) // a whole month back: always in the past
	day := func(d int) string { return month.Start().AddDate(0, 0, d-1).Format("2006-01-02") }
	csv := "Date,Description,Amount\n" + day(2) + ",CAFÉ NERO LONDON,-4.50\n" + day(3) + ",CAFFE ROMA,-12.00\n" +
		day(4) + ",CAFETERIA ACME,-35.00\n" + day(5) + ",HARDWARE STORE,-25.00\n" + day(6) + ",PAYROLL ACME,1500.00\n"
	if status, body := c.ImportFile(accts.Accounts[0].ID, "statement.csv", csv, nil); status != 200 {
		t.Fatalf("import: %d %s", status, body)
	}

	b.open(a.base + "/signin")
	b.fill("#email", email)
	b.fill("#password", password)
	b.submit(`main form[action="/signin"] button[type=submit]`)
	b.open(a.base + "/search")
	if n := eval[int](b, `Number(document.querySelector('[data-count]').dataset.count)`); n != 5 {
		t.Fatalf("the search page before a search counts %d, want all 5", n)
	}
	b.fill("#s-q", "Caf")
	b.fill("#s-max", "20")
	b.submit(`main form[action="/search"] button[type=submit]`)

	count := eval[int](b, `Number(document.querySelector('[data-count]').dataset.count)`)
	total := eval[int](b, `Number(document.querySelector('[data-total]').dataset.total)`)
	rows := eval[[]string](b, `[...document.querySelectorAll('tr[data-id] .merchant')].map(e => e.textContent)`)
	var api struct {
		Count      int `json:"count"`
		TotalCents int `json:"total_cents"`
	}
	c.Do("GET", "/api/v1/transactions?q=Caf&max_cents=2000", nil, 200, &api)
	if count != 2 || total != -1650 || count != api.Count || total != api.TotalCents || len(rows) != 2 {
		t.Fatalf("search page: %d transactions, total %d, rows %v; the API: %d, %d", count, total, rows, api.Count, api.TotalCents)
	}
	if shown := b.text(".search-totals"); !strings.Contains(shown, "2 transactions") || !strings.Contains(shown, "-$16.50") {
		t.Errorf("totals read %q", shown)
	}
	href := eval[string](b, `document.querySelector('.search-export a').getAttribute('href')`)
	u, err := url.Parse(href)
	if err != nil || u.Path != "/search/export" || u.Query().Get("q") != "Caf" || u.Query().Get("max") != "20" || u.Query().Get("format") != "csv" {
		t.Errorf("export link %q", href)
	}
	query := fmt.Sprintf("/search?q=Caf&max=20&from=%s", day(1))
	b.screenshots(dir, 1280, 800, map[string]string{"search": a.base + query})
	b.screenshots(dir, 390, 844, map[string]string{"search": a.base + query})
}
