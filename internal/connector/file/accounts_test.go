package file

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readShared reads a file of the shared test folder, skipping the test
// when the folder is not here (outside CI).
func readShared(t *testing.T, rel string) Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedTestdata, filepath.FromSlash(rel)))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the shared test files are missing: %v", err)
		}
		t.Skipf("the shared test files are not here (%v); skipping", err)
	}
	res, err := Read(data, Options{})
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return res
}

// checkAccounts compares the accounts found and checks that every
// transaction carries the key of one of them, as many as its Count says.
func checkAccounts(t *testing.T, res Result, want []FileAccount) {
	t.Helper()
	if len(res.AccountsFound) != len(want) || res.Accounts != len(want) {
		t.Fatalf("accounts found = %+v (Accounts %d), want %+v", res.AccountsFound, res.Accounts, want)
	}
	for i := range want {
		if res.AccountsFound[i] != want[i] {
			t.Errorf("account %d = %+v, want %+v", i, res.AccountsFound[i], want[i])
		}
	}
	count := map[string]int{}
	for _, tx := range res.Transactions {
		count[tx.FileAccount]++
	}
	for _, a := range want {
		if count[a.Key] != a.Count {
			t.Errorf("account %q: %d transactions carry its key, want %d", a.Key, count[a.Key], a.Count)
		}
		delete(count, a.Key)
	}
	if len(count) > 0 {
		t.Errorf("transactions of accounts not listed: %v", count)
	}
}

