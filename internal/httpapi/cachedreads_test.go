package httpapi_test

import (
	"bytes"
	"os"
	"sync/atomic"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
)

// TestCachedReadsSameBytes: the summary and the first pages are cached as
// the bytes the API sends (docs/0038): a hit answers byte for byte what the
// miss answered, a change is seen at once, and the token of an erased
// account is refused at once though it was trusted a moment before.
func TestCachedReadsSameBytes(t *testing.T) {
	t.Parallel()
	testCachedReads(t, setup(t), true)
}

// TestCachedReadsSameBytesRedis is TestCachedReadsSameBytes with the
// shared cache.
func TestCachedReadsSameBytesRedis(t *testing.T) {
	t.Parallel()
	url := os.Getenv("CENTAVO_TEST_REDIS_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but CENTAVO_TEST_REDIS_URL is not set")
		}
		t.Skip("set CENTAVO_TEST_REDIS_URL to run the Redis test")
	}
	a := apptest.Start(t, "--redis-url", url)
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	testCachedReads(t, f, false) // Redis may time out on a loaded machine: a miss then, the same bytes
}

func testCachedReads(t *testing.T, f *fixture, checkHits bool) {
	c := signUp(t, newClient(t, f.base), "bytes@example.com")
	var cash accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &cash)
	wallet := cash.Accounts[0].ID
	month := centavo.MonthOf(f.now())
	day := month.Start().Format("2006-01-02")
	add := func(merchant string, cents int64) {
		t.Helper()
		c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": wallet, "posted_at": day, "amount_cents": cents, "merchant": merchant, "category": "food"}, 201, nil)
	}
	add("Corner Market", -6000)
	add("Café <Nero> & Co", -450)
	hits := func() float64 {
		var m dto.Metric
		if err := f.app.Metrics.CacheRequests.WithLabelValues("hit").Write(&m); err != nil {
			t.Fatal(err)
		}
		return m.GetCounter().GetValue()
	}
	for _, path := range []string{
		"/api/v1/spending?month=" + month.String(),
		"/api/v1/transactions?limit=50&month=" + month.String(),
		"/api/v1/transactions?limit=1&month=" + month.String(), // a next cursor
		"/api/v1/transactions?month=" + month.String() + "&totals=true",
		"/api/v1/transactions?q=corner&limit=50", // not cached: the same all the same
	} {
		miss := c.Do("GET", path, nil, 200, nil)
		before := hits()
		hit := c.Do("GET", path, nil, 200, nil)
		if !bytes.Equal(hit, miss) {
			t.Errorf("%s: the cached answer differs:\nmiss %s\nhit  %s", path, miss, hit)
		}
		if cached := hits() > before; checkHits && cached == bytes.Contains([]byte(path), []byte("q=")) {
			t.Errorf("%s: hit %v", path, cached)
		}
		// json.Encoder's: HTML escaped, a newline after the object.
		if !bytes.HasSuffix(miss, []byte("}\n")) || bytes.Contains(miss, []byte("<Nero>")) {
			t.Errorf("%s: not the API's encoding: %s", path, miss)
		}
	}
	// A change is seen at once.
	before := c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, nil)
	add("Corner Market", -1000)
	if after := c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, nil); bytes.Equal(after, before) {
		t.Errorf("the summary did not change: %s", after)
	}
	// The account erased, its token (trusted a moment ago) is refused.
	c.Do("GET", "/api/v1/me", nil, 200, nil)
	c.Do("DELETE", "/api/v1/me", map[string]any{"password": testPassword}, 204, nil)
	c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 401, nil)
}
