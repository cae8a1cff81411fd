package httpapi_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// multiAnswer is the part of an import's answer about the file's accounts.
type multiAnswer struct {
	Added      int  `json:"added"`
	Duplicates int  `json:"duplicates"`
	DryRun     bool `json:"dry_run"`
	WouldAdd   []struct {
		Seller string `json:"seller"`
	} `json:"would_add"`
	Accounts []struct {
		Key                  string `json:"key"`
		Name                 string `json:"name"`
		Type                 string `json:"type"`
		Currency             string `json:"currency"`
		Transactions         int    `json:"transactions"`
		Action               string `json:"action"`
		AccountID            *int64 `json:"account_id"`
		NewName              string `json:"new_name"`
		Added                int    `json:"added"`
		Duplicates           int    `json:"duplicates"`
		AlreadyRecordedCount *int   `json:"already_recorded_count"`
		WouldAdd             []struct {
			Seller      string `json:"seller"`
			AmountCents int64  `json:"amount_cents"`
		} `json:"would_add"`
	} `json:"accounts"`
}

// multiQIF holds three accounts: a checking account, a card and an old
// account the user does not keep.
const multiQIF = "!Account\nNChecking\nTBank\n^\n!Type:Bank\n" +
	"D03/02/2026\nT-40.00\nPCITY WATER\n^\nD03/05/2026\nT2500.00\nPACME PAYROLL\n^\n" +
	"!Account\nNVisa\nTCCard\n^\n!Type:CCard\nD03/03/2026\nT-4.50\nPBLUE BOTTLE COFFEE\n^\n" +
	"D03/04/2026\nT-60.00\nPSHELL OIL\n^\nD03/06/2026\nT-12.00\nPNETFLIX\n^\n" +
	"!Account\nNOld savings\nTBank\n^\n!Type:Bank\nD03/07/2026\nT1.00\nPINTEREST\n^\n"

func importMulti(c *client, accountID int64, content string, fields map[string]string, want int) (multiAnswer, string) {
	c.T().Helper()
	status, body := c.ImportFile(accountID, "all.qif", content, fields)
	if status != want {
		c.T().Fatalf("import with %v: %d %s, want %d", fields, status, body, want)
	}
	var out multiAnswer
	if status == 200 {
		if err := json.Unmarshal(body, &out); err != nil {
			c.T().Fatal(err)
		}
		return out, string(body)
	}
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		c.T().Fatal(err)
	}
	return out, e.Error.Message
}

// sellersIn lists the sellers stored in an account, sorted.
func sellersIn(c *client, accountID int64) []string {
	c.T().Helper()
	var out []string
	for _, tx := range c.AllTransactions(fmt.Sprintf("&account_id=%d", accountID)) {
		if tx.AccountID != accountID {
			c.T().Fatalf("account_id=%d listed a transaction of account %d", accountID, tx.AccountID)
		}
		out = append(out, tx.Seller)
	}
	sort.Strings(out)
	return out
}

