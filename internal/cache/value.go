package cache

import (
	"bytes"
	"context"
	"strconv"
	"time"
)

// A user's value is stored under a key without the generation,
// "u:<user>:v:<name>", as "<stamp>\n<bytes>": the generation it was
// computed under travels inside it. Reading the generation and the value
// is then one call (one MGET on Redis) instead of the generation, then a
// key made from it. The invariant of docs/0007 holds as before: a reader
// takes the generation first, computes, and stores its value with that
// generation; a change sets a new generation, so a value computed from
// older data never matches the generation any later reader sees (a late
// writer may overwrite a fresher value with a stale one, which then only
// misses).

func valueKey(userID int64, name string) string {
	return "u:" + strconv.FormatInt(userID, 10) + ":v:" + name
}

// pairGetter is a cache that reads two keys in one call.
type pairGetter interface {
	getPair(ctx context.Context, k1, k2 string) (v1, v2 []byte, ok1, ok2 bool, err error)
}

// Generation returns the user's current generation stamp, creating one if
// there is none. A value, or a validated token, recorded with a stamp is
// current only while Generation still returns that stamp.
func Generation(ctx context.Context, c Cache, userID int64) (string, error) {
	gen, ok, err := c.Get(ctx, genKey(userID))
	if err != nil {
		return "", err
	}
	if ok {
		return string(gen), nil
	}
	return newGeneration(ctx, c, userID)
}

// PeekGeneration returns the user's current generation stamp, ok false
// when there is none; unlike Generation it creates none.
func PeekGeneration(ctx context.Context, c Cache, userID int64) (gen string, ok bool, err error) {
	g, ok, err := c.Get(ctx, genKey(userID))
	return string(g), ok, err
}

func newGeneration(ctx context.Context, c Cache, userID int64) (string, error) {
	stamp := newStamp()
	if err := c.Set(ctx, genKey(userID), []byte(stamp), GenerationTTL); err != nil {
		return "", err
	}
	return stamp, nil
}

// Read returns the user's value named name when it was stored under the
// user's current generation (hit), and that generation: a value computed
// from data read after Read returned goes to Write with it. The value is
// the cache's own memory: read it, never change it.
func Read(ctx context.Context, c Cache, userID int64, name string) (value []byte, gen string, hit bool, err error) {
	var (
		g, v      []byte
		okG, okV  bool
		gk, vk    = genKey(userID), valueKey(userID, name)
		pair, one = c.(pairGetter)
	)
	if one {
		g, v, okG, okV, err = pair.getPair(ctx, gk, vk)
	} else if g, okG, err = c.Get(ctx, gk); err == nil && okG {
		v, okV, err = c.Get(ctx, vk)
	}
	if err != nil {
		return nil, "", false, err
	}
	if !okG {
		gen, err := newGeneration(ctx, c, userID)
		return nil, gen, false, err
	}
	if okV && len(v) > len(g) && v[len(g)] == '\n' && bytes.Equal(v[:len(g)], g) {
		return v[len(g)+1:], string(g), true, nil
	}
	return nil, string(g), false, nil
}

// Write stores the user's value named name, computed from data read after
// Read (or Generation) returned gen.
func Write(ctx context.Context, c Cache, userID int64, name, gen string, value []byte, ttl time.Duration) error {
	b := make([]byte, 0, len(gen)+1+len(value))
	b = append(append(append(b, gen...), '\n'), value...)
	return c.Set(ctx, valueKey(userID, name), b, ttl)
}

var _ pairGetter = (*Memory)(nil)

func (m *Memory) getPair(_ context.Context, k1, k2 string) (v1, v2 []byte, ok1, ok2 bool, err error) {
	v1, ok1 = m.c.GetIfPresent(k1)
	v2, ok2 = m.c.GetIfPresent(k2)
	return v1, v2, ok1, ok2, nil
}

var _ pairGetter = (*Redis)(nil)

// getPair reads both keys with one MGET: one round trip per cache hit.
func (r *Redis) getPair(ctx context.Context, k1, k2 string) (v1, v2 []byte, ok1, ok2 bool, err error) {
	var vals []any
	err = r.call(ctx, func(ctx context.Context) error {
		var err error
		vals, err = r.client.MGet(ctx, r.prefix+k1, r.prefix+k2).Result()
		return err
	})
	if err != nil {
		return nil, nil, false, false, err
	}
	s1, ok1 := vals[0].(string)
	s2, ok2 := vals[1].(string)
	return []byte(s1), []byte(s2), ok1, ok2, nil
}
