package web

import (
	"net/http"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
)

type budgetsData struct {
	Nav         monthNav
	This        centavo.Month
	Currency    string
	Rows        []budgetRow
	TotalBudget int64
	TotalSpent  int64
	Income      string // for the income input
	IncomeCents int64
	Approaching int
	Over, Warn  int // categories past their budget, and close to it
	Recs        []recRow
	RecsChange  bool // accepting would change something
}

type recRow struct {
	budget.Recommendation
	Name string
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
	d := budgetsData{Nav: newMonthNav(month, now, "/budgets", nil), This: now, Currency: u.user.Currency, IncomeCents: u.user.MonthlyIncomeCents,
		Income: dollars(u.user.MonthlyIncomeCents)}
	if u.user.MonthlyIncomeCents == 0 {
		d.Income = ""
	}
	d.Approaching = s.approachingThreshold(r, u)
	lines, err := s.Budget.Budgets(ctx, u.userID, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Rows = budgetRows(lines, d.Approaching, true)
	for _, l := range lines {
		if l.Parent != "" {
			continue // counted in its parent's line
		}
		d.TotalBudget += l.BudgetCents
		d.TotalSpent += l.SpentCents
	}
	for _, row := range d.Rows {
		switch row.Meter.State {
		case "over":
			d.Over++
		case "warn":
			d.Warn++
		}
	}
	recs, err := s.Budget.Recommend(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, rec := range recs {
		d.Recs = append(d.Recs, recRow{Recommendation: rec, Name: categoryName(rec.Category)})
		if rec.AmountCents != rec.CurrentCents {
			d.RecsChange = true
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
	cents, ok := parseDollars(r.PostFormValue("amount"))
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

func (s *server) revertBudget(w http.ResponseWriter, r *http.Request, u *session) {
	if err := s.Budget.Revert(r.Context(), u.userID, r.PathValue("category")); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, backToBudgets(r, "reverted"))
}

func (s *server) setIncome(w http.ResponseWriter, r *http.Request, u *session) {
	cents, ok := parseDollars(r.PostFormValue("income"))
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

func (s *server) acceptRecommendation(w http.ResponseWriter, r *http.Request, u *session) {
	if _, err := s.Budget.AcceptRecommendation(r.Context(), u.userID); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/budgets", "recommendation"))
}
