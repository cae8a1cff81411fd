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
}
