package budget

import (
	"context"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/rates"
)

// Projected overspend (docs/0036, "Projected overspend"): where the month
// is heading at its pace, computed by Project (pure) from what was spent,
// the confirmed recurring charges still expected and the category's typical
// daily discretionary spending.

// Projection thresholds.
const (
	// ProjectFromDay is the first day of the month a projection may alert:
	// before it the month says too little.
	ProjectFromDay = 7
	// ProjectPercent: budget_projected is sent when the projection reaches
	// this percent of the available amount.
	ProjectPercent = 110
	// projectedState is the threshold under which the projection's alert
	// state is kept among the thresholds' (users' thresholds are 1 to 1000).
	projectedState = 0
	// historyMonths is how many months before the current one the typical
	// daily spending is taken from.
	historyMonths = 3
)

// Charge is one charge of a confirmed recurring series (a bill, a
// subscription), as the budget service reads them.
type Charge struct {
	Category    string
	AmountCents int64 // positive: money going out
	Currency    string
	Date        centavo.Day
	// Posted: the charge arrived (Date is its transaction's day). Otherwise
	// it is still expected on Date.
	Posted bool
}

// RecurringCharges is where the budget service learns the user's confirmed
// recurring charges (the recurring bills service, wired by internal/app).
type RecurringCharges interface {
	// Charges returns the user's confirmed recurring outflows dated in
	// [from, to]: those that posted (Posted) and those still expected. An
	// expected date whose charge arrived is returned once, as posted.
	Charges(ctx context.Context, userID int64, from, to centavo.Day) ([]Charge, error)
}

// Rate is an amount per day, the fraction Cents / Days (Days > 0; the zero
// Rate is nothing a day).
type Rate struct {
	Cents, Days int64
}

// over returns the rate times n days, rounded down.
func (r Rate) over(n int64) int64 {
	if r.Days <= 0 || n <= 0 {
		return 0
	}
	return r.Cents * n / r.Days
}

// less compares two rates.
func (r Rate) less(o Rate) bool {
	return r.Cents*max(o.Days, 1) < o.Cents*max(r.Days, 1)
}

