package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// exerciseCurrencies: aggregates keyed per currency, the daily sums that
// conversion reads, and the exchange-rate table (migration 00011).
func exerciseCurrencies(t *testing.T, open Opener) {
	t.Run("SpendingPerCurrency", func(t *testing.T) { t.Parallel(); testSpendingPerCurrency(t, open(t)) })
	t.Run("ExchangeRates", func(t *testing.T) { t.Parallel(); testExchangeRates(t, open(t)) })
}

func testSpendingPerCurrency(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "cur@example.com")
	a := newAccount(t, s, u.ID)
	eur := txn(u, a, "E1", base, -500, centavo.CatFood)
	eur.Currency = "EUR"
	eur2 := txn(u, a, "E2", base.AddDate(0, 0, 1), -250, centavo.CatFood)
	eur2.Currency = "EUR"
	usd := txn(u, a, "U1", base, -700, centavo.CatFood)
	insert(t, s, eur, eur2, usd)
	m := centavo.MonthOf(base)
	got, err := s.MonthlySpending(ctx, u.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	want := []centavo.CategorySpending{
		{Category: centavo.CatFood, Currency: "EUR", AmountCents: -750, Count: 2},
		{Category: centavo.CatFood, Currency: "USD", AmountCents: -700, Count: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MonthlySpending = %+v, want %+v (one row per currency, never summed)", got, want)
	}
	days, err := s.DailySpending(ctx, store.DailySpendingFilter{UserID: u.ID, Month: m, ExceptCurrency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	wantDays := []store.DaySpending{
		{Day: "2026-03-14", Currency: "EUR", Category: centavo.CatFood, AmountCents: -500, Count: 1},
		{Day: "2026-03-15", Currency: "EUR", Category: centavo.CatFood, AmountCents: -250, Count: 1},
	}
	if !reflect.DeepEqual(days, wantDays) {
		t.Fatalf("DailySpending = %+v, want %+v", days, wantDays)
	}
	if other, err := s.DailySpending(ctx, store.DailySpendingFilter{UserID: u.ID, Month: m.Add(1), ExceptCurrency: "USD"}); err != nil || len(other) != 0 {
		t.Fatalf("DailySpending of another month = %v, %v", other, err)
	}
	rep, err := s.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("Verify after per-currency inserts: %+v, %v", rep, err)
	}
	// An aggregate filed under the wrong currency is a violation of both rows.
	write(t, s, func(tx store.Tx) error {
		return tx.AddMonthlySpending(ctx, u.ID, []store.SpendingDelta{
			{Month: m, Currency: "EUR", Category: centavo.CatFood, AmountCents: 250, Count: -1},
			{Month: m, Currency: "USD", Category: centavo.CatFood, AmountCents: -250, Count: 1},
		})
	})
	rep, err = s.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantMis := []store.SpendingMismatch{
		{UserID: u.ID, Month: "2026-03", Currency: "EUR", Category: centavo.CatFood, StoredCents: -500, ComputedCents: -750, StoredCount: 1, ComputedCount: 2},
		{UserID: u.ID, Month: "2026-03", Currency: "USD", Category: centavo.CatFood, StoredCents: -950, ComputedCents: -700, StoredCount: 2, ComputedCount: 1},
	}
	if !reflect.DeepEqual(rep.SpendingMismatches, wantMis) {
		t.Fatalf("Verify = %+v, want %+v", rep.SpendingMismatches, wantMis)
	}
	// Deleting the account takes every currency's rows back to zero.
	write(t, s, func(tx store.Tx) error {
		removed, err := tx.DeleteAccount(ctx, u.ID, a.ID)
		if err != nil {
			return err
		}
		if fmt.Sprint(removed) != "[{2026-03 EUR food -750 2} {2026-03 USD food -700 1}]" {
			return fmt.Errorf("DeleteAccount deltas = %v", removed)
		}
		return nil
	})
}

func testExchangeRates(t *testing.T, s store.Store) {
	ctx := context.Background()
	if got, err := s.Rates(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Rates of an empty store = %v, %v", got, err)
	}
	in := []store.ExchangeRate{
		{Day: "2025-03-07", Currency: "USD", PerEUR: "1.0857"},
		{Day: "2025-03-07", Currency: "JPY", PerEUR: "160.35"},
		{Day: "2025-03-10", Currency: "USD", PerEUR: "1.0845"},
	}
	if err := s.PutRates(ctx, in); err != nil {
		t.Fatal(err)
	}
	// A second import of the same day replaces its figure.
	if err := s.PutRates(ctx, []store.ExchangeRate{{Day: "2025-03-10", Currency: "USD", PerEUR: "1.08450"}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Rates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.ExchangeRate{
		{Day: "2025-03-07", Currency: "JPY", PerEUR: "160.35"},
		{Day: "2025-03-07", Currency: "USD", PerEUR: "1.0857"},
		{Day: "2025-03-10", Currency: "USD", PerEUR: "1.08450"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Rates = %+v, want %+v", got, want)
	}
}
