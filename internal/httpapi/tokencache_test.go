package httpapi_test

import (
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/pgtest"
)

// TestTokenRevokedAcrossApps: two API processes on one PostgreSQL database
// keep validated tokens (docs/0038); a token revoked through one is refused
// by the other, which trusted it a moment before — through Redis at once,
// without Redis once the NOTIFY arrives (milliseconds: polled).
func TestTokenRevokedAcrossApps(t *testing.T) {
	t.Parallel()
	redisURL := os.Getenv("CENTAVO_TEST_REDIS_URL")
	if redisURL == "" && os.Getenv("CI") == "true" {
		t.Fatal("CI=true but CENTAVO_TEST_REDIS_URL is not set")
	}
	for _, withRedis := range []bool{false, true} {
		if withRedis && redisURL == "" {
			continue
		}
		name := "notify"
		if withRedis {
			name = "redis"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			args := []string{"--database-url", pgtest.Schema(t)}
			if withRedis {
				args = append(args, "--redis-url", redisURL)
			}
			var bases []string
			var apps []*app.App
			for range 2 {
				a := apptest.Start(t, args...)
				apps = append(apps, a)
				bases = append(bases, apptest.Serve(t, a, app.HandlerOptions{Draining: new(atomic.Bool)}).URL)
			}
			pollUntil(t, "both keep tokens", func() bool { return apps[0].Auth.KeepsTokens() && apps[1].Auth.KeepsTokens() })
			one := signUp(t, newClient(t, bases[0]), "across@example.com")
			other := newClient(t, bases[1]).With(one.Token())
			other.Do("GET", "/api/v1/me", nil, 200, nil) // kept by the second app
			one.Do("DELETE", "/api/v1/sessions", nil, 204, nil)
			if withRedis {
				other.Do("GET", "/api/v1/me", nil, 401, nil)
				return
			}
			pollUntil(t, "the revocation heard", func() bool {
				status, _ := other.Raw("GET", "/api/v1/me", nil, "")
				return status == 401
			})
		})
	}
}

func pollUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10 s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
