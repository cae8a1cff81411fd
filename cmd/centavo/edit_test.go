package main

import (
	"fmt"
	"testing"

	"github.com/centavo/centavo"
)

// TestEditRecompute (issue 17, items 1 and 2): after transactions added by
// hand and imported, then hidden, split, unsplit, re-filed and deleted
// through the API, `centavo verify` holds and the month rebuilt from the
// object store's logs and change events matches the aggregates. (What the
// API answers is checked in internal/httpapi's TestEditTransactions.) A
// rule with conditions hides rows as they come in, imported or added by
// hand: a parts event tells recompute so (their log line says only their
// category).
func TestEditRecompute(t *testing.T) {
	t.Parallel()
	a := startServe(t)
	c := signUp(t, newClient(t, a.base), "edits@example.com")
	var accts accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &accts)
	wallet := accts.Accounts[0].ID
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "file", "name": "Card", "currency": "USD"}, 201, &accts)
	card := accts.Accounts[0].ID
	month := centavo.MonthOf(testNow(t)()).Add(-1)
	day := func(d int) string { return month.Start().AddDate(0, 0, d).Format("2006-01-02") }
	add := func(cents int64, merchant, category string) txnOut {
		var out txnOut
		c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": wallet, "posted_at": day(3), "amount_cents": cents, "merchant": merchant, "category": category}, 201, &out)
		return out
	}
	c.Do("POST", "/api/v1/rules", map[string]any{"conditions": map[string]any{"descriptor_contains": "PARKING"}, "actions": map[string]any{"hidden": true}}, 201, nil)
	parked := add(-700, "Parking Meter", "")
	dinner, market, gone := add(-4200, "Trattoria", "restaurants"), add(-6000, "Corner Market", "food"), add(-100, "Kiosk", "")
	if status, body := c.ImportFile(card, "card.csv", fmt.Sprintf("Date,Description,Amount\n%s,CINEMA CITY,-18.00\n%s,HARDWARE BARN,-55.00\n%s,CITY PARKING 12,-9.00\n", day(4), day(5), day(6)), nil); status != 200 {
		t.Fatalf("import: %d %s", status, body)
	}
	var imported []txnOut
	for _, x := range c.AllTransactions(fmt.Sprintf("&account_id=%d", card)) {
		if x.Hidden {
			continue // CITY PARKING, by the rule
		}
		imported = append(imported, x)
	}
	if !parked.Hidden || len(imported) != 2 {
		t.Fatalf("the rule hid the parking added by hand: %v; shown imported rows %+v", parked.Hidden, imported)
	}
	path := func(id int64) string { return fmt.Sprintf("/api/v1/transactions/%d", id) }
	c.Do("PATCH", path(imported[0].ID), map[string]any{"hidden": true, "notes": "reimbursed"}, 200, nil)
	c.Do("PUT", path(imported[1].ID)+"/splits", map[string]any{"splits": []map[string]any{
		{"amount_cents": imported[1].AmountCents + 1000, "category": "shopping"}, {"amount_cents": -1000, "category": "gifts_donations"}}}, 200, nil)
	c.Do("PUT", path(market.ID)+"/splits", map[string]any{"splits": []map[string]any{
		{"amount_cents": -5000, "category": "food"}, {"amount_cents": -1000, "category": "health"}}}, 200, nil)
	c.Do("PATCH", path(market.ID), map[string]any{"category": "shopping", "tags": []string{"home"}}, 200, nil) // shown; the parts count
	c.Do("DELETE", path(market.ID)+"/splits", nil, 200, nil)                                                   // whole again, under shopping
	c.Do("PATCH", path(dinner.ID), map[string]any{"hidden": true}, 200, nil)
	c.Do("PATCH", path(dinner.ID), map[string]any{"hidden": false}, 200, nil)
	c.Do("DELETE", path(gone.ID), nil, 204, nil)
	checkVerify(t, a)
	checkRecompute(t, a, month.String())
}
