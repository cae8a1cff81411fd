package storesql

// The shared statements of the users' own categories
// (docs/0029-own-categories.md), embedded in Statements.

const ownCategoryColumns = `id, user_id, parent, name, created_at`

// CategoryStatements are the shared statements of own categories, each
// named after the store method that runs it.
type CategoryStatements struct {
	OwnCategories          string
	OwnCategory            string
	CreateOwnCategory      string
	RenameOwnCategory      string
	DeleteOwnCategory      string // DeleteOwnCategory: the category,
	DeleteCategoryBudgets  string // its budget overrides,
	RetargetRules          string // and its rules, filed under the parent,
	RetargetConditionRules string // merchant rules and rules with conditions
	CategoryTransactions   string // the postgres store adds FOR UPDATE
}

// SharedCategories returns the statements of own categories with
// PostgreSQL's placeholders.
func SharedCategories() CategoryStatements {
	return CategoryStatements{
		OwnCategories: `SELECT ` + ownCategoryColumns + ` FROM own_categories WHERE user_id = $1 ORDER BY id`,
		OwnCategory:   `SELECT ` + ownCategoryColumns + ` FROM own_categories WHERE user_id = $1 AND id = $2 AND parent = $3`,
		CreateOwnCategory: `
			INSERT INTO own_categories (user_id, parent, name, name_key, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		RenameOwnCategory:      `UPDATE own_categories SET name = $1, name_key = $2 WHERE user_id = $3 AND id = $4 AND parent = $5`,
		DeleteOwnCategory:      `DELETE FROM own_categories WHERE user_id = $1 AND id = $2 AND parent = $3`,
		DeleteCategoryBudgets:  `DELETE FROM budget_overrides WHERE user_id = $1 AND category = $2`,
		RetargetRules:          `UPDATE user_rules SET category = $1 WHERE user_id = $2 AND category = $3`,
		RetargetConditionRules: `UPDATE condition_rules SET category = $1 WHERE user_id = $2 AND category = $3`,
		CategoryTransactions: `SELECT ` + TransactionColumns + ` FROM transactions
			WHERE user_id = $1 AND (category = $2 OR (splits <> '' AND splits LIKE $3)) ORDER BY id`,
	}
}

// Renumber writes one statement's placeholders $n as mark(n) (a statement
// built at run time).
func Renumber(query string, mark func(n int) string) string { return renumber(query, mark) }
