// Package apptest starts a whole Centavo for a package's tests, wired by
// app.New exactly as serve wires it: SQLite and the object store in a temp
// folder, the services, and the job queue working in the test's process.
package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/config"
)

// Start returns a started App on the test's clock (CENTAVO_TEST_NOW or the
// machine's) and a fresh data folder. args are more serve flags. Password
// hashes are cheap, workers poll every 50 ms, and webhooks go to a poster
// that accepts them (a test never reaches the network). Everything stops
// when the test ends; with CENTAVO_TEST_LOGS set, a failed test prints the
// logs.
func Start(t testing.TB, args ...string) *app.App {
	t.Helper()
	return StartAt(t, clocktest.New(t), args...)
}

// StartAt is Start on the given clock (a test that needs a fixed instant
// passes clock.Frozen).
func StartAt(t testing.TB, now func() time.Time, args ...string) *app.App {
	t.Helper()
	return StartWith(t, now, nil, args...)
}

// StartWith is StartAt with options of app.New (a scripted bank, no daily
// plan, quick retries).
func StartWith(t testing.TB, now func() time.Time, opts []app.Option, args ...string) *app.App {
	t.Helper()
	ctx := context.Background()
	base := []string{
		"--data-dir", filepath.Join(t.TempDir(), "data"),
		"--argon2-memory", "1024", "--argon2-passes", "1",
		"--poll-interval", "50ms", "--crowd-refresh", "100ms",
	}
	cfg, err := config.Parse("serve", append(base, args...), func(string) string { return "" }, io.Discard,
		config.FlagDataDir|config.FlagServe|config.FlagLog|config.FlagBackends, "")
	if err != nil {
		t.Fatal(err)
	}
	logs := &SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	t.Cleanup(func() {
		if t.Failed() && os.Getenv("CENTAVO_TEST_LOGS") != "" {
			t.Logf("server logs:\n%s", logs.String())
		}
	})
	a, err := app.New(ctx, cfg, log, now, opts...)
	if err != nil {
		t.Fatal(err)
	}
	a.Notify.Poster = acceptingPoster{}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.Stop(stopCtx); err != nil {
			t.Error(err)
		}
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	})
	return a
}

// Serve serves the App's root router on a loopback test server, as serve
// serves it: the banks' clients reach the sandbox bank at the server's
// address in process (app.App.Listening). It closes when the test ends.
func Serve(t testing.TB, a *app.App, opts app.HandlerOptions) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(a.Handler(opts))
	t.Cleanup(srv.Close)
	if err := a.Listening(srv.Listener.Addr().String()); err != nil {
		t.Fatal(err)
	}
	return srv
}

// acceptingPoster answers every webhook delivery with 204.
type acceptingPoster struct{}

func (acceptingPoster) Post(context.Context, string, map[string]string, []byte) (int, error) {
	return http.StatusNoContent, nil
}

// SyncBuffer is a goroutine-safe buffer for captured logs.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
