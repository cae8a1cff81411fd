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
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/centavo/centavo"
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

	mu      sync.Mutex
	touched map[int64]time.Time
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
}

// New returns a Service. now is the clock (clock.Real in production).
func New(cluster store.Cluster, now func() time.Time) *Service {
	return &Service{
		cluster: cluster, now: now, params: defaultParams,
		hashing: make(chan struct{}, 4),
		touched: map[int64]time.Time{},
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

func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return centavo.Errorf(centavo.EUNAVAILABLE, "server busy, try again")
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

// SignUp creates a user.
func (s *Service) SignUp(ctx context.Context, email, password string) (centavo.User, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return centavo.User{}, err
	}
	if n := len([]rune(password)); n < MinPasswordLen {
		return centavo.User{}, centavo.Errorf(centavo.EINVALID, "password must be at least %d characters", MinPasswordLen)
	}
	if len(password) > MaxPasswordLen {
		return centavo.User{}, centavo.Errorf(centavo.EINVALID, "password must be at most %d bytes", MaxPasswordLen)
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return centavo.User{}, err
	}
	now := s.now().UTC()
	u := centavo.User{Email: e, PasswordHash: h, Currency: "USD", CreatedAt: now, LastActiveAt: now}
	if _, err := s.cluster.CreateUser(ctx, &u); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return centavo.User{}, centavo.Errorf(centavo.ECONFLICT, "email %s is already registered", e)
		}
		return centavo.User{}, fmt.Errorf("auth: sign up: %w", err)
	}
	return u, nil
}

// dummyHash is checked against when the user does not exist, so that a
// login for an unknown e-mail costs the same as one with a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := hashPassword("not a password of anyone", defaultParams)
	return h
})

var errBadLogin = centavo.Errorf(centavo.EUNAUTHORIZED, "wrong email or password")

// SignIn checks the password and returns a new session token.
func (s *Service) SignIn(ctx context.Context, email, password string) (string, error) {
	e, err := NormalizeEmail(email)
	if err != nil || len(password) > MaxPasswordLen {
		return "", errBadLogin
	}
	u, err := s.cluster.UserByEmail(ctx, e)
	if errors.Is(err, store.ErrNotFound) {
		_, _ = s.check(ctx, password, dummyHash())
		return "", errBadLogin
	}
	if err != nil {
		return "", fmt.Errorf("auth: sign in: %w", err)
	}
	ok, err := s.check(ctx, password, u.PasswordHash)
	if err != nil {
		return "", fmt.Errorf("auth: sign in: %w", err)
	}
	if !ok {
		return "", errBadLogin
	}
	return s.IssueToken(ctx, u.ID)
}

// IssueToken creates a new token for the user. The token is
// "<user id>.<32 random bytes, base64url>": the id routes the lookup to the
// user's shard; only the SHA-256 of the whole token is stored.
func (s *Service) IssueToken(ctx context.Context, userID int64) (string, error) {
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
		return tx.CreateToken(ctx, store.Token{Hash: tokenHash(token), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(TokenTTL)})
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
	id, err := st.UserIDByToken(ctx, tokenHash(token), now)
	if errors.Is(err, store.ErrNotFound) {
		return 0, errBadToken
	}
	if err != nil {
		return 0, fmt.Errorf("auth: authenticate: %w", err)
	}
	if id != userID {
		return 0, errBadToken
	}
	s.touch(ctx, st, id, now)
	return id, nil
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
	return st.InTx(ctx, func(tx store.Tx) error { return tx.DeleteToken(ctx, userID, tokenHash(token)) })
}
