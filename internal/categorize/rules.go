package categorize

import (
	"context"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// The stateful side of categorization: the users' rules and their votes,
// kept in each user's shard. The engine above (Categorizer, the seller map,
// the crowd index) reads them; it does no I/O itself.

// RuleSet is a user's rules, for the Categorizer.
type RuleSet []centavo.Rule

var _ Rules = RuleSet(nil)

// UserRule returns the category of the user's rule for the merchant key.
func (rs RuleSet) UserRule(userID int64, key string) (string, bool) {
	for _, r := range rs {
		if r.UserID == userID && r.MerchantKey == key {
			return r.Category, true
		}
	}
	return "", false
}

// Service keeps the users' rules.
type Service struct {
	Cluster store.Cluster
}

// Rules lists the user's rules.
func (s *Service) Rules(ctx context.Context, userID int64) ([]centavo.Rule, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return st.Rules(ctx, userID)
}

// DeleteRule removes a rule; transactions it filed keep their category.
func (s *Service) DeleteRule(ctx context.Context, userID, id int64) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	return st.InTx(ctx, func(tx store.Tx) error { return tx.DeleteRule(ctx, userID, id) })
}

// RecordVote records, in tx, the user's vote for a merchant's category —
// one vote per user and merchant, the latest counts — and moves the shard's
// crowd counts with it (the crowd index follows them, see CrowdSync).
func RecordVote(ctx context.Context, tx store.CrowdWriter, v store.CrowdVote) error {
	old, err := tx.Vote(ctx, v)
	if err != nil || old == v.Category {
		return err
	}
	if old != "" {
		if err := tx.AddCrowdCount(ctx, store.CrowdCountUpdate{MerchantKey: v.MerchantKey, Category: old, Delta: -1, At: v.At}); err != nil {
			return err
		}
	}
	return tx.AddCrowdCount(ctx, store.CrowdCountUpdate{MerchantKey: v.MerchantKey, Category: v.Category, Delta: 1, At: v.At})
}
