package recurring_test

import (
	"fmt"
	"testing"
	"time"

	centavo "github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/recurring"
	"github.com/centavo/centavo/internal/sandbox"
)

// history builds a sandbox customer's transactions from from to today as
// the pipeline does: merchant key, name and category from the descriptor
// by the categorizer, transfers left out. truth maps each row's id to the
// merchant the sandbox says it is.
func history(tb testing.TB, cz *categorize.Categorizer, n int, from, today time.Time) (txns []recurring.Txn, truth map[int64]string) {
	tb.Helper()
	c, ok := sandbox.ParseLogin(fmt.Sprintf("demo-%d", n))
	if !ok {
		tb.Fatalf("demo-%d is not a login", n)
	}
	truth = map[int64]string{}
	for ai, a := range c.Accounts() {
		for _, t := range c.Transactions(a.Type, from, today, today) {
			r := cz.Categorize(categorize.Input{Descriptor: t.Name, AmountCents: t.AmountCents, TrnType: t.TrnType})
			if r.Category == centavo.CatTransfer {
				continue
			}
			id := int64(len(truth) + 1)
			truth[id] = t.Merchant
			txns = append(txns, recurring.Txn{ID: id, AccountID: int64(ai + 1), Date: centavo.DayOf(t.Posted), AmountCents: t.AmountCents,
				Currency: "USD", MerchantKey: r.Key, Merchant: r.Merchant, Category: r.Category})
		}
	}
	return txns, truth
}

func categorizer(tb testing.TB) *categorize.Categorizer {
	tb.Helper()
	sellers, err := categorize.Seeded()
	if err != nil {
		tb.Fatal(err)
	}
	return &categorize.Categorizer{Sellers: sellers}
}

// merchantOf is the sandbox merchant most of the series' occurrences are.
func merchantOf(s recurring.Series, truth map[int64]string) string {
	count := map[string]int{}
	best := ""
	for _, o := range s.Occurrences {
		m := truth[o.TxnID]
		count[m]++
		if count[m] > count[best] || (count[m] == count[best] && m < best) {
			best = m
		}
	}
	return best
}

// accuracy is what TestSandboxAccuracy measures.
type accuracy struct {
	truths, found        int // series the sandbox made (detectable ones), and of them found
	detected, right      int // confident series detected, and of them true
	active, nextRight    int // found active series, and of them with the next date within 3 days
	tentative, tentRight int
	wrong                []string
}

// measure runs Detect on customer n's history and matches its series with
// the sandbox's truth by merchant and cadence.
func (a *accuracy) measure(tb testing.TB, cz *categorize.Categorizer, n int, today time.Time) {
	txns, truth := history(tb, cz, n, today.AddDate(0, 0, -sandbox.HistoryDays), today)
	got := recurring.Detect(txns, centavo.DayOf(today))
	c, _ := sandbox.ParseLogin(fmt.Sprintf("demo-%d", n))
	want := c.Recurring(today)
	matched := make([]bool, len(want))
	for _, s := range got {
		m := merchantOf(s, truth)
		hit, most := -1, 0
		for i, w := range want {
			if k := overlap(s, w); !matched[i] && w.Merchant == m && w.Cadence == s.Cadence && k > most {
				hit, most = i, k
			}
		}
		if s.Tentative {
			a.tentative++
			if hit >= 0 {
				a.tentRight++
				matched[hit] = true
			}
			continue
		}
		a.detected++
		if hit < 0 {
			a.wrong = append(a.wrong, fmt.Sprintf("demo-%d: false %s %s %d× %d", n, m, s.Cadence, len(s.Occurrences), s.AmountCents))
			continue
		}
		a.right++
		matched[hit] = true
		if w := want[hit]; !w.Ended && s.Status == recurring.Active {
			a.active++
			if d := int(s.NextDate - centavo.DayOf(w.Next)); d >= -3 && d <= 3 {
				a.nextRight++
			} else {
				a.wrong = append(a.wrong, fmt.Sprintf("demo-%d: next %s %s got %s want %s", n, m, s.Cadence, s.NextDate, w.Next.Format(time.DateOnly)))
			}
		}
	}
	for i, w := range want {
		if !detectable(w) {
			continue
		}
		a.truths++
		if matched[i] {
			a.found++
		} else {
			a.wrong = append(a.wrong, fmt.Sprintf("demo-%d: missed %s %s %d× %d", n, w.Merchant, w.Cadence, len(w.Dates), w.AmountCents))
		}
	}
}

// detectable: three occurrences make a series (the recall counts those).
func detectable(w sandbox.RecurringTruth) bool { return len(w.Dates) >= 3 }

// overlap counts the days the series' occurrences and the truth's dates
// share (a cancelled and restarted subscription is two series; two
// subscriptions at one merchant are told apart by their days).
func overlap(s recurring.Series, w sandbox.RecurringTruth) int {
	days := map[centavo.Day]bool{}
	for _, d := range w.Dates {
		days[centavo.DayOf(d)] = true
	}
	k := 0
	for _, o := range s.Occurrences {
		if days[o.Date] {
			k++
		}
	}
	return k
}

// TestSandboxAccuracy measures detection over the sandbox's first
// customers with 400 days of history against the series the sandbox made:
// precision and recall of series (merchant and cadence right) and the next
// date within 3 days.
func TestSandboxAccuracy(t *testing.T) {
	t.Parallel()
	now := clocktest.New(t)()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	cz := categorizer(t)
	var a accuracy
	for n := range accuracyCustomers {
		a.measure(t, cz, n, today)
	}
	precision := float64(a.right) / float64(a.detected)
	recall := float64(a.found) / float64(a.truths)
	next := float64(a.nextRight) / float64(a.active)
	t.Logf("%d customers as of %s: %d series made, %d detected (+%d tentative, %d of them true)",
		accuracyCustomers, today.Format(time.DateOnly), a.truths, a.detected, a.tentative, a.tentRight)
	t.Logf("precision %.3f, recall %.3f, next date within 3 days %.3f (%d of %d active)", precision, recall, next, a.nextRight, a.active)
	for i, w := range a.wrong {
		if i == 40 {
			t.Logf("… %d more", len(a.wrong)-i)
			break
		}
		t.Log(w)
	}
	if precision < 0.95 || recall < 0.90 || next < 0.90 {
		t.Errorf("precision %.3f (want ≥ 0.95), recall %.3f (want ≥ 0.90), next date %.3f (want ≥ 0.90)", precision, recall, next)
	}
}
