package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/centavo/centavo/internal/clock"
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
	// there were too many to remember. While any is owed, this process
	// reads and writes nothing else in Redis (a miss, the database
	// answers); a background loop pays — at once when Redis answers again,
	// else every Pause — so a summary cached before a change made during
	// the outage is never served after it. Once the latest loss is older
	// than ValueTTL the debts are forgiven: every value cached before any
	// of them has expired by then.
	mu       sync.Mutex // guards owed, owedAll, lastLoss, cursor, retrying
	owed     map[int64]struct{}
	owedAll  bool
	lastLoss time.Time // the latest unpaid loss
	cursor   uint64    // where the SCAN of owedAll goes on
	retrying bool
	owing    atomic.Bool
	valueTTL time.Duration
	wake     chan struct{}
	closed   chan struct{}

	onForget atomic.Pointer[func(userID int64)] // SetBeforeForget's hook
}

var _ Cache = (*Redis)(nil)

// ErrUnavailable is returned while the breaker is open.
var ErrUnavailable = errors.New("cache: redis unavailable")

// RedisOptions tune the client.
type RedisOptions struct {
	Prefix  string        // prepended to every key ("centavo:")
	Timeout time.Duration // per call, default 50 ms
	Pause   time.Duration // how long to skip Redis after a failure, default 1 s
	// ValueTTL is the longest TTL of a cached value (not of generation
	// stamps): a lost invalidation older than this needs no paying.
	// Default 10 minutes.
	ValueTTL time.Duration
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
	if o.ValueTTL <= 0 {
		o.ValueTTL = 10 * time.Minute
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
		owed: map[int64]struct{}{}, valueTTL: o.ValueTTL, wake: make(chan struct{}, 1), closed: make(chan struct{})}, nil
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

// Shared: every process reads and invalidates the same values.
func (r *Redis) Shared() bool { return true }

// SetBeforeForget makes Forget call fn before it invalidates (nil: nothing).
// It is a test hook: a crash test kills the process there, between a
// change's commit and its fast invalidation (docs/0040).
func (r *Redis) SetBeforeForget(fn func(userID int64)) {
	if fn == nil {
		r.onForget.Store(nil)
		return
	}
	r.onForget.Store(&fn)
}

func (r *Redis) beforeForget(userID int64) {
	if fn := r.onForget.Load(); fn != nil {
		(*fn)(userID)
	}
}

// maxOwed bounds the users remembered one by one; past it, every user's
// generation is dropped once Redis is back.
const maxOwed = 100_000

// payBatch is how many stamps go in one pipeline (each has its own budget
// of ten call timeouts), and how many keys one SCAN step returns.
const payBatch = 500

// invalidationLost records that userID's generation could not be bumped.
func (r *Redis) invalidationLost(userID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lastLoss = clock.Real()
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

// retry pays what is owed — at once when woken by a call that finds Redis
// answering again, else every Pause — until nothing is.
func (r *Redis) retry() {
	t := time.NewTicker(r.pause)
	defer t.Stop()
	for {
		select {
		case <-r.closed:
			return
		case <-t.C:
		case <-r.wake:
		}
		r.pay()
		r.mu.Lock()
		if !r.owing.Load() {
			r.retrying = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
	}
}

// pay bumps the owed generations, a batch at a time, forgetting each batch
// once Redis took it: new stamps for the users remembered, or, when there
// were too many, the deletion of every generation key (each user then
// starts a new one), the SCAN going on where the last attempt stopped.
// After a failure it stops and the breaker opens; the next attempt goes on.
func (r *Redis) pay() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.owing.Load() || clock.Real().UnixNano() < r.openTil.Load() {
		return
	}
	if clock.Real().Sub(r.lastLoss) > r.valueTTL {
		r.forgive()
		return
	}
	batch := func(fn func(ctx context.Context) error) error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*r.timeout)
		defer cancel()
		err := fn(ctx)
		if err != nil {
			r.openTil.Store(clock.Real().Add(r.pause).UnixNano())
		}
		return err
	}
	for len(r.owed) > 0 {
		ids := make([]int64, 0, payBatch)
		for id := range r.owed {
			if ids = append(ids, id); len(ids) == payBatch {
				break
			}
		}
		err := batch(func(ctx context.Context) error {
			pipe := r.client.Pipeline()
			for _, id := range ids {
				pipe.Set(ctx, r.prefix+genKey(id), newStamp(), GenerationTTL)
			}
			_, err := pipe.Exec(ctx)
			return err
		})
		if err != nil {
			return
		}
		for _, id := range ids {
			delete(r.owed, id)
		}
	}
	for r.owedAll {
		err := batch(func(ctx context.Context) error {
			keys, next, err := r.client.Scan(ctx, r.cursor, r.prefix+"u:*:gen", payBatch).Result()
			if err != nil {
				return err
			}
			if len(keys) > 0 {
				if err := r.client.Unlink(ctx, keys...).Err(); err != nil {
					return err
				}
			}
			r.cursor = next
			if next == 0 {
				r.owedAll = false
			}
			return nil
		})
		if err != nil {
			return
		}
	}
	r.forgive()
}

// forgive clears the debts (mu held).
func (r *Redis) forgive() {
	clear(r.owed)
	r.owedAll, r.cursor = false, 0
	r.owing.Store(false)
}

func (r *Redis) call(ctx context.Context, fn func(ctx context.Context) error) error {
	if clock.Real().UnixNano() < r.openTil.Load() {
		return ErrUnavailable
	}
	if r.owing.Load() {
		// Not paid yet: a miss. Wake the payer, which runs apart from
		// requests (their budgets are short and their contexts end).
		select {
		case r.wake <- struct{}{}:
		default:
		}
		return ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	err := fn(ctx)
	if err != nil && !errors.Is(err, redis.Nil) {
		r.openTil.Store(clock.Real().Add(r.pause).UnixNano())
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
