package app

import (
	"context"
	"slices"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/recurring"
)

// recurringCharges gives the budget service's projections the user's
// confirmed recurring bills (docs/0036): the occurrences that posted and
// the dates still expected, from the recurring service's stored series.
// Neither service imports the other; the composition root joins them.
type recurringCharges struct{ svc *recurring.Service }

func (r recurringCharges) Charges(ctx context.Context, userID int64, from, to centavo.Day) ([]budget.Charge, error) {
	all, err := r.svc.List(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []budget.Charge
	for _, s := range all {
		if s.State != recurring.Confirmed || s.Income || s.Tentative {
			continue
		}
		for _, o := range s.Occurrences {
			if o.Date >= from && o.Date <= to && o.AmountCents < 0 {
				out = append(out, budget.Charge{Category: s.Category, AmountCents: -o.AmountCents, Currency: s.Currency, Date: o.Date, Posted: true})
			}
		}
		if s.Status != recurring.Active || s.NextAmountCents >= 0 {
			continue
		}
		// Expected dates start after the last occurrence: none of them
		// posted. Those the detector counts as missed are not coming.
		for _, d := range s.Expected(from, to) {
			if !slices.Contains(s.Missed, d) {
				out = append(out, budget.Charge{Category: s.Category, AmountCents: -s.NextAmountCents, Currency: s.Currency, Date: d})
			}
		}
	}
	return out, nil
}
