package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/app/apptest"
)

// TestRatesURL: serve --rates-url fetches the ECB file through the job
// queue (a periodic job run at start) and stores its rates; conversions
// then use them.
func TestRatesURL(t *testing.T) {
	t.Parallel()
	daily, err := os.ReadFile(filepath.Join("..", "rates", "testdata", "eurofxref-daily.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var fetched atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetched.Add(1)
		w.Write(daily)
	}))
	defer srv.Close()
	a := apptest.Start(t, "--rates-url", srv.URL+"/stats/eurofxref/eurofxref-daily.xml", "--allow-private-banks")
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	for {
		rs, err := a.Shards[0].Rates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) == 30 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s: %d rates stored, %d fetches", len(rs), fetched.Load())
		}
		time.Sleep(50 * time.Millisecond)
	}
	got, ok, err := a.Rates.Convert(ctx, 1000, "JPY", "USD", time.Date(2025, 5, 9, 0, 0, 0, 0, time.UTC))
	// 1000 JPY at 163.36 JPY and 1.1252 USD a euro: 6.888… → 6.89 USD.
	if err != nil || !ok || got != 689 {
		t.Fatalf("Convert = %d, %v, %v; want 689", got, ok, err)
	}
}
