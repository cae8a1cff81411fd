package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testSpendingBounds: a change that would take a month's total beyond
// ±centavo.MaxTotalCents is ErrOutOfRange (code invalid, a 422), never a
// wrapped sum nor an engine's error, and the transaction that tried it
// changes nothing.
func testSpendingBounds(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "bounds@example.com")
	m, _ := centavo.ParseMonth("2026-03")
	const near = centavo.MaxTotalCents - 10
	write(t, s, func(tx store.Tx) error {
		return tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatFood, AmountCents: -near, Count: 1}})
	})
	refused := []struct {
		name   string
		deltas []store.SpendingDelta
	}{
		{"past the bound", []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: 5, Count: 1}, {Currency: "USD", Month: m, Category: centavo.CatFood, AmountCents: -11, Count: 1}}},
		{"a delta beyond it", []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: centavo.MaxTotalCents + 1, Count: 1}}},
		{"deltas that sum beyond it", []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: near, Count: 1}, {Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: near, Count: 1}}},
		{"deltas that wrap int64", []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: math.MaxInt64, Count: 1}, {Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: 1, Count: 1}}},
		{"the smallest int64", []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatGas, AmountCents: math.MinInt64, Count: 1}}},
	}
	for _, r := range refused {
		err := s.InTx(ctx, func(tx store.Tx) error { return tx.AddMonthlySpending(ctx, u.ID, r.deltas) })
		if !errors.Is(err, store.ErrOutOfRange) || centavo.ErrorCode(err) != centavo.EINVALID {
			t.Errorf("%s: %v, want ErrOutOfRange", r.name, err)
		}
	}
	// Exactly at the bound is fine.
	write(t, s, func(tx store.Tx) error {
		return tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{{Currency: "USD", Month: m, Category: centavo.CatFood, AmountCents: -10, Count: 1}})
	})
	got, err := s.MonthlySpending(ctx, u.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	if want := []centavo.CategorySpending{{Category: centavo.CatFood, Currency: "USD", AmountCents: -centavo.MaxTotalCents, Count: 2}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after the refused changes: %v, want %v", got, want)
	}
	err = s.InTx(ctx, func(tx store.Tx) error {
		return tx.ReplaceMonthlySpending(ctx, u.ID, m, []centavo.CategorySpending{{Category: centavo.CatGas, AmountCents: centavo.MaxTotalCents + 1, Count: 1}})
	})
	if !errors.Is(err, store.ErrOutOfRange) {
		t.Errorf("ReplaceMonthlySpending beyond the bound: %v", err)
	}
	// SumDeltas checks its sums too.
	a := newAccount(t, s, u.ID)
	big := []centavo.Transaction{txn(u, a, "1", base, near, centavo.CatFood), txn(u, a, "2", base, near, centavo.CatFood)}
	if _, err := store.SumDeltas(big, -1); !errors.Is(err, store.ErrOutOfRange) {
		t.Errorf("SumDeltas past the bound: %v", err)
	}
	if _, err := store.SumDeltas([]centavo.Transaction{txn(u, a, "3", base, math.MinInt64, centavo.CatFood)}, 1); !errors.Is(err, store.ErrOutOfRange) {
		t.Errorf("SumDeltas of the smallest int64: %v", err)
	}
}
