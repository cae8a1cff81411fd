package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// ExerciseCluster is the conformance suite of store.Cluster: users are
// created once across the cluster, found again by id and e-mail on the store
// that holds them, and never by another user's id.
func ExerciseCluster(t *testing.T, c store.Cluster) {
	ctx := context.Background()
	var users []centavo.User
	holders := map[store.Store]int{}
	for i := range 40 {
		u := centavo.User{Email: fmt.Sprintf("user%02d@example.com", i), PasswordHash: "h", Currency: "USD", CreatedAt: base, LastActiveAt: base}
		st, err := c.CreateUser(ctx, &u)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 {
			t.Fatal("CreateUser left the id unset")
		}
		holders[st]++
		got, err := st.UserByID(ctx, u.ID)
		if err != nil || got.Email != u.Email {
			t.Fatalf("the store CreateUser returned does not hold the user: %+v, %v", got, err)
		}
		users = append(users, u)
	}
	if n := len(c.Shards()); len(holders) != n {
		t.Fatalf("users spread over %d of %d shards: %v", len(holders), n, holders)
	}
	ids := map[int64]bool{}
	for _, u := range users {
		if ids[u.ID] {
			t.Fatalf("user id %d given twice", u.ID)
		}
		ids[u.ID] = true
		st, err := c.ForUser(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := st.UserByID(ctx, u.ID); err != nil || got.Email != u.Email {
			t.Fatalf("ForUser(%d) is not the user's store: %+v, %v", u.ID, got, err)
		}
		got, err := c.UserByEmail(ctx, u.Email)
		if err != nil || got.ID != u.ID {
			t.Fatalf("UserByEmail(%s) = %+v, %v", u.Email, got, err)
		}
	}
	// An e-mail is unique across the cluster, whatever shard it would go to.
	dup := centavo.User{Email: users[7].Email, PasswordHash: "h", Currency: "USD", CreatedAt: base, LastActiveAt: base}
	if _, err := c.CreateUser(ctx, &dup); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate e-mail: %v, want ErrConflict", err)
	}
	if _, err := c.UserByEmail(ctx, "nobody@example.com"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown e-mail: %v", err)
	}
	// Each user's data is reached on their own store only.
	for _, u := range users[:4] {
		st, _ := c.ForUser(ctx, u.ID)
		a := newAccount(t, st, u.ID)
		for _, other := range c.Shards() {
			list, err := other.Accounts(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if other != st && len(list) != 0 {
				t.Fatalf("user %d's account %d is visible on another shard", u.ID, a.ID)
			}
		}
	}
	exerciseClusterDelete(t, c, users[:4])
}

// exerciseClusterDelete: DeleteUser runs within in the transaction that
// removes the user, and then frees the e-mail wherever the cluster keeps it
// (the directory); a failing within removes nothing.
func exerciseClusterDelete(t *testing.T, c store.Cluster, users []centavo.User) {
	ctx := context.Background()
	gone, kept := users[0], users[1]
	boom := errors.New("boom")
	if err := c.DeleteUser(ctx, gone.ID, func(store.Tx) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("DeleteUser with a failing within: %v", err)
	}
	if got, err := c.UserByEmail(ctx, gone.Email); err != nil || got.ID != gone.ID {
		t.Fatalf("a failed DeleteUser removed the user: %+v, %v", got, err)
	}
	ran := false
	err := c.DeleteUser(ctx, gone.ID, func(tx store.Tx) error {
		ran = true
		_, err := tx.UserByID(ctx, gone.ID) // still there inside
		return err
	})
	if err != nil || !ran {
		t.Fatalf("DeleteUser: %v (within ran: %v)", err, ran)
	}
	if _, err := c.UserByEmail(ctx, gone.Email); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("UserByEmail of a deleted user: %v", err)
	}
	for _, st := range c.Shards() {
		if _, err := st.UserByID(ctx, gone.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a shard still holds the deleted user: %v", err)
		}
		if list, _ := st.Accounts(ctx, gone.ID); len(list) != 0 {
			t.Fatalf("a shard still holds the deleted user's accounts: %+v", list)
		}
	}
	if err := c.DeleteUser(ctx, gone.ID, func(store.Tx) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting again: %v, want ErrNotFound", err)
	}
	if got, err := c.UserByEmail(ctx, kept.Email); err != nil || got.ID != kept.ID {
		t.Fatalf("another user went with it: %+v, %v", got, err)
	}
	again := centavo.User{Email: gone.Email, PasswordHash: "h", Currency: "USD", CreatedAt: base, LastActiveAt: base}
	if _, err := c.CreateUser(ctx, &again); err != nil {
		t.Fatalf("the deleted user's e-mail cannot sign up again: %v", err)
	}
	if again.ID == gone.ID {
		t.Fatalf("the deleted user's id %d was given again", gone.ID)
	}
}
