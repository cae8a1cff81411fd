package httpapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/ofx"
	"github.com/centavo/centavo/internal/connector/simplefin"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/sandbox"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// fixture is the API as serve wires it — real services over SQLite in a
// temp dir, River workers working the jobs in this process, the sandbox
// bank mounted under /sandbox/ — behind an httptest server.
type fixture struct {
	base     string
	now      func() time.Time
	draining *atomic.Bool // what serve sets when it starts shutting down
}

// setup starts the fixture on the test's clock (CENTAVO_TEST_NOW or the
// machine's); everything stops when the test ends.
func setup(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	now := clocktest.New(t)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "centavo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	keys, err := seal.ParseKeyring("k1:" + base64.StdEncoding.EncodeToString(make([]byte, 32)))
	if err != nil {
		t.Fatal(err)
	}
	objects, err := objstore.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { objects.Close() })
	sellers, err := categorize.Seeded()
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	t.Cleanup(func() {
		if t.Failed() && os.Getenv("CENTAVO_TEST_LOGS") != "" {
			t.Logf("server logs:\n%s", logs.String())
		}
	})
	m := metrics.New()
	cluster := store.Single{Store: db}
	readCache := cache.NewMemory(8 << 20)
	ing := &ingest.Service{
		Cluster: cluster, Keys: keys, Objects: objects,
		Connectors:  map[string]connector.Connector{"ofx": ofx.New(10*time.Second, now), centavo.ConnectorSimpleFIN: simplefin.New(10*time.Second, now)},
		Categorizer: &categorize.Categorizer{Sellers: sellers},
		Cache:       readCache, Metrics: m, Logger: log, Now: now,
	}
	led := &ledger.Service{Cluster: cluster, Cache: readCache, Metrics: m, Logger: log, Now: now}
	bud := &budget.Service{Cluster: cluster, Logger: log, Now: now}
	// Webhooks go to a poster that accepts them: a test never reaches the network.
	not := &notify.Service{Cluster: cluster, Keys: keys, Poster: acceptingPoster{}, Logger: log, Now: now}
	authSvc := auth.New(cluster, now)
	authSvc.SetHashCost(1024, 1) // fast hashes for tests
	rec := &recompute.Service{Objects: objects, Logger: log}

	q, err := db.NewQueue(jobs.Config(jobs.Deps{Ingest: ing, Budget: bud, Notify: not, Recompute: rec, Shard: db, Metrics: m, Logger: log},
		jobs.Options{Work: true, Schedule: true, PollInterval: 50 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(stopCtx); err != nil {
			_ = q.StopAndCancel(context.Background())
		}
	})

	deps := Deps{
		Auth: authSvc, Ingest: ing, Ledger: led, Budget: bud, Notify: not, Metrics: m, Logger: log, Now: now, Ready: db.Ping,
		Mounts: map[string]http.Handler{"/sandbox/": sandbox.NewBank(now, log.With("component", "sandbox")).Handler()},
	}
	f := &fixture{now: now, draining: new(atomic.Bool)}
	deps.Draining = f.draining
	srv := httptest.NewServer(NewServer(deps))
	t.Cleanup(srv.Close)
	f.base = srv.URL
	return f
}

// acceptingPoster answers every webhook delivery with 204.
type acceptingPoster struct{}

func (acceptingPoster) Post(context.Context, string, map[string]string, []byte) (int, error) {
	return http.StatusNoContent, nil
}

// syncBuffer is a goroutine-safe buffer for captured logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
