package categorize

import (
	"context"
	"errors"
	"fmt"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// The users' own categories (docs/0029-own-categories.md): made under a
// fixed spending category or income, with ids "<parent>.<n>" that roll up
// to the parent by their form alone.

// MaxOwnCategories is how many own categories a user may have.
const MaxOwnCategories = 200

// LookupCategory returns the category id names for the user: a fixed one,
// or one of the user's own (with its parent's kind). Anything else — an
// unknown id, another user's own category — is EINVALID, as an unknown
// category is wherever one is accepted. Every place that takes a category
// from a user (a transaction's category, a budget, a rule, a split) checks
// it here, inside its store transaction or not.
func LookupCategory(ctx context.Context, r store.CategoryReader, userID int64, id string) (centavo.Category, error) {
	if c, ok := centavo.LookupCategory(id); ok {
		return c, nil
	}
	if centavo.IsOwnCategoryID(id) {
		read := r.OwnCategory
		if l, ok := r.(store.Locker); ok {
			// In a store transaction: held against its removal until the
			// transaction ends (ledger's DeleteCategory locks it first, then
			// moves what is filed under it).
			read = l.OwnCategoryForShare
		}
		c, err := read(ctx, userID, id)
		if err == nil {
			return c.Category(), nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return centavo.Category{}, err
		}
	}
	return centavo.Category{}, centavo.Errorf(centavo.EINVALID, "unknown category %q (see GET /api/v1/categories)", id)
}

// CheckCategory is LookupCategory for callers that need only to know that
// the user may file under id.
func CheckCategory(ctx context.Context, r store.CategoryReader, userID int64, id string) error {
	_, err := LookupCategory(ctx, r, userID, id)
	return err
}

// CheckCategory checks, outside any transaction, that the user may file
// under id (see LookupCategory).
func (s *Service) CheckCategory(ctx context.Context, userID int64, id string) error {
	if _, ok := centavo.LookupCategory(id); ok {
		return nil // no read for a fixed id
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	return CheckCategory(ctx, st, userID, id)
}

// Categories lists the user's own categories, oldest first.
func (s *Service) Categories(ctx context.Context, userID int64) ([]centavo.OwnCategory, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return st.OwnCategories(ctx, userID)
}

// CreateCategory makes an own category under parent (a spending category
// or income). A name the user has under that parent already (ignoring
// case) is a conflict.
func (s *Service) CreateCategory(ctx context.Context, userID int64, name, parent string) (centavo.OwnCategory, error) {
	name, ok := centavo.CleanCategoryName(name)
	if !ok {
		return centavo.OwnCategory{}, centavo.Errorf(centavo.EINVALID, "name must be 1 to %d characters, without control characters", centavo.MaxCategoryName)
	}
	if !centavo.CanParent(parent) {
		return centavo.OwnCategory{}, centavo.Errorf(centavo.EINVALID, "parent %q is not a fixed spending category or income (see GET /api/v1/categories)", parent)
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.OwnCategory{}, err
	}
	c := centavo.OwnCategory{UserID: userID, Name: name, Parent: parent, CreatedAt: s.Now().UTC()}
	err = st.InTx(ctx, func(tx store.Tx) error {
		list, err := tx.OwnCategories(ctx, userID)
		if err != nil {
			return err
		}
		if len(list) >= MaxOwnCategories {
			return centavo.Errorf(centavo.EINVALID, "you have %d categories of your own already, the most there may be", MaxOwnCategories)
		}
		return tx.CreateOwnCategory(ctx, &c)
	})
	if err != nil {
		return centavo.OwnCategory{}, nameTaken(err, name)
	}
	return c, nil
}

// RenameCategory renames one of the user's own categories.
func (s *Service) RenameCategory(ctx context.Context, userID int64, id, name string) (centavo.OwnCategory, error) {
	name, ok := centavo.CleanCategoryName(name)
	if !ok {
		return centavo.OwnCategory{}, centavo.Errorf(centavo.EINVALID, "name must be 1 to %d characters, without control characters", centavo.MaxCategoryName)
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.OwnCategory{}, err
	}
	var c centavo.OwnCategory
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.RenameOwnCategory(ctx, userID, id, name); err != nil {
			return err
		}
		c, err = tx.OwnCategory(ctx, userID, id)
		return err
	})
	if err != nil {
		return centavo.OwnCategory{}, nameTaken(err, name)
	}
	return c, nil
}

func nameTaken(err error, name string) error {
	if errors.Is(err, store.ErrConflict) {
		return centavo.Errorf(centavo.ECONFLICT, "you have a category named %q under that parent already", name)
	}
	return fmt.Errorf("categorize: own category: %w", err)
}
