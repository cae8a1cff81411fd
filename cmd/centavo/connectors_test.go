package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// TestSimpleFINLink links the same sandbox customer twice, once through OFX
// Direct Connect and once through the sandbox's SimpleFIN Bridge (setup
// token → claim → access URL → accounts), and finds the same accounts, the
// same transactions and the same monthly spending both ways.
func TestSimpleFINLink(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	base := newClient(t, a.base)

	viaOFX := signUp(t, base, "ofx@example.com")
	viaOFX.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "SANDBOX", "fid": "9999", "login": "demo-4", "password": "secret-4",
	}, 202, nil)

	viaSFIN := signUp(t, base, "simplefin@example.com")
	token := setupToken(t, a.base, "demo-4", "secret-4")
	var linked accountsOut
	viaSFIN.Do("POST", "/api/v1/accounts", map[string]string{"connector": "simplefin", "setup_token": token}, 202, &linked)
	if len(linked.Accounts) != 1 || linked.Accounts[0].Status != centavo.AccountLinking {
		t.Fatalf("link answered %+v, want one account linking", linked)
	}
	// A setup token works once; a second claim is the user's error, said so.
	status, body := viaSFIN.Raw("POST", "/api/v1/accounts", strings.NewReader(`{"connector":"simplefin","setup_token":"`+token+`"}`), "application/json")
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "already used") {
		t.Fatalf("reusing the setup token answered %d %s, want 422 saying it was already used", status, body)
	}
	status, body = viaSFIN.Raw("POST", "/api/v1/accounts", strings.NewReader(`{"connector":"simplefin","setup_token":"not a token"}`), "application/json")
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("a garbage setup token answered %d %s, want 422", status, body)
	}

	ofxAccts := viaOFX.WaitAccounts("OFX accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	sfinAccts := viaSFIN.WaitAccounts("SimpleFIN accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	for i := range ofxAccts {
		if ofxAccts[i].Type != sfinAccts[i].Type {
			t.Errorf("account %d: type %q through OFX, %q through SimpleFIN", i, ofxAccts[i].Type, sfinAccts[i].Type)
		}
	}

	compare := func() error {
		o, s := viaOFX.AllTransactions(""), viaSFIN.AllTransactions("")
		if len(o) != len(s) {
			return fmt.Errorf("%d transactions through OFX, %d through SimpleFIN", len(o), len(s))
		}
		now := centavo.MonthOf(testNow(t)())
		for back := range 3 {
			m := now.Add(-back)
			var so, ss spendingOut
			viaOFX.Do("GET", "/api/v1/spending?month="+m.String(), nil, 200, &so)
			viaSFIN.Do("GET", "/api/v1/spending?month="+m.String(), nil, 200, &ss)
			if so.TotalSpentCents == 0 {
				return fmt.Errorf("%s: no spending at all through OFX", m)
			}
			if so.TotalSpentCents != ss.TotalSpentCents || len(so.Categories) != len(ss.Categories) {
				return fmt.Errorf("%s: OFX %d cents in %d categories, SimpleFIN %d cents in %d", m,
					so.TotalSpentCents, len(so.Categories), ss.TotalSpentCents, len(ss.Categories))
			}
			for i := range so.Categories {
				if so.Categories[i] != ss.Categories[i] {
					return fmt.Errorf("%s: OFX %+v, SimpleFIN %+v", m, so.Categories[i], ss.Categories[i])
				}
			}
			t.Logf("%s: %d cents spent both ways", m, so.TotalSpentCents)
		}
		return nil
	}
	if err := compare(); err != nil {
		// The two downloads may straddle a new UTC day at the bank.
		t.Logf("%v; refreshing both and comparing again", err)
		viaOFX.RefreshAll(ofxAccts)
		viaSFIN.RefreshAll(sfinAccts)
		if err := compare(); err != nil {
			t.Fatal(err)
		}
	}
	checkVerify(t, a)
	// Neither the OFX password nor the SimpleFIN access URL
	// (http://demo-4:<access password>@…) is stored or logged in clear.
	checkNoClearCredentials(t, a, "secret-4", "demo-4:", token)
}

