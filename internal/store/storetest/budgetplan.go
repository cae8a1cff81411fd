package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testBudgetPlans: defaults before any plan, set and replaced, per user;
// an override's rollover round-trips.
func testBudgetPlans(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "plan@example.com")
	v := newUser(t, s, "plan2@example.com")
	got, err := s.BudgetPlan(ctx, u.ID)
	if err != nil || !got.TemplateFrom.IsZero() || got.SavingsTargetPercent != centavo.DefaultSavingsTargetPercent || got.UserID != u.ID {
		t.Fatalf("defaults: %+v, %v", got, err)
	}
	m, _ := centavo.ParseMonth("2026-11")
	write(t, s, func(tx store.Tx) error {
		if err := tx.SetBudgetPlan(ctx, centavo.BudgetPlan{UserID: u.ID, TemplateFrom: m, SavingsTargetPercent: 10}); err != nil {
			return err
		}
		if err := tx.SetBudgetPlan(ctx, centavo.BudgetPlan{UserID: v.ID, SavingsTargetPercent: 0}); err != nil {
			return err
		}
		return tx.SetBudgetPlan(ctx, centavo.BudgetPlan{UserID: u.ID, TemplateFrom: m, SavingsTargetPercent: 25})
	})
	if got, _ := s.BudgetPlan(ctx, u.ID); got != (centavo.BudgetPlan{UserID: u.ID, TemplateFrom: m, SavingsTargetPercent: 25}) {
		t.Errorf("after set and replace: %+v", got)
	}
	if got, _ := s.BudgetPlan(ctx, v.ID); got != (centavo.BudgetPlan{UserID: v.ID}) {
		t.Errorf("another user's plan, never started, no savings: %+v", got)
	}
	amount := int64(5000)
	write(t, s, func(tx store.Tx) error {
		if err := tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: u.ID, Category: centavo.CatFood, From: m, AmountCents: &amount, Rollover: true, CreatedAt: base}); err != nil {
			return err
		}
		return tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: u.ID, Category: centavo.CatGas, From: m, AmountCents: &amount, CreatedAt: base})
	})
	os, err := s.BudgetOverrides(ctx, u.ID)
	if err != nil || len(os) != 2 || !os[0].Rollover || os[1].Rollover {
		t.Errorf("overrides' rollover: %+v, %v", os, err)
	}
}

// testBudgetAlertStates: none at first, created and replaced per (month,
// category, threshold), by category then threshold, per user and month.
func testBudgetAlertStates(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "states@example.com")
	v := newUser(t, s, "states2@example.com")
	m, _ := centavo.ParseMonth("2026-12")
	if got, err := s.BudgetAlertStates(ctx, u.ID, m); err != nil || len(got) != 0 {
		t.Fatalf("before any: %+v, %v", got, err)
	}
	write(t, s, func(tx store.Tx) error {
		for _, st := range []centavo.BudgetAlertState{
			{UserID: u.ID, Month: m, Category: centavo.CatGas, Threshold: 100, Crossed: true},
			{UserID: u.ID, Month: m, Category: centavo.CatFood, Threshold: 100, Crossed: true},
			{UserID: u.ID, Month: m, Category: centavo.CatFood, Threshold: 80, Crossed: true},
			{UserID: u.ID, Month: m.Add(-1), Category: centavo.CatFood, Threshold: 80, Crossed: true},
			{UserID: v.ID, Month: m, Category: centavo.CatFood, Threshold: 80, Crossed: true},
			// Re-armed: replaces the first state of (food, 100).
			{UserID: u.ID, Month: m, Category: centavo.CatFood, Threshold: 100, Crossed: false, Seq: 1},
		} {
			if err := tx.SetBudgetAlertState(ctx, st); err != nil {
				return err
			}
		}
		return nil
	})
	got, err := s.BudgetAlertStates(ctx, u.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	var desc []string
	for _, st := range got {
		if st.UserID != u.ID || st.Month != m {
			t.Errorf("state of another user or month: %+v", st)
		}
		desc = append(desc, fmt.Sprintf("%s@%d=%v/%d", st.Category, st.Threshold, st.Crossed, st.Seq))
	}
	if fmt.Sprint(desc) != "[food@80=true/0 food@100=false/1 gas@100=true/0]" {
		t.Errorf("states: %v", desc)
	}
}
