package httpapi_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/sandbox"
)

// cashflowOut is the answer of GET /api/v1/cashflow.
type cashflowOut struct {
	Currency string `json:"currency"`
	Months   []struct {
		Month         string   `json:"month"`
		IncomeCents   int64    `json:"income_cents"`
		SpendingCents int64    `json:"spending_cents"`
		NetCents      int64    `json:"net_cents"`
		SavingsRate   *float64 `json:"savings_rate"`
	} `json:"months"`
}

// TestCashflow: after linking a sandbox customer, each month's income is
// the salary the bank paid in, its spending /spending's total, transfers
// (card payments, sweeps to and from savings) count in neither, and net and
// savings rate follow; a month before the download has nothing and no
// rate. Bad months are 400, reversed or too many 422.
func TestCashflow(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "flow@example.com")
	linkedAt := f.now().UTC()
	linkSandbox(c, f, 6)

	// The bank's truth for the downloaded window: salary per month.
	cust, _ := sandbox.ParseLogin("demo-6")
	start := ingest.FirstWindowStart(linkedAt)
	salary := map[string]int64{}
	for _, tx := range cust.Transactions("CHECKING", start, linkedAt, linkedAt) {
		if tx.Category == centavo.CatIncome {
			salary[tx.Posted.Format("2006-01")] += tx.AmountCents
		}
	}
	// What the API holds: transfers per month, to show they were there.
	transfers := map[string]int64{}
	for _, tx := range c.AllTransactions("") {
		if tx.Category == centavo.CatTransfer {
			transfers[tx.PostedAt.Format("2006-01")]++
		}
	}

	from, to := centavo.MonthOf(start).Add(-1), centavo.MonthOf(linkedAt)
	var flow cashflowOut
	c.Do("GET", fmt.Sprintf("/api/v1/cashflow?from=%s&to=%s", from, to), nil, 200, &flow)
	if flow.Currency != "USD" || len(flow.Months) < 4 || flow.Months[0].Month != from.String() || flow.Months[len(flow.Months)-1].Month != to.String() {
		t.Fatalf("cash flow %+v", flow)
	}
	if m := flow.Months[0]; m.IncomeCents != 0 || m.SpendingCents != 0 || m.NetCents != 0 || m.SavingsRate != nil {
		t.Errorf("the month before the download: %+v", m)
	}
	withTransfers := 0
	for i, m := range flow.Months[1:] {
		var spent spendingOut
		c.Do("GET", "/api/v1/spending?month="+m.Month, nil, 200, &spent)
		if m.Month != from.Add(i+1).String() || m.IncomeCents != salary[m.Month] || m.SpendingCents != spent.TotalSpentCents ||
			m.NetCents != m.IncomeCents-m.SpendingCents {
			t.Errorf("%s: %+v; the bank paid in %d, /spending says %d", m.Month, m, salary[m.Month], spent.TotalSpentCents)
		}
		if salary[m.Month] == 0 || m.SpendingCents <= 0 {
			t.Errorf("%s: salary %d and spending %d; the sandbox pays on the 1st and spends every day", m.Month, salary[m.Month], m.SpendingCents)
			continue
		}
		if m.SavingsRate == nil || *m.SavingsRate != rate4(m.NetCents, m.IncomeCents) {
			t.Errorf("%s: savings rate %v, want %v", m.Month, m.SavingsRate, rate4(m.NetCents, m.IncomeCents))
		}
		if transfers[m.Month] > 0 {
			withTransfers++
		}
	}
	if withTransfers < 3 {
		t.Errorf("transfers in only %d months: %v", withTransfers, transfers)
	}

	// The default: the 12 months through this month, or through to.
	var def cashflowOut
	c.Do("GET", "/api/v1/cashflow", nil, 200, &def)
	last, want := def.Months[len(def.Months)-1], flow.Months[len(flow.Months)-1]
	switch {
	case len(def.Months) != 12:
		t.Errorf("default cash flow: %d months", len(def.Months))
	case last.Month == to.String():
		if last.NetCents != want.NetCents || last.SavingsRate == nil || *last.SavingsRate != *want.SavingsRate {
			t.Errorf("default cash flow ends %+v, want %+v", last, want)
		}
	case last.Month != centavo.MonthOf(f.now()).String(): // the month may have turned since
		t.Errorf("default cash flow ends in %s, want %s", last.Month, to)
	}
	c.Do("GET", "/api/v1/cashflow?to="+from.String(), nil, 200, &def)
	if len(def.Months) != 12 || def.Months[11].Month != from.String() || def.Months[0].Month != from.Add(-11).String() {
		t.Errorf("cash flow through %s: %+v", from, def.Months)
	}

	for query, status := range map[string]int{
		"from=2026-13&to=2027-01":            400,
		"from=26-01":                         400,
		"to=2027-1":                          400,
		"from=2027-03&to=2027-02":            422,
		"from=2020-01&to=2025-01":            422,
		fmt.Sprintf("from=%s&to=%s", to, to): 200,
		"from=2020-01&to=2024-12":            200,
	} {
		c.Do("GET", "/api/v1/cashflow?"+query, nil, status, nil)
	}
	anon := newClient(t, f.base)
	anon.Do("GET", "/api/v1/cashflow", nil, 401, nil)
}

// rate4 is num/den rounded half away from zero to 4 decimals.
func rate4(num, den int64) float64 {
	r := new(big.Rat).SetFrac64(num*10_000, den)
	f, _ := r.Float64()
	whole := int64(f + 0.5)
	if f < 0 {
		whole = int64(f - 0.5)
	}
	return float64(whole) / 10_000
}
