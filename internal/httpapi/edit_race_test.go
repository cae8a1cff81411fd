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
