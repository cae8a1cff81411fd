package centavo

import "time"

// ConditionRuleIDBase is where the ids of rules with conditions start:
// merchant rules (Rule) and rules with conditions share one id space in
// the API (GET, DELETE /api/v1/rules/{id}), and an id tells its kind by its
// range — below this, a merchant rule; from it on, a rule with conditions
// (docs/0031-rules.md).
const ConditionRuleIDBase int64 = 1 << 40

// IsConditionRuleID reports whether a rule id is a rule with conditions'.
func IsConditionRuleID(id int64) bool { return id >= ConditionRuleIDBase }

// ConditionRule is a user's rule with conditions: what a transaction must
// match (every condition given) and what then happens to it. A user's rules
// run in Position order (1, 2, …), at ingest after their merchant rules.
type ConditionRule struct {
	ID         int64
	UserID     int64
	Position   int
	Conditions RuleConditions
	Actions    RuleActions
	CreatedAt  time.Time
}

// RuleConditions are what a transaction must match; a zero field is no
// condition.
type RuleConditions struct {
	// DescriptorContains: the bank's descriptor (Seller) contains it,
	// ignoring case.
	DescriptorContains string `json:"descriptor_contains,omitempty"`
	// Merchant: the transaction's merchant name or merchant key equals it,
	// ignoring case.
	Merchant string `json:"merchant,omitempty"`
	// AmountMinCents, AmountMaxCents bound the signed amount (negative for
	// money going out), inclusive.
	AmountMinCents *int64 `json:"amount_min_cents,omitempty"`
	AmountMaxCents *int64 `json:"amount_max_cents,omitempty"`
	AccountID      int64  `json:"account_id,omitempty"`
}

// Empty reports whether no condition is set.
func (c RuleConditions) Empty() bool {
	return c.DescriptorContains == "" && c.Merchant == "" && c.AmountMinCents == nil && c.AmountMaxCents == nil && c.AccountID == 0
}

// RuleActions are what a matching transaction gets; a zero field does
// nothing.
type RuleActions struct {
	Category string   `json:"category,omitempty"` // filed under it (source "rule")
	Tags     []string `json:"tags,omitempty"`     // added to its tags
	Merchant string   `json:"merchant,omitempty"` // its display name
	Hidden   *bool    `json:"hidden,omitempty"`   // hidden or shown
}

// Empty reports whether no action is set.
func (a RuleActions) Empty() bool {
	return a.Category == "" && len(a.Tags) == 0 && a.Merchant == "" && a.Hidden == nil
}
