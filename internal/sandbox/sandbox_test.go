package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aclindsa/ofxgo"

	"github.com/centavo/centavo"
)

var today = time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)

func TestCatalogue(t *testing.T) {
	t.Parallel()
	cat := Catalogue()
	if len(cat) < 300 {
		t.Fatalf("catalogue has %d merchants, want at least 300", len(cat))
	}
	per := map[string]int{}
	for _, m := range cat {
		per[m.Category]++
	}
	for _, c := range centavo.SpendingCategories() {
		if per[c] == 0 {
			t.Errorf("no merchant in category %s", c)
		}
	}
}

func TestParseLogin(t *testing.T) {
	t.Parallel()
	for login, want := range map[string]Fault{"demo-1": FaultNone, "slow-7": FaultSlow, "flaky-1": FaultFlaky, "garbage-12": FaultGarbage} {
		c, ok := ParseLogin(login)
		if !ok || c.Fault != want {
			t.Errorf("ParseLogin(%q) = %+v, %v", login, c, ok)
		}
	}
	for _, bad := range []string{"", "demo", "demo-", "demo-x", "demo--1", "other-1", "demo-1234567890", "demo-1 "} {
		if _, ok := ParseLogin(bad); ok {
			t.Errorf("ParseLogin(%q) accepted", bad)
		}
	}
}

func history(c Customer, acctType string) []Txn {
	return c.Transactions(acctType, today.AddDate(0, 0, -HistoryDays-10), today, today)
}

func TestHistory(t *testing.T) {
	t.Parallel()
	c, _ := ParseLogin("demo-1")
	check := history(c, "CHECKING")
	card := history(c, "CREDITCARD")
	all := append(append([]Txn{}, check...), card...)
	first, last := all[0].Posted, all[0].Posted
	days := map[string]int{}
	var salary, rent, refunds, payments int
	merchants := map[string]bool{}
	for _, acct := range [][]Txn{check, card} {
		seen := map[string]bool{}
		for _, tx := range acct {
			if seen[tx.FITID] {
				t.Fatalf("FITID %s repeated", tx.FITID)
			}
			seen[tx.FITID] = true
		}
	}
	for _, tx := range all {
		if tx.Posted.Hour() != 12 || tx.Posted.Minute() != 0 || tx.Posted.Location() != time.UTC {
			t.Fatalf("%s posted at %v, want 12:00 UTC", tx.FITID, tx.Posted)
		}
		if tx.Posted.Before(first) {
			first = tx.Posted
		}
		if tx.Posted.After(last) {
			last = tx.Posted
		}
		if tx.AmountCents == 0 {
			t.Fatalf("%s has amount 0", tx.FITID)
		}
		days[tx.Posted.Format("2006-01-02")]++
		switch {
		case tx.Category == centavo.CatIncome:
			salary++
		case strings.Contains(tx.Name, "RENT"):
			rent++
		case tx.TrnType == "XFER":
			payments++
		case tx.AmountCents > 0:
			refunds++
		}
		merchants[tx.Merchant] = true
	}
	if d := today.Sub(first).Hours() / 24; d < HistoryDays-1 || d > HistoryDays+1 {
		t.Errorf("history starts %v, %.0f days back, want %d", first, d, HistoryDays)
	}
	if last.Format("2006-01-02") != today.Format("2006-01-02") {
		t.Errorf("history ends %v, want today", last)
	}
	perDay := float64(len(all)) / float64(len(days))
	if perDay < 2 || perDay > 6 {
		t.Errorf("%.1f transactions a day", perDay)
	}
	if salary < 13 || rent < 13 || payments < 24 || refunds < 10 {
		t.Errorf("salary %d, rent %d, card payments %d, refunds %d", salary, rent, payments, refunds)
	}
	if len(merchants) < 250 {
		t.Errorf("only %d distinct merchants in a year", len(merchants))
	}

	// Deterministic: the same login, or its fault twin, gives the same history.
	slow, _ := ParseLogin("slow-1")
	again := history(slow, "CHECKING")
	if len(again) != len(check) || again[10] != check[10] || again[len(again)-1] != check[len(check)-1] {
		t.Fatal("slow-1's history differs from demo-1's")
	}
	other, _ := ParseLogin("demo-2")
	if h := history(other, "CHECKING"); len(h) == len(check) && h[10] == check[10] {
		t.Fatal("demo-2 has demo-1's history")
	}
	// A window is a slice of the whole history: what a day holds never
	// depends on when it is asked.
	part := c.Transactions("CARD", today.AddDate(0, -2, 0), today.AddDate(0, -1, 0), today)
	if len(part) == 0 {
		t.Fatal("empty window")
	}
	later := c.Transactions("CARD", today.AddDate(0, -2, 0), today.AddDate(0, -1, 0), today.AddDate(0, 3, 0))
	if len(later) != len(part) || later[0] != part[0] {
		t.Fatal("a past window changed when asked later")
	}
}

