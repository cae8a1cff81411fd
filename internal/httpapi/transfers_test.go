package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/centavo/centavo"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// verifyClean runs centavo verify's check on the fixture's database.
func verifyClean(t *testing.T, f *fixture, when string) {
	t.Helper()
	rep, err := f.app.Shards[0].Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("verify after %s: %+v", when, rep)
	}
}

func newNamedFileAccount(c *client, name string) int64 {
	c.T().Helper()
	var out accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": name, "currency": "USD"}, 201, &out)
	return out.Accounts[0].ID
}

// bySeller finds the one transaction with the seller (and amount).
func bySeller(t *testing.T, txns []txnOut, seller string, cents int64) txnOut {
	t.Helper()
	var found []txnOut
	for _, tx := range txns {
		if tx.Seller == seller && tx.AmountCents == cents {
			found = append(found, tx)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d transactions %q %d among %+v", len(found), seller, cents, txns)
	}
	return found[0]
}

func pairOf(tx txnOut) (int64, int64) {
	var pair, with int64
	if tx.TransferPairID != nil {
		pair = *tx.TransferPairID
	}
	if tx.TransferWith != nil {
		with = *tx.TransferWith
	}
	return pair, with
}

// wantPair checks that a and b are the two sides of one transfer.
func wantPair(t *testing.T, a, b txnOut) {
	t.Helper()
	pa, wa := pairOf(a)
	pb, wb := pairOf(b)
	if pa != min(a.ID, b.ID) || pb != pa || wa != b.ID || wb != a.ID ||
		a.Category != centavo.CatTransfer || b.Category != centavo.CatTransfer {
		t.Fatalf("not a pair:\n%+v\n%+v", a, b)
	}
}

// TestTransfersAcrossFiles (issue 17, item 4): a checking account's OFX
// and a card's CSV both list the card payment → the two are paired and
// spending counts it once, as nothing; a savings file's deposit with two
// equal withdrawals in checking pairs with the nearest by date; a
// re-import changes nothing; filing a side by hand undoes the pair for
// good; pairing by hand works and refuses what cannot be a transfer;
// verify is clean after each step.
func TestTransfersAcrossFiles(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "transfers@example.com")
	checking, card, savings := newNamedFileAccount(c, "Checking"), newNamedFileAccount(c, "Card"), newNamedFileAccount(c, "Savings")

	mustImportFile(c, checking, "checking.ofx", readTestdata(t, "transfers/checking.ofx"))
	var before spendingOut
	c.Do("GET", "/api/v1/spending?month=2019-03", nil, 200, &before)
	mustImportFile(c, card, "card.csv", readTestdata(t, "transfers/card.csv"))
	mustImportFile(c, savings, "savings.csv", readTestdata(t, "transfers/savings.csv"))
	verifyClean(t, f, "the imports")

	txns := c.AllTransactions("&month=2019-03")
	autopay := bySeller(t, txns, "CHASE CREDIT CRD AUTOPAY", -125000)
	payment := bySeller(t, txns, "AUTOMATIC PAYMENT - THANK YOU", 125000)
	wantPair(t, autopay, payment)
	if autopay.CategorySource != centavo.SourceTransfer || payment.AccountID != card {
		t.Fatalf("card payment: %+v", payment)
	}
	// Ambiguous: two withdrawals of 200.00 (Mar 1 and Mar 5), one deposit
	// on Mar 6: the nearest date pairs.
	deposit := bySeller(t, txns, "ONLINE TRANSFER FROM CHK 6789", 20000)
	var early, late txnOut
	for _, tx := range txns {
		if tx.Seller == "ONLINE TRANSFER TO SAV 4411" && tx.PostedAt.Day() == 1 {
			early = tx
		}
		if tx.Seller == "ONLINE TRANSFER TO SAV 4411" && tx.PostedAt.Day() == 5 {
			late = tx
		}
	}
	wantPair(t, late, deposit)
	if early.TransferPairID != nil {
		t.Fatalf("the earlier withdrawal is paired too: %+v", early)
	}

	// Spending counts the card payment once, as nothing: the purchases,
	// and the unpaired withdrawal if its category is spending.
	var sp spendingOut
	c.Do("GET", "/api/v1/spending?month=2019-03", nil, 200, &sp)
	want := int64(8417 + 4500 + 575 + 3820)
	if centavo.CountsAsSpending(early.Category) {
		want += 20000
	}
	if sp.TotalSpentCents != want || sp.SpentIn(centavo.CatTransfer) != 0 {
		t.Fatalf("spending %+v, want %d in all (before the card: %+v)", sp, want, before)
	}
	one := c.AllTransactions(fmt.Sprintf("&account_id=%d", card))
	if got := bySeller(t, one, "AUTOMATIC PAYMENT - THANK YOU", 125000); got.TransferWith == nil || *got.TransferWith != autopay.ID {
		t.Fatalf("a page of the card alone: %+v", got)
	}
	var single txnOut
	c.Do("GET", fmt.Sprintf("/api/v1/transactions/%d", autopay.ID), nil, 200, &single)
	wantPair(t, single, payment)

	// Importing the files again changes nothing.
	for _, imp := range []struct {
		acct       int64
		name, file string
	}{{checking, "checking.ofx", "transfers/checking.ofx"}, {card, "card.csv", "transfers/card.csv"}, {savings, "savings.csv", "transfers/savings.csv"}} {
		if res := mustImportFile(c, imp.acct, imp.name, readTestdata(t, imp.file)); res.Added != 0 {
			t.Fatalf("re-import of %s added %d", imp.name, res.Added)
		}
	}
	was, _ := json.Marshal(txns)
	if now, _ := json.Marshal(c.AllTransactions("&month=2019-03")); string(now) != string(was) {
		t.Fatalf("re-import changed the transactions:\n%s\n%s", now, was)
	}

	// Undo by filing a side by hand: the other side stays a transfer,
	// unpaired, and no import pairs either again.
	var edited txnOut
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", payment.ID), map[string]any{"category": centavo.CatShopping}, 200, &edited)
	if edited.TransferPairID != nil || edited.CategorySource != centavo.SourceUser || edited.Category != centavo.CatShopping {
		t.Fatalf("edited side: %+v", edited)
	}
	var other txnOut
	c.Do("GET", fmt.Sprintf("/api/v1/transactions/%d", autopay.ID), nil, 200, &other)
	if other.TransferPairID != nil || other.TransferWith != nil || other.Category != centavo.CatTransfer || other.CategorySource != centavo.SourceUnpaired {
		t.Fatalf("other side: %+v", other)
	}
	verifyClean(t, f, "unpairing")
	mustImportFile(c, card, "card.csv", readTestdata(t, "transfers/card.csv"))
	c.Do("GET", fmt.Sprintf("/api/v1/transactions/%d", autopay.ID), nil, 200, &other)
	if other.TransferPairID != nil {
		t.Fatalf("paired again after being undone: %+v", other)
	}

	// Pair by hand, and what cannot be paired.
	var paired struct {
		Transactions []txnOut `json:"transactions"`
	}
	c.Do("POST", fmt.Sprintf("/api/v1/transactions/%d/pair", autopay.ID), map[string]any{"with": payment.ID}, 200, &paired)
	wantPair(t, paired.Transactions[0], paired.Transactions[1])
	if paired.Transactions[0].ID != autopay.ID {
		t.Fatalf("answer order: %+v", paired.Transactions)
	}
	gas := bySeller(t, txns, "SHELL OIL 57442", -4500)
	payroll := bySeller(t, txns, "ACME CORP PAYROLL", 310000)
	groceries := bySeller(t, txns, "WHOLEFDS MKT 10234", -8417)
	stranger := signUp(t, newClient(t, f.base), "stranger@example.com")
	theirs := newNamedFileAccount(stranger, "Theirs")
	mustImportFile(stranger, theirs, "savings.csv", readTestdata(t, "transfers/savings.csv"))
	strangers := stranger.AllTransactions("&month=2019-03")
	for _, tc := range []struct {
		id, with int64
		want     int
		says     string
	}{
		{early.ID, groceries.ID, 422, "same account"},
		{gas.ID, early.ID, 422, "one amount must be negative"},
		{early.ID, deposit.ID, 422, "already paired"},
		{early.ID, strangers[0].ID, 422, "no transaction"},
		{early.ID, early.ID, 422, "itself"},
		{strangers[0].ID, payroll.ID, 404, ""},
	} {
		body := c.Do("POST", fmt.Sprintf("/api/v1/transactions/%d/pair", tc.id), map[string]any{"with": tc.with}, tc.want, nil)
		if !strings.Contains(string(body), tc.says) {
			t.Errorf("pair %d with %d: %s, want %q", tc.id, tc.with, body, tc.says)
		}
	}
	verifyClean(t, f, "pairing by hand")
	c.Do("GET", "/api/v1/spending?month=2019-03", nil, 200, &sp)
	if sp.TotalSpentCents != want || sp.SpentIn(centavo.CatShopping) != 0 {
		t.Fatalf("spending after pairing by hand: %+v, want %d", sp, want)
	}

	// A side of a transfer is not split; an edit with a category (and
	// notes) undoes the pair as a category alone does.
	c.Do("PUT", fmt.Sprintf("/api/v1/transactions/%d/splits", autopay.ID), map[string]any{"splits": []map[string]any{
		{"amount_cents": -100000, "category": centavo.CatShopping}, {"amount_cents": -25000, "category": centavo.CatFood}}}, 422, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", autopay.ID), map[string]any{"category": centavo.CatHousing, "notes": "rent, not the card"}, 200, &edited)
	c.Do("GET", fmt.Sprintf("/api/v1/transactions/%d", payment.ID), nil, 200, &other)
	if edited.TransferPairID != nil || edited.Category != centavo.CatHousing || other.TransferPairID != nil || other.CategorySource != centavo.SourceUnpaired {
		t.Fatalf("after an edit of a side:\n%+v\n%+v", edited, other)
	}
	verifyClean(t, f, "an edit of a side")
}

// TestImportMintExport (issue 17, item 7): a Mint export imported into a
// file account makes one account per Account Name, keeps Mint's
// categories (mapped to ours, source "import"), labels as tags and notes;
// its card payment, in both accounts, is paired; importing it again adds
// nothing and makes no account; verify is clean.
func TestImportMintExport(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "mint@example.com")
	into := newNamedFileAccount(c, "Mint")
	mint := readTestdata(t, "exports/mint.csv")

	status, body := c.ImportFile(into, "transactions.csv", mint, map[string]string{"dry_run": "true"})
	if status != 200 || !strings.Contains(string(body), `"action":"new"`) {
		t.Fatalf("dry run: %d %s", status, body)
	}
	res := mustImportFile(c, into, "transactions.csv", mint)
	if res.Added != 7 {
		t.Fatalf("import: %+v", res)
	}
	verifyClean(t, f, "the Mint import")
	ids := map[string]int64{}
	for _, a := range c.Accounts() {
		ids[a.Name] = a.ID
	}
	if len(ids) != 3 || ids["Chase Checking"] == 0 || ids["Sapphire Card"] == 0 {
		t.Fatalf("accounts %v", ids)
	}
	txns := c.AllTransactions("&month=2019-03")
	type row struct {
		Account  string
		Category string
		Source   string
		Tags     string
		Notes    string
	}
	names := map[int64]string{}
	for n, id := range ids {
		names[id] = n
	}
	got := map[string]row{}
	for _, tx := range txns {
		got[tx.Seller] = row{names[tx.AccountID], tx.Category, tx.CategorySource, strings.Join(tx.Tags, "|"), tx.Notes}
	}
	for seller, w := range map[string]row{
		"WHOLEFDS MKT #10234 AUSTIN TX": {"Chase Checking", centavo.CatFood, centavo.SourceImport, "family|weekly", "big shop"},
		"STARBUCKS STORE 05521":         {"Sapphire Card", centavo.CatRestaurants, centavo.SourceImport, "", "with Ana"},
		"SHELL OIL 57442":               {"Sapphire Card", centavo.CatGas, centavo.SourceImport, "Road trip", ""},
		"ACME CORP PAYROLL PPD":         {"Chase Checking", centavo.CatIncome, centavo.SourceImport, "", ""},
		"BLUE BOTTLE COFFEE 12":         {"Sapphire Card", centavo.CatShopping, centavo.SourceImport, "", ""},
		"CHASE CREDIT CRD AUTOPAY":      {"Chase Checking", centavo.CatTransfer, centavo.SourceTransfer, "", ""},
		"PAYMENT THANK YOU-MOBILE":      {"Sapphire Card", centavo.CatTransfer, centavo.SourceTransfer, "", ""},
	} {
		if got[seller] != w {
			t.Errorf("%s: %+v, want %+v", seller, got[seller], w)
		}
	}
	wantPair(t, bySeller(t, txns, "CHASE CREDIT CRD AUTOPAY", -125000), bySeller(t, txns, "PAYMENT THANK YOU-MOBILE", 125000))
	var sp spendingOut
	c.Do("GET", "/api/v1/spending?month=2019-03", nil, 200, &sp)
	if sp.TotalSpentCents != 8417+575+4500+450 || sp.SpentIn(centavo.CatShopping) != 450 {
		t.Fatalf("spending %+v", sp)
	}

	// Again: the accounts are found by name; nothing is added.
	status, body = c.ImportFile(into, "transactions.csv", mint, nil)
	var again multiAnswer
	if status != 200 || json.Unmarshal(body, &again) != nil || again.Added != 0 {
		t.Fatalf("import again: %d %s", status, body)
	}
	var actions []string
	for _, a := range again.Accounts {
		actions = append(actions, a.Action)
	}
	sort.Strings(actions)
	if fmt.Sprint(actions) != "[account account]" || len(c.Accounts()) != 3 {
		t.Fatalf("import again: %s", body)
	}
	verifyClean(t, f, "importing the Mint export again")
}

