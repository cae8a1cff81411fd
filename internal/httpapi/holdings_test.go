package httpapi_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// investmentStatement is an OFX 2 investment statement valued at asOf
// (YYYYMMDD), with a deposit, a buy, a dividend and a reinvestment, and
// the positions given (INVPOSLIST contents).
func investmentStatement(asOf, positions string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><?OFX OFXHEADER="200" VERSION="202" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>` + asOf + `</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<INVSTMTRS><DTASOF>` + asOf + `</DTASOF><CURDEF>USD</CURDEF><INVACCTFROM><BROKERID>broker.example</BROKERID><ACCTID>42</ACCTID></INVACCTFROM>
<INVTRANLIST><DTSTART>20260101</DTSTART><DTEND>` + asOf + `</DTEND>
<INVBANKTRAN><STMTTRN><TRNTYPE>DEP</TRNTYPE><DTPOSTED>20260105</DTPOSTED><TRNAMT>1000.00</TRNAMT><FITID>CASH-1</FITID><NAME>ACH DEPOSIT</NAME></STMTTRN><SUBACCTFUND>CASH</SUBACCTFUND></INVBANKTRAN>
<BUYSTOCK><INVBUY><INVTRAN><FITID>BUY-1</FITID><DTTRADE>20260106</DTTRADE><DTSETTLE>20260108</DTSETTLE></INVTRAN><SECID><UNIQUEID>922908769</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID>
<UNITS>2.5</UNITS><UNITPRICE>300.00</UNITPRICE><TOTAL>-750.00</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INVBUY><BUYTYPE>BUY</BUYTYPE></BUYSTOCK>
<INCOME><INVTRAN><FITID>DIV-1</FITID><DTTRADE>20260115</DTTRADE></INVTRAN><SECID><UNIQUEID>922908769</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID><INCOMETYPE>DIV</INCOMETYPE><TOTAL>4.20</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><SUBACCTFUND>CASH</SUBACCTFUND></INCOME>
<REINVEST><INVTRAN><FITID>RE-1</FITID><DTTRADE>20260116</DTTRADE></INVTRAN><SECID><UNIQUEID>921937108</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID><INCOMETYPE>DIV</INCOMETYPE><TOTAL>-1.10</TOTAL><SUBACCTSEC>CASH</SUBACCTSEC><UNITS>0.1</UNITS><UNITPRICE>11</UNITPRICE></REINVEST>
</INVTRANLIST><INVPOSLIST>` + positions + `</INVPOSLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>
<SECLISTMSGSRSV1><SECLIST><STOCKINFO><SECINFO><SECID><UNIQUEID>922908769</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID><SECNAME>VANGUARD TOTAL STOCK</SECNAME><TICKER>VTI</TICKER></SECINFO></STOCKINFO></SECLIST></SECLISTMSGSRSV1></OFX>
`
}

// position is an INVPOSLIST entry.
func position(id, units, price, value string) string {
	return fmt.Sprintf(`<POSSTOCK><INVPOS><SECID><UNIQUEID>%s</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID><HELDINACCT>CASH</HELDINACCT><POSTYPE>LONG</POSTYPE>`+
		`<UNITS>%s</UNITS><UNITPRICE>%s</UNITPRICE><MKTVAL>%s</MKTVAL><DTPRICEASOF>20260130</DTPRICEASOF></INVPOS></POSSTOCK>`, id, units, price, value)
}

type holdingsOut struct {
	AsOf     *string `json:"as_of"`
	Holdings []struct {
		Security         string `json:"security"`
		Ticker           string `json:"ticker"`
		Units            string `json:"units"`
		PriceCents       int64  `json:"price_cents"`
		MarketValueCents int64  `json:"market_value_cents"`
		Currency         string `json:"currency"`
	} `json:"holdings"`
}

// TestImportInvestmentStatement (issue 18, item 3): an investment OFX
// imported through the API adds its cash side (the deposit, the buy and
// the dividend; the reinvestment moves no cash and is said so), and its
// positions are the account's holdings, named from the security list, with
// exact units; an older statement imported later leaves them, a newer one
// replaces them; another user's account is 404.
func TestImportInvestmentStatement(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "investor@example.com")
	acct := newFileAccount(c)
	path := fmt.Sprintf("/api/v1/accounts/%d/holdings", acct)
	var none holdingsOut
	if b := c.Do("GET", path, nil, 200, &none); none.AsOf != nil || none.Holdings == nil || len(none.Holdings) != 0 ||
		!strings.Contains(string(b), `"as_of":null`) {
		t.Fatalf("holdings before any import: %s", b)
	}

	positions := position("922908769", "12.123456789", "301.505", "3655.18") + position("921937108", "100", "10.00", "1000.00")
	res := mustImportFile(c, acct, "brokerage.ofx", investmentStatement("20260131", positions))
	if res.Added != 3 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "1 investment transaction(s) move no cash") {
		t.Fatalf("import: %+v", res)
	}
	var got []string
	for _, tx := range c.AllTransactions("") {
		got = append(got, fmt.Sprintf("%s %d %s", tx.PostedAt.Format("2006-01-02"), tx.AmountCents, tx.Seller))
	}
	sort.Strings(got)
	want := []string{"2026-01-05 100000 ACH DEPOSIT", "2026-01-08 -75000 Buy — VANGUARD TOTAL STOCK", "2026-01-15 420 Dividend — VANGUARD TOTAL STOCK"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("transactions %q, want %q", got, want)
	}

	var h holdingsOut
	b := c.Do("GET", path, nil, 200, &h)
	if h.AsOf == nil || *h.AsOf != "2026-01-31T12:00:00Z" || len(h.Holdings) != 2 || !strings.Contains(string(b), `"units":"12.123456789"`) {
		t.Fatalf("holdings: %s", b)
	}
	first, second := h.Holdings[0], h.Holdings[1]
	if first.Security != "VANGUARD TOTAL STOCK" || first.Ticker != "VTI" || first.Units != "12.123456789" || first.PriceCents != 30151 ||
		first.MarketValueCents != 365518 || first.Currency != "USD" {
		t.Errorf("first holding %+v", first)
	}
	if second.Security != "921937108" || second.Ticker != "" || second.Units != "100" || second.MarketValueCents != 100000 {
		t.Errorf("second holding %+v (no SECLIST entry: named by its id)", second)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil || len(raw) != 2 {
		t.Errorf("holdings answer has fields %v", raw)
	}

	// An older statement adds nothing new and leaves the newer holdings.
	older := mustImportFile(c, acct, "older.ofx", investmentStatement("20260115", position("X", "1", "1", "1")))
	if older.Added != 0 || older.Duplicates != 3 {
		t.Errorf("older statement: %+v", older)
	}
	c.Do("GET", path, nil, 200, &h)
	if *h.AsOf != "2026-01-31T12:00:00Z" || len(h.Holdings) != 2 {
		t.Errorf("holdings after an older statement: %+v", h)
	}
	// A newer one with everything sold replaces them.
	mustImportFile(c, acct, "newer.ofx", investmentStatement("20260228", ""))
	c.Do("GET", path, nil, 200, &h)
	if h.AsOf == nil || *h.AsOf != "2026-02-28T12:00:00Z" || len(h.Holdings) != 0 {
		t.Errorf("holdings after a newer statement: %+v", h)
	}

	bob := signUp(t, newClient(t, f.base), "bob-investor@example.com")
	bob.Do("GET", path, nil, 404, nil)
	c.Do("GET", "/api/v1/accounts/999999/holdings", nil, 404, nil)
}
