package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// TestIsolation: user B's token can read, change or delete nothing of user
// A's, through every authenticated route; and no route answers without a
// valid token.
func TestIsolation(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	anon := newClient(t, a.base)
	alice := signUp(t, anon, "alice@example.com")
	bob := signUp(t, anon, "bob@example.com")
	alice.do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-2", "password": "secret-2",
	}, 202, nil)
	accts := alice.waitAccounts("alice's accounts ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	acct := accts[0].ID
	var page txnsOut
	alice.do("GET", "/api/v1/transactions?limit=2", nil, 200, &page)
	tx := page.Transactions[0]
	var aliceSpending spendingOut
	alice.do("GET", "/api/v1/spending", nil, 200, &aliceSpending)
	aliceTxns := alice.allTransactions("")
	// Alice's budgets, settings, webhook and inbox.
	alice.do("PATCH", "/api/v1/me", map[string]any{"monthly_income_cents": 700000}, 200, nil)
	alice.do("PUT", "/api/v1/budgets/food", map[string]any{"amount_cents": 12345}, 200, nil)
	alice.do("PUT", "/api/v1/me/notification-settings", map[string]any{"webhooks": true, "thresholds": []int{50, 100}}, 200, nil)
	var hook struct{ ID int64 }
	alice.do("POST", "/api/v1/me/webhooks", map[string]string{"url": "https://example.com/hook"}, 201, &hook)
	var inbox struct{ Notifications []struct{ ID int64 } }
	alice.do("GET", "/api/v1/notifications", nil, 200, &inbox)
	if len(inbox.Notifications) == 0 {
		t.Fatal("alice has no notification after linking")
	}
	aliceNote := inbox.Notifications[0].ID
	alice.do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", page.Transactions[1].ID), map[string]any{"category": page.Transactions[1].Category, "apply_to_future": true}, 200, nil)
	var aliceRules struct{ Rules []struct{ ID int64 } }
	alice.do("GET", "/api/v1/rules", nil, 200, &aliceRules)
	if len(aliceRules.Rules) != 1 {
		t.Fatalf("alice's rules: %+v", aliceRules)
	}
	aliceRule := aliceRules.Rules[0].ID

	// Every authenticated route, as Bob, aimed at Alice's things.
	tried := map[string]bool{}
	try := func(route, method, path string, body any, want int) []byte {
		t.Helper()
		tried[route] = true
		return bob.do(method, path, body, want, nil)
	}
	var bobAccts accountsOut
	try("GET /api/v1/accounts", "GET", "/api/v1/accounts", nil, 200)
	bob.do("GET", "/api/v1/accounts", nil, 200, &bobAccts)
	if len(bobAccts.Accounts) != 0 {
		t.Errorf("bob lists %d accounts", len(bobAccts.Accounts))
	}
	try("GET /api/v1/accounts/{id}", "GET", fmt.Sprintf("/api/v1/accounts/%d", acct), nil, 404)
	try("POST /api/v1/accounts/{id}/refresh", "POST", fmt.Sprintf("/api/v1/accounts/%d/refresh", acct), nil, 404)
	try("DELETE /api/v1/accounts/{id}", "DELETE", fmt.Sprintf("/api/v1/accounts/%d", acct), nil, 404)
	tried["POST /api/v1/accounts/{id}/imports"] = true
	if status, _, body := bob.importFile(acct, "mine.csv", "Date,Description,Amount\n2026-01-02,BOB'S CAFE,-3.00\n", nil); status != 404 {
		t.Errorf("bob imported into alice's account: %d %s", status, body)
	}
	try("POST /api/v1/accounts", "POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-9", "password": "wrong-password-9",
	}, 202)
	for _, q := range []string{"", "?account_id=" + fmt.Sprint(acct), "?month=" + centavo.MonthOf(testNow(t)()).String(), "?cursor=" + url.QueryEscape(derefOr(page.NextCursor))} {
		var got txnsOut
		b := try("GET /api/v1/transactions", "GET", "/api/v1/transactions"+q, nil, 200)
		if err := jsonUnmarshal(b, &got); err != nil || len(got.Transactions) != 0 {
			t.Errorf("bob's transactions%s: %s", q, b)
		}
	}
	try("GET /api/v1/transactions/{id}", "GET", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), nil, 404)
	try("PATCH /api/v1/transactions/{id}", "PATCH", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), map[string]string{"category": "gifts_donations"}, 404)
	var bobSpending spendingOut
	b := try("GET /api/v1/spending", "GET", "/api/v1/spending", nil, 200)
	if err := jsonUnmarshal(b, &bobSpending); err != nil || bobSpending.TotalSpentCents != 0 || len(bobSpending.Categories) != 0 {
		t.Errorf("bob's spending: %s", b)
	}
	var bobMe struct{ Email string }
	b = try("GET /api/v1/me", "GET", "/api/v1/me", nil, 200)
	if err := jsonUnmarshal(b, &bobMe); err != nil || bobMe.Email != "bob@example.com" {
		t.Errorf("bob's /me: %s", b)
	}
	try("GET /api/v1/categories", "GET", "/api/v1/categories", nil, 200)
	var bobBudgets struct {
		Budgets []struct {
			Category, Source string
			BudgetCents      int64 `json:"budget_cents"`
		}
	}
	b = try("GET /api/v1/budgets", "GET", "/api/v1/budgets", nil, 200)
	if err := jsonUnmarshal(b, &bobBudgets); err != nil {
		t.Fatal(err)
	}
	for _, l := range bobBudgets.Budgets {
		if l.Source != "template" || l.BudgetCents != 0 {
			t.Errorf("bob sees a budget he did not set: %+v", l)
		}
	}
	try("PUT /api/v1/budgets/{category}", "PUT", "/api/v1/budgets/food", map[string]any{"amount_cents": 1}, 200)
	try("DELETE /api/v1/budgets/{category}", "DELETE", "/api/v1/budgets/food", nil, 200)
	try("GET /api/v1/budgets/recommendation", "GET", "/api/v1/budgets/recommendation", nil, 200)
	try("POST /api/v1/budgets/recommendation", "POST", "/api/v1/budgets/recommendation", nil, 200)
	b = try("GET /api/v1/me/notification-settings", "GET", "/api/v1/me/notification-settings", nil, 200)
	if !strings.Contains(string(b), `"webhooks":false`) {
		t.Errorf("bob sees alice's settings: %s", b)
	}
	try("PUT /api/v1/me/notification-settings", "PUT", "/api/v1/me/notification-settings", map[string]any{"thresholds": []int{10}}, 200)
	b = try("GET /api/v1/me/webhooks", "GET", "/api/v1/me/webhooks", nil, 200)
	if strings.Contains(string(b), "example.com") {
		t.Errorf("bob sees alice's webhook: %s", b)
	}
	try("POST /api/v1/me/webhooks", "POST", "/api/v1/me/webhooks", map[string]string{"url": "https://bob.example.com/hook"}, 201)
	try("DELETE /api/v1/me/webhooks/{id}", "DELETE", fmt.Sprintf("/api/v1/me/webhooks/%d", hook.ID), nil, 404)
	b = try("GET /api/v1/notifications", "GET", "/api/v1/notifications", nil, 200)
	if strings.Contains(string(b), fmt.Sprintf(`"id":%d,`, aliceNote)) {
		t.Errorf("bob sees alice's notification: %s", b)
	}
	try("POST /api/v1/notifications/{id}/read", "POST", fmt.Sprintf("/api/v1/notifications/%d/read", aliceNote), nil, 404)
	try("PATCH /api/v1/me", "PATCH", "/api/v1/me", map[string]any{"monthly_income_cents": 1}, 200)
	b = try("GET /api/v1/rules", "GET", "/api/v1/rules", nil, 200)
	if !strings.Contains(string(b), `"rules":[]`) {
		t.Errorf("bob sees rules: %s", b)
	}
	try("POST /api/v1/rules/{id}/apply", "POST", fmt.Sprintf("/api/v1/rules/%d/apply", aliceRule), nil, 404)
	try("DELETE /api/v1/rules/{id}", "DELETE", fmt.Sprintf("/api/v1/rules/%d", aliceRule), nil, 404)
	try("DELETE /api/v1/sessions", "DELETE", "/api/v1/sessions", nil, 204)
	if status, _ := bob.raw("GET", "/api/v1/me", nil, ""); status != 401 {
		t.Errorf("bob's token works after sign-out: %d", status)
	}

	// Every authenticated route of the document was tried.
	doc, _ := openAPIDoc()
	var missing []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Security != nil && len(*op.Security) > 0 && !tried[method+" "+path] {
				missing = append(missing, method+" "+path)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the isolation test does not try these routes: %v", missing)
	}

	// Alice's data did not change, and her token still works.
	if got := alice.accounts(); len(got) != 2 {
		t.Fatalf("alice has %d accounts", len(got))
	}
	var after txnOut
	alice.do("GET", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), nil, 200, &after)
	if after.Category != tx.Category || after.CategorySource != tx.CategorySource {
		t.Errorf("alice's transaction changed: %+v → %+v", tx, after)
	}
	var spending spendingOut
	alice.do("GET", "/api/v1/spending", nil, 200, &spending)
	if spending.TotalSpentCents != aliceSpending.TotalSpentCents {
		t.Errorf("alice's spending changed: %d → %d", aliceSpending.TotalSpentCents, spending.TotalSpentCents)
	}
	if n := len(alice.allTransactions("")); n != len(aliceTxns) {
		t.Errorf("alice's transactions: %d → %d", len(aliceTxns), n)
	}
	var me struct {
		Income int64 `json:"monthly_income_cents"`
	}
	alice.do("GET", "/api/v1/me", nil, 200, &me)
	b = alice.do("GET", "/api/v1/budgets", nil, 200, nil)
	if me.Income != 700000 || !strings.Contains(string(b), `{"category":"food","budget_cents":12345,"source":"override"`) {
		t.Errorf("alice's income %d or food budget changed: %s", me.Income, b)
	}
	if b := alice.do("GET", "/api/v1/me/notification-settings", nil, 200, nil); !strings.Contains(string(b), `"thresholds":[50,100]`) {
		t.Errorf("alice's settings changed: %s", b)
	}
	if alice.do("GET", "/api/v1/rules", nil, 200, &aliceRules); len(aliceRules.Rules) != 1 {
		t.Error("alice's rule is gone")
	}
	if b := alice.do("GET", "/api/v1/me/webhooks", nil, 200, nil); !strings.Contains(string(b), "https://example.com/hook") {
		t.Errorf("alice's webhook is gone: %s", b)
	}
	alice.do("GET", "/api/v1/notifications?unread=true", nil, 200, &inbox)
	found := false
	for _, n := range inbox.Notifications {
		found = found || n.ID == aliceNote
	}
	if !found {
		t.Error("alice's notification was marked read by bob")
	}

	// Without a token, or with a bad one, every authenticated route is 401.
	bad := anon.with("1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	for route := range tried {
		method, path, _ := strings.Cut(route, " ")
		path = strings.ReplaceAll(path, "{id}", fmt.Sprint(acct))
		for _, c := range []*client{anon, bad} {
			if status, body := c.raw(method, path, bytes.NewReader([]byte(`{}`)), "application/json"); status != 401 {
				t.Errorf("%s without a valid token: %d %s", route, status, body)
			}
		}
	}
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestOverride: a manual category change moves the month's aggregates in
// the same transaction, is kept, and verify still holds.
func TestOverride(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "ovr@example.com")
	c.do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-3", "password": "secret-3",
	}, 202, nil)
	c.waitAccounts("ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	month := centavo.MonthOf(testNow(t)()).Add(-1).String()
	var page txnsOut
	c.do("GET", "/api/v1/transactions?month="+month+"&limit=500", nil, 200, &page)
	var target txnOut
	for _, tx := range page.Transactions {
		if tx.AmountCents < 0 && tx.Category != centavo.CatIncome && tx.Category != centavo.CatTransfer && tx.Category != centavo.CatGiftsDonations {
			target = tx
			break
		}
	}
	if target.ID == 0 {
		t.Fatal("no spending transaction last month")
	}
	var before spendingOut
	c.do("GET", "/api/v1/spending?month="+month, nil, 200, &before)
	var updated txnOut
	c.do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", target.ID), map[string]string{"category": "gifts_donations"}, 200, &updated)
	if updated.Category != "gifts_donations" || updated.CategorySource != "user" {
		t.Fatalf("after PATCH: %+v", updated)
	}
	var after spendingOut
	c.do("GET", "/api/v1/spending?month="+month, nil, 200, &after)
	cat := func(s spendingOut, name string) int64 {
		for _, c := range s.Categories {
			if c.Category == name {
				return c.SpentCents
			}
		}
		return 0
	}
	if after.TotalSpentCents != before.TotalSpentCents {
		t.Errorf("total moved from %d to %d", before.TotalSpentCents, after.TotalSpentCents)
	}
	if d := cat(after, "gifts_donations") - cat(before, "gifts_donations"); d != -target.AmountCents {
		t.Errorf("gifts_donations moved by %d, want %d", d, -target.AmountCents)
	}
	if d := cat(after, target.Category) - cat(before, target.Category); d != target.AmountCents {
		t.Errorf("%s moved by %d, want %d", target.Category, d, target.AmountCents)
	}
	// Moving it to income takes it out of spending.
	c.do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", target.ID), map[string]string{"category": "income"}, 200, nil)
	c.do("GET", "/api/v1/spending?month="+month, nil, 200, &after)
	if after.TotalSpentCents != before.TotalSpentCents+target.AmountCents {
		t.Errorf("after filing under income: total %d, want %d", after.TotalSpentCents, before.TotalSpentCents+target.AmountCents)
	}
	// A refresh does not undo the manual choice.
	refreshAll(t, c, c.accounts())
	var kept txnOut
	c.do("GET", fmt.Sprintf("/api/v1/transactions/%d", target.ID), nil, 200, &kept)
	if kept.Category != "income" || kept.CategorySource != "user" {
		t.Errorf("override not kept after refresh: %+v", kept)
	}
	c.do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", target.ID), map[string]string{"category": "no-such-category"}, 422, nil)
	checkVerify(t, a)
	checkRecompute(t, a, month)
	// Removing an account is an event the logs know about too.
	c.do("DELETE", fmt.Sprintf("/api/v1/accounts/%d", c.accounts()[1].ID), nil, 204, nil)
	checkRecompute(t, a, month)
}

