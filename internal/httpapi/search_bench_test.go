package httpapi_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/httpapi/apitest"
	"github.com/centavo/centavo/internal/loadgen"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
)

// BenchmarkSearchLoad is the acceptance figure for search (issue
// 17): 100,000 transactions of one user, searched through the real HTTP
// handler by an open-loop load of 200 requests a second for 20 s (a mix of
// word prefixes, prefixes and dates, tags, amount ranges and categories), on
// SQLite and on PostgreSQL; it reports p50, p99 and p99.9 in ms from each
// request's due time (docs/BENCHMARKS.md, "Search"). Run it alone:
//
//	source /tmp/ciEnv.sh; go test ./internal/httpapi -run '^$' -bench BenchmarkSearchLoad -benchtime 1x
//
// SEARCH_BENCH_DURATION shortens or lengthens the load (a Go duration),
// SEARCH_BENCH_RATE changes its rate (requests a second).
func BenchmarkSearchLoad(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			var a *app.App
			dbURL := ""
			if engine == "postgres" {
				dbURL = pgtest.Schema(b)
				a = apptest.Start(b, "--roles", "api", "--database-url", dbURL)
			} else {
				a = apptest.Start(b, "--roles", "api")
			}
			base := apptest.Serve(b, a, app.HandlerOptions{}).URL
			c := apitest.New(b, base, httpapi.OpenAPI()).SignUp("search-bench@example.com")
			seedSearch(b, a, c, 100_000)
			if dbURL != "" {
				// What autovacuum does to a table that grew: statistics for
				// the planner, the visibility map for index-only scans.
				conn, err := pgx.Connect(context.Background(), dbURL)
				if err != nil {
					b.Fatal(err)
				}
				_, err = conn.Exec(context.Background(), `VACUUM ANALYZE transactions`)
				conn.Close(context.Background())
				if err != nil {
					b.Fatal(err)
				}
			}
			d := 20 * time.Second
			if v := os.Getenv("SEARCH_BENCH_DURATION"); v != "" {
				var err error
				if d, err = time.ParseDuration(v); err != nil {
					b.Fatal(err)
				}
			}
			rate := 200.0
			if v := os.Getenv("SEARCH_BENCH_RATE"); v != "" {
				if _, err := fmt.Sscan(v, &rate); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for range b.N {
				res := loadgen.Load{Rate: rate, Duration: d}.Run(context.Background(), searchOp(base, c.Token()))
				if res.Total.Errors > 0 {
					b.Fatalf("%d errors: %v", res.Total.Errors, res.FirstErrors)
				}
				// Unsent or abandoned requests mean the server was saturated:
				// their latencies are missing, the percentiles flatter it.
				b.ReportMetric(float64(res.Unsent+res.Abandoned), "saturated-requests")
				ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
				b.ReportMetric(ms(res.Total.Latency.Quantile(0.5)), "p50-ms")
				b.ReportMetric(ms(res.Total.Latency.Quantile(0.99)), "p99-ms")
				b.ReportMetric(ms(res.Total.Latency.Quantile(0.999)), "p99.9-ms")
				for _, l := range res.Labels() {
					o := res.ByLabel[l]
					b.Logf("%s: %d requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms", l, o.Completed,
						ms(o.Latency.Quantile(0.5)), ms(o.Latency.Quantile(0.99)), ms(o.Latency.Max()))
				}
			}
		})
	}
}

// The data set: merchants with their category, notes and tags as people
// write them.
var (
	benchMerchants = []struct{ name, seller, category string }{
		{"Café Nero", "CAFE NERO %d LONDON", centavo.CatRestaurants}, {"Starbucks", "STARBUCKS STORE %d", centavo.CatRestaurants},
		{"Whole Foods", "WHOLEFDS MKT %d", centavo.CatFood}, {"Trader Joe's", "TRADER JOE'S #%d", centavo.CatFood},
		{"Shell", "SHELL OIL %d", centavo.CatGas}, {"Chevron", "CHEVRON %d", centavo.CatGas},
		{"Uber", "UBER *TRIP %d", centavo.CatTransport}, {"Lyft", "LYFT *RIDE %d", centavo.CatTransport},
		{"Amazon", "AMZN MKTP US*%d", centavo.CatShopping}, {"Target", "TARGET T-%d", centavo.CatShopping},
		{"Netflix", "NETFLIX.COM %d", centavo.CatEntertainment}, {"Spotify", "SPOTIFY P%d", centavo.CatEntertainment},
		{"Pacific Gas & Electric", "PGANDE WEB ONLINE %d", centavo.CatUtilities}, {"Comcast", "COMCAST CABLE %d", centavo.CatUtilities},
		{"CVS Pharmacy", "CVS/PHARMACY #%d", centavo.CatHealth}, {"Walgreens", "WALGREENS #%d", centavo.CatHealth},
		{"Delta Air Lines", "DELTA AIR %d", centavo.CatTravel}, {"Marriott", "MARRIOTT %d", centavo.CatTravel},
		{"Chipotle", "CHIPOTLE %d", centavo.CatRestaurants}, {"Pâtisserie Léa", "PATISSERIE LEA %d", centavo.CatRestaurants},
		{"Costco", "COSTCO WHSE #%d", centavo.CatFood}, {"Safeway", "SAFEWAY #%d", centavo.CatFood},
		{"Home Depot", "THE HOME DEPOT #%d", centavo.CatHousing}, {"IKEA", "IKEA %d", centavo.CatHousing},
		{"Payroll", "ACME CORP PAYROLL %d", centavo.CatIncome},
	}
	benchNotes = []string{"lunch with the team", "birthday gift for Zoë", "split with Sam", "reimbursed by work", "weekly groceries",
		"airport ride", "dinner in São Paulo", "new desk chair", "refund expected", "school supplies"}
	benchTags = []string{"work", "travel", "reimbursable", "family", "vacation 2025", "tax"}
)

