package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
)

// dropToken deletes the token in the database behind the service's back,
// as no revocation does: what answers afterwards is the token cache.
func dropToken(t *testing.T, s *Service, userID int64, token string) {
	t.Helper()
	st, _ := s.cluster.ForUser(context.Background(), userID)
	if err := st.InTx(context.Background(), func(tx store.Tx) error { return tx.DeleteToken(context.Background(), userID, tokenHash(token)) }); err != nil {
		t.Fatal(err)
	}
}

func mustAuth(t *testing.T, s *Service, token string) {
	t.Helper()
	if _, err := s.Authenticate(context.Background(), token); err != nil {
		t.Fatalf("valid token refused: %v", err)
	}
}

func mustRefuse(t *testing.T, s *Service, token, why string) {
	t.Helper()
	if _, err := s.Authenticate(context.Background(), token); centavo.ErrorCode(err) != centavo.EUNAUTHORIZED {
		t.Fatalf("%s: token accepted (%v)", why, err)
	}
}

// The cache is trusted for its TTL at most, and never past the token's
// own expiry.
func TestTokenCacheBounds(t *testing.T) {
	t.Parallel()
	s, now := setup(t)
	s.Cache = cache.NewMemory(1 << 20)
	s.CacheTokens(30 * time.Second)
	ctx := context.Background()
	u, _ := s.SignUp(ctx, "ttl@example.com", "long enough password")
	tok, _ := s.IssueToken(ctx, u.ID)
	mustAuth(t, s, tok)
	dropToken(t, s, u.ID, tok)
	*now = now.Add(29 * time.Second)
	mustAuth(t, s, tok) // from the cache: the database was not asked
	*now = now.Add(time.Second)
	mustRefuse(t, s, tok, "past the cache's TTL")

	// A token about to expire is trusted until its expiry, not a TTL more.
	tok2, _ := s.IssueToken(ctx, u.ID)
	*now = now.Add(TokenTTL - 10*time.Second)
	mustAuth(t, s, tok2)
	*now = now.Add(10 * time.Second)
	mustRefuse(t, s, tok2, "at the token's expiry")
}

// Every revocation in the process is refused at once, with or without a
// cache of summaries. (Deleting the account needs a queue: the apptest
// test of the account's deletion covers it.)
func TestTokenCacheRevocationInProcess(t *testing.T) {
	t.Parallel()
	for _, withCache := range []bool{true, false} {
		s, _ := setup(t)
		mail := &capturedMail{}
		s.Mailer = mail
		if withCache {
			s.Cache = cache.NewMemory(1 << 20)
		}
		s.CacheTokens(time.Minute)
		ctx := context.Background()
		u, _ := s.SignUp(ctx, "rev@example.com", "long enough password")
		revocations := []struct {
			name   string
			revoke func(tok, other string) error
		}{
			{"sign-out", func(tok, _ string) error { return s.SignOut(ctx, u.ID, tok) }},
			{"revoked by id", func(tok, other string) error {
				list, err := s.Tokens(ctx, u.ID, other)
				if err != nil {
					return err
				}
				for _, v := range list {
					if !v.Current {
						return s.RevokeToken(ctx, u.ID, v.ID)
					}
				}
				t.Fatal("no token to revoke")
				return nil
			}},
			{"password changed elsewhere", func(_, other string) error {
				return s.ChangePassword(ctx, u.ID, other, "long enough password", "long enough password")
			}},
			{"password reset", func(string, string) error {
				if err := s.RequestPasswordReset(ctx, u.Email); err != nil {
					return err
				}
				s.WaitResets()
				return s.ConfirmPasswordReset(ctx, mail.token(t), "long enough password")
			}},
		}
		for _, r := range revocations {
			tok, _ := s.IssueToken(ctx, u.ID)
			other, _ := s.IssueToken(ctx, u.ID)
			mustAuth(t, s, tok)
			if err := r.revoke(tok, other); err != nil {
				t.Fatalf("%s: %v", r.name, err)
			}
			mustRefuse(t, s, tok, r.name)
		}
	}
}

