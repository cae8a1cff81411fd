// Package auth signs users up and in: argon2id password hashes, opaque API
// tokens stored only as SHA-256 hashes.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
)

// Limits on what users may choose.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 1024 // bounds the cost of hashing hostile input
	MaxEmailLen    = 254
)

// TokenTTL is how long a session token is valid.
const TokenTTL = 30 * 24 * time.Hour

// activityGranularity: last_active_at is written at most this often per user.
const activityGranularity = time.Hour

// Service handles users, passwords and tokens.
type Service struct {
	cluster store.Cluster
	now     func() time.Time
	params  argonParams
	hashing chan struct{} // bounds concurrent argon2 work (64 MiB each)
	dummy   func() string // a hash with params, checked for unknown e-mails

	limits       Limits
	throttle     *throttle
	signupClosed bool

	mu        sync.Mutex
	touched   map[int64]time.Time
	lastReset map[string]time.Time // e-mail → when a reset was last asked for

	// Cache and Logger: a deleted user's cached summaries are forgotten
	// (nil: no cache).
	Cache  cache.Cache
	Logger *slog.Logger
	// Keys seal two-factor secrets; Mailer sends password resets (nil:
	// resets are off), with links to LinkBase (the server's public URL,
	// "" for none: the e-mail gives the token alone).
	Keys     *seal.Keyring
	Mailer   Mailer
	LinkBase string
	resets   sync.WaitGroup

	tokens *tokenCache // nil: every request asks the database (CacheTokens)
}

// SetHashCost sets the argon2id cost of new password hashes: memory in KiB
// and passes (existing hashes keep the cost they were made with). Zero keeps
// the default (64 MiB, 3 passes).
func (s *Service) SetHashCost(memoryKiB, passes uint32) {
	if memoryKiB > 0 {
		s.params.memory = memoryKiB
	}
	if passes > 0 {
		s.params.time = passes
	}
	s.dummy = dummyHash(s.params)
}

// SetLimits replaces the throttle's limits (DefaultLimits until then).
func (s *Service) SetLimits(l Limits) { s.limits = l }

// CloseSignup refuses every sign-up from now on (--signup closed).
func (s *Service) CloseSignup() { s.signupClosed = true }

// SignupOpen says whether new users may sign up.
func (s *Service) SignupOpen() bool { return !s.signupClosed }

// New returns a Service. now is the clock (clock.Real in production).
func New(cluster store.Cluster, now func() time.Time) *Service {
	return &Service{
		cluster: cluster, now: now, params: defaultParams, dummy: dummyHash(defaultParams),
		hashing: make(chan struct{}, 4),
		limits:  DefaultLimits, throttle: newThrottle(),
		touched: map[int64]time.Time{}, lastReset: map[string]time.Time{},
	}
}

func (s *Service) hash(ctx context.Context, password string) (string, error) {
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-s.hashing }()
	return hashPassword(password, s.params)
}

func (s *Service) check(ctx context.Context, password, hash string) (bool, error) {
	if err := s.acquire(ctx); err != nil {
		return false, err
	}
	defer func() { <-s.hashing }()
	return checkPassword(password, hash)
}

// errBusy answers a request that found no hash slot in time: 503, with a
// Retry-After, rather than a queue that makes everyone wait (a flood of
// bogus sign-ins made a real one take 13 s).
var errBusy = &centavo.Error{Code: centavo.EUNAVAILABLE, Message: "the server is busy: try again in a moment", RetryAfter: busyRetry}

// acquire takes a hash slot, waiting at most the limits' HashWait.
func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.hashing <- struct{}{}:
		return nil
	default:
	}
	wait := time.NewTimer(s.limits.HashWait) // a latency bound: machine time
	defer wait.Stop()
	select {
	case s.hashing <- struct{}{}:
		return nil
	case <-wait.C:
		return errBusy
	case <-ctx.Done():
		return errBusy
	}
}

// NormalizeEmail validates an e-mail address and returns its canonical form.
func NormalizeEmail(email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	if e == "" {
		return "", centavo.Errorf(centavo.EINVALID, "email is required")
	}
	if len(e) > MaxEmailLen {
		return "", centavo.Errorf(centavo.EINVALID, "email is longer than %d characters", MaxEmailLen)
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], ".") {
		return "", centavo.Errorf(centavo.EINVALID, "email %q is not a valid address", email)
	}
	return e, nil
}

// errSignupClosed answers a sign-up when the operator closed it.
var errSignupClosed = centavo.Errorf(centavo.EFORBIDDEN, "sign-up is closed on this server")

