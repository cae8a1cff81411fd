package cache_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/cache/cachetest"
)

// redisURL returns the test server, or skips (fails in CI, where it must run).
func redisURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("CENTAVO_TEST_REDIS_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but CENTAVO_TEST_REDIS_URL is not set: the Redis tests must run in CI (.ci/run sets it)")
		}
		t.Skip("Redis tests skipped: set CENTAVO_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run them")
	}
	return u
}

func prefix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "test:" + hex.EncodeToString(b) + ":"
}

func TestRedis(t *testing.T) {
	t.Parallel()
	r, err := cache.NewRedis(redisURL(t), cache.RedisOptions{Prefix: prefix(), Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cachetest.Exercise(t, r)
}

// TestRedisDown: a Redis that is not there costs a bounded time per call,
// then nothing while the breaker is open.
func TestRedisDown(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // a closed port
	r, err := cache.NewRedis("redis://"+addr+"/0", cache.RedisOptions{Timeout: 50 * time.Millisecond, Pause: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	if _, ok, err := r.Get(ctx, "k"); ok || err == nil {
		t.Fatalf("Get on a closed port: ok=%v err=%v", ok, err)
	}
	if _, _, err := r.Get(ctx, "k"); err != cache.ErrUnavailable {
		t.Fatalf("second Get: %v, want the breaker's ErrUnavailable", err)
	}
	if err := r.Set(ctx, "k", []byte("v"), time.Minute); err != cache.ErrUnavailable {
		t.Fatalf("Set while open: %v", err)
	}
	// Against a server that accepts but never answers, a call is bounded.
	hang, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer hang.Close()
	go func() {
		for {
			c, err := hang.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	slow, _ := cache.NewRedis("redis://"+hang.Addr().String()+"/0", cache.RedisOptions{Timeout: 50 * time.Millisecond})
	defer slow.Close()
	start := time.Now()
	if _, _, err := slow.Get(ctx, "k"); err == nil {
		t.Fatal("Get from a silent server succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("a silent server held the call for %v", d)
	}
}
