package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Cluster spreads users over shards, each a PostgreSQL database with the
// full schema and its own job queue. A small directory on the first shard
// records where each user lives (users never move, so adding a shard later
// moves nobody) and hands out user ids, unique across the cluster.
type Cluster struct {
	shards []*DB

	mu        sync.RWMutex
	placement map[int64]int // user id → shard; entries never change

	listenCheck time.Duration // ListenRevoked's idle check; 0: listenCheck
}

var _ store.Cluster = (*Cluster)(nil)

// OpenCluster opens every shard (urls[0] also holds the directory).
// replicas, if given, pairs a read replica URL ("" for none) with each shard.
func OpenCluster(ctx context.Context, urls, replicas []string, o Options) (*Cluster, error) {
	if len(urls) == 0 {
		return nil, errors.New("postgres: no database URL")
	}
	if len(replicas) > len(urls) {
		return nil, errors.New("postgres: more replica URLs than database URLs")
	}
	c := &Cluster{placement: map[int64]int{}}
	for i, u := range urls {
		opt := o
		if i < len(replicas) {
			opt.ReplicaURL = replicas[i]
		}
		db, err := Open(ctx, u, opt)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("shard %d: %w", i, err)
		}
		c.shards = append(c.shards, db)
	}
	return c, nil
}

// DBs returns the shards.
func (c *Cluster) DBs() []*DB { return c.shards }

// Shards lists every store.
func (c *Cluster) Shards() []store.Store {
	out := make([]store.Store, len(c.shards))
	for i, s := range c.shards {
		out[i] = s
	}
	return out
}

// Close closes every shard.
func (c *Cluster) Close() error {
	for _, s := range c.shards {
		s.Close()
	}
	return nil
}

func (c *Cluster) directory() *DB { return c.shards[0] }

// shardFor picks the shard of a new user: a hash of the e-mail spreads users
// evenly; the choice is recorded, so changing the number of shards later only
// affects users created afterwards.
func (c *Cluster) shardFor(email string) int {
	h := fnv.New32a()
	h.Write([]byte(email))
	return int(h.Sum32() % uint32(len(c.shards)))
}

// ForUser returns the shard that holds the user.
func (c *Cluster) ForUser(ctx context.Context, userID int64) (store.Store, error) {
	c.mu.RLock()
	i, ok := c.placement[userID]
	c.mu.RUnlock()
	if ok {
		return c.shards[i], nil
	}
	var shard int
	err := c.directory().primary.QueryRow(ctx, `SELECT shard FROM user_directory WHERE user_id = $1`, userID).Scan(&shard)
	if err != nil {
		return nil, translate("directory", err)
	}
	if shard < 0 || shard >= len(c.shards) {
		return nil, fmt.Errorf("postgres: user %d is on shard %d, but only %d shards are configured", userID, shard, len(c.shards))
	}
	c.mu.Lock()
	if len(c.placement) > 1_000_000 { // bound memory; entries are cheap to look up again
		clear(c.placement)
	}
	c.placement[userID] = shard
	c.mu.Unlock()
	return c.shards[shard], nil
}

// danglingAfter: a directory entry whose user row never appeared (the
// process died between the two inserts) is reclaimed after this long.
const danglingAfter = time.Minute

// CreateUser records the user in the directory (which assigns the id and
// enforces unique e-mails across shards), then creates it on its shard.
func (c *Cluster) CreateUser(ctx context.Context, u *centavo.User) (store.Store, error) {
	for attempt := 0; ; attempt++ {
		shard := c.shardFor(u.Email)
		var id int64
		err := c.directory().primary.QueryRow(ctx,
			`INSERT INTO user_directory (email, shard, created_at) VALUES ($1, $2, $3) RETURNING user_id`, u.Email, shard, u.CreatedAt.UTC()).Scan(&id)
		if errors.Is(translate("directory", err), store.ErrConflict) && attempt == 0 {
			if reclaimed, rerr := c.reclaim(ctx, u.Email, u.CreatedAt); rerr != nil {
				return nil, rerr
			} else if reclaimed {
				continue
			}
			return nil, fmt.Errorf("postgres: create user: %w", store.ErrConflict)
		}
		if err != nil {
			return nil, translate("create user: directory", err)
		}
		u.ID = id
		st := c.shards[shard]
		if err := st.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			// Undo the directory entry so the e-mail is not lost.
			_, _ = c.directory().primary.Exec(context.WithoutCancel(ctx), `DELETE FROM user_directory WHERE user_id = $1`, id)
			u.ID = 0
			return nil, err
		}
		c.mu.Lock()
		c.placement[id] = shard
		c.mu.Unlock()
		return st, nil
	}
}

// reclaim deletes a directory entry whose user was never created on its
// shard, if it is old enough not to be a sign-up in progress.
func (c *Cluster) reclaim(ctx context.Context, email string, now time.Time) (bool, error) {
	var id int64
	var shard int
	var created time.Time
	err := c.directory().primary.QueryRow(ctx, `SELECT user_id, shard, created_at FROM user_directory WHERE email = $1`, email).
		Scan(&id, &shard, &created)
	if err != nil {
		return false, translate("directory", err)
	}
	if shard >= 0 && shard < len(c.shards) {
		if _, err := c.shards[shard].UserByID(ctx, id); err == nil || !errors.Is(err, store.ErrNotFound) {
			return false, nil // a real user (or we cannot tell)
		}
	}
	if now.Sub(created) < danglingAfter {
		return false, nil
	}
	tag, err := c.directory().primary.Exec(ctx, `DELETE FROM user_directory WHERE user_id = $1`, id)
	if err != nil {
		return false, translate("directory", err)
	}
	return tag.RowsAffected() == 1, nil
}

// UserByEmail finds the user through the directory.
func (c *Cluster) UserByEmail(ctx context.Context, email string) (centavo.User, error) {
	var id int64
	var shard int
	err := c.directory().primary.QueryRow(ctx, `SELECT user_id, shard FROM user_directory WHERE email = $1`, email).Scan(&id, &shard)
	if err != nil {
		return centavo.User{}, translate("directory", err)
	}
	if shard < 0 || shard >= len(c.shards) {
		return centavo.User{}, fmt.Errorf("postgres: user %d is on shard %d, but only %d shards are configured", id, shard, len(c.shards))
	}
	return c.shards[shard].UserByID(ctx, id)
}