// setupToken asks the sandbox's SimpleFIN Bridge for a setup token, as a
// user would on the bridge's web site.
func setupToken(t *testing.T, base, login, password string) string {
	t.Helper()
	res, err := http.Get(base + "/sandbox/simplefin/setup-token?login=" + url.QueryEscape(login) + "&password=" + url.QueryEscape(password))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("setup token: %d %s", res.StatusCode, b)
	}
	return strings.TrimSpace(string(b))
}

type importOut struct {
	Added           int    `json:"added"`
	Duplicates      int    `json:"duplicates"`
	ReplacedPending int    `json:"replaced_pending"`
	Format          string `json:"format"`
	DryRun          bool   `json:"dry_run"`
	Skipped         []struct {
		Line   int    `json:"line"`
		Reason string `json:"reason"`
	} `json:"skipped"`
	WouldAdd        []txnOut `json:"would_add"`
	AlreadyRecorded []txnOut `json:"already_recorded"`
}

// importFile posts a statement to an account's imports; fields are the
// other form fields (format, dry_run, mapping).
func importFile(c *client, accountID int64, name, content string, fields map[string]string) (int, importOut, []byte) {
	c.T().Helper()
	status, body := c.ImportFile(accountID, name, content, fields)
	var out importOut
	if status == 200 {
		if err := jsonUnmarshal(body, &out); err != nil {
			c.T().Fatalf("import answer: %v: %s", err, body)
		}
	}
	return status, out, body
}

func mustImport(c *client, accountID int64, name, content string, fields map[string]string) importOut {
	c.T().Helper()
	status, out, body := importFile(c, accountID, name, content, fields)
	if status != 200 {
		c.T().Fatalf("import %s: %d %s", name, status, body)
	}
	return out
}

func fileAccount(c *client, name, currency string) int64 {
	c.T().Helper()
	var out accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": name, "currency": currency}, 201, &out)
	if len(out.Accounts) != 1 || out.Accounts[0].Status != centavo.AccountOK || out.Accounts[0].Type != "file" {
		c.T().Fatalf("file account: %+v", out)
	}
	return out.Accounts[0].ID
}

func spent(c *client, month string) int64 {
	c.T().Helper()
	var s spendingOut
	c.Do("GET", "/api/v1/spending?month="+month, nil, 200, &s)
	return s.TotalSpentCents
}

// mustVerify runs `centavo verify` on the running server's data.
func mustVerify(t *testing.T, a *served, after string) {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"verify", "--data-dir", a.dataDir}, noEnv, nil, &out, &out); err != nil {
		t.Fatalf("verify after %s: %v\n%s", after, err, out.String())
	}
	if !strings.HasPrefix(out.String(), "OK") {
		t.Fatalf("verify after %s printed %q", after, out.String())
	}
}

// mustRecompute rebuilds a month from the object store alone (the raw
// logs of every download and import, and the change events) and expects
// the SQL aggregates: an import's duplicates and replaced pending rows must
// be as invisible there as in the database.
func mustRecompute(t *testing.T, a *served, month string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var out bytes.Buffer
		err := run(context.Background(), onClock(t, []string{"recompute", "--data-dir", a.dataDir, "--month", month, "--timeout", "60s"}), noEnv, nil, &out, &out)
		if err == nil && strings.HasPrefix(out.String(), "OK") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("recompute of %s never matched the aggregates: %v\n%s", month, err, out.String())
		}
		time.Sleep(200 * time.Millisecond) // an event job may still be on its way
	}
}

func expectImport(t *testing.T, what string, got importOut, added, dups, replaced int) {
	t.Helper()
	if got.Added != added || got.Duplicates != dups || got.ReplacedPending != replaced {
		t.Fatalf("%s: added %d, duplicates %d, replaced pending %d; want %d, %d, %d (%+v)",
			what, got.Added, got.Duplicates, got.ReplacedPending, added, dups, replaced, got)
	}
}

