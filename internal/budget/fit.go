package budget

import (
	"context"
	"fmt"
	"math/bits"

	"github.com/centavo/centavo"
)

// discretionary are the categories a plan that does not fit the income
// scales first; the others (housing, groceries, utilities, …) only when
// scaling these to nothing is not enough.
var discretionary = map[string]bool{
	centavo.CatRestaurants: true, centavo.CatShopping: true, centavo.CatEntertainment: true,
	centavo.CatTravel: true, centavo.CatPersonalCare: true, centavo.CatGiftsDonations: true,
}

// Overview is a month's budgets with what the plan adds up to.
type Overview struct {
	Month       centavo.Month
	Lines       []Line
	IncomeCents int64
	// BudgetedCents adds up the budgets (without rollover) of the lines
	// without a Parent; LeftToBudgetCents is income minus that (negative: the
	// plan budgets more than the income).
	BudgetedCents     int64
	LeftToBudgetCents int64
}

// Overview returns the month's budgets, the income and what is left to budget.
func (s *Service) Overview(ctx context.Context, userID int64, month centavo.Month) (Overview, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return Overview{}, err
	}
	u, err := st.UserByID(ctx, userID)
	if err != nil {
		return Overview{}, err
	}
	ls, err := budgetsFrom(ctx, st, s.Rates, userID, month)
	if err != nil {
		return Overview{}, err
	}
	if err := s.project(ctx, st, userID, month, centavo.DayOf(s.Now()), ls); err != nil {
		return Overview{}, err
	}
	o := Overview{Month: month, Lines: ls, IncomeCents: u.MonthlyIncomeCents}
	for _, l := range ls {
		if l.Parent == "" && l.HasBudget {
			o.BudgetedCents += l.BudgetCents
		}
	}
	o.LeftToBudgetCents = o.IncomeCents - o.BudgetedCents
	return o, nil
}

// fit keeps the recommendations' total within income minus the savings
// target: discretionary categories are scaled down first (all by the same
// factor), the others only if that is not enough. Amounts are rounded down
// to whole currency units; each scaled line says so in its reason. Without
// an income there is nothing to fit.
func fit(recs []Recommendation, incomeCents int64, savingsPercent int, currency string) []Recommendation {
	if incomeCents <= 0 {
		return recs
	}
	limit := incomeCents * int64(100-savingsPercent) / 100
	var total, disc int64
	for _, r := range recs {
		total += r.AmountCents
		if discretionary[r.Category] {
			disc += r.AmountCents
		}
	}
	if total <= limit {
		return recs
	}
	excess := total - limit
	scale := func(pick func(string) bool, keep, of int64) {
		for i, r := range recs {
			if !pick(r.Category) || r.AmountCents == 0 {
				continue
			}
			v := mulDiv(r.AmountCents, keep, of)
			v -= v % 100
			recs[i].Reason += fmt.Sprintf("; scaled down from %s so that the plan stays within your income minus your %d %% savings target (%s)",
				centavo.FormatMoney(r.AmountCents, currency), savingsPercent, centavo.FormatMoney(limit, currency))
			recs[i].AmountCents = v
		}
	}
	isDisc := func(c string) bool { return discretionary[c] }
	if disc >= excess {
		scale(isDisc, disc-excess, disc)
		return recs
	}
	scale(isDisc, 0, 1)
	essential := total - disc
	scale(func(c string) bool { return !discretionary[c] }, limit, essential)
	return recs
}

// mulDiv is a×b÷c, rounded down, for 0 ≤ b ≤ c and a ≥ 0, without
// overflowing: a×b is computed on 128 bits (amounts near the limits
// multiply past int64).
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}
