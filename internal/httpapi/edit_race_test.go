package httpapi_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/pgtest"
)

// TestEditRacePostgres: two changes of one transaction at once — hiding it
// and splitting it, hiding it and filing it elsewhere — run one after the
// other (the row is read FOR UPDATE), so the aggregates move from what the
// other wrote and verify stays clean (the review's reproduction: each
// change read the row before the other committed, and moved the totals by
// a stale difference).
func TestEditRacePostgres(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--database-url", pgtest.Schema(t))
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	c := signUp(t, newClient(t, f.base), "race@example.com")
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	month := centavo.MonthOf(f.now()).Add(-1)
	var tx txnOut
	c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": cash.Accounts[0].ID, "posted_at": month.Start().AddDate(0, 0, 2).Format("2006-01-02"),
		"amount_cents": -6000, "merchant": "Corner Market", "category": "food"}, 201, &tx)
	path := fmt.Sprintf("/api/v1/transactions/%d", tx.ID)
	for round := 0; round < 16; round++ {
		var wg sync.WaitGroup
		var codes [2]int
		wg.Add(2)
		go func() {
			defer wg.Done()
			codes[0], _ = c.Raw("PATCH", path, strings.NewReader(fmt.Sprintf(`{"hidden":%v}`, round%2 == 0)), "application/json")
		}()
		go func() {
			defer wg.Done()
			if round%2 == 0 {
				codes[1], _ = c.Raw("PUT", path+"/splits", strings.NewReader(`{"splits":[{"amount_cents":-5000,"category":"food"},{"amount_cents":-1000,"category":"health"}]}`), "application/json")
			} else {
				codes[1], _ = c.Raw("PATCH", path, strings.NewReader(fmt.Sprintf(`{"category":"shopping","notes":"round %d"}`, round)), "application/json")
			}
		}()
		wg.Wait()
		if codes != [2]int{200, 200} {
			t.Fatalf("round %d: answered %v, want both 200", round, codes)
		}
		rep, err := f.app.Shards[0].Verify(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("round %d: verify: %+v", round, rep)
		}
	}
}

// TestDeleteCategoryRacePostgres: filing a transaction under an own
// category (PATCH, a split part, a transaction added by hand) while the
// category is removed never leaves a row under the removed category: the
// change holds the category FOR SHARE, the removal locks it first, so
// either the change is refused (422) or its row is moved to the parent
// with the rest.
func TestDeleteCategoryRacePostgres(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--database-url", pgtest.Schema(t))
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	c := signUp(t, newClient(t, f.base), "race-cat@example.com")
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	wallet := cash.Accounts[0].ID
	posted := centavo.MonthOf(f.now()).Add(-1).Start().AddDate(0, 0, 2).Format("2006-01-02")
	var tx txnOut
	c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": wallet, "posted_at": posted, "amount_cents": -6000, "merchant": "Corner Market", "category": "food"}, 201, &tx)
	path := fmt.Sprintf("/api/v1/transactions/%d", tx.ID)
	for round := 0; round < 12; round++ {
		var cat struct{ ID string }
		c.Do("POST", "/api/v1/categories", map[string]string{"name": fmt.Sprintf("Treats %d", round), "parent": "food"}, 201, &cat)
		var wg sync.WaitGroup
		var code, added int
		var body []byte
		wg.Add(3)
		go func() {
			defer wg.Done()
			code, _ = c.Raw("PATCH", path, strings.NewReader(fmt.Sprintf(`{"category":%q}`, cat.ID)), "application/json")
		}()
		go func() {
			defer wg.Done()
			added, body = c.Raw("POST", "/api/v1/transactions", strings.NewReader(fmt.Sprintf(`{"account_id":%d,"posted_at":%q,"amount_cents":-100,"merchant":"Kiosk %d","category":%q}`,
				wallet, posted, round, cat.ID)), "application/json")
		}()
		go func() {
			defer wg.Done()
			c.Raw("DELETE", "/api/v1/categories/"+cat.ID, nil, "")
		}()
		wg.Wait()
		if (code != 200 && code != 422) || (added != 201 && added != 422) {
			t.Fatalf("round %d: PATCH %d, POST %d %s", round, code, added, body)
		}
		for _, x := range c.AllTransactions("&account_id=" + fmt.Sprint(wallet)) {
			if x.Category == cat.ID {
				t.Fatalf("round %d: %q left under the removed category %s", round, x.Merchant, cat.ID)
			}
		}
		rep, err := f.app.Shards[0].Verify(t.Context())
		if err != nil || !rep.OK() {
			t.Fatalf("round %d: verify: %+v, %v", round, rep, err)
		}
	}
}
