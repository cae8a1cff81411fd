package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// ResetTTL is how long a password reset link works.
const ResetTTL = time.Hour

// Mailer sends an e-mail (notify.SMTP is one).
type Mailer interface {
	Send(ctx context.Context, to, subject, text, html string) error
}

var errBadReset = centavo.Errorf(centavo.EINVALID, "the reset token is unknown, used or expired: ask for a new one")

// ResetAvailable says whether password resets can be asked for (e-mail is
// configured).
func (s *Service) ResetAvailable() bool { return s.Mailer != nil }

// RequestPasswordReset e-mails a one-time reset token, valid ResetTTL, to
// the user with the e-mail, if there is one. The answer is the same
// whatever the e-mail: the work and the sending happen after it, apart
// from the request, so neither its result nor its time tells whether the
// address is registered. Unavailable when e-mail is not configured.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	if s.Mailer == nil {
		return centavo.Errorf(centavo.EUNAVAILABLE, "password reset by e-mail is not available: this server has no mail relay configured")
	}
	e, err := NormalizeEmail(email)
	if err != nil {
		return err
	}
	if !s.resetDue(e) {
		return nil // one e-mail a minute per address: no mail bombing
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	s.resets.Add(1)
	go func() {
		defer s.resets.Done()
		defer cancel()
		if err := s.sendReset(ctx, e); err != nil && s.Logger != nil {
			s.Logger.WarnContext(ctx, "password reset not sent", "err", err)
		}
	}()
	return nil
}

// resetEvery: at most one reset e-mail per address this often.
const resetEvery = time.Minute

func (s *Service) resetDue(email string) bool {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if last, ok := s.lastReset[email]; ok && now.Sub(last) < resetEvery && !now.Before(last) {
		return false
	}
	if len(s.lastReset) > 10_000 { // bound memory
		clear(s.lastReset)
	}
	s.lastReset[email] = now
	return true
}

// WaitResets waits for the reset e-mails being sent (a draining process).
func (s *Service) WaitResets() { s.resets.Wait() }

func (s *Service) sendReset(ctx context.Context, email string) error {
	u, err := s.cluster.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	token := strconv.FormatInt(u.ID, 10) + "." + base64.RawURLEncoding.EncodeToString(raw)
	st, err := s.cluster.ForUser(ctx, u.ID)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	err = st.InTx(ctx, func(tx store.Tx) error {
		return tx.CreatePasswordReset(ctx, store.PasswordReset{Hash: tokenHash(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(ResetTTL)})
	})
	if err != nil {
		return err
	}
	text := "Someone (we hope you) asked to reset the password of your Centavo account " + u.Email + ".\n\n"
	if s.LinkBase != "" {
		text += "Choose a new password here within an hour:\n\n  " + s.LinkBase + "/reset-password?token=" + url.QueryEscape(token) + "\n\n"
	}
	text += "Or give this one-time token to POST /api/v1/password-reset/confirm within an hour:\n\n  " + token + "\n\n" +
		"If you did not ask for it, ignore this e-mail: your password stays as it is.\n"
	return s.Mailer.Send(ctx, u.Email, "Reset your Centavo password", text, "")
}

// ConfirmPasswordReset sets a new password with a reset token (once), and
// revokes every token of the user: whoever had them must sign in again.
// Two-factor sign-in, if on, stays on.
func (s *Service) ConfirmPasswordReset(ctx context.Context, token, password string) error {
	userID, ok := parseToken(token)
	if !ok {
		return errBadReset
	}
	u, err := s.User(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return errBadReset
	}
	if err != nil {
		return err
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return err
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("auth: reset: %w", err)
	}
	now := s.now().UTC()
	// Once the tokens' deletion ran, whatever the outcome (an error may
	// follow a commit), the user's tokens are trusted no more without
	// asking the database. A reset token that does not match revokes
	// nothing: an unauthenticated caller must not be able to drop any
	// user's cached summaries and tokens (and, on PostgreSQL, have every
	// process notified) by guessing a reset token.
	revoking := false
	err = st.InTx(ctx, func(tx store.Tx) error {
		r, err := tx.TakePasswordReset(ctx, tokenHash(token))
		if errors.Is(err, store.ErrNotFound) {
			return errBadReset
		}
		if err != nil {
			return err
		}
		if r.UserID != userID || !now.Before(r.ExpiresAt) {
			return errBadReset // taken all the same: an expired token is gone too
		}
		if err := tx.SetPasswordHash(ctx, userID, h); err != nil {
			return err
		}
		if err := tx.DeletePasswordResets(ctx, userID); err != nil {
			return err
		}
		revoking = true
		if err := tx.DeleteTokensExcept(ctx, userID, nil); err != nil {
			return err
		}
		return s.revocationJobs(ctx, tx, userID)
	})
	if revoking {
		s.tokensRevoked(ctx, userID)
	}
	return err
}
