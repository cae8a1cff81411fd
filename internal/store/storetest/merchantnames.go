package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/centavo/centavo/internal/store"
)

// testMerchantNames: a user's display names for merchants are set and
// replaced by merchant key, read in and out of a transaction, kept apart
// from another user's, and removed with the user.
func testMerchantNames(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "names@example.com")
	other := newUser(t, s, "names-other@example.com")
	set := func(userID int64, key, name string) {
		t.Helper()
		write(t, s, func(tx store.Tx) error {
			return tx.SetMerchantName(ctx, store.MerchantName{UserID: userID, MerchantKey: key, Name: name, At: base})
		})
	}
	if got, err := s.MerchantNames(ctx, u.ID); err != nil || len(got) != 0 {
		t.Fatalf("names of a new user: %v, %v", got, err)
	}
	set(u.ID, "blue bottle", "Coffee")
	set(u.ID, "shell", "Fuel")
	set(u.ID, "blue bottle", "Morning coffee")
	set(other.ID, "shell", "Gas")
	got, err := s.MerchantNames(ctx, u.ID)
	if want := map[string]string{"blue bottle": "Morning coffee", "shell": "Fuel"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("names %v, %v; want %v", got, err, want)
	}
	write(t, s, func(tx store.Tx) error {
		in, err := tx.MerchantNames(ctx, other.ID)
		if err == nil && !reflect.DeepEqual(in, map[string]string{"shell": "Gas"}) {
			t.Errorf("the other user's names in a transaction: %v", in)
		}
		return err
	})
	write(t, s, func(tx store.Tx) error { return tx.DeleteUser(ctx, u.ID) })
	if got, err := s.MerchantNames(ctx, u.ID); err != nil || len(got) != 0 {
		t.Fatalf("names after the user was removed: %v, %v", got, err)
	}
}
