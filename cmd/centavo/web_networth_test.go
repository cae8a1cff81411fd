package main

import (
	"fmt"
	"time"
)

// checkStanding: the accounts page shows, in the browser, every account
// under assets or liabilities with the API's balance, totals that add up
// to the API's net worth of today; a house added with the page's form
// raises it by its value; the dashboard's net-worth chart draws the API's
// series and switches range.
func (b *browser) checkStanding(c *client, base string, now func() time.Time) {
	b.t.Helper()
	type apiAccount struct {
		ID           int64  `json:"id"`
		Kind         string `json:"kind"`
		BalanceCents *int64 `json:"balance_cents"`
	}
	var accts struct {
		Accounts []apiAccount `json:"accounts"`
	}
	c.Do("GET", "/api/v1/accounts", nil, 200, &accts)
	netToday := func() int64 {
		today := now().UTC().Format(time.DateOnly)
		var nw struct {
			Points []struct {
				NetWorthCents int64 `json:"net_worth_cents"`
			} `json:"points"`
		}
		c.Do("GET", fmt.Sprintf("/api/v1/networth?from=%s&to=%s&interval=day", today, today), nil, 200, &nw)
		return nw.Points[len(nw.Points)-1].NetWorthCents
	}

	b.open(base + "/accounts")
	type drawn struct {
		ID      string `json:"id"`
		Kind    string `json:"kind"`
		Group   string `json:"group"`
		Balance string `json:"balance"`
	}
	got := eval[[]drawn](b, `[...document.querySelectorAll('li.account')].map(li => ({id: li.id, kind: li.dataset.kind,
		group: li.closest('ul').getAttribute('aria-labelledby'),
		balance: li.querySelector('[data-balance]') ? li.querySelector('[data-balance]').dataset.balance : ''}))`)
	if len(got) != len(accts.Accounts) {
		b.t.Fatalf("the page lists %d accounts, the API %d", len(got), len(accts.Accounts))
	}
	var assets, liabilities int64
	byID := map[string]drawn{}
	for _, g := range got {
		byID[g.ID] = g
	}
	for _, a := range accts.Accounts {
		g := byID[fmt.Sprintf("account-%d", a.ID)]
		if g.Kind != a.Kind || g.Group != "group-"+a.Kind {
			b.t.Errorf("account %d: on the page %+v, API kind %s", a.ID, g, a.Kind)
		}
		if a.BalanceCents == nil || g.Balance != fmt.Sprint(*a.BalanceCents) {
			b.t.Errorf("account %d: page balance %q, API %v", a.ID, g.Balance, a.BalanceCents)
			continue
		}
		if a.Kind == "liability" {
			liabilities += *a.BalanceCents
		} else {
			assets += *a.BalanceCents
		}
	}
	totals := eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll('[data-total]')].map(e => [e.dataset.total, e.dataset.cents]).concat([['net', document.querySelector('#net-worth').dataset.cents]]))`)
	net := netToday()
	if totals["asset"] != fmt.Sprint(assets) || totals["liability"] != fmt.Sprint(liabilities) || totals["net"] != fmt.Sprint(net) || net != assets-liabilities {
		b.t.Errorf("page totals %v; API accounts sum to %d and %d, API net worth today %d", totals, assets, liabilities, net)
	}

	// A house, through the page's form.
	b.fill("#manual-name", "House")
	b.fill("#manual-value", "250,000")
	b.submit(`main form[action="/accounts/manual"] button[type=submit]`)
	b.waitFor("the house listed", `[...document.querySelectorAll('li.account[data-kind="asset"] [data-balance]')].some(e => e.dataset.balance === "25000000")`, 30*time.Second)
	if after := netToday(); after != net+25_000_000 {
		b.t.Errorf("net worth after adding the house %d, want %d", after, net+25_000_000)
	}
	if got := eval[string](b, `document.querySelector('#net-worth').dataset.cents`); got != fmt.Sprint(net+25_000_000) {
		b.t.Errorf("the page's net worth after the house %s, want %d", got, net+25_000_000)
	}

	// The dashboard's chart: 3 months of days by default, then 1Y.
	b.open(base + "/")
	if w := eval[float64](b, `document.querySelector('svg.linechart').getBoundingClientRect().width`); w < 300 {
		b.t.Errorf("the net-worth chart is %.0f px wide", w)
	}
	last := eval[string](b, `[...document.querySelectorAll('#networth td[data-cents]')].pop().dataset.cents`)
	if last != fmt.Sprint(net+25_000_000) {
		b.t.Errorf("the chart ends at %s, the API's net worth today is %d", last, net+25_000_000)
	}
	b.submit(`#networth .range-links a[href*="nw=1y"]`)
	if cur := b.text(`#networth .range-links a[aria-current="true"]`); cur != "1Y" {
		b.t.Errorf("after choosing 1Y the current range is %q", cur)
	}
	if n := eval[int](b, `document.querySelectorAll('#networth td[data-cents]').length`); n < 10 {
		b.t.Errorf("the 1Y chart's table has %d rows", n)
	}
}
