package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"
)

// searchPage is the answer of GET /api/v1/transactions with the totals.
type searchPage struct {
	txnsOut
	Count      int64 `json:"count"`
	TotalCents int64 `json:"total_cents"`
}

const searchFile = "Date,Description,Amount\n" +
	"2025-03-05,CAFÉ NERO LONDON,-4.50\n" +
	"2024-11-20,CAFFE ROMA REFUND,25.00\n" +
	"2025-02-10,GREEN GROCER,-80.00\n" +
	"2025-02-01,OAK LANDLORD LTD,-1500.00\n" +
	"2025-01-15,=HYPERLINK(EVIL),-12.00\n"

// TestSearchAndExport (issue 17, items 6 and 7): search across time by
// word prefixes (case and accents ignored), tags, notes, dates, absolute
// amounts, category and account, with the count and total of everything
// matching on every page; bad parameters are 400; the CSV and JSON exports
// stream the same rows, the CSV guarded against formulas; another user's
// rows never match.
func TestSearchAndExport(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "search@example.com")
	other := signUp(t, newClient(t, f.base), "search-other@example.com")
	acct := newFileAccount(c)
	mustImportFile(c, acct, "a.csv", searchFile)
	mustImportFile(other, newFileAccount(other), "b.csv", searchFile)
	byAmount := map[int64]txnOut{}
	for _, x := range c.AllTransactions("&q=") {
		byAmount[x.AmountCents] = x
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", byAmount[-8000].ID), map[string]any{"notes": "Weekly shop with Zoë", "tags": []string{"Food Run", "home"}}, 200, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", byAmount[-450].ID), map[string]any{"notes": "", "tags": []string{"Work Trip"}}, 200, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", byAmount[-150000].ID), map[string]any{"notes": "'quoted =rent"}, 200, nil)

	search := func(query string) searchPage {
		t.Helper()
		var p searchPage
		c.Do("GET", "/api/v1/transactions?"+query, nil, 200, &p)
		return p
	}
	cases := []struct {
		query string
		want  []int64 // amounts, newest first
	}{
		{"q=caf", []int64{-450, 2500}},
		{"q=" + url.QueryEscape("Café ner"), []int64{-450}},
		{"q=zoe", []int64{-8000}},
		{"q=shop+ZO", []int64{-8000}},
		{"q=run", []int64{-8000}},
		{"q=afe", nil},
		{"tag=food+run", []int64{-8000}},
		{"tag=WORK+TRIP", []int64{-450}},
		{"tag=work", nil},
		{"from=2025-02-01&to=2025-02-10", []int64{-8000, -150000}},
		{"month=2025-02&from=2025-02-05", []int64{-8000}},
		{"min_cents=1000&max_cents=8000", []int64{-8000, -1200, 2500}},
		{"max_cents=1000", []int64{-450}},
		{"q=caf&account_id=" + fmt.Sprint(acct), []int64{-450, 2500}},
		{"category=" + byAmount[-150000].Category, nil}, // checked below
	}
	for _, tc := range cases[:len(cases)-1] {
		p := search(tc.query)
		var got []int64
		var total int64
		for _, x := range p.Transactions {
			got = append(got, x.AmountCents)
		}
		for _, a := range tc.want {
			total += a
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || p.Count != int64(len(tc.want)) || p.TotalCents != total {
			t.Errorf("%s: %v count %d total %d, want %v total %d", tc.query, got, p.Count, p.TotalCents, tc.want, total)
		}
	}
	cat := byAmount[-150000].Category
	if p := search("category=" + cat); p.Count == 0 || p.Count > 5 || p.Transactions[0].Category != cat {
		t.Errorf("category %s: %+v", cat, p)
	}

	// Pages under a filter: each carries the totals of everything.
	var seen []int64
	for q := "min_cents=1000&limit=1"; ; {
		p := search(q)
		if p.Count != 4 || p.TotalCents != -8000-150000-1200+2500 {
			t.Fatalf("page totals %d, %d", p.Count, p.TotalCents)
		}
		for _, x := range p.Transactions {
			seen = append(seen, x.AmountCents)
		}
		if p.NextCursor == nil {
			break
		}
		q = "min_cents=1000&limit=1&cursor=" + url.QueryEscape(*p.NextCursor)
	}
	if fmt.Sprint(seen) != "[-8000 -150000 -1200 2500]" {
		t.Errorf("pages under a filter: %v", seen)
	}

	for _, bad := range []string{"from=2025-13-01", "to=yesterday", "min_cents=-1", "min_cents=10&max_cents=5", "from=2025-03-01&to=2025-02-01",
		"q=" + strings.Repeat("a+", 9), "month=2025-2", "account_id=x"} {
		if status, body := c.Raw("GET", "/api/v1/transactions?"+bad, nil, ""); status != 400 || !strings.Contains(string(body), "bad_request") {
			t.Errorf("%s: %d %s", bad, status, body)
		}
	}
	if status, _ := c.Raw("GET", "/api/v1/transactions/export?format=xml", nil, ""); status != 400 {
		t.Errorf("format=xml: %d", status)
	}

	// The CSV export: a header, the rows newest first, formulas defused.
	res, body := c.RawResponse("GET", "/api/v1/transactions/export?format=csv&from=2025-01-01", nil, "")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), `attachment; filename="centavo-transactions-`) {
		t.Fatalf("csv export: %d %v", res.StatusCode, res.Header)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "date,posted_at,account_id,account_name,merchant,descriptor,amount,amount_cents,currency,category,tags,notes,hidden,transfer_pair_id,id" {
		t.Fatalf("csv header %v", rows[0])
	}
	if len(rows) != 5 || rows[1][0] != "2025-03-05" || rows[1][6] != "-4.50" || rows[1][7] != "-450" || rows[1][10] != "Work Trip" || rows[1][12] != "false" {
		t.Fatalf("csv rows %q", rows)
	}
	if grocer := rows[2]; grocer[10] != "Food Run;home" || grocer[11] != "Weekly shop with Zoë" || grocer[3] != "Exports" {
		t.Errorf("csv grocer row %q", grocer)
	}
	if evil := rows[4]; !strings.HasPrefix(evil[5], "'=HYPERLINK") || evil[6] != "-12.00" {
		t.Errorf("csv formula row %q", evil)
	}

	// Export → import into a fresh user: every field the import reads
	// comes back (the quotes against formulas taken off).
	fresh := signUp(t, newClient(t, f.base), "search-fresh@example.com")
	res, body = c.RawResponse("GET", "/api/v1/transactions/export?format=csv", nil, "")
	if res.StatusCode != 200 {
		t.Fatalf("csv export of everything: %d %s", res.StatusCode, body)
	}
	mustImportFile(fresh, newFileAccount(fresh), "export.csv", string(body))
	orig := map[string]txnOut{}
	for _, x := range c.AllTransactions("") {
		orig[x.Seller] = x
	}
	back := fresh.AllTransactions("")
	if len(back) != len(orig) {
		t.Fatalf("round trip: %d rows back of %d", len(back), len(orig))
	}
	accountNames := map[int64]string{}
	for _, a := range fresh.Accounts() {
		accountNames[a.ID] = a.Name
	}
	for _, x := range back {
		o, ok := orig[x.Seller]
		if !ok || x.AmountCents != o.AmountCents || x.Currency != o.Currency || !x.PostedAt.Truncate(24*time.Hour).Equal(o.PostedAt.Truncate(24*time.Hour)) ||
			x.Category != o.Category || fmt.Sprint(x.Tags) != fmt.Sprint(o.Tags) || x.Notes != o.Notes || x.Hidden != o.Hidden || accountNames[x.AccountID] != "Exports" {
			t.Errorf("round trip: %+v (in %q), was %+v", x, accountNames[x.AccountID], o)
		}
	}

	// The JSON export: the same rows as the API shows them.
	var out struct{ Transactions []txnOut }
	res, body = c.RawResponse("GET", "/api/v1/transactions/export?format=json&q=caf", nil, "")
	if err := json.Unmarshal(body, &out); err != nil || len(out.Transactions) != 2 || out.Transactions[0].Tags[0] != "Work Trip" ||
		!strings.HasSuffix(res.Header.Get("Content-Disposition"), `.json"`) {
		t.Fatalf("json export: %v %s", err, body)
	}
	if p := search("q=landlord"); p.Count != 1 || p.Transactions[0].AccountID != acct {
		t.Errorf("another user's rows: %+v", p)
	}
}