// seedSearch stores n transactions of c's user over three years through
// the store, in batches.
func seedSearch(b *testing.B, a *app.App, c *apitest.Client, n int) {
	b.Helper()
	ctx := context.Background()
	var me struct {
		ID int64 `json:"id"`
	}
	c.Do("GET", "/api/v1/me", nil, 200, &me)
	var accts [2]int64
	for i := range accts {
		var out accountsOut
		c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": fmt.Sprint("Bench ", i), "currency": "USD"}, 201, &out)
		accts[i] = out.Accounts[0].ID
	}
	st, err := a.Cluster.ForUser(ctx, me.ID)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(17, 6))
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 5_000
	for done := 0; done < n; done += batch {
		txns := make([]centavo.Transaction, 0, batch)
		for i := done; i < min(n, done+batch); i++ {
			m := benchMerchants[rng.IntN(len(benchMerchants))]
			cents := -int64(100 + rng.IntN(20_000))
			if m.category == centavo.CatIncome {
				cents = 250_000
			}
			t := centavo.Transaction{
				UserID: me.ID, AccountID: accts[i%2], InstitutionID: fmt.Sprint("b", i),
				PostedAt: end.Add(-time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour)))).Truncate(time.Second),
				Seller:   fmt.Sprintf(m.seller, 100+rng.IntN(900)), Merchant: m.name, MerchantKey: strings.ToLower(m.name),
				AmountCents: cents, Currency: "USD", Category: m.category, CategorySource: centavo.SourceSeed, CreatedAt: end,
			}
			if rng.IntN(5) == 0 {
				t.Notes = benchNotes[rng.IntN(len(benchNotes))]
			}
			if rng.IntN(7) == 0 {
				t.Tags = []string{benchTags[rng.IntN(len(benchTags))]}
			}
			txns = append(txns, t)
		}
		if err := st.InTx(ctx, func(tx store.Tx) error { _, err := tx.InsertTransactions(ctx, txns); return err }); err != nil {
			b.Fatal(err)
		}
	}
}

// searchOp sends the mix of searches in turn: a word prefix, a word prefix
// and a date range, a tag, an amount range, a category.
func searchOp(base, token string) loadgen.Op {
	prefixes := []string{"caf", "star", "whole", "amaz", "uber", "netf", "chip", "pat", "cost", "zoe", "lunch", "sao"}
	queries := func(i int64) (string, string) {
		p := prefixes[i/5%int64(len(prefixes))]
		switch i % 5 {
		case 0:
			return "prefix", "q=" + p
		case 1:
			y := 2023 + i/5%3
			return "prefix+dates", fmt.Sprintf("q=%s&from=%d-01-01&to=%d-06-30", p, y, y)
		case 2:
			return "tag", "tag=" + url.QueryEscape(benchTags[i/5%int64(len(benchTags))])
		case 3:
			lo := 1000 * (1 + i/5%19) // $10 to $190: each range holds about 5 % of the rows
			return "amount", fmt.Sprintf("min_cents=%d&max_cents=%d", lo, lo+1000)
		default:
			return "category", "category=" + benchMerchants[i/5%int64(len(benchMerchants))].category
		}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	return func(ctx context.Context, r loadgen.Request) (string, error) {
		label, q := queries(r.Index)
		req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/transactions?limit=50&"+q, nil)
		if err != nil {
			return label, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			return label, err
		}
		defer res.Body.Close()
		var buf [32 << 10]byte
		for {
			if _, err := res.Body.Read(buf[:]); err != nil {
				break
			}
		}
		if res.StatusCode != 200 {
			return label, fmt.Errorf("%s: %s", q, res.Status)
		}
		return label, nil
	}
}
