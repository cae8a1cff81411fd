package budget

import (
	"context"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/rates"
)

// maxRolloverMonths bounds how far back a rollover chain is followed.
const maxRolloverMonths = 120

// plan is what a month's budgets are computed from besides spending.
type plan struct {
	overrides []centavo.BudgetOverride
	own       []centavo.OwnCategory
	income    int64
	from      centavo.Month // the template's first month; zero: never
}

// effective returns the budget of every spending category for the month,
// the user's own (whose template is 0) included. The template applies from
// the month the income was first set; an override from its month; before
// either a category has no budget (docs/0036).
func (p plan) effective(month centavo.Month) map[string]Line {
	out := map[string]Line{}
	tmpl := Template(p.income)
	applies := !p.from.IsZero() && !month.Before(p.from)
	base := func(l Line) Line {
		if applies {
			l.HasBudget, l.BudgetCents, l.Source = true, tmpl[l.Category], SourceTemplate
		}
		return l
	}
	for _, c := range centavo.SpendingCategories() {
		out[c] = base(Line{Category: c})
	}
	for _, c := range p.own {
		if c.Category().Kind == centavo.KindSpending {
			out[c.ID] = base(Line{Category: c.ID, Parent: c.Parent, Name: c.Name})
		}
	}
	// Overrides come sorted by category then month: the last one not after
	// the month wins.
	for _, o := range p.overrides {
		if month.Before(o.From) {
			continue
		}
		l, ok := out[o.Category]
		if !ok {
			continue
		}
		if o.AmountCents != nil {
			l.HasBudget, l.BudgetCents, l.Source = true, *o.AmountCents, SourceOverride
		} else {
			l = base(Line{Category: l.Category, Parent: l.Parent, Name: l.Name})
		}
		l.Rollover = o.Rollover && l.HasBudget
		out[o.Category] = l
	}
	return out
}

// spentBy returns each category's spending of a month; a fixed category's
// counts its own categories' too.
func spentBy(rows []centavo.CategorySpending) map[string]int64 {
	spent := map[string]int64{}
	for _, r := range rows {
		spent[r.Category] += r.SpentCents()
		if p := centavo.ParentCategory(r.Category); p != r.Category {
			spent[p] += r.SpentCents()
		}
	}
	return spent
}

// finish fills in a line's amounts from its budget, rollover and spending.
func finish(l Line, spent int64) Line {
	l.SpentCents = spent
	l.AvailableCents = l.BudgetCents + l.RolloverCents
	l.RemainingCents = l.AvailableCents - l.SpentCents
	l.Percent = 0
	if l.AvailableCents > 0 && l.SpentCents > 0 {
		l.Percent = l.SpentCents * 100 / l.AvailableCents
	}
	return l
}

// lines joins budgets and spending, in taxonomy order, each fixed
// category followed by the user's own under it (in the order of own).
func lines(budgets map[string]Line, own []centavo.OwnCategory, spent map[string]int64) []Line {
	var out []Line
	for _, c := range centavo.SpendingCategories() {
		out = append(out, finish(budgets[c], spent[c]))
		for _, o := range own {
			if o.Parent == c {
				out = append(out, finish(budgets[o.ID], spent[o.ID]))
			}
		}
	}
	return out
}

// chainStart returns the first month of the rollover chain that ends in
// month: the earliest month m such that every month from m to month-1 has
// a budget with rollover on (month itself when there is none).
func (p plan) chainStart(month centavo.Month) centavo.Month {
	start := month
	for i := 0; i < maxRolloverMonths; i++ {
		prev := start.Add(-1)
		any := false
		for _, l := range p.effective(prev) {
			if l.Rollover {
				any = true
				break
			}
		}
		if !any {
			break
		}
		start = prev
	}
	return start
}

func budgetsFrom(ctx context.Context, r reader, conv rates.Converter, userID int64, month centavo.Month) ([]Line, error) {
	u, err := r.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	p := plan{income: u.MonthlyIncomeCents}
	if p.overrides, err = r.BudgetOverrides(ctx, userID); err != nil {
		return nil, err
	}
	if p.own, err = r.OwnCategories(ctx, userID); err != nil {
		return nil, err
	}
	bp, err := r.BudgetPlan(ctx, userID)
	if err != nil {
		return nil, err
	}
	p.from = bp.TemplateFrom
	spentIn := func(m centavo.Month) (map[string]int64, error) {
		home, err := rates.InHome(ctx, r, conv, userID, m, u.Currency)
		if err != nil {
			return nil, err
		}
		return spentBy(home.Categories), nil
	}
	// Rollover, chained: each month of the chain carries what the previous
	// one left of its available amount, as long as the category has a
	// budget with rollover on in both.
	carry := map[string]int64{}
	for m := p.chainStart(month); m.Before(month); m = m.Add(1) {
		spent, err := spentIn(m)
		if err != nil {
			return nil, err
		}
		next := map[string]int64{}
		for c, l := range p.effective(m) {
			if l.Rollover {
				next[c] = l.BudgetCents + carry[c] - spent[c]
			}
		}
		carry = next
	}
	budgets := p.effective(month)
	for c, l := range budgets {
		if l.Rollover {
			l.RolloverCents = carry[c]
			budgets[c] = l
		}
	}
	spent, err := spentIn(month)
	if err != nil {
		return nil, err
	}
	return lines(budgets, p.own, spent), nil
}
