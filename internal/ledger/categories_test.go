package ledger

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// TestOwnCategory: filing under one's own category votes for its parent,
// a rule for the future may name it, and removing it files its
// transactions and rules back under the parent, the aggregates with them.
func TestOwnCategory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, false)
	user, acct := f.newUser("own@example.com", "USD")
	other, _ := f.newUser("own-other@example.com", "USD")
	txns := f.insert(user,
		txn{acct, f.day(1), -5000, centavo.CatFood, "market"},
		txn{acct, f.day(2), -3000, centavo.CatFood, "market"},
		txn{acct, f.month.Start(), -100, centavo.CatGas, ""}, // two months of transactions: the user's votes count
		txn{acct, f.day(3), -1000, centavo.CatShopping, ""},
	)
	bulk, err := f.rules.CreateCategory(ctx, user, "Bulk buys", centavo.CatFood)
	if err != nil {
		t.Fatal(err)
	}
	got, rule, err := f.svc.SetCategory(ctx, user, txns[0].ID, Change{Category: bulk.ID, ApplyToFuture: true})
	if err != nil || got.Category != bulk.ID || rule == nil || rule.Category != bulk.ID {
		t.Fatalf("set category: %+v, %+v, %v", got, rule, err)
	}
	if v := f.votes("market"); !reflect.DeepEqual(v, map[string]int64{centavo.CatFood: 1}) {
		t.Errorf("votes %v: the crowd counts one's own category for its parent", v)
	}
	// A split transaction with a part under the category.
	f.write(func(tx store.Tx) error {
		before := txns[3]
		after := before
		after.Splits = []centavo.Split{{AmountCents: -400, Category: bulk.ID}, {AmountCents: -600, Category: centavo.CatShopping}}
		if err := tx.UpdateTransaction(ctx, after); err != nil {
			return err
		}
		return Refile(ctx, tx, user, []centavo.Transaction{before}, []centavo.Transaction{after}, f.now)
	})
	if total, lines := f.spent(user, f.prev); total != 9000 || !reflect.DeepEqual(lines, spendingLines{centavo.CatFood: {3000, 1}, bulk.ID: {5400, 2}, centavo.CatShopping: {600, 1}}) {
		t.Errorf("spending %d %v", total, lines)
	}
	// Another user's own category is unknown to everyone else.
	if _, err := f.rules.CreateCategory(ctx, other, "Mine", centavo.CatFood); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.DeleteCategory(ctx, other, bulk.ID); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Errorf("removing another user's category: %v", err)
	}
	moved, err := f.svc.DeleteCategory(ctx, user, bulk.ID)
	if err != nil || moved != 2 {
		t.Fatalf("delete: %d, %v", moved, err)
	}
	if st := f.stored(user, txns[0].ID); st.Category != centavo.CatFood || st.CategorySource != centavo.SourceUser {
		t.Errorf("after the removal: %+v", st)
	}
	if total, lines := f.spent(user, f.prev); total != 9000 || !reflect.DeepEqual(lines, spendingLines{centavo.CatFood: {8400, 3}, centavo.CatShopping: {600, 1}}) {
		t.Errorf("spending after the removal %d %v", total, lines)
	}
	if st := f.stored(user, txns[3].ID); st.Category != centavo.CatShopping || len(st.Splits) != 2 || st.Splits[0].Category != centavo.CatFood {
		t.Errorf("the split one after the removal: %+v", st)
	}
	if rules, err := f.rules.Rules(ctx, user); err != nil || len(rules) != 1 || rules[0].Category != centavo.CatFood {
		t.Errorf("rules after the removal: %+v, %v", rules, err)
	}
	if _, _, err := f.svc.SetCategory(ctx, user, txns[1].ID, Change{Category: bulk.ID}); centavo.ErrorCode(err) != centavo.EINVALID {
		t.Errorf("filing under a removed category: %v", err)
	}
	f.verify()
}

// TestOwnCategoriesRollUp: an own category under income is income, not
// spending; one under a spending category is spending, with its parent.
func TestOwnCategoriesRollUp(t *testing.T) {
	t.Parallel()
	rows := []centavo.CategorySpending{
		{Category: centavo.CatIncome, AmountCents: 100000, Count: 1},
		{Category: "income.4", AmountCents: 20000, Count: 1},
		{Category: "food.9", AmountCents: -3000, Count: 2},
		{Category: centavo.CatFood, AmountCents: -1000, Count: 1},
	}
	if got := Income(rows); got != 120000 {
		t.Errorf("income %d, want 120000", got)
	}
	sum := Summarize(centavo.Month{Year: 2026, Month: 3}, "USD", rows)
	if sum.TotalSpentCents != 4000 || len(sum.Categories) != 2 || sum.Categories[0].Category != "food.9" {
		t.Errorf("summary %+v", sum)
	}
	b, err := json.Marshal(sum.Categories)
	if err != nil || string(b) != `[{"category":"food.9","parent":"food","spent_cents":3000,"count":2},{"category":"food","spent_cents":1000,"count":1}]` {
		t.Errorf("lines %s, %v", b, err)
	}
}