// checkRecompute rebuilds a month from the object store's logs and events
// and expects it to match the incremental aggregates; then corrupts one
// aggregate, expects the difference to be found, and repairs it with --apply.
func checkRecompute(t *testing.T, a *app, month string) {
	t.Helper()
	ctx := context.Background()
	recompute := func(extra ...string) (string, error) {
		var out bytes.Buffer
		// Wait for the change events to be written (they are jobs).
		err := run(ctx, onClock(t, append([]string{"recompute", "--data-dir", a.dataDir, "--month", month, "--timeout", "60s"}, extra...)), noEnv, nil, &out, &out)
		return out.String(), err
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := recompute()
		if err == nil && strings.HasPrefix(out, "OK") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("recompute never matched: %v\n%s", err, out)
		}
		time.Sleep(200 * time.Millisecond) // an event job may still be on its way
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.dataDir, "centavo.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE monthly_spending SET amount_cents = amount_cents + 777 WHERE month = ? AND rowid = (SELECT max(rowid) FROM monthly_spending WHERE month = ?)`, month, month); err != nil {
		t.Fatal(err)
	}
	out, err := recompute()
	var ec exitCode
	if !errors.As(err, &ec) || !strings.Contains(out, "DIFF user=") {
		t.Fatalf("recompute did not find the corrupted row: %v\n%s", err, out)
	}
	if out, err := recompute("--apply"); err != nil || !strings.Contains(out, "APPLIED: 1 rows") {
		t.Fatalf("recompute --apply: %v\n%s", err, out)
	}
	var vout bytes.Buffer
	if err := run(ctx, []string{"verify", "--data-dir", a.dataDir}, noEnv, nil, &vout, &vout); err != nil {
		t.Fatalf("verify after recompute --apply: %v\n%s", err, vout.String())
	}
}