// A lookup that raced a revocation (the database said yes before the
// revocation committed) keeps nothing.
func TestTokenCacheRace(t *testing.T) {
	t.Parallel()
	c := &tokenCache{ttl: time.Minute, entries: map[[32]byte]*cachedToken{}}
	c.live.Store(true)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h := sha256.Sum256([]byte("7.token"))
	tok := store.Token{UserID: 7, ExpiresAt: now.Add(time.Hour)}
	seen := c.revocations()
	c.revokeUser(8) // any user's revocation: the lookup in flight keeps nothing
	c.keep(h, tok, "g", seen, now)
	if _, ok := c.lookup(h, "g", now); ok {
		t.Fatal("a lookup that raced a revocation was kept")
	}
	c.keep(h, tok, "g", c.revocations(), now)
	if _, ok := c.lookup(h, "other generation", now); ok {
		t.Fatal("an entry of another generation was trusted")
	}
	c.keep(h, tok, "g", c.revocations(), now)
	if _, ok := c.lookup(h, "g", now); !ok {
		t.Fatal("entry not kept")
	}
	c.revokeUser(7)
	if _, ok := c.lookup(h, "g", now); ok {
		t.Fatal("entry kept after the user's revocation")
	}
}

// Two processes share the database and Redis: a token revoked through one
// is refused by the other at once, though the other had it cached.
func TestTokenCacheRevocationAcrossProcesses(t *testing.T) {
	t.Parallel()
	url := os.Getenv("CENTAVO_TEST_REDIS_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but CENTAVO_TEST_REDIS_URL is not set")
		}
		t.Skip("set CENTAVO_TEST_REDIS_URL to run the Redis test")
	}
	a, now := setup(t)
	jobs := &enqueued{}
	a.cluster = store.Single{Store: queueless{Store: a.cluster.(store.Single).Store, jobs: jobs}}
	b := New(a.cluster, func() time.Time { return *now })
	prefix := "test:tokens:" + time.Now().Format("150405.000000000") + ":"
	for _, s := range []*Service{a, b} {
		r, err := cache.NewRedis(url, cache.RedisOptions{Prefix: prefix, Timeout: 2 * time.Second}) // a loaded machine: no timeouts
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		s.Cache = r
		s.CacheTokens(time.Minute)
	}
	ctx := context.Background()
	u, _ := a.SignUp(ctx, "two@example.com", "long enough password")
	tok, _ := a.IssueToken(ctx, u.ID)
	other, _ := a.IssueToken(ctx, u.ID)
	mustAuth(t, b, tok)
	mustAuth(t, b, other)
	if n := len(b.tokens.entries); n != 2 {
		t.Fatalf("the other process keeps %d tokens, want 2", n)
	}
	if err := a.SignOut(ctx, u.ID, tok); err != nil {
		t.Fatal(err)
	}
	mustRefuse(t, b, tok, "signed out in the other process")
	mustAuth(t, b, other)
	if err := a.ChangePassword(ctx, u.ID, "", "long enough password", "another long password"); err != nil {
		t.Fatal(err)
	}
	mustRefuse(t, b, other, "password changed in the other process")
	if n := jobs.n.Load(); n != 2 {
		t.Fatalf("%d durable invalidations enqueued by the two revocations, want 2", n)
	}
}

// queueless is a store whose transactions count the jobs enqueued instead
// of enqueuing them (no River here).
type queueless struct {
	store.Store
	jobs *enqueued
}

type enqueued struct{ n atomic.Int64 }

type queuelessTx struct {
	store.Tx
	jobs *enqueued
}

func (q queueless) InTx(ctx context.Context, fn func(tx store.Tx) error) error {
	return q.Store.InTx(ctx, func(tx store.Tx) error { return fn(queuelessTx{Tx: tx, jobs: q.jobs}) })
}

func (q queuelessTx) Enqueue(_ context.Context, jobs ...river.InsertManyParams) error {
	q.jobs.n.Add(int64(len(jobs)))
	return nil
}

type capturedMail struct {
	mu   sync.Mutex
	text string
}

func (m *capturedMail) Send(_ context.Context, _, _, text, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.text = text
	return nil
}

var resetToken = regexp.MustCompile(`\b\d+\.[A-Za-z0-9_-]{43}\b`)

func (m *capturedMail) token(t *testing.T) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	tok := resetToken.FindString(m.text)
	if tok == "" {
		t.Fatalf("no reset token in %q", m.text)
	}
	return tok
}

