package store

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/centavo/centavo"
)

// The store's part in the users' own categories
// (docs/0029-own-categories.md): the categories themselves, and what
// removing one does to the rows that name it.

// FilingReader and FilingWriter are how a user files transactions beyond
// the fixed taxonomy and the merchant rules: their own categories and
// their rules with conditions (docs/0031-rules.md), part of Reader and
// Writer.
type (
	FilingReader interface {
		CategoryReader
		ConditionRuleReader
	}
	FilingWriter interface {
		CategoryWriter
		ConditionRuleWriter
	}
)

// CategoryReader reads a user's own categories.
type CategoryReader interface {
	// OwnCategories lists the user's own categories, oldest first.
	OwnCategories(ctx context.Context, userID int64) ([]centavo.OwnCategory, error)
	// OwnCategory returns one of the user's own categories by its id
	// ("food.12"); ErrNotFound if the user has none with that id.
	OwnCategory(ctx context.Context, userID int64, id string) (centavo.OwnCategory, error)
}

// CategoryWriter keeps a user's own categories.
type CategoryWriter interface {
	// CreateOwnCategory inserts c and sets c.ID (from c.Parent and the
	// number the store gives it, never reused); ErrConflict if the user
	// has a category of that name (ignoring case) under that parent.
	CreateOwnCategory(ctx context.Context, c *centavo.OwnCategory) error
	// RenameOwnCategory renames one of the user's own categories;
	// ErrNotFound if the user has none with that id, ErrConflict as above.
	RenameOwnCategory(ctx context.Context, userID int64, id, name string) error
	// DeleteOwnCategory removes one of the user's own categories with the
	// budget overrides set for it, and files the user's rules that named it
	// (merchant rules, the category action of rules with conditions) under
	// its parent; ErrNotFound if the user has none with
	// that id. The transactions in it are the caller's to move first
	// (CategoryTransactions), with the aggregates.
	DeleteOwnCategory(ctx context.Context, userID int64, id string) error
	// CategoryTransactions returns the user's transactions filed under the
	// category or with a split filed under it (and maybe a few more split
	// ones: the caller looks at the splits), in id order, held until the
	// transaction ends on engines that lock rows.
	CategoryTransactions(ctx context.Context, userID int64, category string) ([]centavo.Transaction, error)
}

// CategoryNameKey is what two names of own categories must differ in: the
// name folded to lower case.
func CategoryNameKey(name string) string { return strings.ToLower(name) }

// SplitsLike is a LIKE pattern that the stored splits of a transaction
// with a part under the category match (and a few others may: "_" matches
// any character).
func SplitsLike(category string) string {
	b, _ := json.Marshal(category)
	return `%"category":` + string(b) + `%`
}