// TypicalDaily is a category's typical daily discretionary spending: the
// median of the daily rates of the previous months that have data (each
// month's spending minus its confirmed recurring charges, over its days; the
// mean of the two middle ones for an even count), so one exceptional month
// does not make the pace. Without history it is this month's pace so far.
func TypicalDaily(history []Rate, thisMonth Rate) Rate {
	if len(history) == 0 {
		return thisMonth
	}
	h := append([]Rate(nil), history...)
	for i := 1; i < len(h); i++ { // insertion sort: at most 3
		for j := i; j > 0 && h[j].less(h[j-1]); j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
	if len(h)%2 == 1 {
		return h[len(h)/2]
	}
	a, b := h[len(h)/2-1], h[len(h)/2]
	return Rate{Cents: a.Cents*b.Days + b.Cents*a.Days, Days: 2 * a.Days * b.Days}
}

// Pace is what one category's projection is computed from.
type Pace struct {
	Today    centavo.Day // the day of the evaluation, counted as spent
	MonthEnd centavo.Day // the month's last day
	// AvailableCents is the budget plus rollover; SpentCents what was
	// spent so far this month (recurring charges that posted included).
	AvailableCents int64
	SpentCents     int64
	// Expected are the confirmed recurring charges still expected: one
	// dated before Today (late) counts on Today, one after MonthEnd not.
	Expected []Charge
	Daily    Rate // the typical daily discretionary spending
}

// Projection is where a month is heading.
type Projection struct {
	// ProjectedCents = spent + recurring charges still expected + daily
	// discretionary × days left after Today.
	ProjectedCents int64
	// CrossesOn is the first day the projected cumulative spending reaches
	// the available amount; 0 when it does not this month or the category
	// has nothing available.
	CrossesOn centavo.Day
}

// Project projects a category's month from its pace.
func Project(p Pace) Projection {
	left := int64(p.MonthEnd - p.Today)
	expected := map[centavo.Day]int64{}
	var total int64
	for _, c := range p.Expected {
		if c.Posted || c.Date > p.MonthEnd {
			continue
		}
		d := max(c.Date, p.Today)
		expected[d] += c.AmountCents
		total += c.AmountCents
	}
	out := Projection{ProjectedCents: p.SpentCents + total + p.Daily.over(left)}
	if p.AvailableCents <= 0 || out.ProjectedCents < p.AvailableCents {
		return out
	}
	cum := p.SpentCents
	for d := p.Today; d <= p.MonthEnd; d++ {
		cum += expected[d]
		if cum+p.Daily.over(int64(d-p.Today)) >= p.AvailableCents {
			out.CrossesOn = d
			break
		}
	}
	return out
}

// projectionDue says whether a line's projection calls for
// budget_projected on day today: from the 7th, with a budget not yet
// reached, projected at 110 % of it or more.
func projectionDue(l Line, today centavo.Day) bool {
	return today.Time().Day() >= ProjectFromDay && l.HasBudget && l.AvailableCents > 0 &&
		l.SpentCents < l.AvailableCents && l.ProjectedCents*100 >= ProjectPercent*l.AvailableCents
}

// lastDay is the last day of month.
func lastDay(month centavo.Month) centavo.Day {
	return centavo.DayOf(month.End()) - 1
}

// project fills in the lines' ProjectedCents and CrossesOn. For the month
// of today it is the projection; another month's is what was spent.
func (s *Service) project(ctx context.Context, r reader, userID int64, month centavo.Month, today centavo.Day, ls []Line) error {
	if month != centavo.MonthOf(today.Time()) {
		for i := range ls {
			ls[i].ProjectedCents = ls[i].SpentCents
		}
		return nil
	}
	u, err := r.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	from := centavo.DayOf(month.Add(-historyMonths).Start())
	charges, err := s.charges(ctx, userID, from, lastDay(month), u.Currency)
	if err != nil {
		return err
	}
	cats := make([]string, len(ls))
	for i, l := range ls {
		cats[i] = l.Category
	}
	history, err := s.history(ctx, r, userID, month, u.Currency, charges, cats)
	if err != nil {
		return err
	}
	posted, expected := byCategory(charges, centavo.DayOf(month.Start()))
	elapsed := int64(today - centavo.DayOf(month.Start()) + 1)
	for i, l := range ls {
		pace := Pace{Today: today, MonthEnd: lastDay(month), AvailableCents: l.AvailableCents, SpentCents: l.SpentCents,
			Expected: expected[l.Category],
			Daily:    TypicalDaily(history[l.Category], Rate{Cents: max(l.SpentCents-posted[l.Category], 0), Days: elapsed})}
		p := Project(pace)
		ls[i].ProjectedCents, ls[i].CrossesOn = p.ProjectedCents, p.CrossesOn
	}
	return nil
}

// charges reads the confirmed recurring outflows in [from, to], amounts in
// home (a charge in another currency converted at its day's rate, left
// out without one).
func (s *Service) charges(ctx context.Context, userID int64, from, to centavo.Day, home string) ([]Charge, error) {
	if s.Recurring == nil {
		return nil, nil
	}
	list, err := s.Recurring.Charges(ctx, userID, from, to)
	if err != nil {
		return nil, err
	}
	conv := s.Rates
	if conv == nil {
		conv = &rates.Table{}
	}
	out := make([]Charge, 0, len(list))
	for _, c := range list {
		if c.AmountCents <= 0 || c.Date < from || c.Date > to {
			continue
		}
		if c.Currency != home {
			v, ok, err := conv.Convert(ctx, c.AmountCents, c.Currency, home, c.Date.Time())
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			c.AmountCents, c.Currency = v, home
		}
		out = append(out, c)
	}
	return out, nil
}

// byCategory splits the charges dated from start on into what posted (a
// sum) and what is still expected, per category; a category's own
// categories count for their parent too, as spending does.
func byCategory(charges []Charge, start centavo.Day) (posted map[string]int64, expected map[string][]Charge) {
	posted, expected = map[string]int64{}, map[string][]Charge{}
	for _, c := range charges {
		if c.Date < start {
			continue
		}
		cats := []string{c.Category}
		if p := centavo.ParentCategory(c.Category); p != c.Category {
			cats = append(cats, p)
		}
		for _, cat := range cats {
			if c.Posted {
				posted[cat] += c.AmountCents
			} else {
				expected[cat] = append(expected[cat], c)
			}
		}
	}
	return posted, expected
}

// history returns, per category that had spending in the previous months,
// the daily discretionary rate of each of them that has data (any
// transaction of the user): the month's spending minus the confirmed
// recurring charges that posted in it, never below 0, over the month's
// days. A category without spending in them has no history.
func (s *Service) history(ctx context.Context, r reader, userID int64, month centavo.Month, home string, charges []Charge, cats []string) (map[string][]Rate, error) {
	out, had := map[string][]Rate{}, map[string]bool{}
	for m := month.Add(-historyMonths); m.Before(month); m = m.Add(1) {
		h, err := rates.InHome(ctx, r, s.Rates, userID, m, home)
		if err != nil {
			return nil, err
		}
		data := false
		for _, c := range h.Categories {
			data = data || c.Count != 0
		}
		if !data {
			continue
		}
		spent := spentBy(h.Categories)
		start, end := centavo.DayOf(m.Start()), lastDay(m)
		var inMonth []Charge
		for _, c := range charges {
			if c.Posted && c.Date >= start && c.Date <= end {
				inMonth = append(inMonth, c)
			}
		}
		posted, _ := byCategory(inMonth, start)
		days := int64(end - start + 1)
		for _, c := range cats {
			out[c] = append(out[c], Rate{Cents: max(spent[c]-posted[c], 0), Days: days})
			had[c] = had[c] || spent[c] > 0
		}
	}
	for c := range out {
		if !had[c] {
			delete(out, c) // no history: this month's pace
		}
	}
	return out, nil
}
