package categorize

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Rules with conditions (docs/0031-rules.md): the pure part — matching,
// applying, checking — used at ingest (RunRules), by the ledger when a rule
// is applied to past transactions, and by the preview.

// Limits of a rule with conditions.
const (
	MaxRuleText       = 100 // characters of descriptor_contains, merchant (condition and action)
	MaxRuleTags       = 20
	MaxTagLength      = 50  // characters of one tag (a rule's or a transaction's)
	MaxConditionRules = 100 // per user
)

// MatchConditions reports whether t matches every condition set.
func MatchConditions(c centavo.RuleConditions, t centavo.Transaction) bool {
	if c.AccountID != 0 && t.AccountID != c.AccountID {
		return false
	}
	if c.AmountMinCents != nil && t.AmountCents < *c.AmountMinCents {
		return false
	}
	if c.AmountMaxCents != nil && t.AmountCents > *c.AmountMaxCents {
		return false
	}
	if c.Merchant != "" && !strings.EqualFold(t.Merchant, c.Merchant) && !strings.EqualFold(t.MerchantKey, c.Merchant) {
		return false
	}
	if c.DescriptorContains != "" && !containsFold(t.Seller, c.DescriptorContains) {
		return false
	}
	return true
}

// containsFold reports whether s contains sub, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// ApplyActions returns t with the actions done, and whether anything
// changed. past: t is a stored transaction, and what the user changed by
// hand stays (a category filed by hand or split, edited tags, merchant or
// hidden), as do the categories nothing automatic re-files (a transfer's
// side, paired or unpaired, an import's: centavo.KeepsCategory); the
// category gets source "rule".
func ApplyActions(a centavo.RuleActions, t centavo.Transaction, past bool) (centavo.Transaction, bool) {
	changed := false
	if a.Category != "" && t.Category != a.Category && !(past && (centavo.KeepsCategory(t.CategorySource) || t.Edited&centavo.EditedSplits != 0)) {
		t.Category, t.CategorySource, changed = a.Category, centavo.SourceRule, true
	}
	if len(a.Tags) > 0 && !(past && t.Edited&centavo.EditedTags != 0) {
		if tags, added := addTags(t.Tags, a.Tags); added {
			t.Tags, changed = tags, true
		}
	}
	if a.Merchant != "" && t.Merchant != a.Merchant && !(past && t.Edited&centavo.EditedMerchant != 0) {
		t.Merchant, changed = a.Merchant, true
	}
	if a.Hidden != nil && t.Hidden != *a.Hidden && !(past && t.Edited&centavo.EditedHidden != 0) {
		t.Hidden, changed = *a.Hidden, true
	}
	return t, changed
}

// addTags is tags with those of more it lacks (ignoring case) added at the
// end, in a new slice when any is.
func addTags(tags, more []string) ([]string, bool) {
	out := tags
	added := false
	for _, m := range more {
		has := false
		for _, t := range out {
			if strings.EqualFold(t, m) {
				has = true
				break
			}
		}
		if !has {
			if !added {
				out = append([]string(nil), tags...)
				added = true
			}
			out = append(out, m)
		}
	}
	return out, added
}

// RunRules runs a user's rules with conditions, in order, on a transaction
// being brought in (after the merchant rules): each rule whose conditions
// t matches — as it came in, whatever earlier rules did — applies its
// actions, so a later rule wins a field two rules set.
func RunRules(rules []centavo.ConditionRule, t centavo.Transaction) centavo.Transaction {
	return NewRuleRunner(rules).Run(t)
}

// RuleRunner is RunRules for a batch: the rules' texts folded once, each
// row's descriptor at most once.
type RuleRunner struct {
	rules []centavo.ConditionRule
	desc  []string // each rule's descriptor_contains, lower case
}

// NewRuleRunner prepares a user's rules (in order) for a batch.
func NewRuleRunner(rules []centavo.ConditionRule) *RuleRunner {
	rr := &RuleRunner{rules: rules, desc: make([]string, len(rules))}
	for i, r := range rules {
		rr.desc[i] = strings.ToLower(r.Conditions.DescriptorContains)
	}
	return rr
}

