package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testHoldings: an account's holdings are one snapshot, replaced as a
// whole by a snapshot as of the same moment or later, never by an older
// one; units keep every digit; they are the user's alone, and go with the
// account and the user.
func testHoldings(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "investor@example.com")
	v := newUser(t, s, "other@example.com")
	a := newAccount(t, s, u.ID)
	replace := func(snap store.HoldingSnapshot) (bool, error) {
		var saved bool
		err := s.InTx(ctx, func(tx store.Tx) error {
			var err error
			saved, err = tx.ReplaceHoldings(ctx, snap)
			return err
		})
		return saved, err
	}
	read := func(userID, accountID int64) store.HoldingSnapshot {
		t.Helper()
		got, err := s.Holdings(ctx, userID, accountID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := read(u.ID, a.ID); !got.AsOf.IsZero() || len(got.Holdings) != 0 {
		t.Fatalf("holdings before any snapshot: %+v", got)
	}

	t1 := base.Add(90 * time.Minute)
	first := []centavo.Holding{
		{SecurityID: "922908769", SecurityName: "VANGUARD TOTAL STOCK", Ticker: "VTI", Units: "3095.206230511463",
			PriceCents: 21056, MarketValueCents: centavo.MaxTransactionCents, Currency: "USD"},
		{SecurityID: "X1", Units: "-0.00000001", PriceCents: 1, MarketValueCents: -37659, Currency: "CAD"},
	}
	if saved, err := replace(store.HoldingSnapshot{UserID: u.ID, AccountID: a.ID, AsOf: t1, Holdings: first}); err != nil || !saved {
		t.Fatalf("first snapshot: saved %v, %v", saved, err)
	}
	want := make([]centavo.Holding, len(first))
	for i, h := range first {
		h.UserID, h.AccountID, h.AsOf = u.ID, a.ID, t1
		want[i] = h
	}
	if got := read(u.ID, a.ID); !got.AsOf.Equal(t1) || got.AsOf.Location() != time.UTC || !reflect.DeepEqual(got.Holdings, want) {
		t.Fatalf("holdings\n got  %+v\n want %+v as of %v", got, want, t1)
	}

	// Another user can neither read nor replace them.
	if got := read(v.ID, a.ID); !got.AsOf.IsZero() || len(got.Holdings) != 0 {
		t.Fatalf("another user reads %+v", got)
	}
	_, err := replace(store.HoldingSnapshot{UserID: v.ID, AccountID: a.ID, AsOf: t1.Add(time.Hour)})
	wantCode(t, err, centavo.ENOTFOUND)

	// An older snapshot changes nothing; a rolled-back one neither.
	if saved, err := replace(store.HoldingSnapshot{UserID: u.ID, AccountID: a.ID, AsOf: t1.Add(-time.Second)}); err != nil || saved {
		t.Fatalf("older snapshot: saved %v, %v", saved, err)
	}
	rollback := errors.New("rollback")
	err = s.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.ReplaceHoldings(ctx, store.HoldingSnapshot{UserID: u.ID, AccountID: a.ID, AsOf: t1.Add(time.Hour)}); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if got := read(u.ID, a.ID); !got.AsOf.Equal(t1) || len(got.Holdings) != 2 {
		t.Fatalf("after an older and a rolled-back snapshot: %+v", got)
	}

	// A newer snapshot replaces the whole; one as of the same moment too,
	// even empty (everything sold).
	t2 := t1.Add(24 * time.Hour)
	if saved, err := replace(store.HoldingSnapshot{UserID: u.ID, AccountID: a.ID, AsOf: t2, Holdings: first[1:]}); err != nil || !saved {
		t.Fatalf("newer snapshot: saved %v, %v", saved, err)
	}
	if got := read(u.ID, a.ID); !got.AsOf.Equal(t2) || len(got.Holdings) != 1 || got.Holdings[0].SecurityID != "X1" {
		t.Fatalf("after a newer snapshot: %+v", got)
	}
	if saved, err := replace(store.HoldingSnapshot{UserID: u.ID, AccountID: a.ID, AsOf: t2}); err != nil || !saved {
		t.Fatalf("empty snapshot: saved %v, %v", saved, err)
	}
	if got := read(u.ID, a.ID); !got.AsOf.Equal(t2) || len(got.Holdings) != 0 {
		t.Fatalf("after an empty snapshot: %+v", got)
	}

	holdingsGoWithOwners(t, s, replace, read, holdingsCase{u: u, a: a, first: first, t1: t1, t2: t2})
}

// holdingsCase is what testHoldings made before its deletion checks.
type holdingsCase struct {
	u      centavo.User
	a      centavo.Account
	first  []centavo.Holding
	t1, t2 time.Time
}

// holdingsGoWithOwners: holdings go with their account, and with their
// user; deleting another account leaves them.
func holdingsGoWithOwners(t *testing.T, s store.Store, replace func(store.HoldingSnapshot) (bool, error), read func(int64, int64) store.HoldingSnapshot, c holdingsCase) {
	ctx := context.Background()
	u, a, first, t1, t2 := c.u, c.a, c.first, c.t1, c.t2
	b := newAccount(t, s, u.ID)
	w := newUser(t, s, "leaving@example.com")
	wa := newAccount(t, s, w.ID)
	for _, snap := range []store.HoldingSnapshot{
		{UserID: u.ID, AccountID: b.ID, AsOf: t1, Holdings: first},
		{UserID: w.ID, AccountID: wa.ID, AsOf: t1, Holdings: first},
	} {
		if _, err := replace(snap); err != nil {
			t.Fatal(err)
		}
	}
	write(t, s, func(tx store.Tx) error { _, err := tx.DeleteAccount(ctx, u.ID, b.ID); return err })
	write(t, s, func(tx store.Tx) error { return tx.DeleteUser(ctx, w.ID) })
	if got, got2 := read(u.ID, b.ID), read(w.ID, wa.ID); !got.AsOf.IsZero() || len(got.Holdings) != 0 || !got2.AsOf.IsZero() || len(got2.Holdings) != 0 {
		t.Fatalf("holdings after their account or user was deleted: %+v, %+v", got, got2)
	}
	if got := read(u.ID, a.ID); !got.AsOf.Equal(t2) {
		t.Fatalf("deleting another account touched these holdings: %+v", got)
	}
}
