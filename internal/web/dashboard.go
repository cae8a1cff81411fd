package web

import (
	"math"
	"net/http"
	"net/url"
	"sort"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/ledger"
)

// How many months the dashboard's trend shows, and how many budgets.
const (
	trendMonths      = 6
	dashboardBudgets = 6
)

// budgetUse is the share of the available amount used.
func budgetUse(b budgetRow) float64 {
	if b.Available <= 0 {
		if b.Spent > 0 {
			return math.Inf(1) // spent with nothing available: first
		}
		return 0
	}
	return float64(b.Spent) / float64(b.Available)
}

type dashboardData struct {
	Nav         monthNav
	Currency    string
	Summary     ledger.Summary
	Donut       donut
	Budgets     []budgetRow
	MoreBudgets int
	NoIncome    bool
	Approaching int
	Trend       trend
	Flow        flowChart
	NetWorth    netWorthCard
	Recent      []txRow
	Alerts      []alertRow
	Unread      int
	Accounts    int
	Linking     bool
	Upcoming    upcomingCard // the next bills (recurring.go)
}

// monthNav is a month with its neighbours, for the previous/next links.
type monthNav struct {
	Month, Prev, Next centavo.Month
	PrevURL, NextURL  string
	Current           bool // the month is this month
	HasNext           bool // the next month is not in the future
}

// newMonthNav links the page at path for the neighbouring months, keeping
// the other parameters of the query.
func newMonthNav(m, now centavo.Month, path string, keep url.Values) monthNav {
	n := monthNav{Month: m, Prev: m.Add(-1), Next: m.Add(1), Current: m == now, HasNext: m.Before(now)}
	link := func(to centavo.Month) string {
		q := url.Values{}
		for k, v := range keep {
			if v[0] != "" {
				q.Set(k, v[0])
			}
		}
		q.Set("month", to.String())
		return path + "?" + q.Encode()
	}
	n.PrevURL, n.NextURL = link(n.Prev), link(n.Next)
	return n
}

// monthParam reads ?month=YYYY-MM, this month by default.
func (s *server) monthParam(r *http.Request) (centavo.Month, bool) {
	v := r.URL.Query().Get("month")
	if v == "" {
		return centavo.MonthOf(s.Now()), true
	}
	m, err := centavo.ParseMonth(v)
	return m, err == nil
}

// budgetRow is one category's budget and spending in a month.
type budgetRow struct {
	Category  string
	Name      string
	HasBudget bool // false before the category had a budget (docs/0036)
	Budget    int64
	// Rollover: the category carries what it leaves into the next month;
	// RolloverCents is what the month before left (negative: overspent),
	// From that month; Available = Budget + RolloverCents.
	Rollover      bool
	RolloverCents int64
	From          centavo.Month
	Available     int64
	Spent         int64
	Remaining     int64
	Source        string
	// Projected is where the month is heading at its pace (0: no
	// projection, e.g. a past month).
	Projected int64
	PaceOver  int64       // how far the projection passes the available amount
	Crosses   centavo.Day // the day the projection reaches it (0: not this month)
	Meter     meter
}

func budgetRows(lines []budget.Line, month centavo.Month, approaching int, all bool) []budgetRow {
	var out []budgetRow
	for _, l := range lines {
		if !all && !l.HasBudget && l.SpentCents <= 0 {
			continue
		}
		name := categoryName(l.Category)
		if l.Name != "" {
			name = l.Name // the user's own category
		}
		row := budgetRow{Category: l.Category, Name: name, HasBudget: l.HasBudget, Budget: l.BudgetCents, Rollover: l.Rollover,
			RolloverCents: l.RolloverCents, From: month.Add(-1), Available: l.AvailableCents, Spent: l.SpentCents,
			Remaining: l.RemainingCents, Source: l.Source, Projected: l.ProjectedCents}
		row.Meter = newMeter(l.SpentCents, l.AvailableCents, l.HasBudget, approaching)
		if row.HasBudget && row.Projected > row.Spent {
			row.Meter = row.Meter.withMark(row.Projected, row.Available)
			row.PaceOver = max(row.Projected-row.Available, 0)
			if row.Spent < row.Available {
				row.Crosses = l.CrossesOn // (already over: nothing to forecast)
			}
		} else {
			row.Projected = 0 // a past month, or nothing more to come: no mark
		}
		out = append(out, row)
	}
	return out
}

