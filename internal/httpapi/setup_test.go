package httpapi_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
)

// fixture is the API as serve serves it — a whole Centavo from app.New on
// SQLite in a temp dir, River workers working the jobs in this process, and
// the process's root router (app.Handler: the API, the sandbox bank under
// /sandbox/, the web UI) — behind an httptest server.
type fixture struct {
	base     string
	now      func() time.Time
	draining *atomic.Bool // what serve sets when it starts shutting down
	app      *app.App
}

// setup starts the fixture on the test's clock (CENTAVO_TEST_NOW or the
// machine's); everything stops when the test ends.
func setup(t testing.TB) *fixture {
	t.Helper()
	a := apptest.Start(t)
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	return f
}

// setupInOneMonth is setup for a test whose expectations are one month's
// (budgets, their spending and alerts): its clock starts at least ten
// minutes before the month ends (clocktest.InOneMonth). args are more
// serve flags.
func setupInOneMonth(t testing.TB, args ...string) *fixture {
	t.Helper()
	a := apptest.StartAt(t, clocktest.InOneMonth(t, 10*time.Minute), args...)
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	return f
}
