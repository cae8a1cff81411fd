package auth

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/store"
)

// Validated tokens are kept in memory for a short time, so that a read
// whose answer is cached touches no database
// (docs/0038-token-cache-and-cached-bytes.md). An entry is used only
//   - until its TTL, and never past the token's own expiry;
//   - while the user's cache generation is the one read before the token
//     was looked up: every revocation sets a new one, after it commits, and
//     with a shared cache (Redis) every process sees it on its next request;
//   - and while this process has revoked nothing of the user's since
//     (entries are dropped at once; a lookup that raced a revocation
//     keeps nothing).

// DefaultTokenCacheTTL is how long a validated token is trusted without
// asking the database again.
const DefaultTokenCacheTTL = 30 * time.Second

// maxCachedTokens bounds the entries; past it, the oldest half is dropped.
const maxCachedTokens = 100_000

type cachedToken struct {
	token store.Token // LastUsedAt kept up to date by recordTokenUse
	until time.Time
	gen   string // the user's cache generation read before the lookup
	added uint64
}

type tokenCache struct {
	ttl time.Duration
	// feed, when set, tells every process of each revocation (PostgreSQL
	// without a shared cache); nothing is trusted while its listener is
	// not live.
	feed store.RevocationFeed
	live atomic.Bool

	mu      sync.Mutex
	entries map[[32]byte]*cachedToken
	revoked uint64 // revocations so far: a lookup that saw another count keeps nothing
	added   uint64
}

// CacheTokens keeps validated tokens for ttl (0: not at all). Call it only
// when every process that accepts tokens learns of a revocation in time:
// with a cache shared by every process (Redis), or when this process is the
// only one (docs/0038); else use CacheTokensWithFeed.
func (s *Service) CacheTokens(ttl time.Duration) {
	s.CacheTokensWithFeed(ttl, nil)
}

// CacheTokensWithFeed is CacheTokens where the processes tell each other
// of revocations through feed: tokens are kept only while FollowRevocations
// listens.
func (s *Service) CacheTokensWithFeed(ttl time.Duration, feed store.RevocationFeed) {
	if ttl <= 0 {
		s.tokens = nil
		return
	}
	s.tokens = &tokenCache{ttl: ttl, entries: map[[32]byte]*cachedToken{}, feed: feed}
	s.tokens.live.Store(feed == nil)
}

// FollowRevocations listens to the other processes' revocations until ctx
// ends (a no-op without a feed). While it does not listen (not yet, or its
// connection lost), no token is trusted without the database.
func (s *Service) FollowRevocations(ctx context.Context) {
	c := s.tokens
	if c == nil || c.feed == nil {
		return
	}
	c.feed.ListenRevoked(ctx, c.revokeUser, func(live bool) {
		if !live {
			c.live.Store(false)
			c.revokeAll()
			return
		}
		c.revokeAll() // whatever was missed before
		c.live.Store(true)
	})
}

// revokeAll drops every entry, and keeps lookups in flight from adding one.
func (c *tokenCache) revokeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.revoked++
	clear(c.entries)
}

// lookup returns the token's cached entry if it may still be trusted.
func (c *tokenCache) lookup(hash [32]byte, gen string, now time.Time) (store.Token, bool) {
	if !c.live.Load() {
		return store.Token{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok {
		return store.Token{}, false
	}
	if !now.Before(e.until) || !now.Before(e.token.ExpiresAt) || e.gen != gen {
		delete(c.entries, hash)
		return store.Token{}, false
	}
	return e.token, true
}

// revocations returns the count of revocations, read before a lookup.
func (c *tokenCache) revocations() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.revoked
}

// keep records a token the database validated, unless a revocation
// happened since seen was read.
func (c *tokenCache) keep(hash [32]byte, t store.Token, gen string, seen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.revoked != seen || !c.live.Load() {
		return
	}
	if len(c.entries) >= maxCachedTokens {
		c.evictOldest()
	}
	c.added++
	c.entries[hash] = &cachedToken{token: t, until: now.Add(c.ttl), gen: gen, added: c.added}
}

// evictOldest drops the older half of the entries (mu held).
func (c *tokenCache) evictOldest() {
	cut := c.added - uint64(len(c.entries))/2
	for h, e := range c.entries {
		if e.added <= cut {
			delete(c.entries, h)
		}
	}
}

// used records a write of the token's last use.
func (c *tokenCache) used(hash [32]byte, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[hash]; ok {
		e.token.LastUsedAt = &at
	}
}

// revokeUser drops every entry of the user, and keeps any lookup in flight
// from adding one.
func (c *tokenCache) revokeUser(userID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.revoked++
	for h, e := range c.entries {
		if e.token.UserID == userID {
			delete(c.entries, h)
		}
	}
}

// tokensRevoked is called after a change that revoked some of the user's
// tokens committed: this process forgets them at once, and the user's
// cache generation changes, so other processes (sharing the cache) stop
// trusting what they keep of the user's tokens on their next request.
func (s *Service) tokensRevoked(ctx context.Context, userID int64) {
	if s.tokens != nil {
		s.tokens.revokeUser(userID)
		if s.tokens.feed != nil {
			if err := s.tokens.feed.NotifyRevoked(context.WithoutCancel(ctx), userID); err != nil && s.Logger != nil {
				s.Logger.WarnContext(ctx, "token revocation not notified: other processes may trust the user's tokens until the token cache's TTL", "user_id", userID, "err", err)
			}
		}
	}
	if s.Cache != nil {
		cache.Forget(ctx, s.Cache, s.Logger, userID)
	}
}

// revocationJobs enqueues, in a revocation's transaction, the durable
// bump of the user's generation (docs/0040) when processes keep tokens
// checked against a shared cache: a process that dies between the commit
// and tokensRevoked leaves no token trusted elsewhere for the rest of the
// TTL (only until a worker runs the job).
func (s *Service) revocationJobs(ctx context.Context, tx store.Tx, userID int64) error {
	if s.tokens == nil || !cache.Shared(s.Cache) {
		return nil
	}
	return tx.Enqueue(ctx, jobargs.Invalidation(true, userID)...)
}

// generation is the user's cache generation, "" when there is no cache or
// it fails (then no entry is trusted or kept). A user without one gets one
// only once the database knows the token (refused: it does not), so that
// tokens made up for any user id write nothing to the cache (on SQLite
// every id reaches this point). The caller looks the token up again: the
// generation must be read before the lookup whose answer it keeps.
func (s *Service) generation(ctx context.Context, st store.Store, userID int64, hash [32]byte, now time.Time) (gen string, refused bool) {
	if s.Cache == nil {
		return "-", false // in process only: revokeUser is the whole story
	}
	gen, ok, err := cache.PeekGeneration(ctx, s.Cache, userID)
	if err != nil {
		return "", false
	}
	if ok {
		return gen, false
	}
	t, err := st.TokenByHash(ctx, hash[:], now)
	if err != nil || t.UserID != userID {
		return "", err == nil || errors.Is(err, store.ErrNotFound)
	}
	if gen, err = cache.Generation(ctx, s.Cache, userID); err != nil {
		return "", false
	}
	return gen, false
}

// KeepsTokens says whether validated tokens are kept now (CacheTokens, and
// with a feed, while listening).
func (s *Service) KeepsTokens() bool { return s.tokens != nil && s.tokens.live.Load() }