// TestImportSeveralAccounts (issue 18, item 6): a QIF file of three
// accounts. The dry run lists them with a preview each and needs no
// mapping; the import without a mapping is refused (422) naming them; a
// mapping that is incomplete, names an account the file lacks, maps two
// accounts to one or names another user's account is refused and changes
// nothing; the import with a mapping puts each account's rows into its
// account (an existing one, a new one, none), and importing again with
// the accounts now existing adds nothing.
func TestImportSeveralAccounts(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "several@example.com")
	checking := newFileAccount(c)
	other := signUp(t, newClient(t, f.base), "other-several@example.com")
	othersAccount := newFileAccount(other)

	dry, _ := importMulti(c, checking, multiQIF, map[string]string{"dry_run": "true"}, 200)
	if !dry.DryRun || dry.Added != 6 || len(dry.WouldAdd) != 6 || len(dry.Accounts) != 3 {
		t.Fatalf("dry run: %+v", dry)
	}
	for i, want := range []struct {
		key, typ string
		n        int
		first    string
	}{{"Checking", "Bank", 2, "CITY WATER"}, {"Visa", "CCard", 3, "BLUE BOTTLE COFFEE"}, {"Old savings", "Bank", 1, "INTEREST"}} {
		a := dry.Accounts[i]
		if a.Key != want.key || a.Name != want.key || a.Type != want.typ || a.Currency != "USD" || a.Transactions != want.n ||
			a.Action != "unmapped" || a.AccountID != nil || a.NewName != want.key || a.Added != want.n ||
			len(a.WouldAdd) != want.n || a.WouldAdd[0].Seller != want.first {
			t.Errorf("dry run, account %d: %+v, want %+v", i, a, want)
		}
	}
	if got := sellersIn(c, checking); len(got) != 0 {
		t.Fatalf("the dry run stored %v", got)
	}

	_, body := importMulti(c, checking, multiQIF, nil, 422)
	for _, want := range []string{"holds 3 accounts", `"Checking" (Bank, 2 transactions)`, `"Visa" (CCard, 3 transactions)`, `"Old savings"`, `"accounts"`, `"skip"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal %s does not say %q", body, want)
		}
	}
	bad := []struct {
		accounts string
		status   int
		want     string
	}{
		{`{"Checking":{"account_id":%d},"Visa":"skip"}`, 422, `leaves out "Old savings"`},
		{`{"Checking":{"account_id":%d},"Visa":"skip","Old savings":"skip","Amex":"skip"}`, 422, `names "Amex", which the file does not hold`},
		{`{"Checking":{"account_id":%d},"Visa":{"account_id":%[1]d},"Old savings":"skip"}`, 422, "both mapped to account"},
		{`{"Checking":{"account_id":%d},"Visa":{"account_id":` + fmt.Sprint(othersAccount) + `},"Old savings":"skip"}`, 404, "not one of yours"},
		{`{"Checking":{"account_id":%d},"Visa":"keep","Old savings":"skip"}`, 422, `must be "skip"`},
		{`{"Checking":{"account_id":%d,"new":{}},"Visa":"skip","Old savings":"skip"}`, 422, "exactly one of account_id and new"},
		{`{"Checking":{"account_id":%d},"Visa":{"new":{"currency":"EURO"}},"Old savings":"skip"}`, 422, "three-letter"},
	}
	for _, b := range bad {
		_, body := importMulti(c, checking, multiQIF, map[string]string{"accounts": fmt.Sprintf(b.accounts, checking)}, b.status)
		if !strings.Contains(body, b.want) {
			t.Errorf("accounts %s: %s, want it to say %q", b.accounts, body, b.want)
		}
	}
	if n := len(c.Accounts()); n != 1 {
		t.Fatalf("refused imports left %d accounts", n)
	}
	if got := sellersIn(c, checking); len(got) != 0 {
		t.Fatalf("refused imports stored %v", got)
	}

	mapping := fmt.Sprintf(`{"Checking":{"account_id":%d},"Visa":{"new":{"name":"Visa card"}},"Old savings":"skip"}`, checking)
	res, _ := importMulti(c, checking, multiQIF, map[string]string{"accounts": mapping}, 200)
	if res.Added != 5 || len(res.Accounts) != 3 || res.Accounts[0].Action != "account" || *res.Accounts[0].AccountID != checking ||
		res.Accounts[1].Action != "new" || res.Accounts[1].AccountID == nil || res.Accounts[1].NewName != "Visa card" ||
		res.Accounts[2].Action != "skip" || res.Accounts[2].AccountID != nil || res.Accounts[2].Added != 0 {
		t.Fatalf("import: %+v", res)
	}
	visa := *res.Accounts[1].AccountID
	if got, want := strings.Join(sellersIn(c, checking), ", "), "ACME PAYROLL, CITY WATER"; got != want {
		t.Errorf("checking holds %s, want %s", got, want)
	}
	if got, want := strings.Join(sellersIn(c, visa), ", "), "BLUE BOTTLE COFFEE, NETFLIX, SHELL OIL"; got != want {
		t.Errorf("the new card account holds %s, want %s", got, want)
	}
	var visaName string
	for _, a := range c.Accounts() {
		if a.ID == visa {
			visaName = a.Name
		}
	}
	if visaName != "Visa card" || len(c.Accounts()) != 2 {
		t.Errorf("accounts after the import: %+v", c.Accounts())
	}

	again := fmt.Sprintf(`{"Checking":{"account_id":%d},"Visa":{"account_id":%d},"Old savings":"skip"}`, checking, visa)
	dryAgain, _ := importMulti(c, checking, multiQIF, map[string]string{"accounts": again, "dry_run": "true"}, 200)
	if dryAgain.Added != 0 || dryAgain.Accounts[1].AlreadyRecordedCount == nil || *dryAgain.Accounts[1].AlreadyRecordedCount != 3 {
		t.Errorf("dry run again: %+v", dryAgain)
	}
	res, _ = importMulti(c, visa, multiQIF, map[string]string{"accounts": again}, 200)
	if res.Added != 0 || res.Duplicates != 5 || res.Accounts[0].Duplicates != 2 || res.Accounts[1].Duplicates != 3 {
		t.Errorf("import again: %+v", res)
	}
	if n := len(c.AllTransactions("")); n != 5 {
		t.Errorf("%d transactions stored after importing again, want 5", n)
	}
}

// TestImportOneAccountNeedsNoMapping: a file of one account (here an OFX
// file whose first statement holds no transactions) imports into the
// account of the request as before, and lists its account.
func TestImportOneAccountNeedsNoMapping(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "one-of-two@example.com")
	acct := newFileAccount(c)
	trn := "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260302<TRNAMT>-9.99<FITID>A1<NAME>BOOKSHOP</STMTTRN>"
	doc := "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>111<ACCTTYPE>SAVINGS</BANKACCTFROM>" +
		"<BANKTRANLIST></BANKTRANLIST></STMTRS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>222<ACCTTYPE>CHECKING</BANKACCTFROM>" +
		"<BANKTRANLIST>" + trn + "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
	status, body := c.ImportFile(acct, "two.ofx", doc, nil)
	var res multiAnswer
	if status != 200 || json.Unmarshal(body, &res) != nil {
		t.Fatalf("import: %d %s", status, body)
	}
	if res.Added != 1 || len(res.Accounts) != 1 || res.Accounts[0].Key != "222" || res.Accounts[0].Type != "CHECKING" ||
		res.Accounts[0].Action != "account" || *res.Accounts[0].AccountID != acct {
		t.Errorf("import: %s", body)
	}
}

// TestImportQuietStatementWithBalance: a file whose savings statement has
// no rows but states its balance lists both accounts; without a mapping
// the rows go to the URL's account and the savings statement is skipped;
// mapped to a new account, the savings balance is recorded there.
func TestImportQuietStatementWithBalance(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "quiet-savings@example.com")
	acct := newFileAccount(c)
	trn := "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260302<TRNAMT>-9.99<FITID>A1<NAME>BOOKSHOP</STMTTRN>"
	doc := "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>111<ACCTTYPE>SAVINGS</BANKACCTFROM>" +
		"<BANKTRANLIST></BANKTRANLIST><LEDGERBAL><BALAMT>5000.00<DTASOF>20260303</LEDGERBAL></STMTRS>" +
		"<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>222<ACCTTYPE>CHECKING</BANKACCTFROM>" +
		"<BANKTRANLIST>" + trn + "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
	status, body := c.ImportFile(acct, "two.ofx", doc, nil)
	var res multiAnswer
	if status != 200 || json.Unmarshal(body, &res) != nil {
		t.Fatalf("import without a mapping: %d %s", status, body)
	}
	if res.Added != 1 || len(res.Accounts) != 2 || res.Accounts[0].Key != "111" || res.Accounts[0].Action != "skip" ||
		res.Accounts[1].Key != "222" || res.Accounts[1].Action != "account" || *res.Accounts[1].AccountID != acct {
		t.Fatalf("import without a mapping: %s", body)
	}
	status, body = c.ImportFile(acct, "two.ofx", doc, map[string]string{
		"accounts": fmt.Sprintf(`{"111":{"new":{"name":"Savings"}},"222":{"account_id":%d}}`, acct)})
	if status != 200 || json.Unmarshal(body, &res) != nil {
		t.Fatalf("import with a mapping: %d %s", status, body)
	}
	var list struct {
		Accounts []struct {
			Name         string `json:"name"`
			BalanceCents *int64 `json:"balance_cents"`
		} `json:"accounts"`
	}
	c.Do("GET", "/api/v1/accounts", nil, 200, &list)
	var saved bool
	for _, a := range list.Accounts {
		if a.Name == "Savings" {
			saved = a.BalanceCents != nil && *a.BalanceCents == 500000
		}
	}
	if res.Added != 0 || res.Duplicates != 1 || !saved {
		t.Fatalf("mapped: added %d, duplicates %d, accounts %+v; want the savings account at 500000", res.Added, res.Duplicates, list.Accounts)
	}
}