// Run runs the rules on t (see RunRules).
func (rr *RuleRunner) Run(t centavo.Transaction) centavo.Transaction {
	in := t
	seller, folded := "", false
	for i, r := range rr.rules {
		c := r.Conditions
		c.DescriptorContains = "" // matched here, on the folded texts
		if !MatchConditions(c, in) {
			continue
		}
		if rr.desc[i] != "" {
			if !folded {
				seller, folded = strings.ToLower(in.Seller), true
			}
			if !strings.Contains(seller, rr.desc[i]) {
				continue
			}
		}
		t, _ = ApplyActions(r.Actions, t, false)
	}
	return t
}

// NormalizeRule trims a rule's texts and tags and checks what needs no
// read: at least one condition and one action, the lengths, the bounds.
func NormalizeRule(r *centavo.ConditionRule) error {
	c, a := &r.Conditions, &r.Actions
	c.DescriptorContains, c.Merchant = strings.TrimSpace(c.DescriptorContains), strings.TrimSpace(c.Merchant)
	a.Merchant, a.Category = strings.TrimSpace(a.Merchant), strings.TrimSpace(a.Category)
	if c.Empty() {
		return centavo.Errorf(centavo.EINVALID, "a rule needs at least one condition")
	}
	if a.Empty() {
		return centavo.Errorf(centavo.EINVALID, "a rule needs at least one action")
	}
	for name, v := range map[string]string{"conditions.descriptor_contains": c.DescriptorContains, "conditions.merchant": c.Merchant, "actions.merchant": a.Merchant} {
		if !CleanText(v, MaxRuleText) {
			return centavo.Errorf(centavo.EINVALID, "%s must be at most %d characters, without control characters", name, MaxRuleText)
		}
	}
	if c.AmountMinCents != nil && c.AmountMaxCents != nil && *c.AmountMinCents > *c.AmountMaxCents {
		return centavo.Errorf(centavo.EINVALID, "conditions.amount_min_cents is above amount_max_cents")
	}
	for _, p := range []*int64{c.AmountMinCents, c.AmountMaxCents} {
		if p != nil && (*p > centavo.MaxAmountCents || *p < -centavo.MaxAmountCents) {
			return centavo.Errorf(centavo.EINVALID, "amounts of conditions must be within ±%d", int64(centavo.MaxAmountCents))
		}
	}
	if c.AccountID < 0 {
		return centavo.Errorf(centavo.EINVALID, "conditions.account_id is not one of your accounts")
	}
	if len(a.Tags) > MaxRuleTags {
		return centavo.Errorf(centavo.EINVALID, "a rule adds at most %d tags", MaxRuleTags)
	}
	var tags []string
	for _, t := range a.Tags {
		t = strings.TrimSpace(t)
		if t == "" || !CleanText(t, MaxTagLength) || strings.Contains(t, ",") {
			return centavo.Errorf(centavo.EINVALID, "a tag must be 1 to %d characters, without commas or control characters", MaxTagLength)
		}
		tags, _ = addTags(tags, []string{t})
	}
	a.Tags = tags
	return nil
}

// CleanText says whether s is valid text of at most max characters
// without control characters (one line): what a rule's texts and tags, and
// a transaction's tags and merchant name, must be.
func CleanText(s string, max int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// RuleReader is what checking a rule reads: the user's categories and accounts.
type RuleReader interface {
	store.CategoryReader
	store.AccountReader
}

// CheckRule normalizes and checks a rule for the user: NormalizeRule, the
// category (LookupCategory) and the account, which must be the user's.
func CheckRule(ctx context.Context, r RuleReader, userID int64, rule *centavo.ConditionRule) error {
	if err := NormalizeRule(rule); err != nil {
		return err
	}
	if c := rule.Actions.Category; c != "" {
		if err := CheckCategory(ctx, r, userID, c); err != nil {
			return err
		}
	}
	if id := rule.Conditions.AccountID; id != 0 {
		if _, err := r.Account(ctx, userID, id); errors.Is(err, store.ErrNotFound) {
			return centavo.Errorf(centavo.EINVALID, "conditions.account_id %d is not one of your accounts", id)
		} else if err != nil {
			return err
		}
	}
	return nil
}
