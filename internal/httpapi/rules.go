package httpapi

import (
	"net/http"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
)

// Rules of two kinds share /api/v1/rules and one id space
// (docs/0031-rules.md): merchant rules ("always file this merchant under…",
// made by PATCH /transactions/{id} with apply_to_future) and rules with
// conditions, from centavo.ConditionRuleIDBase on.

type ruleJSON struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	MerchantKey string    `json:"merchant_key"`
	Merchant    string    `json:"merchant"`
	Category    string    `json:"category"`
	CreatedAt   time.Time `json:"created_at"`
}

func toRuleJSON(r centavo.Rule) ruleJSON {
	return ruleJSON{ID: r.ID, Kind: "merchant", MerchantKey: r.MerchantKey, Merchant: r.Merchant, Category: r.Category, CreatedAt: r.CreatedAt}
}

type conditionRuleJSON struct {
	ID         int64                  `json:"id"`
	Kind       string                 `json:"kind"`
	Position   int                    `json:"position"`
	Conditions centavo.RuleConditions `json:"conditions"`
	Actions    centavo.RuleActions    `json:"actions"`
	CreatedAt  time.Time              `json:"created_at"`
}

func toConditionRuleJSON(r centavo.ConditionRule) conditionRuleJSON {
	return conditionRuleJSON{ID: r.ID, Kind: "conditions", Position: r.Position, Conditions: r.Conditions, Actions: r.Actions, CreatedAt: r.CreatedAt}
}

// ruleRequest is the body of POST /rules and /rules/preview.
type ruleRequest struct {
	Conditions  centavo.RuleConditions `json:"conditions"`
	Actions     centavo.RuleActions    `json:"actions"`
	ApplyToPast bool                   `json:"apply_to_past"`
}

func (req ruleRequest) rule() centavo.ConditionRule {
	return centavo.ConditionRule{Conditions: req.Conditions, Actions: req.Actions}
}

func (s *server) handleRules() http.Handler {
	type response struct {
		Rules          []ruleJSON          `json:"rules"`
		ConditionRules []conditionRuleJSON `json:"condition_rules"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		list, err := s.Categorize.Rules(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		cond, err := s.Categorize.ConditionRules(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		out := response{Rules: make([]ruleJSON, 0, len(list)), ConditionRules: make([]conditionRuleJSON, 0, len(cond))}
		for _, rule := range list {
			out.Rules = append(out.Rules, toRuleJSON(rule))
		}
		for _, rule := range cond {
			out.ConditionRules = append(out.ConditionRules, toConditionRuleJSON(rule))
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handleCreateRule() http.Handler {
	type response struct {
		Rule  conditionRuleJSON `json:"rule"`
		Moved int               `json:"moved"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[ruleRequest](w, r)
		if err != nil {
			return err
		}
		rule, moved, err := s.Ledger.AddRule(r.Context(), userID(r.Context()), req.rule(), req.ApplyToPast)
		if err != nil {
			return err
		}
		encode(w, http.StatusCreated, response{Rule: toConditionRuleJSON(rule), Moved: moved})
		return nil
	})
}

func (s *server) handlePreviewRule() http.Handler {
	type response struct {
		Matches int               `json:"matches"`
		Sample  []transactionJSON `json:"sample"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[ruleRequest](w, r)
		if err != nil {
			return err
		}
		p, err := s.Ledger.PreviewRule(r.Context(), userID(r.Context()), req.rule())
		if err != nil {
			return err
		}
		out := response{Matches: p.Matches, Sample: make([]transactionJSON, 0, len(p.Sample))}
		for _, t := range p.Sample {
			out.Sample = append(out.Sample, toTransactionJSON(t))
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handlePatchRule() http.Handler {
	type request struct {
		Position   *int                    `json:"position"`
		Conditions *centavo.RuleConditions `json:"conditions"`
		Actions    *centavo.RuleActions    `json:"actions"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		rule, err := s.Categorize.ChangeRule(r.Context(), userID(r.Context()), id, categorize.RuleChange{
			Position: req.Position, Conditions: req.Conditions, Actions: req.Actions,
		})
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toConditionRuleJSON(rule))
		return nil
	})
}

func (s *server) handleDeleteRule() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Categorize.DeleteAnyRule(r.Context(), userID(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func (s *server) handleApplyRule() http.Handler {
	type response struct {
		Rule  any `json:"rule"` // ruleJSON or conditionRuleJSON
		Moved int `json:"moved"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if centavo.IsConditionRuleID(id) {
			rule, moved, err := s.Ledger.ApplyConditionRule(r.Context(), userID(r.Context()), id)
			if err != nil {
				return err
			}
			encode(w, http.StatusOK, response{Rule: toConditionRuleJSON(rule), Moved: moved})
			return nil
		}
		rule, moved, err := s.Ledger.ApplyRule(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, response{Rule: toRuleJSON(rule), Moved: moved})
		return nil
	})
}