func post(t *testing.T, url, body string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Post(url, "application/x-ofx", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func setup(t *testing.T) (*Bank, string) {
	t.Helper()
	bank := NewBank(func() time.Time { return today }, nil)
	bank.SlowDelay = 50 * time.Millisecond
	srv := httptest.NewServer(bank.Handler())
	t.Cleanup(srv.Close)
	return bank, srv.URL + "/ofx"
}

// A request as Quicken and GnuCash send it: OFX 1.0.2 SGML, no closing tags
// on leaf elements, CRLF line ends.
const sgmlRequest = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n" +
	"COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n" +
	"<OFX>\r\n<SIGNONMSGSRQV1>\r\n<SONRQ>\r\n<DTCLIENT>20261127083000\r\n<USERID>demo-1\r\n<USERPASS>%s\r\n<LANGUAGE>ENG\r\n" +
	"<FI>\r\n<ORG>MYBANK\r\n<FID>1234\r\n</FI>\r\n<APPID>QWIN\r\n<APPVER>2700\r\n</SONRQ>\r\n</SIGNONMSGSRQV1>\r\n" +
	"<SIGNUPMSGSRQV1>\r\n<ACCTINFOTRNRQ>\r\n<TRNUID>a1\r\n<ACCTINFORQ>\r\n<DTACCTUP>19900101\r\n</ACCTINFORQ>\r\n</ACCTINFOTRNRQ>\r\n</SIGNUPMSGSRQV1>\r\n" +
	"<BANKMSGSRQV1>\r\n<STMTTRNRQ>\r\n<TRNUID>b2\r\n<STMTRQ>\r\n<BANKACCTFROM>\r\n<BANKID>999000001\r\n<ACCTID>%s\r\n<ACCTTYPE>CHECKING\r\n</BANKACCTFROM>\r\n" +
	"<INCTRAN>\r\n<DTSTART>20261001\r\n<INCLUDE>Y\r\n</INCTRAN>\r\n</STMTRQ>\r\n</STMTTRNRQ>\r\n</BANKMSGSRQV1>\r\n" +
	"<CREDITCARDMSGSRQV1>\r\n<CCSTMTTRNRQ>\r\n<TRNUID>c3\r\n<CCSTMTRQ>\r\n<CCACCTFROM>\r\n<ACCTID>%s\r\n</CCACCTFROM>\r\n" +
	"<INCTRAN>\r\n<DTSTART>20261101000000.000[-5:EST]\r\n<INCLUDE>Y\r\n</INCTRAN>\r\n</CCSTMTRQ>\r\n</CCSTMTTRNRQ>\r\n</CREDITCARDMSGSRQV1>\r\n</OFX>\r\n"

func TestSGMLRequest(t *testing.T) {
	t.Parallel()
	_, url := setup(t)
	c, _ := ParseLogin("demo-1")
	accts := c.Accounts()
	res, body := post(t, url, fmtReq(sgmlRequest, "secret-1", accts[0].ID, accts[1].ID))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/x-ofx" {
		t.Fatalf("status %d, type %q: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if !bytes.HasPrefix(body, []byte("OFXHEADER:100")) || !bytes.Contains(body, []byte("VERSION:102")) {
		t.Fatalf("answer to a 1.0.2 request is not 1.0.2 SGML:\n%.300s", body)
	}
	resp, err := ofxgo.ParseResponse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("ofxgo cannot parse the answer: %v\n%.500s", err, body)
	}
	if resp.Signon.Status.Code != 0 || string(resp.Signon.Org) != "MYBANK" {
		t.Fatalf("signon %+v", resp.Signon)
	}
	info := resp.Signup[0].(*ofxgo.AcctInfoResponse)
	if len(info.AcctInfo) != 2 || string(info.TrnUID) != "a1" {
		t.Fatalf("acctinfo %+v", info)
	}
	st := resp.Bank[0].(*ofxgo.StatementResponse)
	want := c.Transactions("CHECKING", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), today, today)
	if string(st.TrnUID) != "b2" || len(st.BankTranList.Transactions) != len(want) {
		t.Fatalf("bank statement: uid %s, %d transactions, want %d", st.TrnUID, len(st.BankTranList.Transactions), len(want))
	}
	for i, tx := range st.BankTranList.Transactions {
		if string(tx.FiTID) != want[i].FITID || string(tx.Name) != want[i].Name || !tx.DtPosted.Time.Equal(want[i].Posted) {
			t.Fatalf("transaction %d = %+v, want %+v", i, tx, want[i])
		}
	}
	cc := resp.CreditCard[0].(*ofxgo.CCStatementResponse)
	wantCC := c.Transactions("CREDITCARD", time.Date(2026, 11, 1, 5, 0, 0, 0, time.UTC), today, today)
	if len(cc.BankTranList.Transactions) != len(wantCC) {
		t.Fatalf("card statement: %d transactions, want %d", len(cc.BankTranList.Transactions), len(wantCC))
	}
}

func fmtReq(tmpl string, args ...any) string {
	s := tmpl
	for _, a := range args {
		s = strings.Replace(s, "%s", a.(string), 1)
	}
	return s
}

