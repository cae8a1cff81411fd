package sandbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aclindsa/ofxgo"
)

// sfinSetup serves a bank under the given prefix ("" or "/sandbox", as
// `serve` mounts it) and returns the server's URL with the prefix.
func sfinSetup(t *testing.T, prefix string) string {
	t.Helper()
	bank := NewBank(func() time.Time { return today }, nil)
	bank.SlowDelay = 50 * time.Millisecond
	var h http.Handler = bank.Handler()
	if prefix != "" {
		mux := http.NewServeMux()
		mux.Handle(prefix+"/", http.StripPrefix(prefix, h))
		h = mux
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}

func do(t *testing.T, method, u string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if parsed, _ := url.Parse(u); parsed.User != nil {
		pass, _ := parsed.User.Password()
		req.SetBasicAuth(parsed.User.Username(), pass)
		parsed.User = nil
		req.URL = parsed
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

// sfinAccess goes from login to access URL: setup token, then claim.
func sfinAccess(t *testing.T, base, login, password string) string {
	t.Helper()
	code, token := do(t, "GET", base+"/simplefin/setup-token?login="+login+"&password="+password)
	if code != 200 {
		t.Fatalf("setup token: %d %s", code, token)
	}
	claim, err := base64.StdEncoding.DecodeString(string(token))
	if err != nil {
		t.Fatalf("setup token %q is not base64: %v", token, err)
	}
	if !strings.HasPrefix(string(claim), base+"/simplefin/claim/") {
		t.Fatalf("claim URL %q is not under %s", claim, base)
	}
	code, access := do(t, "POST", string(claim))
	if code != 200 {
		t.Fatalf("claim: %d %s", code, access)
	}
	if code, again := do(t, "POST", string(claim)); code != http.StatusForbidden {
		t.Fatalf("second claim: %d %s, want 403", code, again)
	}
	return string(access)
}

func sfinAccounts(t *testing.T, access, query string) sfinAccountSet {
	t.Helper()
	code, body := do(t, "GET", access+"/accounts?"+query)
	if code != 200 {
		t.Fatalf("accounts: %d %s", code, body)
	}
	var set sfinAccountSet
	if err := json.Unmarshal(body, &set); err != nil {
		t.Fatalf("accounts answer: %v\n%.300s", err, body)
	}
	return set
}

func centsOf(t *testing.T, s string) int64 {
	t.Helper()
	whole, frac, ok := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if !ok || len(frac) != 2 || err != nil {
		t.Fatalf("amount %q does not have two decimals", s)
	}
	return n
}

func TestSimpleFIN(t *testing.T) {
	t.Parallel()
	for _, prefix := range []string{"", "/sandbox"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			t.Parallel()
			base := sfinSetup(t, prefix)
			access := sfinAccess(t, base, "demo-1", "secret-1")
			u, err := url.Parse(access)
			if err != nil || u.User.Username() != "demo-1" || base != "http://"+u.Host+strings.TrimSuffix(u.Path, "/simplefin") {
				t.Fatalf("access URL %q is not on %s with user demo-1", access, base)
			}
			if pass, _ := u.User.Password(); pass == "secret-1" || pass == "" {
				t.Fatalf("access password %q", pass)
			}
			from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
			set := sfinAccounts(t, access, fmt.Sprintf("start-date=%d&pending=1", from.Unix()))
			c, _ := ParseLogin("demo-1")
			if len(set.Accounts) != 2 || len(set.Errors) != 0 {
				t.Fatalf("%d accounts, errors %v", len(set.Accounts), set.Errors)
			}
			for i, a := range set.Accounts {
				want := c.Accounts()[i]
				if a.ID != want.ID || a.Name != want.Name || a.Currency != "USD" || a.Org.Name == "" || a.Org.SFINURL != base+"/simplefin" {
					t.Fatalf("account %d = %+v, want %+v", i, a, want)
				}
				txns := c.Transactions(want.Type, from, today, today)
				if len(a.Transactions) != len(txns) || len(txns) == 0 {
					t.Fatalf("%s: %d transactions, want %d", a.Name, len(a.Transactions), len(txns))
				}
				for k, tx := range a.Transactions {
					w := txns[k]
					if tx.ID != w.FITID || centsOf(t, tx.Amount) != w.AmountCents || tx.Posted != w.Posted.Unix() || tx.Description != w.Name || tx.Pending {
						t.Fatalf("transaction %d = %+v, want %+v", k, tx, w)
					}
				}
			}
			// One account, and a window's end (exclusive).
			card := c.Accounts()[1]
			end := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
			set = sfinAccounts(t, access, fmt.Sprintf("start-date=%d&end-date=%d&account=%s", from.Unix(), end.Unix(), card.ID))
			if len(set.Accounts) != 1 || set.Accounts[0].ID != card.ID {
				t.Fatalf("account filter: %+v", set.Accounts)
			}
			last := set.Accounts[0].Transactions[len(set.Accounts[0].Transactions)-1]
			if last.Posted >= end.Unix() || last.Posted < end.Unix()-24*3600 {
				t.Fatalf("last transaction of the window posted %d, window ends %d", last.Posted, end.Unix())
			}
		})
	}
}

func TestSimpleFINRefusals(t *testing.T) {
	t.Parallel()
	base := sfinSetup(t, "")
	for _, q := range []string{"login=demo-1&password=secret-2", "login=demo-1", "login=nobody-1&password=secret-1", ""} {
		if code, _ := do(t, "GET", base+"/simplefin/setup-token?"+q); code != http.StatusForbidden {
			t.Errorf("setup token with %q: %d, want 403", q, code)
		}
	}
	if code, _ := do(t, "POST", base+"/simplefin/claim/never-issued"); code != http.StatusForbidden {
		t.Errorf("unknown claim: %d", code)
	}
	access := sfinAccess(t, base, "demo-1", "secret-1")
	u, _ := url.Parse(access)
	pass, _ := u.User.Password()
	for _, bad := range []*url.Userinfo{
		url.UserPassword("demo-1", "wrong"),
		url.UserPassword("demo-1", pass+"x"),
		url.UserPassword("demo-2", pass), // demo-1's access password is not demo-2's
		url.UserPassword("demo-1", "secret-2"),
		url.User("demo-1"),
	} {
		v := *u
		v.User = bad
		if code, _ := do(t, "GET", v.String()+"/accounts"); code != http.StatusForbidden {
			t.Errorf("accounts as %s: %d, want 403", bad, code)
		}
	}
	v := *u
	v.User = nil
	if code, _ := do(t, "GET", v.String()+"/accounts"); code != http.StatusForbidden {
		t.Errorf("accounts without credentials: %d, want 403", code)
	}
	// The login's own password works, and so does the access URL on a bank
	// that never issued it (after a restart).
	v.User = url.UserPassword("demo-1", "secret-1")
	sfinAccounts(t, v.String(), "")
	other := sfinSetup(t, "")
	w, _ := url.Parse(other)
	w.User, w.Path = u.User, "/simplefin"
	sfinAccounts(t, w.String(), "")
	if code, _ := do(t, "GET", access+"/accounts?start-date=yesterday"); code != http.StatusBadRequest {
		t.Errorf("bad start-date: %d", code)
	}
}

func TestSimpleFINSetupTokenBase(t *testing.T) {
	t.Parallel()
	base := sfinSetup(t, "")
	code, token := do(t, "GET", base+"/simplefin/setup-token?login=demo-2&password=secret-2&base="+url.QueryEscape("https://bank.example/sb/"))
	claim, _ := base64.StdEncoding.DecodeString(string(token))
	if code != 200 || !strings.HasPrefix(string(claim), "https://bank.example/sb/simplefin/claim/") {
		t.Fatalf("%d: claim URL %q", code, claim)
	}
	if code, _ := do(t, "GET", base+"/simplefin/setup-token?login=demo-2&password=secret-2&base=ftp://x"); code != http.StatusBadRequest {
		t.Fatalf("bad base: %d", code)
	}
}

func TestSimpleFINFaults(t *testing.T) {
	t.Parallel()
	base := sfinSetup(t, "")
	accounts := func(login string) (int, []byte) {
		u, _ := url.Parse(base + "/simplefin/accounts")
		u.User = url.UserPassword(login, "secret-1")
		return do(t, "GET", u.String())
	}
	var codes []int
	for range 4 {
		code, _ := accounts("flaky-1")
		codes = append(codes, code)
	}
	if codes[0] != 200 || codes[1] != 503 || codes[2] != 200 || codes[3] != 503 {
		t.Fatalf("flaky-1 answered %v, want alternating 200/503", codes)
	}
	code, body := accounts("garbage-1")
	if code != 200 || json.Valid(body) {
		t.Fatalf("garbage-1: %d, valid JSON %v", code, json.Valid(body))
	}
	start := time.Now()
	if code, _ := accounts("slow-1"); code != 200 || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("slow-1: %d after %v", code, time.Since(start))
	}
}