// TestMeExport (issue 17, item 7): GET /api/v1/me/export is a ZIP of JSON
// files with all of the user's data and none of their secrets: not the
// password, not the bank login's password, not a webhook's secret.
func TestMeExport(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "zip@example.com")
	linkSandbox(c, f, 7)
	mustImportFile(c, newFileAccount(c), "a.csv", searchFile)
	var hook struct {
		Secret string `json:"secret"`
	}
	c.Do("POST", "/api/v1/me/webhooks", map[string]string{"url": "https://hooks.example.com/centavo"}, 201, &hook)
	c.Do("PUT", "/api/v1/budgets/food", map[string]int64{"amount_cents": 40000}, 200, nil)

	res, body := c.RawResponse("GET", "/api/v1/me/export", nil, "")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), `filename="centavo-export-`) {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) {
			t.Errorf("%s is not JSON: %s", zf.Name, b)
		}
		files[zf.Name] = b
		for _, secret := range []string{"correct horse battery", "secret-7", hook.Secret, "password_hash", "sealed"} {
			if secret != "" && bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", zf.Name, secret)
			}
		}
	}
	for _, name := range []string{"profile.json", "accounts.json", "transactions.json", "budgets.json", "rules.json", "categories.json",
		"notifications.json", "notification-settings.json", "webhooks.json", "balances.json", "networth.json", "goals.json", "goal-contributions.json",
		"recurring.json"} {
		if files[name] == nil {
			t.Errorf("no %s in %v", name, zr.File)
		}
	}
	var txns struct{ Transactions []txnOut }
	if err := json.Unmarshal(files["transactions.json"], &txns); err != nil || len(txns.Transactions) != len(c.AllTransactions("")) || len(txns.Transactions) < 6 {
		t.Errorf("transactions.json: %d rows, %v", len(txns.Transactions), err)
	}
	var accts accountsOut
	if err := json.Unmarshal(files["accounts.json"], &accts); err != nil || len(accts.Accounts) != 3 {
		t.Errorf("accounts.json: %s", files["accounts.json"])
	}
	if !bytes.Contains(files["profile.json"], []byte("zip@example.com")) || !bytes.Contains(files["webhooks.json"], []byte("hooks.example.com")) ||
		!bytes.Contains(files["budgets.json"], []byte("40000")) {
		t.Errorf("profile, webhooks or budgets missing: %s %s %s", files["profile.json"], files["webhooks.json"], files["budgets.json"])
	}
}
