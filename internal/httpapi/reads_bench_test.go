package httpapi_test

import (
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/httpapi/apitest"
)

// BenchmarkCachedReads serves cached reads — this month's summary and
// first page of transactions — of 50 users through the real router on the
// embedded defaults (SQLite, in-process cache), the client in the same
// process: it is the load generator's "sqlite, in-process cache" step
// without the child process, so that a CPU profile sees the server
// (docs/BENCHMARKS.md, "Second round"):
//
//	go test ./internal/httpapi -run '^$' -bench BenchmarkCachedReads -cpuprofile /tmp/reads.prof
func BenchmarkCachedReads(b *testing.B) {
	a := apptest.Start(b, "--roles", "api", "--signups-per-hour", "0")
	base := apptest.Serve(b, a, app.HandlerOptions{}).URL
	month := centavo.MonthOf(a.Now()).String()
	today := a.Now().Format("2006-01-02")
	var tokens []string
	for u := range 50 {
		c := apitest.New(b, base, httpapi.OpenAPI()).SignUp(fmt.Sprintf("reads-%d@example.com", u))
		var acct accountsOut
		c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Wallet", "kind": "asset", "currency": "USD", "balance_cents": 0}, 201, &acct)
		for i := range 60 {
			c.Do("POST", "/api/v1/transactions", map[string]any{"account_id": acct.Accounts[0].ID, "posted_at": today,
				"amount_cents": -int64(100 + i), "merchant": fmt.Sprintf("Shop %d", i%12)}, 201, nil)
		}
		tokens = append(tokens, c.Token())
	}
	for _, path := range []string{"/api/v1/spending?month=" + month, "/api/v1/transactions?limit=50&month=" + month} {
		b.Run(path[len("/api/v1/"):min(len(path), 20)], func(b *testing.B) {
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			var next atomic.Int64
			get := func() error {
				req, _ := http.NewRequest("GET", base+path, nil)
				req.Header.Set("Authorization", "Bearer "+tokens[next.Add(1)%int64(len(tokens))])
				res, err := client.Do(req)
				if err != nil {
					return err
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					return fmt.Errorf("%s: %d", path, res.StatusCode)
				}
				return nil
			}
			for range len(tokens) { // warm the caches
				if err := get(); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := get(); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
