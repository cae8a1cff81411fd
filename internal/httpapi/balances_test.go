package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aclindsa/ofxgo"

	"github.com/centavo/centavo/internal/httpapi/apitest"
	"github.com/centavo/centavo/internal/sandbox"
)

type balanceAccount struct {
	ID             int64   `json:"id"`
	Type           string  `json:"type"`
	Connector      string  `json:"connector"`
	Kind           string  `json:"kind"`
	Currency       string  `json:"currency"`
	BalanceCents   *int64  `json:"balance_cents"`
	AvailableCents *int64  `json:"available_cents"`
	BalanceAsOf    *string `json:"balance_as_of"`
	Institution    struct {
		AccountMask string `json:"account_mask"`
	} `json:"institution"`
}

type balanceAccounts struct {
	Accounts []balanceAccount `json:"accounts"`
}

type historyOut struct {
	Currency string `json:"currency"`
	Balances []struct {
		Date         string `json:"date"`
		BalanceCents *int64 `json:"balance_cents"`
	} `json:"balances"`
}

type netWorthOut struct {
	Currency string `json:"currency"`
	Points   []struct {
		Date             string `json:"date"`
		AssetsCents      int64  `json:"assets_cents"`
		LiabilitiesCents int64  `json:"liabilities_cents"`
		NetWorthCents    int64  `json:"net_worth_cents"`
	} `json:"points"`
	MissingRates []string `json:"missing_rates"`
}

// bankStatement is what the sandbox bank itself serves for one account,
// read with ofxgo (not Centavo's reader): its LEDGERBAL and the
// transactions posted since the given time.
type bankStatement struct {
	ledger int64
	txns   map[string]int64 // day → net amount
}

func cents(t *testing.T, r *big.Rat) int64 {
	t.Helper()
	c := new(big.Rat).Mul(r, big.NewRat(100, 1))
	if !c.IsInt() {
		t.Fatalf("amount %s is not whole cents", r.FloatString(4))
	}
	return c.Num().Int64()
}

