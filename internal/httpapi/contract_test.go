package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/centavo/centavo"
)

// TestBadInput: malformed requests get a clear 4xx JSON error and change
// nothing.
func TestBadInput(t *testing.T) {
	t.Parallel()
	f := setup(t)
	anon := newClient(t, f.base)
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
		var status int
		var b []byte
		if tc.body != "" || tc.ct != "" {
			status, b = cl.Raw(tc.method, tc.path, bytes.NewReader([]byte(tc.body)), tc.ct)
		} else {
			status, b = cl.Raw(tc.method, tc.path, nil, tc.ct)
		}
		var e struct {
			Error struct{ Code, Message string }
		}
		if status != tc.status || jsonUnmarshal(b, &e) != nil || e.Error.Code != tc.code || e.Error.Message == "" {
			t.Errorf("%s: %d %s, want %d %s", tc.name, status, b, tc.status, tc.code)
		}
	}
	// Nothing was created by the refused requests.
	if got := c.Accounts(); len(got) != 0 {
		t.Errorf("refused links created accounts: %+v", got)
	}
	c2 := signUp(t, anon, "x@example.com") // the e-mail refused above is still free
	if got := c2.Accounts(); len(got) != 0 {
		t.Error("new user has accounts")
	}
	anon.Do("POST", "/api/v1/users", map[string]string{"email": "X@example.com", "password": "another strong passphrase"}, 409, nil)
}

// TestOperations: health, readiness (and its failing while the process
// drains) and the OpenAPI document. The request and job counters of
// /metrics are checked on the whole process, in cmd/centavo.
func TestOperations(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := newClient(t, f.base)
	for _, p := range []string{"/healthz", "/readyz"} {
		if status, b := c.Raw("GET", p, nil, ""); status != 200 {
			t.Errorf("%s: %d %s", p, status, b)
		}
	}
	status, b := c.Raw("GET", "/api/openapi.json", nil, "")
	if status != 200 || !bytes.Contains(b, []byte(`"openapi": "3.1.0"`)) {
		t.Errorf("/api/openapi.json: %d", status)
	}
	f.draining.Store(true)
	status, b = c.Raw("GET", "/readyz", nil, "")
	var ready struct{ Status string }
	if status != 503 || json.Unmarshal(b, &ready) != nil || ready.Status != "draining" {
		t.Errorf("/readyz while draining: %d %s, want 503 draining", status, b)
	}
	if status, b := c.Raw("GET", "/healthz", nil, ""); status != 200 {
		t.Errorf("/healthz while draining: %d %s, want 200 (alive, only not ready)", status, b)
	}
}

// TestOverride: a manual category change answers with the transaction
// filed by the user, moves the month's aggregates at once, takes the
// amount out of spending when filed under income, is kept by a refresh,
// and refuses unknown categories.
func TestOverride(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "ovr@example.com")
	linkSandbox(c, f, 3)
	// Without ?month=, the clock's month (read before and after: it may turn).
	var current spendingOut
	callMonth := centavo.MonthOf(f.now()).String()
	c.Do("GET", "/api/v1/spending", nil, 200, &current)
	if after := centavo.MonthOf(f.now()).String(); current.Month != callMonth && current.Month != after {
		t.Errorf("spending without a month is of %s, want the clock's %s", current.Month, callMonth)
	}
	month := centavo.MonthOf(f.now()).Add(-1).String()
	var page txnsOut
	c.Do("GET", "/api/v1/transactions?month="+month+"&limit=500", nil, 200, &page)
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
	path := fmt.Sprintf("/api/v1/transactions/%d", target.ID)
	var before spendingOut
	c.Do("GET", "/api/v1/spending?month="+month, nil, 200, &before)
	var updated txnOut
	c.Do("PATCH", path, map[string]string{"category": "gifts_donations"}, 200, &updated)
	if updated.Category != "gifts_donations" || updated.CategorySource != "user" {
		t.Fatalf("after PATCH: %+v", updated)
	}
	if updated.ID != target.ID || updated.AmountCents != target.AmountCents || !updated.PostedAt.Equal(target.PostedAt) {
		t.Errorf("PATCH answered another transaction: %+v, want %+v", updated, target)
	}
	var after spendingOut
	c.Do("GET", "/api/v1/spending?month="+month, nil, 200, &after)
	if after.TotalSpentCents != before.TotalSpentCents {
		t.Errorf("total moved from %d to %d", before.TotalSpentCents, after.TotalSpentCents)
	}
	if d := after.SpentIn("gifts_donations") - before.SpentIn("gifts_donations"); d != -target.AmountCents {
		t.Errorf("gifts_donations moved by %d, want %d", d, -target.AmountCents)
	}
	if d := after.SpentIn(target.Category) - before.SpentIn(target.Category); d != target.AmountCents {
		t.Errorf("%s moved by %d, want %d", target.Category, d, target.AmountCents)
	}
	// Moving it to income takes it out of spending.
	c.Do("PATCH", path, map[string]string{"category": "income"}, 200, nil)
	c.Do("GET", "/api/v1/spending?month="+month, nil, 200, &after)
	if after.TotalSpentCents != before.TotalSpentCents+target.AmountCents {
		t.Errorf("after filing under income: total %d, want %d", after.TotalSpentCents, before.TotalSpentCents+target.AmountCents)
	}
	// A refresh does not undo the manual choice.
	c.RefreshAll(c.Accounts())
	var kept txnOut
	c.Do("GET", path, nil, 200, &kept)
	if kept.Category != "income" || kept.CategorySource != "user" {
		t.Errorf("override not kept after refresh: %+v", kept)
	}
	c.Do("PATCH", path, map[string]string{"category": "no-such-category"}, 422, nil)
	c.Do("GET", path, nil, 200, &kept)
	if kept.Category != "income" || kept.CategorySource != "user" {
		t.Errorf("a refused PATCH changed the transaction: %+v", kept)
	}
}