func TestXMLRequest(t *testing.T) {
	t.Parallel()
	_, url := setup(t)
	c, _ := ParseLogin("demo-3")
	req := `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRQV1><SONRQ><DTCLIENT>20261127083000.000[+0:UTC]</DTCLIENT><USERID>demo-3</USERID><USERPASS>secret-3</USERPASS>
<LANGUAGE>ENG</LANGUAGE><FI><ORG>X</ORG><FID>1</FID></FI><APPID>OFXGO</APPID><APPVER>0001</APPVER></SONRQ></SIGNONMSGSRQV1>
<CREDITCARDMSGSRQV1><CCSTMTTRNRQ><TRNUID>u-1</TRNUID><CCSTMTRQ><CCACCTFROM><ACCTID>` + c.Accounts()[1].ID + `</ACCTID></CCACCTFROM>
<INCTRAN><DTSTART>20261120</DTSTART><DTEND>20261125</DTEND><INCLUDE>Y</INCLUDE></INCTRAN></CCSTMTRQ></CCSTMTTRNRQ></CREDITCARDMSGSRQV1></OFX>`
	res, body := post(t, url, req)
	if res.StatusCode != 200 || !bytes.Contains(body, []byte(`VERSION="220"`)) {
		t.Fatalf("status %d, answer not 2.2 XML:\n%.300s", res.StatusCode, body)
	}
	resp, err := ofxgo.ParseResponse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	cc := resp.CreditCard[0].(*ofxgo.CCStatementResponse)
	want := c.Transactions("CREDITCARD", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), today)
	var inWindow int
	for _, w := range want {
		if !w.Posted.After(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)) {
			inWindow++
		}
	}
	if len(cc.BankTranList.Transactions) != inWindow || inWindow == 0 {
		t.Fatalf("%d transactions, want %d", len(cc.BankTranList.Transactions), inWindow)
	}
}

func TestSignonErrors(t *testing.T) {
	t.Parallel()
	_, url := setup(t)
	c, _ := ParseLogin("demo-1")
	accts := c.Accounts()
	for _, pw := range []string{"secret-2", "", "SECRET-1"} {
		_, body := post(t, url, fmtReq(sgmlRequest, pw, accts[0].ID, accts[1].ID))
		resp, err := ofxgo.ParseResponse(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Signon.Status.Code != 15500 || len(resp.Bank) != 0 {
			t.Fatalf("password %q: status %d, %d statements", pw, resp.Signon.Status.Code, len(resp.Bank))
		}
	}
	// Someone else's account number: 2003.
	other, _ := ParseLogin("demo-2")
	_, body := post(t, url, fmtReq(sgmlRequest, "secret-1", other.Accounts()[0].ID, accts[1].ID))
	resp, err := ofxgo.ParseResponse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if code := resp.Bank[0].(*ofxgo.StatementResponse).Status.Code; code != 2003 {
		t.Fatalf("foreign account: status %d, want 2003", code)
	}
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	_, url := setup(t)
	for _, body := range []string{"", "hello", "<OFX>", "OFXHEADER:100\r\n\r\nno body", "<?xml version=\"1.0\"?><OFX></OFX>", strings.Repeat("x", maxRequest+1)} {
		res, _ := post(t, url, body)
		if res.StatusCode != 400 && res.StatusCode != 413 {
			t.Errorf("body %.20q: status %d, want 400/413", body, res.StatusCode)
		}
	}
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /ofx: %d", res.StatusCode)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	_, url := setup(t)
	req := func(login string) (*http.Response, []byte) {
		c, _ := ParseLogin(login)
		a := c.Accounts()
		return post(t, url, strings.Replace(fmtReq(sgmlRequest, "secret-1", a[0].ID, a[1].ID), "demo-1", login, 1))
	}
	var codes []int
	for range 4 {
		res, _ := req("flaky-1")
		codes = append(codes, res.StatusCode)
	}
	if codes[0] != 200 || codes[1] != 503 || codes[2] != 200 || codes[3] != 503 {
		t.Fatalf("flaky-1 answered %v, want alternating 200/503", codes)
	}
	res, body := req("garbage-1")
	if res.StatusCode != 200 {
		t.Fatalf("garbage-1: %d", res.StatusCode)
	}
	if _, err := ofxgo.ParseResponse(bytes.NewReader(body)); err == nil {
		t.Fatal("garbage-1's answer parses")
	}
	start := time.Now()
	res, _ = req("slow-1")
	if res.StatusCode != 200 || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("slow-1: status %d after %v", res.StatusCode, time.Since(start))
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"20261127":                   "2026-11-27T00:00:00Z",
		"20261127083000":             "2026-11-27T08:30:00Z",
		"20261127083000.000":         "2026-11-27T08:30:00Z",
		"20261127083000.000[-5:EST]": "2026-11-27T13:30:00Z",
		"20261127083000[+5.30:IST]":  "2026-11-27T03:00:00Z",
		"202611270830":               "2026-11-27T08:30:00Z",
	} {
		got, err := parseDate(in)
		if err != nil || got.Format(time.RFC3339) != want {
			t.Errorf("parseDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2026", "yesterday", "20261340"} {
		if _, err := parseDate(bad); err == nil {
			t.Errorf("parseDate(%q) accepted", bad)
		}
	}
}
