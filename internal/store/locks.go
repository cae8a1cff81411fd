package store

import (
	"context"

	"github.com/centavo/centavo"
)

// Locker holds the reads of a read-modify-write inside a transaction
// (part of Writer): on engines that lock rows (PostgreSQL) the row read is
// held until the transaction ends, so two changes of one row run one after
// the other and each starts from the other's result. SQLite's write
// transactions are serialized already (immediate): there they are the
// plain reads.
type Locker interface {
	// TransactionForUpdate is Transaction, the row locked against any
	// other change (FOR UPDATE) for the rest of the transaction.
	TransactionForUpdate(ctx context.Context, userID, id int64) (centavo.Transaction, error)
	// OwnCategoryForShare is OwnCategory, the row held against removal
	// (FOR SHARE) for the rest of the transaction: what is filed under it
	// meanwhile is seen by a removal that locks it first.
	OwnCategoryForShare(ctx context.Context, userID int64, id string) (centavo.OwnCategory, error)
	// OwnCategoryForUpdate is OwnCategory, the row locked (FOR UPDATE)
	// for the rest of the transaction: its removal waits for the changes
	// that hold it for share, and they for the removal.
	OwnCategoryForUpdate(ctx context.Context, userID int64, id string) (centavo.OwnCategory, error)
}
