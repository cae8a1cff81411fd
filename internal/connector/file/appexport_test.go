package file

import (
	"reflect"
	"strings"
	"testing"

	"github.com/centavo/centavo"
)

// Small exports written for these tests, in each app's own shape.
const (
	mintExport = "\"Date\",\"Description\",\"Original Description\",\"Amount\",\"Transaction Type\",\"Category\",\"Account Name\",\"Labels\",\"Notes\"\n" +
		"\"1/02/2024\",\"Whole Foods\",\"WHOLEFDS MKT #10234 AUSTIN TX\",\"84.17\",\"debit\",\"Groceries\",\"Chase Checking\",\"family, weekly\",\"big shop\"\n" +
		"\"1/03/2024\",\"Starbucks\",\"STARBUCKS STORE 05521\",\"5.75\",\"debit\",\"Coffee Shops\",\"Sapphire Card\",\"\",\"\"\n" +
		"\"1/05/2024\",\"Chase Credit Crd\",\"CHASE CREDIT CRD AUTOPAY\",\"1,250.00\",\"debit\",\"Credit Card Payment\",\"Chase Checking\",\"\",\"\"\n" +
		"\"1/06/2024\",\"Payment Thank You\",\"PAYMENT THANK YOU-MOBILE\",\"1,250.00\",\"credit\",\"Credit Card Payment\",\"Sapphire Card\",\"\",\"\"\n" +
		"\"1/15/2024\",\"Acme Corp\",\"ACME CORP PAYROLL PPD\",\"3,100.00\",\"credit\",\"Paycheck\",\"Chase Checking\",\"\",\"\"\n" +
		"\"1/16/2024\",\"Zelle Bob\",\"ZELLE TO BOB SMITH\",\"40.00\",\"debit\",\"Hobby Money\",\"Chase Checking\",\"Tax Related\",\"\"\n" +
		"\"13/40/2024\",\"Bad\",\"BAD DATE\",\"1.00\",\"debit\",\"Groceries\",\"Chase Checking\",\"\",\"\"\n"

	ynabExport = "\uFEFF\"Account\",\"Flag\",\"Date\",\"Payee\",\"Category Group/Category\",\"Category Group\",\"Category\",\"Memo\",\"Outflow\",\"Inflow\",\"Cleared\"\n" +
		"\"Checking\",\"\",\"01/01/2024\",\"Starting Balance\",\"Inflow: Ready to Assign\",\"Inflow\",\"Ready to Assign\",\"\",\"$0.00\",\"$2,500.00\",\"Reconciled\"\n" +
		"\"Checking\",\"Red\",\"01/04/2024\",\"H-E-B\",\"Bills: Groceries\",\"Bills\",\"Groceries\",\"tacos night\",\"$62.40\",\"$0.00\",\"Cleared\"\n" +
		"\"Checking\",\"\",\"01/05/2024\",\"Transfer : Savings\",\"\",\"\",\"\",\"\",\"$200.00\",\"$0.00\",\"Cleared\"\n" +
		"\"Savings\",\"\",\"01/05/2024\",\"Transfer : Checking\",\"\",\"\",\"\",\"\",\"$0.00\",\"$200.00\",\"Cleared\"\n" +
		"\"Checking\",\"\",\"01/15/2024\",\"Acme Corp\",\"Inflow: Ready to Assign\",\"Inflow\",\"Ready to Assign\",\"\",\"$0.00\",\"$3,100.00\",\"Uncleared\"\n" +
		"\"Checking\",\"\",\"01/20/2024\",\"Chewy\",\"Quality of Life: Dog stuff\",\"Quality of Life\",\"Dog stuff\",\"\",\"$35.10\",\"$0.00\",\"Cleared\"\n"

	ynab4Export = "\"Account\",\"Flag\",\"Check Number\",\"Date\",\"Payee\",\"Category\",\"Master Category\",\"Sub Category\",\"Memo\",\"Outflow\",\"Inflow\",\"Cleared\",\"Running Balance\"\n" +
		"\"Visa\",\"\",\"\",\"15/03/2015\",\"Shell\",\"Everyday Expenses:Fuel\",\"Everyday Expenses\",\"Fuel\",\"\",\"€40,00\",\"€0,00\",\"C\",\"-€40,00\"\n" +
		"\"Visa\",\"\",\"\",\"16/03/2015\",\"Pizzeria\",\"Everyday Expenses:Restaurants\",\"Everyday Expenses\",\"Restaurants\",\"with Ana\",\"€23,50\",\"€0,00\",\"C\",\"-€63,50\"\n"

	centavoExport = "date,account,merchant,descriptor,amount,currency,category,tags,notes,hidden,transfer_pair_id\n" +
		"2024-02-01,Everyday,Blue Bottle,BLUE BOTTLE COFFEE #12,'-4.50,USD,restaurants,coffee;work,'=not a formula,false,\n" +
		"2024-02-02,Everyday,Acme,ACME PAYROLL,2500.00,USD,income,,,false,\n" +
		"2024-02-03,Tokyo card,Lawson,LAWSON 0042,'-1234,JPY,food,trip,,true,\n" +
		"2024-02-04,Everyday,Mystery,MYSTERY SHOP,'-10.00,USD,my own category,,,false,\n" +
		"2024-02-05,Everyday,Tacos,TACO TRUCK 9,'-8.00,USD,restaurants.12,,,false,\n"
)

