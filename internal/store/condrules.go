package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/centavo/centavo"
)

// The store's part in the users' rules with conditions (docs/0031-rules.md).

// ConditionRuleReader reads a user's rules with conditions and the
// transactions a rule may change.
type ConditionRuleReader interface {
	// ConditionRules lists the user's rules with conditions by position
	// (then id).
	ConditionRules(ctx context.Context, userID int64) ([]centavo.ConditionRule, error)
	// ConditionRule returns one; ErrNotFound if the user has none with that id.
	ConditionRule(ctx context.Context, userID, id int64) (centavo.ConditionRule, error)
	// RuleCandidates returns, in id order, the user's transactions that
	// may match (a superset of those that do: the caller matches each).
	RuleCandidates(ctx context.Context, f RuleCandidateFilter) ([]centavo.Transaction, error)
}

// ConditionRuleWriter keeps a user's rules with conditions.
type ConditionRuleWriter interface {
	// CreateConditionRule inserts r and sets r.ID (from
	// centavo.ConditionRuleIDBase on).
	CreateConditionRule(ctx context.Context, r *centavo.ConditionRule) error
	// UpdateConditionRule writes r's position, conditions and actions;
	// ErrNotFound if the user has no rule r.ID.
	UpdateConditionRule(ctx context.Context, r centavo.ConditionRule) error
	// DeleteConditionRule removes one; ErrNotFound if the user has none
	// with that id.
	DeleteConditionRule(ctx context.Context, userID, id int64) error
}

// RuleCandidateFilter narrows a user's transactions to those a rule's
// conditions may match. The text conditions narrow only when ASCII (the
// engines fold the case of other letters differently): "" narrows nothing.
type RuleCandidateFilter struct {
	UserID             int64
	AccountID          int64  // 0: every account
	MinCents, MaxCents *int64 // nil: no bound
	DescriptorContains string // lower case ASCII: the descriptor contains it
	Merchant           string // lower case ASCII: the merchant or its key is it
	// ForUpdate holds the rows until the transaction ends (a Tx on an
	// engine that locks rows).
	ForUpdate bool
}

// EncodeConditions is the stored form of a rule's conditions.
func EncodeConditions(c centavo.RuleConditions) string {
	b, _ := json.Marshal(c) // plain fields always encode
	return string(b)
}

// DecodeConditions reads the stored form of a rule's conditions.
func DecodeConditions(s string) (centavo.RuleConditions, error) {
	var c centavo.RuleConditions
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return c, fmt.Errorf("store: stored conditions %q: %w", s, err)
	}
	return c, nil
}
