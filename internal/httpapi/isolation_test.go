package httpapi_test

import (
	"bytes"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/httpapi/apitest"
)

// TestIsolation: user B's token can read, change or delete nothing of user
// A's, through every authenticated route; and no route answers without a
// valid token.
func TestIsolation(t *testing.T) {
	t.Parallel()
	f := setup(t)
	anon := newClient(t, f.base)
	a := newAliceState(t, f, signUp(t, anon, "alice@example.com"))
	bob := signUp(t, anon, "bob@example.com")

	tried := tryAsBob(t, f, bob, a)
	if status, _ := bob.Raw("GET", "/api/v1/me", nil, ""); status != 401 {
		t.Errorf("bob's token works after sign-out: %d", status)
	}

	// Every authenticated route of the document was tried.
	doc, err := apitest.Document(httpapi.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
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

	a.checkUnchanged(t)

	// Without a token, or with a bad one, every authenticated route is 401.
	bad := anon.With("1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	for route := range tried {
		method, path, _ := strings.Cut(route, " ")
		path = strings.ReplaceAll(path, "{id}", fmt.Sprint(a.acct))
		for _, c := range []*client{anon, bad} {
			if status, body := c.Raw(method, path, bytes.NewReader([]byte(`{}`)), "application/json"); status != 401 {
				t.Errorf("%s without a valid token: %d %s", route, status, body)
			}
		}
	}
}

// aliceState is what Alice has before Bob tries anything.
type aliceState struct {
	c        *client
	acct     int64
	page     txnsOut
	spending spendingOut
	txns     []txnOut
	hook     int64
	note     int64
	rule     int64
	token    int64
	category string // her own category's id
	condRule int64  // her rule with conditions
	goal     int64  // her goal on contributions, 12345 saved
	now      func() time.Time
	series   int64 // her confirmed recurring series
}

// newAliceState links Alice's bank and gives her an income, a budget,
// settings, a webhook, a notification and a rule.
func newAliceState(t *testing.T, f *fixture, alice *client) *aliceState {
	t.Helper()
	a := &aliceState{c: alice}
	accts := linkSandbox(alice, f, 2)
	a.acct = accts[0].ID
	alice.Do("GET", "/api/v1/transactions?limit=2", nil, 200, &a.page)
	alice.Do("GET", "/api/v1/spending", nil, 200, &a.spending)
	a.txns = alice.AllTransactions("")
	alice.Do("PATCH", "/api/v1/me", map[string]any{"monthly_income_cents": 700000}, 200, nil)
	alice.Do("PUT", "/api/v1/budgets/food", map[string]any{"amount_cents": 12345}, 200, nil)
	alice.Do("PUT", "/api/v1/me/notification-settings", map[string]any{"webhooks": true, "thresholds": []int{50, 100}}, 200, nil)
	var hook struct{ ID int64 }
	alice.Do("POST", "/api/v1/me/webhooks", map[string]string{"url": "https://example.com/hook"}, 201, &hook)
	a.hook = hook.ID
	var inbox struct{ Notifications []struct{ ID int64 } }
	alice.Do("GET", "/api/v1/notifications", nil, 200, &inbox)
	if len(inbox.Notifications) == 0 {
		t.Fatal("alice has no notification after linking")
	}
	a.note = inbox.Notifications[0].ID
	second := a.page.Transactions[1]
	alice.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", second.ID), map[string]any{"category": second.Category, "apply_to_future": true}, 200, nil)
	var rules struct{ Rules []struct{ ID int64 } }
	alice.Do("GET", "/api/v1/rules", nil, 200, &rules)
	if len(rules.Rules) != 1 {
		t.Fatalf("alice's rules: %+v", rules)
	}
	a.rule = rules.Rules[0].ID
	a.token = tokensOf(alice)[0].ID
	var own struct{ ID string }
	alice.Do("POST", "/api/v1/categories", map[string]string{"name": "Coffee", "parent": "restaurants"}, 201, &own)
	a.category = own.ID
	var made struct{ Rule struct{ ID int64 } }
	alice.Do("POST", "/api/v1/rules", map[string]any{"conditions": map[string]any{"account_id": a.acct}, "actions": map[string]any{"tags": []string{"alice"}}}, 201, &made)
	a.condRule = made.Rule.ID
	var goal struct{ ID int64 }
	alice.Do("POST", "/api/v1/goals", map[string]any{"name": "Boat", "target_cents": 99999, "target_date": centavo.DayOf(f.now()).Time().AddDate(1, 0, 0).Format("2006-01-02")}, 201, &goal)
	a.goal, a.now = goal.ID, f.now
	alice.Do("POST", fmt.Sprintf("/api/v1/goals/%d/contributions", goal.ID), map[string]any{"amount_cents": 12345}, 201, nil)
	a.series = giveSeries(t, f, alice)
	return a
}

// tryAsBob aims every authenticated route at Alice's things with Bob's
// token, signs Bob out last, and returns the routes tried.
func tryAsBob(t *testing.T, f *fixture, bob *client, a *aliceState) map[string]bool {
	t.Helper()
	tried := map[string]bool{}
	try := func(route, method, path string, body any, want int) []byte {
		t.Helper()
		tried[route] = true
		return bob.Do(method, path, body, want, nil)
	}
	tx := a.page.Transactions[0]
	var bobAccts accountsOut
	try("GET /api/v1/accounts", "GET", "/api/v1/accounts", nil, 200)
	bob.Do("GET", "/api/v1/accounts", nil, 200, &bobAccts)
	if len(bobAccts.Accounts) != 0 {
		t.Errorf("bob lists %d accounts", len(bobAccts.Accounts))
	}
	try("GET /api/v1/accounts/{id}", "GET", fmt.Sprintf("/api/v1/accounts/%d", a.acct), nil, 404)
	try("POST /api/v1/accounts/{id}/refresh", "POST", fmt.Sprintf("/api/v1/accounts/%d/refresh", a.acct), nil, 404)
	try("PUT /api/v1/accounts/{id}/credentials", "PUT", fmt.Sprintf("/api/v1/accounts/%d/credentials", a.acct),
		map[string]string{"login": "demo-2", "password": "bob-was-here"}, 404)
	try("GET /api/v1/institutions", "GET", "/api/v1/institutions?q=chase", nil, 200)
	try("DELETE /api/v1/accounts/{id}", "DELETE", fmt.Sprintf("/api/v1/accounts/%d", a.acct), nil, 404)
	try("GET /api/v1/accounts/{id}/holdings", "GET", fmt.Sprintf("/api/v1/accounts/%d/holdings", a.acct), nil, 404)
	try("PUT /api/v1/accounts/{id}/balance", "PUT", fmt.Sprintf("/api/v1/accounts/%d/balance", a.acct), map[string]any{"balance_cents": 1}, 404)
	try("GET /api/v1/accounts/{id}/balances", "GET", fmt.Sprintf("/api/v1/accounts/%d/balances", a.acct), nil, 404)
	var bobWorth netWorthOut
	if err := jsonUnmarshal(try("GET /api/v1/networth", "GET", "/api/v1/networth?interval=day", nil, 200), &bobWorth); err != nil {
		t.Fatal(err)
	}
	for _, p := range bobWorth.Points {
		if p.AssetsCents != 0 || p.LiabilitiesCents != 0 {
			t.Fatalf("bob's net worth counts alice's accounts: %+v", p)
		}
	}
	tried["POST /api/v1/accounts/{id}/imports"] = true
	if status, body := importFile(bob, a.acct, "mine.csv", "Date,Description,Amount\n2026-01-02,BOB'S CAFE,-3.00\n"); status != 404 {
		t.Errorf("bob imported into alice's account: %d %s", status, body)
	}
	try("POST /api/v1/accounts", "POST", "/api/v1/accounts", map[string]string{
		"connector": "ofx", "url": f.base + "/sandbox/ofx", "org": "S", "fid": "1", "login": "demo-9", "password": "wrong-password-9",
	}, 202)
	for _, q := range []string{"", "?account_id=" + fmt.Sprint(a.acct), "?month=" + centavo.MonthOf(f.now()).String(), "?cursor=" + url.QueryEscape(derefOr(a.page.NextCursor))} {
		var got txnsOut
		b := try("GET /api/v1/transactions", "GET", "/api/v1/transactions"+q, nil, 200)
		if err := jsonUnmarshal(b, &got); err != nil || len(got.Transactions) != 0 {
			t.Errorf("bob's transactions%s: %s", q, b)
		}
	}
	for _, format := range []string{"csv", "json"} {
		b := try("GET /api/v1/transactions/export", "GET", "/api/v1/transactions/export?format="+format+"&account_id="+fmt.Sprint(a.acct), nil, 200)
		if bytes.Contains(b, []byte(tx.Seller)) || bytes.Count(b, []byte("\n")) > 1 {
			t.Errorf("bob's %s export holds rows: %s", format, b)
		}
	}
	try("GET /api/v1/me/export", "GET", "/api/v1/me/export", nil, 200) // bob's own (TestMeExport reads one)
	try("GET /api/v1/transactions/{id}", "GET", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), nil, 404)
	try("PATCH /api/v1/transactions/{id}", "PATCH", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), map[string]string{"category": "gifts_donations"}, 404)
	bob.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), map[string]any{"hidden": true, "notes": "bob"}, 404, nil)
	try("PUT /api/v1/transactions/{id}/splits", "PUT", fmt.Sprintf("/api/v1/transactions/%d/splits", tx.ID), map[string]any{"splits": []map[string]any{
		{"amount_cents": tx.AmountCents - 1, "category": "food"}, {"amount_cents": 1, "category": "food"}}}, 404)
	try("DELETE /api/v1/transactions/{id}/splits", "DELETE", fmt.Sprintf("/api/v1/transactions/%d/splits", tx.ID), nil, 404)
	try("DELETE /api/v1/transactions/{id}", "DELETE", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), nil, 404)
	try("POST /api/v1/transactions", "POST", "/api/v1/transactions", map[string]any{"account_id": a.acct, "posted_at": "2026-01-02", "amount_cents": -100, "merchant": "Bob"}, 404)
	try("POST /api/v1/transactions/{id}/pair", "POST", fmt.Sprintf("/api/v1/transactions/%d/pair", tx.ID), map[string]int64{"with": a.page.Transactions[1].ID}, 404)
	var bobSpending spendingOut
	b := try("GET /api/v1/spending", "GET", "/api/v1/spending", nil, 200)
	if err := jsonUnmarshal(b, &bobSpending); err != nil || bobSpending.TotalSpentCents != 0 || len(bobSpending.Categories) != 0 {
		t.Errorf("bob's spending: %s", b)
	}
	var bobFlow cashflowOut
	b = try("GET /api/v1/cashflow", "GET", "/api/v1/cashflow", nil, 200)
	if err := jsonUnmarshal(b, &bobFlow); err != nil || len(bobFlow.Months) != 12 {
		t.Errorf("bob's cash flow: %s", b)
	}
	for _, m := range bobFlow.Months {
		if m.IncomeCents != 0 || m.SpendingCents != 0 {
			t.Errorf("bob's cash flow has alice's money: %s", b)
		}
	}
	var bobMe struct{ Email string }
	b = try("GET /api/v1/me", "GET", "/api/v1/me", nil, 200)
	if err := jsonUnmarshal(b, &bobMe); err != nil || bobMe.Email != "bob@example.com" {
		t.Errorf("bob's /me: %s", b)
	}
	if b := try("GET /api/v1/categories", "GET", "/api/v1/categories", nil, 200); strings.Contains(string(b), a.category) {
		t.Errorf("bob sees alice's category: %s", b)
	}
	try("POST /api/v1/categories", "POST", "/api/v1/categories", map[string]string{"name": "Coffee", "parent": "restaurants"}, 201)
	try("PATCH /api/v1/categories/{id}", "PATCH", "/api/v1/categories/"+a.category, map[string]string{"name": "Bob's"}, 404)
	try("DELETE /api/v1/categories/{id}", "DELETE", "/api/v1/categories/"+a.category, nil, 404)
	bob.Do("PUT", "/api/v1/budgets/"+a.category, map[string]any{"amount_cents": 1}, 404, nil)
	bob.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), map[string]string{"category": a.category}, 404, nil)
	tryBobsSettings(t, bob, try, a)
	return tried
}

