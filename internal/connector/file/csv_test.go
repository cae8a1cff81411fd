package file

import (
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/connector"
)

func TestCSV(t *testing.T) {
	t.Parallel()
	noon := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	tx := func(at time.Time, cents int64, cur, desc string) connector.Transaction {
		return connector.Transaction{PostedAt: at, AmountCents: cents, Currency: cur, Descriptor: desc}
	}
	typed := func(t connector.Transaction, trnType string) connector.Transaction { t.TrnType = trnType; return t }
	tests := []struct {
		name     string
		doc      string
		mapping  *CSVMapping
		want     []connector.Transaction
		skipped  int
		accounts int // 0 = 1
	}{
		{
			name: "generic header, ISO dates",
			doc:  "Date,Description,Amount\n2024-01-05,SQ *CAFE,-12.34\n2024-01-06,PAYROLL,\"1,000.00\"\n",
			want: []connector.Transaction{tx(noon(2024, 1, 5), -1234, "USD", "SQ *CAFE"), tx(noon(2024, 1, 6), 100000, "USD", "PAYROLL")},
		},
		{
			name: "decimal comma and DD/MM/YYYY, ';' separated, inferred",
			doc:  "Datum;Omschrijving;Bedrag\n01/02/2024;Albert Heijn;-1.234,56\n25/02/2024;Salaris;2500,00\n",
			want: []connector.Transaction{tx(noon(2024, 2, 1), -123456, "USD", "Albert Heijn"), tx(noon(2024, 2, 25), 250000, "USD", "Salaris")},
		},
		{
			name:    "decimal comma and DD/MM/YYYY with a mapping",
			doc:     "Buchungstag,Text,Betrag,Währung\n01/02/2024,\"Miete, Februar\",\"-1.234,56\",EUR\n02/02/2024,Bäcker,\"-3,5\",EUR\n",
			mapping: &CSVMapping{HasHeader: true, Date: "Buchungstag", DateFormat: "DD/MM/YYYY", Description: "Text", Amount: "Betrag", DecimalComma: true, CurrencyColumn: "Währung"},
			want:    []connector.Transaction{tx(noon(2024, 2, 1), -123456, "EUR", "Miete, Februar"), tx(noon(2024, 2, 2), -350, "EUR", "Bäcker")},
		},
		{
			name: "two identical same-day purchases are both kept",
			doc:  "Date,Description,Amount\n2024-03-01,COFFEE,-4.50\n2024-03-01,COFFEE,-4.50\n",
			want: []connector.Transaction{tx(noon(2024, 3, 1), -450, "USD", "COFFEE"), tx(noon(2024, 3, 1), -450, "USD", "COFFEE")},
		},
		{
			name:    "a mapped record id: a record listed again is skipped, a reused id with other content kept",
			doc:     "Date,Description,Amount,Archive\n2024-03-01,COFFEE,-4.50,A1\n2024-03-01,COFFEE,-4.50,A1\n2024-03-02,REFUND,3.00,A1\n2024-03-02,COFFEE,-4.50,A2\n",
			mapping: &CSVMapping{HasHeader: true, Date: "Date", Description: "Description", Amount: "Amount", ID: "Archive"},
			want: []connector.Transaction{
				{InstitutionID: "A1", PostedAt: noon(2024, 3, 1), AmountCents: -450, Currency: "USD", Descriptor: "COFFEE"},
				{InstitutionID: "A1", PostedAt: noon(2024, 3, 2), AmountCents: 300, Currency: "USD", Descriptor: "REFUND"},
				{InstitutionID: "A2", PostedAt: noon(2024, 3, 2), AmountCents: -450, Currency: "USD", Descriptor: "COFFEE"},
			},
			skipped: 1,
		},
		{
			name: "BOM, CRLF, quoted fields with quotes, commas and a newline",
			doc:  "\uFEFFDate,Description,Amount\r\n2024-01-05,\"Say \"\"hi\"\", then\r\nleave\",-1\r\n2024-01-06,plain,2\r\n",
			want: []connector.Transaction{tx(noon(2024, 1, 5), -100, "USD", "Say \"hi\", then leave"), tx(noon(2024, 1, 6), 200, "USD", "plain")},
		},
		{
			name: "CR-only line endings, empty lines first (old Mac, Mint)",
			doc:  "\r\r\rDate,Description,Original Description,Amount,Transaction Type,Category,Account Name,Labels,Notes\r6/12/15,Transfer,Account Transfer,\"1,000.00\",debit,Checking,Savings,,\r6/13/15,Pay,ACME PAYROLL,\"2,000.00\",credit,Income,Checking,,\r",
			want: []connector.Transaction{
				{PostedAt: noon(2015, 6, 12), AmountCents: -100000, Currency: "USD", Descriptor: "Account Transfer", TrnType: "DEBIT"},
				{PostedAt: noon(2015, 6, 13), AmountCents: 200000, Currency: "USD", Descriptor: "ACME PAYROLL", TrnType: "CREDIT", Category: "income"},
			},
			accounts: 2, // Mint exports all accounts: "Account Name" is Savings, then Checking
		},
		{
			name: "Mint with only ambiguous dates: Mint is US, month first",
			doc:  "\"Date\",\"Description\",\"Original Description\",\"Amount\",\"Transaction Type\",\"Category\",\"Account Name\",\"Labels\",\"Notes\"\n\"8/02/2016\",\"Amazon\",\"AMAZON MKTPLACE\",\"29.99\",\"debit\",\"Shopping\",\"1234\",\"\",\"\"\n",
			want: []connector.Transaction{{PostedAt: noon(2016, 8, 2), AmountCents: -2999, Currency: "USD", Descriptor: "AMAZON MKTPLACE", TrnType: "DEBIT", Category: "shopping"}},
		},
		{
			name: "tab separated, debit and credit columns, dollar signs (Schwab)",
			doc:  "Date\tStatus\tType\tCheckNumber\tDescription\tWithdrawal\tDeposit\tRunningBalance\n08/17/2022\tPosted\tDEPOSIT\t\tDeposit\t\t$20.00\t$878.47\n08/14/2022\tPending\tATM\t\tATM\t$103.00\t\t$858.47\n",
			want: []connector.Transaction{tx(noon(2022, 8, 17), 2000, "USD", "Deposit"), {PostedAt: noon(2022, 8, 14), AmountCents: -10300, Currency: "USD", Descriptor: "ATM", Pending: true}},
		},
		{
			name: "Capital One debit/credit",
			doc:  "Transaction Date,Posted Date,Card No.,Description,Category,Debit,Credit\n2015-12-31,2016-01-02,1234,Airplanes R Us,Other Travel,1000.00,\n2015-12-31,2016-01-02,1234,AUTOPAY PYMT,Payment/Credit,,1000.00\n",
			want: []connector.Transaction{tx(noon(2016, 1, 2), -100000, "USD", "Airplanes R Us"), tx(noon(2016, 1, 2), 100000, "USD", "AUTOPAY PYMT")},
		},
		{
			name: "preamble found without SkipRows, Latin-1, currency column, Saldo ignored",
			doc: "Umsatzanzeige;Datei erstellt am: 28.12.2018 16:57\n\nIBAN;DE12 3456\nSaldo;150,00;EUR\n\n" +
				"Buchung;Wertstellungsdatum;Auftraggeber/Empf\xe4nger;Buchungstext;Verwendungszweck;Saldo;W\xe4hrung;Betrag;W\xe4hrung\n" +
				"28.12.2018;28.12.2018;B\xe4ckerei M\xfcller;Lastschrift;Br\xf6tchen;150,00;EUR;-5,50;EUR\n",
			// The payee and the purpose, not the booking type.
			want: []connector.Transaction{tx(noon(2018, 12, 28), -550, "EUR", "Bäckerei Müller — Brötchen")},
		},
		{
			name:    "preamble with SkipRows, headerless, columns by number",
			doc:     "Account 123\nExported today\n02.07.2013;Some vendor;-5,99;EUR\n21.06.2013;Refund;+30,99;EUR\n",
			mapping: &CSVMapping{SkipRows: 2, Delimiter: ";", Date: "0", Description: "1", Amount: "2", DecimalComma: true, CurrencyColumn: "3"},
			want:    []connector.Transaction{tx(noon(2013, 7, 2), -599, "EUR", "Some vendor"), tx(noon(2013, 6, 21), 3099, "EUR", "Refund")},
		},
		{
			name:    "description joined from two columns, explicit currency",
			doc:     "When|Payee|Memo|Out|In\n2024-01-05|ACME|inv 7|12.00|\n2024-01-06||refund||3\n",
			mapping: &CSVMapping{HasHeader: true, Date: "When", Description: "Payee+Memo", Debit: "Out", Credit: "In", Currency: "cad"},
			want:    []connector.Transaction{tx(noon(2024, 1, 5), -1200, "CAD", "ACME inv 7"), tx(noon(2024, 1, 6), 300, "CAD", "refund")},
		},
		{
			name: "Dutch ING: Af/Bij direction, currency in the header",
			doc:  "\"Datum\",\"Naam / Omschrijving\",\"Rekening\",\"Af Bij\",\"Bedrag (EUR)\"\n\"20200213\",\"Kosten\",\"NL99\",\"Af\",\"1,25\"\n\"20191213\",\"PAULISSEN\",\"NL99\",\"Bij\",\"20,00\"\n",
			want: []connector.Transaction{
				{PostedAt: noon(2020, 2, 13), AmountCents: -125, Currency: "EUR", Descriptor: "Kosten", TrnType: "DEBIT"},
				{PostedAt: noon(2019, 12, 13), AmountCents: 2000, Currency: "EUR", Descriptor: "PAULISSEN", TrnType: "CREDIT"},
			},
		},
		{
			name: "accounting negatives, footer rows and repeated headers ignored, bad rows skipped",
			doc:  "Date,Description,Amount\n2024-01-05,fee,(12.50)\nDate,Description,Amount\n2024-02-30,bad date,1\n2024-01-07,bad amount,12abc\n,,\n,Total,\n2024-01-08,ok,1\n",
			want: []connector.Transaction{tx(noon(2024, 1, 5), -1250, "USD", "fee"), tx(noon(2024, 1, 8), 100, "USD", "ok")},
			// "Total" has neither date nor amount: not a transaction.
			skipped: 2,
		},
		{
			name:    "status: declined skipped, pending without a date skipped",
			doc:     "Type,Started Date,Completed Date,Description,Amount,Currency,State\nCARD,2022-01-06 15:08:08,2022-01-06 15:08:08,Shop,-1.00,EUR,COMPLETED\nCARD,2022-01-13 11:21:43,,store,-44.57,EUR,PENDING\nCARD,2022-01-14 11:21:43,2022-01-14 11:21:43,nope,-9,EUR,DECLINED\n",
			want:    []connector.Transaction{tx(noon(2022, 1, 6), -100, "EUR", "Shop")},
			skipped: 2,
		},
		{
			name:    "card export with purchases as positive numbers",
			doc:     "Merchant Name,Date,Amount\nMobil,01/10/2019,36.33\nPAYMENT,01/20/2019,-100\n",
			mapping: &CSVMapping{HasHeader: true, Date: "Date", DateFormat: "MM/DD/YYYY", Description: "Merchant Name", Amount: "Amount", Negate: true},
			want:    []connector.Transaction{tx(noon(2019, 1, 10), -3633, "USD", "Mobil"), tx(noon(2019, 1, 20), 10000, "USD", "PAYMENT")},
		},
		{
			name: "Chase card export: signed amounts, Type is not a direction",
			doc:  "Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n01/03/2024,01/04/2024,STARBUCKS 800-782-7282,Food & Drink,Sale,-5.75,\n01/05/2024,01/05/2024,AUTOMATIC PAYMENT - THANK,,Payment,500.00,\n",
			want: []connector.Transaction{tx(noon(2024, 1, 4), -575, "USD", "STARBUCKS 800-782-7282"), tx(noon(2024, 1, 5), 50000, "USD", "AUTOMATIC PAYMENT - THANK")},
		},
		{
			name: "Chase checking export",
			doc:  "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\nDEBIT,01/02/2024,\"ZELLE TO SMITH JOHN\",-40.00,QUICKPAY_DEBIT,960.00,,\nCREDIT,01/03/2024,\"PAYROLL ACME\",1200.00,ACH_CREDIT,2160.00,,\n",
			want: []connector.Transaction{tx(noon(2024, 1, 2), -4000, "USD", "ZELLE TO SMITH JOHN"), tx(noon(2024, 1, 3), 120000, "USD", "PAYROLL ACME")},
		},
		{
			name: "a description column that is part of another's text gives way to it",
			doc:  "Run Date,Action,Description,Amount\n01/15/2024,YOU BOUGHT ACME FUND (ACME),ACME FUND,-100.00\n01/16/2024,DIVIDEND RECEIVED ACME FUND (ACME),ACME FUND,5.00\n01/17/2024,CHECK PAID # 12,No Description,-20.00\n",
			want: []connector.Transaction{tx(noon(2024, 1, 15), -10000, "USD", "YOU BOUGHT ACME FUND (ACME)"), tx(noon(2024, 1, 16), 500, "USD", "DIVIDEND RECEIVED ACME FUND (ACME)"),
				tx(noon(2024, 1, 17), -2000, "USD", "CHECK PAID # 12")},
		},
		{
			name:    "a row of Type Shares moves securities, not cash",
			doc:     "Date,Description,Type,Amount\n2024-01-05,MERGER ACME,Shares,300.00\n2024-01-06,DIVIDEND ACME,Cash,5.00\n",
			want:    []connector.Transaction{tx(noon(2024, 1, 6), 500, "USD", "DIVIDEND ACME")},
			skipped: 1,
		},
		{
			name:     "an account column beside a disclaimer footer",
			doc:      "Date,Account,Description,Amount\n2024-01-05,Checking,A,-1.00\n2024-01-06,Savings,B,2.00\n\"The data in this spreadsheet is for your use only\",,,\n",
			want:     []connector.Transaction{tx(noon(2024, 1, 5), -100, "USD", "A"), tx(noon(2024, 1, 6), 200, "USD", "B")},
			accounts: 2,
			skipped:  1,
		},
		{
			name: "card statement: an unnamed column marks the credits CR, the unmarked rows are purchases",
			doc:  "Date Processed,Description,Amount,\n28-Mar-2020,SHOP,£99.99,\n21-Apr-2020,PAYMENT,\"+ £1,234.56\",CR\n",
			want: []connector.Transaction{typed(tx(noon(2020, 3, 28), -9999, "USD", "SHOP"), "DEBIT"), typed(tx(noon(2020, 4, 21), 123456, "USD", "PAYMENT"), "CREDIT")},
		},
		{
			name:    "a mapping that names no column: its date format answers dates that cannot be told apart",
			doc:     "Run Date,Action,Amount ($)\n 12/05/2021, PURCHASE,-444.44\n 12/01/2021, CONTRIBUTION,888\n",
			mapping: &CSVMapping{DateFormat: "DD/MM/YYYY"},
			want:    []connector.Transaction{tx(noon(2021, 5, 12), -44444, "USD", "PURCHASE"), tx(noon(2021, 1, 12), 88800, "USD", "CONTRIBUTION")},
		},
		{
			name: "month names",
			doc:  "Date,Description,Amount\n23-Jan-15,a,1\n\"Feb 2, 2015\",b,2\n",
			want: []connector.Transaction{tx(noon(2015, 1, 23), 100, "USD", "a"), tx(noon(2015, 2, 2), 200, "USD", "b")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := readOK(t, tt.doc, Options{Format: FormatCSV, CSV: tt.mapping})
			checkTransactions(t, withoutRaw(res.Transactions), tt.want)
			if want := max(tt.accounts, 1); res.Accounts != want {
				t.Errorf("accounts = %d, want %d", res.Accounts, want)
			}
			if len(res.Skipped) != tt.skipped {
				t.Errorf("skipped = %+v, want %d", res.Skipped, tt.skipped)
			}
		})
	}
}