// fetchBankStatements downloads every account of the login straight from
// the sandbox bank, keyed by the account number's last four characters.
func fetchBankStatements(t *testing.T, bankURL, login, password string, now, since time.Time) map[string]bankStatement {
	t.Helper()
	post := func(req *ofxgo.Request) *ofxgo.Response {
		t.Helper()
		req.URL, req.Version = bankURL, ofxgo.OfxVersion220
		req.Signon = ofxgo.SignonRequest{DtClient: ofxgo.Date{Time: now}, UserID: ofxgo.String(login), UserPass: ofxgo.String(password),
			Language: "ENG", Org: "TEST", Fid: "1", AppID: "OFXGO", AppVer: "0001"}
		body, err := req.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.Post(bankURL, "application/x-ofx", body)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		resp, err := ofxgo.ParseResponse(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	uid := func() ofxgo.UID { u, _ := ofxgo.RandomUID(); return *u }
	info := post(&ofxgo.Request{Signup: []ofxgo.Message{&ofxgo.AcctInfoRequest{TrnUID: uid(), DtAcctUp: ofxgo.Date{Time: time.Unix(0, 0)}}}})
	start := ofxgo.Date{Time: since}
	out := map[string]bankStatement{}
	add := func(id string, bal ofxgo.Amount, list *ofxgo.TransactionList) {
		st := bankStatement{ledger: cents(t, &bal.Rat), txns: map[string]int64{}}
		for _, tx := range list.Transactions {
			st.txns[tx.DtPosted.UTC().Format(time.DateOnly)] += cents(t, &tx.TrnAmt.Rat)
		}
		out[id[len(id)-4:]] = st
	}
	for _, ai := range info.Signup[0].(*ofxgo.AcctInfoResponse).AcctInfo {
		if ai.BankAcctInfo != nil {
			resp := post(&ofxgo.Request{Bank: []ofxgo.Message{&ofxgo.StatementRequest{TrnUID: uid(), BankAcctFrom: ai.BankAcctInfo.BankAcctFrom, DtStart: &start, Include: true}}})
			sr := resp.Bank[0].(*ofxgo.StatementResponse)
			add(string(ai.BankAcctInfo.BankAcctFrom.AcctID), sr.BalAmt, sr.BankTranList)
		}
		if ai.CCAcctInfo != nil {
			resp := post(&ofxgo.Request{CreditCard: []ofxgo.Message{&ofxgo.CCStatementRequest{TrnUID: uid(), CCAcctFrom: ai.CCAcctInfo.CCAcctFrom, DtStart: &start, Include: true}}})
			sr := resp.CreditCard[0].(*ofxgo.CCStatementResponse)
			add(string(ai.CCAcctInfo.CCAcctFrom.AcctID), sr.BalAmt, sr.BankTranList)
		}
	}
	return out
}

// TestBalancesAfterLinking (issue 15): after linking demo-1, each
// account's balance is the LEDGERBAL the bank served (a card's, what is
// owed), its daily history over 90 days is the balance the bank's own
// statement gives each day (LEDGERBAL minus what posted after it), and net
// worth today is assets minus liabilities.
func TestBalancesAfterLinking(t *testing.T) {
	t.Parallel()
	f := setup(t)
	// The bank states balances as of its clock: a run that crosses UTC
	// midnight (a test clock at 23:59:59) compares a download of one day
	// with a statement of the next, so it links again, after midnight.
	for attempt := range 2 {
		if balancesAfterLinking(t, f, fmt.Sprintf("standing-%d@example.com", attempt)) {
			return
		}
	}
	t.Fatal("the UTC day turned during both attempts")
}

// balancesAfterLinking is TestBalancesAfterLinking for one user; false
// when the UTC day turned between linking and the comparison.
func balancesAfterLinking(t *testing.T, f *fixture, email string) bool {
	t.Helper()
	day0 := f.now().UTC().Truncate(24 * time.Hour)
	c := signUp(t, newClient(t, f.base), email)
	bankURL := f.base + "/sandbox/ofx"
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": bankURL, "org": "SANDBOX", "fid": "9999", "login": "demo-1", "password": "secret-1",
	}, 202, nil)
	c.WaitAccounts("both accounts ok", 60*time.Second, apitest.AllStatus(2, "ok"))
	now := f.now().UTC()
	today := now.Truncate(24 * time.Hour)
	from := today.AddDate(0, 0, -89)
	bank := fetchBankStatements(t, bankURL, "demo-1", "secret-1", now, from.AddDate(0, 0, -1))
	if !today.Equal(day0) || today.Format(time.DateOnly) != f.now().UTC().Format(time.DateOnly) {
		return false // the bank's statement moved with the day
	}
	var accts balanceAccounts
	c.Do("GET", "/api/v1/accounts", nil, 200, &accts)
	if len(accts.Accounts) != 2 {
		t.Fatalf("accounts %+v", accts)
	}
	var assets, liabilities int64
	for _, a := range accts.Accounts {
		st, ok := bank[a.Institution.AccountMask[len(a.Institution.AccountMask)-4:]]
		if !ok {
			t.Fatalf("account %+v is not one the bank serves", a)
		}
		sign := int64(1)
		if a.Type == "credit_card" {
			sign = -1
			if a.Kind != "liability" {
				t.Fatalf("the card is a %q", a.Kind)
			}
			liabilities += -st.ledger
		} else {
			if a.Kind != "asset" {
				t.Fatalf("the checking account is a %q", a.Kind)
			}
			assets += st.ledger
		}
		if a.BalanceCents == nil || *a.BalanceCents != sign*st.ledger || a.BalanceAsOf == nil {
			t.Fatalf("%s: balance %v as of %v, the bank's LEDGERBAL is %d", a.Type, a.BalanceCents, a.BalanceAsOf, st.ledger)
		}
		var h historyOut
		c.Do("GET", fmt.Sprintf("/api/v1/accounts/%d/balances?from=%s&to=%s", a.ID, from.Format(time.DateOnly), today.Format(time.DateOnly)), nil, 200, &h)
		if len(h.Balances) != 90 || h.Currency != "USD" {
			t.Fatalf("%s: %d days in %s", a.Type, len(h.Balances), h.Currency)
		}
		want := st.ledger
		changed := 0
		for i := len(h.Balances) - 1; i >= 0; i-- {
			d := today.AddDate(0, 0, i-89).Format(time.DateOnly)
			got := h.Balances[i]
			if got.Date != d || got.BalanceCents == nil || *got.BalanceCents != sign*want {
				t.Fatalf("%s on %s: %v, the bank's statement gives %d", a.Type, d, got.BalanceCents, sign*want)
			}
			if st.txns[d] != 0 {
				changed++
			}
			want -= st.txns[d]
		}
		if changed < 10 { // the checking account moves on pay and payment days, the card most days
			t.Fatalf("%s: only %d of 90 days moved; not a comparison", a.Type, changed)
		}
	}
	var nw netWorthOut
	c.Do("GET", "/api/v1/networth?from="+today.AddDate(0, 0, -6).Format(time.DateOnly)+"&to="+today.Format(time.DateOnly)+"&interval=day", nil, 200, &nw)
	last := nw.Points[len(nw.Points)-1]
	if len(nw.Points) != 7 || nw.Currency != "USD" || len(nw.MissingRates) != 0 || last.Date != today.Format(time.DateOnly) ||
		last.AssetsCents != assets || last.LiabilitiesCents != liabilities || last.NetWorthCents != assets-liabilities {
		t.Fatalf("net worth %+v, want assets %d, liabilities %d", nw, assets, liabilities)
	}
	return true
}

