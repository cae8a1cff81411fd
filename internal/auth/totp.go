package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30 s), as every
// authenticator app reads it from an otpauth:// URL, and one-time recovery
// codes for a lost phone.

const (
	totpPeriod = 30
	totpSkew   = 1 // steps either side accepted: phones' clocks drift
	// RecoveryCodes is how many recovery codes confirming two-factor gives.
	RecoveryCodes = 10
)

var (
	errTOTPRequired = centavo.Errorf(centavo.ETOTPREQUIRED, "this account signs in with a two-factor code: give totp_code (a code from the authenticator app, or a recovery code)")
	errBadTOTP      = centavo.Errorf(centavo.EUNAUTHORIZED, "wrong or already used two-factor code")
	errNoKeys       = errors.New("auth: two-factor needs the keyring (Service.Keys)")
)

// TOTPSetup is what turning two-factor on shows once: the secret, and the
// same as an otpauth:// URL for a QR code or an authenticator app.
type TOTPSetup struct {
	Secret string
	URL    string
}

// TOTPStatus says whether two-factor sign-in is on.
type TOTPStatus struct {
	Enabled           bool
	Pending           bool // set up, waiting for the first code
	RecoveryCodesLeft int
}

func totpAAD(userID int64) []byte { return []byte("totp:" + strconv.FormatInt(userID, 10)) }

// TOTP says whether the user has two-factor sign-in.
func (s *Service) TOTP(ctx context.Context, userID int64) (TOTPStatus, error) {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return TOTPStatus{}, fmt.Errorf("auth: totp: %w", err)
	}
	t, err := st.TOTP(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return TOTPStatus{}, nil
	}
	if err != nil {
		return TOTPStatus{}, fmt.Errorf("auth: totp: %w", err)
	}
	return TOTPStatus{Enabled: t.ConfirmedAt != nil, Pending: t.ConfirmedAt == nil, RecoveryCodesLeft: t.RecoveryCodesLeft}, nil
}

// BeginTOTP starts turning two-factor sign-in on, once the password is
// given again: a new secret, kept sealed and unconfirmed until a code from
// it is given to ConfirmTOTP. Conflict if two-factor is on already.
func (s *Service) BeginTOTP(ctx context.Context, userID int64, password string) (TOTPSetup, error) {
	if s.Keys == nil {
		return TOTPSetup{}, errNoKeys
	}
	u, err := s.verifyPassword(ctx, userID, password)
	if err != nil {
		return TOTPSetup{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Centavo", AccountName: u.Email, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Rand: rand.Reader})
	if err != nil {
		return TOTPSetup{}, fmt.Errorf("auth: totp: %w", err)
	}
	sealed, err := s.Keys.Seal([]byte(key.Secret()), totpAAD(userID))
	if err != nil {
		return TOTPSetup{}, err
	}
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return TOTPSetup{}, fmt.Errorf("auth: totp: %w", err)
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		cur, err := tx.TOTP(ctx, userID)
		if err == nil && cur.ConfirmedAt != nil {
			return centavo.Errorf(centavo.ECONFLICT, "two-factor sign-in is on already: turn it off first to set up a new device")
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return tx.SetTOTP(ctx, store.TOTP{UserID: userID, SealedSecret: sealed, CreatedAt: s.now().UTC()})
	})
	if err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: key.Secret(), URL: key.URL()}, nil
}