func TestCSVSkippedLines(t *testing.T) {
	t.Parallel()
	res := readOK(t, "Date,Description,Amount\r2024-01-05,\"two\rlines\",1\r2024-02-30,x,1\r", Options{})
	if len(res.Skipped) != 1 || res.Skipped[0].Line != 4 || !strings.Contains(res.Skipped[0].Reason, `invalid date "2024-02-30"`) {
		t.Errorf("skipped = %+v, want line 4 invalid date", res.Skipped)
	}
}

func TestCSVRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		doc     string
		mapping *CSVMapping
		code    Code
		want    string
	}{
		{"ambiguous dates", "Date,Description,Amount\n01/02/2024,a,1\n03/04/2024,b,2\n", nil, CodeNeedsMapping, "could be month/day or day/month"},
		{"ambiguous dates with a mapping but no format", "d,x\n01/02/2024,1\n", &CSVMapping{HasHeader: true, Date: "d", Amount: "x"}, CodeNeedsMapping, "give the date format"},
		{"mixed date orders", "Date,Description,Amount\n13/02/2024,a,1\n03/14/2024,b,2\n", nil, CodeNeedsMapping, "day-first and others month-first"},
		{"no header", "2024-01-05,ACME,-1\n2024-01-06,ACME,-2\n", nil, CodeNeedsMapping, "no header row"},
		{"no amount column", "Date,Payee,Total\n2024-01-05,ACME,-1\n", nil, CodeNeedsMapping, `no amount column we recognise (columns: "Date", "Payee", "Total")`},
		{"no date column", "When,Payee,Amount\n2024-01-05,ACME,-1\n", nil, CodeNeedsMapping, "no date column"},
		{"mapping without date", "a,b\n1,2\n", &CSVMapping{Amount: "1"}, CodeNeedsMapping, "no date column"},
		{"mapping without amount", "a,b\n1,2\n", &CSVMapping{Date: "0"}, CodeNeedsMapping, "no amount column"},
		{"mapping names a missing column", "Date,Amount\n2024-01-05,1\n", &CSVMapping{HasHeader: true, Date: "Date", Amount: "Betrag"}, CodeNeedsMapping, `no amount column named "Betrag"`},
		{"names without a header", "2024-01-05,1\n", &CSVMapping{Date: "Date", Amount: "1"}, CodeNeedsMapping, "must be a column number"},
		{"bad delimiter", "a\n", &CSVMapping{Delimiter: "::", Date: "0", Amount: "1"}, CodeNeedsMapping, "delimiter"},
		{"bad currency", "a\n", &CSVMapping{Currency: "dollars", Date: "0", Amount: "1"}, CodeNeedsMapping, "three-letter code"},
		{"only a header", "Date,Description,Amount\n", nil, CodeEmpty, "no transactions"},
		{"the only row unreadable", "Date,Description,Amount\n2024-01-05,a,abc\n", nil, CodeMalformed, "the only transaction in the CSV file could not be read"},
		{"every row unreadable", "Date,Description,Amount\n2024-01-05,a,abc\n2024-01-06,b,\n", nil, CodeMalformed, "none of the 2 transactions in the CSV file could be read; the first problem: line 2: amount \"abc\""},
		{"decimal comma not set", "d;x\n2024-01-05;12,50\n", &CSVMapping{HasHeader: true, Date: "d", Amount: "x"}, CodeMalformed, "decimal comma"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			readErr(t, tt.doc, Options{Format: FormatCSV, CSV: tt.mapping}, tt.code, tt.want)
		})
	}
}

