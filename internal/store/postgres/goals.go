package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Saving goals and digests (docs/0037).

func scanGoal(row pgx.Row) (centavo.Goal, error) {
	var g centavo.Goal
	var account *int64
	err := row.Scan(&g.ID, &g.UserID, &g.Name, &g.TargetCents, &g.TargetDate, &account, &g.Currency, &g.ContributedCents, &g.CreatedAt, &g.UpdatedAt)
	if account != nil {
		g.AccountID = *account
	}
	g.CreatedAt, g.UpdatedAt = g.CreatedAt.UTC(), g.UpdatedAt.UTC()
	return g, err
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func (q queries) Goal(ctx context.Context, userID, id int64) (centavo.Goal, error) {
	g, err := scanGoal(q.q.QueryRow(ctx, shared.Goal, userID, id))
	return g, translate("goal", err)
}

func (q queries) Goals(ctx context.Context, userID int64) ([]centavo.Goal, error) {
	rows, err := q.q.Query(ctx, shared.Goals, userID)
	if err != nil {
		return nil, translate("goals", err)
	}
	defer rows.Close()
	var out []centavo.Goal
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			return nil, translate("goals", err)
		}
		out = append(out, g)
	}
	return out, translate("goals", rows.Err())
}

func (q queries) GoalContributions(ctx context.Context, userID, goalID int64) ([]centavo.GoalContribution, error) {
	rows, err := q.q.Query(ctx, shared.GoalContributions, userID, goalID)
	if err != nil {
		return nil, translate("goal contributions", err)
	}
	defer rows.Close()
	var out []centavo.GoalContribution
	for rows.Next() {
		var c centavo.GoalContribution
		if err := rows.Scan(&c.ID, &c.UserID, &c.GoalID, &c.AmountCents, &c.Date, &c.CreatedAt); err != nil {
			return nil, translate("goal contributions", err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, c)
	}
	return out, translate("goal contributions", rows.Err())
}

func (q queries) CreateGoal(ctx context.Context, g *centavo.Goal) error {
	err := q.q.QueryRow(ctx, shared.CreateGoal, g.UserID, g.Name, g.TargetCents, int64(g.TargetDate), nullID(g.AccountID),
		g.Currency, g.CreatedAt.UTC()).Scan(&g.ID)
	g.ContributedCents, g.UpdatedAt = 0, g.CreatedAt
	return translate("create goal", err)
}

func (q queries) UpdateGoal(ctx context.Context, g centavo.Goal) error {
	tag, err := q.q.Exec(ctx, shared.UpdateGoal, g.Name, g.TargetCents, int64(g.TargetDate), nullID(g.AccountID), g.Currency,
		g.UpdatedAt.UTC(), g.UserID, g.ID)
	return affectedOne("update goal", tag, err)
}

func (q queries) DeleteGoal(ctx context.Context, userID, id int64) error {
	tag, err := q.q.Exec(ctx, shared.DeleteGoal, userID, id)
	return affectedOne("delete goal", tag, err)
}

func (q queries) AddGoalContribution(ctx context.Context, c *centavo.GoalContribution, limit int64) error {
	var id int64
	if err := q.q.QueryRow(ctx, shared.GoalOfUser, c.UserID, c.GoalID).Scan(&id); err != nil {
		return translate("add goal contribution", err)
	}
	// The conditional update holds the goal's row until the transaction
	// ends: concurrent contributions add up one after the other.
	tag, err := q.q.Exec(ctx, shared.AddContributed, c.AmountCents, c.CreatedAt.UTC(), c.UserID, c.GoalID, limit)
	if err := affectedOne("add goal contribution", tag, err); err != nil {
		return fmt.Errorf("postgres: add goal contribution: %w", store.ErrOutOfRange)
	}
	err = q.q.QueryRow(ctx, shared.AddContribution, c.UserID, c.GoalID, c.AmountCents, int64(c.Date), c.CreatedAt.UTC()).Scan(&c.ID)
	return translate("add goal contribution", err)
}

func scanDigest(row pgx.Row) (centavo.Digest, error) {
	var d centavo.Digest
	err := row.Scan(&d.ID, &d.UserID, &d.Period, &d.ThroughNotificationID, &d.Status, &d.Attempts, &d.LastError, &d.Subject, &d.Text, &d.HTML,
		&d.CreatedAt, &d.UpdatedAt)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

func (q queries) Digest(ctx context.Context, userID int64, period string) (centavo.Digest, error) {
	d, err := scanDigest(q.q.QueryRow(ctx, shared.Digest, userID, period))
	return d, translate("digest", err)
}

func (q queries) LastDigest(ctx context.Context, userID int64) (centavo.Digest, error) {
	d, err := scanDigest(q.q.QueryRow(ctx, shared.LastDigest, userID))
	return d, translate("last digest", err)
}

func (q queries) CreateDigest(ctx context.Context, d *centavo.Digest) (bool, error) {
	err := q.q.QueryRow(ctx, shared.CreateDigest, d.UserID, d.Period, d.ThroughNotificationID, d.Status, d.Subject, d.Text, d.HTML,
		d.CreatedAt.UTC()).Scan(&d.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, translate("create digest", err)
	}
	d.UpdatedAt = d.CreatedAt
	return true, nil
}

func (q queries) UpdateDigest(ctx context.Context, d centavo.Digest) error {
	tag, err := q.q.Exec(ctx, shared.UpdateDigest, d.Status, d.Attempts, d.LastError, d.UpdatedAt.UTC(), d.UserID, d.ID)
	return affectedOne("update digest", tag, err)
}

func (db *DB) DigestUsers(ctx context.Context, afterID int64, limit int) ([]store.DigestUser, error) {
	rows, err := db.primary.Query(ctx, shared.DigestUsers, afterID, true, limit)
	if err != nil {
		return nil, translate("digest users", err)
	}
	defer rows.Close()
	var out []store.DigestUser
	for rows.Next() {
		var u store.DigestUser
		if err := rows.Scan(&u.UserID, &u.Digest); err != nil {
			return nil, translate("digest users", err)
		}
		out = append(out, u)
	}
	return out, translate("digest users", rows.Err())
}

// verifyGoals lists the goals whose contributed_cents is not the sum of
// their contributions.
func verifyGoals(ctx context.Context, q *pgxpool.Pool) ([]store.GoalMismatch, error) {
	rows, err := q.Query(ctx, shared.VerifyGoals)
	if err != nil {
		return nil, translate("verify goals", err)
	}
	defer rows.Close()
	var out []store.GoalMismatch
	for rows.Next() {
		var m store.GoalMismatch
		if err := rows.Scan(&m.UserID, &m.GoalID, &m.StoredCents, &m.ComputedCents); err != nil {
			return nil, translate("verify goals", err)
		}
		out = append(out, m)
	}
	return out, translate("verify goals", rows.Err())
}
