package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/pgtest"
)

type ownCategoryOut struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	Parent *string `json:"parent"`
}

type categoryListOut struct {
	Categories []ownCategoryOut `json:"categories"`
}

type ownBudgetsOut struct {
	Budgets []struct {
		Category    string `json:"category"`
		Parent      string `json:"parent"`
		Name        string `json:"name"`
		BudgetCents int64  `json:"budget_cents"`
		SpentCents  int64  `json:"spent_cents"`
	} `json:"budgets"`
}

// TestOwnCategories (issue 17, item 3): a user makes a category under a
// fixed one, files a transaction under it, budgets for it and sees it in
// spending with its parent; the parent's budget counts it; another user
// cannot use its id; renaming keeps the id; removing it files its
// transactions back under the parent, with the aggregates (verify clean).
func TestOwnCategories(t *testing.T) {
	t.Parallel()
	testOwnCategories(t, setupInOneMonth(t)) // its budgets are this month's
}

// TestOwnCategoriesPostgres is TestOwnCategories on PostgreSQL.
func TestOwnCategoriesPostgres(t *testing.T) {
	t.Parallel()
	testOwnCategories(t, setupInOneMonth(t, "--database-url", pgtest.Schema(t)))
}

// setupOn is setup with serve's flags (another database).
func setupOn(t testing.TB, args ...string) *fixture {
	t.Helper()
	a := apptest.Start(t, args...)
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	return f
}