func TestReadExports(t *testing.T) {
	t.Parallel()
	type row struct {
		day      string
		cents    int64
		desc     string
		account  string
		category string
		tags     []string
		notes    string
		hidden   bool
		currency string
	}
	for _, tc := range []struct {
		name     string
		doc      string
		mapping  *CSVMapping
		export   Export
		accounts []string
		want     []row
		skipped  []string // reasons, in part
	}{
		{
			name: "Mint: sign from the type, categories mapped, labels and notes", doc: mintExport, export: ExportMint,
			accounts: []string{"Chase Checking", "Sapphire Card"},
			want: []row{
				{"2024-01-02", -8417, "WHOLEFDS MKT #10234 AUSTIN TX", "Chase Checking", centavo.CatFood, []string{"family", "weekly"}, "big shop", false, "USD"},
				{"2024-01-03", -575, "STARBUCKS STORE 05521", "Sapphire Card", centavo.CatRestaurants, nil, "", false, "USD"},
				{"2024-01-05", -125000, "CHASE CREDIT CRD AUTOPAY", "Chase Checking", centavo.CatTransfer, nil, "", false, "USD"},
				{"2024-01-06", 125000, "PAYMENT THANK YOU-MOBILE", "Sapphire Card", centavo.CatTransfer, nil, "", false, "USD"},
				{"2024-01-15", 310000, "ACME CORP PAYROLL PPD", "Chase Checking", centavo.CatIncome, nil, "", false, "USD"},
				{"2024-01-16", -4000, "ZELLE TO BOB SMITH", "Chase Checking", "", []string{"Tax Related"}, "", false, "USD"},
			},
			skipped: []string{"invalid date"},
		},
		{
			name: "nYNAB: outflow and inflow, transfers, the starting balance left out", doc: ynabExport, export: ExportYNAB,
			accounts: []string{"Checking", "Savings"},
			want: []row{
				{"2024-01-04", -6240, "H-E-B", "Checking", centavo.CatFood, nil, "tacos night", false, "USD"},
				{"2024-01-05", -20000, "Transfer : Savings", "Checking", centavo.CatTransfer, nil, "", false, "USD"},
				{"2024-01-05", 20000, "Transfer : Checking", "Savings", centavo.CatTransfer, nil, "", false, "USD"},
				{"2024-01-15", 310000, "Acme Corp", "Checking", centavo.CatIncome, nil, "", false, "USD"},
				{"2024-01-20", -3510, "Chewy", "Checking", "", nil, "", false, "USD"},
			},
			skipped: []string{"starting balance"},
		},
		{
			name: "YNAB 4: day-first dates, decimal commas, master and sub category", doc: ynab4Export, export: ExportYNAB,
			accounts: []string{"Visa"},
			want: []row{
				{"2015-03-15", -4000, "Shell", "Visa", centavo.CatGas, nil, "", false, "USD"},
				{"2015-03-16", -2350, "Pizzeria", "Visa", centavo.CatRestaurants, nil, "with Ana", false, "USD"},
			},
		},
		{
			name: "Centavo: formula guards undone, currencies' decimals, own categories left to the categorizer", doc: centavoExport, export: ExportCentavo,
			accounts: []string{"Everyday", "Tokyo card"},
			want: []row{
				{"2024-02-01", -450, "BLUE BOTTLE COFFEE #12", "Everyday", centavo.CatRestaurants, []string{"coffee", "work"}, "=not a formula", false, "USD"},
				{"2024-02-02", 250000, "ACME PAYROLL", "Everyday", centavo.CatIncome, nil, "", false, "USD"},
				{"2024-02-03", -1234, "LAWSON 0042", "Tokyo card", centavo.CatFood, []string{"trip"}, "", true, "JPY"},
				{"2024-02-04", -1000, "MYSTERY SHOP", "Everyday", "", nil, "", false, "USD"},
				{"2024-02-05", -800, "TACO TRUCK 9", "Everyday", "restaurants.12", nil, "", false, "USD"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := readOK(t, tc.doc, Options{CSV: tc.mapping})
			if res.Format != FormatCSV || res.Export != tc.export {
				t.Fatalf("format %q, export %q", res.Format, res.Export)
			}
			var accounts []string
			for _, a := range res.AccountsFound {
				accounts = append(accounts, a.Key)
				if a.Name != a.Key {
					t.Errorf("account %q named %q", a.Key, a.Name)
				}
			}
			if !reflect.DeepEqual(accounts, tc.accounts) {
				t.Errorf("accounts %q, want %q", accounts, tc.accounts)
			}
			if len(res.Transactions) != len(tc.want) {
				t.Fatalf("%d transactions, want %d: %+v (skipped %+v)", len(res.Transactions), len(tc.want), res.Transactions, res.Skipped)
			}
			for i, w := range tc.want {
				g := res.Transactions[i]
				got := row{g.PostedAt.Format("2006-01-02"), g.AmountCents, g.Descriptor, g.FileAccount, g.Category, g.Tags, g.Notes, g.Hidden, g.Currency}
				if !reflect.DeepEqual(got, w) {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, got, w)
				}
				if g.Raw == "" {
					t.Errorf("row %d has no raw text", i)
				}
			}
			if len(res.Skipped) != len(tc.skipped) {
				t.Fatalf("skipped %+v, want %q", res.Skipped, tc.skipped)
			}
			for i, s := range tc.skipped {
				if !strings.Contains(res.Skipped[i].Reason, s) {
					t.Errorf("skipped %d: %q, want %q", i, res.Skipped[i].Reason, s)
				}
			}
		})
	}
}

