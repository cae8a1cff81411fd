package postgres

import (
	"context"

	"github.com/centavo/centavo"
)

// The reads of store.Locker: the plain reads with a row lock.

func (q queries) TransactionForUpdate(ctx context.Context, userID, id int64) (centavo.Transaction, error) {
	t, err := scanTransaction(q.q.QueryRow(ctx, shared.Transaction+` FOR UPDATE`, userID, id))
	return t, translate("transaction", err)
}

func (q queries) OwnCategoryForShare(ctx context.Context, userID int64, id string) (centavo.OwnCategory, error) {
	return q.ownCategoryLocked(ctx, userID, id, ` FOR SHARE`)
}

func (q queries) OwnCategoryForUpdate(ctx context.Context, userID int64, id string) (centavo.OwnCategory, error) {
	return q.ownCategoryLocked(ctx, userID, id, ` FOR UPDATE`)
}

func (q queries) ownCategoryLocked(ctx context.Context, userID int64, id, lock string) (centavo.OwnCategory, error) {
	parent, n, err := ownKey("own category", id)
	if err != nil {
		return centavo.OwnCategory{}, err
	}
	c, err := scanOwnCategory(q.q.QueryRow(ctx, shared.OwnCategory+lock, userID, n, parent))
	return c, translate("own category", err)
}
