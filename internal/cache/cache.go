// Package cache is the read cache of summaries (cache-aside). The cache is an
// optimisation, never required: callers treat every error as a miss.
//
// Invalidation is by generation: each user has a generation stamp; cached
// values are keyed under it; a change to the user's data sets a new stamp.
// A reader that computed a value from data older than the change stores it
// under the old stamp, where nobody looks any more — so the classic
// cache-aside race (read old, writer invalidates, reader stores old) cannot
// leave a stale value visible.
package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"time"

	"github.com/maypok86/otter/v2"
)

// Cache is a byte-value cache with per-entry TTL.
type Cache interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	Delete(ctx context.Context, keys ...string) error
}

// GenerationTTL bounds how long a generation stamp lives without use.
const GenerationTTL = 48 * time.Hour

func genKey(userID int64) string { return "u:" + strconv.FormatInt(userID, 10) + ":gen" }

func newStamp() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// UserKey returns the key of a user's cached value named name under the
// user's current generation, creating a generation if there is none.
func UserKey(ctx context.Context, c Cache, userID int64, name string) (string, error) {
	gen, ok, err := c.Get(ctx, genKey(userID))
	if err != nil {
		return "", err
	}
	if !ok {
		gen = []byte(newStamp())
		if err := c.Set(ctx, genKey(userID), gen, GenerationTTL); err != nil {
			return "", err
		}
	}
	return "u:" + strconv.FormatInt(userID, 10) + ":" + string(gen) + ":" + name, nil
}

// InvalidateUser makes every cached value of the user unreachable. When the
// cache cannot be reached, a cache that remembers lost invalidations (Redis)
// bumps the generation once it can again, before it serves anything else.
func InvalidateUser(ctx context.Context, c Cache, userID int64) error {
	err := c.Set(ctx, genKey(userID), []byte(newStamp()), GenerationTTL)
	if err != nil {
		if l, ok := c.(interface{ invalidationLost(int64) }); ok {
			l.invalidationLost(userID)
		}
	}
	return err
}

// Forget invalidates the user's cached values after a change, and logs a
// failure rather than failing the change: the change is committed. It is
// the fast path: on a shared cache the change's transaction also enqueued a
// durable invalidation (jobargs.InvalidateCache, docs/0040), which another
// process performs if this one dies before Forget or Forget fails. A nil
// cache forgets nothing.
func Forget(ctx context.Context, c Cache, log *slog.Logger, userID int64) {
	if c == nil {
		return
	}
	if h, ok := c.(interface{ beforeForget(int64) }); ok {
		h.beforeForget(userID)
	}
	if err := InvalidateUser(ctx, c, userID); err != nil {
		log.WarnContext(ctx, "cache invalidation failed", "user_id", userID, "err", err)
	}
}

// Shared reports whether c is shared by several processes (Redis): a
// change whose process dies before Forget would leave the others a stale
// value, so its transaction enqueues a durable invalidation too. An
// in-process cache dies with its process and needs none.
func Shared(c Cache) bool {
	s, ok := c.(interface{ Shared() bool })
	return ok && s.Shared()
}

// Memory is an in-process cache (otter), bounded in bytes.
type Memory struct {
	c *otter.Cache[string, []byte]
}

// NewMemory returns an in-process cache holding at most maxBytes of values.
func NewMemory(maxBytes int) *Memory {
	return &Memory{c: otter.Must(&otter.Options[string, []byte]{
		MaximumWeight: uint64(maxBytes),
		Weigher:       func(k string, v []byte) uint32 { return uint32(len(k) + len(v) + 64) },
		ExpiryCalculator: otter.ExpiryWritingFunc(func(e otter.Entry[string, []byte]) time.Duration {
			return GenerationTTL // overridden per entry by Set
		}),
	})}
}

var _ Cache = (*Memory)(nil)

func (m *Memory) Get(_ context.Context, key string) ([]byte, bool, error) {
	v, ok := m.c.GetIfPresent(key)
	return v, ok, nil
}

func (m *Memory) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.c.Set(key, value)
	m.c.SetExpiresAfter(key, ttl)
	return nil
}

func (m *Memory) Delete(_ context.Context, keys ...string) error {
	for _, k := range keys {
		m.c.Invalidate(k)
	}
	return nil
}