func TestReadExportRefusals(t *testing.T) {
	t.Parallel()
	ambiguous := "Account,Flag,Date,Payee,Category,Memo,Outflow,Inflow,Cleared\nChecking,,01/02/2024,X,Groceries,,$1.00,,Cleared\n"
	_, err := Read([]byte(ambiguous), Options{})
	if CodeOf(err) != CodeNeedsMapping || !strings.Contains(err.Error(), "date_format") {
		t.Fatalf("ambiguous YNAB dates: %v", err)
	}
	res := readOK(t, ambiguous, Options{CSV: &CSVMapping{DateFormat: "DD/MM/YYYY"}})
	if got := res.Transactions[0].PostedAt.Format("2006-01-02"); got != "2024-02-01" || res.Export != ExportYNAB {
		t.Fatalf("with a date format: %s (%q)", got, res.Export)
	}
	// A mapping that names columns reads the file as any CSV.
	res = readOK(t, mintExport, Options{CSV: &CSVMapping{HasHeader: true, Date: "Date", Description: "Original Description", Amount: "Amount", Direction: "Transaction Type", DateFormat: "MM/DD/YYYY"}})
	if res.Export != "" || res.Transactions[0].Category != "" {
		t.Fatalf("mapped Mint file read as an export: %q %+v", res.Export, res.Transactions[0])
	}
	for doc, why := range map[string]string{
		"date,account,merchant,descriptor,amount,currency,category,tags,notes,hidden\n2024-01-01,A,m,d,1.234,USD,food,,,false\n": "at most 2 decimals",
		"date,account,merchant,descriptor,amount,currency,category,tags,notes,hidden\n2024-01-01,A,m,d,1.23,USD,food,,,maybe\n":  "neither true nor false",
	} {
		res, err := Read([]byte(doc), Options{})
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %+v, %v; want the row skipped (%s) and the file refused", doc, res.Transactions, err, why)
		}
	}
}

