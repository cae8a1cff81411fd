package file

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusDir holds real statement files from public repositories (see
// testdata/corpus/MANIFEST.md for where each came from and its licence).
const corpusDir = "testdata/corpus"

// corpusWant is what a careful reader says one corpus file holds. The
// values were worked out from the file itself (by reading it, with small
// throwaway scripts per format), never from this package's output:
//
//   - accounts: the accounts the file holds (OFX statements, QIF accounts,
//     distinct values of a CSV's own-account column; otherwise 1).
//   - rows: the money movements to import. Not rows: opening, closing and
//     turnover balance lines, statement totals, end-of-file markers,
//     holdings tables, rows without an amount, pending rows without a date,
//     a row the file itself marks as a share movement (Type "Shares"), and
//     a line repeated verbatim with the same bank record number. Pending
//     rows that carry a date are rows. Investment statements count their
//     cash: INVBANKTRAN, and the TOTAL of buys, sells and income.
//   - first, last: the earliest and the latest posting date. For a CSV with
//     several date columns, the first one in the row (the booking or
//     transaction date), never a statement-level column such as CSB43's
//     initial_date.
//   - cents: the sum of the amounts in minor units, money in positive; for
//     a CSV with a separate net amount (PayPal), the net.
//   - desc: two texts that must each appear in the description of some
//     imported transaction (compared with runs of blanks collapsed). They
//     are chosen where the right description differs from the naive one:
//     the merchant in MEMO behind a card-number NAME, the payee rather than
//     the booking type, the note when the payee is empty.
//
// mapping is set only where a real user must give one: no header row,
// dates that cannot be told apart, or an amount layout no header says.
//
// refuses is set where the file cannot be read right without the user's
// choice (dates with no day above 12 and nothing else telling the order):
// read without a mapping, the file must be refused as needing a mapping
// with an error holding this text; read with the row's mapping, it must
// give the values above.
//
// knownWrong marks a row this package still reads wrong, with why. Such a
// row is reported with t.Log (all its differences) and does not fail; every
// other row must match exactly. When a knownWrong row starts to match, the
// test says so: drop the marker.
type corpusWant struct {
	file        string
	mapping     *CSVMapping
	accounts    int
	rows        int
	first, last string
	cents       int64
	desc        [2]string
	refuses     string
	knownWrong  string
}

var corpusTable = []corpusWant{
	// OFX and QFX.
	{file: "actualbudget/tracking-number.ofx", accounts: 1, rows: 2, first: "2019-01-23", last: "2019-01-23", cents: -3000 - 377,
		desc: [2]string{"CHECK 2002", "STARBUCKS STORE"}},
	{file: "beancount-import/amex.ofx", accounts: 1, rows: 3, first: "2013-11-24", last: "2013-11-26", cents: -14394 - 2805 - 1876,
		desc: [2]string{"PRUNE NEW YORK", "UNION MARKET - HOUSNEW YORK"}},
	{file: "beancount-import/fidelity_treasury.ofx", accounts: 1, rows: 3, first: "2022-11-23", last: "2023-03-21", cents: 111100 - 9532501 + 9600000,
		desc: [2]string{"ELECTRONIC FUNDS TRANSFER RCVD", "REDEMPTION PAYOUT"}},
	{file: "node-ofx-parser/example1.ofx", accounts: 1, rows: 5, first: "2012-01-04", last: "2012-09-28", cents: 1990 - 101 - 10000 - 7199 - 2001,
		desc: [2]string{"Credit Interest Paid", "Debit Transfer: Postage"}},
	{file: "node-ofx-parser/example-xml.qfx", accounts: 1, rows: 1, first: "2016-12-15", last: "2016-12-15", cents: 84,
		desc: [2]string{"Interest Paid", "Interest Paid"}},
	{file: "ofxstatement-french/BPACA_OP_20220717.ofx", accounts: 2, rows: 63, first: "2022-06-22", last: "2022-07-15", cents: -70216,
		desc: [2]string{"AUCHAN SUPER MA30BORDEAUX", "PRLV SEPA AVANSSUR"}},
	{file: "ofxstatement-french/BPACA_OP_20220828.ofx", accounts: 2, rows: 69, first: "2022-08-02", last: "2022-08-26", cents: 4721,
		desc: [2]string{"LABREDE OPTIQUE33LA BREDE", "VIR SAS PAULISSOFT"}},
	{file: "tryton/OFX.txt", accounts: 1, rows: 1, first: "2018-02-21", last: "2018-02-21", cents: 10000,
		desc: [2]string{"MICHAEL SCOTT PAPER COMPANY", "MICHAEL SCOTT PAPER COMPANY"}},

	// QIF.
	// The QIF files' "Opening Balance" records (5,762.36 and 4,706.57) are
	// balances, not rows.
	{file: "gnucash-examples/Money95bank_fr.qif", accounts: 1, rows: 142, first: "1995-01-01", last: "1995-12-31", cents: 882240 - 576236,
		desc: [2]string{"Canal Satellite", "France Télécom"}},
	{file: "gnucash-examples/abc.qif", accounts: 1, rows: 7, first: "1997-06-17", last: "1997-11-12", cents: 171100,
		desc: [2]string{"from my pillow case", "move a pile of money to trading acct"}},
	{file: "gnucash-examples/ms-money.qif", accounts: 1, rows: 346, first: "1995-12-03", last: "1997-12-12", cents: 200193 - 470657,
		desc: [2]string{"Landlord", "Pacific Bell"}},
	// A bank section and an investment section (a second account) whose
	// one Buy takes $100.00 of cash.
	// Its "Opening Balance" record (0.00) is a balance, not a row.
	{file: "quiffen/test.qif", accounts: 2, rows: 6, first: "2020-02-10", last: "2020-02-14", cents: -3550 - 10000,
		desc: [2]string{"T-Mobile", "US Post Office"}},

	// CSV, Europe.
	{file: "be-fintro/sample.csv", accounts: 1, rows: 4, first: "2017-02-24", last: "2017-02-27", cents: -19113 - 5250 - 1248 - 797,
		desc: [2]string{"MET KAART 5555 04XX XXXX X100 2 MODEMAKERS", "ZIEKENHUIS BE848575674748BIC KREDBEBB"}},
	{file: "ofxstatement/dab.csv", accounts: 1, rows: 7, first: "2013-09-17", last: "2013-10-01", cents: -5000 - 800 - 2022 + 999999 + 16809 + 1404 - 5000,
		desc: [2]string{"REWE SAGT DANKE. 12300000", "Ausschüttung DE000000000"}},
	// Windows-1257, Lithuanian, dates written 2012:03:01. The header names
	// Address, City and Country but the rows carry them in one quoted field,
	// so the header is two columns off: the user gives the columns by position.
	{file: "ofxstatement/danske.csv",
		mapping:  &CSVMapping{HasHeader: true, Date: "0", DateFormat: "YYYY:MM:DD", Description: "4", Amount: "8", Currency: "USD"},
		accounts: 1, rows: 4, first: "2012-03-01", last: "2012-03-07", cents: -780 + 88981 - 46 - 88155,
		desc: [2]string{"ACME LLC", "Paslaugų ir komisinių pajamos"}},
	// No header; two cards in one file (the mapping names the card column);
	// one row is a points credit with no amount.
	{file: "ofxstatement/lbbamazon.csv",
		mapping:  &CSVMapping{Delimiter: ";", Account: "0", Date: "1", DateFormat: "DD.MM.YYYY", Description: "3", Amount: "6", DecimalComma: true, Currency: "EUR"},
		accounts: 2, rows: 6, first: "2012-12-28", last: "2013-01-25", cents: -17 - 1500 + 75 + 67 - 3000 - 149,
		desc: [2]string{"HANDYTANKSTELLE", "AMAZON.ES COMPRA / amazon.es/ay"}},
	{file: "ofxstatement-ee-seb/sample-statement.csv", accounts: 1, rows: 59, first: "2022-07-04", last: "2022-08-01", cents: 99565,
		desc: [2]string{"Elisa Eesti AS", "TWILIO ESTONIA OU"}},
	// The same bank record (archive id 2022112401247914) four times over.
	{file: "ofxstatement-ee-swedbank/sample-statement.csv",
		mapping:  &CSVMapping{Delimiter: ";", Date: "2", DateFormat: "DD.MM.YYYY", Description: "3+4", Amount: "5", Direction: "7", DecimalComma: true, CurrencyColumn: "6", ID: "8"},
		accounts: 1, rows: 1, first: "2022-11-24", last: "2022-11-24", cents: -750,
		desc: [2]string{"WallMAAART", "'919191******69696 22.11.22 WallMAAART"}},
	// Turnover ("Apyvarta") and balance ("Likutis") rows; D/K direction; a salary credit.
	{file: "ofxstatement-lithuanian/swedbank.csv", accounts: 1, rows: 5, first: "2012-01-02", last: "2012-02-29", cents: -1434 - 21500 - 1220 + 160000 - 30000,
		desc: [2]string{"McDonald's restoranas AKR Vilnius", "GRYNIEJI 0000000000000000 29.02.12"}},
	{file: "ofxstatement-russian/sberbank.csv", accounts: 1, rows: 11, first: "2019-04-01", last: "2019-10-31", cents: 733883,
		desc: [2]string{"SBOL перевод 4276****1234 И. ИВАН ИВАНОВИЧ", "Прочие выплаты"}},
	// Windows-1251; a preamble and a balance table before the header; one pending row.
	{file: "ofxstatement-russian/vtb.csv", accounts: 1, rows: 4, first: "2019-07-05", last: "2019-07-13", cents: -33615 - 28348 - 30000 - 60000,
		desc: [2]string{"Карта *1234 payee1", "Карта *1234 MEGAFON TOPUP 1234"}},
	// Windows-1252; the own-account column ("Auftragskonto") holds two accounts; one row is pending.
	{file: "sparkasse-freiburg/simple1.csv", accounts: 2, rows: 2, first: "2018-03-28", last: "2018-03-28", cents: -123456 + 12300,
		desc: [2]string{"ASDF Immobilien GmbH", "Geschenk Hans Meyer abzügl. Schulden"}},
	// Spanish CSB43 export: statement totals in every row; the amount is "amount".
	{file: "hledger/csb43.csv", accounts: 1, rows: 2, first: "2019-11-02", last: "2019-11-10", cents: 150000 - 50000,
		desc: [2]string{"MY_INCOME_LINE", "MY_EXPENSE_LINE"}},
	{file: "lloyds/sample-statement.csv", accounts: 1, rows: 6, first: "2023-12-01", last: "2024-01-15", cents: -899 - 479 - 597512 + 200000 - 597 - 412,
		desc: [2]string{"Ebay*xxxx CD xxxx 14JAN24", "HHHHH LTD RP010110001110 207348 10 01DEC23 16:05"}},
	// Card statement: amounts without a sign are purchases; "CR" marks the one credit.
	{file: "jl-partnership/sample-statement.csv", accounts: 1, rows: 8, first: "2020-03-28", last: "2020-04-22", cents: 123456 - 9999 - 99 - 5959 - 8558 - 625 - 1717 - 8899,
		desc: [2]string{"Amazon.co.uk*3N8FF0AA5 AMAZON.CO.UK LUX", "DIRECT DEBIT TRANSACTION"}},
	// Wise writes DD-MM-YYYY and every day here is 12 or less: the user says so.
	{file: "wise/sample-statement-brl.csv",
		mapping:  &CSVMapping{HasHeader: true, Date: "Date", DateFormat: "DD-MM-YYYY", Description: "Description", Amount: "Amount", CurrencyColumn: "Currency"},
		accounts: 1, rows: 7, first: "2025-08-01", last: "2025-08-05", cents: 0,
		desc: [2]string{"Sent money to JOHN DOE CONSULTING SERVICES", "Cashback"}},
	{file: "wise/sample-statement-gbp.csv",
		mapping:  &CSVMapping{HasHeader: true, Date: "Date", DateFormat: "DD-MM-YYYY", Description: "Description", Amount: "Amount", CurrencyColumn: "Currency"},
		accounts: 1, rows: 9, first: "2025-08-01", last: "2025-08-05", cents: 26184,
		desc: [2]string{"Card transaction of USD issued by Software Service", "Received money from ACME CORPORATION with reference 2025-07 SALARY"}},

	// CSV, elsewhere.
	{file: "actualbudget/data-payee-memo.csv", accounts: 1, rows: 4, first: "2019-01-23", last: "2019-01-23", cents: -10000,
		desc: [2]string{"Payee Name", "Note Only Text"}},
	// Amounts like "0.80Dr" and "15.00Cr" under a shifted header (DR Congo, USD).
	{file: "cd-tmb/sample.csv",
		mapping:  &CSVMapping{HasHeader: true, Date: "Transaction Date", DateFormat: "02 Jan 2006", Description: "Description", Amount: "CREDIT", Currency: "USD"},
		accounts: 1, rows: 4, first: "2020-01-31", last: "2020-02-02", cents: -80 - 500 + 1500 + 2500,
		desc: [2]string{"TVA COLLECTEE", "FRAIS DE TENUE DE COMPTE"}},
	// PayPal: the Net column is what moves the balance; "Bank Deposit" rows are pending and have no name.
	{file: "hledger/paypal-custom.csv", accounts: 1, rows: 7, first: "2019-10-01", last: "2019-10-22", cents: -699 + 699 - 700 + 700 - 200 + 200 + 941,
		desc: [2]string{"Calm Radio", "Bank Deposit to PP Account"}},
	// Two pending rows have "Pending" instead of a date: left out.
	{file: "woolworthsmoney/woolworthsmoney.csv", accounts: 1, rows: 4, first: "2001-01-01", last: "2015-10-19", cents: -1099 - 5473 + 314 - 1230,
		desc: [2]string{"Edmund Barton", "Crocodile Dundee"}},

	// Brokerage and retirement-account CSVs.
	{file: "fidelity/History_for_Account_TEST2139.csv", accounts: 1, rows: 15, first: "2025-11-07", last: "2026-01-28", cents: -4520899,
		desc: [2]string{"YOU BOUGHT PROSPECTUS UNDER SEPARATE COVER FIDELITY 500 INDEX FUND (FXAIX)", "DIVIDEND RECEIVED FIDELITY GOVERNMENT CASH RESERVES (FDRXX)"}},
	{file: "fidelity/History_for_Account_2TB000009.csv", accounts: 1, rows: 8, first: "2025-06-30", last: "2025-07-07", cents: 0,
		desc: [2]string{"YOU SOLD EXCHANGE TO FXNAX FIDELITY 500 INDEX FUND (FXAIX)", "DIVIDEND RECEIVED FIDELITY U.S. BOND INDEX FUND (FXNAX)"}},
	// Five accounts; the merger row is Type "Shares" (no cash) and is not a row.
	{file: "reds-importers/fidelity_csv_all_accounts_transactions_20251204.csv", accounts: 5, rows: 20, first: "2025-09-18", last: "2025-12-04", cents: -540745,
		desc: [2]string{"DIRECT DEPOSIT XXXX ACH DEPOSIT", "Check Paid # 9999"}},
	// Four accounts, core-account sweeps listed as they are, two rows of 0.00.
	{file: "reds-importers/Combined-Accounts_History.csv", accounts: 4, rows: 17, first: "2022-05-24", last: "2022-06-02", cents: 534800,
		desc: [2]string{"Check Paid # 0000", "DIRECT DEBIT APPLECARD GSBAPAYMENT"}},
	// Both dates could be month/day or day/month and nothing else in the
	// file says which: the reader asks; the user's date format alone (a
	// mapping naming no column) answers.
	{file: "reds-importers/History_for_Account_222222222.csv",
		refuses:  `the dates in column "Run Date" could be month/day or day/month`,
		mapping:  &CSVMapping{DateFormat: "MM/DD/YYYY"},
		accounts: 1, rows: 2, first: "2021-12-01", last: "2021-12-05", cents: -44444 + 88800,
		desc: [2]string{"NORMAL DISTR PARTIAL DEBIT Athena HealthPURCHASE", "PARTIC CONTR CURRENT VS X11-111111-1 CUR YR PARTICPNT CON"}},
	{file: "reds-importers/History_for_Account_X8YYYYYYY.csv", accounts: 1, rows: 11, first: "2023-01-05", last: "2023-01-27", cents: -767175,
		desc: [2]string{"DIRECT DEBIT TREASURY DIRECTREAS DRCT", "DIRECT DEPOSIT HOOGLE INC. PAYROLL"}},
	{file: "reds-importers/History_for_Account_X11111111.csv", accounts: 1, rows: 16, first: "2021-01-05", last: "2021-12-01", cents: -1060777,
		desc: [2]string{"Check Paid # 1000", "DEBIT CARD PURCHASE POS1111 USPS PO 90210 BEVERLY CA"}},
	{file: "reds-importers/schwab_XXX234_Checking_Transactions_20220203.csv", accounts: 1, rows: 2, first: "2022-02-03", last: "2022-07-31", cents: 100 - 200,
		desc: [2]string{"Interest Paid", "Electronic Withdrawal"}},
	// A "Transactions Total" line at the end; a date "04/17/2023 as of 04/15/2023".
	{file: "reds-importers/schwab_csv_brokerage_Transactions_123.csv", accounts: 1, rows: 11, first: "2022-12-15", last: "2023-04-27", cents: -157404,
		desc: [2]string{"TRANSFER FUNDS FROM SCHWAB BANK - XXX", "Tfr JPMORGAN CHASE BAN, NOT AVAILABLE"}},
	{file: "reds-importers/tdameritrade-transactions.csv", accounts: 1, rows: 15, first: "2021-06-10", last: "2021-12-23", cents: 4763,
		desc: [2]string{"CLIENT REQUESTED ELECTRONIC FUNDING RECEIPT (FUNDS NOW)", "ADR FEE (BP)"}},
	// A holdings table first, then the transactions under their own header.
	{file: "reds-importers/vanguard_529_ofxdownload_09102023.csv", accounts: 1, rows: 8, first: "2023-01-03", last: "2023-06-30", cents: 7*25000 + 20000,
		desc: [2]string{"Contribution AIP", "Contribution EBT"}},
}

// corpusGot is what Read made of a file.
type corpusGot struct {
	accounts, rows int
	first, last    string
	cents          int64
	descs          []string
}

func readCorpusFile(t *testing.T, w corpusWant) (corpusGot, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(w.file)))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{}
	if w.mapping != nil {
		opts = Options{Format: FormatCSV, CSV: w.mapping}
	}
	res, err := Read(data, opts)
	if err != nil {
		return corpusGot{}, err
	}
	got := corpusGot{accounts: res.Accounts, rows: len(res.Transactions)}
	var dates []string
	for _, tx := range res.Transactions {
		got.cents += tx.AmountCents
		dates = append(dates, tx.PostedAt.UTC().Format("2006-01-02"))
		got.descs = append(got.descs, collapseBlanks(tx.Descriptor))
	}
	sort.Strings(dates)
	if len(dates) > 0 {
		got.first, got.last = dates[0], dates[len(dates)-1]
	}
	return got, nil
}

