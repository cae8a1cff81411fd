package recurring_test

import (
	"testing"
	"time"

	centavo "github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/recurring"
	"github.com/centavo/centavo/internal/sandbox"
)

// fiveYears is a sandbox customer's five years and more of history: the
// bank serves 400 days back from a day, so five windows are put end to end
// (every day is a function of the customer and the date alone).
func fiveYears(b *testing.B, n int, today time.Time) []recurring.Txn {
	cz := categorizer(b)
	var all []recurring.Txn
	for w := range 5 {
		end := today.AddDate(0, 0, -(sandbox.HistoryDays+1)*w)
		txns, _ := history(b, cz, n, end.AddDate(0, 0, -sandbox.HistoryDays), end)
		for i := range txns {
			txns[i].ID += int64(w) * 1_000_000
		}
		all = append(all, txns...)
	}
	return all
}

// BenchmarkDetect runs detection on a user's five years of history (the
// acceptance bound is 50 ms an operation).
func BenchmarkDetect(b *testing.B) {
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	txns := fiveYears(b, 3, today)
	var series int
	b.ResetTimer()
	for range b.N {
		series = len(recurring.Detect(txns, centavo.DayOf(today)))
	}
	b.ReportMetric(float64(len(txns)), "txns")
	b.ReportMetric(float64(series), "series")
}
