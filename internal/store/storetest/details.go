package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testTransactionDetails: notes and tags are stored on insert; every field
// UpdateTransaction writes reads back the same; the aggregates moved by the
// parts of a hidden and a split transaction agree with Verify, DailySpending
// and DeleteAccount, which compute from the parts in SQL.
func testTransactionDetails(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "details@example.com")
	a := newAccount(t, s, u.ID)
	withNotes := txn(u, a, "D1", base, -1000, centavo.CatShopping)
	withNotes.Notes, withNotes.Tags = "birthday présent", []string{"Family", "gifts 2026"}
	eur := txn(u, a, "D3", base, -500, centavo.CatRestaurants)
	eur.Currency = "EUR"
	got := insert(t, s, withNotes, txn(u, a, "D2", base.AddDate(0, 0, 1), -300, centavo.CatFood), eur)
	one, err := s.Transaction(ctx, u.ID, got[0].ID)
	if err != nil || one.Notes != withNotes.Notes || !reflect.DeepEqual(one.Tags, withNotes.Tags) || one.Hidden || one.Splits != nil || one.TransferPairID != 0 {
		t.Fatalf("inserted with notes and tags, read %+v, %v", one, err)
	}

	// Split the first, hide the second, split the EUR one and hide it too.
	change := func(before centavo.Transaction, edit func(*centavo.Transaction)) centavo.Transaction {
		t.Helper()
		after := before
		edit(&after)
		write(t, s, func(tx store.Tx) error {
			if err := tx.UpdateTransaction(ctx, after); err != nil {
				return err
			}
			deltas, err := store.ChangeDeltas([]centavo.Transaction{before}, []centavo.Transaction{after})
			if err != nil {
				return err
			}
			return tx.AddMonthlySpending(ctx, u.ID, deltas)
		})
		read, err := s.Transaction(ctx, u.ID, before.ID)
		if err != nil || !reflect.DeepEqual(read, after) {
			t.Fatalf("after UpdateTransaction read %+v, %v\nwant %+v", read, err, after)
		}
		return after
	}
	split := change(one, func(x *centavo.Transaction) {
		x.Splits = []centavo.Split{{AmountCents: -700, Category: centavo.CatShopping, Notes: "shoes"}, {AmountCents: -300, Category: centavo.CatFood}}
		x.Edited |= centavo.EditedSplits
		x.Merchant, x.Tags, x.Notes = "Renamed", []string{"x"}, "n"
		x.TransferPairID = got[1].ID
	})
	change(got[1], func(x *centavo.Transaction) { x.Hidden, x.Edited = true, centavo.EditedHidden })
	change(got[2], func(x *centavo.Transaction) {
		x.Splits = []centavo.Split{{AmountCents: -200, Category: centavo.CatFood}, {AmountCents: -300, Category: centavo.CatRestaurants}}
	})
	change(split, func(x *centavo.Transaction) { x.TransferPairID = 0; x.Tags = nil })

	m := centavo.MonthOf(base)
	rows, err := s.MonthlySpending(ctx, u.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	want := []centavo.CategorySpending{
		{Category: centavo.CatFood, Currency: "EUR", AmountCents: -200, Count: 1},
		{Category: centavo.CatFood, Currency: "USD", AmountCents: -300, Count: 1},
		{Category: centavo.CatRestaurants, Currency: "EUR", AmountCents: -300, Count: 1},
		{Category: centavo.CatShopping, Currency: "USD", AmountCents: -700, Count: 1},
	}
	if !reflect.DeepEqual(nonzero(rows), want) {
		t.Fatalf("monthly spending by parts = %+v, want %+v", rows, want)
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("Verify after splits and hiding: %+v, %v", rep, err)
	}
	days, err := s.DailySpending(ctx, store.DailySpendingFilter{UserID: u.ID, Month: m, ExceptCurrency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 2 || days[0].Category != centavo.CatFood || days[0].AmountCents != -200 || days[1].AmountCents != -300 {
		t.Fatalf("daily spending of the split EUR row = %+v", days)
	}

	verifyFindsWrongPart(t, s, u.ID, m)

	// Deleting the account takes away exactly what its parts added.
	var removed []store.SpendingDelta
	write(t, s, func(tx store.Tx) error {
		var err error
		if removed, err = tx.DeleteAccount(ctx, u.ID, a.ID); err != nil {
			return err
		}
		for i := range removed {
			removed[i].AmountCents, removed[i].Count = -removed[i].AmountCents, -removed[i].Count
		}
		return tx.AddMonthlySpending(ctx, u.ID, removed)
	})
	if rows, _ := s.MonthlySpending(ctx, u.ID, m); len(nonzero(rows)) != 0 {
		t.Fatalf("after deleting the account, spending left: %+v (removed %+v)", rows, removed)
	}
	wantCode(t, s.InTx(ctx, func(tx store.Tx) error { x := split; x.ID = 0; return tx.UpdateTransaction(ctx, x) }), centavo.ENOTFOUND)
}

// verifyFindsWrongPart: a hand-made aggregate without its part is found,
// and taken back.
func verifyFindsWrongPart(t *testing.T, s store.Store, userID int64, m centavo.Month) {
	t.Helper()
	ctx := context.Background()
	write(t, s, func(tx store.Tx) error {
		return tx.AddMonthlySpending(ctx, userID, []store.SpendingDelta{{Month: m, Currency: "USD", Category: centavo.CatFood, AmountCents: -1, Count: 0}})
	})
	if rep, err := s.Verify(ctx); err != nil || len(rep.SpendingMismatches) != 1 {
		t.Fatalf("Verify missed a wrong aggregate of a split: %+v, %v", rep, err)
	}
	write(t, s, func(tx store.Tx) error {
		return tx.AddMonthlySpending(ctx, userID, []store.SpendingDelta{{Month: m, Currency: "USD", Category: centavo.CatFood, AmountCents: 1, Count: 0}})
	})
}

func nonzero(rows []centavo.CategorySpending) []centavo.CategorySpending {
	var out []centavo.CategorySpending
	for _, r := range rows {
		if r.AmountCents != 0 || r.Count != 0 {
			out = append(out, r)
		}
	}
	return out
}
