package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/centavo/centavo"
)

// budgetsOut is GET /api/v1/budgets.
type budgetsOut struct {
	Month   string `json:"month"`
	Budgets []struct {
		Category   string `json:"category"`
		SpentCents int64  `json:"spent_cents"`
	} `json:"budgets"`
}

// TestSpendingAcrossCurrencies (issue 15, item 6): a user with the sandbox
// bank's USD accounts and a EUR file account (an OFX statement with CURDEF
// EUR) sees /spending, /cashflow and budgets in USD, the EUR rows converted at the
// fixture rate of their day; a file account in a currency without a rate
// (XTS) is listed in missing_rates and never summed raw. The home currency
// changes only to an ISO 4217 code, and the totals follow it.
func TestSpendingAcrossCurrencies(t *testing.T) {
	t.Parallel()
	f := setup(t)
	month := centavo.MonthOf(f.now()).Add(-1)
	// Fixture rates, dated the month's first day: one euro = 1.25 USD.
	fixture := fmt.Sprintf("Date,USD,JPY,\n%s,1.25,160,\n", month.Start().Format("2006-01-02"))
	if _, err := f.app.Rates.Import(context.Background(), []byte(fixture)); err != nil {
		t.Fatal(err)
	}
	c := signUp(t, newClient(t, f.base), "currencies@example.com")
	linkSandbox(c, f, 1)

	var eur, xts accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": "Girokonto", "currency": "EUR"}, 201, &eur)
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": "Test units", "currency": "XTS"}, 201, &xts)
	day := func(d int) string { return month.Start().AddDate(0, 0, d-1).Format("20060102") }
	ofx := "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>DE1<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>" + day(3) + "<TRNAMT>-10.00<FITID>E1<NAME>ZORBLAX BOOKS BERLIN</STMTTRN>" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>" + day(4) + "<TRNAMT>-20.01<FITID>E2<NAME>ZORBLAX BOOKS BERLIN</STMTTRN>" +
		"</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
	if res := mustImportFile(c, eur.Accounts[0].ID, "konto.ofx", ofx); res.Added != 2 {
		t.Fatalf("EUR import: %+v", res)
	}
	qif := "!Type:Bank\nD" + month.Start().AddDate(0, 0, 4).Format("01/02/2006") + "\nT-5.00\nPZORBLAX TEST SHOP\n^\n"
	if res := mustImportFile(c, xts.Accounts[0].ID, "units.qif", qif); res.Added != 1 {
		t.Fatalf("XTS import: %+v", res)
	}

	var sp spendingOut
	c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &sp)
	native := map[string]int64{}
	for _, b := range sp.ByCurrency {
		native[b.Currency] = b.SpentCents
	}
	if sp.Currency != "USD" || native["EUR"] != 3001 || native["XTS"] != 500 || native["USD"] <= 0 {
		t.Fatalf("by_currency: %+v", sp)
	}
	// 10.00 EUR → 12.50 USD; 20.01 EUR → 25.0125 → 25.01 USD. XTS has no rate.
	if want := native["USD"] + 1250 + 2501; sp.TotalSpentCents != want {
		t.Errorf("total_spent_cents = %d, want %d (USD %d + converted EUR 3751, XTS left out)", sp.TotalSpentCents, want, native["USD"])
	}
	if fmt.Sprint(sp.MissingRates) != "[XTS]" {
		t.Errorf("missing_rates = %v, want [XTS]", sp.MissingRates)
	}
	var sum int64
	spent := map[string]int64{}
	for _, cat := range sp.Categories {
		sum += cat.SpentCents
		spent[cat.Category] = cat.SpentCents
	}
	if sum != sp.TotalSpentCents {
		t.Errorf("categories add up to %d, the total is %d", sum, sp.TotalSpentCents)
	}

	// Cash flow takes its spending from the same converted month.
	var flow struct {
		Currency string `json:"currency"`
		Months   []struct {
			Month         string `json:"month"`
			SpendingCents int64  `json:"spending_cents"`
		} `json:"months"`
	}
	c.Do("GET", "/api/v1/cashflow?from="+month.String()+"&to="+month.String(), nil, 200, &flow)
	if flow.Currency != "USD" || len(flow.Months) != 1 || flow.Months[0].SpendingCents != sp.TotalSpentCents {
		t.Errorf("cashflow %+v, want the month's spending %d USD", flow, sp.TotalSpentCents)
	}

	// Budgets count the same converted figures.
	var bs budgetsOut
	c.Do("GET", "/api/v1/budgets?month="+month.String(), nil, 200, &bs)
	for _, b := range bs.Budgets {
		if b.SpentCents != spent[b.Category] {
			t.Errorf("budget %s spent %d, /spending says %d", b.Category, b.SpentCents, spent[b.Category])
		}
	}

	// The home currency: ISO 4217 only; in EUR the USD rows convert back.
	if status, body := c.Raw("PATCH", "/api/v1/me", strings.NewReader(`{"currency":"XYZ"}`), "application/json"); status != http.StatusUnprocessableEntity {
		t.Fatalf("PATCH /me XYZ: %d %s", status, body)
	}
	c.Do("PATCH", "/api/v1/me", map[string]string{"currency": "EUR"}, 200, nil)
	var inEUR spendingOut
	c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &inEUR)
	if inEUR.Currency != "EUR" || fmt.Sprint(inEUR.MissingRates) != "[XTS]" || inEUR.TotalSpentCents <= 3001 || inEUR.TotalSpentCents >= sp.TotalSpentCents {
		t.Errorf("in EUR: %+v (USD total was %d)", inEUR, sp.TotalSpentCents)
	}
}
