// Package cachetest is the shared test suite of cache.Cache implementations.
package cachetest

import (
	"context"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/cache"
)

// Exercise is the test suite every Cache implementation runs.
func Exercise(t *testing.T, c cache.Cache) {
	ctx := context.Background()
	if _, ok, err := c.Get(ctx, "missing"); ok || err != nil {
		t.Fatalf("Get(missing) = %v, %v", ok, err)
	}
	if err := c.Set(ctx, "k", []byte("v1"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := c.Get(ctx, "k"); !ok || err != nil || string(v) != "v1" {
		t.Fatalf("Get(k) = %q, %v, %v", v, ok, err)
	}
	_ = c.Set(ctx, "k", []byte("v2"), time.Minute)
	if v, _, _ := c.Get(ctx, "k"); string(v) != "v2" {
		t.Fatalf("after overwrite Get(k) = %q", v)
	}
	_ = c.Delete(ctx, "k", "other")
	if _, ok, _ := c.Get(ctx, "k"); ok {
		t.Fatal("deleted key still present")
	}
	_ = c.Set(ctx, "short", []byte("x"), 50*time.Millisecond)
	expired := time.After(5 * time.Second)
	for {
		if _, ok, _ := c.Get(ctx, "short"); !ok {
			break
		}
		select {
		case <-expired:
			t.Fatal("entry did not expire after its TTL")
		case <-time.After(20 * time.Millisecond):
		}
	}

	// Generations: a value stored before an invalidation is unreachable after it.
	k1, err := cache.UserKey(ctx, c, 7, "spend:2026-03")
	if err != nil {
		t.Fatal(err)
	}
	if k1again, _ := cache.UserKey(ctx, c, 7, "spend:2026-03"); k1again != k1 {
		t.Fatalf("key changed without invalidation: %s, %s", k1, k1again)
	}
	_ = c.Set(ctx, k1, []byte("old"), time.Minute)
	if err := cache.InvalidateUser(ctx, c, 7); err != nil {
		t.Fatal(err)
	}
	k2, _ := cache.UserKey(ctx, c, 7, "spend:2026-03")
	if k2 == k1 {
		t.Fatal("invalidation did not change the key")
	}
	if _, ok, _ := c.Get(ctx, k2); ok {
		t.Fatal("value from before the invalidation is visible")
	}
	other, _ := cache.UserKey(ctx, c, 8, "spend:2026-03")
	if other == k2 {
		t.Fatal("two users share a key")
	}
	exerciseValues(t, c)
}

// exerciseValues checks Read and Write: a value is read with the
// generation it was stored under, and never after an invalidation.
func exerciseValues(t *testing.T, c cache.Cache) {
	ctx := context.Background()
	const user = 9
	v, gen, hit, err := cache.Read(ctx, c, user, "spend:2026-04")
	if err != nil || hit || v != nil || gen == "" {
		t.Fatalf("Read before any Write = %q, %q, %v, %v", v, gen, hit, err)
	}
	if err := cache.Write(ctx, c, user, "spend:2026-04", gen, []byte(`{"a":1}`), time.Minute); err != nil {
		t.Fatal(err)
	}
	v, gen2, hit, err := cache.Read(ctx, c, user, "spend:2026-04")
	if err != nil || !hit || string(v) != `{"a":1}` || gen2 != gen {
		t.Fatalf("Read after Write = %q, %q, %v, %v (generation %q)", v, gen2, hit, err, gen)
	}
	if g, err := cache.Generation(ctx, c, user); err != nil || g != gen {
		t.Fatalf("Generation = %q, %v, want %q", g, err, gen)
	}
	// A reader that read the generation before a change stores after it:
	// its value is never read.
	if err := cache.InvalidateUser(ctx, c, user); err != nil {
		t.Fatal(err)
	}
	if _, g, hit, _ := cache.Read(ctx, c, user, "spend:2026-04"); hit || g == gen {
		t.Fatalf("value from before the invalidation read (hit %v, generation %q, old %q)", hit, g, gen)
	}
	_ = cache.Write(ctx, c, user, "spend:2026-04", gen, []byte(`{"stale":1}`), time.Minute)
	v, gen3, hit, _ := cache.Read(ctx, c, user, "spend:2026-04")
	if hit {
		t.Fatalf("a late writer's stale value is read: %q", v)
	}
	_ = cache.Write(ctx, c, user, "spend:2026-04", gen3, []byte(""), time.Minute)
	if v, _, hit, _ := cache.Read(ctx, c, user, "spend:2026-04"); !hit || len(v) != 0 {
		t.Fatalf("empty value: %q, %v", v, hit)
	}
	if _, _, hit, _ := cache.Read(ctx, c, user+1, "spend:2026-04"); hit {
		t.Fatal("another user's value is read")
	}
	// The generation stamp gone (evicted, or dropped after lost
	// invalidations): a new one, and what was stored is not read.
	_ = c.Delete(ctx, "u:9:gen")
	if _, g, hit, _ := cache.Read(ctx, c, user, "spend:2026-04"); hit || g == gen3 {
		t.Fatalf("value read after its generation was dropped (hit %v)", hit)
	}
}