// tryBobsSettings is the second half of tryAsBob: budgets, settings,
// webhooks, notifications, rules and signing out.
func tryBobsSettings(t *testing.T, bob *client, try func(route, method, path string, body any, want int) []byte, a *aliceState) {
	t.Helper()
	var bobBudgets struct {
		Budgets []struct {
			Category, Source string
			BudgetCents      int64 `json:"budget_cents"`
		}
	}
	b := try("GET /api/v1/budgets", "GET", "/api/v1/budgets", nil, 200)
	if err := jsonUnmarshal(b, &bobBudgets); err != nil {
		t.Fatal(err)
	}
	for _, l := range bobBudgets.Budgets {
		if l.Source != "none" || l.BudgetCents != 0 { // bob never set an income: no budget at all

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
	try("DELETE /api/v1/me/webhooks/{id}", "DELETE", fmt.Sprintf("/api/v1/me/webhooks/%d", a.hook), nil, 404)
	tryGoals(t, bob, a, try)
	b = try("GET /api/v1/notifications", "GET", "/api/v1/notifications", nil, 200)
	if strings.Contains(string(b), fmt.Sprintf(`"id":%d,`, a.note)) {
		t.Errorf("bob sees alice's notification: %s", b)
	}
	try("POST /api/v1/notifications/{id}/read", "POST", fmt.Sprintf("/api/v1/notifications/%d/read", a.note), nil, 404)
	try("PATCH /api/v1/me", "PATCH", "/api/v1/me", map[string]any{"monthly_income_cents": 1}, 200)
	b = try("GET /api/v1/rules", "GET", "/api/v1/rules", nil, 200)
	if !strings.Contains(string(b), `"rules":[]`) {
		t.Errorf("bob sees rules: %s", b)
	}
	try("POST /api/v1/rules/{id}/apply", "POST", fmt.Sprintf("/api/v1/rules/%d/apply", a.rule), nil, 404)
	try("DELETE /api/v1/rules/{id}", "DELETE", fmt.Sprintf("/api/v1/rules/%d", a.rule), nil, 404)
	if !strings.Contains(string(b), `"condition_rules":[]`) {
		t.Errorf("bob sees rules with conditions: %s", b)
	}
	onAlices := map[string]any{"conditions": map[string]any{"account_id": a.acct}, "actions": map[string]any{"hidden": true}}
	try("POST /api/v1/rules", "POST", "/api/v1/rules", onAlices, 422)
	try("POST /api/v1/rules/preview", "POST", "/api/v1/rules/preview", onAlices, 422)
	b = try("POST /api/v1/rules/preview", "POST", "/api/v1/rules/preview", map[string]any{"conditions": map[string]any{"amount_max_cents": 0}, "actions": map[string]any{"hidden": true}}, 200)
	if !strings.Contains(string(b), `"matches":0,"sample":[]`) {
		t.Errorf("bob's preview sees transactions: %s", b)
	}
	try("PATCH /api/v1/rules/{id}", "PATCH", fmt.Sprintf("/api/v1/rules/%d", a.condRule), map[string]any{"position": 1}, 404)
	var bobSeries struct{ Recurring []struct{ ID int64 } }
	if err := jsonUnmarshal(try("GET /api/v1/recurring", "GET", "/api/v1/recurring", nil, 200), &bobSeries); err != nil || len(bobSeries.Recurring) != 0 {
		t.Errorf("bob lists recurring series: %+v, %v", bobSeries, err)
	}
	var bobUpcoming struct{ Upcoming []struct{ RecurringID int64 } }
	if err := jsonUnmarshal(try("GET /api/v1/recurring/upcoming", "GET", "/api/v1/recurring/upcoming?days=366", nil, 200), &bobUpcoming); err != nil || len(bobUpcoming.Upcoming) != 0 {
		t.Errorf("bob lists upcoming charges: %+v, %v", bobUpcoming, err)
	}
	try("PATCH /api/v1/recurring/{id}", "PATCH", fmt.Sprintf("/api/v1/recurring/%d", a.series), map[string]any{"state": "ignored", "name": "bob"}, 404)
	bob.Do("POST", fmt.Sprintf("/api/v1/rules/%d/apply", a.condRule), nil, 404, nil)
	bob.Do("DELETE", fmt.Sprintf("/api/v1/rules/%d", a.condRule), nil, 404, nil)
	try("DELETE /api/v1/me", "DELETE", "/api/v1/me", map[string]string{"password": "not bob's password"}, 401)
	b = try("GET /api/v1/me/tokens", "GET", "/api/v1/me/tokens", nil, 200)
	if strings.Count(string(b), `"id":`) != 1 || strings.Contains(string(b), fmt.Sprintf(`"id":%d,`, a.token)) {
		t.Errorf("bob's tokens: %s", b)
	}
	try("DELETE /api/v1/me/tokens/{id}", "DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", a.token), nil, 404)
	try("POST /api/v1/me/password", "POST", "/api/v1/me/password", map[string]string{"current_password": "not bob's password", "new_password": "a fine new passphrase"}, 401)
	try("GET /api/v1/me/totp", "GET", "/api/v1/me/totp", nil, 200)
	try("POST /api/v1/me/totp", "POST", "/api/v1/me/totp", map[string]string{"password": "not bob's password"}, 401)
	try("POST /api/v1/me/totp/confirm", "POST", "/api/v1/me/totp/confirm", map[string]string{"code": "123456"}, 409)
	try("DELETE /api/v1/me/totp", "DELETE", "/api/v1/me/totp", map[string]string{"password": "not bob's password"}, 401)
	try("DELETE /api/v1/sessions", "DELETE", "/api/v1/sessions", nil, 204)
}

// checkUnchanged: Alice's data did not change, and her token still works.
func (a *aliceState) checkUnchanged(t *testing.T) {
	t.Helper()
	alice := a.c
	if got := alice.Accounts(); len(got) != 2 {
		t.Fatalf("alice has %d accounts", len(got))
	}
	tx := a.page.Transactions[0]
	var after txnOut
	alice.Do("GET", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), nil, 200, &after)
	if after.Category != tx.Category || after.CategorySource != tx.CategorySource {
		t.Errorf("alice's transaction changed: %+v → %+v", tx, after)
	}
	// The month of the first read, named: the clock may have turned a month since.
	var spending spendingOut
	alice.Do("GET", "/api/v1/spending?month="+a.spending.Month, nil, 200, &spending)
	if spending.TotalSpentCents != a.spending.TotalSpentCents {
		t.Errorf("alice's spending changed: %d → %d", a.spending.TotalSpentCents, spending.TotalSpentCents)
	}
	if n := len(alice.AllTransactions("")); n != len(a.txns) {
		t.Errorf("alice's transactions: %d → %d", len(a.txns), n)
	}
	var me struct {
		Income int64 `json:"monthly_income_cents"`
	}
	alice.Do("GET", "/api/v1/me", nil, 200, &me)
	b := alice.Do("GET", "/api/v1/budgets", nil, 200, nil)
	if me.Income != 700000 || !strings.Contains(string(b), `{"category":"food","budget_cents":12345,"source":"override"`) {
		t.Errorf("alice's income %d or food budget changed: %s", me.Income, b)
	}
	if b := alice.Do("GET", "/api/v1/me/notification-settings", nil, 200, nil); !strings.Contains(string(b), `"thresholds":[50,100]`) {
		t.Errorf("alice's settings changed: %s", b)
	}
	if b := alice.Do("GET", "/api/v1/categories", nil, 200, nil); !strings.Contains(string(b), `"id":"`+a.category+`","name":"Coffee"`) {
		t.Errorf("alice's category changed: %s", b)
	}
	var rules struct {
		Rules          []struct{ ID int64 }
		ConditionRules []struct{ ID int64 } `json:"condition_rules"`
	}
	if alice.Do("GET", "/api/v1/rules", nil, 200, &rules); len(rules.Rules) != 1 || len(rules.ConditionRules) != 1 || rules.ConditionRules[0].ID != a.condRule {
		t.Errorf("alice's rules changed: %+v", rules)
	}
	if s := byMerchant(t, getRecurring(t, alice), "isolation"); s.ID != a.series || s.State != "confirmed" || s.Name != "Alice's" {
		t.Errorf("alice's recurring series changed: %+v", s)
	}
	if l := tokensOf(alice); len(l) != 1 || l[0].ID != a.token {
		t.Errorf("alice's tokens changed: %+v", l)
	}
	if b := alice.Do("GET", "/api/v1/me/webhooks", nil, 200, nil); !strings.Contains(string(b), "https://example.com/hook") {
		t.Errorf("alice's webhook is gone: %s", b)
	}
	var goal struct {
		Name  string
		Saved int64 `json:"saved_cents"`
	}
	if alice.Do("GET", fmt.Sprintf("/api/v1/goals/%d", a.goal), nil, 200, &goal); goal.Name != "Boat" || goal.Saved != 12345 {
		t.Errorf("alice's goal changed: %+v", goal)
	}
	var inbox struct{ Notifications []struct{ ID int64 } }
	alice.Do("GET", "/api/v1/notifications?unread=true", nil, 200, &inbox)
	found := false
	for _, n := range inbox.Notifications {
		found = found || n.ID == a.note
	}
	if !found {
		t.Error("alice's notification was marked read by bob")
	}
}

