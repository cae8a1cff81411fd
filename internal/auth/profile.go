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

// MaxSavingsTargetPercent bounds the savings target a user may set.
const MaxSavingsTargetPercent = 90

// ProfileChange is what PATCH /api/v1/me changes; nil leaves a field as it is.
type ProfileChange struct {
	IncomeCents          *int64
	Currency             *string
	SavingsTargetPercent *int
}

// UpdateProfile sets the user's monthly income and currency (nil leaves one
// as it is). The budget template follows the income, so the month's budgets
// are settled again in the same transaction (docs/0036).
func (s *Service) UpdateProfile(ctx context.Context, userID int64, incomeCents *int64, currency *string) (centavo.User, error) {
	u, _, err := s.ChangeProfile(ctx, userID, ProfileChange{IncomeCents: incomeCents, Currency: currency})
	return u, err
}

// BudgetPlan returns the user's budget plan: the month the template first
// applied and the savings target.
func (s *Service) BudgetPlan(ctx context.Context, userID int64) (centavo.BudgetPlan, error) {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.BudgetPlan{}, err
	}
	return st.BudgetPlan(ctx, userID)
}

// ChangeProfile sets the user's income, currency and savings target. The
// first income starts the budget template from the current month.
func (s *Service) ChangeProfile(ctx context.Context, userID int64, ch ProfileChange) (centavo.User, centavo.BudgetPlan, error) {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.User{}, centavo.BudgetPlan{}, err
	}
	incomeCents, currency := ch.IncomeCents, ch.Currency
	if p := ch.SavingsTargetPercent; p != nil && (*p < 0 || *p > MaxSavingsTargetPercent) {
		return centavo.User{}, centavo.BudgetPlan{}, centavo.Errorf(centavo.EINVALID, "savings_target_percent must be between 0 and %d", MaxSavingsTargetPercent)
	}
	var u centavo.User
	var plan centavo.BudgetPlan
	err = st.InTx(ctx, func(tx store.Tx) error {
		var err error
		u, err = tx.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		if plan, err = tx.BudgetPlan(ctx, userID); err != nil {
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
		month := centavo.MonthOf(s.now())
		if err := setPlan(ctx, tx, &plan, u, month, ch.SavingsTargetPercent); err != nil {
			return err
		}
		jobs := jobargs.BudgetChanged(userID, month)
		if currency != nil { // the durable invalidation (docs/0040)
			jobs = append(jobs, jobargs.Invalidation(cache.Shared(s.Cache), userID)...)
		}
		return tx.Enqueue(ctx, jobs...)
	})
	if err == nil && currency != nil {
		// The cached summaries are in the old currency.
		cache.Forget(ctx, s.Cache, s.Logger, userID)
	}
	return u, plan, err
}

// setPlan starts the template in month when the user has an income for the
// first time and sets the savings target; it writes the plan if it changed.
func setPlan(ctx context.Context, tx store.Tx, plan *centavo.BudgetPlan, u centavo.User, month centavo.Month, savings *int) error {
	old := *plan
	if u.MonthlyIncomeCents > 0 && plan.TemplateFrom.IsZero() {
		plan.TemplateFrom = month
	}
	if savings != nil {
		plan.SavingsTargetPercent = *savings
	}
	if *plan == old {
		return nil
	}
	return tx.SetBudgetPlan(ctx, *plan)
}
