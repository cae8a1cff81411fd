package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/sandbox"
)

// fixture is the API as serve wires it — a whole Centavo from app.New on
// SQLite in a temp dir, River workers working the jobs in this process, the
// sandbox bank mounted under /sandbox/ — behind an httptest server.
type fixture struct {
	base     string
	now      func() time.Time
	draining *atomic.Bool // what serve sets when it starts shutting down
}

// setup starts the fixture on the test's clock (CENTAVO_TEST_NOW or the
// machine's); everything stops when the test ends.
func setup(t *testing.T) *fixture {
	t.Helper()
	a := apptest.Start(t)
	f := &fixture{now: a.Now, draining: new(atomic.Bool)}
	srv := httptest.NewServer(httpapi.NewServer(httpapi.Deps{
		Auth: a.Auth, Accounts: a.Accounts, Categorize: a.Categorize, Ingest: a.Ingest, Ledger: a.Ledger, Budget: a.Budget, Notify: a.Notify,
		Metrics: a.Metrics, Logger: a.Logger, Now: a.Now, Ready: a.Ping, Draining: f.draining,
		Mounts: map[string]http.Handler{"/sandbox/": sandbox.NewBank(a.Now, a.Logger.With("component", "sandbox")).Handler()},
	}))
	t.Cleanup(srv.Close)
	f.base = srv.URL
	return f
}
