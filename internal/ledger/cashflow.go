package ledger

import (
	"context"
	"math/big"

	"github.com/centavo/centavo"
)

// MaxCashflowMonths caps the months of one cash-flow answer.
const MaxCashflowMonths = 60

// Cashflow is income against spending, month by month.
type Cashflow struct {
	Currency string          `json:"currency"`
	Months   []CashflowMonth `json:"months"`
}

// CashflowMonth is one month of a Cashflow. Income is the income
// category's total, spending what GET /spending reports for the month;
// transfers count in neither.
type CashflowMonth struct {
	Month         string `json:"month"`
	IncomeCents   int64  `json:"income_cents"`
	SpendingCents int64  `json:"spending_cents"`
	NetCents      int64  `json:"net_cents"`
	// SavingsRate is net / income rounded to 4 decimals; nil when the
	// month had no income.
	SavingsRate *float64 `json:"savings_rate"`
}

// Cashflow returns the months from from to to, inclusive: reversed months
// or more than MaxCashflowMonths are invalid. Each month's aggregates are
// read once (or come from the cache), as for Spending.
func (s *Service) Cashflow(ctx context.Context, userID int64, from, to centavo.Month) (Cashflow, error) {
	if to.Before(from) {
		return Cashflow{}, centavo.Errorf(centavo.EINVALID, "from (%s) is after to (%s)", from, to)
	}
	n := (to.Year-from.Year)*12 + int(to.Month) - int(from.Month) + 1
	if n > MaxCashflowMonths {
		return Cashflow{}, centavo.Errorf(centavo.EINVALID, "from %s to %s is %d months; at most %d", from, to, n, MaxCashflowMonths)
	}
	m := &months{s: s, userID: userID}
	out := Cashflow{Months: make([]CashflowMonth, 0, n)}
	for i := range n {
		month := from.Add(i)
		t, err := m.month(ctx, month)
		if err != nil {
			return Cashflow{}, err
		}
		out.Currency = t.Summary.Currency
		out.Months = append(out.Months, flowOf(month, t))
	}
	return out, nil
}

func flowOf(month centavo.Month, t monthTotals) CashflowMonth {
	f := CashflowMonth{Month: month.String(), IncomeCents: t.IncomeCents, SpendingCents: t.Summary.TotalSpentCents}
	f.NetCents = f.IncomeCents - f.SpendingCents
	if f.IncomeCents > 0 {
		r := SavingsRate(f.NetCents, f.IncomeCents)
		f.SavingsRate = &r
	}
	return f
}

// SavingsRate is net / income rounded half away from zero to 4 decimals,
// computed exactly (income > 0).
func SavingsRate(net, income int64) float64 {
	q := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(net), big.NewInt(10_000)), big.NewInt(income))
	// Round |q| half up, then put the sign back.
	abs := new(big.Rat).Abs(q)
	abs.Add(abs, big.NewRat(1, 2))
	whole := new(big.Int).Quo(abs.Num(), abs.Denom())
	if q.Sign() < 0 {
		whole.Neg(whole)
	}
	f, _ := new(big.Rat).SetFrac(whole, big.NewInt(10_000)).Float64()
	return f
}
