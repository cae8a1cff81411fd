package ledger

import (
	"context"
	"fmt"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// DeleteCategory removes one of the user's own categories: its
// transactions, and the parts of split ones, go back to its parent (keeping
// their category source, so what the user filed by hand stays theirs), its
// budget overrides go, and the rules that filed into it file into the
// parent — all in one transaction with the aggregates, which move with the
// transactions (Refile). It returns how many transactions moved.
func (s *Service) DeleteCategory(ctx context.Context, userID int64, id string) (int, error) {
	parent, _, ok := centavo.ParseOwnCategoryID(id)
	if !ok {
		return 0, centavo.Errorf(centavo.ENOTFOUND, "you have no category %q", id)
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return 0, err
	}
	now := s.Now().UTC()
	var moved []centavo.Transaction
	err = st.InTx(ctx, func(tx store.Tx) error {
		// Locked first: a change filing under it (which holds it for share)
		// either committed before, and its rows are among the candidates, or
		// waits and then finds it gone.
		if _, err := tx.OwnCategoryForUpdate(ctx, userID, id); err != nil {
			return err
		}
		candidates, err := tx.CategoryTransactions(ctx, userID, id)
		if err != nil {
			return err
		}
		var after []centavo.Transaction
		for _, t := range candidates {
			a, changed := fileUnder(t, id, parent)
			if !changed {
				continue
			}
			if err := tx.UpdateTransaction(ctx, a); err != nil {
				return err
			}
			moved, after = append(moved, t), append(after, a)
		}
		if len(moved) > 0 {
			if err := Refile(ctx, tx, userID, moved, after, now); err != nil {
				return err
			}
		}
		if err := s.owe(ctx, tx, userID); err != nil {
			return err
		}
		return tx.DeleteOwnCategory(ctx, userID, id)
	})
	if err != nil {
		return 0, fmt.Errorf("ledger: delete category: %w", err)
	}
	s.invalidate(ctx, userID)
	return len(moved), nil
}

// fileUnder is t with what it filed under category (itself, splits) filed
// under parent instead, and whether anything changed.
func fileUnder(t centavo.Transaction, category, parent string) (centavo.Transaction, bool) {
	changed := false
	if t.Category == category {
		t.Category, changed = parent, true
	}
	if len(t.Splits) > 0 {
		splits := make([]centavo.Split, len(t.Splits))
		copy(splits, t.Splits)
		for i := range splits {
			if splits[i].Category == category {
				splits[i].Category, changed = parent, true
			}
		}
		t.Splits = splits
	}
	return t, changed
}
