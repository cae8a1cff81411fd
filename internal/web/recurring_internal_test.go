package web

import (
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/recurring"
)

// TestEndedSeriesOrder: ended series are listed by their last charge,
// latest first, by date and not by the date's text ("Sep" sorts after
// "Nov").
func TestEndedSeriesOrder(t *testing.T) {
	day := func(s string) centavo.Day {
		d, err := centavo.ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	ended := func(id int64, last, next string) recurring.Stored {
		st := recurring.Stored{ID: id, State: recurring.Suggested}
		st.Merchant, st.Cadence, st.Currency, st.Status = "M", recurring.Monthly, "USD", recurring.Ended
		st.LastDate, st.NextDate = day(last), day(next)
		return st
	}
	all := []recurring.Stored{ended(1, "2026-09-03", "2026-10-03"), ended(2, "2026-11-05", "2026-12-05"), ended(3, "2025-12-20", "2026-01-20")}
	_, got, _ := (&server{}).recurringRows(all, nil)
	var order []int64
	for _, r := range got {
		order = append(order, r.ID)
	}
	if len(order) != 3 || order[0] != 2 || order[1] != 1 || order[2] != 3 {
		t.Errorf("ended series in the order %v, want [2 1 3] (latest last charge first)", order)
	}
}