// On PostgreSQL without a shared cache, two processes tell each other of
// revocations (LISTEN/NOTIFY): a token revoked through one is refused by
// the other once the notification arrives (milliseconds), and nothing is
// kept while a process does not listen.
func TestTokenCacheRevocationFeed(t *testing.T) {
	t.Parallel()
	url := pgtest.Schema(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var procs []*Service
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range 2 {
		c, err := postgres.OpenCluster(ctx, []string{url}, nil, postgres.Options{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		s := New(c, func() time.Time { return now })
		s.params = argonParams{time: 1, memory: 1024, threads: 1, keyLen: 32}
		s.dummy = dummyHash(s.params)
		s.CacheTokensWithFeed(time.Minute, c)
		procs = append(procs, s)
	}
	a, b := procs[0], procs[1]
	u, err := a.SignUp(ctx, "feed@example.com", "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := a.IssueToken(ctx, u.ID)
	mustAuth(t, b, tok)
	if n := len(b.tokens.entries); n != 0 {
		t.Fatalf("%d tokens kept before listening", n)
	}
	for _, s := range procs {
		go s.FollowRevocations(ctx)
	}
	waitFor(t, "listening", func() bool { return a.tokens.live.Load() && b.tokens.live.Load() })
	mustAuth(t, b, tok)
	if n := len(b.tokens.entries); n != 1 {
		t.Fatalf("%d tokens kept while listening, want 1", n)
	}
	if err := a.SignOut(ctx, u.ID, tok); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the revocation heard", func() bool {
		_, err := b.Authenticate(ctx, tok)
		return centavo.ErrorCode(err) == centavo.EUNAUTHORIZED
	})
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10 s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A password reset with a reset token that matches nothing (anyone can
// send one, unauthenticated) revokes nothing: the user's cache generation
// and the tokens kept stay as they were.
func TestTokenCacheBadResetRevokesNothing(t *testing.T) {
	t.Parallel()
	s, _ := setup(t)
	s.Cache = cache.NewMemory(1 << 20)
	s.CacheTokens(time.Minute)
	ctx := context.Background()
	u, _ := s.SignUp(ctx, "guessed@example.com", "long enough password")
	tok, _ := s.IssueToken(ctx, u.ID)
	mustAuth(t, s, tok)
	gen, err := cache.Generation(ctx, s.Cache, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	guess := fmt.Sprintf("%d.%s", u.ID, strings.Repeat("A", 43))
	if err := s.ConfirmPasswordReset(ctx, guess, "another long password"); !errors.Is(err, errBadReset) {
		t.Fatalf("a guessed reset token: %v", err)
	}
	if after, _ := cache.Generation(ctx, s.Cache, u.ID); after != gen {
		t.Error("a guessed reset token changed the user's cache generation")
	}
	if n := len(s.tokens.entries); n != 1 {
		t.Errorf("a guessed reset token dropped the kept tokens: %d kept, want 1", n)
	}
	mustAuth(t, s, tok)
}

// setCounter is a cache that counts its writes.
type setCounter struct {
	cache.Cache
	sets atomic.Int64
}

func (c *setCounter) Set(ctx context.Context, key string, v []byte, ttl time.Duration) error {
	c.sets.Add(1)
	return c.Cache.Set(ctx, key, v, ttl)
}

// A token made up for any user id (on SQLite every id reaches the
// database) writes nothing to the cache: an unauthenticated flood must not
// fill Redis with generations nor push the summaries out of the memory
// cache. A real token is kept from its first use all the same.
func TestTokenCacheMadeUpTokensWriteNothing(t *testing.T) {
	t.Parallel()
	s, _ := setup(t)
	c := &setCounter{Cache: cache.NewMemory(1 << 20)}
	s.Cache = c
	s.CacheTokens(time.Minute)
	ctx := context.Background()
	for id := range 50 {
		mustRefuse(t, s, fmt.Sprintf("%d.%s", 1000+id, strings.Repeat("A", 43)), "a made-up token")
	}
	if n := c.sets.Load(); n != 0 {
		t.Errorf("made-up tokens wrote %d times to the cache", n)
	}
	u, _ := s.SignUp(ctx, "first@example.com", "long enough password")
	tok, _ := s.IssueToken(ctx, u.ID)
	mustAuth(t, s, tok)
	dropToken(t, s, u.ID, tok)
	mustAuth(t, s, tok) // kept at its first use
}
