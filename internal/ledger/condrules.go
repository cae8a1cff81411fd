package ledger

import (
	"context"
	"fmt"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/store"
)

// Rules with conditions and the past (docs/0031-rules.md): what a rule
// would change, changing it, and the rule's making, which may apply it.

// PreviewSample is how many of the transactions a rule would change a
// preview shows.
const PreviewSample = 10

// Preview is what a rule would change among the user's past transactions.
type Preview struct {
	Matches int                   // how many it would change
	Sample  []centavo.Transaction // the newest of them, as they would be, at most PreviewSample
}

// ruleReader is what finding a rule's changes reads, a store or a transaction.
type ruleReader interface {
	categorize.RuleReader
	store.ConditionRuleReader
}

// ruleChanges returns the user's transactions the rule would change, as
// they are and as they would be: those that match its conditions and on
// which its actions change something, leaving what the user changed by
// hand (categorize.ApplyActions with past).
func ruleChanges(ctx context.Context, r ruleReader, userID int64, rule centavo.ConditionRule, forUpdate bool) (before, after []centavo.Transaction, err error) {
	c := rule.Conditions
	f := store.RuleCandidateFilter{UserID: userID, AccountID: c.AccountID, MinCents: c.AmountMinCents, MaxCents: c.AmountMaxCents,
		DescriptorContains: asciiLower(c.DescriptorContains), Merchant: asciiLower(c.Merchant), ForUpdate: forUpdate}
	candidates, err := r.RuleCandidates(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range candidates {
		if !categorize.MatchConditions(c, t) {
			continue
		}
		if a, changed := categorize.ApplyActions(rule.Actions, t, true); changed {
			before, after = append(before, t), append(after, a)
		}
	}
	return before, after, nil
}

// asciiLower is s in lower case when it is ASCII, else "": the store
// narrows by ASCII text only.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ""
		}
	}
	return strings.ToLower(s)
}

// PreviewRule says what a rule (checked like a new one, not kept) would
// change among the user's past transactions.
func (s *Service) PreviewRule(ctx context.Context, userID int64, rule centavo.ConditionRule) (Preview, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return Preview{}, err
	}
	if err := categorize.CheckRule(ctx, st, userID, &rule); err != nil {
		return Preview{}, err
	}
	_, after, err := ruleChanges(ctx, st, userID, rule, false)
	if err != nil {
		return Preview{}, err
	}
	p := Preview{Matches: len(after), Sample: []centavo.Transaction{}}
	for i := len(after) - 1; i >= 0 && len(p.Sample) < PreviewSample; i-- { // newest first (ids grow with time)
		p.Sample = append(p.Sample, after[i])
	}
	return p, nil
}

// AddRule makes a rule with conditions, last in the user's order, and with
// applyToPast applies it to their past transactions in the same SQL
// transaction. It returns the rule and how many transactions changed.
func (s *Service) AddRule(ctx context.Context, userID int64, rule centavo.ConditionRule, applyToPast bool) (centavo.ConditionRule, int, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.ConditionRule{}, 0, err
	}
	rule.ID, rule.UserID, rule.CreatedAt = 0, userID, s.Now().UTC()
	moved := 0
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := categorize.CheckRule(ctx, tx, userID, &rule); err != nil {
			return err
		}
		all, err := tx.ConditionRules(ctx, userID)
		if err != nil {
			return err
		}
		if len(all) >= categorize.MaxConditionRules {
			return centavo.Errorf(centavo.EINVALID, "you have %d rules with conditions already, the most there may be", categorize.MaxConditionRules)
		}
		rule.Position = len(all) + 1
		if err := tx.CreateConditionRule(ctx, &rule); err != nil {
			return err
		}
		if applyToPast {
			moved, err = s.applyRule(ctx, tx, userID, rule)
		}
		return err
	})
	if err != nil {
		return centavo.ConditionRule{}, 0, fmt.Errorf("ledger: add rule: %w", err)
	}
	if moved > 0 {
		s.invalidate(ctx, userID)
	}
	return rule, moved, nil
}

// ApplyConditionRule applies one of the user's rules with conditions to
// their past transactions, except what they changed by hand, with the
// aggregates, in one SQL transaction; it returns the rule and how many
// transactions changed.
func (s *Service) ApplyConditionRule(ctx context.Context, userID, id int64) (centavo.ConditionRule, int, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.ConditionRule{}, 0, err
	}
	var rule centavo.ConditionRule
	moved := 0
	err = st.InTx(ctx, func(tx store.Tx) error {
		var err error
		if rule, err = tx.ConditionRule(ctx, userID, id); err != nil {
			return err
		}
		moved, err = s.applyRule(ctx, tx, userID, rule)
		return err
	})
	if err != nil {
		return centavo.ConditionRule{}, 0, fmt.Errorf("ledger: apply rule: %w", err)
	}
	if moved > 0 {
		s.invalidate(ctx, userID)
	}
	return rule, moved, nil
}

// applyRule writes what the rule changes and moves the aggregates, in tx.
func (s *Service) applyRule(ctx context.Context, tx store.Tx, userID int64, rule centavo.ConditionRule) (int, error) {
	before, after, err := ruleChanges(ctx, tx, userID, rule, true)
	if err != nil || len(after) == 0 {
		return 0, err
	}
	var was, now []centavo.Transaction // those whose parts move: category or hidden
	for i, a := range after {
		if err := tx.UpdateTransaction(ctx, a); err != nil {
			return 0, err
		}
		if b := before[i]; b.Category != a.Category || b.Hidden != a.Hidden {
			was, now = append(was, b), append(now, a)
		}
	}
	if err := s.owe(ctx, tx, userID); err != nil {
		return 0, err
	}
	if len(was) == 0 {
		return len(after), nil
	}
	return len(after), Refile(ctx, tx, userID, was, now, s.Now().UTC())
}
