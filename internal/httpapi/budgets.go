package httpapi

import (
	"net/http"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
)

type budgetJSON struct {
	Category       string `json:"category"`
	Parent         string `json:"parent,omitempty"` // a user's own category's parent
	Name           string `json:"name,omitempty"`   // a user's own category's name
	BudgetCents    int64  `json:"budget_cents"`
	Source         string `json:"source"`
	SpentCents     int64  `json:"spent_cents"`
	RemainingCents int64  `json:"remaining_cents"`
	Percent        int64  `json:"percent"`
	HasBudget      bool   `json:"has_budget"`
	Rollover       bool   `json:"rollover"`
	RolloverCents  int64  `json:"rollover_cents"`
	AvailableCents int64  `json:"available_cents"`
	ProjectedCents int64  `json:"projected_cents"`
}

type budgetsResponse struct {
	Month             string       `json:"month"`
	Budgets           []budgetJSON `json:"budgets"`
	IncomeCents       int64        `json:"income_cents"`
	BudgetedCents     int64        `json:"budgeted_cents"`
	LeftToBudgetCents int64        `json:"left_to_budget_cents"`
}

func toBudgetLine(l budget.Line) budgetJSON {
	source := l.Source
	if !l.HasBudget {
		source = "none"
	}
	return budgetJSON{Category: l.Category, Parent: l.Parent, Name: l.Name, BudgetCents: l.BudgetCents, Source: source,
		SpentCents: l.SpentCents, RemainingCents: l.RemainingCents, Percent: l.Percent,
		HasBudget: l.HasBudget, Rollover: l.Rollover, RolloverCents: l.RolloverCents, AvailableCents: l.AvailableCents,
		ProjectedCents: l.ProjectedCents}
}

func toBudgets(o budget.Overview) budgetsResponse {
	out := budgetsResponse{Month: o.Month.String(), Budgets: make([]budgetJSON, 0, len(o.Lines)),
		IncomeCents: o.IncomeCents, BudgetedCents: o.BudgetedCents, LeftToBudgetCents: o.LeftToBudgetCents}
	for _, l := range o.Lines {
		out.Budgets = append(out.Budgets, toBudgetLine(l))
	}
	return out
}

func (s *server) handleBudgets() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		month, err := monthParam(r)
		if err != nil {
			return err
		}
		if month.IsZero() {
			month = centavo.MonthOf(s.Now())
		}
		o, err := s.Budget.Overview(r.Context(), userID(r.Context()), month)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toBudgets(o))
		return nil
	})
}

// budgetLine answers with the category's line for the current month.
func (s *server) budgetLine(w http.ResponseWriter, r *http.Request, category string) error {
	month := centavo.MonthOf(s.Now())
	lines, err := s.Budget.Budgets(r.Context(), userID(r.Context()), month)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if l.Category == category {
			encode(w, http.StatusOK, toBudgetLine(l))
			return nil
		}
	}
	return errorf(centavo.ENOTFOUND, "no budget for %q", category)
}

func (s *server) handlePutBudget() http.Handler {
	type request struct {
		AmountCents *int64 `json:"amount_cents"`
		Rollover    *bool  `json:"rollover"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		if req.AmountCents == nil {
			return errorf(centavo.EINVALID, "amount_cents is required")
		}
		category := r.PathValue("category")
		if err := s.Budget.SetBudget(r.Context(), userID(r.Context()), category, *req.AmountCents, req.Rollover); err != nil {
			return err
		}
		return s.budgetLine(w, r, category)
	})
}

func (s *server) handleDeleteBudget() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		category := r.PathValue("category")
		if err := s.Budget.Revert(r.Context(), userID(r.Context()), category); err != nil {
			return err
		}
		return s.budgetLine(w, r, category)
	})
}

type recommendationJSON struct {
	Category     string `json:"category"`
	AmountCents  int64  `json:"amount_cents"`
	CurrentCents int64  `json:"current_cents"`
	Basis        string `json:"basis"`
	Reason       string `json:"reason"`
}

type recommendationsResponse struct {
	Month           string               `json:"month"`
	Recommendations []recommendationJSON `json:"recommendations"`
}

func toRecommendations(month centavo.Month, recs []budget.Recommendation) recommendationsResponse {
	out := recommendationsResponse{Month: month.String(), Recommendations: make([]recommendationJSON, 0, len(recs))}
	for _, r := range recs {
		out.Recommendations = append(out.Recommendations, recommendationJSON{Category: r.Category, AmountCents: r.AmountCents,
			CurrentCents: r.CurrentCents, Basis: r.Basis, Reason: r.Reason})
	}
	return out
}

func (s *server) handleRecommendation() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		recs, err := s.Budget.Recommend(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toRecommendations(centavo.MonthOf(s.Now()), recs))
		return nil
	})
}

func (s *server) handleAcceptRecommendation() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if _, err := s.Budget.AcceptRecommendation(r.Context(), userID(r.Context())); err != nil {
			return err
		}
		month := centavo.MonthOf(s.Now())
		o, err := s.Budget.Overview(r.Context(), userID(r.Context()), month)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toBudgets(o))
		return nil
	})
}