// TestSimpleFINMatchesOFX: the same customer and window give the same
// transactions, month by month, and the same balances on both sides.
func TestSimpleFINMatchesOFX(t *testing.T) {
	t.Parallel()
	base := sfinSetup(t, "")
	c, _ := ParseLogin("demo-7")
	accts := c.Accounts()
	from, to := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

	req := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRQV1><SONRQ><DTCLIENT>20261127083000</DTCLIENT><USERID>demo-7</USERID><USERPASS>secret-7</USERPASS>
<LANGUAGE>ENG</LANGUAGE><FI><ORG>X</ORG><FID>1</FID></FI><APPID>QWIN</APPID><APPVER>2700</APPVER></SONRQ></SIGNONMSGSRQV1>
<BANKMSGSRQV1><STMTTRNRQ><TRNUID>1</TRNUID><STMTRQ><BANKACCTFROM><BANKID>%s</BANKID><ACCTID>%s</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
<INCTRAN><DTSTART>%s</DTSTART><DTEND>%s</DTEND><INCLUDE>Y</INCLUDE></INCTRAN></STMTRQ></STMTTRNRQ></BANKMSGSRQV1>
<CREDITCARDMSGSRQV1><CCSTMTTRNRQ><TRNUID>2</TRNUID><CCSTMTRQ><CCACCTFROM><ACCTID>%s</ACCTID></CCACCTFROM>
<INCTRAN><DTSTART>%[3]s</DTSTART><DTEND>%[4]s</DTEND><INCLUDE>Y</INCLUDE></INCTRAN></CCSTMTRQ></CCSTMTTRNRQ></CREDITCARDMSGSRQV1></OFX>`,
		BankID, accts[0].ID, from.Format("20060102150405"), to.Add(-time.Second).Format("20060102150405"), accts[1].ID)
	res, err := http.Post(base+"/ofx", "application/x-ofx", strings.NewReader(req))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	resp, err := ofxgo.ParseResponse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("OFX answer: %v\n%.300s", err, body)
	}
	ofxMonths := map[string]map[string]int64{}
	ofxBalances, ofxAvail := map[string]int64{}, map[string]int64{}
	add := func(acct string, list *ofxgo.TransactionList, bal ofxgo.Amount, avail *ofxgo.Amount) {
		ofxMonths[acct] = map[string]int64{}
		for _, tx := range list.Transactions {
			ofxMonths[acct][tx.DtPosted.Format("2006-01")] += ratCents(t, &tx.TrnAmt.Rat)
		}
		ofxBalances[acct] = ratCents(t, &bal.Rat)
		ofxAvail[acct] = ratCents(t, &avail.Rat)
	}
	st := resp.Bank[0].(*ofxgo.StatementResponse)
	add(accts[0].ID, st.BankTranList, st.BalAmt, st.AvailBalAmt)
	cc := resp.CreditCard[0].(*ofxgo.CCStatementResponse)
	add(accts[1].ID, cc.BankTranList, cc.BalAmt, cc.AvailBalAmt)

	u, _ := url.Parse(base + "/simplefin")
	u.User = url.UserPassword("demo-7", "secret-7")
	set := sfinAccounts(t, u.String(), fmt.Sprintf("start-date=%d&end-date=%d", from.Unix(), to.Unix()))
	if len(set.Accounts) != 2 {
		t.Fatalf("%d accounts", len(set.Accounts))
	}
	for _, a := range set.Accounts {
		months := map[string]int64{}
		for _, tx := range a.Transactions {
			months[time.Unix(tx.Posted, 0).UTC().Format("2006-01")] += centsOf(t, tx.Amount)
		}
		if len(months) != 5 || fmt.Sprint(months) != fmt.Sprint(ofxMonths[a.ID]) {
			t.Errorf("%s: SimpleFIN months %v, OFX months %v", a.Name, months, ofxMonths[a.ID])
		}
		if centsOf(t, a.Balance) != ofxBalances[a.ID] || centsOf(t, a.AvailableBalance) != ofxAvail[a.ID] {
			t.Errorf("%s: SimpleFIN balance %s and available %s, OFX %d and %d cents", a.Name, a.Balance, a.AvailableBalance, ofxBalances[a.ID], ofxAvail[a.ID])
		}
		if a.BalanceDate != today.Unix() {
			t.Errorf("%s: balance-date %d, want now (%d)", a.Name, a.BalanceDate, today.Unix())
		}
	}
}

func ratCents(t *testing.T, r *big.Rat) int64 {
	t.Helper()
	v := new(big.Rat).Mul(r, big.NewRat(100, 1))
	if !v.IsInt() || !v.Num().IsInt64() {
		t.Fatalf("OFX amount %s is not a whole number of cents", r.FloatString(4))
	}
	return v.Num().Int64()
}

func TestDecimalCents(t *testing.T) {
	t.Parallel()
	for cents, want := range map[int64]string{0: "0.00", 5: "0.05", -5: "-0.05", 1234: "12.34", -123456: "-1234.56", 100: "1.00"} {
		if got := decimalCents(cents); got != want {
			t.Errorf("decimalCents(%d) = %q, want %q", cents, got, want)
		}
	}
}
