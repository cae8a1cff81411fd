package sqlite

import (
	"context"

	"github.com/centavo/centavo"
)

// The reads of store.Locker: SQLite's write transactions are immediate
// (one writer at a time), so the plain reads hold already.

func (q queries) TransactionForUpdate(ctx context.Context, userID, id int64) (centavo.Transaction, error) {
	return q.Transaction(ctx, userID, id)
}

func (q queries) OwnCategoryForShare(ctx context.Context, userID int64, id string) (centavo.OwnCategory, error) {
	return q.OwnCategory(ctx, userID, id)
}

func (q queries) OwnCategoryForUpdate(ctx context.Context, userID int64, id string) (centavo.OwnCategory, error) {
	return q.OwnCategory(ctx, userID, id)
}