// TestManualAccountsAndFileBalance: a house and a loan kept by hand count
// in net worth (the loan as what is owed); a later value recorded with PUT
// moves them; a linked account's balance is not the user's to set; bad and
// reversed dates are refused; an imported OFX file's LEDGERBAL is the file
// account's balance, carried back through its rows.
func TestManualAccountsAndFileBalance(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "owner@example.com")
	var house, loan balanceAccounts
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "House", "kind": "asset", "currency": "USD", "balance_cents": 40_000_000}, 201, &house)
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Mortgage", "kind": "liability", "currency": "USD", "balance_cents": 25_000_000}, 201, &loan)
	if h := house.Accounts[0]; h.Kind != "asset" || h.BalanceCents == nil || *h.BalanceCents != 40_000_000 {
		t.Fatalf("house %+v", h)
	}
	if l := loan.Accounts[0]; l.Kind != "liability" || l.BalanceCents == nil || *l.BalanceCents != 25_000_000 {
		t.Fatalf("loan %+v", l)
	}
	today := f.now().UTC().Format(time.DateOnly)
	var nw netWorthOut
	c.Do("GET", "/api/v1/networth?from="+today+"&to="+today+"&interval=day", nil, 200, &nw)
	if p := nw.Points[0]; len(nw.Points) != 1 || p.AssetsCents != 40_000_000 || p.LiabilitiesCents != 25_000_000 || p.NetWorthCents != 15_000_000 {
		t.Fatalf("net worth %+v", nw)
	}
	var after balanceAccount
	c.Do("PUT", fmt.Sprintf("/api/v1/accounts/%d/balance", loan.Accounts[0].ID), map[string]any{"balance_cents": 24_000_000}, 200, &after)
	if after.BalanceCents == nil || *after.BalanceCents != 24_000_000 {
		t.Fatalf("the loan after a payment: %+v", after)
	}
	c.Do("GET", "/api/v1/networth?from="+today+"&to="+today+"&interval=day", nil, 200, &nw)
	if p := nw.Points[0]; p.NetWorthCents != 16_000_000 {
		t.Fatalf("net worth after the payment %+v", p)
	}
	// A value as of today's date is as of now, not refused as future.
	c.Do("PUT", fmt.Sprintf("/api/v1/accounts/%d/balance", loan.Accounts[0].ID), map[string]any{"balance_cents": 23_900_000, "as_of": f.now().UTC().Format(time.DateOnly)}, 200, &after)
	if after.BalanceCents == nil || *after.BalanceCents != 23_900_000 {
		t.Fatalf("the loan valued as of today: %+v", after)
	}
	c.Do("PUT", fmt.Sprintf("/api/v1/accounts/%d/balance", loan.Accounts[0].ID), map[string]any{"balance_cents": 1, "as_of": "1969-12-31"}, 422, nil)
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Boat", "kind": "asset", "balance_cents": 1, "currency": "ZZZ"}, 422, nil)
	c.Do("POST", fmt.Sprintf("/api/v1/accounts/%d/refresh", house.Accounts[0].ID), nil, 422, nil)
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Boat", "kind": "yacht", "balance_cents": 1, "currency": "USD"}, 422, nil)
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Boat", "kind": "asset", "currency": "USD"}, 422, nil)
	c.Do("PUT", fmt.Sprintf("/api/v1/accounts/%d/balance", loan.Accounts[0].ID), map[string]any{"balance_cents": 1, "as_of": "2999-01-01"}, 422, nil)
	c.Do("GET", "/api/v1/networth?from=2027-13-01", nil, 400, nil)
	c.Do("GET", "/api/v1/networth?from=2027-02-01&to=2027-01-01", nil, 422, nil)
	c.Do("GET", "/api/v1/networth?from=2000-01-01&to=2027-01-01", nil, 422, nil)
	c.Do("GET", "/api/v1/networth?interval=hour", nil, 400, nil)
	c.Do("GET", fmt.Sprintf("/api/v1/accounts/%d/balances?to=yesterday", house.Accounts[0].ID), nil, 400, nil)

	// A file account: the statement's LEDGERBAL, then its rows backwards.
	acct := newFileAccount(c)
	c.Do("PUT", fmt.Sprintf("/api/v1/accounts/%d/balance", acct), map[string]any{"balance_cents": 100, "as_of": "2026-01-01"}, 200, nil)
	mustImportFile(c, acct, "stmt.ofx", `OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260131<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>1<ACCTID>77<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260101<DTEND>20260131
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260110<TRNAMT>-25.00<FITID>F1<NAME>GROCER</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260120<TRNAMT>1000.00<FITID>F2<NAME>PAYROLL</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>1500.00<DTASOF>20260131</LEDGERBAL><AVAILBAL><BALAMT>1400.00<DTASOF>20260131</AVAILBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
`)
	var got balanceAccount
	c.Do("GET", fmt.Sprintf("/api/v1/accounts/%d", acct), nil, 200, &got)
	if got.BalanceCents == nil || *got.BalanceCents != 150_000 || got.AvailableCents == nil || *got.AvailableCents != 140_000 ||
		got.BalanceAsOf == nil || !strings.HasPrefix(*got.BalanceAsOf, "2026-01-31T") {
		t.Fatalf("the file account after the import: %d %d %s", *got.BalanceCents, *got.AvailableCents, *got.BalanceAsOf)
	}
	var h historyOut
	c.Do("GET", fmt.Sprintf("/api/v1/accounts/%d/balances?from=2026-01-09&to=2026-01-21", acct), nil, 200, &h)
	want := map[string]int64{"2026-01-09": 52_500, "2026-01-10": 50_000, "2026-01-19": 50_000, "2026-01-20": 150_000, "2026-01-21": 150_000}
	for _, b := range h.Balances {
		if w, ok := want[b.Date]; ok && (b.BalanceCents == nil || *b.BalanceCents != w) {
			t.Fatalf("%s: %v, want %d (%+v)", b.Date, b.BalanceCents, w, h)
		}
	}
	if len(h.Balances) != 13 {
		t.Fatalf("%d days", len(h.Balances))
	}
}

