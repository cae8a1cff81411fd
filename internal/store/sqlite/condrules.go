package sqlite

import (
	"context"
	"database/sql"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

func scanConditionRule(row interface{ Scan(...any) error }) (centavo.ConditionRule, error) {
	var r centavo.ConditionRule
	var conditions, tags string
	var hidden sql.NullInt64
	var created int64
	err := row.Scan(&r.ID, &r.UserID, &r.Position, &conditions, &r.Actions.Category, &tags, &r.Actions.Merchant, &hidden, &created)
	if err != nil {
		return r, err
	}
	r.CreatedAt = fromMicros(created)
	if hidden.Valid {
		h := hidden.Int64 != 0
		r.Actions.Hidden = &h
	}
	if r.Actions.Tags, err = store.DecodeTags(tags); err != nil {
		return r, err
	}
	r.Conditions, err = store.DecodeConditions(conditions)
	return r, err
}

// hiddenArg is a rule's hidden action as a nullable SQL argument.
func hiddenArg(h *bool) any {
	if h == nil {
		return nil
	}
	return boolInt(*h)
}

func (q queries) ConditionRules(ctx context.Context, userID int64) ([]centavo.ConditionRule, error) {
	rows, err := q.q.QueryContext(ctx, shared.ConditionRules, userID)
	if err != nil {
		return nil, translate("condition rules", err)
	}
	defer rows.Close()
	var out []centavo.ConditionRule
	for rows.Next() {
		r, err := scanConditionRule(rows)
		if err != nil {
			return nil, translate("condition rules", err)
		}
		out = append(out, r)
	}
	return out, translate("condition rules", rows.Err())
}

func (q queries) ConditionRule(ctx context.Context, userID, id int64) (centavo.ConditionRule, error) {
	r, err := scanConditionRule(q.q.QueryRowContext(ctx, shared.ConditionRule, userID, id))
	return r, translate("condition rule", err)
}

func (q queries) CreateConditionRule(ctx context.Context, r *centavo.ConditionRule) error {
	a := r.Actions
	err := q.q.QueryRowContext(ctx, shared.CreateConditionRule, r.UserID, r.Position, store.EncodeConditions(r.Conditions),
		a.Category, store.EncodeTags(a.Tags), a.Merchant, hiddenArg(a.Hidden), micros(r.CreatedAt)).Scan(&r.ID)
	return translate("create condition rule", err)
}

func (q queries) UpdateConditionRule(ctx context.Context, r centavo.ConditionRule) error {
	a := r.Actions
	res, err := q.q.ExecContext(ctx, shared.UpdateConditionRule, r.Position, store.EncodeConditions(r.Conditions),
		a.Category, store.EncodeTags(a.Tags), a.Merchant, hiddenArg(a.Hidden), r.UserID, r.ID)
	return affectedOne("update condition rule", res, err)
}

func (q queries) DeleteConditionRule(ctx context.Context, userID, id int64) error {
	res, err := q.q.ExecContext(ctx, shared.DeleteConditionRule, userID, id)
	return affectedOne("delete condition rule", res, err)
}

func (q queries) RuleCandidates(ctx context.Context, f store.RuleCandidateFilter) ([]centavo.Transaction, error) {
	query, args := storesql.RuleCandidates(f.UserID, f.AccountID, f.MinCents, f.MaxCents, f.DescriptorContains, f.Merchant)
	// SQLite has one writer: a transaction holds every row already.
	rows, err := q.q.QueryContext(ctx, storesql.Renumber(query, placeholder), args...)
	return transactionRows(rows, err, "rule candidates")
}
