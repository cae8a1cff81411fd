package auth

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/store"
)

var errBadPassword = centavo.Errorf(centavo.EUNAUTHORIZED, "wrong password")

// verifyPassword checks the signed-in user's password again before a
// change that needs it (deleting the account, a new password, two-factor).
func (s *Service) verifyPassword(ctx context.Context, userID int64, password string) (centavo.User, error) {
	u, err := s.User(ctx, userID)
	if err != nil {
		return u, err
	}
	if len(password) > MaxPasswordLen {
		return u, errBadPassword
	}
	ok, err := s.check(ctx, password, u.PasswordHash)
	if err != nil {
		return u, fmt.Errorf("auth: check password: %w", err)
	}
	if !ok {
		return u, errBadPassword
	}
	return u, nil
}

// DeleteUser removes the user and everything of theirs, once the password
// is given again: on their shard every row (tokens, accounts, transactions,
// aggregates, rules, budgets, alerts), their votes off the crowd's counts,
// the directory entry (the e-mail is free again), their cached summaries,
// and — through a job enqueued in the same transaction — every object of
// theirs in the object store (docs/0025-account-security.md).
func (s *Service) DeleteUser(ctx context.Context, userID int64, password string) error {
	u, err := s.verifyPassword(ctx, userID, password)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	err = s.cluster.DeleteUser(ctx, userID, func(tx store.Tx) error {
		if err := categorize.WithdrawVotes(ctx, tx, userID, now); err != nil {
			return err
		}
		purge := river.InsertManyParams{Args: jobargs.PurgeUser{UserID: userID, Since: u.CreatedAt, At: now}}
		return tx.Enqueue(ctx, append(jobargs.Invalidation(cache.Shared(s.Cache), userID), purge)...) // docs/0040
	})
	s.tokensRevoked(ctx, userID) // the cached summaries and tokens (even on an error: it may follow a commit)
	if err != nil {
		return fmt.Errorf("auth: delete user: %w", err)
	}
	s.mu.Lock()
	delete(s.touched, userID)
	s.mu.Unlock()
	return nil
}