// TestCSVRunningBalance: a CSV's running balance column gives the file
// account its balance, each day's closing one, whichever way the file
// runs (newest first here).
func TestCSVRunningBalance(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "csv-balance@example.com")
	acct := newFileAccount(c)
	mustImportFile(c, acct, "export.csv", "Date,Description,Amount,Balance\n"+
		"2026-02-03,PAYROLL,1000.00,1480.00\n"+
		"2026-02-03,COFFEE,-5.00,480.00\n"+
		"2026-02-01,GROCER,-15.00,485.00\n")
	var got balanceAccount
	c.Do("GET", fmt.Sprintf("/api/v1/accounts/%d", acct), nil, 200, &got)
	if got.BalanceCents == nil || *got.BalanceCents != 148_000 || got.BalanceAsOf == nil || !strings.HasPrefix(*got.BalanceAsOf, "2026-02-03T") {
		t.Fatalf("the account after the import: %+v", got)
	}
	var h historyOut
	c.Do("GET", fmt.Sprintf("/api/v1/accounts/%d/balances?from=2026-01-31&to=2026-02-04", acct), nil, 200, &h)
	want := []int64{50_000, 48_500, 48_500, 148_000, 148_000}
	for i, b := range h.Balances {
		if b.BalanceCents == nil || *b.BalanceCents != want[i] {
			t.Fatalf("%s: %v, want %d", b.Date, b.BalanceCents, want[i])
		}
	}
}

