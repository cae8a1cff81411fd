package file

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedTestdata holds real statement files collected from public projects
// (see its MANIFEST.md). They stay outside the repository, for licensing.
const sharedTestdata = "../../../../shared/testdata"

// notStatements are CSVs in the shared folder that are reference data, not
// statements. They are named by path, chosen by reading them: their rows
// are codes and category names, with no date or amount column, so reading
// them as statements would test nothing.
var notStatements = map[string]string{
	"greggles-mcc-codes/mcc_codes.csv": "the ISO 18245 merchant category code list",
	"ofxparse/mcc_codes.csv":           "a merchant category code list",
	"plaid-pfc/pfc-taxonomy-all.csv":   "Plaid's category taxonomy",
	"plaid-pfc/plaid_categories.csv":   "Plaid's category taxonomy",
}

// mustImport are files we know are good bank or card statements.
var mustImport = []string{
	"asgrim-ofxparser/ofx-multiple-accounts-xml.ofx",
	"asgrim-ofxparser/ofxdata-bb-two-stmtrs.ofx",
	"asgrim-ofxparser/ofxdata-bb.ofx",
	"asgrim-ofxparser/ofxdata-bpbfc.ofx",
	"asgrim-ofxparser/ofxdata-cmfr.ofx",
	"asgrim-ofxparser/ofxdata-credit-card.ofx",
	"asgrim-ofxparser/ofxdata-emptyDateTime.ofx",
	"asgrim-ofxparser/ofxdata-indented.ofx",
	"asgrim-ofxparser/ofxdata-memoWithAmpersand.ofx",
	"asgrim-ofxparser/ofxdata-memoWithQuotes.ofx",
	"asgrim-ofxparser/ofxdata-oneline-with-closing-tags.ofx",
	"asgrim-ofxparser/ofxdata-oneline.ofx",
	"asgrim-ofxparser/ofxdata-selfclose.ofx",
	"asgrim-ofxparser/ofxdata-xml.ofx",
	"asgrim-ofxparser/ofxdata.ofx",
	"asgrim-ofxparser/ofxdata-investments-xml.ofx",
	"ofxgo/inv_v202.ofx",
	"ofxparse/fidelity-savings.ofx",
	// Not asgrim-ofxparser/ofxdata-banking-xml200.ofx: its only STMTTRN
	// reads "*snipped*" (no date, no amount), so there is nothing to import;
	// it is checked in mustRefuse.
	"ofxgo/wellsfargo.qfx",
	"ofxgo/bmo_v102__no_header_newline.qfx",
	"ofxparse/chase_cc.qfx",
	"ofxparse/checking.ofx",
	"actualbudget/1252.qfx",
	"actualbudget/8859-1.qfx",
	"actualbudget/html-vals.qfx",
	"actualbudget/utf-8.qfx",
	"actualbudget/data-payee-memo.qif",
	"actualbudget/data-with-categories.qif",
	"actualbudget/qif-account.qif",
	"actualbudget/qif-category.qif",
	"gnucash/cbb-export.qif",
	"gnucash/web.qif",
	"csv2ofx/mint.csv",
	"csv2ofx/capitalone.csv",
}

// mustRefuse are files that must be refused, with why.
var mustRefuse = map[string]struct {
	code Code
	want string
}{
	"ofxparse/signon_fail.ofx":                 {CodeInstitution, "OFX code 15500"},
	"ofxtools/profrs.ofx":                      {CodeInstitution, "OFX code 15500"},
	"ofxparse/error_message.ofx":               {CodeInstitution, "OFX code 2000: General Server Error"},
	"ofxparse/account_listing_aggregation.ofx": {CodeUnsupported, "holds no statement or transactions"},
	// ShrsIn and a BuyX paid from [CHECKING]: no cash moves in the account.
	"csv2ofx/investment_example.qif":                           {CodeEmpty, "move no cash in the account (2:"},
	"ofxparse/multiple_accounts.ofx":                           {CodeEmpty, "no transactions"},
	"ofxparse/bank_small.ofx":                                  {CodeEmpty, "no bank or credit card statement"},
	"ofxparse/date_missing.ofx":                                {CodeMalformed, "has no posting date"},
	"ofxparse/decimal_error.ofx":                               {CodeMalformed, `invalid date "201120000000"`},
	"asgrim-ofxparser/ofxdata-banking-xml200.ofx":              {CodeMalformed, "has no posting date"},
	"csv2ofx/payoneer.csv":                                     {CodeNeedsMapping, "could be month/day or day/month"},
	"csv2ofx/mint_headerless.csv":                              {CodeNeedsMapping, "no header row"},
	"ofxstatement-dutch/empty.csv":                             {CodeEmpty, "empty"},
	"ofxstatement-dutch/Knab_transactieoverzicht_no_lines.csv": {CodeEmpty, "no transactions"},
}