func TestFileAccountsOFX(t *testing.T) {
	t.Parallel()
	// A statement without transactions that states a balance is an
	// account (its balance counts for net worth); without a mapping its
	// balance is left out and the rows go to the URL's account (ingest).
	t.Run("three statements, the first without transactions", func(t *testing.T) {
		t.Parallel()
		res := readShared(t, "asgrim-ofxparser/ofx-multiple-accounts-xml.ofx")
		checkAccounts(t, res, []FileAccount{
			{Key: "54658222458596", Type: "CHECKING", Currency: "GBP", Count: 0},
			{Key: "546582659855", Type: "CHECKING", Currency: "GBP", Count: 2},
			{Key: "21252344525548", Type: "SAVINGS", Currency: "GBP", Count: 1},
		})
	})
	t.Run("two STMTRS in one wrapper, one with transactions", func(t *testing.T) {
		t.Parallel()
		res := readShared(t, "asgrim-ofxparser/ofxdata-bb-two-stmtrs.ofx")
		checkAccounts(t, res, []FileAccount{{Key: "455000-5", Type: "CHECKING", Currency: "BRL", Count: 0}, {Key: "655000-2", Type: "CHECKING", Currency: "BRL", Count: 36}})
	})
	t.Run("bank and card statements; a statement without ACCTID", func(t *testing.T) {
		t.Parallel()
		trn := "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>%s<NAME>X</STMTTRN>"
		doc := "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>9<ACCTID>111<ACCTTYPE>savings</BANKACCTFROM>" +
			"<BANKTRANLIST>" + strings.ReplaceAll(trn, "%s", "a") + strings.ReplaceAll(trn, "%s", "b") + "</BANKTRANLIST></STMTRS></STMTTRNRS>" +
			"<STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST>" + strings.ReplaceAll(trn, "%s", "c") + "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1>" +
			"<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111</CCACCTFROM><BANKTRANLIST>" +
			strings.ReplaceAll(trn, "%s", "d") + "</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>"
		res := readOK(t, doc, Options{})
		checkAccounts(t, res, []FileAccount{
			{Key: "111", Type: "SAVINGS", Currency: "EUR", Count: 2},
			{Key: "statement 2", Currency: "EUR", Count: 1},
			{Key: "4111", Type: "CREDITCARD", Currency: "USD", Count: 1},
		})
	})
	t.Run("one statement", func(t *testing.T) {
		t.Parallel()
		res := readOK(t, bankOFX("USD", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>1<NAME>X</STMTTRN>"), Options{})
		checkAccounts(t, res, []FileAccount{{Key: "2", Type: "CHECKING", Currency: "USD", Count: 1}})
	})
}

func TestFileAccountsQIF(t *testing.T) {
	t.Parallel()
	t.Run("Mint's export, two !Account blocks", func(t *testing.T) {
		t.Parallel()
		res := readShared(t, "csv2ofx/mint.qif")
		checkAccounts(t, res, []FileAccount{
			{Key: "Checking", Name: "Checking", Type: "Bank", Currency: "USD", Count: 3},
			{Key: "Savings", Name: "Savings", Type: "Bank", Currency: "USD", Count: 1},
		})
	})
	t.Run("records before any block; AutoSwitch list; a block back to an earlier account", func(t *testing.T) {
		t.Parallel()
		doc := "!Type:Bank\nD01/02/2024\nT-1.00\nPBefore\n^\n" +
			"!Option:AutoSwitch\n!Account\nNChecking\nTBank\n^\nNVisa\nTCCard\n^\n!Clear:AutoSwitch\n" +
			"!Account\nNVisa\nTCCard\n^\n!Type:CCard\nD01/03/2024\nT-2.00\nPCoffee\n^\nD01/04/2024\nT-3.00\nPTea\n^\n" +
			"!Account\nNChecking\nTBank\n^\n!Type:Bank\nD01/05/2024\nT10.00\nPSalary\n^\n" +
			"!Account\nNVisa\nTCCard\n^\n!Type:CCard\nD01/06/2024\nT-4.00\nPCake\n^\n"
		res := readOK(t, doc, Options{})
		checkAccounts(t, res, []FileAccount{
			{Key: "", Currency: "USD", Count: 1},
			{Key: "Visa", Name: "Visa", Type: "CCard", Currency: "USD", Count: 3},
			{Key: "Checking", Name: "Checking", Type: "Bank", Currency: "USD", Count: 1},
		})
	})
	t.Run("an investment section after a bank section, no !Account block", func(t *testing.T) {
		t.Parallel()
		res := readOK(t, "!Type:Bank\nD01/02/2024\nT-1.00\nPX\n^\n!Type:Cat\nNFood\n^\n!Type:Invst\nD01/03/2024\nNDiv\nYACME\nT2.00\n^\n", Options{})
		checkAccounts(t, res, []FileAccount{
			{Key: "", Currency: "USD", Count: 1},
			{Key: "!Type:Invst", Type: "Invst", Currency: "USD", Count: 1},
		})
	})
	t.Run("one !Account block", func(t *testing.T) {
		t.Parallel()
		res := readOK(t, "!Account\nNJoint\nTBank\n^\n!Type:Bank\nD01/02/2024\nT-1.00\nPX\n^\n", Options{})
		checkAccounts(t, res, []FileAccount{{Key: "Joint", Name: "Joint", Type: "Bank", Currency: "USD", Count: 1}})
	})
}

func TestFileAccountsCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		doc     string
		mapping *CSVMapping
		want    []FileAccount
	}{
		{
			name: "Mint: Account Name",
			doc:  "Date,Description,Amount,Transaction Type,Account Name\n6/12/15,a,1.00,debit,Savings\n6/13/15,b,2.00,credit,Checking\n6/14/15,c,3.00,credit,Savings\n",
			want: []FileAccount{{Key: "Savings", Name: "Savings", Currency: "USD", Count: 2}, {Key: "Checking", Name: "Checking", Currency: "USD", Count: 1}},
		},
		{
			name: "Auftragskonto with an IBAN, and the other party's Kontonummer",
			doc: "Auftragskonto;Buchungstag;Verwendungszweck;Kontonummer;Betrag;Waehrung\n" +
				"DE89370400440532013000;01.02.24;Miete;DE02120300000000202051;-500,00;EUR\n" +
				"DE89370400440532013000;02.02.24;Gehalt;DE02500105170137075030;2000,00;EUR\n" +
				"DE12500105170648489890;03.02.24;Zinsen;DE02100100100006820101;1,00;EUR\n",
			want: []FileAccount{{Key: "DE89370400440532013000", Currency: "EUR", Count: 2}, {Key: "DE12500105170648489890", Currency: "EUR", Count: 1}},
		},
		{
			name: "an account header of the dictionary (Polish Numer rachunku)",
			doc: "Data operacji;Numer rachunku;Opis operacji;Kwota\n02.01.2024;PL61109010140000071219812874;Sklep;-1,00\n" +
				"03.01.2024;PL27114020040000300201355387;Odsetki;2,00\n04.01.2024;PL61109010140000071219812874;Sklep;-3,00\n",
			want: []FileAccount{{Key: "PL61109010140000071219812874", Currency: "USD", Count: 2}, {Key: "PL27114020040000300201355387", Currency: "USD", Count: 1}},
		},
		{
			name: "account number and name columns",
			doc:  "Date,Account Number,Account Name,Description,Amount\n2024-01-02,123-45,Joint checking,a,-1\n2024-01-03,987-65,Brokerage cash,b,2\n",
			want: []FileAccount{{Key: "123-45", Name: "Joint checking", Currency: "USD", Count: 1}, {Key: "987-65", Name: "Brokerage cash", Currency: "USD", Count: 1}},
		},
		{
			name: "an Account column empty on some rows is the other party's",
			doc:  "Date,Description,Account,Amount\n2024-01-02,a,DE02120300000000202051,-1\n2024-01-03,b,,2\n2024-01-04,c,DE02500105170137075030,3\n",
			want: []FileAccount{{Currency: "USD", Count: 3}},
		},
		{
			name: "an Account column with a new value on most rows is the other party's",
			doc: "Date,Description,Account,Amount\n2024-01-01,a,1,1\n2024-01-02,a,2,1\n2024-01-03,a,3,1\n2024-01-04,a,4,1\n" +
				"2024-01-05,a,5,1\n2024-01-06,a,6,1\n2024-01-07,a,7,1\n2024-01-08,a,1,1\n",
			want: []FileAccount{{Currency: "USD", Count: 8}},
		},
		{
			name:    "the mapping names the column",
			doc:     "d,desc,amt,acct\n2024-01-02,a,-1,X\n2024-01-03,b,2,Y\n2024-01-04,c,2,X\n",
			mapping: &CSVMapping{HasHeader: true, Date: "d", Description: "desc", Amount: "amt", Account: "acct"},
			want:    []FileAccount{{Key: "X", Name: "X", Currency: "USD", Count: 2}, {Key: "Y", Name: "Y", Currency: "USD", Count: 1}},
		},
		{
			name:    "a mapping without an account column still recognises one by its header",
			doc:     "d,desc,amt,Account Name\n2024-01-02,a,-1,X\n2024-01-03,b,2,Y\n",
			mapping: &CSVMapping{HasHeader: true, Date: "d", Description: "desc", Amount: "amt"},
			want:    []FileAccount{{Key: "X", Name: "X", Currency: "USD", Count: 1}, {Key: "Y", Name: "Y", Currency: "USD", Count: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkAccounts(t, readOK(t, tt.doc, Options{Format: FormatCSV, CSV: tt.mapping}), tt.want)
		})
	}
}

func TestFileAccountsCSVTooMany(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("d,amt,acct\n")
	for i := range maxFileAccounts + 1 {
		b.WriteString("2024-01-02,1," + strings.Repeat("x", i+1) + "\n")
	}
	_, err := Read([]byte(b.String()), Options{Format: FormatCSV, CSV: &CSVMapping{HasHeader: true, Date: "d", Amount: "amt", Account: "acct"}})
	if CodeOf(err) != CodeNeedsMapping || !strings.Contains(err.Error(), "more than 50 accounts") {
		t.Fatalf("err = %v, want a refusal naming the account column", err)
	}
}

// fuzzAccounts checks what Read says of a file's accounts: keys unique
// and bounded, every transaction under a listed key, and the counts whole.
func fuzzAccounts(t *testing.T, res Result) {
	t.Helper()
	if res.Accounts != len(res.AccountsFound) || (len(res.AccountsFound) == 0) != (len(res.Transactions) == 0) {
		t.Fatalf("Accounts %d, AccountsFound %+v", res.Accounts, res.AccountsFound)
	}
	count := map[string]int{}
	for _, a := range res.AccountsFound {
		if _, dup := count[a.Key]; dup || a.Count <= 0 || len([]rune(a.Key)) > 65 || a.Currency == "" {
			t.Fatalf("bad account %+v among %+v", a, res.AccountsFound)
		}
		count[a.Key] = a.Count
	}
	for _, tx := range res.Transactions {
		n, ok := count[tx.FileAccount]
		if !ok {
			t.Fatalf("transaction of account %q, which is not listed", tx.FileAccount)
		}
		count[tx.FileAccount] = n - 1
	}
	for k, n := range count {
		if n != 0 {
			t.Fatalf("account %q: count off by %d", k, n)
		}
	}
}

// FuzzFileAccounts reads files of several accounts, format detected.
func FuzzFileAccounts(f *testing.F) {
	trn := "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>%s<NAME>X</STMTTRN>"
	f.Add([]byte("<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>9<ACCTID>111<ACCTTYPE>savings</BANKACCTFROM>" +
		"<BANKTRANLIST>" + strings.ReplaceAll(trn, "%s", "a") + "</BANKTRANLIST></STMTRS></STMTTRNRS>" +
		"<STMTTRNRS><STMTRS><BANKTRANLIST>" + strings.ReplaceAll(trn, "%s", "c") + "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1>" +
		"<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>111</CCACCTFROM><BANKTRANLIST>" +
		strings.ReplaceAll(trn, "%s", "d") + "</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>"))
	f.Add([]byte("!Type:Bank\nD01/02/2024\nT-1.00\n^\n!Option:AutoSwitch\n!Account\nNA\nTBank\n^\nNB\n^\n!Clear:AutoSwitch\n" +
		"!Account\nNB\nTCCard\n^\n!Type:CCard\nD01/03/2024\nT-2.00\n^\n!Account\nN\n^\nD01/04/2024\nT1\n^\n!Account\nN" + longText + "\n^\n!Type:Bank\nD01/05/2024\nT1\n^\n"))
	f.Add([]byte("Date,Account Number,Account Name,Description,Amount\n2024-01-02,123-45,Joint,a,-1\n2024-01-03,987-65,Cash,b,2\n2024-01-04,,Cash,c,3\n"))
	f.Add([]byte("Auftragskonto;Buchungstag;Verwendungszweck;Betrag\nDE89370400440532013000;01.02.24;Miete;-500,00\nDE12;02.02.24;x;1,00\n;03.02.24;y;2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(data, Options{})
		if err != nil {
			return // fuzzRead checks the errors
		}
		fuzzAccounts(t, res)
	})
}