// tryGoals aims the goals' routes at Alice's goal and account.
func tryGoals(t *testing.T, bob *client, a *aliceState, try func(route, method, path string, body any, want int) []byte) {
	t.Helper()
	if b := try("GET /api/v1/goals", "GET", "/api/v1/goals", nil, 200); !strings.Contains(string(b), `"goals":[]`) {
		t.Errorf("bob lists goals: %s", b)
	}
	next := centavo.DayOf(a.now()).Time().AddDate(2, 0, 0).Format("2006-01-02")
	try("POST /api/v1/goals", "POST", "/api/v1/goals", map[string]any{"name": "Hers", "target_cents": 5, "target_date": next, "account_id": a.acct}, 404)
	goal := fmt.Sprintf("/api/v1/goals/%d", a.goal)
	try("GET /api/v1/goals/{id}", "GET", goal, nil, 404)
	try("PATCH /api/v1/goals/{id}", "PATCH", goal, map[string]any{"name": "Bob's"}, 404)
	try("DELETE /api/v1/goals/{id}", "DELETE", goal, nil, 404)
	try("GET /api/v1/goals/{id}/contributions", "GET", goal+"/contributions", nil, 404)
	try("POST /api/v1/goals/{id}/contributions", "POST", goal+"/contributions", map[string]any{"amount_cents": -12345}, 404)
	var mine struct{ ID int64 }
	bob.Do("POST", "/api/v1/goals", map[string]any{"name": "Mine", "target_cents": 5, "target_date": next}, 201, &mine)
	bob.Do("PATCH", fmt.Sprintf("/api/v1/goals/%d", mine.ID), map[string]any{"account_id": a.acct}, 404, nil)
}