// exact are files whose transactions were counted and summed by hand from
// the file's text.
var exact = map[string]struct {
	count, accounts int
	cents           int64
}{
	"ofxparse/checking.ofx":               {3, 1, 1 - 3451 - 2500},                    // 0.01, -34.51, -25.00
	"actualbudget/data-multi-decimal.ofx": {2, 1, -3000 - 377},                        // -30.000, -3.77000
	"ofxgo/wellsfargo.qfx":                {1, 1, -1234},                              // -12.34
	"gnucash/web.qif":                     {7, 1, 6*-9999 + 9999},                     // six -99.99, one 99.99
	"gnucash/cbb-export.qif":              {9, 1, -70101 + 19342},                     // eight payments, one deposit (splits ignored)
	"csv2ofx/mint.csv":                    {4, 2, -100000 - 150000 + 200000 - 250000}, // debit, debit, credit, debit // Mint exports all accounts: Savings and Checking
	"csv2ofx/capitalone.csv":              {2, 1, -100000 + 100000},
	// Accounts count those with transactions or a stated balance: the
	// first statement of each of these two files holds no transaction
	// but states its LEDGERBAL.
	"asgrim-ofxparser/ofxdata-bb-two-stmtrs.ofx":     {36, 2, -364866}, // the 36 TRNAMT lines summed with awk
	"asgrim-ofxparser/ofx-multiple-accounts-xml.ofx": {3, 3, -398 + 50000 + 1870},
}

func TestSharedTestdata(t *testing.T) {
	if _, err := os.Stat(sharedTestdata); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the shared test files are missing (%v); CI must provide ../shared/testdata", err)
		}
		t.Skipf("the shared test files are not here (%v); skipping", err)
	}
	seen := map[string]bool{}
	err := filepath.WalkDir(sharedTestdata, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(sharedTestdata, path)
		rel = filepath.ToSlash(rel)
		switch strings.ToLower(filepath.Ext(path)) {
		case ".ofx", ".qfx", ".qif", ".csv":
		default:
			return nil // MANIFEST.md, *.json
		}
		if why, ok := notStatements[rel]; ok {
			t.Logf("%s: not a statement (%s)", rel, why)
			return nil
		}
		seen[rel] = true
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		res, err := Read(data, Options{})
		checkSharedFile(t, rel, res, err)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range mustImport {
		if !seen[name] {
			t.Errorf("%s: missing from the shared folder", name)
		}
	}
}

func checkSharedFile(t *testing.T, rel string, res Result, err error) {
	t.Helper()
	if err != nil {
		t.Logf("%s: refused: %v", rel, err)
		msg := err.Error()
		var e *Error
		switch {
		case !errors.As(err, &e):
			t.Errorf("%s: error is not an *Error: %v", rel, err)
		case e.Code == CodeInternal:
			t.Errorf("%s: internal error: %v", rel, err)
		case strings.TrimSpace(msg) == "":
			t.Errorf("%s: empty error message", rel)
		}
		for _, leak := range []string{"strconv.", "xml:", "runtime error", "encoding/", "EOF"} {
			if strings.Contains(msg, leak) {
				t.Errorf("%s: error message leaks an internal error: %q", rel, msg)
			}
		}
		for _, name := range mustImport {
			if name == rel {
				t.Errorf("%s: must import, refused: %v", rel, err)
			}
		}
		if want, ok := mustRefuse[rel]; ok && (e == nil || e.Code != want.code || !strings.Contains(msg, want.want)) {
			t.Errorf("%s: refused with %q (code %q), want code %q containing %q", rel, msg, CodeOf(err), want.code, want.want)
		}
		if _, ok := exact[rel]; ok {
			t.Errorf("%s: must import, refused: %v", rel, err)
		}
		return
	}
	t.Logf("%s: imported %d transactions (%s, skipped %d)", rel, len(res.Transactions), res.Format, len(res.Skipped))
	if _, ok := mustRefuse[rel]; ok {
		t.Errorf("%s: must be refused, imported %d transactions", rel, len(res.Transactions))
	}
	if len(res.Transactions) == 0 && res.Holdings == nil {
		t.Errorf("%s: imported nothing without an error", rel)
	}
	checkInvestmentFile(t, rel, res)
	var sum int64
	for _, tx := range res.Transactions {
		sum += tx.AmountCents
		if tx.PostedAt.IsZero() || tx.PostedAt.Location().String() != "UTC" {
			t.Errorf("%s: transaction %+v has a zero or non-UTC date", rel, tx)
		}
		if tx.Currency == "" {
			t.Errorf("%s: transaction %+v has no currency", rel, tx)
		}
	}
	if want, ok := exact[rel]; ok {
		if len(res.Transactions) != want.count || sum != want.cents || res.Accounts != want.accounts {
			t.Errorf("%s: %d transactions summing to %d cents in %d accounts, want %d, %d, %d",
				rel, len(res.Transactions), sum, res.Accounts, want.count, want.cents, want.accounts)
		}
	}
}