// approachingThreshold is the user's lowest alert threshold under 100 %
// (80 % by default): where a budget bar turns amber.
func (s *server) approachingThreshold(r *http.Request, u *session) int {
	set, err := s.Notify.Settings(r.Context(), u.userID)
	if err != nil {
		return centavo.DefaultThresholds[0]
	}
	for _, t := range set.Thresholds {
		if t < 100 {
			return t
		}
	}
	return 100
}

func (s *server) dashboard(w http.ResponseWriter, r *http.Request, u *session) {
	ctx := r.Context()
	now := centavo.MonthOf(s.Now())
	month, ok := s.monthParam(r)
	if !ok {
		redirect(w, r, "/")
		return
	}
	d := dashboardData{Nav: newMonthNav(month, now, "/", nil), Currency: u.user.Currency, NoIncome: u.user.MonthlyIncomeCents == 0, Unread: u.unread}
	sum, err := s.Ledger.Spending(ctx, u.userID, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Summary = sum
	d.Donut = newDonut(sum, monthLong(month))
	names := s.ownNames(r, u)
	for _, segs := range [][]segment{d.Donut.Segments, d.Donut.Rows} {
		for i := range segs {
			if centavo.IsOwnCategoryID(segs[i].Category) {
				segs[i].Name = names(segs[i].Category)
			}
		}
	}

	d.Approaching = s.approachingThreshold(r, u)
	if err := s.dashboardBudgets(r, u, month, &d); err != nil {
		s.fail(w, r, err)
		return
	}

	// The cash flow's months end at this one; the trend is their last
	// six (the same totals as /spending's).
	flow, err := s.Ledger.Cashflow(ctx, u.userID, month.Add(1-flowMonths), month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Flow = newFlowChart(flow, month)
	if d.NetWorth, err = s.netWorthCard(ctx, u, r); err != nil {
		s.fail(w, r, err)
		return
	}
	months := make([]centavo.Month, trendMonths)
	totals := make([]int64, trendMonths)
	for i := range months {
		months[i] = month.Add(i - trendMonths + 1)
		totals[i] = flow.Months[flowMonths-trendMonths+i].SpendingCents
	}
	d.Trend = newTrend(months, totals, u.user.Currency, month)

	accts, err := s.Accounts.Accounts(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Accounts = len(accts)
	for _, a := range accts {
		if a.Status == centavo.AccountLinking {
			d.Linking = true
		}
	}
	page, err := s.Ledger.Transactions(ctx, u.userID, ledger.Query{Month: month, Limit: 8})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Recent = txRows(page.Transactions, accts)
	nameRows(d.Recent, names)

	notes, err := s.Notify.Notifications(ctx, u.userID, false, 3)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Alerts = alertRows(notes)
	if d.Upcoming, err = s.upcomingCard(r, u); err != nil {
		s.fail(w, r, err)
		return
	}

	v := s.view(r, u, "Dashboard", "dashboard")
	v.Month = month
	v.Data = d
	if d.Linking {
		v.Refresh, v.Poll, v.Signature = 4, true, accountsSignature(accts)
	}
	s.render(w, r, http.StatusOK, "dashboard", v)
}

// dashboardBudgets fills the dashboard's budgets: the ones closest to (or
// past) their limit.
func (s *server) dashboardBudgets(r *http.Request, u *session, month centavo.Month, d *dashboardData) error {
	lines, err := s.Budget.Budgets(r.Context(), u.userID, month)
	if err != nil {
		return err
	}
	for _, row := range budgetRows(lines, month, d.Approaching, false) {
		if row.HasBudget && (row.Budget > 0 || row.Spent > 0) {
			d.Budgets = append(d.Budgets, row)
		}
	}
	sort.SliceStable(d.Budgets, func(i, j int) bool { return budgetUse(d.Budgets[i]) > budgetUse(d.Budgets[j]) })
	if len(d.Budgets) > dashboardBudgets {
		d.MoreBudgets = len(d.Budgets) - dashboardBudgets
		d.Budgets = d.Budgets[:dashboardBudgets]
	}
	return nil
}

// view starts the view of a signed-in page.
func (s *server) view(r *http.Request, u *session, title, nav string) view {
	return view{Title: title, Nav: nav, Email: u.email, CSRF: u.csrf, Unread: u.unread, Flash: flash(r)}
}