// TestQIFOpeningBalance: a QIF file's "Opening Balance" record is the
// account's balance before that day, not a transaction.
func TestQIFOpeningBalance(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "qif-balance@example.com")
	acct := newFileAccount(c)
	res := mustImportFile(c, acct, "quicken.qif", "!Type:Bank\nD01/05/2026\nT500.00\nPOpening Balance\nL[Checking]\n^\nD01/06/2026\nT-20.00\nPSHOP\n^\n")
	if res.Added != 1 {
		t.Fatalf("the import added %d rows, want 1 (the opening balance is no row)", res.Added)
	}
	var h historyOut
	c.Do("GET", fmt.Sprintf("/api/v1/accounts/%d/balances?from=2026-01-04&to=2026-01-06", acct), nil, 200, &h)
	want := []int64{50_000, 50_000, 48_000}
	for i, b := range h.Balances {
		if b.BalanceCents == nil || *b.BalanceCents != want[i] {
			t.Fatalf("%s: %v, want %d", b.Date, b.BalanceCents, want[i])
		}
	}
}

// TestBalancesFromSandboxTruth: after linking demo-2 by OFX and demo-3 through
// the sandbox's SimpleFIN Bridge, every account's balance, available
// balance and 90 days of history are what the sandbox package itself says
// (sandbox.Customer.Balance, AvailableBalance, ClosingBalances), computed
// without Centavo's readers.
func TestBalancesFromSandboxTruth(t *testing.T) {
	t.Parallel()
	f := setup(t)
	// As in TestBalancesAfterLinking: a run across UTC midnight links again.
	for attempt := range 2 {
		if balancesFromSandboxTruth(t, f, fmt.Sprintf("truth-%d@example.com", attempt)) {
			return
		}
	}
	t.Fatal("the UTC day turned during both attempts")
}