// TestSharedTestdataWithMapping reads CSVs that cannot be inferred (or are
// better read with a mapping) the way a user would, by giving the columns.
func TestSharedTestdataWithMapping(t *testing.T) {
	if _, err := os.Stat(sharedTestdata); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the shared test files are missing (%v)", err)
		}
		t.Skipf("the shared test files are not here (%v); skipping", err)
	}
	tests := []struct {
		file    string
		mapping CSVMapping
		count   int
		cents   int64
		first   string // descriptor of the first transaction
		date    string // date of the first transaction
	}{
		{
			// GLS Bank: Latin-1, ';', decimal comma, many purpose columns.
			file: "csv2ofx/gls.csv",
			mapping: CSVMapping{Delimiter: ";", HasHeader: true, Date: "Buchungstag", DateFormat: "DD.MM.YYYY",
				Description: "Auftraggeber/Empfänger+VWZ1", Amount: "Betrag", DecimalComma: true, CurrencyColumn: "Währung"},
			count: 1, cents: -9876, first: "Drillisch Online AG B4658645 U123456789 B123456", date: "2017-10-10",
		},
		{
			// easybank credit card: no header, DD.MM.YYYY, decimal comma, signed "+30,99".
			file:    "ofxstatement-austrian/easybank-creditcard.csv",
			mapping: CSVMapping{Date: "2", Description: "1", Amount: "4", DecimalComma: true, CurrencyColumn: "5"},
			count:   3, cents: -599 + 3099 - 2269, first: "Some vendor/info|12345678909876543212345", date: "2013-07-02",
		},
		{
			// ING Spain: DD/MM/YYYY given explicitly.
			file:    "csv2ofx/ingesp.csv",
			mapping: CSVMapping{HasHeader: true, Date: "date", DateFormat: "02/01/2006", Description: "desc", Amount: "amount", Currency: "EUR"},
			count:   10, cents: 283 + 269 + 137 + 139411 - 1760 - 27689 - 100000 - 3700 - 21930 + 50000,
			first: "Abono por campaña Abono Shopping NARANJA:GALP", date: "2022-03-24",
		},
		{
			// Payoneer: every date is ambiguous, so the user says MM/DD.
			file:    "csv2ofx/payoneer.csv",
			mapping: CSVMapping{HasHeader: true, Date: "Transaction Date", DateFormat: "MM/DD/YYYY", Description: "Description", Debit: "Debit Amount", Credit: "Credit Amount", CurrencyColumn: "Currency"},
			count:   2, cents: -10000 + 12000, first: "Transaction description", date: "2021-05-03",
		},
		{
			// Mint without its header row.
			file:    "csv2ofx/mint_headerless.csv",
			mapping: CSVMapping{Date: "0", DateFormat: "1/2/06", Description: "2", Amount: "3", Direction: "4"},
			count:   4, cents: -100000 - 150000 + 200000 - 250000, first: "Account Transfer", date: "2015-06-12",
		},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(sharedTestdata, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Read(data, Options{Format: FormatCSV, CSV: &tt.mapping})
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		var sum int64
		for _, tx := range res.Transactions {
			sum += tx.AmountCents
		}
		t.Logf("%s with a mapping: imported %d transactions (%s, skipped %d)", tt.file, len(res.Transactions), res.Format, len(res.Skipped))
		if len(res.Transactions) != tt.count || sum != tt.cents || len(res.Skipped) != 0 {
			t.Errorf("%s: %d transactions summing to %d (skipped %+v), want %d summing to %d", tt.file, len(res.Transactions), sum, res.Skipped, tt.count, tt.cents)
			continue
		}
		first := res.Transactions[0]
		if first.Descriptor != tt.first || first.PostedAt.Format("2006-01-02") != tt.date {
			t.Errorf("%s: first transaction %q on %s, want %q on %s", tt.file, first.Descriptor, first.PostedAt.Format("2006-01-02"), tt.first, tt.date)
		}
	}
}
