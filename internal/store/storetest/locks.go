package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testLocks: the locking reads (store.Locker) read what the plain ones do,
// in a transaction, and find nothing of another user's.
func testLocks(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "locks@example.com")
	v := newUser(t, s, "locks2@example.com")
	a := newAccount(t, s, u.ID)
	row := insert(t, s, txn(u, a, "L1", base, -1000, centavo.CatFood))[0]
	cat := centavo.OwnCategory{UserID: u.ID, Name: "Coffee", Parent: centavo.CatRestaurants, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateOwnCategory(ctx, &cat) })
	write(t, s, func(tx store.Tx) error {
		got, err := tx.TransactionForUpdate(ctx, u.ID, row.ID)
		if want, _ := tx.Transaction(ctx, u.ID, row.ID); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("transaction for update: %+v, %v; want %+v", got, err, want)
		}
		_, err = tx.TransactionForUpdate(ctx, v.ID, row.ID)
		wantCode(t, err, centavo.ENOTFOUND)
		for name, read := range map[string]func(context.Context, int64, string) (centavo.OwnCategory, error){
			"for share": tx.OwnCategoryForShare, "for update": tx.OwnCategoryForUpdate,
		} {
			if got, err := read(ctx, u.ID, cat.ID); err != nil || got != cat {
				t.Errorf("own category %s: %+v, %v", name, got, err)
			}
			_, err := read(ctx, v.ID, cat.ID)
			wantCode(t, err, centavo.ENOTFOUND)
		}
		return nil
	})
}
