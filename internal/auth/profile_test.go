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
