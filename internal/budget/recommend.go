package budget

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/store"
)

// Recommendation is a proposed budget for one category, with its reason.
type Recommendation struct {
	Category     string
	AmountCents  int64
	CurrentCents int64  // this month's budget
	Basis        string // history or template
	Reason       string
}

// Recommend proposes a budget per spending category from the last three
// complete months: the median of the months with spending (robust to one
// unusual month), rounded up to a round amount. Categories without history
// fall back on the template. The total stays within income minus the
// savings target (fit).
func (s *Service) Recommend(ctx context.Context, userID int64) ([]Recommendation, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	u, err := st.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := centavo.MonthOf(s.Now())
	months := []centavo.Month{now.Add(-3), now.Add(-2), now.Add(-1)}
	history := map[string][]int64{}
	var seen []centavo.Month
	for _, m := range months {
		home, err := rates.InHome(ctx, st, s.Rates, userID, m, u.Currency)
		if err != nil {
			return nil, err
		}
		rows := home.Categories
		any := false
		for _, r := range rows {
			if centavo.CountsAsSpending(r.Category) && r.Count > 0 {
				any = true
			}
		}
		if !any {
			continue // no data that month (before the first download)
		}
		seen = append(seen, m)
		spent := map[string]int64{}
		for _, r := range rows {
			spent[centavo.ParentCategory(r.Category)] += r.SpentCents() // own categories count for their parent
		}
		for _, c := range centavo.SpendingCategories() {
			history[c] = append(history[c], max(spent[c], 0))
		}
	}
	current, err := s.Budgets(ctx, userID, now)
	if err != nil {
		return nil, err
	}
	currentOf := map[string]int64{}
	for _, l := range current {
		currentOf[l.Category] = l.BudgetCents
	}
	tmpl := Template(u.MonthlyIncomeCents)
	var names []string
	for _, m := range seen {
		names = append(names, m.Start().Format("Jan"))
	}
	var out []Recommendation
	for _, c := range centavo.SpendingCategories() {
		r := Recommendation{Category: c, CurrentCents: currentOf[c]}
		h := history[c]
		nonzero := 0
		for _, v := range h {
			if v > 0 {
				nonzero++
			}
		}
		if nonzero == 0 {
			r.AmountCents, r.Basis = tmpl[c], "template"
			r.Reason = fmt.Sprintf("no spending in the last three months: the template for your income (%s)", centavo.FormatMoney(tmpl[c], u.Currency))
		} else {
			var parts []string
			var sum int64
			for i, v := range h {
				parts = append(parts, names[i]+" "+centavo.FormatMoney(v, u.Currency))
				sum += v
			}
			how := "median"
			amount := median(h)
			if amount == 0 {
				// Spending in a minority of months: the median is zero, and a
				// zero budget would alert on any purchase. Use the average.
				how, amount = "average", (sum+int64(len(h))-1)/int64(len(h))
			}
			// No more than a budget may be (SetBudget's limit).
			r.AmountCents, r.Basis = min(roundUp(amount), MaxBudgetCents), "history"
			r.Reason = fmt.Sprintf("%s of %s, rounded up", how, strings.Join(parts, ", "))
		}
		out = append(out, r)
	}
	plan, err := st.BudgetPlan(ctx, userID)
	if err != nil {
		return nil, err
	}
	return fit(out, u.MonthlyIncomeCents, plan.SavingsTargetPercent, u.Currency), nil
}

// median of one to three values (the middle, or the mean of the two
// middle ones rounded up).
func median(v []int64) int64 {
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2] + 1) / 2
}

// roundUp rounds an amount up to $5 under $100, $10 under $1,000, $50 above.
func roundUp(cents int64) int64 {
	step := int64(500)
	switch {
	case cents >= 100_000:
		step = 5_000
	case cents >= 10_000:
		step = 1_000
	}
	if cents%step == 0 {
		return cents
	}
	return (cents/step + 1) * step
}

// AcceptRecommendation stores the recommendation as this month's overrides,
// each category keeping its rollover setting.
func (s *Service) AcceptRecommendation(ctx context.Context, userID int64) ([]Recommendation, error) {
	recs, err := s.Recommend(ctx, userID)
	if err != nil {
		return nil, err
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	month := centavo.MonthOf(now)
	err = st.InTx(ctx, func(tx store.Tx) error {
		for _, r := range recs {
			amount := r.AmountCents
			// The recommendation sets amounts: each category keeps its
			// rollover as it is this month.
			rollover, err := rolloverOf(ctx, tx, userID, r.Category, month)
			if err != nil {
				return err
			}
			if err := tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: userID, Category: r.Category, From: month, AmountCents: &amount, Rollover: rollover, CreatedAt: now}); err != nil {
				return err
			}
		}
		return tx.Enqueue(ctx, jobargs.BudgetChanged(userID, month)...)
	})
	return recs, err
}