// TestImportOverlappingFiles re-imports overlapping statements: only the
// new days are added, whatever the format, and a dry run changes nothing.
func TestImportOverlappingFiles(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "files@example.com")
	acct := fileAccount(c, "Checking (exports)", "USD")

	row := func(day int) string {
		return fmt.Sprintf("2026-09-%02d,GROCER #%d SPRINGFIELD,-%d.25\n", day, day, 10+day)
	}
	file := func(from, to int) string {
		s := "Date,Description,Amount\n"
		for d := from; d <= to; d++ {
			s += row(d)
		}
		return s
	}
	var sum int64
	for d := 1; d <= 15; d++ {
		sum += int64(10+d)*100 + 25
	}

	dry := mustImport(c, acct, "sept-1.csv", file(1, 10), map[string]string{"dry_run": "true"})
	expectImport(t, "dry run", dry, 10, 0, 0)
	if !dry.DryRun || len(dry.WouldAdd) != 10 || dry.WouldAdd[0].AmountCents >= 0 {
		t.Fatalf("dry run preview: %+v", dry)
	}
	if n := len(c.AllTransactions("")); n != 0 {
		t.Fatalf("a dry run stored %d transactions", n)
	}
	mustVerify(t, a, "a dry run")

	expectImport(t, "first file", mustImport(c, acct, "sept-1.csv", file(1, 10), nil), 10, 0, 0)
	mustVerify(t, a, "the first file")
	expectImport(t, "overlapping file", mustImport(c, acct, "sept-2.csv", file(5, 15), nil), 5, 6, 0)
	mustVerify(t, a, "the overlapping file")
	expectImport(t, "the first file again", mustImport(c, acct, "sept-1.csv", file(1, 10), nil), 0, 10, 0)

	// A dry run of an overlapping file says which rows are known.
	dry = mustImport(c, acct, "sept-3.csv", file(14, 16), map[string]string{"dry_run": "true"})
	expectImport(t, "dry run of an overlap", dry, 1, 2, 0)
	if len(dry.AlreadyRecorded) != 2 || len(dry.WouldAdd) != 1 || !strings.Contains(dry.WouldAdd[0].Seller, "#16") {
		t.Fatalf("dry run lists %+v", dry)
	}

	// The same days as QIF: the fingerprint ignores the format.
	qif := "!Type:Bank\n"
	for d := 12; d <= 15; d++ {
		qif += fmt.Sprintf("D09/%02d/2026\nT-%d.25\nPGROCER #%d SPRINGFIELD\n^\n", d, 10+d, d)
	}
	expectImport(t, "the same days as QIF", mustImport(c, acct, "sept.qif", qif, nil), 0, 4, 0)
	mustVerify(t, a, "the QIF")

	if got := spent(c, "2026-09"); got != sum {
		t.Fatalf("September spending %d, want %d", got, sum)
	}
	if n := len(c.AllTransactions("")); n != 15 {
		t.Fatalf("%d transactions stored, want 15", n)
	}
	mustRecompute(t, a, "2026-09")

	// Unusable files are refused with a reason and change nothing.
	for name, content := range map[string]string{
		"empty.csv":  "",
		"notes.txt":  "Dear bank, thanks.\n",
		"binary.ofx": "\x00\x01\x02OFXHEADER\xff",
	} {
		status, _, body := importFile(c, acct, name, content, nil)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d %s, want 422", name, status, body)
		}
		t.Logf("%s refused: %s", name, body)
	}
	status, _, body := importFile(c, acct, "x.csv", file(1, 2), map[string]string{"format": "xls"})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("format xls: %d %s", status, body)
	}
	if got := spent(c, "2026-09"); got != sum {
		t.Fatalf("September spending %d after refused files, want %d", got, sum)
	}
	mustVerify(t, a, "refused files")

	// A currency that is not three letters is refused.
	if status, b := c.Raw("POST", "/api/v1/accounts", strings.NewReader(`{"connector":"file","name":"x","currency":"1$%"}`), "application/json"); status != 422 {
		t.Fatalf("currency 1$%%: %d %s", status, b)
	}

	// Another user cannot import into this account.
	other := signUp(t, newClient(t, a.base), "other@example.com")
	if status, _, body := importFile(other, acct, "x.csv", file(20, 21), nil); status != http.StatusNotFound {
		t.Fatalf("another user's import: %d %s, want 404", status, body)
	}
}

