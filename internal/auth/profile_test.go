package auth

import (
	"context"
	"testing"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
)

func TestUpdateProfile(t *testing.T) {
	t.Parallel()
	s, _ := setup(t)
	ctx := context.Background()
	if _, err := s.cluster.Shards()[0].NewQueue(&river.Config{}); err != nil { // insert-only: the change enqueues an evaluation
		t.Fatal(err)
	}
	u, err := s.SignUp(ctx, "p@example.com", "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	ptr := func(v int64) *int64 { return &v }
	str := func(v string) *string { return &v }
	for _, tc := range []struct {
		name         string
		income       *int64
		currency     *string
		wantCode     string
		wantIncome   int64
		wantCurrency string
	}{
		{"income", ptr(450_000), nil, "", 450_000, "USD"},
		{"currency, lower case and spaced", nil, str(" eur "), "", 450_000, "EUR"},
		{"both", ptr(0), str("JPY"), "", 0, "JPY"},
		{"negative income", ptr(-1), nil, centavo.EINVALID, 0, "JPY"},
		{"income over the limit", ptr(centavo.MaxAmountCents + 1), nil, centavo.EINVALID, 0, "JPY"},
		{"not a currency code", nil, str("EURO"), centavo.EINVALID, 0, "JPY"},
		{"digits in a code", nil, str("U5D"), centavo.EINVALID, 0, "JPY"},
		{"a bad field changes nothing", ptr(1), str("??"), centavo.EINVALID, 0, "JPY"},
	} {
		_, err := s.UpdateProfile(ctx, u.ID, tc.income, tc.currency)
		if centavo.ErrorCode(err) != tc.wantCode && !(tc.wantCode == "" && err == nil) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.wantCode)
		}
		got, err := s.cluster.Shards()[0].UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.MonthlyIncomeCents != tc.wantIncome || got.Currency != tc.wantCurrency {
			t.Errorf("%s: stored %d %s, want %d %s", tc.name, got.MonthlyIncomeCents, got.Currency, tc.wantIncome, tc.wantCurrency)
		}
	}
}

// TestBudgetPlan: the first income starts the template in its month; a later
// income does not move it; the savings target is 0–90 (default 10) and a
// bad one changes nothing.
func TestBudgetPlan(t *testing.T) {
	t.Parallel()
	s, now := setup(t)
	ctx := context.Background()
	if _, err := s.cluster.Shards()[0].NewQueue(&river.Config{}); err != nil {
		t.Fatal(err)
	}
	u, err := s.SignUp(ctx, "plan@example.com", "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	income := func(v int64) ProfileChange { return ProfileChange{IncomeCents: &v} }
	savings := func(v int) ProfileChange { return ProfileChange{SavingsTargetPercent: &v} }
	if _, p, err := s.ChangeProfile(ctx, u.ID, income(0)); err != nil || !p.TemplateFrom.IsZero() || p.SavingsTargetPercent != 10 {
		t.Fatalf("no income: %+v, %v", p, err)
	}
	first := centavo.MonthOf(*now)
	if _, p, err := s.ChangeProfile(ctx, u.ID, income(300_000)); err != nil || p.TemplateFrom != first {
		t.Fatalf("first income: %+v, %v", p, err)
	}
	*now = now.AddDate(0, 2, 0)
	if _, p, err := s.ChangeProfile(ctx, u.ID, income(500_000)); err != nil || p.TemplateFrom != first {
		t.Errorf("a later income moved the template's start: %+v, %v", p, err)
	}
	for _, bad := range []int{-1, 91} {
		if _, _, err := s.ChangeProfile(ctx, u.ID, savings(bad)); centavo.ErrorCode(err) != centavo.EINVALID {
			t.Errorf("savings target %d: %v", bad, err)
		}
	}
	if _, p, err := s.ChangeProfile(ctx, u.ID, savings(0)); err != nil || p.SavingsTargetPercent != 0 || p.TemplateFrom != first {
		t.Errorf("savings target 0: %+v, %v", p, err)
	}
	if p, err := s.BudgetPlan(ctx, u.ID); err != nil || p.SavingsTargetPercent != 0 {
		t.Errorf("stored plan: %+v, %v", p, err)
	}
}
