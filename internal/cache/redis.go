package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
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

	// Invalidations that failed while Redis was unreachable: the users
	// whose generation stamp must still be bumped, or all of them when
	// there were too many to remember. While any is owed, no value is read
	// from or written to Redis by this process until they are paid (on its
	// next call, and by a background retry every Pause), so a summary cached
	// before a change made during the outage is never served after it.
	mu       sync.Mutex
	owed     map[int64]struct{}
	owedAll  bool
	owing    atomic.Bool
	retrying bool
	closed   chan struct{}
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
	opts.MaxRetries = -1   // no retries: a miss is cheaper than waiting
	opts.DialerRetries = 1 // not 5 dials 100 ms apart when Redis is down
	opts.DialerRetryTimeout = o.Timeout
	opts.ContextTimeoutEnabled = true
	return &Redis{client: redis.NewClient(opts), prefix: o.Prefix, timeout: o.Timeout, pause: o.Pause,
		owed: map[int64]struct{}{}, closed: make(chan struct{})}, nil
}

// Close closes the connections.
func (r *Redis) Close() error {
	r.mu.Lock()
	select {
	case <-r.closed:
	default:
		close(r.closed)
	}
	r.mu.Unlock()
	return r.client.Close()
}

// maxOwed bounds the users remembered one by one; past it, every user's
// generation is dropped once Redis is back.
const maxOwed = 100_000

// invalidationLost records that userID's generation could not be bumped.
func (r *Redis) invalidationLost(userID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.owed) < maxOwed {
		r.owed[userID] = struct{}{}
	} else {
		r.owedAll = true
	}
	r.owing.Store(true)
	if !r.retrying {
		r.retrying = true
		go r.retry()
	}
}

// retry pays what is owed every Pause until nothing is, for processes that
// make no other call to Redis (a worker that only invalidates).
func (r *Redis) retry() {
	t := time.NewTicker(r.pause)
	defer t.Stop()
	for {
		select {
		case <-r.closed:
			return
		case <-t.C:
		}
		_ = r.pay(context.Background(), true)
		r.mu.Lock()
		if !r.owing.Load() {
			r.retrying = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
	}
}

// pay bumps the owed generations: new stamps for the users remembered, or,
// when there were too many, the deletion of every generation key (each
// user then starts a new one). The whole settlement gets ten call timeouts.
// A reader (wait false) does not queue behind a settlement in progress: it
// takes the cache as unavailable, a miss, rather than exceed its budget.
func (r *Redis) pay(ctx context.Context, wait bool) error {
	if wait {
		r.mu.Lock()
	} else if !r.mu.TryLock() {
		return ErrUnavailable
	}
	defer r.mu.Unlock()
	if !r.owing.Load() {
		return nil
	}
	if time.Now().UnixNano() < r.openTil.Load() {
		return ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, 10*r.timeout)
	defer cancel()
	err := r.settle(ctx)
	if err != nil {
		r.openTil.Store(time.Now().Add(r.pause).UnixNano())
		return err
	}
	clear(r.owed)
	r.owedAll = false
	r.owing.Store(false)
	return nil
}

func (r *Redis) settle(ctx context.Context) error {
	if r.owedAll {
		it := r.client.Scan(ctx, 0, r.prefix+"u:*:gen", 1000).Iterator()
		var batch []string
		for it.Next(ctx) {
			if batch = append(batch, it.Val()); len(batch) == 1000 {
				if err := r.client.Unlink(ctx, batch...).Err(); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if err := it.Err(); err != nil {
			return err
		}
		if len(batch) > 0 {
			return r.client.Unlink(ctx, batch...).Err()
		}
		return nil
	}
	pipe := r.client.Pipeline()
	for id := range r.owed {
		pipe.Set(ctx, r.prefix+genKey(id), newStamp(), GenerationTTL)
	}
	_, err := pipe.Exec(ctx)
	return err
}

func (r *Redis) call(ctx context.Context, fn func(ctx context.Context) error) error {
	if time.Now().UnixNano() < r.openTil.Load() {
		return ErrUnavailable
	}
	if r.owing.Load() {
		if err := r.pay(ctx, false); err != nil {
			return err
		}
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