// TestBadInput: malformed requests get a clear 4xx JSON error and change
// nothing.
func TestBadInput(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	anon := newClient(t, a.base)
	c := signUp(t, anon, "bad@example.com")
	const j = "application/json"
	big := `{"email":"` + strings.Repeat("a", 70<<10) + `@example.com","password":"xxxxxxxxxxxx"}`
	cases := []struct {
		name, method, path, body, ct string
		auth                         bool
		status                       int
		code                         string
	}{
		{"malformed JSON", "POST", "/api/v1/users", `{"email":`, j, false, 400, "bad_request"},
		{"not an object", "POST", "/api/v1/users", `[1,2]`, j, false, 400, "bad_request"},
		{"empty body", "POST", "/api/v1/users", ``, j, false, 400, "bad_request"},
		{"two objects", "POST", "/api/v1/users", `{"email":"x@example.com","password":"0123456789"}{}`, j, false, 400, "bad_request"},
		{"unknown field", "POST", "/api/v1/users", `{"email":"x@example.com","password":"0123456789","admin":true}`, j, false, 400, "bad_request"},
		{"wrong type", "POST", "/api/v1/users", `{"email":42,"password":"0123456789"}`, j, false, 400, "bad_request"},
		{"huge body", "POST", "/api/v1/users", big, j, false, 413, "too_large"},
		{"not JSON content type", "POST", "/api/v1/users", `email=x`, "application/x-www-form-urlencoded", false, 415, "unsupported_media_type"},
		{"short password", "POST", "/api/v1/users", `{"email":"x@example.com","password":"short"}`, j, false, 422, "invalid"},
		{"bad e-mail", "POST", "/api/v1/users", `{"email":"not-an-address","password":"0123456789"}`, j, false, 422, "invalid"},
		{"wrong password", "POST", "/api/v1/sessions", `{"email":"bad@example.com","password":"0123456789"}`, j, false, 401, "unauthorized"},
		{"bad month", "GET", "/api/v1/spending?month=2026-13", "", "", true, 400, "bad_request"},
		{"bad month format", "GET", "/api/v1/transactions?month=november", "", "", true, 400, "bad_request"},
		{"bad limit", "GET", "/api/v1/transactions?limit=0", "", "", true, 400, "bad_request"},
		{"limit too big", "GET", "/api/v1/transactions?limit=100000", "", "", true, 400, "bad_request"},
		{"limit not a number", "GET", "/api/v1/transactions?limit=ten", "", "", true, 400, "bad_request"},
		{"bad cursor", "GET", "/api/v1/transactions?cursor=!!", "", "", true, 400, "bad_request"},
		{"forged cursor", "GET", "/api/v1/transactions?cursor=YWJj", "", "", true, 400, "bad_request"},
		{"bad id", "GET", "/api/v1/accounts/abc", "", "", true, 404, "not_found"},
		{"negative id", "GET", "/api/v1/transactions/-3", "", "", true, 404, "not_found"},
		{"missing id", "GET", "/api/v1/transactions/999999", "", "", true, 404, "not_found"},
		{"unknown category", "PATCH", "/api/v1/transactions/1", `{"category":"yachts"}`, j, true, 422, "invalid"},
		{"patch without category", "PATCH", "/api/v1/transactions/1", `{}`, j, true, 422, "invalid"},
		{"link: bad connector", "POST", "/api/v1/accounts", `{"connector":"plaid","url":"http://x/ofx","org":"a","fid":"1","login":"l","password":"p"}`, j, true, 422, "invalid"},
		{"link: bad url", "POST", "/api/v1/accounts", `{"connector":"ofx","url":"ftp://x/ofx","org":"a","fid":"1","login":"l","password":"p"}`, j, true, 422, "invalid"},
		{"link: no password", "POST", "/api/v1/accounts", `{"connector":"ofx","url":"http://x/ofx","org":"a","fid":"1","login":"l"}`, j, true, 422, "invalid"},
		{"link: bad account type", "POST", "/api/v1/accounts", `{"connector":"ofx","url":"http://x/ofx","org":"a","fid":"1","login":"l","password":"p","account_id":"1","bank_id":"2","account_type":"BROKERAGE"}`, j, true, 422, "invalid"},
		{"link: number as string", "POST", "/api/v1/accounts", `{"connector":"ofx","url":"http://x/ofx","org":"a","fid":1,"login":"l","password":"p"}`, j, true, 400, "bad_request"},
		{"unknown route", "GET", "/api/v1/nothing", "", "", true, 404, "not_found"},
		{"wrong method", "PUT", "/api/v1/accounts", "", "", true, 405, "method_not_allowed"},
	}
	for _, tc := range cases {
		cl := anon
		if tc.auth {
			cl = c
		}
		var body *bytes.Reader
		if tc.body != "" || tc.ct != "" {
			body = bytes.NewReader([]byte(tc.body))
		}
		var status int
		var b []byte
		if body == nil {
			status, b = cl.raw(tc.method, tc.path, nil, tc.ct)
		} else {
			status, b = cl.raw(tc.method, tc.path, body, tc.ct)
		}
		var e struct {
			Error struct{ Code, Message string }
		}
		if status != tc.status || jsonUnmarshal(b, &e) != nil || e.Error.Code != tc.code || e.Error.Message == "" {
			t.Errorf("%s: %d %s, want %d %s", tc.name, status, b, tc.status, tc.code)
		}
	}
	// Nothing was created by the refused requests.
	if got := c.accounts(); len(got) != 0 {
		t.Errorf("refused links created accounts: %+v", got)
	}
	c2 := signUp(t, anon, "x@example.com") // the e-mail refused above is still free
	if got := c2.accounts(); len(got) != 0 {
		t.Error("new user has accounts")
	}
	anon.do("POST", "/api/v1/users", map[string]string{"email": "X@example.com", "password": "0123456789ab"}, 409, nil)
}

