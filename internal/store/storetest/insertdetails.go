package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testInsertEdited: a row inserted with what the user changed on the row it
// replaces (ingest carries notes, tags, hidden, splits and the edited mask
// from a pending row to its posted version) reads back with all of it, and
// its parts are what Verify counts.
func testInsertEdited(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "carried@example.com")
	a := newAccount(t, s, u.ID)
	x := txn(u, a, "C1", base, -1000, centavo.CatShopping)
	x.Notes, x.Tags, x.Hidden = "kept", []string{"Trip"}, false
	x.Splits = []centavo.Split{{AmountCents: -600, Category: centavo.CatShopping}, {AmountCents: -400, Category: centavo.CatFood, Notes: "snacks"}}
	x.Edited = centavo.EditedNotes | centavo.EditedTags | centavo.EditedSplits | centavo.EditedMerchant
	h := txn(u, a, "C2", base, -700, centavo.CatFood)
	h.Hidden, h.Edited = true, centavo.EditedHidden
	var got []centavo.Transaction
	write(t, s, func(tx store.Tx) error {
		var err error
		if got, err = tx.InsertTransactions(ctx, []centavo.Transaction{x, h}); err != nil {
			return err
		}
		deltas, err := store.SumDeltas(got, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, u.ID, deltas)
	})
	for i, want := range []centavo.Transaction{x, h} {
		read, err := s.Transaction(ctx, u.ID, got[i].ID)
		if err != nil || read.Notes != want.Notes || !reflect.DeepEqual(read.Tags, want.Tags) || read.Hidden != want.Hidden ||
			!reflect.DeepEqual(read.Splits, want.Splits) || read.Edited != want.Edited {
			t.Fatalf("inserted %+v\nread %+v, %v", want, read, err)
		}
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK() {
		t.Fatalf("Verify after inserting split and hidden rows: %+v, %v", rep, err)
	}
}
