package web

import (
	"net/http"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
)

// budgetsData is the budgets page: the plan's header (income, budgeted,
// left to budget), a bar per category, and a summary of the recommendation
// with the link to review it (proposal.go).
type budgetsData struct {
	Nav      monthNav
	This     centavo.Month
	Current  bool // the page shows this month: rollover toggles apply to it
	Currency string
	Rows     []budgetRow
	Income   string // for the income input
	// IncomeCents, BudgetedCents and LeftCents are the plan's header
	// (budget.Overview); Overbudgeted is −LeftCents when it is negative.
	IncomeCents   int64
	BudgetedCents int64
	LeftCents     int64
	Overbudgeted  int64
	Available     int64 // what the categories have this month, rollover counted
	Spent         int64
	Savings       int // the savings target, percent of income
	Approaching   int
	Over, Warn    int // categories past their available amount, and close to it
	AnyBudget     bool
	RecsChange    int   // categories the recommendation would change
	RecsTotal     int64 // what the recommendation adds up to
}

func (s *server) budgets(w http.ResponseWriter, r *http.Request, u *session) {
	s.renderBudgets(w, r, u, http.StatusOK, "")
}

func (s *server) renderBudgets(w http.ResponseWriter, r *http.Request, u *session, status int, errMsg string) {
	ctx := r.Context()
	now := centavo.MonthOf(s.Now())
	month, ok := s.monthParam(r)
	if !ok {
		month = now
	}
	d := budgetsData{Nav: newMonthNav(month, now, "/budgets", nil), This: now, Current: month == now, Currency: u.user.Currency,
		Income: inputAmount(u.user.MonthlyIncomeCents, u.user.Currency)}
	if u.user.MonthlyIncomeCents == 0 {
		d.Income = ""
	}
	d.Approaching = s.approachingThreshold(r, u)
	o, err := s.Budget.Overview(ctx, u.userID, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.IncomeCents, d.BudgetedCents, d.LeftCents = o.IncomeCents, o.BudgetedCents, o.LeftToBudgetCents
	if o.IncomeCents > 0 { // without an income there is nothing to be over
		d.Overbudgeted = max(-o.LeftToBudgetCents, 0)
	}
	d.Rows = budgetRows(o.Lines, month, d.Approaching, true)
	for _, l := range o.Lines {
		if l.Parent != "" {
			continue // counted in its parent's line
		}
		d.Spent += l.SpentCents
		if l.HasBudget {
			d.Available += l.AvailableCents
			d.AnyBudget = true
		}
	}
	for _, row := range d.Rows {
		switch row.Meter.State {
		case "over":
			d.Over++
		case "warn":
			d.Warn++
		}
	}
	plan, err := s.Auth.BudgetPlan(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Savings = plan.SavingsTargetPercent
	recs, err := s.Budget.Recommend(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, rec := range recs {
		d.RecsTotal += rec.AmountCents
		if rec.AmountCents != rec.CurrentCents {
			d.RecsChange++
		}
	}
	v := s.view(r, u, "Budgets", "budgets")
	v.Month = month
	v.Error = errMsg
	v.Data = d
	s.render(w, r, status, "budgets", v)
}

// backToBudgets returns to the month the form was sent from.
func backToBudgets(r *http.Request, msg string) string {
	to := "/budgets"
	if m, err := centavo.ParseMonth(r.PostFormValue("month")); err == nil {
		to += "?month=" + m.String()
	}
	return withMsg(to, msg) + "#budget-" + r.PathValue("category")
}

func (s *server) setBudget(w http.ResponseWriter, r *http.Request, u *session) {
	cents, ok := parseAmount(r.PostFormValue("amount"), u.user.Currency)
	if !ok {
		s.renderBudgets(w, r, u, http.StatusUnprocessableEntity, "The budget for "+categoryName(r.PathValue("category"))+
			" must be an amount such as 250 or 250.00.")
		return
	}
	if err := s.Budget.SetOverride(r.Context(), u.userID, r.PathValue("category"), cents); err != nil {
		if msg, ok := userError(err); ok {
			s.renderBudgets(w, r, u, http.StatusUnprocessableEntity, msg)
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, backToBudgets(r, "budget"))
}

// setRollover turns a category's rollover on or off from this month on,
// keeping this month's budget (a template budget becomes the user's own at
// the same amount: only overrides carry the flag).
func (s *server) setRollover(w http.ResponseWriter, r *http.Request, u *session) {
	var on bool
	switch r.PostFormValue("rollover") {
	case "on":
		on = true
	case "off":
	default:
		s.renderBudgets(w, r, u, http.StatusUnprocessableEntity, "Rollover is either on or off.")
		return
	}
	category := r.PathValue("category")
	lines, err := s.Budget.Budgets(r.Context(), u.userID, centavo.MonthOf(s.Now()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var line *budget.Line
	for i := range lines {
		if lines[i].Category == category {
			line = &lines[i]
		}
	}
	if line == nil {
		s.errorPage(w, r, http.StatusNotFound, "That does not exist, or it is not yours.")
		return
	}
	if !line.HasBudget {
		s.renderBudgets(w, r, u, http.StatusUnprocessableEntity, "Set a budget for "+categoryName(category)+
			" first: rollover carries what a month's budget leaves into the next.")
		return
	}
	if err := s.Budget.SetBudget(r.Context(), u.userID, category, line.BudgetCents, &on); err != nil {
		if msg, ok := userError(err); ok {
			s.renderBudgets(w, r, u, http.StatusUnprocessableEntity, msg)
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := "rollover-off"
	if on {
		msg = "rollover-on"
	}
	redirect(w, r, backToBudgets(r, msg))
}

func (s *server) revertBudget(w http.ResponseWriter, r *http.Request, u *session) {
	if err := s.Budget.Revert(r.Context(), u.userID, r.PathValue("category")); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, backToBudgets(r, "reverted"))
}

func (s *server) setIncome(w http.ResponseWriter, r *http.Request, u *session) {
	cents, ok := parseAmount(r.PostFormValue("income"), u.user.Currency)
	if !ok {
		s.renderBudgets(w, r, u, http.StatusUnprocessableEntity, "Your monthly income must be an amount such as 4500 or 4500.00.")
		return
	}
	if _, err := s.Auth.UpdateProfile(r.Context(), u.userID, &cents, nil); err != nil {
		if msg, ok := userError(err); ok {
			s.renderBudgets(w, r, u, http.StatusUnprocessableEntity, msg)
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/budgets", "income"))
}

// parseAmount reads a budget or an income typed in the user's currency
// (¥30000 is 30000 yen, not 3,000,000): a non-negative amount.
func parseAmount(typed, currency string) (int64, bool) {
	cents, ok := parseMoney(typed, currency)
	return cents, ok && cents >= 0
}