// TestImportYNABAndCentavoExports (issue 17, item 7): a YNAB register and
// Centavo's own export import like Mint's: an account per account name,
// categories, memos and tags kept; YNAB's starting balance is skipped and
// its transfer paired; the export's formula guards are taken off, its
// yen read in yen, its hidden row hidden; verify is clean.
func TestImportYNABAndCentavoExports(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "ynab@example.com")
	status, body := c.ImportFile(newNamedFileAccount(c, "YNAB"), "register.csv", readTestdata(t, "exports/ynab.csv"), nil)
	var ans multiAnswer
	if status != 200 || json.Unmarshal(body, &ans) != nil || ans.Added != 5 || !strings.Contains(string(body), "starting balance") {
		t.Fatalf("YNAB import: %d %s", status, body)
	}
	txns := c.AllTransactions("&month=2019-03")
	heb := bySeller(t, txns, "H-E-B", -6240)
	if heb.Category != centavo.CatFood || heb.CategorySource != centavo.SourceImport || heb.Notes != "tacos night" {
		t.Fatalf("H-E-B: %+v", heb)
	}
	out, in := bySeller(t, txns, "Transfer : Savings", -20000), bySeller(t, txns, "Transfer : Checking", 20000)
	wantPair(t, out, in)
	if out.Notes != "rainy day" {
		t.Fatalf("transfer's memo: %+v", out)
	}
	if acme := bySeller(t, txns, "Acme Corp", 310000); acme.Category != centavo.CatIncome {
		t.Fatalf("YNAB inflow: %+v", acme)
	}
	verifyClean(t, f, "the YNAB import")

	d := signUp(t, newClient(t, f.base), "roundtrip@example.com")
	var mine struct {
		ID string `json:"id"`
	}
	d.Do("POST", "/api/v1/categories", map[string]string{"name": "Taco trucks", "parent": centavo.CatRestaurants}, 201, &mine)
	export := readTestdata(t, "exports/centavo.csv") +
		"2019-03-05,Everyday,Tacos,TACO TRUCK 9,'-8.00,USD," + mine.ID + ",,,false,\n" + // the user's own category: kept
		"2019-03-06,Everyday,Grocer,CORNER GROCER 7,'-3.00,USD,food.999999,,,false,\n" // one they do not have: its parent
	mustImportFile(d, newNamedFileAccount(d, "Import"), "export.csv", export)
	names := map[int64]string{}
	for _, a := range d.Accounts() {
		names[a.ID] = a.Name
	}
	got := map[string]string{}
	for _, tx := range d.AllTransactions("&month=2019-03") {
		got[tx.Seller] = fmt.Sprintf("%s %d %s %s/%s %s %q %v", names[tx.AccountID], tx.AmountCents, tx.Currency, tx.Category, tx.CategorySource,
			strings.Join(tx.Tags, ";"), tx.Notes, tx.Hidden)
	}
	for seller, want := range map[string]string{
		"BLUE BOTTLE COFFEE #12": `Everyday -450 USD restaurants/import coffee;work "=not a formula" false`,
		"ACME CORP PAYROLL":      `Everyday 250000 USD income/import  "" false`,
		"MYSTERY SHOP 42":        `Everyday -1000 USD gifts_donations/import  "for Ana" true`,
		"LAWSON 0042":            `Tokyo card -1234 JPY food/import trip;japan "" false`,
		"TACO TRUCK 9":           `Everyday -800 USD ` + mine.ID + `/import  "" false`,
		"CORNER GROCER 7":        `Everyday -300 USD food/import  "" false`,
	} {
		if got[seller] != want {
			t.Errorf("%s: %s, want %s", seller, got[seller], want)
		}
	}
	var sp spendingOut
	d.Do("GET", "/api/v1/spending?month=2019-03", nil, 200, &sp)
	if sp.SpentIn(centavo.CatGiftsDonations) != 0 || sp.SpentIn(centavo.CatRestaurants) != 450 || sp.SpentIn(mine.ID) != 800 {
		t.Fatalf("spending (the hidden row left out): %+v", sp)
	}
	verifyClean(t, f, "the Centavo export's import")
}