// SignUp creates a user. A client address (WithClient) that failed too
// often, or created SignupsPerHour accounts in the last hour, is refused
// (ETOOMANY); a sign-up to a taken e-mail counts as one of its failures.
func (s *Service) SignUp(ctx context.Context, email, password string) (centavo.User, error) {
	if s.signupClosed {
		return centavo.User{}, errSignupClosed
	}
	client, now := clientOf(ctx), s.now()
	if wait := max(s.throttle.lockedFor(failKey(client), now), s.throttle.lockedFor(signupKey(client), now)); wait > 0 {
		return centavo.User{}, tooMany(wait)
	}
	e, err := NormalizeEmail(email)
	if err != nil {
		return centavo.User{}, err
	}
	if err := CheckPassword(password, e); err != nil {
		return centavo.User{}, err
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return centavo.User{}, err
	}
	now = now.UTC()
	u := centavo.User{Email: e, PasswordHash: h, Currency: "USD", CreatedAt: now, LastActiveAt: now}
	if _, err := s.cluster.CreateUser(ctx, &u); err != nil {
		if errors.Is(err, store.ErrConflict) {
			s.throttle.strike(failKey(client), s.limits.ClientFailures, s.limits.Window, now)
			return centavo.User{}, centavo.Errorf(centavo.ECONFLICT, "email %s is already registered", e)
		}
		return centavo.User{}, fmt.Errorf("auth: sign up: %w", err)
	}
	s.throttle.strike(signupKey(client), s.limits.SignupsPerHour, time.Hour, now)
	return u, nil
}

// dummyHash returns the hash checked against when the user does not exist,
// made (once, when first needed) with the configured parameters p: a
// sign-in for an unknown e-mail then costs what one for a known e-mail
// costs, so its timing does not tell whether the e-mail is registered.
func dummyHash(p argonParams) func() string {
	return sync.OnceValue(func() string {
		h, _ := hashPassword("not a password of anyone", p)
		return h
	})
}

var errBadLogin = centavo.Errorf(centavo.EUNAUTHORIZED, "wrong email or password")

// ErrBadLogin is SignIn's answer to a wrong e-mail or password (as opposed
// to a wrong two-factor code).
var ErrBadLogin = errBadLogin

// SignIn checks the password and returns a new session token. An e-mail
// or a client address (WithClient) that failed too often is refused
// (ETOOMANY) before any password is checked; without a free hash slot in
// time the answer is EUNAVAILABLE, for a known e-mail as for an unknown one.
func (s *Service) SignIn(ctx context.Context, email, password string) (string, error) {
	return s.SignInWith(ctx, SignInRequest{Email: email, Password: password})
}

// SignInRequest is what a sign-in gives: the e-mail and password, the
// two-factor code (or a recovery code) when the user turned it on, and a
// name for the token (default "Signed in").
type SignInRequest struct {
	Email, Password, TOTPCode, TokenName string
}

// SignInWith checks the password and, for a user with two-factor sign-in,
// the code (totp_required without one), and returns a new session token.
func (s *Service) SignInWith(ctx context.Context, req SignInRequest) (string, error) {
	email, password := req.Email, req.Password
	client, now := clientOf(ctx), s.now()
	e, err := NormalizeEmail(email)
	if err != nil || len(password) > MaxPasswordLen {
		if wait := s.throttle.lockedFor(failKey(client), now); wait > 0 {
			return "", tooMany(wait)
		}
		s.throttle.strike(failKey(client), s.limits.ClientFailures, s.limits.Window, now)
		return "", errBadLogin
	}
	if wait := max(s.throttle.lockedFor(failKey(client), now), s.throttle.lockedFor(emailKey(e), now)); wait > 0 {
		return "", tooMany(wait)
	}
	u, err := s.cluster.UserByEmail(ctx, e)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("auth: sign in: %w", err)
	}
	hash := u.PasswordHash
	if !known {
		hash = s.dummy()
	}
	ok, err := s.check(ctx, password, hash)
	if err != nil {
		return "", fmt.Errorf("auth: sign in: %w", err)
	}
	if !ok || !known {
		s.throttle.strike(emailKey(e), s.limits.EmailFailures, s.limits.Window, now)
		s.throttle.strike(failKey(client), s.limits.ClientFailures, s.limits.Window, now)
		return "", errBadLogin
	}
	if err := s.secondFactor(ctx, u.ID, req.TOTPCode); err != nil {
		if req.TOTPCode != "" { // a wrong code is a failed sign-in too: six digits are guessable
			s.throttle.strike(emailKey(e), s.limits.EmailFailures, s.limits.Window, now)
			s.throttle.strike(failKey(client), s.limits.ClientFailures, s.limits.Window, now)
		}
		return "", err
	}
	s.throttle.forget(emailKey(e), now)
	return s.IssueNamedToken(ctx, u.ID, TokenName(req.TokenName, "Signed in", ""))
}

