package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Saving goals and digests (docs/0037).

func scanGoal(row interface{ Scan(...any) error }) (centavo.Goal, error) {
	var g centavo.Goal
	var account sql.NullInt64
	var created, updated int64
	err := row.Scan(&g.ID, &g.UserID, &g.Name, &g.TargetCents, &g.TargetDate, &account, &g.Currency, &g.ContributedCents, &created, &updated)
	g.AccountID, g.CreatedAt, g.UpdatedAt = account.Int64, fromMicros(created), fromMicros(updated)
	return g, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (q queries) Goal(ctx context.Context, userID, id int64) (centavo.Goal, error) {
	g, err := scanGoal(q.q.QueryRowContext(ctx, shared.Goal, userID, id))
	return g, translate("goal", err)
}

func (q queries) Goals(ctx context.Context, userID int64) ([]centavo.Goal, error) {
	rows, err := q.q.QueryContext(ctx, shared.Goals, userID)
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
	rows, err := q.q.QueryContext(ctx, shared.GoalContributions, userID, goalID)
	if err != nil {
		return nil, translate("goal contributions", err)
	}
	defer rows.Close()
	var out []centavo.GoalContribution
	for rows.Next() {
		var c centavo.GoalContribution
		var created int64
		if err := rows.Scan(&c.ID, &c.UserID, &c.GoalID, &c.AmountCents, &c.Date, &created); err != nil {
			return nil, translate("goal contributions", err)
		}
		c.CreatedAt = fromMicros(created)
		out = append(out, c)
	}
	return out, translate("goal contributions", rows.Err())
}

func (q queries) CreateGoal(ctx context.Context, g *centavo.Goal) error {
	err := q.q.QueryRowContext(ctx, shared.CreateGoal, g.UserID, g.Name, g.TargetCents, int64(g.TargetDate), nullID(g.AccountID),
		g.Currency, micros(g.CreatedAt)).Scan(&g.ID)
	g.ContributedCents, g.UpdatedAt = 0, g.CreatedAt
	return translate("create goal", err)
}

func (q queries) UpdateGoal(ctx context.Context, g centavo.Goal) error {
	res, err := q.q.ExecContext(ctx, shared.UpdateGoal, g.Name, g.TargetCents, int64(g.TargetDate), nullID(g.AccountID), g.Currency,
		micros(g.UpdatedAt), g.UserID, g.ID)
	return affectedOne("update goal", res, err)
}

func (q queries) DeleteGoal(ctx context.Context, userID, id int64) error {
	res, err := q.q.ExecContext(ctx, shared.DeleteGoal, userID, id)
	return affectedOne("delete goal", res, err)
}

func (q queries) AddGoalContribution(ctx context.Context, c *centavo.GoalContribution, limit int64) error {
	var id int64
	if err := q.q.QueryRowContext(ctx, shared.GoalOfUser, c.UserID, c.GoalID).Scan(&id); err != nil {
		return translate("add goal contribution", err)
	}
	res, err := q.q.ExecContext(ctx, shared.AddContributed, c.AmountCents, micros(c.CreatedAt), c.UserID, c.GoalID, limit)
	if err := affectedOne("add goal contribution", res, err); err != nil {
		return fmt.Errorf("sqlite: add goal contribution: %w", store.ErrOutOfRange)
	}
	err = q.q.QueryRowContext(ctx, shared.AddContribution, c.UserID, c.GoalID, c.AmountCents, int64(c.Date), micros(c.CreatedAt)).Scan(&c.ID)
	return translate("add goal contribution", err)
}

func scanDigest(row interface{ Scan(...any) error }) (centavo.Digest, error) {
	var d centavo.Digest
	var created, updated int64
	err := row.Scan(&d.ID, &d.UserID, &d.Period, &d.ThroughNotificationID, &d.Status, &d.Attempts, &d.LastError, &d.Subject, &d.Text, &d.HTML,
		&created, &updated)
	d.CreatedAt, d.UpdatedAt = fromMicros(created), fromMicros(updated)
	return d, err
}

func (q queries) Digest(ctx context.Context, userID int64, period string) (centavo.Digest, error) {
	d, err := scanDigest(q.q.QueryRowContext(ctx, shared.Digest, userID, period))
	return d, translate("digest", err)
}

func (q queries) LastDigest(ctx context.Context, userID int64) (centavo.Digest, error) {
	d, err := scanDigest(q.q.QueryRowContext(ctx, shared.LastDigest, userID))
	return d, translate("last digest", err)
}

func (q queries) CreateDigest(ctx context.Context, d *centavo.Digest) (bool, error) {
	err := q.q.QueryRowContext(ctx, shared.CreateDigest, d.UserID, d.Period, d.ThroughNotificationID, d.Status, d.Subject, d.Text, d.HTML,
		micros(d.CreatedAt)).Scan(&d.ID)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, translate("create digest", err)
	}
	d.UpdatedAt = d.CreatedAt
	return true, nil
}

func (q queries) UpdateDigest(ctx context.Context, d centavo.Digest) error {
	res, err := q.q.ExecContext(ctx, shared.UpdateDigest, d.Status, d.Attempts, d.LastError, micros(d.UpdatedAt), d.UserID, d.ID)
	return affectedOne("update digest", res, err)
}

func (db *DB) DigestUsers(ctx context.Context, afterID int64, limit int) ([]store.DigestUser, error) {
	rows, err := db.reader.QueryContext(ctx, shared.DigestUsers, afterID, boolInt(true), limit)
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
func verifyGoals(ctx context.Context, q *sql.DB) ([]store.GoalMismatch, error) {
	rows, err := q.QueryContext(ctx, shared.VerifyGoals)
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