// balancesFromSandboxTruth is TestBalancesFromSandboxTruth for one user;
// false when the UTC day turned between linking and the comparison.
func balancesFromSandboxTruth(t *testing.T, f *fixture, email string) bool {
	t.Helper()
	day0 := f.now().UTC().Truncate(24 * time.Hour)
	c := signUp(t, newClient(t, f.base), email)
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": f.base + "/sandbox/ofx", "org": "SANDBOX", "fid": "9999", "login": "demo-2", "password": "secret-2",
	}, 202, nil)
	res, err := http.Get(f.base + "/sandbox/simplefin/setup-token?login=demo-3&password=secret-3")
	if err != nil {
		t.Fatal(err)
	}
	token, _ := io.ReadAll(res.Body)
	res.Body.Close()
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "simplefin", "setup_token": strings.TrimSpace(string(token))}, 202, nil)
	c.WaitAccounts("four accounts ok", 60*time.Second, apitest.AllStatus(4, "ok"))
	now := f.now().UTC()
	today := now.Truncate(24 * time.Hour)
	from := today.AddDate(0, 0, -89)
	var accts balanceAccounts
	c.Do("GET", "/api/v1/accounts", nil, 200, &accts)
	if !today.Equal(day0) || !f.now().UTC().Truncate(24*time.Hour).Equal(today) {
		return false // the bank's balances moved with the day
	}
	for _, a := range accts.Accounts {
		cust, _ := sandbox.ParseLogin(map[string]string{"ofx": "demo-2", "simplefin": "demo-3"}[a.Connector])
		typ, sign := "CHECKING", int64(1)
		if a.Type == "credit_card" {
			typ, sign = "CREDITCARD", -1
		}
		bal, avail := cust.Balance(typ, now), cust.AvailableBalance(typ, now)
		if a.BalanceCents == nil || *a.BalanceCents != sign*bal || a.AvailableCents == nil || *a.AvailableCents != avail || (a.Type == "credit_card" && avail <= 0) {
			t.Fatalf("account %d (%s of %s): balance %v available %v, the sandbox says %d and %d", a.ID, a.Type, cust.Login, a.BalanceCents, a.AvailableCents, bal, avail)
		}
		var h historyOut
		c.Do("GET", fmt.Sprintf("/api/v1/accounts/%d/balances?from=%s&to=%s", a.ID, from.Format(time.DateOnly), today.Format(time.DateOnly)), nil, 200, &h)
		want := cust.ClosingBalances(typ, from, today, now)
		if len(want) != len(h.Balances) {
			t.Fatalf("%d days, the sandbox gives %d", len(h.Balances), len(want))
		}
		for j, w := range want {
			got := h.Balances[j]
			if got.Date != w.Date.Format(time.DateOnly) || got.BalanceCents == nil || *got.BalanceCents != sign*w.BalanceCents {
				t.Fatalf("account %d (%s of %s) on %s: %v, the sandbox says %d", a.ID, a.Type, cust.Login, got.Date, got.BalanceCents, sign*w.BalanceCents)
			}
		}
	}
	return true
}

// TestNetWorthCurrencies: an account in another currency than the user's
// counts at the day's rate (the rates the server holds), one in a currency
// without a rate is left out and named in missing_rates, never added raw.
func TestNetWorthCurrencies(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "currencies@example.com")
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Flat in Lisbon", "kind": "asset", "currency": "EUR", "balance_cents": 10_000_000}, 201, nil)
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Cash", "kind": "asset", "currency": "USD", "balance_cents": 50_000}, 201, nil)
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Tokens", "kind": "asset", "currency": "XTS", "balance_cents": 999}, 201, nil)
	today := f.now().UTC().Truncate(24 * time.Hour)
	want, ok, err := f.app.Rates.Convert(context.Background(), 10_000_000, "EUR", "USD", today)
	if err != nil || !ok || want == 10_000_000 {
		t.Fatalf("the server's rate for EUR today: %d %v %v", want, ok, err)
	}
	var nw netWorthOut
	d := today.Format(time.DateOnly)
	c.Do("GET", "/api/v1/networth?from="+d+"&to="+d+"&interval=day", nil, 200, &nw)
	if p := nw.Points[0]; nw.Currency != "USD" || p.AssetsCents != want+50_000 || p.NetWorthCents != want+50_000 ||
		len(nw.MissingRates) != 1 || nw.MissingRates[0] != "XTS" {
		t.Fatalf("net worth %+v, want %d + 50000 with XTS missing", nw, want)
	}
}
