package postgres

import (
	"context"
	"fmt"

	"github.com/centavo/centavo/internal/store"
)

func (q queries) DeleteUser(ctx context.Context, userID int64) error {
	for _, stmt := range shared.DeleteUserRows {
		if _, err := q.q.Exec(ctx, stmt, userID); err != nil {
			return translate("delete user", err)
		}
	}
	tag, err := q.q.Exec(ctx, shared.DeleteUser, userID)
	if err != nil {
		return translate("delete user", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: delete user: %w", store.ErrNotFound)
	}
	return nil
}

// DeleteUser removes the user on their shard, then the directory entry
// (in that order: a directory entry left by a failure in between points to
// a shard without the user, which reclaim frees for a new sign-up; the
// other order could let the e-mail sign up again on another shard while the
// old rows remained).
func (c *Cluster) DeleteUser(ctx context.Context, userID int64, within func(tx store.Tx) error) error {
	st, err := c.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := within(tx); err != nil {
			return err
		}
		return tx.DeleteUser(ctx, userID)
	})
	if err != nil {
		return err
	}
	if _, err := c.directory().primary.Exec(ctx, `DELETE FROM user_directory WHERE user_id = $1`, userID); err != nil {
		return translate("delete user: directory", err)
	}
	c.mu.Lock()
	delete(c.placement, userID)
	c.mu.Unlock()
	return nil
}