// TestImportEuropeanCSV reads a CSV with decimal commas, semicolons and
// DD/MM/YYYY dates through a mapping, which the account keeps for the next
// file.
func TestImportEuropeanCSV(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "eu@example.com")
	acct := fileAccount(c, "Girokonto", "EUR")
	c.Do("PATCH", "/api/v1/me", map[string]string{"currency": "EUR"}, 200, nil)

	mapping := `{"delimiter":";","has_header":true,"date":"Buchungstag","date_format":"DD/MM/YYYY",` +
		`"description":"Verwendungszweck","amount":"Betrag","decimal_comma":true}`
	october := "Buchungstag;Verwendungszweck;Betrag\n" +
		"03/10/2026;REWE MARKT 0412;-1.234,56\n" + // 3 October, not 10 March
		"12/10/2026;ARAL TANKSTELLE;-45,10\n" +
		"25/10/2026;GEHALT OKTOBER;2.500,00\n"
	got := mustImport(c, acct, "oktober.csv", october, map[string]string{"mapping": mapping})
	expectImport(t, "October", got, 3, 0, 0)
	mustVerify(t, a, "the October CSV")
	txns := c.AllTransactions("")
	amounts := map[string]int64{}
	for _, tx := range txns {
		amounts[tx.PostedAt.Format(time.DateOnly)] = tx.AmountCents
	}
	want := map[string]int64{"2026-10-03": -123456, "2026-10-12": -4510, "2026-10-25": 250000}
	for d, cents := range want {
		if amounts[d] != cents {
			t.Fatalf("stored %v, want %v", amounts, want)
		}
	}
	var s spendingOut
	c.Do("GET", "/api/v1/spending?month=2026-10", nil, 200, &s)
	if s.TotalSpentCents != 123456+4510 || s.Currency != "EUR" {
		t.Fatalf("October spending %+v, want 127966 EUR cents", s)
	}

	// The next month's file needs no mapping: the account saved it.
	november := "Buchungstag;Verwendungszweck;Betrag\n" +
		"25/10/2026;GEHALT OKTOBER;2.500,00\n" + // overlaps
		"02/11/2026;BÄCKEREI MÜLLER;-3,80\n"
	expectImport(t, "November with the saved mapping", mustImport(c, acct, "november.csv", november, nil), 1, 1, 0)
	mustVerify(t, a, "the November CSV")
	if got := spent(c, "2026-11"); got != 380 {
		t.Fatalf("November spending %d, want 380", got)
	}
	mustRecompute(t, a, "2026-10")
}

