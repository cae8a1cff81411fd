package auth

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/centavo/centavo/internal/store"
)

// MaxTokenNameLen bounds a token's name.
const MaxTokenNameLen = 100

// tokenUseGranularity: a token's last_used_at is written at most this often.
const tokenUseGranularity = time.Minute

// TokenView is one of the user's tokens as they see it.
type TokenView struct {
	ID         int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	ExpiresAt  time.Time
	Current    bool // the token of the request that lists them
}

// TokenName makes a token's name: the one given, else where it was made
// and by what (a browser's or tool's User-Agent), trimmed.
func TokenName(given, origin, userAgent string) string {
	name := strings.TrimSpace(given)
	if name == "" {
		name = origin
		if ua := strings.TrimSpace(userAgent); ua != "" {
			name += " (" + ua + ")"
		}
	}
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > MaxTokenNameLen {
		name = string([]rune(name)[:MaxTokenNameLen-1]) + "…"
	}
	return name
}

// Tokens lists the user's unexpired tokens, newest first, marking the one
// given as current.
func (s *Service) Tokens(ctx context.Context, userID int64, current string) ([]TokenView, error) {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: tokens: %w", err)
	}
	list, err := st.Tokens(ctx, userID, s.now().UTC())
	if err != nil {
		return nil, fmt.Errorf("auth: tokens: %w", err)
	}
	cur := tokenHash(current)
	out := make([]TokenView, len(list))
	for i, t := range list {
		out[i] = TokenView{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, ExpiresAt: t.ExpiresAt,
			Current: bytes.Equal(t.Hash, cur)}
	}
	return out, nil
}

// RevokeToken deletes one of the user's tokens (not found if not theirs).
func (s *Service) RevokeToken(ctx context.Context, userID, id int64) error {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("auth: revoke token: %w", err)
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.DeleteTokenByID(ctx, userID, id); err != nil {
			return err
		}
		return s.revocationJobs(ctx, tx, userID)
	})
	s.tokensRevoked(ctx, userID) // even on an error: it may follow a commit
	return err
}

// ChangePassword sets a new password once the current one is given again,
// and revokes every token of the user except keep (the one in use), and any
// pending password reset.
func (s *Service) ChangePassword(ctx context.Context, userID int64, keep, current, next string) error {
	u, err := s.verifyPassword(ctx, userID, current)
	if err != nil {
		return err
	}
	if err := CheckPassword(next, u.Email); err != nil {
		return err
	}
	return s.setPassword(ctx, userID, next, tokenHash(keep))
}

// setPassword stores a new password hash and revokes the user's tokens
// except the one whose hash is keep (nil: all) and their password resets.
func (s *Service) setPassword(ctx context.Context, userID int64, password string, keep []byte) error {
	h, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("auth: set password: %w", err)
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SetPasswordHash(ctx, userID, h); err != nil {
			return err
		}
		if err := tx.DeletePasswordResets(ctx, userID); err != nil {
			return err
		}
		if err := tx.DeleteTokensExcept(ctx, userID, keep); err != nil {
			return err
		}
		return s.revocationJobs(ctx, tx, userID)
	})
	s.tokensRevoked(ctx, userID) // even on an error: it may follow a commit
	return err
}

// recordTokenUse writes the token's last use, at most once per
// tokenUseGranularity; a failure does not fail the request.
func (s *Service) recordTokenUse(ctx context.Context, st store.Store, t store.Token, hash [32]byte, now time.Time) {
	if t.LastUsedAt != nil && now.Sub(*t.LastUsedAt) < tokenUseGranularity {
		return
	}
	if st.InTx(ctx, func(tx store.Tx) error { return tx.TouchToken(ctx, t.UserID, t.ID, now) }) == nil && s.tokens != nil {
		s.tokens.used(hash, now)
	}
}
