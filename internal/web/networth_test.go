package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/store"
)

// TestAccountsStanding: the accounts page groups the accounts as assets
// and liabilities with their balances, totals and net worth; a house and
// a loan are added by hand and revalued; bad values change nothing; the
// dashboard draws net worth over the chosen range.
func TestAccountsStanding(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("standing@example.com")
	ctx := context.Background()
	today := centavo.DayOf(testNow)
	// The checking account reported $1,200.00 yesterday.
	f.write(func(tx store.Tx) error {
		_, err := tx.RecordBalance(ctx, centavo.Balance{UserID: a.id, AccountID: a.account.ID, Day: today - 1, Cents: 120_000, AsOf: testNow.Add(-24 * 3600e9)})
		return err
	})

	res := f.post(a, "/accounts/manual", withCSRF(a, url.Values{"name": {"House"}, "kind": {"asset"}, "value": {"250,000"}, "currency": {"USD"}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("add a house: %d %s", res.Code, res.body)
	}
	res = f.post(a, "/accounts/manual", withCSRF(a, url.Values{"name": {"Mortgage"}, "kind": {"liability"}, "value": {"180000.50"}, "currency": {"USD"}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("add a loan: %d %s", res.Code, res.body)
	}
	for _, bad := range []url.Values{
		{"name": {"Boat"}, "kind": {"asset"}, "value": {"12.345"}, "currency": {"USD"}},
		{"name": {"Boat"}, "kind": {"asset"}, "value": {"1200.5"}, "currency": {"JPY"}},
		{"name": {"Boat"}, "kind": {"asset"}, "value": {"lots"}, "currency": {"USD"}},
		{"name": {"Boat"}, "kind": {"yacht"}, "value": {"5"}, "currency": {"USD"}},
		{"name": {"Boat"}, "kind": {"asset"}, "value": {"5"}, "currency": {"DOLLARS"}},
	} {
		if res := f.post(a, "/accounts/manual", withCSRF(a, bad)); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.body, `value="Boat"`) {
			t.Errorf("manual account %v: %d, want 422 with the form kept", bad, res.Code)
		}
	}
	list, err := f.app.Accounts.Accounts(ctx, a.id)
	if err != nil || len(list) != 3 {
		t.Fatalf("accounts %d %v: want checking, house and mortgage (the bad ones refused)", len(list), err)
	}

	body := f.get(a, "/accounts").body
	groups := regexp.MustCompile(`<h3 id="group-(asset|liability)">`).FindAllStringSubmatch(body, -1)
	if len(groups) != 2 || groups[0][1] != "asset" || groups[1][1] != "liability" {
		t.Fatalf("groups %q, want assets then liabilities", groups)
	}
	for _, want := range []string{
		`data-total="asset">$251,200.00<`, `data-total="liability">$180,000.50<`, `id="net-worth" class="" data-cents="7119950">$71,199.50<`,
		`data-balance="120000">$1,200.00<`, `data-balance="18000050">$180,000.50</span> <span class="muted small">owed`,
		`Liability kept by hand`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("accounts page lacks %s", want)
		}
	}
	// Only file and manual accounts take a value; the linked one refreshes.
	house := list[1].ID
	if !strings.Contains(body, `action="/accounts/`+strconv.FormatInt(house, 10)+`/balance"`) || strings.Contains(body, `action="/accounts/`+strconv.FormatInt(a.account.ID, 10)+`/balance"`) {
		t.Error("the value form is not offered on the manual accounts only")
	}

	// The house is revalued as of two days ago; a linked account refuses.
	res = f.post(a, "/accounts/"+strconv.FormatInt(house, 10)+"/balance", withCSRF(a, url.Values{"value": {"260000"}, "as_of": {(today - 2).String()}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("revalue the house: %d %s", res.Code, res.body)
	}
	if res := f.post(a, "/accounts/"+strconv.FormatInt(a.account.ID, 10)+"/balance", withCSRF(a, url.Values{"value": {"5"}})); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("a linked account's balance by hand: %d, want 422", res.Code)
	}
	if res := f.post(a, "/accounts/"+strconv.FormatInt(house, 10)+"/balance", withCSRF(a, url.Values{"value": {"5"}, "as_of": {"yesterday"}})); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("a bad date: %d, want 422", res.Code)
	}
	// Today's house value is still the one recorded today (the later report
	// of its day); two days ago it was the new one.
	nw, err := f.app.Accounts.NetWorth(ctx, account.NetWorthParams{UserID: a.id, From: today - 2, To: today, Interval: account.IntervalDay})
	if err != nil {
		t.Fatal(err)
	}
	if got := nw.Points[0].AssetsCents; got != 26_000_000+120_000 {
		t.Errorf("assets two days ago %d, want the house at 26000000 and checking at 120000 (reconstructed back from its report)", got)
	}
	if got := nw.Points[2].AssetsCents; got != 25_000_000+120_000 {
		t.Errorf("assets today %d, want today's house value 25000000 and checking 120000", got)
	}

	dash := f.get(a, "/?nw=1y").body
	svg := regexp.MustCompile(`(?s)<svg class="linechart".*?</svg>`).FindString(dash)
	if svg == "" {
		t.Fatalf("no net-worth chart on the dashboard:\n%s", dash)
	}
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("the chart is not well-formed: %v", err)
	}
	if !strings.Contains(dash, `aria-current="true">1Y<`) || !strings.Contains(dash, `id="networth-now">$71,199.50<`) {
		t.Error("the dashboard does not show the 1Y range chosen and today's net worth")
	}
	rows := regexp.MustCompile(`<td data-cents="(-?[0-9]+)">`).FindAllStringSubmatch(dash[strings.Index(dash, `class="linechart"`):], -1)
	if len(rows) == 0 || rows[len(rows)-1][1] != "7119950" {
		t.Errorf("the chart's table ends %q, want today's 7119950", rows)
	}
	if empty := f.get(f.newUser("nothing@example.com"), "/").body; !strings.Contains(empty, "No balances yet") {
		t.Error("a user without balances gets no explanation")
	}

	// A flat valued in yen, which has no minor unit: typed and shown whole.
	res = f.post(a, "/accounts/manual", withCSRF(a, url.Values{"name": {"Flat in Osaka"}, "kind": {"asset"}, "value": {"¥30,000,000"}, "currency": {"JPY"}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("add a flat in yen: %d %s", res.Code, res.body)
	}
	list, err = f.app.Accounts.Accounts(ctx, a.id)
	if err != nil || len(list) != 4 {
		t.Fatalf("accounts %d %v: want the flat too", len(list), err)
	}
	bals, err := f.app.Accounts.LatestBalances(ctx, a.id)
	if err != nil || bals[list[3].ID].Cents != 30_000_000 {
		t.Fatalf("the flat's value %+v %v, want 30000000 yen (JPY has no minor unit)", bals[list[3].ID], err)
	}
	if body := f.get(a, "/accounts").body; !strings.Contains(body, `data-balance="30000000">¥30,000,000<`) {
		t.Error("the flat is not shown as ¥30,000,000 in its own currency")
	}
}
