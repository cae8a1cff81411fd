package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/storesql"
)

func scanConditionRule(row pgx.Row) (centavo.ConditionRule, error) {
	var r centavo.ConditionRule
	var conditions, tags string
	err := row.Scan(&r.ID, &r.UserID, &r.Position, &conditions, &r.Actions.Category, &tags, &r.Actions.Merchant, &r.Actions.Hidden, &r.CreatedAt)
	if err != nil {
		return r, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	if r.Actions.Tags, err = store.DecodeTags(tags); err != nil {
		return r, err
	}
	r.Conditions, err = store.DecodeConditions(conditions)
	return r, err
}

func (q queries) ConditionRules(ctx context.Context, userID int64) ([]centavo.ConditionRule, error) {
	rows, err := q.q.Query(ctx, shared.ConditionRules, userID)
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
	r, err := scanConditionRule(q.q.QueryRow(ctx, shared.ConditionRule, userID, id))
	return r, translate("condition rule", err)
}

func (q queries) CreateConditionRule(ctx context.Context, r *centavo.ConditionRule) error {
	a := r.Actions
	err := q.q.QueryRow(ctx, shared.CreateConditionRule, r.UserID, r.Position, store.EncodeConditions(r.Conditions),
		a.Category, store.EncodeTags(a.Tags), a.Merchant, a.Hidden, r.CreatedAt.UTC()).Scan(&r.ID)
	return translate("create condition rule", err)
}

func (q queries) UpdateConditionRule(ctx context.Context, r centavo.ConditionRule) error {
	a := r.Actions
	tag, err := q.q.Exec(ctx, shared.UpdateConditionRule, r.Position, store.EncodeConditions(r.Conditions),
		a.Category, store.EncodeTags(a.Tags), a.Merchant, a.Hidden, r.UserID, r.ID)
	return affectedOne("update condition rule", tag, err)
}

func (q queries) DeleteConditionRule(ctx context.Context, userID, id int64) error {
	tag, err := q.q.Exec(ctx, shared.DeleteConditionRule, userID, id)
	return affectedOne("delete condition rule", tag, err)
}

func (q queries) RuleCandidates(ctx context.Context, f store.RuleCandidateFilter) ([]centavo.Transaction, error) {
	query, args := storesql.RuleCandidates(f.UserID, f.AccountID, f.MinCents, f.MaxCents, f.DescriptorContains, f.Merchant)
	if f.ForUpdate {
		query += ` FOR UPDATE`
	}
	rows, err := q.q.Query(ctx, query, args...)
	return transactionRows(rows, err, "rule candidates")
}
