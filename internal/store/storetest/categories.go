package storetest

import (
	"context"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func exerciseCategories(t *testing.T, open Opener) {
	t.Run("OwnCategories", func(t *testing.T) { t.Parallel(); testOwnCategories(t, open(t)) })
	t.Run("DeleteOwnCategory", func(t *testing.T) { t.Parallel(); testDeleteOwnCategory(t, open(t)) })
}

func testOwnCategories(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "cats@example.com")
	v := newUser(t, s, "cats2@example.com")
	coffee := centavo.OwnCategory{UserID: u.ID, Name: "Coffee", Parent: centavo.CatRestaurants, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateOwnCategory(ctx, &coffee) })
	parent, _, ok := centavo.ParseOwnCategoryID(coffee.ID)
	if !ok || parent != centavo.CatRestaurants {
		t.Fatalf("id %q is not an own category's id under restaurants", coffee.ID)
	}
	// The same name under the same parent, whatever its case, is taken;
	// under another parent or for another user it is not.
	err := s.InTx(ctx, func(tx store.Tx) error {
		return tx.CreateOwnCategory(ctx, &centavo.OwnCategory{UserID: u.ID, Name: "COFFEE", Parent: centavo.CatRestaurants, CreatedAt: base})
	})
	wantCode(t, err, centavo.ECONFLICT)
	beans := centavo.OwnCategory{UserID: u.ID, Name: "Coffee", Parent: centavo.CatFood, CreatedAt: base}
	theirs := centavo.OwnCategory{UserID: v.ID, Name: "Coffee", Parent: centavo.CatRestaurants, CreatedAt: base}
	write(t, s, func(tx store.Tx) error {
		if err := tx.CreateOwnCategory(ctx, &beans); err != nil {
			return err
		}
		return tx.CreateOwnCategory(ctx, &theirs)
	})
	if theirs.ID == coffee.ID || beans.ID == coffee.ID {
		t.Fatalf("ids given twice: %q, %q, %q", coffee.ID, beans.ID, theirs.ID)
	}
	list, err := s.OwnCategories(ctx, u.ID)
	if err != nil || len(list) != 2 || list[0] != coffee || list[1] != beans {
		t.Fatalf("own categories: %+v, %v; want %+v, %+v", list, err, coffee, beans)
	}
	got, err := s.OwnCategory(ctx, u.ID, coffee.ID)
	if err != nil || got != coffee {
		t.Fatalf("own category: %+v, %v", got, err)
	}
	// Another user's id, an id under the wrong parent, a fixed id: none is
	// the user's.
	_, wrongParent, _ := centavo.ParseOwnCategoryID(coffee.ID)
	for _, id := range []string{theirs.ID, centavo.OwnCategoryID(centavo.CatGas, wrongParent), centavo.CatFood, "food.x"} {
		_, err := s.OwnCategory(ctx, u.ID, id)
		wantCode(t, err, centavo.ENOTFOUND)
	}
	write(t, s, func(tx store.Tx) error { return tx.RenameOwnCategory(ctx, u.ID, coffee.ID, "Cafés") })
	if got, _ := s.OwnCategory(ctx, u.ID, coffee.ID); got.Name != "Cafés" {
		t.Fatalf("renamed: %+v", got)
	}
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.RenameOwnCategory(ctx, v.ID, coffee.ID, "Mine") })
	wantCode(t, err, centavo.ENOTFOUND)
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.RenameOwnCategory(ctx, v.ID, theirs.ID, "coffee") })
	if err != nil { // its own name in another case
		t.Fatal(err)
	}
}

func testDeleteOwnCategory(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "catsdel@example.com")
	a := newAccount(t, s, u.ID)
	lunch := centavo.OwnCategory{UserID: u.ID, Name: "Lunch", Parent: centavo.CatRestaurants, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateOwnCategory(ctx, &lunch) })
	rows := insert(t, s,
		txn(u, a, "C1", base, -1200, lunch.ID),
		txn(u, a, "C2", base, -900, centavo.CatRestaurants),
		txn(u, a, "C3", base, -300, lunch.ID),
		txn(u, a, "C4", base, -500, centavo.CatFood),
		txn(u, a, "C5", base, -500, centavo.CatFood),
	)
	split := func(t centavo.Transaction, cat string) centavo.Transaction {
		t.Splits = []centavo.Split{{AmountCents: -200, Category: cat}, {AmountCents: -300, Category: centavo.CatFood}}
		return t
	}
	write(t, s, func(tx store.Tx) error {
		if err := tx.UpdateTransaction(ctx, split(rows[3], lunch.ID)); err != nil {
			return err
		}
		return tx.UpdateTransaction(ctx, split(rows[4], centavo.CatGas))
	})
	amount := int64(5000)
	rule := centavo.Rule{UserID: u.ID, MerchantKey: "CANTEEN", Merchant: "Canteen", Category: lunch.ID, CreatedAt: base}
	other := centavo.Rule{UserID: u.ID, MerchantKey: "BISTRO", Merchant: "Bistro", Category: centavo.CatRestaurants, CreatedAt: base}
	write(t, s, func(tx store.Tx) error {
		if err := tx.UpsertRule(ctx, &rule); err != nil {
			return err
		}
		if err := tx.UpsertRule(ctx, &other); err != nil {
			return err
		}
		return tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: u.ID, Category: lunch.ID, From: centavo.MonthOf(base), AmountCents: &amount, CreatedAt: base})
	})
	var in []centavo.Transaction
	write(t, s, func(tx store.Tx) error {
		var err error
		in, err = tx.CategoryTransactions(ctx, u.ID, lunch.ID)
		return err
	})
	if len(in) != 3 || in[0].InstitutionID != "C1" || in[1].InstitutionID != "C3" || in[2].InstitutionID != "C4" || len(in[2].Splits) != 2 {
		t.Fatalf("category transactions: %+v", in)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeleteOwnCategory(ctx, u.ID, lunch.ID) })
	if list, _ := s.OwnCategories(ctx, u.ID); len(list) != 0 {
		t.Fatalf("after delete: %+v", list)
	}
	rules, err := s.Rules(ctx, u.ID)
	if err != nil || len(rules) != 2 || rules[0].Category != centavo.CatRestaurants || rules[1].Category != centavo.CatRestaurants {
		t.Fatalf("rules after delete: %+v, %v", rules, err)
	}
	overrides, err := s.BudgetOverrides(ctx, u.ID)
	if err != nil || len(overrides) != 0 {
		t.Fatalf("budget overrides after delete: %+v, %v", overrides, err)
	}
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.DeleteOwnCategory(ctx, u.ID, lunch.ID) })
	wantCode(t, err, centavo.ENOTFOUND)
	// A number is never given again, even after the newest was removed.
	again := centavo.OwnCategory{UserID: u.ID, Name: "Lunch", Parent: centavo.CatRestaurants, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateOwnCategory(ctx, &again) })
	if again.ID == lunch.ID {
		t.Fatalf("id %q given twice", again.ID)
	}
}