// IssueToken creates a new token for the user, named "API token".
func (s *Service) IssueToken(ctx context.Context, userID int64) (string, error) {
	return s.IssueNamedToken(ctx, userID, "API token")
}

// IssueNamedToken creates a new token for the user. The token is
// "<user id>.<32 random bytes, base64url>": the id routes the lookup to the
// user's shard; only the SHA-256 of the whole token is stored.
func (s *Service) IssueNamedToken(ctx context.Context, userID int64, name string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	token := strconv.FormatInt(userID, 10) + "." + base64.RawURLEncoding.EncodeToString(raw)
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	now := s.now().UTC()
	err = st.InTx(ctx, func(tx store.Tx) error {
		return tx.CreateToken(ctx, store.Token{Hash: tokenHash(token), UserID: userID, Name: TokenName(name, "API token", ""), CreatedAt: now, ExpiresAt: now.Add(TokenTTL)})
	})
	if err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	return token, nil
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

var errBadToken = centavo.Errorf(centavo.EUNAUTHORIZED, "missing, invalid or expired token")

func parseToken(token string) (int64, bool) {
	idPart, secret, ok := strings.Cut(token, ".")
	if !ok || len(secret) != 43 || len(idPart) > 19 {
		return 0, false
	}
	id, err := strconv.ParseInt(idPart, 10, 64)
	return id, err == nil && id > 0
}

// Authenticate returns the user id of a valid token and records activity.
// A token validated a moment ago may be trusted without the database
// (tokencache.go).
func (s *Service) Authenticate(ctx context.Context, token string) (int64, error) {
	userID, ok := parseToken(token)
	if !ok {
		return 0, errBadToken
	}
	st, err := s.cluster.ForUser(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, errBadToken
	}
	if err != nil {
		return 0, fmt.Errorf("auth: authenticate: %w", err)
	}
	now := s.now().UTC()
	hash := sha256.Sum256([]byte(token))
	gen, seen := "", uint64(0)
	if s.tokens != nil {
		// The generation before the lookup (docs/0007's order): a
		// revocation that commits after it sets another.
		seen = s.tokens.revocations()
		var refused bool
		if gen, refused = s.generation(ctx, st, userID, hash, now); refused {
			return 0, errBadToken
		}
		if gen != "" {
			if t, ok := s.tokens.lookup(hash, gen, now); ok {
				s.touch(ctx, st, userID, now)
				s.recordTokenUse(ctx, st, t, hash, now)
				return userID, nil
			}
		}
	}
	t, err := st.TokenByHash(ctx, hash[:], now)
	if errors.Is(err, store.ErrNotFound) {
		return 0, errBadToken
	}
	if err != nil {
		return 0, fmt.Errorf("auth: authenticate: %w", err)
	}
	if t.UserID != userID {
		return 0, errBadToken
	}
	if s.tokens != nil && gen != "" {
		s.tokens.keep(hash, t, gen, seen, now)
	}
	s.touch(ctx, st, userID, now)
	s.recordTokenUse(ctx, st, t, hash, now)
	return userID, nil
}

// touch records API activity at most once per activityGranularity per user;
// a failure to record it does not fail the request.
func (s *Service) touch(ctx context.Context, st store.Store, userID int64, now time.Time) {
	s.mu.Lock()
	last, ok := s.touched[userID]
	if ok && now.Sub(last) < activityGranularity {
		s.mu.Unlock()
		return
	}
	s.touched[userID] = now
	if len(s.touched) > 100_000 { // bound memory; worst case a few extra writes
		clear(s.touched)
	}
	s.mu.Unlock()
	_ = st.InTx(ctx, func(tx store.Tx) error { return tx.TouchUser(ctx, userID, now) })
}

// User returns the user's profile.
func (s *Service) User(ctx context.Context, userID int64) (centavo.User, error) {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.User{}, fmt.Errorf("auth: user: %w", err)
	}
	return st.UserByID(ctx, userID)
}

// SignOut revokes the token.
func (s *Service) SignOut(ctx context.Context, userID int64, token string) error {
	st, err := s.cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("auth: sign out: %w", err)
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.DeleteToken(ctx, userID, tokenHash(token)); err != nil {
			return err
		}
		return s.revocationJobs(ctx, tx, userID)
	})
	s.tokensRevoked(ctx, userID) // even on an error: it may follow a commit
	return err
}