// corpusRefusal checks a row with refuses: read without a mapping, the
// file must be refused as needing one, saying why.
func corpusRefusal(t *testing.T, w corpusWant) []string {
	t.Helper()
	if w.refuses == "" {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(w.file)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read(data, Options{})
	switch {
	case err == nil:
		return []string{"read without a mapping, it was not refused"}
	case CodeOf(err) != CodeNeedsMapping || !strings.Contains(err.Error(), w.refuses):
		return []string{fmt.Sprintf("read without a mapping: refused with %s %q, want %s with %q", CodeOf(err), err, CodeNeedsMapping, w.refuses)}
	}
	return nil
}

func collapseBlanks(s string) string { return strings.Join(strings.Fields(s), " ") }

// corpusDiffs lists how got differs from w.
func corpusDiffs(w corpusWant, got corpusGot) []string {
	var d []string
	check := func(ok bool, format string, args ...any) {
		if !ok {
			d = append(d, fmt.Sprintf(format, args...))
		}
	}
	check(got.accounts == w.accounts, "accounts %d, want %d", got.accounts, w.accounts)
	check(got.rows == w.rows, "rows %d, want %d", got.rows, w.rows)
	check(got.first == w.first && got.last == w.last, "dates %s..%s, want %s..%s", got.first, got.last, w.first, w.last)
	check(got.cents == w.cents, "sum %d cents, want %d", got.cents, w.cents)
	for _, want := range w.desc {
		want = collapseBlanks(want)
		found := false
		for _, g := range got.descs {
			if strings.Contains(g, want) {
				found = true
				break
			}
		}
		check(found, "no description contains %q (first: %q)", want, firstN(got.descs, 3))
	}
	return d
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func TestCorpus(t *testing.T) {
	open := 0
	for _, w := range corpusTable {
		t.Run(w.file, func(t *testing.T) {
			diffs := corpusRefusal(t, w)
			got, err := readCorpusFile(t, w)
			if err != nil {
				diffs = append(diffs, "refused: "+err.Error())
			} else {
				diffs = append(diffs, corpusDiffs(w, got)...)
			}
			switch {
			case w.knownWrong == "" && len(diffs) > 0:
				for _, d := range diffs {
					t.Errorf("%s: %s", w.file, d)
				}
			case w.knownWrong != "" && len(diffs) > 0:
				open++
				t.Logf("OPEN %s (known wrong: %s): %s", w.file, w.knownWrong, strings.Join(diffs, "; "))
			case w.knownWrong != "":
				t.Errorf("%s now reads right: drop its knownWrong marker (%s)", w.file, w.knownWrong)
			}
		})
	}
	t.Logf("%d of %d corpus files are known to be read wrong", open, len(corpusTable))
}

// TestCorpusComplete checks that every file in the corpus has a row in the
// table and a line in the MANIFEST, and that no file is listed twice.
func TestCorpusComplete(t *testing.T) {
	manifest, err := os.ReadFile(filepath.Join(corpusDir, "MANIFEST.md"))
	if err != nil {
		t.Fatal(err)
	}
	inTable := map[string]bool{}
	for _, w := range corpusTable {
		if inTable[w.file] {
			t.Errorf("%s: listed twice", w.file)
		}
		inTable[w.file] = true
	}
	var files []string
	err = filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "MANIFEST.md" {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !inTable[f] {
			t.Errorf("%s: in the corpus but not in corpusTable", f)
		}
		if !bytes.Contains(manifest, []byte("| "+f+" |")) {
			t.Errorf("%s: not in MANIFEST.md", f)
		}
		delete(inTable, f)
	}
	for f := range inTable {
		t.Errorf("%s: in corpusTable but not in the corpus", f)
	}
	if len(files) < 40 {
		t.Errorf("the corpus has %d files, want at least 40", len(files))
	}
}

// TestCorpusNotShared checks that no corpus file is byte-for-byte one of the
// shared test files, when those are here.
func TestCorpusNotShared(t *testing.T) {
	if _, err := os.Stat(sharedTestdata); err != nil {
		t.Skipf("the shared test files are not here (%v)", err)
	}
	shared := map[[32]byte]string{}
	err := filepath.WalkDir(sharedTestdata, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		shared[sha256.Sum256(data)] = path
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range corpusTable {
		data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(w.file)))
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := shared[sha256.Sum256(data)]; ok {
			t.Errorf("%s is the same file as %s", w.file, p)
		}
	}
}
