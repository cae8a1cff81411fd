package cache

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a cache shared by every process, on a Redis server. Every call
// is bounded by a short timeout, and after a failure Redis is left alone
// for a moment (a small circuit breaker), so a Redis that is down or slow
// costs the read path almost nothing: callers fall back to the database.
type Redis struct {
	client  *redis.Client
	prefix  string
	timeout time.Duration
	pause   time.Duration
	openTil atomic.Int64 // unix nanos until which calls fail fast
}

var _ Cache = (*Redis)(nil)

// ErrUnavailable is returned while the breaker is open.
var ErrUnavailable = errors.New("cache: redis unavailable")

// RedisOptions tune the client.
type RedisOptions struct {
	Prefix  string        // prepended to every key ("centavo:")
	Timeout time.Duration // per call, default 50 ms
	Pause   time.Duration // how long to skip Redis after a failure, default 1 s
}

// NewRedis connects to the server at url (redis://[user:pass@]host:port/db).
// It does not fail when the server is down: the cache is optional.
func NewRedis(url string, o RedisOptions) (*Redis, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("cache: bad redis URL: %w", err)
	}
	if o.Timeout <= 0 {
		o.Timeout = 50 * time.Millisecond
	}
	if o.Pause <= 0 {
		o.Pause = time.Second
	}
	opts.DialTimeout = 4 * o.Timeout
	opts.ReadTimeout = o.Timeout
	opts.WriteTimeout = o.Timeout
	opts.PoolTimeout = o.Timeout
	opts.MaxRetries = -1 // no retries: a miss is cheaper than waiting
	opts.ContextTimeoutEnabled = true
	return &Redis{client: redis.NewClient(opts), prefix: o.Prefix, timeout: o.Timeout, pause: o.Pause}, nil
}

// Close closes the connections.
func (r *Redis) Close() error { return r.client.Close() }

func (r *Redis) call(ctx context.Context, fn func(ctx context.Context) error) error {
	if time.Now().UnixNano() < r.openTil.Load() {
		return ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	err := fn(ctx)
	if err != nil && !errors.Is(err, redis.Nil) {
		r.openTil.Store(time.Now().Add(r.pause).UnixNano())
	}
	return err
}

func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	var v []byte
	err := r.call(ctx, func(ctx context.Context) error {
		var err error
		v, err = r.client.Get(ctx, r.prefix+key).Bytes()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return r.call(ctx, func(ctx context.Context) error {
		return r.client.Set(ctx, r.prefix+key, value, ttl).Err()
	})
}

func (r *Redis) Delete(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.prefix + k
	}
	return r.call(ctx, func(ctx context.Context) error { return r.client.Del(ctx, full...).Err() })
}
