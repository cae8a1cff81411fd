package main

import (
	"fmt"

	"github.com/centavo/centavo"
)

// checkCashflowChart: the dashboard of month draws, in the browser, the
// API's cash flow for the 12 months through it — income and spending bars
// with the API's amounts, a visible chart, taller bars for larger amounts.
func (b *browser) checkCashflowChart(c *client, base, month string) {
	b.t.Helper()
	m, err := centavo.ParseMonth(month)
	if err != nil {
		b.t.Fatal(err)
	}
	var flow struct {
		Months []struct {
			Month         string `json:"month"`
			IncomeCents   int64  `json:"income_cents"`
			SpendingCents int64  `json:"spending_cents"`
		} `json:"months"`
	}
	c.Do("GET", fmt.Sprintf("/api/v1/cashflow?from=%s&to=%s", m.Add(-11), m), nil, 200, &flow)
	b.open(base + "/?month=" + month)
	type drawn struct {
		Month   string  `json:"month"`
		In      int64   `json:"in"`
		Out     int64   `json:"out"`
		InH     float64 `json:"inH"`
		OutH    float64 `json:"outH"`
		Current bool    `json:"current"`
	}
	got := eval[[]drawn](b, `[...document.querySelectorAll('svg.flow g.flow-month')].map(g => ({
		month: g.dataset.month, current: g.classList.contains('flow-current'),
		in: Number(g.querySelector('.flow-in').dataset.cents), out: Number(g.querySelector('.flow-out').dataset.cents),
		inH: g.querySelector('.flow-in').getBBox().height, outH: g.querySelector('.flow-out').getBBox().height}))`)
	if len(got) != 12 || len(flow.Months) != 12 {
		b.t.Fatalf("the chart draws %d months, the API has %d", len(got), len(flow.Months))
	}
	var spent int
	for i, g := range got {
		w := flow.Months[i]
		if g.Month != w.Month || g.In != w.IncomeCents || g.Out != w.SpendingCents || g.Current != (w.Month == month) {
			b.t.Errorf("chart month %d: %+v, API %+v", i, g, w)
		}
		if (g.Out > 0) != (g.OutH > 0) || (g.In > 0) != (g.InH > 0) {
			b.t.Errorf("%s: bars %.1f and %.1f high for %d and %d cents", g.Month, g.InH, g.OutH, g.In, g.Out)
		}
		if (g.In > g.Out) != (g.InH > g.OutH) && g.In != g.Out {
			b.t.Errorf("%s: income %d (%.1f high) against spending %d (%.1f high)", g.Month, g.In, g.InH, g.Out, g.OutH)
		}
		if g.Out > 0 {
			spent++
		}
	}
	if spent < 2 {
		b.t.Errorf("only %d months with spending in the chart", spent)
	}
	if w := eval[float64](b, `document.querySelector('svg.flow').getBoundingClientRect().width`); w < 300 {
		b.t.Errorf("the cash-flow chart is %.0f px wide", w)
	}
}
