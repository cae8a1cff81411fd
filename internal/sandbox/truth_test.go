package sandbox

import (
	"fmt"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock/clocktest"
)

// TestRecurringTruth checks the truth against what the bank serves: every
// posting it lists is a row of the merchant that day (at the series' latest
// amount for the last one, unless it varies), the next posting is after
// today, and the cadences, rises, trials and cancellations the detector is
// measured on all occur among the first customers.
func TestRecurringTruth(t *testing.T) {
	t.Parallel()
	now := clocktest.New(t)()
	today := truncDay(now)
	seen := map[string]int{}
	for n := range 40 {
		c, _ := ParseLogin(fmt.Sprintf("demo-%d", n))
		posted := map[string]int64{} // merchant and day: amount
		for _, a := range c.Accounts() {
			for _, tx := range c.Transactions(a.Type, today.AddDate(0, 0, -HistoryDays), today, today) {
				if tx.Category != centavo.CatTransfer {
					posted[tx.Merchant+tx.Posted.Format(time.DateOnly)+fmt.Sprint(tx.AmountCents)] = tx.AmountCents
					posted[tx.Merchant+tx.Posted.Format(time.DateOnly)]++
				}
			}
		}
		truth := c.Recurring(today)
		if again := c.Recurring(today); fmt.Sprint(again) != fmt.Sprint(truth) {
			t.Fatalf("demo-%d: the truth is not deterministic", n)
		}
		for _, w := range truth {
			seen[w.Cadence]++
			if w.PriceRise {
				seen["rise"]++
			}
			if w.Trial {
				seen["trial"]++
			}
			if w.Ended {
				seen["ended"]++
			} else if !w.Next.After(today) {
				t.Errorf("demo-%d %s: next %s is not after today", n, w.Merchant, w.Next)
			}
			if w.Varies {
				seen["varies"]++
			}
			for _, d := range w.Dates {
				if posted[w.Merchant+d.Format(time.DateOnly)] == 0 || d.After(today) || d.Before(today.AddDate(0, 0, -HistoryDays)) {
					t.Errorf("demo-%d %s %s: nothing posted on %s", n, w.Merchant, w.Cadence, d.Format(time.DateOnly))
				}
			}
			last := w.Dates[len(w.Dates)-1]
			if k := w.Merchant + last.Format(time.DateOnly) + fmt.Sprint(w.AmountCents); posted[k] != w.AmountCents {
				t.Errorf("demo-%d %s %s: no row of %d on %s", n, w.Merchant, w.Cadence, w.AmountCents, last.Format(time.DateOnly))
			}
		}
	}
	for _, k := range []string{CadenceWeekly, CadenceBiweekly, CadenceMonthly, CadenceQuarterly, CadenceSemiannual, CadenceAnnual, "rise", "trial", "ended", "varies"} {
		if seen[k] == 0 {
			t.Errorf("no %s series among the first customers: %v", k, seen)
		}
	}
}
