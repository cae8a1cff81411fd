package httpapi

import (
	"net/http"
	"time"

	"github.com/centavo/centavo"
)

type ruleJSON struct {
	ID          int64     `json:"id"`
	MerchantKey string    `json:"merchant_key"`
	Merchant    string    `json:"merchant"`
	Category    string    `json:"category"`
	CreatedAt   time.Time `json:"created_at"`
}

func toRuleJSON(r centavo.Rule) ruleJSON {
	return ruleJSON{ID: r.ID, MerchantKey: r.MerchantKey, Merchant: r.Merchant, Category: r.Category, CreatedAt: r.CreatedAt}
}

func (s *server) handleRules() http.Handler {
	type response struct {
		Rules []ruleJSON `json:"rules"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		list, err := s.Categorize.Rules(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		out := response{Rules: make([]ruleJSON, 0, len(list))}
		for _, rule := range list {
			out.Rules = append(out.Rules, toRuleJSON(rule))
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handleDeleteRule() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Categorize.DeleteRule(r.Context(), userID(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func (s *server) handleApplyRule() http.Handler {
	type response struct {
		Rule  ruleJSON `json:"rule"`
		Moved int      `json:"moved"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		rule, moved, err := s.Ledger.ApplyRule(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, response{Rule: toRuleJSON(rule), Moved: moved})
		return nil
	})
}
