package storesql

import (
	"strconv"
	"strings"
)

// The shared statements of the users' rules with conditions
// (docs/0031-rules.md).

const conditionRuleColumns = `id, user_id, position, conditions, category, tags, merchant, hidden, created_at`

// ConditionRuleStatements are the shared statements of rules with
// conditions, each named after the store method that runs it.
type ConditionRuleStatements struct {
	ConditionRules      string
	ConditionRule       string
	CreateConditionRule string
	UpdateConditionRule string
	DeleteConditionRule string
}

// SharedConditionRules returns the statements of rules with conditions
// with PostgreSQL's placeholders.
func SharedConditionRules() ConditionRuleStatements {
	return ConditionRuleStatements{
		ConditionRules: `SELECT ` + conditionRuleColumns + ` FROM condition_rules WHERE user_id = $1 ORDER BY position, id`,
		ConditionRule:  `SELECT ` + conditionRuleColumns + ` FROM condition_rules WHERE user_id = $1 AND id = $2`,
		CreateConditionRule: `
			INSERT INTO condition_rules (user_id, position, conditions, category, tags, merchant, hidden, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		UpdateConditionRule: `
			UPDATE condition_rules SET position = $1, conditions = $2, category = $3, tags = $4, merchant = $5, hidden = $6
			WHERE user_id = $7 AND id = $8`,
		DeleteConditionRule: `DELETE FROM condition_rules WHERE user_id = $1 AND id = $2`,
	}
}

// RuleCandidates builds the query of store.ConditionRuleReader.RuleCandidates
// from its filter's fields (the engines pass theirs; ForUpdate is the
// engine's to add): the statement with PostgreSQL's placeholders and its
// arguments.
func RuleCandidates(userID, accountID int64, minCents, maxCents *int64, descriptor, merchant string) (string, []any) {
	var b strings.Builder
	args := []any{userID}
	b.WriteString(`SELECT ` + TransactionColumns + ` FROM transactions WHERE user_id = $1`)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if accountID != 0 {
		b.WriteString(` AND account_id = ` + arg(accountID))
	}
	if minCents != nil {
		b.WriteString(` AND amount_cents >= ` + arg(*minCents))
	}
	if maxCents != nil {
		b.WriteString(` AND amount_cents <= ` + arg(*maxCents))
	}
	if descriptor != "" {
		b.WriteString(` AND lower(seller) LIKE ` + arg(`%`+escapeLike(descriptor)+`%`) + ` ESCAPE '\'`)
	}
	if merchant != "" {
		m := arg(merchant)
		b.WriteString(` AND (lower(merchant) = ` + m + ` OR lower(merchant_key) = ` + m + `)`)
	}
	b.WriteString(` ORDER BY id`)
	return b.String(), args
}

// escapeLike escapes LIKE's wildcards with \.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