// TestImportDateFormatAnswer imports a CSV whose dates cannot tell day
// from month: refused with the question, then read with a mapping that
// gives only the date format, which the account keeps.
func TestImportDateFormatAnswer(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "dates@example.com")
	acct := fileAccount(c, "Brokerage cash", "USD")
	doc := "Run Date,Action,Amount ($)\n 12/05/2026, PURCHASE ATHENA HEALTH,-444.44\n 12/01/2026, CONTRIBUTION,888\n"
	status, _, body := importFile(c, acct, "history.csv", doc, nil)
	if status != 422 || !strings.Contains(string(body), "could be month/day or day/month") {
		t.Fatalf("import without a date format: %d %s, want 422 asking for it", status, body)
	}
	got := mustImport(c, acct, "history.csv", doc, map[string]string{"mapping": `{"date_format":"MM/DD/YYYY"}`})
	expectImport(t, "with the date format", got, 2, 0, 0)
	mustVerify(t, a, "the date-format import")
	days := map[string]int64{}
	for _, tx := range c.AllTransactions("") {
		days[tx.PostedAt.Format(time.DateOnly)] = tx.AmountCents
	}
	if days["2026-12-05"] != -44444 || days["2026-12-01"] != 88800 || len(days) != 2 {
		t.Fatalf("stored %v, want -44444 on 2026-12-05 and 88800 on 2026-12-01", days)
	}
	// The next file needs no answer: the account saved the mapping.
	next := "Run Date,Action,Amount ($)\n 12/07/2026, FEE,-1.00\n"
	expectImport(t, "the next file", mustImport(c, acct, "next.csv", next, nil), 1, 0, 0)
}

// TestImportIdenticalPurchases keeps two genuine identical purchases on the
// same day, and still adds nothing when the file comes again.
func TestImportIdenticalPurchases(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "twins@example.com")
	acct := fileAccount(c, "Card", "USD")
	two := "Date,Description,Amount\n2026-08-14,BLUE BOTTLE COFFEE,-4.50\n2026-08-14,BLUE BOTTLE COFFEE,-4.50\n"
	expectImport(t, "two coffees", mustImport(c, acct, "a.csv", two, nil), 2, 0, 0)
	mustVerify(t, a, "two coffees")
	expectImport(t, "the same two coffees", mustImport(c, acct, "a.csv", two, nil), 0, 2, 0)
	three := two + "2026-08-14,BLUE BOTTLE COFFEE,-4.50\n"
	expectImport(t, "a third coffee that day", mustImport(c, acct, "b.csv", three, nil), 1, 2, 0)
	mustVerify(t, a, "three coffees")
	if got := spent(c, "2026-08"); got != 3*450 {
		t.Fatalf("August spending %d, want %d", got, 3*450)
	}
	mustRecompute(t, a, "2026-08")
}

// TestImportRecordIDColumn maps a bank's archive-id column: a record the
// file lists four times is one transaction (the other three skipped with
// a reason), a reused id with other content is kept, and the file again
// adds nothing.
func TestImportRecordIDColumn(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "archive@example.com")
	acct := fileAccount(c, "Swedbank", "EUR")
	row := "\"EE18748917198247\";\"20\";\"24.11.2022\";\"WallMAAART\";\"7,50\";\"EUR\";\"D\";\"2022112401247914\"\n"
	doc := strings.Repeat(row, 4) + "\"EE18748917198247\";\"20\";\"25.11.2022\";\"SALARY\";\"900,00\";\"EUR\";\"K\";\"2022112401247914\"\n"
	mapping := `{"delimiter":";","date":"2","date_format":"DD.MM.YYYY","description":"3","amount":"4","direction":"6","decimal_comma":true,"currency_column":"5","id":"7"}`
	got := mustImport(c, acct, "statement.csv", doc, map[string]string{"mapping": mapping})
	expectImport(t, "a record listed four times", got, 2, 0, 0)
	if len(got.Skipped) != 3 || !strings.Contains(got.Skipped[0].Reason, "listed again") {
		t.Fatalf("skipped %+v, want the three repeats, each saying it is listed again", got.Skipped)
	}
	mustVerify(t, a, "the archive-id import")
	expectImport(t, "the same file again", mustImport(c, acct, "statement.csv", doc, nil), 0, 2, 0)
	var sum int64
	for _, tx := range c.AllTransactions("") {
		sum += tx.AmountCents
	}
	if sum != 90000-750 {
		t.Fatalf("stored sum %d, want %d", sum, 90000-750)
	}
}