func testOwnCategories(t *testing.T, f *fixture) {
	c := signUp(t, newClient(t, f.base), "own-categories@example.com")
	other := signUp(t, newClient(t, f.base), "own-categories-2@example.com")
	month := centavo.MonthOf(f.now())
	day := month.Start().Format("2006-01-02")
	acct := newFileAccount(c)
	mustImportFile(c, acct, "export.csv", "Date,Description,Amount\n"+day+",ZORBLAX ESPRESSO BAR,-4.50\n"+day+",QUUXLY DINER,-20.00\n")
	theirs := newFileAccount(other)
	mustImportFile(other, theirs, "export.csv", "Date,Description,Amount\n"+day+",ZORBLAX ESPRESSO BAR,-3.00\n")

	var coffee ownCategoryOut
	c.Do("POST", "/api/v1/categories", map[string]string{"name": " Coffee ", "parent": "restaurants"}, 201, &coffee)
	if !strings.HasPrefix(coffee.ID, "restaurants.") || coffee.Name != "Coffee" || coffee.Parent == nil || *coffee.Parent != "restaurants" || coffee.Kind != "spending" {
		t.Fatalf("created: %+v", coffee)
	}
	c.Do("POST", "/api/v1/categories", map[string]string{"name": "COFFEE", "parent": "restaurants"}, 409, nil)
	c.Do("POST", "/api/v1/categories", map[string]string{"name": "Moves", "parent": "transfer"}, 422, nil)
	c.Do("POST", "/api/v1/categories", map[string]string{"name": "  ", "parent": "food"}, 422, nil)
	c.Do("POST", "/api/v1/categories", map[string]string{"name": "Coffee", "parent": coffee.ID}, 422, nil) // one level only

	var list categoryListOut
	c.Do("GET", "/api/v1/categories", nil, 200, &list)
	for i, cat := range list.Categories {
		if cat.ID == coffee.ID && (i == 0 || list.Categories[i-1].ID != "restaurants") {
			t.Fatalf("own category not right after its parent: %+v", list.Categories)
		}
		if cat.ID == "food" && cat.Parent != nil {
			t.Fatalf("a fixed category with a parent: %+v", cat)
		}
	}
	if len(list.Categories) != len(centavo.Categories())+1 {
		t.Fatalf("%d categories, want the fixed ones and one", len(list.Categories))
	}
	var others categoryListOut
	other.Do("GET", "/api/v1/categories", nil, 200, &others)
	if len(others.Categories) != len(centavo.Categories()) {
		t.Fatalf("another user sees %d categories", len(others.Categories))
	}

	espresso, diner := txnNamed(c, "Zorblax"), txnNamed(c, "Quuxly")
	var got txnOut
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", espresso.ID), map[string]any{"category": coffee.ID}, 200, &got)
	if got.Category != coffee.ID || got.CategorySource != centavo.SourceUser {
		t.Fatalf("filed: %+v", got)
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", diner.ID), map[string]any{"category": "restaurants"}, 200, nil)
	// Another user's own category is unknown to them, like any unknown id.
	mine := txnNamed(other, "Zorblax")
	other.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", mine.ID), map[string]any{"category": coffee.ID}, 422, nil)
	other.Do("PUT", "/api/v1/budgets/"+coffee.ID, map[string]any{"amount_cents": 1000}, 404, nil)
	other.Do("PATCH", "/api/v1/categories/"+coffee.ID, map[string]any{"name": "Mine"}, 404, nil)
	other.Do("DELETE", "/api/v1/categories/"+coffee.ID, nil, 404, nil)

	var sp spendingOut
	c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &sp)
	if sp.SpentIn(coffee.ID) != 450 || sp.SpentIn("restaurants") != 2000 || sp.TotalSpentCents != 2450 {
		t.Fatalf("spending: %+v", sp)
	}
	body := string(c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, nil))
	if !strings.Contains(body, `"category":"`+coffee.ID+`","parent":"restaurants"`) {
		t.Fatalf("spending without the parent of %s: %s", coffee.ID, body)
	}

	c.Do("PUT", "/api/v1/budgets/"+coffee.ID, map[string]any{"amount_cents": 1000}, 200, nil)
	c.Do("PUT", "/api/v1/budgets/restaurants", map[string]any{"amount_cents": 5000}, 200, nil)
	var b ownBudgetsOut
	c.Do("GET", "/api/v1/budgets", nil, 200, &b)
	lines := map[string][2]int64{}
	for _, l := range b.Budgets {
		lines[l.Category] = [2]int64{l.BudgetCents, l.SpentCents}
		if l.Category == coffee.ID && (l.Parent != "restaurants" || l.Name != "Coffee") {
			t.Fatalf("own budget line: %+v", l)
		}
	}
	if lines[coffee.ID] != [2]int64{1000, 450} || lines["restaurants"] != [2]int64{5000, 2450} {
		t.Fatalf("budgets: coffee %v, restaurants %v", lines[coffee.ID], lines["restaurants"])
	}

	var renamed ownCategoryOut
	c.Do("PATCH", "/api/v1/categories/"+coffee.ID, map[string]any{"name": "Cafés"}, 200, &renamed)
	if renamed.ID != coffee.ID || renamed.Name != "Cafés" {
		t.Fatalf("renamed: %+v", renamed)
	}

	c.Do("DELETE", "/api/v1/categories/"+coffee.ID, nil, 204, nil)
	c.Do("GET", fmt.Sprintf("/api/v1/transactions/%d", espresso.ID), nil, 200, &got)
	if got.Category != "restaurants" || got.CategorySource != centavo.SourceUser {
		t.Fatalf("after removing its category: %+v", got)
	}
	c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &sp)
	if sp.SpentIn(coffee.ID) != 0 || sp.SpentIn("restaurants") != 2450 || sp.TotalSpentCents != 2450 {
		t.Fatalf("spending after the removal: %+v", sp)
	}
	c.Do("GET", "/api/v1/budgets", nil, 200, &b)
	for _, l := range b.Budgets {
		if l.Category == coffee.ID {
			t.Fatalf("a budget line for a removed category: %+v", l)
		}
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", diner.ID), map[string]any{"category": coffee.ID}, 422, nil)
	c.Do("DELETE", "/api/v1/categories/"+coffee.ID, nil, 404, nil)
	for _, st := range f.app.Cluster.Shards() {
		rep, err := st.Verify(context.Background())
		if err != nil || !rep.OK() {
			t.Fatalf("verify: %+v, %v", rep, err)
		}
	}
}

// txnNamed is the user's transaction whose merchant starts with prefix.
func txnNamed(c *client, prefix string) txnOut {
	c.T().Helper()
	for _, t := range c.AllTransactions("") {
		if strings.HasPrefix(t.Merchant, prefix) {
			return t
		}
	}
	c.T().Fatalf("no transaction of %q", prefix)
	return txnOut{}
}
