package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/benchtest"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/store"
)

// bigCSV is a statement of n rows, about 50 bytes each, over the year
// before start: 200,000 rows are the 10 MiB file (9.4 MiB).
func bigCSV(start time.Time, n int) []byte {
	var b strings.Builder
	b.WriteString("Date,Description,Amount\n")
	for i := range n {
		d := start.AddDate(0, 0, -1-i%360)
		fmt.Fprintf(&b, "%s,GROCER #%d SPRINGFIELD %06d,-%d.%02d\n", d.Format(time.DateOnly), i%997, i, 1+i%300, i%100)
	}
	return []byte(b.String())
}

// BenchmarkImport imports the file, 200,000 CSV rows, into a fresh
// account of the SQLite store, as one transaction (the path before issue
// 14: the baseline) and in chunks (ImportChunkRows), while another user
// writes a little every 20 ms. It reports rows/s, the longest wait of that
// other user's write (how long the import kept the writer from others),
// the longest chunk, and the growth of the process's peak RSS during the
// import. Run each case alone, in its own process (the peak RSS is the
// process's):
//
//	go test ./internal/ingest -run '^$' -bench 'BenchmarkImport/one-transaction' -benchtime 1x
//	go test ./internal/ingest -run '^$' -bench 'BenchmarkImport/chunks' -benchtime 1x
func BenchmarkImport(b *testing.B) {
	for _, bc := range []struct {
		name string
		rows int // rows per transaction
	}{{"one-transaction", 1 << 30}, {"chunks", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			f := setup(b)
			ctx := context.Background()
			data := bigCSV(f.start, 200_000)
			var last time.Time
			var worstChunk time.Duration
			ingest.SetChunking(f.svc, bc.rows, func(done int) error {
				now := clock.Real()
				if done > 1 {
					worstChunk = max(worstChunk, now.Sub(last))
				}
				last = now
				return nil
			})
			other, _ := f.newUserAccount(b, "other")
			var worstWait time.Duration
			var peak, before int64
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				a, err := f.accounts.CreateFile(ctx, f.user, fmt.Sprintf("Card %d", i), "USD")
				if err != nil {
					b.Fatal(err)
				}
				before = benchtest.ResetPeakRSS(b)
				stop, waits := probeWrites(ctx, f.db, other, f.start)
				b.StartTimer()
				res, err := f.svc.Import(ctx, f.user, a.ID, data, ingest.ImportOptions{StopBy: clock.Real().Add(time.Hour)})
				b.StopTimer()
				stop()
				if err != nil || res.Added != 200_000 {
					b.Fatalf("added %d: %v", res.Added, err)
				}
				worstWait = max(worstWait, <-waits)
				peak = max(peak, benchtest.PeakRSS(b)-before)
				b.StartTimer()
			}
			b.ReportMetric(200_000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(worstWait.Milliseconds()), "max-other-write-ms")
			b.ReportMetric(float64(worstChunk.Milliseconds()), "max-chunk-ms")
			b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-growth-MiB")
		})
	}
}

// probeWrites writes a little for another user every 20 ms until stop, and
// sends the longest a write waited.
func probeWrites(ctx context.Context, db store.Store, userID int64, start time.Time) (stop func(), worst <-chan time.Duration) {
	done := make(chan struct{})
	out := make(chan time.Duration, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var longest time.Duration
		month := centavo.MonthOf(start)
		for {
			select {
			case <-done:
				out <- longest
				return
			case <-time.After(20 * time.Millisecond):
			}
			t0 := clock.Real()
			_ = db.InTx(ctx, func(tx store.Tx) error {
				return tx.AddMonthlySpending(ctx, userID, []store.SpendingDelta{{Currency: "USD", Month: month, Category: centavo.CatFood, AmountCents: -1, Count: 1}})
			})
			longest = max(longest, clock.Real().Sub(t0))
		}
	}()
	return func() { close(done); wg.Wait() }, out
}

// BenchmarkWarmImport is BenchmarkImport's chunked case after a warm-up: a
// first import of the same file, by another user, fills the SQLite
// writer's page cache (docs/0024-import-limits.md#sqlite-writer-cache) and
// the runtime's heap; then the peak RSS is reset and the measured import
// runs into a fresh account, as in BenchmarkImport (another user's rows,
// so that the user has no other account whose rows a transfer could pair
// with). Its growth is what a big import costs a server that has imported
// before; BenchmarkImport's, a fresh process's. It also reports the
// process's peak RSS and its RSS when the peak was reset. Run it alone:
//
//	go test ./internal/ingest -run '^$' -bench 'BenchmarkWarmImport' -benchtime 1x
func BenchmarkWarmImport(b *testing.B) {
	f := setup(b)
	ctx := context.Background()
	data := bigCSV(f.start, 200_000)
	importInto := func(user, acct int64) {
		res, err := f.svc.Import(ctx, user, acct, data, ingest.ImportOptions{StopBy: clock.Real().Add(time.Hour)})
		if err != nil || res.Added != 200_000 {
			b.Fatalf("added %d: %v", res.Added, err)
		}
	}
	importInto(f.newUserAccount(b, "warm-up"))
	var peak, before, top int64
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		a, err := f.accounts.CreateFile(ctx, f.user, fmt.Sprintf("Card %d", i), "USD")
		if err != nil {
			b.Fatal(err)
		}
		before = benchtest.ResetPeakRSS(b)
		b.StartTimer()
		importInto(f.user, a.ID)
		b.StopTimer()
		top = max(top, benchtest.PeakRSS(b))
		peak = max(peak, top-before)
		b.StartTimer()
	}
	b.ReportMetric(200_000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-growth-MiB")
	// The growth depends on how much of the warm-up's memory the runtime
	// had returned to the system before the reset: the process's peak and
	// its RSS at the reset say it.
	b.ReportMetric(float64(top)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(before)/(1<<20), "RSS-before-MiB")
}
