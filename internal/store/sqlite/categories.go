package sqlite

import (
	"context"
	"fmt"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// ownKey splits an own category's id; ErrNotFound for any other id.
func ownKey(op, id string) (string, int64, error) {
	parent, n, ok := centavo.ParseOwnCategoryID(id)
	if !ok {
		return "", 0, fmt.Errorf("sqlite: %s: %w", op, store.ErrNotFound)
	}
	return parent, n, nil
}

func scanOwnCategory(row interface{ Scan(...any) error }) (centavo.OwnCategory, error) {
	var c centavo.OwnCategory
	var n, created int64
	err := row.Scan(&n, &c.UserID, &c.Parent, &c.Name, &created)
	c.ID, c.CreatedAt = centavo.OwnCategoryID(c.Parent, n), fromMicros(created)
	return c, err
}

func (q queries) OwnCategories(ctx context.Context, userID int64) ([]centavo.OwnCategory, error) {
	rows, err := q.q.QueryContext(ctx, shared.OwnCategories, userID)
	if err != nil {
		return nil, translate("own categories", err)
	}
	defer rows.Close()
	var out []centavo.OwnCategory
	for rows.Next() {
		c, err := scanOwnCategory(rows)
		if err != nil {
			return nil, translate("own categories", err)
		}
		out = append(out, c)
	}
	return out, translate("own categories", rows.Err())
}

func (q queries) OwnCategory(ctx context.Context, userID int64, id string) (centavo.OwnCategory, error) {
	parent, n, err := ownKey("own category", id)
	if err != nil {
		return centavo.OwnCategory{}, err
	}
	c, err := scanOwnCategory(q.q.QueryRowContext(ctx, shared.OwnCategory, userID, n, parent))
	return c, translate("own category", err)
}

func (q queries) CreateOwnCategory(ctx context.Context, c *centavo.OwnCategory) error {
	var n int64
	err := q.q.QueryRowContext(ctx, shared.CreateOwnCategory,
		c.UserID, c.Parent, c.Name, store.CategoryNameKey(c.Name), micros(c.CreatedAt)).Scan(&n)
	if err != nil {
		return translate("create own category", err)
	}
	c.ID = centavo.OwnCategoryID(c.Parent, n)
	return nil
}

func (q queries) RenameOwnCategory(ctx context.Context, userID int64, id, name string) error {
	parent, n, err := ownKey("rename own category", id)
	if err != nil {
		return err
	}
	res, err := q.q.ExecContext(ctx, shared.RenameOwnCategory, name, store.CategoryNameKey(name), userID, n, parent)
	return affectedOne("rename own category", res, err)
}

func (q queries) DeleteOwnCategory(ctx context.Context, userID int64, id string) error {
	parent, n, err := ownKey("delete own category", id)
	if err != nil {
		return err
	}
	res, err := q.q.ExecContext(ctx, shared.DeleteOwnCategory, userID, n, parent)
	if err := affectedOne("delete own category", res, err); err != nil {
		return err
	}
	if _, err := q.q.ExecContext(ctx, shared.DeleteCategoryBudgets, userID, id); err != nil {
		return translate("delete own category: budgets", err)
	}
	for _, stmt := range []string{shared.RetargetRules, shared.RetargetConditionRules} {
		if _, err := q.q.ExecContext(ctx, stmt, parent, userID, id); err != nil {
			return translate("delete own category: rules", err)
		}
	}
	return nil
}

func (q queries) CategoryTransactions(ctx context.Context, userID int64, category string) ([]centavo.Transaction, error) {
	rows, err := q.q.QueryContext(ctx, shared.CategoryTransactions, userID, category, store.SplitsLike(category))
	return transactionRows(rows, err, "category transactions")
}
