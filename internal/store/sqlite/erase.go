package sqlite

import (
	"context"
)

func (q queries) DeleteUser(ctx context.Context, userID int64) error {
	for _, stmt := range shared.DeleteUserRows {
		if _, err := q.q.ExecContext(ctx, stmt, userID); err != nil {
			return translate("delete user", err)
		}
	}
	res, err := q.q.ExecContext(ctx, shared.DeleteUser, userID)
	if err := affectedOne("delete user", res, err); err != nil {
		return err
	}
	_, err = q.q.ExecContext(ctx, `INSERT OR IGNORE INTO retired_user_ids (id) VALUES (?)`, userID)
	return translate("delete user: retire id", err)
}
