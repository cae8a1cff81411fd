package categorize

import (
	"context"
	"time"

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
	Now     func() time.Time
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
//
// A vote counts only when its voter is established at v.At (Established);
// one cast before is kept, not counted. The first vote a user casts once
// established also counts their earlier ones, in the same transaction. A
// counted vote that is replaced leaves the counts, whatever replaces it.
func RecordVote(ctx context.Context, tx store.CrowdWriter, v store.CrowdVote) error {
	voter, err := tx.Voter(ctx, v.UserID)
	if err != nil {
		return err
	}
	v.Counted = Established(voter, v.At)
	if v.Counted {
		earlier, err := tx.CountVotes(ctx, v.UserID)
		if err != nil {
			return err
		}
		for _, e := range earlier {
			if err := addCount(ctx, tx, e, 1, v.At); err != nil {
				return err
			}
		}
	}
	old, err := tx.Vote(ctx, v)
	if err != nil {
		return err
	}
	if old.Counted && v.Counted && old.Category == v.Category {
		return nil
	}
	if old.Counted {
		if err := addCount(ctx, tx, old, -1, v.At); err != nil {
			return err
		}
	}
	if v.Counted {
		return addCount(ctx, tx, v, 1, v.At)
	}
	return nil
}

// WithdrawVotes removes, in tx, all the user's votes and takes those that
// counted out of the shard's counts: what deleting a user must do first
// (the votes' rows would go with the user, the counts would not).
func WithdrawVotes(ctx context.Context, tx store.CrowdWriter, userID int64, at time.Time) error {
	votes, err := tx.DeleteVotes(ctx, userID)
	if err != nil {
		return err
	}
	for _, v := range votes {
		if v.Counted {
			if err := addCount(ctx, tx, v, -1, at); err != nil {
				return err
			}
		}
	}
	return nil
}

func addCount(ctx context.Context, tx store.CrowdWriter, v store.CrowdVote, delta int64, at time.Time) error {
	return tx.AddCrowdCount(ctx, store.CrowdCountUpdate{MerchantKey: v.MerchantKey, Category: v.Category, Delta: delta, At: at})
}
