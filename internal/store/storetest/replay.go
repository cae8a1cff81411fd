package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testTransactionDescription: SetTransactionDescription rewrites the
// description fields, category and source of one of the user's rows, only
// while the row still has the seller, category and source the caller read.
func testTransactionDescription(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "describe@example.com")
	v := newUser(t, s, "other-describe@example.com")
	a := newAccount(t, s, u.ID)
	got := insert(t, s, txn(u, a, "D1", base, -1200, centavo.CatUncategorized))
	old := got[0]
	p := store.TransactionDescriptionUpdate{
		UserID: u.ID, ID: old.ID, Seller: "GROCER #12 SPRINGFIELD", Merchant: "Grocer", MerchantKey: "grocer",
		Fingerprint: "00aa11bb22cc33dd", Category: centavo.CatFood, Source: centavo.SourceSeed,
	}
	p.Was.Seller, p.Was.Category, p.Was.Source = old.Seller, old.Category, old.CategorySource

	other := p
	other.UserID = v.ID
	err := s.InTx(ctx, func(tx store.Tx) error { return tx.SetTransactionDescription(ctx, other) })
	wantCode(t, err, centavo.ENOTFOUND)

	stale := p
	stale.Was.Category = centavo.CatGas // what the caller read is not what is stored
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.SetTransactionDescription(ctx, stale) })
	wantCode(t, err, centavo.ENOTFOUND)
	if one, _ := s.Transaction(ctx, u.ID, old.ID); !reflect.DeepEqual(one, old) {
		t.Fatalf("a refused update changed the row: %+v", one)
	}

	write(t, s, func(tx store.Tx) error { return tx.SetTransactionDescription(ctx, p) })
	one, err := s.Transaction(ctx, u.ID, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := old
	want.Seller, want.Merchant, want.MerchantKey, want.Fingerprint = p.Seller, p.Merchant, p.MerchantKey, p.Fingerprint
	want.Category, want.CategorySource = p.Category, p.Source
	if !reflect.DeepEqual(one, want) {
		t.Fatalf("after SetTransactionDescription: %+v, want %+v", one, want)
	}
	// The fingerprint index follows: deduplication finds the row under
	// its new fingerprint.
	write(t, s, func(tx store.Tx) error {
		ids, err := tx.FingerprintIDs(ctx, u.ID, a.ID, []string{p.Fingerprint})
		if err != nil {
			return err
		}
		if len(ids[p.Fingerprint]) != 1 || ids[p.Fingerprint][0] != "D1" {
			t.Errorf("FingerprintIDs after the update = %v", ids)
		}
		return nil
	})
}
