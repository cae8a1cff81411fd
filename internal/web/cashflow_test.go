package web_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// TestCashflowChart: the dashboard draws income against spending for the
// 12 months through its month, with the amounts of the cash flow (transfers
// left out), bars on one scale, the month shown highlighted, and a table
// for screen readers; a user with nothing sees a sentence instead.
func TestCashflowChart(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("flow@example.com", "Corner Bakery") // $10.00 of shopping this month
	ctx := context.Background()
	march := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	rows := []struct {
		at       time.Time
		cents    int64
		category string
	}{
		{march, 500_000, centavo.CatIncome},
		{march.AddDate(0, 0, 2), -180_000, centavo.CatHousing},
		{march.AddDate(0, 0, 3), -250_000, centavo.CatTransfer}, // to savings: not spending
		{testNow.AddDate(0, 0, -3), 420_000, centavo.CatIncome},
		{time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC), -7_000, centavo.CatFood}, // the first month of the 12
		{time.Date(2025, 5, 15, 12, 0, 0, 0, time.UTC), -9_000, centavo.CatFood}, // before them
	}
	var txns []centavo.Transaction
	for i, r := range rows {
		txns = append(txns, centavo.Transaction{UserID: a.id, AccountID: a.account.ID, InstitutionID: "flow" + strconv.Itoa(i), PostedAt: r.at,
			Seller: "ROW " + strconv.Itoa(i), AmountCents: r.cents, Currency: "USD", Category: r.category, CategorySource: centavo.SourceSeed})
	}
	f.write(func(tx store.Tx) error {
		stored, err := tx.InsertTransactions(ctx, txns)
		if err != nil {
			return err
		}
		deltas, err := store.SumDeltas(stored, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, a.id, deltas)
	})

	res := f.get(a, "/")
	if res.Code != 200 {
		t.Fatalf("dashboard: %d", res.Code)
	}
	svg := regexp.MustCompile(`(?s)<svg class="flow".*?</svg>`).FindString(res.body)
	if svg == "" {
		t.Fatalf("no cash-flow chart on the dashboard:\n%s", res.body)
	}
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("the chart is not well-formed: %v", err)
	}
	months := regexp.MustCompile(`<g class="flow-month( flow-current)?" data-month="([0-9-]+)">\s*`+
		`<rect class="flow-in" x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)" rx="2" data-cents="(-?[0-9]+)">`+
		`<title>[A-Za-z]+ income ([^<]+)</title></rect>\s*`+
		`<rect class="flow-out" x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)" rx="2" data-cents="(-?[0-9]+)">`).FindAllStringSubmatch(svg, -1)
	if len(months) != 12 || months[0][2] != "2025-06" || months[11][2] != "2026-05" {
		t.Fatalf("chart months: %d, %q", len(months), months)
	}
	flow, err := f.app.Ledger.Cashflow(ctx, a.id, centavo.Month{Year: 2025, Month: 6}, centavo.Month{Year: 2026, Month: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int64{"2025-06": {0, 7_000}, "2026-03": {500_000, 180_000}, "2026-05": {420_000, 1_000}}
	var tallest float64
	for i, m := range months {
		in, _ := strconv.ParseInt(m[4], 10, 64)
		out, _ := strconv.ParseInt(m[7], 10, 64)
		if in != flow.Months[i].IncomeCents || out != flow.Months[i].SpendingCents || in != want[m[2]][0] || out != want[m[2]][1] {
			t.Errorf("%s: income %d and spending %d drawn, want %v", m[2], in, out, want[m[2]])
		}
		if m[5] != centavo.FormatMoney(in, "USD") {
			t.Errorf("%s: income labelled %q", m[2], m[5])
		}
		if (m[1] != "") != (m[2] == "2026-05") {
			t.Errorf("%s highlighted: %q", m[2], m[1])
		}
		hIn, _ := strconv.ParseFloat(m[3], 64)
		hOut, _ := strconv.ParseFloat(m[6], 64)
		tallest = max(tallest, hIn, hOut)
		// One scale: 500,000 cents is the tallest bar.
		if wantH := float64(in) / 500_000 * tallest; in > 0 && tallest > 0 && fmt.Sprintf("%.1f", hIn) != fmt.Sprintf("%.1f", wantH) {
			t.Errorf("%s: income bar %.2f high, want %.2f", m[2], hIn, wantH)
		}
	}
	if tallest < 100 {
		t.Errorf("the tallest bar is %.1f high", tallest)
	}
	for _, text := range []string{"Income and spending, June 2025 to May 2026", "March 2026: income $5,000.00, spending $1,800.00, net $3,200.00",
		"<td>$3,200.00</td><td>64%</td>", "<td>-$70.00</td><td>—</td>"} {
		if !strings.Contains(res.body, text) {
			t.Errorf("dashboard lacks %q", text)
		}
	}

	// An earlier month's dashboard ends its chart there.
	if body := f.get(a, "/?month=2026-03").body; !strings.Contains(body, `<g class="flow-month flow-current" data-month="2026-03">`) ||
		!strings.Contains(body, "Income and spending, April 2025 to March 2026") {
		t.Error("the March dashboard's chart does not end in March")
	}
	empty := f.newUser("empty@example.com")
	if body := f.get(empty, "/").body; strings.Contains(body, `<svg class="flow"`) || !strings.Contains(body, "No income or spending in these months yet.") {
		t.Error("a user without transactions gets a chart")
	}
}
