package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo/internal/store"
)

// ---- credentials: tokens, password resets, two-factor ----

func scanToken(row pgx.Row) (store.Token, error) {
	var t store.Token
	err := row.Scan(&t.ID, &t.Hash, &t.UserID, &t.Name, &t.CreatedAt, &t.ExpiresAt, &t.LastUsedAt)
	t.CreatedAt, t.ExpiresAt = t.CreatedAt.UTC(), t.ExpiresAt.UTC()
	if t.LastUsedAt != nil {
		u := t.LastUsedAt.UTC()
		t.LastUsedAt = &u
	}
	return t, err
}

func (q queries) TokenByHash(ctx context.Context, hash []byte, now time.Time) (store.Token, error) {
	t, err := scanToken(q.q.QueryRow(ctx, shared.TokenByHash, hash, now.UTC()))
	return t, translate("token by hash", err)
}

func (q queries) Tokens(ctx context.Context, userID int64, now time.Time) ([]store.Token, error) {
	rows, err := q.q.Query(ctx, shared.Tokens, userID, now.UTC())
	if err != nil {
		return nil, translate("tokens", err)
	}
	defer rows.Close()
	var out []store.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, translate("tokens", err)
		}
		out = append(out, t)
	}
	return out, translate("tokens", rows.Err())
}

// execOne runs a statement that must change a row: ErrNotFound if none.
func (q queries) execOne(ctx context.Context, op, stmt string, args ...any) error {
	tag, err := q.q.Exec(ctx, stmt, args...)
	if err != nil {
		return translate(op, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: %s: %w", op, store.ErrNotFound)
	}
	return nil
}

func (q queries) DeleteTokenByID(ctx context.Context, userID, id int64) error {
	return q.execOne(ctx, "delete token", shared.DeleteTokenByID, userID, id)
}

func (q queries) DeleteTokensExcept(ctx context.Context, userID int64, keep []byte) error {
	if keep == nil {
		keep = []byte{} // no token has an empty hash
	}
	_, err := q.q.Exec(ctx, shared.DeleteOtherTokens, userID, keep)
	return translate("delete other tokens", err)
}

func (q queries) TouchToken(ctx context.Context, userID, id int64, at time.Time) error {
	_, err := q.q.Exec(ctx, shared.TouchToken, at.UTC(), userID, id)
	return translate("touch token", err)
}

func (q queries) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	return q.execOne(ctx, "set password", shared.SetPasswordHash, hash, userID)
}

func (q queries) CreatePasswordReset(ctx context.Context, r store.PasswordReset) error {
	_, err := q.q.Exec(ctx, shared.CreatePasswordReset, r.Hash, r.UserID, r.CreatedAt.UTC(), r.ExpiresAt.UTC())
	return translate("create password reset", err)
}

func (q queries) TakePasswordReset(ctx context.Context, hash []byte) (store.PasswordReset, error) {
	r := store.PasswordReset{Hash: hash}
	err := q.q.QueryRow(ctx, shared.TakePasswordReset, hash).Scan(&r.UserID, &r.CreatedAt, &r.ExpiresAt)
	r.CreatedAt, r.ExpiresAt = r.CreatedAt.UTC(), r.ExpiresAt.UTC()
	return r, translate("take password reset", err)
}

func (q queries) DeletePasswordResets(ctx context.Context, userID int64) error {
	_, err := q.q.Exec(ctx, shared.DeletePasswordResets, userID)
	return translate("delete password resets", err)
}

func (q queries) TOTP(ctx context.Context, userID int64) (store.TOTP, error) {
	t := store.TOTP{UserID: userID}
	err := q.q.QueryRow(ctx, shared.TOTP, userID).Scan(&t.SealedSecret, &t.ConfirmedAt, &t.LastStep, &t.CreatedAt)
	if err != nil {
		return t, translate("totp", err)
	}
	t.CreatedAt = t.CreatedAt.UTC()
	if t.ConfirmedAt != nil {
		c := t.ConfirmedAt.UTC()
		t.ConfirmedAt = &c
	}
	err = q.q.QueryRow(ctx, shared.CountRecoveryCodes, userID).Scan(&t.RecoveryCodesLeft)
	return t, translate("totp: recovery codes", err)
}

func (q queries) SetTOTP(ctx context.Context, t store.TOTP) error {
	var confirmed *time.Time
	if t.ConfirmedAt != nil {
		c := t.ConfirmedAt.UTC()
		confirmed = &c
	}
	_, err := q.q.Exec(ctx, shared.SetTOTP, t.UserID, t.SealedSecret, confirmed, t.LastStep, t.CreatedAt.UTC())
	return translate("set totp", err)
}

func (q queries) DeleteTOTP(ctx context.Context, userID int64) error {
	if _, err := q.q.Exec(ctx, shared.DeleteRecoveryCodes, userID); err != nil {
		return translate("delete totp: recovery codes", err)
	}
	_, err := q.q.Exec(ctx, shared.DeleteTOTP, userID)
	return translate("delete totp", err)
}

func (q queries) UseTOTPStep(ctx context.Context, userID, step int64) error {
	tag, err := q.q.Exec(ctx, shared.UseTOTPStep, step, userID)
	if err != nil {
		return translate("use totp step", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: use totp step %d: %w", step, store.ErrConflict)
	}
	return nil
}

func (q queries) SetRecoveryCodes(ctx context.Context, userID int64, hashes [][]byte) error {
	if _, err := q.q.Exec(ctx, shared.DeleteRecoveryCodes, userID); err != nil {
		return translate("set recovery codes", err)
	}
	for _, h := range hashes {
		if _, err := q.q.Exec(ctx, shared.AddRecoveryCode, userID, h); err != nil {
			return translate("set recovery codes", err)
		}
	}
	return nil
}

func (q queries) UseRecoveryCode(ctx context.Context, userID int64, hash []byte) error {
	return q.execOne(ctx, "use recovery code", shared.UseRecoveryCode, userID, hash)
}
