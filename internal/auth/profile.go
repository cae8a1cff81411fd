package auth

import (
	"context"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/store"
)

// UpdateProfile sets the user's monthly income and currency (nil leaves one
// as it is). The budget template follows the income, so the month's budgets
// are evaluated again in the same transaction.
func (s *Service) UpdateProfile(ctx context.Context, userID int64, incomeCents *int64, currency *string) (centavo.User, error) {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.User{}, err
	}
	var u centavo.User
	err = st.InTx(ctx, func(tx store.Tx) error {
		var err error
		u, err = tx.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		if incomeCents != nil {
			if *incomeCents < 0 || *incomeCents > centavo.MaxAmountCents {
				return centavo.Errorf(centavo.EINVALID, "monthly_income_cents must be between 0 and %d", int64(centavo.MaxAmountCents))
			}
			u.MonthlyIncomeCents = *incomeCents
		}
		if currency != nil {
			c := strings.ToUpper(strings.TrimSpace(*currency))
			if !rates.IsISO4217(c) {
				return centavo.Errorf(centavo.EINVALID, "currency %q is not an ISO 4217 currency code (USD, EUR, JPY, …)", *currency)
			}
			u.Currency = c
		}
		if err := tx.UpdateUserProfile(ctx, store.UserProfileUpdate{UserID: userID, MonthlyIncomeCents: u.MonthlyIncomeCents, Currency: u.Currency}); err != nil {
			return err
		}
		return tx.Enqueue(ctx, jobargs.Evaluations(userID, centavo.MonthOf(s.now()))...)
	})
	if err == nil && currency != nil {
		// The cached summaries are in the old currency.
		cache.Forget(ctx, s.Cache, s.Logger, userID)
	}
	return u, err
}
