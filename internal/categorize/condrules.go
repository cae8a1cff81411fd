package categorize

import (
	"context"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// The users' rules with conditions, kept (docs/0031-rules.md). Making one
// may apply it to past transactions, which moves aggregates: that is the
// ledger's (ledger.AddRule, ledger.ApplyConditionRule); listing, ordering,
// changing and removing are here.

// ConditionRules lists the user's rules with conditions in the order they run.
func (s *Service) ConditionRules(ctx context.Context, userID int64) ([]centavo.ConditionRule, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return st.ConditionRules(ctx, userID)
}

// RuleChange changes a rule with conditions: nil fields stay.
type RuleChange struct {
	Position   *int // 1 is first; past the end is last
	Conditions *centavo.RuleConditions
	Actions    *centavo.RuleActions
}

// ChangeRule changes one of the user's rules with conditions: its
// conditions, actions (checked like a new rule's) and place in the order
// (the others keep theirs, renumbered 1, 2, …). What it filed before stays
// filed; apply it again to change past transactions.
func (s *Service) ChangeRule(ctx context.Context, userID, id int64, ch RuleChange) (centavo.ConditionRule, error) {
	if !centavo.IsConditionRuleID(id) {
		return centavo.ConditionRule{}, centavo.Errorf(centavo.ENOTFOUND, "no rule with conditions %d (a merchant rule cannot be changed: remove it)", id)
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.ConditionRule{}, err
	}
	var out centavo.ConditionRule
	err = st.InTx(ctx, func(tx store.Tx) error {
		r, err := tx.ConditionRule(ctx, userID, id)
		if err != nil {
			return err
		}
		if ch.Conditions != nil {
			r.Conditions = *ch.Conditions
		}
		if ch.Actions != nil {
			r.Actions = *ch.Actions
		}
		if err := CheckRule(ctx, tx, userID, &r); err != nil {
			return err
		}
		all, err := tx.ConditionRules(ctx, userID)
		if err != nil {
			return err
		}
		pos := r.Position
		if ch.Position != nil {
			if *ch.Position < 1 {
				return centavo.Errorf(centavo.EINVALID, "position must be 1 or more")
			}
			pos = *ch.Position
		}
		for _, o := range Reorder(all, id, pos) {
			if o.ID == id {
				o.Conditions, o.Actions = r.Conditions, r.Actions
				out = o
			}
			if err := tx.UpdateConditionRule(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// Reorder puts the rule id at position pos (1-based; past the end: last)
// among rules and numbers them all 1, 2, … in their new order.
func Reorder(rules []centavo.ConditionRule, id int64, pos int) []centavo.ConditionRule {
	var moved *centavo.ConditionRule
	rest := make([]centavo.ConditionRule, 0, len(rules))
	for i := range rules {
		if rules[i].ID == id {
			moved = &rules[i]
			continue
		}
		rest = append(rest, rules[i])
	}
	out := rest
	if moved != nil {
		i := min(max(pos, 1), len(rest)+1) - 1
		out = append(rest[:i:i], append([]centavo.ConditionRule{*moved}, rest[i:]...)...)
	}
	for i := range out {
		out[i].Position = i + 1
	}
	return out
}

// DeleteAnyRule removes one of the user's rules of either kind, told by
// its id (centavo.IsConditionRuleID); what it filed keeps its category.
// The rules with conditions after it move up.
func (s *Service) DeleteAnyRule(ctx context.Context, userID, id int64) error {
	if !centavo.IsConditionRuleID(id) {
		return s.DeleteRule(ctx, userID, id)
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	return st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.DeleteConditionRule(ctx, userID, id); err != nil {
			return err
		}
		all, err := tx.ConditionRules(ctx, userID)
		if err != nil {
			return err
		}
		for i, r := range all {
			if r.Position != i+1 {
				r.Position = i + 1
				if err := tx.UpdateConditionRule(ctx, r); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
