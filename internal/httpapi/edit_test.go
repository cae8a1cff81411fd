package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/pgtest"
)

// TestEditTransactions (issue 17, items 1 and 2) through the API on the
// embedded defaults: transactions added by hand to a manual account (and
// refused for an unknown account, bad values), notes and tags (cleaned,
// bounded), hiding and splitting moving /spending and /cashflow and back,
// invalid splits and edits changing nothing, a display rename for the
// merchant's future transactions, deleting what was added by hand only —
// and verify clean at the end.
func TestEditTransactions(t *testing.T) {
	t.Parallel()
	testEditTransactions(t, setup(t))
}

// TestEditTransactionsPostgres is TestEditTransactions on PostgreSQL (the
// objects in the data folder, as on the embedded defaults).
func TestEditTransactionsPostgres(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--database-url", pgtest.Schema(t))
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	testEditTransactions(t, f)
}

func testEditTransactions(t *testing.T, f *fixture) {
	c := signUp(t, newClient(t, f.base), "edit@example.com")
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	wallet := cash.Accounts[0].ID
	month := centavo.MonthOf(f.now()).Add(-1)
	day := func(d int) string { return month.Start().AddDate(0, 0, d).Format("2006-01-02") }

	add := func(body map[string]any) txnOut {
		t.Helper()
		var out txnOut
		c.Do("POST", "/api/v1/transactions", body, 201, &out)
		return out
	}
	market := add(map[string]any{"account_id": wallet, "posted_at": day(2), "amount_cents": -6000, "merchant": "Corner Market", "category": "food", "notes": "weekly shop"})
	if market.Category != "food" || market.CategorySource != "user" || market.Notes != "weekly shop" || market.Currency != "USD" ||
		market.PostedAt.Format("2006-01-02") != day(2) || market.AccountID != wallet {
		t.Fatalf("added %+v", market)
	}
	paid := add(map[string]any{"account_id": wallet, "posted_at": month.Start().AddDate(0, 0, 1).Format("2006-01-02T15:04:05Z"), "amount_cents": 200000, "merchant": "Salary", "category": "income"})
	guessed := add(map[string]any{"account_id": wallet, "posted_at": day(3), "amount_cents": -1500, "merchant": "SHELL OIL 123"})
	if guessed.CategorySource == "user" || guessed.Category == "" {
		t.Errorf("a transaction without a category was not categorized: %+v", guessed)
	}
	for name, body := range map[string]map[string]any{
		"zero amount":      {"account_id": wallet, "posted_at": day(1), "amount_cents": 0, "merchant": "X"},
		"bad date":         {"account_id": wallet, "posted_at": "yesterday", "amount_cents": -1, "merchant": "X"},
		"unknown category": {"account_id": wallet, "posted_at": day(1), "amount_cents": -1, "merchant": "X", "category": "yachts"},
		"no merchant":      {"account_id": wallet, "posted_at": day(1), "amount_cents": -1, "merchant": " "},
		"long notes":       {"account_id": wallet, "posted_at": day(1), "amount_cents": -1, "merchant": "X", "notes": strings.Repeat("é", 1001)},
	} {
		if status, body := c.Raw("POST", "/api/v1/transactions", strings.NewReader(mustJSON(t, body)), "application/json"); status != 422 {
			t.Errorf("%s: %d %s, want 422", name, status, body)
		}
	}
	c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": 999999, "posted_at": day(1), "amount_cents": -1, "merchant": "X"}, 404, nil)

	spent := func() (spendingOut, int64) {
		t.Helper()
		var s spendingOut
		c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &s)
		var flow cashflowOut
		c.Do("GET", fmt.Sprintf("/api/v1/cashflow?from=%s&to=%s", month, month), nil, 200, &flow)
		if flow.Months[0].SpendingCents != s.TotalSpentCents {
			t.Errorf("cash flow spending %d, /spending %d", flow.Months[0].SpendingCents, s.TotalSpentCents)
		}
		return s, flow.Months[0].IncomeCents
	}
	before, income := spent()
	if before.SpentIn("food") != 6000 || before.TotalSpentCents != 7500 || income != 200000 {
		t.Fatalf("before the edits: %+v, income %d", before, income)
	}

	path := func(id int64) string { return fmt.Sprintf("/api/v1/transactions/%d", id) }
	// Notes and tags: trimmed, repeats dropped keeping the first spelling.
	var got txnOut
	c.Do("PATCH", path(market.ID), map[string]any{"notes": "for the party", "tags": []string{" Party ", "family", "PARTY", "Family "}}, 200, &got)
	if got.Notes != "for the party" || !reflect.DeepEqual(got.Tags, []string{"Party", "family"}) || got.Category != "food" {
		t.Errorf("notes and tags: %+v", got)
	}
	tooMany := make([]string, 21)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("t%d", i)
	}
	for name, body := range map[string]map[string]any{
		"empty tag":       {"tags": []string{"ok", "  "}, "hidden": true},
		"long tag":        {"tags": []string{strings.Repeat("x", 51)}, "hidden": true},
		"21 tags":         {"tags": tooMany, "hidden": true},
		"long notes":      {"notes": strings.Repeat("n", 1001), "hidden": true},
		"bad category":    {"category": "yachts", "hidden": true},
		"nothing":         {},
		"future, no what": {"apply_to_future": true, "hidden": true},
	} {
		if status, body := c.Raw("PATCH", path(market.ID), strings.NewReader(mustJSON(t, body)), "application/json"); status != 422 {
			t.Errorf("%s: %d %s, want 422", name, status, body)
		}
	}
	if s, _ := spent(); !reflect.DeepEqual(s, before) {
		t.Errorf("refused edits moved spending: %+v", s)
	}

	// Hidden: out of spending and cash flow; shown again: back.
	c.Do("PATCH", path(market.ID), map[string]any{"hidden": true, "notes": "refunded elsewhere"}, 200, &got)
	if !got.Hidden || got.Notes != "refunded elsewhere" {
		t.Errorf("hidden: %+v", got)
	}
	c.Do("PATCH", path(paid.ID), map[string]any{"hidden": true}, 200, nil)
	if s, inc := spent(); s.SpentIn("food") != 0 || s.TotalSpentCents != 1500 || inc != 0 {
		t.Errorf("hidden: spending %+v, income %d", s, inc)
	}
	c.Do("PATCH", path(market.ID), map[string]any{"hidden": false}, 200, nil)
	c.Do("PATCH", path(paid.ID), map[string]any{"hidden": false}, 200, nil)
	if s, inc := spent(); !reflect.DeepEqual(s, before) || inc != income {
		t.Errorf("shown again: %+v, income %d", s, inc)
	}

	// Splits: refused unless exact; then spending follows the parts.
	splits := path(market.ID) + "/splits"
	for name, parts := range map[string][]map[string]any{
		"one part":    {{"amount_cents": -6000, "category": "food"}},
		"short":       {{"amount_cents": -4000, "category": "food"}, {"amount_cents": -1000, "category": "shopping"}},
		"wrong sign":  {{"amount_cents": -7000, "category": "food"}, {"amount_cents": 1000, "category": "shopping"}},
		"zero part":   {{"amount_cents": -6000, "category": "food"}, {"amount_cents": 0, "category": "shopping"}},
		"unknown cat": {{"amount_cents": -4000, "category": "food"}, {"amount_cents": -2000, "category": "yachts"}},
	} {
		if status, body := c.Raw("PUT", splits, strings.NewReader(mustJSON(t, map[string]any{"splits": parts})), "application/json"); status != 422 {
			t.Errorf("split %s: %d %s, want 422", name, status, body)
		}
	}
	c.Do("PUT", splits, map[string]any{"splits": []map[string]any{
		{"amount_cents": -4000, "category": "food"}, {"amount_cents": -2000, "category": "shopping", "notes": "balloons"},
	}}, 200, &got)
	if got.Category != "food" || len(got.Splits) != 2 || got.Splits[1].Notes != "balloons" {
		t.Errorf("split: %+v", got)
	}
	if s, _ := spent(); s.SpentIn("food") != 4000 || s.SpentIn("shopping") != 2000 || s.TotalSpentCents != 7500 {
		t.Errorf("split: spending %+v", s)
	}
	c.Do("DELETE", splits, nil, 200, &got)
	if len(got.Splits) != 0 {
		t.Errorf("unsplit: %+v", got)
	}
	if s, _ := spent(); !reflect.DeepEqual(s, before) {
		t.Errorf("unsplit: spending %+v", s)
	}
	// A split part and an edit may name one's own category (not another's).
	var treats struct {
		ID string `json:"id"`
	}
	c.Do("POST", "/api/v1/categories", map[string]string{"name": "Treats", "parent": "food"}, 201, &treats)
	c.Do("PUT", splits, map[string]any{"splits": []map[string]any{
		{"amount_cents": -5000, "category": "food"}, {"amount_cents": -1000, "category": treats.ID}}}, 200, &got)
	if s, _ := spent(); s.SpentIn(treats.ID) != 1000 || s.SpentIn("food") != 5000 {
		t.Errorf("a part under an own category: %+v", s)
	}
	for _, bad := range []string{"food.999999", "restaurants.1x"} {
		if status, body := c.Raw("PUT", splits, strings.NewReader(mustJSON(t, map[string]any{"splits": []map[string]any{
			{"amount_cents": -5000, "category": "food"}, {"amount_cents": -1000, "category": bad}}})), "application/json"); status != 422 {
			t.Errorf("a part under %q: %d %s", bad, status, body)
		}
		if status, body := c.Raw("PATCH", path(market.ID), strings.NewReader(mustJSON(t, map[string]any{"category": bad, "notes": "x"})), "application/json"); status != 422 {
			t.Errorf("an edit to %q: %d %s", bad, status, body)
		}
	}
	c.Do("DELETE", splits, nil, 200, nil)

	// One PATCH of several fields is one change.
	c.Do("PATCH", path(guessed.ID), map[string]any{"category": "gas", "merchant": "Shell", "tags": []string{"car"}, "hidden": false}, 200, &got)
	if got.Category != "gas" || got.CategorySource != "user" || got.Merchant != "Shell" || !reflect.DeepEqual(got.Tags, []string{"car"}) {
		t.Errorf("several fields: %+v", got)
	}

	// A display name for the merchant's future transactions (a file account).
	files := newFileAccount(c)
	mustImportFile(c, files, "a.csv", fmt.Sprintf("Date,Description,Amount\n%s,BLUE BOTTLE COFFEE 22,-4.50\n", day(5)))
	coffee := c.AllTransactions(fmt.Sprintf("&account_id=%d", files))[0]
	c.Do("PATCH", path(coffee.ID), map[string]any{"merchant": "Morning coffee", "apply_to_future": true}, 200, &got)
	mustImportFile(c, files, "b.csv", fmt.Sprintf("Date,Description,Amount\n%s,BLUE BOTTLE COFFEE 22,-5.00\n", day(6)))
	for _, tx := range c.AllTransactions(fmt.Sprintf("&account_id=%d", files)) {
		if tx.Merchant != "Morning coffee" {
			t.Errorf("after a rename for the future: %+v", tx)
		}
	}
	// Only what was added by hand can be deleted.
	c.Do("DELETE", path(coffee.ID), nil, 422, nil)
	c.Do("DELETE", path(guessed.ID), nil, 204, nil)
	c.Do("GET", path(guessed.ID), nil, 404, nil)
	c.Do("PUT", fmt.Sprintf("/api/v1/transactions/%d/splits", guessed.ID), map[string]any{"splits": []map[string]any{
		{"amount_cents": -1, "category": "food"}, {"amount_cents": -1, "category": "food"}}}, 404, nil)
	if s, _ := spent(); s.TotalSpentCents != 6000+950 {
		t.Errorf("after deleting: %+v", s)
	}
	for _, st := range f.app.Shards {
		if r, err := st.Verify(context.Background()); err != nil || !r.OK() {
			t.Errorf("verify: %+v, %v", r, err)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