func TestParseCSV(t *testing.T) {
	t.Parallel()
	rows, more := parseCSV("a,\"b\"\"c\",d\r\n\"x\ny\" ,z\rlast,\"unterminated\n", ',', 10)
	want := [][]string{{"a", `b"c`, "d"}, {"x\ny", "z"}, {"last", "unterminated\n"}}
	if more || len(rows) != len(want) {
		t.Fatalf("rows = %+v", rows)
	}
	for i := range want {
		if strings.Join(rows[i].cells, "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i].cells, want[i])
		}
	}
	if rows[2].line != 4 {
		t.Errorf("line of row 3 = %d, want 4", rows[2].line)
	}
	if _, more := parseCSV("a\nb\nc\n", ',', 2); !more {
		t.Error("limit not reported")
	}
	for _, tt := range []struct {
		doc  string
		want byte
	}{
		{"a,b,c\n1,2,3\n", ','},
		{"a;b;c\n1,5;2;3\n", ';'},
		{"a\tb\tc\n1,5\t2\t3\n", '\t'},
		{"a|b\n1|2\n", '|'},
		{"single\ncolumn\n", ','},
		{"Kontonummer;Buchungstag;Betrag\n123;10.10.2017;-98,76\n", ';'},
	} {
		if got := detectDelimiter(tt.doc); got != tt.want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", tt.doc, got, tt.want)
		}
	}
}

// withoutRaw returns the transactions with Raw cleared, for tests about
// the other fields (TestCSVRaw checks Raw).
func withoutRaw(txs []connector.Transaction) []connector.Transaction {
	out := make([]connector.Transaction, len(txs))
	for i, tx := range txs {
		tx.Raw = ""
		out[i] = tx
	}
	return out
}