// TestImportPendingThenPosted imports a pending card transaction, then the
// statement where it posted two days later with a tip and a longer
// description: the posted one replaces the pending one, and the month's
// spending counts it once, at the posted amount.
func TestImportPendingThenPosted(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "pending@example.com")
	acct := fileAccount(c, "Card", "USD")
	pending := "Date,Description,Amount,Status\n" +
		"2026-07-10,JOE'S DINER,-40.00,Pending\n" +
		"2026-07-09,SHELL OIL 5723,-31.00,Posted\n"
	expectImport(t, "with a pending row", mustImport(c, acct, "pending.csv", pending, nil), 2, 0, 0)
	mustVerify(t, a, "the pending file")
	if got := spent(c, "2026-07"); got != 7100 {
		t.Fatalf("July spending with the pending row %d, want 7100", got)
	}
	posted := "Date,Description,Amount,Status\n" +
		"2026-07-09,SHELL OIL 5723,-31.00,Posted\n" +
		"2026-07-12,JOE'S DINER SPRINGFIELD IL,-48.00,Posted\n"
	expectImport(t, "with the posted row", mustImport(c, acct, "posted.csv", posted, nil), 1, 1, 1)
	mustVerify(t, a, "the posted file")
	if got := spent(c, "2026-07"); got != 7900 {
		t.Fatalf("July spending after posting %d, want 7900 (the tip included, the pending row gone)", got)
	}
	txns := c.AllTransactions("")
	if len(txns) != 2 {
		t.Fatalf("%d transactions, want 2: %+v", len(txns), txns)
	}
	// The pending file again: its pending row has posted, so it is not back.
	expectImport(t, "the pending file again", mustImport(c, acct, "pending.csv", pending, nil), 0, 2, 0)
	mustVerify(t, a, "the pending file again")
	if got := spent(c, "2026-07"); got != 7900 {
		t.Fatalf("July spending %d after the stale pending file, want 7900", got)
	}
	mustRecompute(t, a, "2026-07")
}

// TestImportOverlapsDownloads imports a file that overlaps what the bank
// connection downloaded: a bank CSV has no transaction ids, so the rows are
// matched by date, amount and seller, and only the new row is added.
func TestImportOverlapsDownloads(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "mixed@example.com")
	c.Do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "SANDBOX", "fid": "9999", "login": "demo-6", "password": "secret-6",
	}, 202, nil)
	accts := c.WaitAccounts("the accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	checking := accts[0].ID
	stored := c.AllTransactions(fmt.Sprintf("&account_id=%d", checking))
	// The checking account has at least a salary and a rent a month (the
	// window holds three months and more): never fewer than six rows.
	if len(stored) < 6 {
		t.Fatalf("only %d transactions downloaded", len(stored))
	}
	overlap := min(len(stored), 30)
	// The bank's CSV export of its last rows (30 at most), plus one the
	// download has not seen.
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"Date", "Description", "Amount"})
	for _, tx := range stored[:overlap] {
		_ = w.Write([]string{tx.PostedAt.Format("01/02/2006"), tx.Seller, decimal(tx.AmountCents)})
	}
	_ = w.Write([]string{"01/02/2020", "CORNER NEWSSTAND", "-2.00"})
	w.Flush()
	before := spent(c, "2020-01")
	got := mustImport(c, checking, "export.csv", buf.String(), nil)
	expectImport(t, "a bank export overlapping the download", got, 1, overlap, 0)
	mustVerify(t, a, "the overlapping export")
	if after := spent(c, "2020-01"); after != before+200 {
		t.Fatalf("January 2020 spending %d, want %d", after, before+200)
	}
	if n := len(c.AllTransactions(fmt.Sprintf("&account_id=%d", checking))); n != len(stored)+1 {
		t.Fatalf("%d transactions in the account, want %d", n, len(stored)+1)
	}
	mustRecompute(t, a, "2020-01")
	mustRecompute(t, a, centavo.MonthOf(stored[0].PostedAt).String())
}

// decimal writes cents the way a bank CSV does: -1234.50.
func decimal(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}
