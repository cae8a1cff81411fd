package ledger

import (
	"context"
	"fmt"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// DeleteCategory removes one of the user's own categories: its
// transactions go back to its parent (keeping their category source, so
// what the user filed by hand stays theirs), its budget overrides go, and
// the merchant rules that filed into it file into the parent — all in one
// transaction with the aggregates, which move with the transactions
// (Refile). It returns how many transactions moved.
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
		if _, err := tx.OwnCategory(ctx, userID, id); err != nil {
			return err
		}
		var err error
		moved, err = tx.CategoryTransactions(ctx, userID, id)
		if err != nil {
			return err
		}
		for _, t := range moved {
			err := tx.SetTransactionCategory(ctx, store.TransactionCategoryUpdate{UserID: userID, ID: t.ID, Category: parent, Source: t.CategorySource})
			if err != nil {
				return err
			}
		}
		if len(moved) > 0 {
			if err := s.refile(ctx, tx, userID, moved, parent, now); err != nil {
				return err
			}
		}
		return tx.DeleteOwnCategory(ctx, userID, id)
	})
	if err != nil {
		return 0, fmt.Errorf("ledger: delete category: %w", err)
	}
	s.invalidate(ctx, userID)
	return len(moved), nil
}