// ConfirmTOTP turns two-factor sign-in on with a first code from the new
// secret, and returns the recovery codes (shown once: only their hashes are
// kept).
func (s *Service) ConfirmTOTP(ctx context.Context, userID int64, code string) ([]string, error) {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: totp: %w", err)
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err = st.InTx(ctx, func(tx store.Tx) error {
		t, err := tx.TOTP(ctx, userID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && t.ConfirmedAt != nil) {
			return centavo.Errorf(centavo.ECONFLICT, "no two-factor setup is waiting for a code: start one with POST /api/v1/me/totp")
		}
		if err != nil {
			return err
		}
		step, ok, err := s.matchTOTP(t, code, now)
		if err != nil {
			return err
		}
		if !ok {
			return centavo.Errorf(centavo.EINVALID, "the code does not match: check the authenticator app's clock and try the next code")
		}
		t.ConfirmedAt, t.LastStep = &now, step
		if err := tx.SetTOTP(ctx, t); err != nil {
			return err
		}
		return tx.SetRecoveryCodes(ctx, userID, hashes)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTOTP turns two-factor sign-in off (and forgets the recovery
// codes), once the password is given again.
func (s *Service) DisableTOTP(ctx context.Context, userID int64, password string) error {
	if _, err := s.verifyPassword(ctx, userID, password); err != nil {
		return err
	}
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("auth: totp: %w", err)
	}
	return st.InTx(ctx, func(tx store.Tx) error { return tx.DeleteTOTP(ctx, userID) })
}

// secondFactor checks, for a user with two-factor sign-in on, a code from
// the authenticator (each time step once) or a recovery code (each once).
func (s *Service) secondFactor(ctx context.Context, userID int64, code string) error {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("auth: sign in: %w", err)
	}
	t, err := st.TOTP(ctx, userID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.ConfirmedAt == nil) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("auth: sign in: %w", err)
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return errTOTPRequired
	}
	if len(code) > 64 {
		return errBadTOTP
	}
	if step, ok, err := s.matchTOTP(t, code, s.now().UTC()); err != nil {
		return err
	} else if ok {
		err := st.InTx(ctx, func(tx store.Tx) error { return tx.UseTOTPStep(ctx, userID, step) })
		if errors.Is(err, store.ErrConflict) {
			return errBadTOTP // a replay of a code already used
		}
		return err
	}
	err = st.InTx(ctx, func(tx store.Tx) error { return tx.UseRecoveryCode(ctx, userID, recoveryHash(code)) })
	if errors.Is(err, store.ErrNotFound) {
		return errBadTOTP
	}
	return err
}

// matchTOTP finds the time step, within the skew, whose code is the one
// given, above the last step accepted.
func (s *Service) matchTOTP(t store.TOTP, code string, now time.Time) (int64, bool, error) {
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return 0, false, nil
	}
	if s.Keys == nil {
		return 0, false, errNoKeys
	}
	secret, err := s.Keys.Open(t.SealedSecret, totpAAD(t.UserID))
	if err != nil {
		return 0, false, fmt.Errorf("auth: totp secret: %w", err)
	}
	opts := totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
	step := now.Unix() / totpPeriod
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		want, err := totp.GenerateCodeCustom(string(secret), time.Unix((step+d)*totpPeriod, 0), opts)
		if err != nil {
			return 0, false, fmt.Errorf("auth: totp: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && step+d > t.LastStep {
			return step + d, true, nil
		}
	}
	return 0, false, nil
}

// recoveryEncoding: lower-case letters and digits, without i, l, o and 1.
var recoveryEncoding = base32.NewEncoding("abcdefghjkmnpqrstuvwxyz023456789").WithPadding(base32.NoPadding)

// newRecoveryCodes makes the codes ("xxxxx-xxxxx", 50 random bits each)
// and their hashes.
func newRecoveryCodes() (codes []string, hashes [][]byte, err error) {
	for range RecoveryCodes {
		b := make([]byte, 7)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, fmt.Errorf("auth: recovery codes: %w", err)
		}
		c := recoveryEncoding.EncodeToString(b)[:10]
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, recoveryHash(c))
	}
	return codes, hashes, nil
}

// recoveryHash hashes a recovery code as typed: case, spaces and dashes
// do not matter.
func recoveryHash(code string) []byte {
	c := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(code))
	h := sha256.Sum256([]byte("centavo-recovery:" + c))
	return h[:]
}