func TestAppCategory(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Groceries": centavo.CatFood, "Fast Food": centavo.CatRestaurants, "  coffee   SHOPS ": centavo.CatRestaurants,
		"Gas & Fuel": centavo.CatGas, "Credit Card Payment": centavo.CatTransfer, "Transfer": centavo.CatTransfer,
		"Paycheck": centavo.CatIncome, "Income": centavo.CatIncome, "Mortgage & Rent": centavo.CatHousing,
		"Dining Out": centavo.CatRestaurants, "Rent/Mortgage": centavo.CatHousing, "Inflow: Ready to Assign": centavo.CatIncome,
		"gas & fuel": centavo.CatGas, "personal_care": centavo.CatPersonalCare, "Gifts & donations": centavo.CatGiftsDonations,
		"Cash & ATM": "", "Uncategorized": "", "uncategorized": "", "Hobby Money": "", "": "",
	} {
		if got := appCategory(in); got != want {
			t.Errorf("appCategory(%q) = %q, want %q", in, got, want)
		}
	}
	for name, c := range appCategories {
		if _, ok := centavo.LookupCategory(c); !ok || name != strings.ToLower(name) {
			t.Errorf("appCategories[%q] = %q: not lower case or not a category", name, c)
		}
	}
}

func FuzzReadExport(f *testing.F) {
	for _, doc := range []string{mintExport, ynabExport, ynab4Export, centavoExport} {
		f.Add([]byte(doc))
	}
	f.Add([]byte("Account,Date,Payee,Outflow,Inflow\nA,2024-01-01,Transfer :,$92233720368547758.07,\nB,2024-01-01,transfer:x,,(1)\n"))
	f.Add([]byte("posted_at,account_name,descriptor,amount,category,tags\n2024-01-01," + longText + ",'@x,'-999999999999.99,transfer,;;;a;A;" + longText + "\n"))
	f.Add([]byte("Date,Description,Original Description,Amount,Transaction Type,Category,Account Name,Labels,Notes\n1/2/2024,,,1e9,DEBIT,Groceries,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Options{Format: FormatCSV})
		res, err := Read(data, Options{Format: FormatCSV})
		if err != nil || res.Export == "" {
			return
		}
		for _, tx := range res.Transactions {
			if tx.Category != "" {
				if _, ok := centavo.LookupCategory(tx.Category); !ok && !centavo.IsOwnCategoryID(tx.Category) {
					t.Fatalf("category %q is not one of ours", tx.Category)
				}
			}
			if len(tx.Tags) > maxTags || len([]rune(tx.Notes)) > maxNotes || len(tx.FileAccount) > 64 {
				t.Fatalf("row out of bounds: %d tags, notes of %d runes, account of %d bytes", len(tx.Tags), len([]rune(tx.Notes)), len(tx.FileAccount))
			}
		}
	})
}

// TestUnguard: a text cell of Centavo's export comes back exactly, whether
// the export quoted it against formulas or because it began with a quote.
func TestUnguard(t *testing.T) {
	for cell, want := range map[string]string{
		"'=SUM(A1)": "=SUM(A1)", "'-fee": "-fee", "''quoted": "'quoted", "''=x": "'=x", "plain": "plain", "'": "'", "": "",
	} {
		if got := unguard(cell); got != want {
			t.Errorf("unguard(%q) = %q, want %q", cell, got, want)
		}
	}
}
