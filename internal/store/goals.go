package store

import (
	"context"

	"github.com/centavo/centavo"
)

// GoalReader reads a user's saving goals (docs/0037).
type GoalReader interface {
	Goal(ctx context.Context, userID, id int64) (centavo.Goal, error)
	// Goals returns the user's goals in id order.
	Goals(ctx context.Context, userID int64) ([]centavo.Goal, error)
	// GoalContributions returns a goal's contributions by date then id.
	GoalContributions(ctx context.Context, userID, goalID int64) ([]centavo.GoalContribution, error)
}

// GoalWriter keeps a user's saving goals.
type GoalWriter interface {
	// CreateGoal inserts g and sets g.ID (g.ContributedCents starts at 0).
	CreateGoal(ctx context.Context, g *centavo.Goal) error
	// UpdateGoal writes g's name, target, date, account, currency and
	// UpdatedAt; ErrNotFound if the user has no such goal.
	UpdateGoal(ctx context.Context, g centavo.Goal) error
	// DeleteGoal removes the goal and its contributions; ErrNotFound if
	// the user has no such goal.
	DeleteGoal(ctx context.Context, userID, id int64) error
	// AddGoalContribution records c (setting c.ID) and adds it to its
	// goal's ContributedCents, provided the sum stays within 0..max:
	// ErrNotFound if the user has no such goal, ErrOutOfRange otherwise
	// (nothing recorded).
	AddGoalContribution(ctx context.Context, c *centavo.GoalContribution, max int64) error
}

// DigestReader reads the digest e-mails of a user.
type DigestReader interface {
	// Digest returns the user's digest of a period; ErrNotFound if none.
	Digest(ctx context.Context, userID int64, period string) (centavo.Digest, error)
	// LastDigest returns the user's digest that covers the newest
	// notification; ErrNotFound if none.
	LastDigest(ctx context.Context, userID int64) (centavo.Digest, error)
}

// DigestWriter records digests and what became of them.
type DigestWriter interface {
	// CreateDigest inserts d unless the user has one for d.Period; created
	// reports which. Sets d.ID when created.
	CreateDigest(ctx context.Context, d *centavo.Digest) (created bool, err error)
	// UpdateDigest records an attempt: status, attempts, error, UpdatedAt.
	UpdateDigest(ctx context.Context, d centavo.Digest) error
}

// DigestUser is a user who asked for digests, and how often.
type DigestUser struct {
	UserID int64
	Digest string // centavo.DigestDaily or DigestWeekly
}

// DigestUsers pages through a shard's users with e-mail on and a digest
// other than off, in id order (Maintenance).
type DigestUsers interface {
	DigestUsers(ctx context.Context, afterID int64, limit int) ([]DigestUser, error)
}