// TestOperations: health, readiness, metrics and the OpenAPI document.
func TestOperations(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := newClient(t, a.base)
	for _, p := range []string{"/healthz", "/readyz"} {
		if status, b := c.raw("GET", p, nil, ""); status != 200 {
			t.Errorf("%s: %d %s", p, status, b)
		}
	}
	u := signUp(t, c, "ops@example.com")
	u.do("POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": a.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-4", "password": "secret-4",
	}, 202, nil)
	u.waitAccounts("ok", 60*time.Second, allStatus(2, centavo.AccountOK))
	u.do("GET", "/api/v1/spending", nil, 200, nil)
	status, b := c.raw("GET", "/metrics", nil, "")
	m := string(b)
	if status != 200 {
		t.Fatalf("/metrics: %d", status)
	}
	for _, want := range []string{
		`centavo_http_requests_total{method="GET",route="GET /api/v1/spending",status="200"} 1`,
		`centavo_http_requests_total{method="POST",route="POST /api/v1/users",status="201"} 1`,
		`centavo_jobs_total{kind="extract_account",outcome="ok"} 2`,
		`centavo_jobs_total{kind="discover_accounts",outcome="ok"} 1`,
		`centavo_transactions_ingested_total `,
		`go_goroutines `,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(m, `centavo_transactions_ingested_total 0`) {
		t.Error("no transaction counted as ingested")
	}
	status, b = c.raw("GET", "/api/openapi.json", nil, "")
	if status != 200 || !bytes.Contains(b, []byte(`"openapi": "3.1.0"`)) {
		t.Errorf("/api/openapi.json: %d", status)
	}
}
