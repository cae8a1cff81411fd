package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/centavo/centavo/internal/store"
)

// ---- credentials: tokens, password resets, two-factor ----

func scanToken(row interface{ Scan(...any) error }) (store.Token, error) {
	var t store.Token
	var created, expires int64
	var used sql.NullInt64
	err := row.Scan(&t.ID, &t.Hash, &t.UserID, &t.Name, &created, &expires, &used)
	t.CreatedAt, t.ExpiresAt = fromMicros(created), fromMicros(expires)
	if used.Valid {
		u := fromMicros(used.Int64)
		t.LastUsedAt = &u
	}
	return t, err
}

func (q queries) TokenByHash(ctx context.Context, hash []byte, now time.Time) (store.Token, error) {
	t, err := scanToken(q.queryRow(ctx, q.hot.tokenByHash, shared.TokenByHash, hash, micros(now)))
	return t, translate("token by hash", err)
}

func (q queries) Tokens(ctx context.Context, userID int64, now time.Time) ([]store.Token, error) {
	rows, err := q.q.QueryContext(ctx, shared.Tokens, userID, micros(now))
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

func (q queries) DeleteTokenByID(ctx context.Context, userID, id int64) error {
	res, err := q.q.ExecContext(ctx, shared.DeleteTokenByID, userID, id)
	return affectedOne("delete token", res, err)
}

func (q queries) DeleteTokensExcept(ctx context.Context, userID int64, keep []byte) error {
	if keep == nil {
		keep = []byte{} // no token has an empty hash
	}
	_, err := q.q.ExecContext(ctx, shared.DeleteOtherTokens, userID, keep)
	return translate("delete other tokens", err)
}

func (q queries) TouchToken(ctx context.Context, userID, id int64, at time.Time) error {
	_, err := q.q.ExecContext(ctx, shared.TouchToken, micros(at), userID, id)
	return translate("touch token", err)
}

func (q queries) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	res, err := q.q.ExecContext(ctx, shared.SetPasswordHash, hash, userID)
	return affectedOne("set password", res, err)
}

func (q queries) CreatePasswordReset(ctx context.Context, r store.PasswordReset) error {
	_, err := q.q.ExecContext(ctx, shared.CreatePasswordReset, r.Hash, r.UserID, micros(r.CreatedAt), micros(r.ExpiresAt))
	return translate("create password reset", err)
}

func (q queries) TakePasswordReset(ctx context.Context, hash []byte) (store.PasswordReset, error) {
	r := store.PasswordReset{Hash: hash}
	var created, expires int64
	err := q.q.QueryRowContext(ctx, shared.TakePasswordReset, hash).Scan(&r.UserID, &created, &expires)
	r.CreatedAt, r.ExpiresAt = fromMicros(created), fromMicros(expires)
	return r, translate("take password reset", err)
}

func (q queries) DeletePasswordResets(ctx context.Context, userID int64) error {
	_, err := q.q.ExecContext(ctx, shared.DeletePasswordResets, userID)
	return translate("delete password resets", err)
}

func (q queries) TOTP(ctx context.Context, userID int64) (store.TOTP, error) {
	t := store.TOTP{UserID: userID}
	var confirmed sql.NullInt64
	var created int64
	err := q.q.QueryRowContext(ctx, shared.TOTP, userID).Scan(&t.SealedSecret, &confirmed, &t.LastStep, &created)
	if err != nil {
		return t, translate("totp", err)
	}
	t.CreatedAt = fromMicros(created)
	if confirmed.Valid {
		c := fromMicros(confirmed.Int64)
		t.ConfirmedAt = &c
	}
	err = q.q.QueryRowContext(ctx, shared.CountRecoveryCodes, userID).Scan(&t.RecoveryCodesLeft)
	return t, translate("totp: recovery codes", err)
}

func (q queries) SetTOTP(ctx context.Context, t store.TOTP) error {
	var confirmed any
	if t.ConfirmedAt != nil {
		confirmed = micros(*t.ConfirmedAt)
	}
	_, err := q.q.ExecContext(ctx, shared.SetTOTP, t.UserID, t.SealedSecret, confirmed, t.LastStep, micros(t.CreatedAt))
	return translate("set totp", err)
}

func (q queries) DeleteTOTP(ctx context.Context, userID int64) error {
	if _, err := q.q.ExecContext(ctx, shared.DeleteRecoveryCodes, userID); err != nil {
		return translate("delete totp: recovery codes", err)
	}
	_, err := q.q.ExecContext(ctx, shared.DeleteTOTP, userID)
	return translate("delete totp", err)
}

func (q queries) UseTOTPStep(ctx context.Context, userID, step int64) error {
	res, err := q.q.ExecContext(ctx, shared.UseTOTPStep, step, userID)
	if err != nil {
		return translate("use totp step", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("sqlite: use totp step %d: %w", step, errors.Join(err, store.ErrConflict))
	}
	return nil
}

func (q queries) SetRecoveryCodes(ctx context.Context, userID int64, hashes [][]byte) error {
	if _, err := q.q.ExecContext(ctx, shared.DeleteRecoveryCodes, userID); err != nil {
		return translate("set recovery codes", err)
	}
	for _, h := range hashes {
		if _, err := q.q.ExecContext(ctx, shared.AddRecoveryCode, userID, h); err != nil {
			return translate("set recovery codes", err)
		}
	}
	return nil
}

func (q queries) UseRecoveryCode(ctx context.Context, userID int64, hash []byte) error {
	res, err := q.q.ExecContext(ctx, shared.UseRecoveryCode, userID, hash)
	return affectedOne("use recovery code", res, err)
}
